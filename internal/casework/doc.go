// Package casework is the domain core of 心晴: the records a school
// counselor keeps, their enums, validation, domain errors and the pure
// rules that several packages share. It imports only the standard library
// (and the std-only xinqing/assets for labels, and x/text's NFC tables),
// never Fyne, SQLite, PDF or age.
//
// A tour:
//
//   - records.go: one struct per record of docs/DOMAIN.md "Records", JSON keys exactly as
//     in the interchange document. Every record embeds Meta (id,
//     created_at, updated_at) and implements Record.
//   - settings.go: Settings (school, room, hotlines, risk levels, terms);
//     DefaultSettings and DefaultRiskLevels are in labels.go.
//   - enums.go: every enum as a named string type with its codes, an
//     All… list in docs/DOMAIN.md "Enums" order and Valid; Enums lists them all.
//   - kind.go: Kind, the kinds of record, their interchange array names and
//     NewRecord.
//   - date.go: Date (YYYY-MM-DD), Month (YYYY-MM), Clock (HH:MM) and Period,
//     the closed date range the figures are computed over.
//   - validate.go: Validate(Env) on every record. Env carries the
//     configured risk levels and a Refs that says whether a referenced
//     record exists, so the store and the importer check references the
//     same way. Broken rules come back as ValidationErrors, each naming
//     the record kind, the JSON key and a Chinese message.
//   - text.go: the text gate every Validate runs over every string field:
//     valid UTF-8 without replacement characters, NFC, "\n" line ends; no
//     control characters (newline and tab allowed in multi-line fields);
//     no bidi controls or zero-width characters in names and other
//     one-line fields; length limits (names 50, ids and codes 100, other
//     lines 200, multi-line 20,000 characters). CheckText runs it on one
//     value for a form.
//   - input.go: ParseDateInput and ParseClockInput read dates and times as
//     people type them (2014/3/5, 2014年3月5日, 20140305, 14：30, 1430,
//     14点30) for forms; the interchange keeps ParseDate and ParseClock.
//   - errors.go: Error with the codes EINVALID, ENOTFOUND, ECONFLICT,
//     EINTERNAL; ErrorCode reads the code from any error chain.
//   - rules.go: ids, case numbers, the level in force on a date, who is on
//     the key-student register or the committee on a date, follow-up due
//     dates, school weeks.
//   - labels.go: the Chinese and English labels of enum codes and fields,
//     read from assets/labels; code that computes never uses them. Keys:
//     "record.<kind>", "enum.<enum>.<code>" (Enums lists the enum names;
//     configured risk levels use "enum.risk_level.<code>" for the
//     defaults) and "field.<group>.<key>", where group is the record kind
//     for a record's own keys and the snake_case type name for a
//     sub-object (level_entry, follow_up, disclosure, process_segment,
//     school, room, risk_level, …); AuditEntry's group is "audit".
//
// The monthly figures are not computed here (package figures), but the
// rules they rest on are: KeyStudent.OnRollAt (F1), KeyStudent.LevelAt
// (F2), KeyStudent.LevelChangesIn (F3), KeyStudent.HasPlan (F4),
// Student.Enrolled and HasSpecialGroup (F5), CommitteeMember.ActiveAt
// (L1, L2), Case.Client (G1, G6) and Month.Period.
//
// Canonical JSON: required keys are always written; optional text, dates,
// sets, lists and sub-objects are omitted when empty; counts and booleans
// are always written (0 and false are answers); graduation_year and
// series_no are omitted when 0. created_at and updated_at are part of the
// interchange document. With one form per value, export → import →
// export is byte-identical.
package casework
