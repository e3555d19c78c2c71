// Package uitest works the app's window in tests as a user would: it
// finds widgets by their visible label, placeholder or text, taps, types
// and reads what the screen and its dialogs show. It runs on Fyne's
// headless test driver and knows nothing of the screens themselves, so
// the tests of package ui and those that drive the real services share
// it.
package uitest

import (
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// Driver walks one window.
type Driver struct {
	t   testing.TB
	win fyne.Window
}

// New returns a driver of win; failures end t.
func New(t testing.TB, win fyne.Window) *Driver { return &Driver{t: t, win: win} }

// Input is any text entry of the app (its own entry type embeds
// widget.Entry).
type Input interface {
	fyne.Focusable
	SetText(string)
}

// Objects lists o and every visible object under it, skipping hidden
// subtrees, in screen order.
func Objects(o fyne.CanvasObject) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	walk(o, false, func(o fyne.CanvasObject) { out = append(out, o) })
	return out
}

// walk visits o and the objects under it in screen order; hidden ones
// and their subtrees only with all.
func walk(o fyne.CanvasObject, all bool, visit func(fyne.CanvasObject)) {
	if o == nil || (!all && !o.Visible()) {
		return
	}
	visit(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walk(c, all, visit)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			walk(c, all, visit)
		}
	}
}

// Texts is every text among objs, one per line.
func Texts(objs []fyne.CanvasObject) string {
	var b strings.Builder
	for _, o := range objs {
		switch x := o.(type) {
		case *canvas.Text:
			b.WriteString(x.Text + "\n")
		case *widget.Label:
			b.WriteString(x.Text + "\n")
		case interface{ PlainText() string }: // a message that breaks its own lines
			b.WriteString(x.PlainText() + "\n")
		}
	}
	return b.String()
}

// Placeholder is the placeholder of an entry (of any type embedding
// widget.Entry); ok is false for other objects.
func Placeholder(o fyne.CanvasObject) (string, bool) {
	v := reflect.ValueOf(o)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return "", false
	}
	f := v.Elem().FieldByName("PlaceHolder")
	if !f.IsValid() || f.Kind() != reflect.String {
		return "", false
	}
	if _, ok := o.(Input); !ok {
		return "", false
	}
	return f.String(), true
}

// TypeInto replaces the entry's text by typing s.
func TypeInto(e Input, s string) {
	e.SetText("")
	test.Type(e, s)
}

