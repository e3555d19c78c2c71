package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"xinqing/internal/ui/uitest"
)

// A refusal beside a field of a record form breaks its lines by the
// Chinese rules at every width the form is given: no line starts with
// "，" (Fyne's own wrapping would start some).
func TestAFormRefusalNeverStartsALineWithAComma(t *testing.T) {
	fc := NewFakeCases(testStudents()...)
	h, s := casesHarness(t, fc, newCasesScreen)
	p := s.(*casesScreen).cases
	h.Tap("新建个案")
	setField(t, p, "presenting_problem", "同伴关系紧张")
	setField(t, p, "opened_on", "2026-13-40")
	h.Tap("保存")
	ff := fieldOf(t, p, "opened_on")
	if !ff.err.Visible() || ff.err.Text == "" {
		t.Fatal("the bad date is not refused beside its field")
	}
	// a longer refusal of the same field, as the service words some
	const text = "建档日期不对，请按年-月-日填写，例如 2026-11-02；日期不能晚于今天，也不能早于学生入学的日期，否则统计会出错。"
	ff.err.SetText(text)
	size, style := theme.TextSize(), fyne.TextStyle{}
	measure := func(s string) float32 { return fyne.MeasureText(s, size, style).Width }
	fyneBroke, widths := 0, 0
	for w := float32(1024); w >= 700; w -= 9 {
		h.win.Resize(fyne.NewSize(w, 600))
		avail := ff.err.width - 2*theme.InnerPadding()
		if avail <= 0 || measure(text) <= avail {
			continue
		}
		widths++
		lines := strings.Split(ff.err.inner.Text, "\n")
		if strings.ReplaceAll(strings.Join(lines, ""), " ", "") != strings.ReplaceAll(text, " ", "") {
			t.Fatalf("window %v: lines %q lose text", w, lines)
		}
		for i, l := range lines {
			if r := []rune(l); i > 0 && len(r) > 0 && mayNotStart(r[0]) {
				t.Errorf("window %v (refusal %v wide): line %d starts with %q: %q", w, ff.err.width, i+1, string(r[0]), lines)
			}
		}
		// where Fyne would have broken it: the longest prefix that fits
		rs := []rune(text)
		for len(rs) > 0 {
			n := len(rs)
			for n > 1 && measure(string(rs[:n])) > avail {
				n--
			}
			if rs = rs[n:]; len(rs) > 0 && mayNotStart(rs[0]) {
				fyneBroke++
			}
		}
	}
	if widths == 0 || fyneBroke == 0 {
		t.Fatalf("the refusal wrapped at %d widths, Fyne would have started %d lines with a mark; the test tests nothing", widths, fyneBroke)
	}
	if !strings.Contains(uitest.Texts(h.Visible()), text) {
		t.Fatal("the refusal does not read as the whole message")
	}
}

// The reports screen's confirmation to freeze a month is laid out by the
// same rules (Fyne started its second line with "，").
func TestTheFreezeConfirmationBreaksByTheRules(t *testing.T) {
	h, _, r := openMonth(t)
	r.generateTo(filepath.Join(t.TempDir(), "月报2026-10.pdf"))
	h.Tap("关闭")
	h.Tap("标记为已报送")
	var b *brokenText
	for _, o := range h.Dialog() {
		if x, ok := o.(*brokenText); ok {
			b = x
		}
	}
	if b == nil {
		t.Fatalf("the confirmation is not a message broken by the rules:\n%s", uitest.Texts(h.Dialog()))
	}
	lines := strings.Split(b.Text, "\n")
	if len(lines) < 2 || !strings.Contains(b.PlainText(), "，会提示") {
		t.Fatalf("got %q, want the freeze question in lines", lines)
	}
	for i, l := range lines {
		if r := []rune(l); i > 0 && len(r) > 0 && mayNotStart(r[0]) {
			t.Errorf("line %d starts with %q: %q", i+1, string(r[0]), lines)
		}
	}
	h.Tap("否")
}
