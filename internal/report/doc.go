// Package report prints 心晴's documents as PDF. It is the only package
// that imports the PDF library (gofpdf). One file per document:
//
//   - recovery.go: 恢复密钥单, the recovery sheet printed at setup, with
//     the recipe for the stock age tool (RenderRecoverySheet);
//   - caserecord.go: 个案辅导记录表, one case with its client and sessions,
//     marked 保密; private notes are never printed (RenderCaseRecord);
//   - grouprecord.go: 团体辅导记录表; no student is named
//     (RenderGroupRecord);
//   - committee.go: 班级心理委员名册, every class with its members and
//     training counts, 未设 where a class has none (RenderCommitteeRoster);
//   - referral.go: 学校转介建议书, two copies on one A4 sheet with a cut
//     line; it suggests 就医检查 and never diagnoses (RenderReferralLetter);
//   - keystudents.go: 重点学生名单, refused without a purpose and a
//     recipient, watermarked with both and the date (RenderKeyStudentList).
//
// Every document is an A4 portrait form set in the bundled CJK font
// (assets.FontCJK, embedded as a subset; the recovery sheet's key groups
// use the standard Courier face). It holds every character of CJK Unified
// Ideographs and Extension A; fonts.go draws the rest in fallback faces
// (assets.FontHanS and FontHanB: Extension B and the newest characters of
// all three blocks, through stand-in code points that gofpdf can handle,
// with an ActualText span so that copied or extracted text is right); a character
// no face has prints as □ and the document comes back complete with a
// *MissingGlyphsError naming the field and the character. Documents are
// built from a small toolkit:
// toolkit.go has the title block, section headings, ruled tables (column
// widths, label cells, spans, headers repeated after page breaks, rows
// taller than a page continued on the next), paragraphs, numbered lists,
// signature lines with a 学校（盖章） box, a cut line, the 保密 mark, the
// diagonal watermark and the footer; chart.go has a grouped bar chart
// (one group per month, a legend, axis labels, every value printed, 0 as
// 0). Text is wrapped by wrap.go, never by gofpdf's MultiCell or
// SplitText, which lose a character at every automatic break in Chinese
// text: it breaks between Chinese characters and at spaces, and keeps
// closing marks (。，、）》…) off the start of a line and opening marks
// (（《「…) off its end.
//
// Each document is laid out twice: the first pass counts the pages and
// hashes the printed text, so that the second prints 第N页/共M页 and the
// short content hash (校验码) in every footer. gofpdf's AliasNbPages is
// not used. Output is deterministic: the generation time is an input (it
// is also the PDF creation date), the catalog is sorted and nothing
// random is written, so the same inputs give byte-identical files. The
// content hash covers the text, not the generation time, so two prints
// of the same content show the same 校验码.
//
// Enum codes are printed through Labels (assets/labels zh-CN.json, as
// casework.LoadLabels reads it); a code without a label is printed as is.
package report
