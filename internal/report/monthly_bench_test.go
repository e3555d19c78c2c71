package report

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/demo"
	"xinqing/internal/figures"
)

// bigSchool is the big synthetic school (3,000 students, ten years).
func bigSchool() *figures.Dataset {
	doc := demo.Generate(demo.Big, 1, "2026-11-20")
	return &figures.Dataset{
		Settings: doc.Settings, Students: doc.Students, Cases: doc.Cases, Sessions: doc.Sessions,
		KeyStudents: doc.KeyStudents, Crises: doc.Crises, Referrals: doc.Referrals, Contacts: doc.Contacts,
		GroupSessions: doc.GroupSessions, CommitteeMembers: doc.CommitteeMembers, ClassReports: doc.ClassReports,
		Activities: doc.Activities, DutyDays: doc.DutyDays, Visits: doc.Visits, Mailbox: doc.Mailbox,
		Screenings: doc.Screenings, MonthNotes: doc.MonthNotes,
	}
}

func monthlyOf(b *testing.B, d *figures.Dataset, labels Labels) []byte {
	r, err := figures.Compute(d, casework.Month("2026-10").Period(), nil)
	if err != nil {
		b.Fatal(err)
	}
	pdf, err := RenderMonthlyReturn(MonthlyReturn{Month: "2026-10", Figures: r, Levels: d.Settings.RiskLevels}, labels, fixedNow())
	if err != nil {
		b.Fatal(err)
	}
	return pdf
}

// BenchmarkMonthlyReturnBigSchool computes October's figures for the big
// school and prints the return (target: well under one second).
func BenchmarkMonthlyReturnBigSchool(b *testing.B) {
	d := bigSchool()
	labels, err := casework.LoadLabels(casework.LangZH)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		monthlyOf(b, d, labels)
	}
}

// BenchmarkMonthlyReturnVersusLibreOffice compares the return with what a
// DOCX-template pipeline would cost: LibreOffice converting a DOCX of a
// similar three-page table to PDF. It reports the ratio soffice/ours and
// is skipped when soffice is not installed.
func BenchmarkMonthlyReturnVersusLibreOffice(b *testing.B) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		b.Skip("soffice not installed: ratio not measured")
	}
	d := bigSchool()
	labels, _ := casework.LoadLabels(casework.LangZH)
	dir := b.TempDir()
	docx := filepath.Join(dir, "return.docx")
	if err := os.WriteFile(docx, minimalDocx(70), 0o600); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var ours, theirs time.Duration
	for b.Loop() {
		t0 := time.Now()
		monthlyOf(b, d, labels)
		ours += time.Since(t0)
		t1 := time.Now()
		out, err := exec.Command(soffice, "--headless", "--convert-to", "pdf", "--outdir", dir, docx).CombinedOutput()
		if err != nil {
			b.Fatalf("soffice: %v\n%s", err, out)
		}
		theirs += time.Since(t1)
	}
	b.ReportMetric(float64(theirs)/float64(ours), "soffice/ours")
}

// minimalDocx returns a WordprocessingML document holding one table of
// rows label/value rows, about three A4 pages.
func minimalDocx(rows int) []byte {
	var body bytes.Buffer
	body.WriteString(`<w:p><w:r><w:t>学生心理健康工作月报（2026年10月）</w:t></w:r></w:p><w:tbl><w:tblPr><w:tblBorders>` +
		`<w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/>` +
		`<w:right w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/>` +
		`</w:tblBorders></w:tblPr>`)
	for i := range rows {
		fmt.Fprintf(&body, `<w:tr><w:tc><w:p><w:r><w:t>项目%d 个别辅导人次</w:t></w:r></w:p></w:tc>`+
			`<w:tc><w:p><w:r><w:t>%d</w:t></w:r></w:p></w:tc></w:tr>`, i+1, i*7)
	}
	body.WriteString(`</w:tbl>`)
	files := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/document.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
			body.String() + `</w:body></w:document>`,
	}
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml"} {
		w, _ := z.Create(name)
		w.Write([]byte(files[name]))
	}
	z.Close()
	return buf.Bytes()
}
