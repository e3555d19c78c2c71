package ui

import (
	"image/color"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// activity is told about every keyboard and mouse event the app can see,
// so the idle lock knows the counselor is still there. Fyne has no
// window-wide input hook: unfocused keys reach the canvas callbacks,
// focused keys reach the entry (wrapped below), clicks reach buttons
// (wrapped below) or the background layer.
type activity struct {
	touch    func()
	shortcut func(fyne.Shortcut) bool // true when the app handled it (Ctrl+L)
}

func (a *activity) seen() {
	if a != nil && a.touch != nil {
		a.touch()
	}
}

func (a *activity) handled(s fyne.Shortcut) bool {
	return a != nil && a.shortcut != nil && a.shortcut(s)
}

// button makes a button whose tap also counts as activity.
func (a *activity) button(label string, icon fyne.Resource, f func()) *widget.Button {
	return widget.NewButtonWithIcon(label, icon, func() {
		a.seen()
		f()
	})
}

// entry is a widget.Entry that reports typing and clicks as activity and
// lets the app's shortcuts (Ctrl+L) through while it has the focus.
type entry struct {
	widget.Entry
	act    *activity
	onBlur func() // run when the entry loses the focus (dates show their canonical form)

	dateButton *widget.Button // the calendar beside a date entry

	// grow makes a multi-line entry as tall as its text (up to growMax
	// rows), so that nothing hides in a small scroll inside the form;
	// minRows is the least it shows.
	grow    bool
	minRows int
	rows    int
	width   float32
}

// growMax is the most rows a growing entry takes before it scrolls.
const growMax = 20

func newEntry(act *activity) *entry {
	e := &entry{act: act}
	e.ExtendBaseWidget(e)
	return e
}

func newPasswordEntry(act *activity) *entry {
	e := newEntry(act)
	e.Password = true
	return e
}

func newMultiLineEntry(act *activity) *entry {
	e := newEntry(act)
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.Scroll = container.ScrollNone // sized to its text; the wheel goes to the form (wheel.go)
	e.grow, e.minRows = true, 1
	return e
}

// SetMinRowsVisible sets the least rows a growing entry shows.
func (e *entry) SetMinRowsVisible(n int) {
	e.minRows = n
	e.Entry.SetMinRowsVisible(max(n, e.rows))
}

// Resize fits the rows to the text at the new width.
func (e *entry) Resize(size fyne.Size) {
	e.Entry.Resize(size)
	if e.grow && size.Width != e.width {
		e.width = size.Width
		e.fit()
	}
}

func (e *entry) SetText(s string) {
	e.Entry.SetText(s)
	e.fit()
}

// fit sets the rows a growing entry needs for its text at its width.
func (e *entry) fit() {
	if !e.grow || e.width <= 0 {
		return
	}
	avail := e.width - 4*theme.InnerPadding()
	if avail <= 0 {
		return
	}
	n := 0
	for _, line := range strings.Split(e.Text, "\n") {
		w := fyne.MeasureText(line, theme.TextSize(), fyne.TextStyle{}).Width
		n += 1 + int(w/avail)
	}
	n = min(max(n, e.minRows), growMax)
	if n != e.rows {
		e.rows = n
		e.Entry.SetMinRowsVisible(n)
	}
}

func (e *entry) TypedRune(r rune) {
	e.act.seen()
	e.Entry.TypedRune(r)
	e.fit()
}

func (e *entry) TypedKey(k *fyne.KeyEvent) {
	e.act.seen()
	e.Entry.TypedKey(k)
	e.fit()
}

func (e *entry) TypedShortcut(s fyne.Shortcut) {
	e.act.seen()
	if e.act.handled(s) {
		return
	}
	e.Entry.TypedShortcut(s)
	e.fit() // a paste
}

func (e *entry) FocusLost() {
	e.Entry.FocusLost()
	if e.onBlur != nil {
		e.onBlur()
	}
}

func (e *entry) Tapped(ev *fyne.PointEvent) {
	e.act.seen()
	e.Entry.Tapped(ev)
}

func (e *entry) MouseDown(m *desktop.MouseEvent) {
	e.act.seen()
	e.Entry.MouseDown(m)
}

// activityLayer lies behind the content and sees the pointer wherever no
// widget claims it (labels, gaps, backgrounds).
type activityLayer struct {
	widget.BaseWidget
	act *activity
}

func newActivityLayer(act *activity) *activityLayer {
	l := &activityLayer{act: act}
	l.ExtendBaseWidget(l)
	return l
}

func (l *activityLayer) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

func (l *activityLayer) MouseIn(*desktop.MouseEvent)    { l.act.seen() }
func (l *activityLayer) MouseMoved(*desktop.MouseEvent) { l.act.seen() }
func (l *activityLayer) MouseOut()                      {}
func (l *activityLayer) Tapped(*fyne.PointEvent)        { l.act.seen() }

// tracked wraps content so pointer movement over it counts as activity.
func tracked(act *activity, content fyne.CanvasObject) fyne.CanvasObject {
	return container.NewStack(newActivityLayer(act), content)
}

// errorText is a short red message shown next to what it is about.
func errorText() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	return l
}

// errorBlock is a red message under a form, wrapped to its width.
func errorBlock() *widget.Label {
	l := errorText()
	l.Wrapping = fyne.TextWrapBreak
	return l
}

// setError shows msg in l (or clears it).
func setError(l interface{ SetText(string) }, msg string) {
	if lbl, ok := l.(*widget.Label); ok && lbl.Wrapping != fyne.TextWrapOff {
		lbl.Wrapping = wrapFor(msg)
	}
	l.SetText(msg)
}

// heading is a large bold title.
func heading(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameHeadingText
	return l
}

// paragraph is wrapped body text.
func paragraph(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = wrapFor(text)
	return l
}

// wrapFor wraps Chinese anywhere (word wrapping would break only at the
// rare spaces, leaving ragged lines) and other text at word boundaries.
func wrapFor(text string) fyne.TextWrap {
	for _, r := range text {
		if unicode.Is(unicode.Han, r) {
			return fyne.TextWrapBreak
		}
	}
	return fyne.TextWrapWord
}

// page centres a form-like column of at most width points.
func page(width float32, objs ...fyne.CanvasObject) fyne.CanvasObject {
	col := container.NewVBox(objs...)
	return newVScroll(container.NewCenter(container.New(&maxWidth{w: width}, col)))
}

// maxWidth lays out its single child at a fixed width (or the available
// width when smaller) and its own minimum height.
type maxWidth struct{ w float32 }

func (m *maxWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	s.Width = max(s.Width, m.w)
	return s
}

func (m *maxWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

// dialogSize makes file dialogs large enough to read folder names.
func dialogSize() fyne.Size { return fyne.NewSize(880, 580) }

// pickFolder shows Fyne's folder dialog and calls f with the chosen path.
func pickFolder(w fyne.Window, f func(path string)) {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			return
		}
		f(u.Path())
	}, w)
	showFileDialog(d)
}
