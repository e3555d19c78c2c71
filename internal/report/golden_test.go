package report

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// checkGolden compares the extracted text and page count of a document
// with testdata/<name>.txt, rewriting it under -update, and checks that
// rendering the document again gives the same bytes.
func checkGolden(t *testing.T, name string, renderDoc func() ([]byte, error)) {
	t.Helper()
	pdf, err := renderDoc()
	if err != nil {
		t.Fatal(err)
	}
	again, err := renderDoc()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(pdf, again) {
		t.Errorf("%s: rendering twice gave different bytes", name)
	}
	savePDF(t, name+".pdf", pdf)
	text, pages := pdfText(t, pdf)
	got := fmt.Sprintf("pages: %d\n%s", pages, text)
	path := filepath.Join("testdata", name+".txt")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s: extracted text differs from %s (run go test -update after checking the PDF)\ngot:\n%s", name, path, got)
	}
}

func TestGoldenDocuments(t *testing.T) {
	labels := testLabels(t)
	tests := []struct {
		name   string
		render func() ([]byte, error)
	}{
		{"recovery-sheet", func() ([]byte, error) { return RenderRecoverySheet(sampleSheet(), fixedNow()) }},
		{"sample-form", func() ([]byte, error) {
			return render(docOptions{title: "月报", now: fixedNow()}, sampleForm)
		}},
		{"case-record", func() ([]byte, error) { return RenderCaseRecord(sampleCaseFile(), labels, fixedNow()) }},
		{"group-record", func() ([]byte, error) {
			return RenderGroupRecord("示例市第一实验中学", sampleGroupSession(), labels, fixedNow())
		}},
		{"committee-roster", func() ([]byte, error) { return RenderCommitteeRoster(sampleRoster(), labels, fixedNow()) }},
		{"referral-letter", func() ([]byte, error) { return RenderReferralLetter(sampleReferralLetter(), fixedNow()) }},
		{"key-student-list", func() ([]byte, error) { return RenderKeyStudentList(sampleKeyStudentList(), labels, fixedNow()) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkGolden(t, tt.name, tt.render) })
	}
}
