package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
)

// newReportsHarness is the app with the fake reports service on a
// headless window, slow work inline; show puts a screen in the window.
func newReportsHarness(t *testing.T) (*harness, *FakeReports) {
	t.Helper()
	f := newFakeReports(t)
	h := screenHarness(t, time.Date(2026, 11, 28, 9, 0, 0, 0, time.Local), fyne.NewSize(1200, 900),
		func(d *Deps) { d.Reports = f })
	h.settings.school = School{Name: "晴川实验中学", Stage: "junior", StudentCount: 800, ClassCount: 16,
		Preparer: "王老师", PreparerPhone: "0571-88888888", Reviewer: "李校长"}
	return h, f
}

func (h *harness) repShow(s Screen) {
	h.win.SetContent(s.Content())
}

func newFakeReports(t *testing.T) *FakeReports { return NewFakeReports(t.TempDir()) }
