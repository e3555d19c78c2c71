package ui

import (
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"xinqing/internal/ui/uitest"
)

// ---- fakes: test helpers (the fakes are in fake*.go) ----

func newFakeVault(t *testing.T) *FakeVault {
	return NewFakeVault(filepath.Join(t.TempDir(), "vault"))
}

func (v *FakeVault) lockCount() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.locks
}

func (v *FakeVault) watcherCount() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return len(v.watchers)
}

// ---- the harness ----

type harness struct {
	*uitest.Driver
	t        *testing.T
	app      fyne.App
	win      fyne.Window
	ui       *App
	vault    *FakeVault
	pass     *FakePassphrase
	settings *FakeSettings
	clock    *FakeClock
	restorer Restorer
	goRun    func(func()) // nil: inline
}

// newHarness builds the app on a headless window with fakes; work that
// would run in a goroutine runs inline so the test sees its result.
func newHarness(t *testing.T, prepare func(h *harness)) *harness {
	t.Helper()
	h := &harness{t: t, app: test.NewTempApp(t)}
	h.vault = newFakeVault(t)
	h.pass = &FakePassphrase{}
	h.settings = &FakeSettings{}
	h.clock = &FakeClock{now: time.Date(2026, 11, 28, 9, 0, 0, 0, time.Local)}
	h.goRun = func(f func()) { f() }
	if prepare != nil {
		prepare(h)
	}
	rands := []int{3, 9}
	if h.win == nil {
		h.win = test.NewTempWindow(t, nil)
	}
	h.Driver = uitest.New(t, h.win)
	h.ui = New(h.app, h.win, Deps{
		Vault:      h.vault,
		Passphrase: h.pass,
		Printer:    FakePrinter{},
		Settings:   h.settings,
		Demo:       FakeDemo{Vault: h.vault},
		Clock:      h.clock,
		Rand: func(n int) int {
			r := rands[0] % n
			rands = append(rands[1:], rands[0])
			return r
		},
		Restorer: h.restorer,
		Go:       h.goRun,
	})
	h.app.Settings().SetTheme(NewTheme())
	h.win.Resize(fyne.NewSize(1100, 900))
	h.ui.Start()
	return h
}

// screenHarness is the app on a headless window with the fakes, its
// clock at now and slow work inline, for tests that show one screen;
// with adds the services the screen needs.
func screenHarness(t *testing.T, now time.Time, size fyne.Size, with func(d *Deps)) *harness {
	t.Helper()
	h := &harness{t: t, app: test.NewTempApp(t), win: test.NewTempWindow(t, nil)}
	h.Driver = uitest.New(t, h.win)
	h.vault, h.pass, h.settings, h.clock = newFakeVault(t), &FakePassphrase{}, &FakeSettings{}, NewFakeClock(now)
	d := Deps{Vault: h.vault, Passphrase: h.pass, Printer: FakePrinter{}, Settings: h.settings, Clock: h.clock,
		Go: func(f func()) { f() }}
	if with != nil {
		with(&d)
	}
	h.ui = New(h.app, h.win, d)
	h.app.Settings().SetTheme(NewTheme())
	h.win.Resize(size)
	return h
}

// entry is the first visible entry of the app's own type with the
// given placeholder.
func (h *harness) entry(placeholder string) *entry {
	h.t.Helper()
	e, ok := h.Input(placeholder).(*entry)
	if !ok {
		h.t.Fatalf("entry %q is not the app's entry", placeholder)
	}
	return e
}

// entries are the visible entries with placeholder, in screen order.
func (h *harness) entries(placeholder string) []*entry {
	var out []*entry
	for _, in := range h.Inputs(placeholder) {
		if e, ok := in.(*entry); ok {
			out = append(out, e)
		}
	}
	return out
}

func (f *FakeStudents) lastQuery() (StudentQuery, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.queries) == 0 {
		return StudentQuery{}, 0
	}
	return f.queries[len(f.queries)-1], len(f.queries)
}
