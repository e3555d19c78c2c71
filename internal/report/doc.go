// Package report prints 心晴's documents as PDF: the recovery sheet, the
// case and group records, the committee roster, the referral letter, the
// named list of key students, the monthly return and the term statistics.
// It is the only package that imports the PDF library (gofpdf).
//
// Every document is an A4 portrait form set in the bundled CJK font
// (assets.FontCJK, embedded as a subset) and built from a small toolkit
// (toolkit.go): title block, section headings, ruled tables whose cells
// wrap with this package's own line breaker (wrap.go; gofpdf's MultiCell
// loses a character at every automatic break in Chinese text), table
// headers repeated after page breaks, signature lines and a stamp box, a
// 保密 mark, a diagonal watermark and a grouped bar chart (chart.go).
//
// Each document is laid out twice: the first pass counts the pages and
// hashes the printed text, so that the second can print 第N页/共M页 and a
// short content hash in every footer. Output is deterministic: the
// generation time is an input (it is also the PDF creation date), the
// catalog is sorted, and nothing random is written, so the same inputs
// give byte-identical files.
package report
