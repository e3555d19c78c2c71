package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// editingScreen is a screen whose edits the test marks unsaved.
type editingScreen struct{ dirty bool }

func (e *editingScreen) Content() fyne.CanvasObject { return widget.NewLabel("editing") }
func (e *editingScreen) Unsaved() bool              { return e.dirty }

func TestTheNavigationAsksBeforeDroppingUnsavedEdits(t *testing.T) {
	h := newHarness(t, nil)
	a := h.ui
	ed := &editingScreen{dirty: true}
	a.shell = newShell(a, 0)
	a.shell.specs = []screenSpec{
		{"nav.workbench", theme.HomeIcon(), func(*App) Screen { return ed }},
		{"nav.students", theme.AccountIcon(), func(*App) Screen { return &editingScreen{} }},
	}
	a.shell.open(0)
	a.setContent(a.shell.view())

	a.shell.nav.Select(1)
	h.WantText("放弃未保存的修改？")
	h.Tap("否")
	if a.shell.current != Screen(ed) {
		t.Fatalf("got screen %T after keeping the edits, want the edited screen kept", a.shell.current)
	}
	a.shell.nav.Select(1)
	h.Tap("是")
	if a.shell.current == Screen(ed) {
		t.Fatal("the edited screen stayed after discarding")
	}

	// A screen without unsaved edits is left without a question.
	a.shell.nav.Select(0)
	ed.dirty = false
	a.shell.nav.Select(1)
	if a.shell.current == Screen(ed) {
		t.Fatal("a clean screen was kept")
	}
}
