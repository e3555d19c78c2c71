package report

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fixedNow is the generation time of every test document.
func fixedNow() time.Time {
	return time.Date(2026, 11, 28, 15, 30, 0, 0, time.FixedZone("CST", 8*3600))
}

// pdfText writes pdf to a temporary file, extracts its text with
// pdftotext -layout and returns the text and the page count.
func pdfText(t *testing.T, pdf []byte) (string, int) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	info, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	pages := 0
	for _, line := range strings.Split(string(info), "\n") {
		if v, ok := strings.CutPrefix(line, "Pages:"); ok {
			pages = atoi(t, strings.TrimSpace(v))
		}
	}
	return string(out), pages
}

// pdfRawText returns the text of pdf in content-stream order
// (pdftotext -raw): each table cell's text comes out whole, in the order
// the document drew it.
func pdfRawText(t *testing.T, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-raw", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("not a number: %q", s)
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// savePDF keeps a copy of pdf under $REPORT_OUT when set, for looking at.
func savePDF(t *testing.T, name string, pdf []byte) {
	t.Helper()
	if dir := os.Getenv("REPORT_OUT"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name), pdf, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}
