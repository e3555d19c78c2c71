package ui

import (
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/ui/uitest"
)

// One unit per character: the rules, apart from any font.
func units(s string) float32 { return float32(utf8.RuneCountInString(s)) }

func TestKinsokuKeepsMarksWithTheirCharacters(t *testing.T) {
	for _, c := range []struct {
		text  string
		width float32
		want  []string
	}{
		// A full line would leave "，" to start the next one: the
		// character before it goes down with it.
		{"一二三四五六七八九十，十一", 10, []string{"一二三四五六七八九", "十，十一"}},
		{"一二三四五六七八九十。", 10, []string{"一二三四五六七八九", "十。"}},
		{"一二三四五六七八九十」。", 10, []string{"一二三四五六七八九", "十」。"}},
		// An opening mark never ends a line.
		{"一二三四五六七八九（十）", 10, []string{"一二三四五六七八九", "（十）"}},
		{"一二三四五六七八“九十”", 9, []string{"一二三四五六七八", "“九十”"}},
		// Latin words and numbers stay whole; spaces at a break go.
		{"第 12345 组 B vs 8", 8, []string{"第 12345", "组 B vs 8"}},
		{"check the sheet", 10, []string{"check the", "sheet"}},
		// Nothing allowed: cut where full.
		{"，，，，，，", 4, []string{"，，，，", "，，"}},
		{"abcdefghijkl", 5, []string{"abcde", "fghij", "kl"}},
		// Given lines stay lines.
		{"一二\n\n三", 10, []string{"一二", "", "三"}},
	} {
		got := kinsokuWrap(c.text, c.width, units)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%q at %v: got %q, want %q", c.text, c.width, got, c.want)
		}
	}
}

// A message shown in the app's font at many widths never starts a line
// with a closing mark nor ends one with an opening mark, while Fyne's
// own wrapping of the same text does at some of them; every line fits.
func TestMessageLinesFollowTheRules(t *testing.T) {
	app := test.NewTempApp(t)
	app.Settings().SetTheme(NewTheme())
	const text = "恢复单第 3 组有一个字符不对（可能把 B 看成了 8），请对照纸上的恢复单重新输入；如果仍然不行，请用“忘记密码”设置新密码。"
	size, style := theme.TextSize(), fyne.TextStyle{}
	measure := func(s string) float32 { return fyne.MeasureText(s, size, style).Width }
	fyneBroke := 0
	for w := float32(120); w <= 520; w += 7 {
		m := newMessage(text, widget.DangerImportance)
		win := test.NewTempWindow(t, container.NewVBox(m))
		win.Resize(fyne.NewSize(w+4*theme.Padding(), 400))
		lines := strings.Split(m.inner.Text, "\n")
		if strings.ReplaceAll(strings.Join(lines, ""), " ", "") != strings.ReplaceAll(text, " ", "") {
			t.Fatalf("width %v: lines %q lose text", w, lines)
		}
		if w < 200 && len(lines) < 4 {
			t.Fatalf("width %v: %d lines, want the message wrapped", w, len(lines))
		}
		avail := m.width - 2*theme.InnerPadding()
		for i, l := range lines {
			r := []rune(l)
			if i > 0 && mayNotStart(r[0]) {
				t.Errorf("width %v: line %d starts with %q: %q", w, i+1, r[0], lines)
			}
			if i < len(lines)-1 && mayNotEnd(r[len(r)-1]) {
				t.Errorf("width %v: line %d ends with %q: %q", w, i+1, r[len(r)-1], lines)
			}
			if measure(l) > avail {
				t.Errorf("width %v: line %q is wider than %v", w, l, avail)
			}
		}
		if m.MinSize().Height < float32(len(lines))*size {
			t.Errorf("width %v: min height %v for %d lines", w, m.MinSize().Height, len(lines))
		}
		// Fyne's break: the longest prefix that fits.
		rs := []rune(text)
		for len(rs) > 0 {
			n := len(rs)
			for n > 1 && measure(string(rs[:n])) > avail {
				n--
			}
			rs = rs[n:]
			if len(rs) > 0 && mayNotStart(rs[0]) {
				fyneBroke++
			}
		}
	}
	if fyneBroke == 0 {
		t.Fatal("Fyne's wrapping never started a line with a closing mark; the test tests nothing")
	}
}

// A message dialog lays its text out by the same rules, and still reads
// as the whole message.
func TestMessageDialogsFollowTheRules(t *testing.T) {
	app := test.NewTempApp(t)
	app.Settings().SetTheme(NewTheme())
	win := test.NewTempWindow(t, nil)
	win.Resize(fyne.NewSize(800, 600))
	const text = "这个备份的文件与校验记录不符，不能用来恢复。请选择另一个已校验的备份，或者换一个U盘再试一次；如果仍然不行，请联系学校信息老师。"
	showMessage("这个备份已损坏", text, win)
	d := uitest.New(t, win)
	d.WantText(text)
	var b *brokenText
	for _, o := range d.Dialog() {
		if x, ok := o.(*brokenText); ok {
			b = x
		}
	}
	if b == nil {
		t.Fatal("the dialog does not show the message")
	}
	lines := strings.Split(b.Text, "\n")
	if len(lines) < 2 {
		t.Fatalf("got %q, want the message in lines", lines)
	}
	for i, l := range lines {
		if r := []rune(l); i > 0 && mayNotStart(r[0]) {
			t.Errorf("line %d starts with %q: %q", i+1, r[0], lines)
		}
		if w := fyne.MeasureText(l, theme.TextSize(), fyne.TextStyle{}).Width; w > messageWidth {
			t.Errorf("line %q is %v wide", l, w)
		}
	}
}
