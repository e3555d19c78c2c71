package report

import (
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The layout checker reads a PDF's own text positions (pdftotext
// -bbox-layout) and reports what a reviewer would reject: text drawn over
// text, text past the side margins, a heading or caption as the last line
// of a page, and a page that holds only signature lines.

type bboxWord struct {
	XMin float64 `xml:"xMin,attr"`
	YMin float64 `xml:"yMin,attr"`
	XMax float64 `xml:"xMax,attr"`
	YMax float64 `xml:"yMax,attr"`
	Text string  `xml:",chardata"`
}

type bboxLine struct {
	YMin  float64    `xml:"yMin,attr"`
	YMax  float64    `xml:"yMax,attr"`
	Words []bboxWord `xml:"word"`
}

type bboxPage struct {
	Width  float64 `xml:"width,attr"`
	Height float64 `xml:"height,attr"`
	Blocks []struct {
		Lines []bboxLine `xml:"line"`
	} `xml:"flow>block"`
}

func (l bboxLine) text() string {
	var b strings.Builder
	for _, w := range l.Words {
		b.WriteString(w.Text)
	}
	return b.String()
}

const mmPt = 72 / 25.4

// renderProbed renders a document with the layout probe on and returns
// the PDF and the marks of its headings, captions and signatures.
func renderProbed(t *testing.T, renderDoc func() ([]byte, error)) ([]byte, []layoutMark) {
	t.Helper()
	var marks []layoutMark
	layoutProbe = func(_ string, m []layoutMark) { marks = m }
	defer func() { layoutProbe = nil }()
	pdf, err := renderDoc()
	if err != nil {
		t.Fatal(err)
	}
	return pdf, marks
}

// layoutProblems lists the layout defects of pdf; margin is the side
// margin in millimetres.
func layoutProblems(t *testing.T, pdf []byte, marks []layoutMark, margin float64) []string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-bbox-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	var html struct {
		Pages []bboxPage `xml:"body>doc>page"`
	}
	if err := xml.Unmarshal(out, &html); err != nil {
		t.Fatalf("bbox: %v", err)
	}
	var problems []string
	for i, p := range html.Pages {
		page := i + 1
		var lines []bboxLine
		var words []bboxWord
		for _, b := range p.Blocks {
			for _, l := range b.Lines {
				// The footer (below the bottom margin) and the 保密 mark
				// (above the top margin) are not the page's content.
				if l.YMin >= (pageH-marginBottom)*mmPt || l.YMax <= marginTop*mmPt {
					continue
				}
				lines = append(lines, l)
				words = append(words, l.Words...)
			}
		}
		for a := range words {
			w := words[a]
			if w.XMin < margin*mmPt-1 || w.XMax > p.Width-margin*mmPt+1 {
				problems = append(problems, fmt.Sprintf("page %d: %q past the margin (x %.1f–%.1f mm)", page, w.Text, w.XMin/mmPt, w.XMax/mmPt))
			}
			for _, v := range words[a+1:] {
				dx := min(w.XMax, v.XMax) - max(w.XMin, v.XMin)
				dy := min(w.YMax, v.YMax) - max(w.YMin, v.YMin)
				if dx > 1 && dy > 0.3*min(w.YMax-w.YMin, v.YMax-v.YMin) {
					problems = append(problems, fmt.Sprintf("page %d: %q drawn over %q", page, w.Text, v.Text))
				}
			}
		}
		// The lowest content line of the page.
		last := -1
		for j, l := range lines {
			if last < 0 || l.YMax > lines[last].YMax {
				last = j
			}
		}
		if last >= 0 && page < len(html.Pages) {
			lt := lines[last].text()
			for _, m := range marks {
				if m.page == page && (m.kind == "heading" || m.kind == "caption") && squash(m.text) == squash(lt) {
					problems = append(problems, fmt.Sprintf("page %d ends with the %s %q", page, m.kind, m.text))
				}
			}
		}
		// A page of signature lines only.
		var signs []string
		for _, m := range marks {
			if m.page == page && m.kind == "sign" {
				signs = append(signs, squash(m.text))
			}
		}
		if len(signs) > 0 && len(lines) > 0 {
			only := true
			for _, l := range lines {
				lt, found := squash(l.text()), false
				for _, s := range signs {
					if strings.Contains(s, lt) || strings.Contains(lt, s) {
						found = true
						break
					}
				}
				if !found {
					only = false
					break
				}
			}
			if only {
				problems = append(problems, fmt.Sprintf("page %d holds only signature lines", page))
			}
		}
	}
	return problems
}

func squash(s string) string { return strings.Join(strings.Fields(s), "") }

// lastPageShare returns the page count of pdf and the share of its last
// page's body that holds content (from the text positions: the lowest
// content line above the footer).
func lastPageShare(t *testing.T, pdf []byte) (pages int, share float64) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-bbox-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	var html struct {
		Pages []bboxPage `xml:"body>doc>page"`
	}
	if err := xml.Unmarshal(out, &html); err != nil {
		t.Fatalf("bbox: %v", err)
	}
	if len(html.Pages) == 0 {
		return 0, 0
	}
	low := marginTop * mmPt
	for _, b := range html.Pages[len(html.Pages)-1].Blocks {
		for _, l := range b.Lines {
			if l.YMin < (pageH-marginBottom)*mmPt {
				low = max(low, l.YMax)
			}
		}
	}
	return len(html.Pages), (low/mmPt - marginTop) / (pageH - marginBottom - marginTop)
}
