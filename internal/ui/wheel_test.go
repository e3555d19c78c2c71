package ui

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"xinqing/internal/ui/uitest"
)

// The wheel over a multi-line field of a long form scrolls the form: the
// field is as tall as its text, and its own inner scroll would otherwise
// take the wheel and do nothing with it. So does the wheel over a
// one-line field.
func TestTheWheelOverANoteScrollsTheForm(t *testing.T) {
	fc := NewFakeCases(testStudents()...)
	h, s := casesHarness(t, fc, newCasesScreen)
	h.win.Resize(fyne.NewSize(1024, 600))
	p := s.(*casesScreen).cases
	h.Tap("新建个案")
	e := fieldOf(t, p, "presenting_problem").entry
	if e == nil || !e.grow {
		t.Fatal("the presenting problem is not a growing multi-line field")
	}
	uitest.TypeInto(e, "近期考试焦虑，入睡困难")

	// the form's scroll: the innermost vertical scroll holding the field,
	// not the field's own
	own := uitest.Objects(e)
	var form *container.Scroll
	for _, o := range uitest.Objects(h.win.Content()) {
		if sc, ok := o.(*container.Scroll); ok && !slices.Contains(own, o) && slices.Contains(uitest.Objects(sc), fyne.CanvasObject(e)) {
			form = sc
		}
	}
	if form == nil {
		t.Fatal("the case form is not in a scroll")
	}
	if form.Content.MinSize().Height <= form.Size().Height {
		t.Fatalf("the form (%v high) fits its %v view; the test needs a long form", form.Content.MinSize().Height, form.Size().Height)
	}
	d := fyne.CurrentApp().Driver()
	form.Refresh() // lay the shown editor out in its scroll
	// bring the field's top into view, with room left to scroll down
	rel := d.AbsolutePositionForObject(e).Y - d.AbsolutePositionForObject(form).Y + form.Offset.Y
	form.ScrollToOffset(fyne.NewPos(0, max(0, rel-40)))
	before := form.Offset.Y
	if form.Content.MinSize().Height-before <= form.Size().Height {
		t.Fatalf("nothing left to scroll below the field (offset %v)", before)
	}

	at := d.AbsolutePositionForObject(e).Add(fyne.NewPos(20, 10))
	test.Scroll(h.win.Canvas(), at, 0, -60)
	if form.Offset.Y <= before {
		t.Fatalf("the wheel over the field left the form at offset %v (was %v)", form.Offset.Y, before)
	}
	// and back up
	after := form.Offset.Y
	test.Scroll(h.win.Canvas(), d.AbsolutePositionForObject(e).Add(fyne.NewPos(20, 10)), 0, 30)
	if form.Offset.Y >= after {
		t.Fatalf("the wheel up over the field left the form at offset %v (was %v)", form.Offset.Y, after)
	}
	// a one-line field passes the wheel on too
	one := fieldOf(t, p, "case_no").entry
	rel = d.AbsolutePositionForObject(one).Y - d.AbsolutePositionForObject(form).Y + form.Offset.Y
	form.ScrollToOffset(fyne.NewPos(0, max(0, rel-40)))
	before = form.Offset.Y
	test.Scroll(h.win.Canvas(), d.AbsolutePositionForObject(one).Add(fyne.NewPos(20, 10)), 0, -60)
	if form.Offset.Y <= before {
		t.Fatalf("the wheel over a one-line field left the form at offset %v (was %v)", form.Offset.Y, before)
	}
}
