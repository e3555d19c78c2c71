package ui

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"xinqing/internal/ui/uitest"
)

// formScroll is the innermost vertical scroll holding field (not the
// field's own), laid out as shown.
func formScroll(t *testing.T, win fyne.Window, field fyne.CanvasObject) *container.Scroll {
	t.Helper()
	own := uitest.Objects(field)
	var form *container.Scroll
	for _, o := range uitest.Objects(win.Content()) {
		if sc, ok := o.(*container.Scroll); ok && !slices.Contains(own, o) && slices.Contains(uitest.Objects(sc), field) {
			form = sc
		}
	}
	if form == nil {
		t.Fatal("the form is not in a scroll")
	}
	form.Refresh() // lay the shown editor out in its scroll
	if form.Content.MinSize().Height <= form.Size().Height {
		t.Fatalf("the form (%v high) fits its %v view; the test needs a long form", form.Content.MinSize().Height, form.Size().Height)
	}
	return form
}

// wheelOver brings field's top into view and turns the wheel over it by
// dy (negative: down); it returns the form's offset before and after.
func wheelOver(win fyne.Window, form *container.Scroll, field fyne.CanvasObject, dy float32) (before, after float32) {
	d := fyne.CurrentApp().Driver()
	rel := d.AbsolutePositionForObject(field).Y - d.AbsolutePositionForObject(form).Y + form.Offset.Y
	form.ScrollToOffset(fyne.NewPos(0, max(0, rel-40)))
	before = form.Offset.Y
	test.Scroll(win.Canvas(), d.AbsolutePositionForObject(field).Add(fyne.NewPos(20, 10)), 0, dy)
	return before, form.Offset.Y
}

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
	form := formScroll(t, h.win, e)
	if before, after := wheelOver(h.win, form, e, -60); after <= before {
		t.Fatalf("the wheel over the field left the form at offset %v (was %v)", after, before)
	}
	// and back up
	after := form.Offset.Y
	test.Scroll(h.win.Canvas(), fyne.CurrentApp().Driver().AbsolutePositionForObject(e).Add(fyne.NewPos(20, 10)), 0, 30)
	if form.Offset.Y >= after {
		t.Fatalf("the wheel up over the field left the form at offset %v (was %v)", form.Offset.Y, after)
	}
	// a one-line field passes the wheel on too
	one := fieldOf(t, p, "case_no").entry
	if before, after := wheelOver(h.win, form, one, -60); after <= before {
		t.Fatalf("the wheel over a one-line field left the form at offset %v (was %v)", after, before)
	}
}

// The wheel over a field with suggestions (接收机构) scrolls its form too.
func TestTheWheelOverASuggestionFieldScrollsTheForm(t *testing.T) {
	fc := NewFakeCases(testStudents()...)
	h, s := casesHarness(t, fc, newCrisisScreen)
	h.win.Resize(fyne.NewSize(1024, 600))
	cr := s.(*crisisScreen)
	cr.tabs.SelectIndex(1)
	p := cr.referrals
	h.Tap("新增转介")
	inst, ok := fieldOf(t, p, "institution").obj.(*suggestEntry)
	if !ok {
		t.Fatal("接收机构 is not a field with suggestions")
	}
	form := formScroll(t, h.win, inst)
	if before, after := wheelOver(h.win, form, inst, -60); after <= before {
		t.Fatalf("the wheel over 接收机构 left the form at offset %v (was %v)", after, before)
	}
}

// Which fields keep the wheel for their own text: a multi-line field of
// a fixed height (the week's periods) and a grown one at its most rows;
// a grown note below that and a one-line field pass it on.
func TestOnlyAFieldHoldingMoreThanItShowsKeepsTheWheel(t *testing.T) {
	test.NewTempApp(t)
	keeps := func(e *entry) bool {
		r, ok := test.WidgetRenderer(e).(*wheelRenderer)
		if !ok {
			t.Fatal("the entry has no wheel pass")
		}
		return r.pass.own()
	}
	fixed := newEntry(nil)
	fixed.MultiLine = true
	fixed.SetMinRowsVisible(6)
	grown := newMultiLineEntry(nil)
	full := newMultiLineEntry(nil)
	full.rows = growMax
	for _, c := range []struct {
		name string
		e    *entry
		want bool
	}{{"fixed multi-line", fixed, true}, {"grown note", grown, false}, {"note at the most rows", full, true}, {"one-line", newEntry(nil), false}} {
		if got := keeps(c.e); got != c.want {
			t.Errorf("%s: keeps the wheel %v, want %v", c.name, got, c.want)
		}
	}
}