// Submit presses Return in e.
func Submit(e fyne.Focusable) {
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

// Window is the driven window.
func (d *Driver) Window() fyne.Window { return d.win }

// Visible lists every visible object of the window, dialogs included.
func (d *Driver) Visible() []fyne.CanvasObject {
	out := Objects(d.win.Canvas().Content())
	for _, o := range d.win.Canvas().Overlays().List() {
		out = append(out, Objects(o)...)
	}
	return out
}

// Dialog lists what the topmost dialog shows; the test fails without one.
func (d *Driver) Dialog() []fyne.CanvasObject {
	d.t.Helper()
	top := d.win.Canvas().Overlays().Top()
	if top == nil {
		d.t.Fatalf("no dialog is open; screen shows:\n%s", d.Texts())
	}
	return Objects(top)
}

// Texts is every visible text, one per line.
func (d *Driver) Texts() string { return Texts(d.Visible()) }

// Shows reports whether some visible text contains s.
func (d *Driver) Shows(s string) bool { return strings.Contains(d.Texts(), s) }

// WantText fails the test unless some visible text contains s.
func (d *Driver) WantText(s string) {
	d.t.Helper()
	if !d.Shows(s) {
		d.t.Fatalf("screen does not show %q; it shows:\n%s", s, d.Texts())
	}
}

// WantNoText fails the test if some visible text contains s.
func (d *Driver) WantNoText(s string) {
	d.t.Helper()
	if d.Shows(s) {
		d.t.Fatalf("screen shows %q, want it gone; it shows:\n%s", s, d.Texts())
	}
}

// Button is the first visible button labelled text.
func (d *Driver) Button(text string) *widget.Button {
	d.t.Helper()
	for _, o := range d.Visible() {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	d.t.Fatalf("no visible button %q; screen shows:\n%s", text, d.Texts())
	return nil
}

// Tap taps the first enabled visible button labelled text.
func (d *Driver) Tap(text string) {
	d.t.Helper()
	disabled := false
	for _, o := range d.Visible() {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			if !b.Disabled() {
				test.Tap(b)
				return
			}
			disabled = true
		}
	}
	if disabled {
		d.t.Fatalf("button %q is disabled", text)
	}
	d.t.Fatalf("no visible button %q; screen shows:\n%s", text, d.Texts())
}

// Inputs are the visible entries with placeholder p, in screen order.
func (d *Driver) Inputs(p string) []Input {
	var out []Input
	for _, o := range d.Visible() {
		if ph, ok := Placeholder(o); ok && ph == p {
			out = append(out, o.(Input))
		}
	}
	return out
}

// Input is the first visible entry with placeholder p.
func (d *Driver) Input(p string) Input {
	d.t.Helper()
	in := d.Inputs(p)
	if len(in) == 0 {
		d.t.Fatalf("no visible entry %q; screen shows:\n%s", p, d.Texts())
	}
	return in[0]
}

// Fill types into the first entry of each placeholder: pairs are
// placeholder, text, placeholder, text, ….
func (d *Driver) Fill(pairs ...string) {
	d.t.Helper()
	for i := 0; i+1 < len(pairs); i += 2 {
		TypeInto(d.Input(pairs[i]), pairs[i+1])
	}
}

// Checks are the visible check boxes labelled text, in screen order.
func (d *Driver) Checks(text string) []*widget.Check {
	var out []*widget.Check
	for _, o := range d.Visible() {
		if c, ok := o.(*widget.Check); ok && c.Text == text {
			out = append(out, c)
		}
	}
	return out
}

// Check taps the i-th visible check box labelled text.
func (d *Driver) Check(text string, i int) {
	d.t.Helper()
	cs := d.Checks(text)
	if i >= len(cs) {
		d.t.Fatalf("no check %q number %d", text, i)
	}
	test.Tap(cs[i])
}

// Select chooses option in the visible select showing current (or, when
// current is "", the first one still showing its placeholder) that
// offers it.
func (d *Driver) Select(current, option string) {
	d.t.Helper()
	for _, o := range d.Visible() {
		if s, ok := o.(*widget.Select); ok && (s.Selected == current || (current == "" && s.PlaceHolder != "")) {
			for _, opt := range s.Options {
				if opt == option {
					s.SetSelected(option)
					return
				}
			}
		}
	}
	d.t.Fatalf("no select showing %q that offers %q", current, option)
}

// Lists are the visible lists, in screen order.
func (d *Driver) Lists() []*widget.List {
	var out []*widget.List
	for _, o := range d.Visible() {
		if l, ok := o.(*widget.List); ok {
			out = append(out, l)
		}
	}
	return out
}

// Nav selects the entry labelled name of the first list (the shell's
// navigation).
func (d *Driver) Nav(name string) {
	d.t.Helper()
	lists := d.Lists()
	if len(lists) == 0 {
		d.t.Fatalf("no list on screen; it shows:\n%s", d.Texts())
	}
	nav := lists[0]
	var labels []string
	for _, o := range test.WidgetRenderer(nav).Objects() {
		walk(o, true, func(o fyne.CanvasObject) { // hidden rows count too: they hold an index
			if l, ok := o.(*widget.Label); ok {
				labels = append(labels, l.Text)
			}
		})
	}
	for i, l := range labels {
		if l == name {
			nav.Select(i)
			return
		}
	}
	d.t.Fatalf("no navigation entry %q in %v", name, labels)
}

// Tabs is the first visible tab container.
func (d *Driver) Tabs() *container.AppTabs {
	d.t.Helper()
	for _, o := range d.Visible() {
		if t, ok := o.(*container.AppTabs); ok {
			return t
		}
	}
	d.t.Fatalf("no tabs on screen; it shows:\n%s", d.Texts())
	return nil
}

// Tab selects the visible tab named name.
func (d *Driver) Tab(name string) {
	d.t.Helper()
	for _, o := range d.Visible() {
		if t, ok := o.(*container.AppTabs); ok {
			for _, it := range t.Items {
				if it.Text == name {
					t.Select(it)
					return
				}
			}
		}
	}
	d.t.Fatalf("no tab %q", name)
}

// Field is the widget of the visible form row labelled label.
func (d *Driver) Field(label string) fyne.CanvasObject {
	d.t.Helper()
	for _, o := range d.Visible() {
		if f, ok := o.(*widget.Form); ok {
			for _, it := range f.Items {
				if it.Text == label {
					if c, ok := it.Widget.(*fyne.Container); ok && len(c.Objects) > 0 {
						// a date is its entry with a calendar button beside it
						if in, ok := c.Objects[0].(*fyne.Container); ok && len(in.Objects) == 2 {
							if _, isBtn := in.Objects[1].(*widget.Button); isBtn {
								return in.Objects[0]
							}
						}
						// a long row of choices scrolls sideways
						if sc, ok := c.Objects[0].(*container.Scroll); ok {
							return sc.Content
						}
						return c.Objects[0]
					}
					return it.Widget
				}
			}
		}
	}
	d.t.Fatalf("no visible form row %q; screen shows:\n%s", label, d.Texts())
	return nil
}

// Fatalf ends the test with the message and what the screen shows.
func (d *Driver) Fatalf(format string, args ...any) {
	d.t.Helper()
	d.t.Fatalf(format+"; screen shows:\n%s", append(args, d.Texts())...)
}

// FillDialog types texts into the app's entries of the topmost dialog
// in order ("" leaves one alone), chooses options in its selects in
// order, and taps 确定. Plain widget.Entry objects are parts of other
// widgets, not fields, and are skipped.
func (d *Driver) FillDialog(texts, options []string) {
	d.t.Helper()
	var entries []Input
	var selects []*widget.Select
	for _, o := range d.Dialog() {
		switch x := o.(type) {
		case *widget.Select:
			selects = append(selects, x)
		case *widget.Entry, *widget.Button: // a button (a date's calendar) has SetText too
		case Input:
			entries = append(entries, x)
		}
	}
	if len(texts) > len(entries) || len(options) > len(selects) {
		d.Fatalf("the dialog has %d entries and %d selects, want %d and %d", len(entries), len(selects), len(texts), len(options))
	}
	for i, s := range texts {
		if s != "" {
			TypeInto(entries[i], s)
		}
	}
	for i, s := range options {
		selects[i].SetSelected(s)
		if selects[i].Selected != s {
			d.Fatalf("the dialog offers %v, not %q", selects[i].Options, s)
		}
	}
	d.Tap("确定")
}
