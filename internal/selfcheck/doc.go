// Package selfcheck answers a county's special survey of a school's
// mental-health work (专项调研自查) from the records: one item per survey
// point, each with a status, the figures behind it (with the records
// each figure counts, for drilling down), the reasons in words and the
// evidence; then the school's editable "八个一" checklist. It is pure: it
// reads a figures.Dataset the caller filled, imports only casework,
// figures and the standard library, and does no I/O.
//
// The check covers the chosen term up to the check date: the period is
// [term start, min(term end, On)]. "At term end" below means the last
// day of that period. Counting norms that grow with time (lessons, open
// days, weekly reports) are measured against the part of the term
// checked; norms given per term (class meetings, events, group sessions,
// trainings, training hours) are not scaled, so a term still running can
// show 需改进 until the work is done.
//
// Calendar: school days are the weekdays (Monday–Friday) of the period;
// holidays and make-up days are not known to 心晴 and are not taken out.
// School weeks are the Monday-based weeks that hold at least one school
// day of the period.
//
// Statuses (Status): 未开展 (not_started) when the records show no work at
// all for the item; 达标 (pass) when every criterion of the item meets its
// norm; 需改进 (improve) otherwise. A criterion whose norm is 0 is not
// checked (it is shown for information). Per item (norms are
// casework.SelfCheckNorms, defaults in casework.DefaultSelfCheckNorms):
//
//   - 工作机制 (mechanism): the four documents of casework.AllDocumentKinds
//     in the settings' document register (casework.SchoolDocument; a
//     scanned copy is linked by attachment id and listed when the
//     attachment is known). 达标: all four; 未开展: none.
//   - 教师配备 (staffing): needed = ⌈students ÷ StudentsPerCounselor⌉;
//     专职 + 兼职 ≥ needed (exactly 800 students with one teacher is 1∶800
//     and passes); a school with more than FulltimeAboveStudents students
//     has at least one 专职 (801 students and no 专职 fails); training
//     hours of the term (figure B4 of the term: month_notes of the months
//     the period touches) ≥ TrainingHoursPerYear ÷ TermsPerYear. 未开展: no
//     psychology teacher at all.
//   - 心理辅导室 (room): has_room; area ≥ RoomMinAreaM2 and zones ≥
//     RoomMinZones when those are set; open days (duty_day records in the
//     period, figure C2) × 100 ≥ RoomOpenPercent × school days. 未开展: no
//     room.
//   - 热线公布 (hotline): every number of Norms.Hotlines among the
//     published hotlines (spaces and dashes ignored). 未开展: none published.
//   - 课程开设 (courses): 心理健康课 lessons (figure D1) ≥ ⌊school weeks ÷
//     LessonEveryWeeks⌋ × classes; for every grade, 主题班会 (D2) and 专题活动
//     (D3) records that reach the grade ≥ ClassMeetingsPerGrade and
//     SpecialEventsPerGrade. An activity reaches a grade when its target
//     is empty or names the whole school (全校, 全体, 各年级), names the
//     grade, or names one of the grade's classes. Grades and their classes
//     are those of the enrolled students; with no students the school
//     counts as one grade. Classes are settings.class_count, or the
//     enrolled students' classes when it is 0. 未开展: no lesson, meeting or
//     event.
//   - 团辅活动 (group): group sessions of the period (H1, any group type)
//     ≥ GroupSessionsPerTerm; participants (H2) are shown. 未开展: none.
//   - 心理委员 (committee): a class has a member when a member of that
//     class is active at term end (CommitteeMember.ActiveAt, as figure L1
//     and the roster read it), so a class whose only member left during
//     the term has none; classes with a member ≥ classes; trainings (L3)
//     ≥ CommitteeTrainingsPerTerm; weekly reports (one per class and week,
//     week_start from the Monday of the first week to the period's end)
//     × 100 ≥ ClassReportPercent × school weeks × classes. 未开展: no member
//     active at any time in the period, no training and no report.
//   - 重点学生排查建档 (key_students): a screening whose date_to lies in
//     [term start, term start + ScreeningWithinDays] (60 days after a
//     start of 2026-09-01 is 2026-10-31, which passes; 2026-11-01 does
//     not); key students on the register at term end with a 一生一策
//     (F4) × 100 ≥ PlanPercent × those on the register (F1), which holds
//     when there are none; no key student on the register at term end
//     whose follow-up is overdue (KeyStudent.FollowUpDue before the
//     period's end; due on the last day is not yet missed). 未开展: no
//     screening dated in the period and no key student on the register.
//
// The "八个一" checklist (casework.ChecklistItem) takes each entry's status
// from its links: an item link takes the item's status, a figure link
// ("courses.lessons") 达标 when the figure meets its norm (or, without a
// norm, is above 0), 未开展 when it is 0, 需改进 otherwise; a document is
// 达标 when registered and 未开展 when not. All 达标 is 达标, all 未开展 is
// 未开展, anything else 需改进. An entry with no link and no document is
// 达标 when the counselor ticked Done, else 未开展. Entries shipped with
// 心晴 carry Default and are printed as 可修改.
//
// No output of this package names a student: figures are counts, reasons
// name classes, grades and dates, and references are record ids.
package selfcheck
