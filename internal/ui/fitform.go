package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The smallest window the app is laid out for (a counseling-room laptop
// or a classroom projector): nothing on screen may ask for more.
const (
	minWindowWidth  = 1024
	minWindowHeight = 600
)

// formWideAt is the width from which a form puts its labels beside the
// fields; narrower, the labels go above, so a form never asks the window
// for more width than its widest field.
const formWideAt = 760

// fitForm lays out form to the width it is given: labels beside the
// fields when there is room, above them when not. Its minimum width is
// that of the stacked form, so a long label or a wide field never forces
// the window wider.
func fitForm(form *widget.Form) fyne.CanvasObject {
	form.Orientation = widget.Vertical
	return container.New(&fitFormLayout{form: form, vertical: true}, form)
}

type fitFormLayout struct {
	form     *widget.Form
	vertical bool
}

func (l *fitFormLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if want := size.Width < formWideAt; want != l.vertical {
		l.vertical = want
		l.form.Orientation = widget.Horizontal
		if want {
			l.form.Orientation = widget.Vertical
		}
		l.form.Refresh()
	}
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// MinSize is as wide as the stacked form (the widest field or label)
// and as tall as the form as it is now laid out.
func (l *fitFormLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := l.form.MinSize().Height
	var w float32
	pad := 2 * theme.InnerPadding()
	for _, it := range l.form.Items {
		if it.Widget != nil && it.Widget.Visible() {
			w = max(w, it.Widget.MinSize().Width)
		}
		w = max(w, fyne.MeasureText(it.Text, theme.TextSize(), fyne.TextStyle{Bold: true}).Width+pad)
	}
	return fyne.NewSize(w+pad, h)
}

// textCard is a card whose explanation wraps to the card's width (a
// card's own subtitle is one line that would widen the window).
func textCard(title, body string, content fyne.CanvasObject) *widget.Card {
	l := widget.NewLabel(body)
	l.Wrapping = fyne.TextWrapWord
	return widget.NewCard(title, "", container.NewVBox(l, content))
}
