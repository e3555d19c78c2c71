package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"xinqing/internal/ui/uitest"
)

// newReportsHarness is the app with the fake reports service on a
// headless window, slow work inline; show puts a screen in the window.
func newReportsHarness(t *testing.T) (*harness, *FakeReports) {
	t.Helper()
	f := newFakeReports(t)
	h := &harness{t: t, app: test.NewTempApp(t)}
	h.vault = newFakeVault(t)
	h.pass = &FakePassphrase{}
	h.settings = &FakeSettings{school: School{Name: "晴川实验中学", Stage: "junior", StudentCount: 800, ClassCount: 16,
		Preparer: "王老师", PreparerPhone: "0571-88888888", Reviewer: "李校长"}}
	h.clock = &FakeClock{now: time.Date(2026, 11, 28, 9, 0, 0, 0, time.Local)}
	h.win = test.NewTempWindow(t, nil)
	h.Driver = uitest.New(t, h.win)
	h.win.Resize(fyne.NewSize(1200, 900))
	h.ui = New(h.app, h.win, Deps{
		Vault: h.vault, Passphrase: h.pass, Printer: FakePrinter{}, Settings: h.settings,
		Reports: f, Clock: h.clock, Go: func(fn func()) { fn() },
	})
	return h, f
}

func (h *harness) repShow(s Screen) {
	h.win.SetContent(s.Content())
}

func newFakeReports(t *testing.T) *FakeReports { return NewFakeReports(t.TempDir()) }
