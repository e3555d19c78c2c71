// Package interchange moves records in and out of a vault as files: the
// JSON interchange document of docs/DOMAIN.md (export, import, hand-over to a
// successor), the Excel class roster import and Excel list exports. It is
// the only package that imports excelize.
//
// A tour:
//
//   - store.go: the small store interfaces this package consumes (Reader,
//     Store, Writer) and Adapt, which fits a store whose transaction type
//     is its own (interchange.Adapt[*store.Tx](st)).
//   - document.go: Document, the typed form of the interchange document,
//     with its arrays in docs/DOMAIN.md "JSON interchange" order.
//   - export.go: Export writes the canonical form: arrays sorted by
//     (created_at, id), keys in the casework structs' order, two-space
//     indentation, so export → import → export is byte-identical apart
//     from exported_at.
//   - import.go: Import validates the whole document first (format and
//     version, the JSON shape of every record with unknown keys refused,
//     casework validation, ids, duplicates and references) and writes
//     nothing unless all of it is valid; then everything is written in one
//     store transaction. Errors name the array, index and key in Chinese.
//   - jsonkeys.go: before decoding, a UTF-8 byte order mark (Windows
//     Notepad) is dropped, bytes that are not UTF-8 are refused with their
//     line, and a key that occurs twice in one object is refused with its
//     path (the decoder would silently keep the last value).
//   - shape.go: the JSON shape check that turns type mistakes and unknown
//     keys into per-key errors instead of one decoder failure.
//   - roster.go: the Excel roster import: PreviewRoster reads the first
//     sheet, finds the header among the first ten rows by its Chinese
//     column names and their common variants, normalises values and
//     matches rows with students (学籍号, else name and class);
//     ApplyRoster writes adds and updates in one transaction, or nothing
//     while a row is bad unless told to skip bad rows.
//   - xlsx.go: Excel list exports and the figures sheet.
//
// Merge semantics. Import into a vault that holds no records (settings do
// not count) replaces: the document's settings and records become the
// vault's. Import into a vault that holds records merges: every record is
// added, or updated when a record of the same kind and id exists; nothing
// is deleted; the vault keeps its own settings, and the document's level
// codes must be among the vault's configured risk levels. References
// resolve inside the document or, when merging, in the vault.
//
// Attachments are not carried by the document (their bytes live outside
// the database image). A consent's attachment_id is kept only when the
// receiving vault holds that attachment; otherwise it is cleared and
// counted in Result.DroppedAttachmentRefs.
package interchange
