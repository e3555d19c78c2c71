package ui

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
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
	thursday := time.Date(2026, 11, 26, 9, 0, 0, 0, time.Local)
	h := screenHarness(t, thursday, fyne.NewSize(1300, 1400), func(d *Deps) { d.Groups = fg })
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
