package ui

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
	"xinqing/internal/ui/uitest"
)

func (f *FakeGroups) put(rec casework.Record) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.next++
	rec.Base().ID = fmt.Sprintf("%s-%03d", rec.RecordKind(), f.next)
	f.recs[rec.RecordKind()] = append(f.recs[rec.RecordKind()], rec)
}

// groupsHarness shows one screen of the area on a headless window, with
// slow work run inline.
func groupsHarness(t *testing.T, fg *FakeGroups, build func(a *App) Screen) (*harness, Screen) {
	t.Helper()
	h := &harness{t: t, app: test.NewTempApp(t)}
	h.win = test.NewTempWindow(t, nil)
	h.Driver = uitest.New(t, h.win)
	h.clock = &FakeClock{now: time.Date(2026, 11, 26, 9, 0, 0, 0, time.Local)} // a Thursday
	h.ui = New(h.app, h.win, Deps{
		Vault: newFakeVault(t), Passphrase: &FakePassphrase{}, Printer: FakePrinter{}, Settings: &FakeSettings{},
		Groups: fg, Clock: h.clock, Go: func(f func()) { f() },
	})
	h.app.Settings().SetTheme(NewTheme())
	h.win.Resize(fyne.NewSize(1300, 1400))
	s := build(h.ui)
	h.win.SetContent(s.Content())
	return h, s
}

// iconButtons are the visible text-less buttons with icon up, down or
// delete (the row buttons of the sub-row editors), in screen order.
func (h *harness) iconButtons(which string) []*widget.Button {
	icon := map[string]fyne.Resource{"up": theme.MoveUpIcon(), "down": theme.MoveDownIcon(), "delete": theme.DeleteIcon()}[which]
	var out []*widget.Button
	for _, o := range h.Visible() {
		if b, ok := o.(*widget.Button); ok && b.Text == "" && b.Icon != nil && b.Icon.Name() == icon.Name() {
			out = append(out, b)
		}
	}
	return out
}

// weeklyScreen shows the weekly grid alone.
type weeklyScreen struct{ w *weeklyGrid }

func (s weeklyScreen) Content() fyne.CanvasObject { return s.w.content() }
