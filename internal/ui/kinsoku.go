package ui

import (
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Fyne wraps Chinese at any character, so a line can start with "，" or
// "。" and end with "（" or "“". The Chinese line-breaking rules (禁则)
// forbid both: a closing mark stays with the character before it, an
// opening mark with the one after it. A message label (msgText) breaks
// its lines itself, by these rules, and hands Fyne lines that fit.

// noLineStart are the marks that never begin a line.
const noLineStart = "，。、；：？！）》」』】〕〉〗〙〛”’…—～·・ー%‰℃,.;:?!)]}>"

// noLineEnd are the marks that never end a line.
const noLineEnd = "（《「『【〔〈〖〘〚“‘([{<"

func mayNotStart(r rune) bool { return strings.ContainsRune(noLineStart, r) }
func mayNotEnd(r rune) bool   { return strings.ContainsRune(noLineEnd, r) }

// inWord reports whether a and b are both parts of a Latin word or a
// number (no break between them when another place will do).
func inWord(a, b rune) bool {
	w := func(r rune) bool {
		return r < 0x3000 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '/' || r == '.')
	}
	return w(a) && w(b) && !unicode.Is(unicode.Han, a) && !unicode.Is(unicode.Han, b)
}

// breakOK reports whether a line may end between rs[i-1] and rs[i].
func breakOK(rs []rune, i int) bool {
	if i <= 0 || i >= len(rs) {
		return true
	}
	a, b := rs[i-1], rs[i]
	if unicode.IsSpace(a) || unicode.IsSpace(b) {
		return !mayNotStart(b)
	}
	return !mayNotStart(b) && !mayNotEnd(a) && !inWord(a, b)
}

// kinsokuWrap breaks text into lines no wider than width (as measure
// says), each break at the last place the rules allow; a line with no
// such place is cut where it is full. Spaces at a break are dropped.
func kinsokuWrap(text string, width float32, measure func(string) float32) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		rs := []rune(para)
		for len(rs) > 0 {
			if measure(string(rs)) <= width {
				out = append(out, string(rs))
				break
			}
			// The longest prefix that fits (at least one character).
			lo, hi := 1, len(rs)
			for lo < hi {
				mid := (lo + hi + 1) / 2
				if measure(string(rs[:mid])) <= width {
					lo = mid
				} else {
					hi = mid - 1
				}
			}
			end := lo
			for end > 1 && !breakOK(rs, end) {
				end--
			}
			if end == 1 && !breakOK(rs, 1) {
				end = lo // no allowed place: cut where the line is full
			}
			out = append(out, strings.TrimRightFunc(string(rs[:end]), unicode.IsSpace))
			rs = rs[end:]
			for len(rs) > 0 && unicode.IsSpace(rs[0]) {
				rs = rs[1:]
			}
		}
		if len(rs) == 0 && para == "" {
			out = append(out, "")
		}
	}
	return out
}

// msgText is a wrapped message (a notice, a refusal, a paragraph of a
// dialog) that breaks its lines by the rules above. Text is the message
// as given; the screen shows it in lines.
type msgText struct {
	widget.BaseWidget
	Text       string
	Importance widget.Importance

	inner *widget.Label
	width float32
}

// newMessage is a message label; importance colours it (DangerImportance
// for a refusal).
func newMessage(text string, importance widget.Importance) *msgText {
	m := &msgText{Text: text, Importance: importance}
	m.ExtendBaseWidget(m)
	return m
}

// message is a paragraph of explanation that breaks its lines by the
// rules above (paragraph() for text that may wrap before a mark).
func message(text string) *msgText { return newMessage(text, widget.MediumImportance) }

// refusalBlock is errorBlock() breaking its lines by the rules above.
func refusalBlock() *msgText { return newMessage("", widget.DangerImportance) }

// SetText replaces the message.
func (m *msgText) SetText(text string) {
	m.Text = text
	m.Refresh()
}

// PlainText is the message without the line breaks of its display.
func (m *msgText) PlainText() string { return m.Text }

func (m *msgText) CreateRenderer() fyne.WidgetRenderer {
	m.inner = widget.NewLabel("")
	m.sync()
	return &msgRenderer{m: m}
}

// sync lays Text out in lines for the current width.
func (m *msgText) sync() {
	if m.inner == nil {
		return
	}
	text := m.Text
	if w := m.width - 2*theme.InnerPadding(); w > 0 && text != "" {
		style := m.inner.TextStyle
		size := theme.TextSize()
		text = strings.Join(kinsokuWrap(text, w, func(s string) float32 {
			return fyne.MeasureText(s, size, style).Width
		}), "\n")
	}
	m.inner.Importance = m.Importance
	if m.inner.Text != text {
		m.inner.Text = text
	}
	m.inner.Refresh()
}

type msgRenderer struct{ m *msgText }

func (r *msgRenderer) Layout(size fyne.Size) {
	if size.Width != r.m.width {
		r.m.width = size.Width
		r.m.sync()
	}
	r.m.inner.Resize(size)
}

// MinSize is as narrow as one character, so that the message never
// widens its window, and as tall as its lines at the current width.
func (r *msgRenderer) MinSize() fyne.Size {
	h := r.m.inner.MinSize().Height
	if r.m.Text == "" {
		return fyne.NewSize(0, 0)
	}
	w := fyne.MeasureText("国", theme.TextSize(), r.m.inner.TextStyle).Width + 2*theme.InnerPadding()
	return fyne.NewSize(w, h)
}

func (r *msgRenderer) Refresh() {
	r.m.sync()
	canvasRefresh(r.m)
}

func (r *msgRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.m.inner} }
func (r *msgRenderer) Destroy()                     {}

// canvasRefresh asks the canvas to lay the message's parents out again,
// since its height follows its lines.
func canvasRefresh(o fyne.CanvasObject) {
	app := fyne.CurrentApp()
	if app == nil {
		return
	}
	if c := app.Driver().CanvasForObject(o); c != nil {
		c.Refresh(o)
	}
}

// messageWidth is how wide a message dialog's text is laid out.
const messageWidth = 420

// brokenText is a label whose lines were broken by the rules above for
// a fixed width; PlainText is the message as given.
type brokenText struct {
	widget.Label
	plain string
}

// PlainText is the message without its line breaks.
func (b *brokenText) PlainText() string { return b.plain }

// fixedMessage lays msg out in lines of messageWidth by the rules above.
func fixedMessage(msg string) *brokenText {
	style := fyne.TextStyle{}
	size := theme.TextSize()
	lines := kinsokuWrap(msg, messageWidth, func(s string) float32 { return fyne.MeasureText(s, size, style).Width })
	b := &brokenText{plain: msg}
	b.Text = strings.Join(lines, "\n")
	b.ExtendBaseWidget(b)
	return b
}

// showMessage is dialog.ShowInformation with the message's lines broken
// by the rules above.
func showMessage(title, msg string, w fyne.Window) {
	dialog.NewCustom(title, lang.L("OK"), fixedMessage(msg), w).Show()
}

// showConfirmMessage is dialog.ShowConfirm with the message's lines
// broken by the rules above.
func showConfirmMessage(title, msg string, f func(bool), w fyne.Window) {
	dialog.NewCustomConfirm(title, lang.L("Yes"), lang.L("No"), fixedMessage(msg), f, w).Show()
}
