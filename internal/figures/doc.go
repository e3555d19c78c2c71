// Package figures computes the monthly return (月报) and the statistics of
// any period (a term, a school year) from the records of a vault. It is
// pure: it reads a Dataset the caller filled and does no I/O, and it
// imports only casework and the standard library.
//
// A tour:
//
//   - figures.go: the list of figures. Each code of docs/DOMAIN.md "The monthly return" is a
//     walk over the records that emits what it counts (a record reference,
//     an amount and, for figures that are objects, a sub-key). Compute
//     adds the amounts up; Drill returns the references. Both run the same
//     walks, so a number and the records shown for it cannot drift apart.
//   - return.go: Return, whose JSON encoding is exactly docs/DOMAIN.md's
//     "Figures as data" (struct fields in code order; Counts keeps the
//     order of the configured levels and of the enum codes); Hash for
//     frozen returns.
//   - rows.go: Rows, the same values typed, one row per code or sub-key
//     with its label key and whether Drill can list what it counts; the
//     screen, the PDF and the figures sheet read them, and Diff compares
//     them (a test holds them to the JSON).
//   - series.go: Series, the month-by-month rows of 学期/学年工作统计.
//
// Readings of the table where it leaves a choice:
//
//   - "In M" is the period p, whatever its length; "at month end" figures
//     (F1, F2, F4, L1, L2) are taken on p.To.
//   - F5 counts the students who are enrolled now (Student.Enrolled) and
//     have a special_groups flag: a student record keeps no history of
//     its status or flags, so F5 of a past month is the current count.
//     Freezing a return keeps what was reported at the time.
//   - F2 lists every configured level in rank order; a level code that is
//     no longer configured is appended after them, so F2 always sums to
//     the students of F1 that have a level (validation gives every key
//     student a level from the inclusion on).
//   - G3, G4 and G5 count every case opened (closed) in the period,
//     student, staff and parent cases alike; G1 and G2 count only
//     sessions of student cases, G6 those of staff and parent cases.
//     G4, G5 and I1 list every code of their enum, then any unknown code.
//   - J1 counts distinct students; J2 and J3 count referrals.
//   - B4 sums the training hours of the month_notes selected (by default
//     those of every month the period touches); M1–M3 are the selected
//     notes' texts, each prefixed "YYYY-MM：" and joined by a newline
//     when more than one month has text.
//   - A3 is the month (YYYY-MM) when the period is exactly one calendar
//     month, otherwise "YYYY-MM-DD至YYYY-MM-DD".
//   - A6 is "填报人 / 联系电话 / 审核人" as one text.
package figures
