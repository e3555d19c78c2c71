package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"xinqing/internal/ui/uitest"
)

// ---- fake services ----

// fakeVault keeps one vault per folder in memory and applies the same
// rules the real one does: a passphrase or a full sheet opens it, a
// wrong one is counted.
type fakeVault struct {
	mu       sync.Mutex
	def      string
	vaults   map[string]*fakeVaultDir
	unlocked string
	locks    int
	watchers map[int]func(SaveState)
	nextW    int
	state    SaveState
	elsewh   []string
}

type fakeVaultDir struct {
	pass    string
	sheet   Sheet
	failed  int
	damaged bool
	inUse   bool
}

func newFakeVault(t *testing.T) *fakeVault {
	return &fakeVault{def: filepath.Join(t.TempDir(), "vault"), vaults: map[string]*fakeVaultDir{}, watchers: map[int]func(SaveState){}}
}

// testSheet is 16 groups like AAAA1 … PPPP6.
func testSheet() Sheet {
	var s Sheet
	for i := range 16 {
		s.Groups = append(s.Groups, fmt.Sprintf("%c%c%c%c%d", 'A'+i, 'A'+i, 'K', 'Q', i%10))
	}
	return s
}

func (v *fakeVault) add(dir, pass string) *fakeVaultDir {
	v.mu.Lock()
	defer v.mu.Unlock()
	d := &fakeVaultDir{pass: pass, sheet: testSheet()}
	v.vaults[dir] = d
	return d
}

func (v *fakeVault) DefaultDir() string { return v.def }

func (v *fakeVault) Exists(dir string) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.vaults[dir] != nil
}

func (v *fakeVault) Create(ctx context.Context, dir, passphrase string) (Sheet, error) {
	if err := ctx.Err(); err != nil {
		return Sheet{}, err
	}
	if v.Exists(dir) {
		return Sheet{}, fmt.Errorf("create %s: %w", dir, ErrVaultExists)
	}
	d := v.add(dir, passphrase)
	v.mu.Lock()
	v.unlocked = dir
	v.mu.Unlock()
	return d.sheet, nil
}

func (v *fakeVault) open(dir string) (*fakeVaultDir, error) {
	d := v.vaults[dir]
	switch {
	case d == nil:
		return nil, ErrNoVault
	case d.inUse:
		return nil, fmt.Errorf("open: %w", ErrInUse)
	case d.damaged:
		return nil, fmt.Errorf("open: %w", ErrDamaged)
	}
	return d, nil
}

func (v *fakeVault) Unlock(_ context.Context, dir, passphrase string) (int, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	d, err := v.open(dir)
	if err != nil {
		return 0, err
	}
	if passphrase != d.pass {
		d.failed++
		return 0, fmt.Errorf("unwrap key slot: %w", ErrWrongPassphrase)
	}
	n := d.failed
	d.failed = 0
	v.unlocked = dir
	return n, nil
}

// checkSheet compares typed groups, ignoring spaces, line breaks and
// case, and names the first wrong group.
func checkSheet(want Sheet, typed string) error {
	got := strings.Fields(strings.ToUpper(typed))
	if len(got) != len(want.Groups) {
		return &SheetError{}
	}
	for i, g := range want.Groups {
		if got[i] != g {
			return &SheetError{Group: i + 1}
		}
	}
	return nil
}

func (v *fakeVault) UnlockWithSheet(_ context.Context, dir, sheet string) (int, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	d, err := v.open(dir)
	if err != nil {
		return 0, err
	}
	if err := checkSheet(d.sheet, sheet); err != nil {
		d.failed++
		return 0, fmt.Errorf("parse sheet: %w", err)
	}
	n := d.failed
	d.failed = 0
	v.unlocked = dir
	return n, nil
}

func (v *fakeVault) ResetPassphrase(_ context.Context, dir, sheet, newPassphrase string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	d, err := v.open(dir)
	if err != nil {
		return err
	}
	if err := checkSheet(d.sheet, sheet); err != nil {
		return fmt.Errorf("parse sheet: %w", err)
	}
	d.pass = newPassphrase
	return nil
}

func (v *fakeVault) Lock(context.Context) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.locks++
	v.unlocked = ""
	return nil
}

func (v *fakeVault) lockCount() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.locks
}

func (v *fakeVault) isUnlocked() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.unlocked != ""
}

func (v *fakeVault) SaveState() SaveState {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.state
}

func (v *fakeVault) WatchSaveState(f func(SaveState)) func() {
	v.mu.Lock()
	defer v.mu.Unlock()
	id := v.nextW
	v.nextW++
	v.watchers[id] = f
	return func() {
		v.mu.Lock()
		defer v.mu.Unlock()
		delete(v.watchers, id)
	}
}

func (v *fakeVault) emit(s SaveState) {
	v.mu.Lock()
	v.state = s
	var fs []func(SaveState)
	for _, f := range v.watchers {
		fs = append(fs, f)
	}
	v.mu.Unlock()
	for _, f := range fs {
		f(s)
	}
}

func (v *fakeVault) watcherCount() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return len(v.watchers)
}

func (v *fakeVault) SaveElsewhere(_ context.Context, dir string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.unlocked == "" {
		return ErrNoVault
	}
	v.elsewh = append(v.elsewh, dir)
	return nil
}

// fakePassphrase: fewer than 12 characters or a common word is refused.
type fakePassphrase struct{ n int }

func (p *fakePassphrase) Check(s string) (bool, int, string) {
	switch {
	case utf8.RuneCountInString(s) < 12:
		return false, 0, "少于 12 个字符"
	case strings.Contains(strings.ToLower(s), "password"):
		return false, 1, "含有常见词语"
	case utf8.RuneCountInString(s) < 20:
		return true, 3, ""
	}
	return true, 4, ""
}

func (p *fakePassphrase) Generate() string {
	p.n++
	return fmt.Sprintf("lan-shan-he-yun-qing-feng-%d", p.n)
}

// filePrinter writes the groups as text to the chosen path.
type filePrinter struct{}

func (filePrinter) WriteSheet(_ context.Context, path string, s Sheet) error {
	return os.WriteFile(path, []byte(strings.Join(s.Groups, " ")), 0o600)
}

type fakeSettings struct {
	mu     sync.Mutex
	school School
	saves  int
}

func (s *fakeSettings) School(context.Context) (School, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.school, nil
}

func (s *fakeSettings) SaveSchool(_ context.Context, sc School) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.school = sc
	s.saves++
	return nil
}

type fakeDemo struct{ v *fakeVault }

func (d fakeDemo) CreateDemo(_ context.Context, dir string) (string, error) {
	const pass = "yan-shi-xue-xiao-2026"
	if !d.v.Exists(dir) {
		d.v.add(dir, pass)
	}
	return pass, nil
}

// fakeClock fires timers when the test advances it.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	c       *fakeClock
	at      time.Time
	f       func()
	stopped bool
}

func (t *fakeTimer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	was := !t.stopped
	t.stopped = true
	return was
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) AfterFunc(d time.Duration, f func()) Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{c: c, at: c.now.Add(d), f: f}
	c.timers = append(c.timers, t)
	return t
}

// Advance moves the clock on, firing due timers in order (each at its
// own time).
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	end := c.now.Add(d)
	c.mu.Unlock()
	for {
		c.mu.Lock()
		var next *fakeTimer
		for _, t := range c.timers {
			if !t.stopped && !t.at.After(end) && (next == nil || t.at.Before(next.at)) {
				next = t
			}
		}
		if next == nil {
			c.now = end
			c.mu.Unlock()
			return
		}
		next.stopped = true
		c.now = next.at
		c.mu.Unlock()
		next.f()
	}
}

// ---- the harness ----

type harness struct {
	*uitest.Driver
	t        *testing.T
	app      fyne.App
	win      fyne.Window
	ui       *App
	vault    *fakeVault
	pass     *fakePassphrase
	settings *fakeSettings
	clock    *fakeClock
	restorer Restorer
	goRun    func(func()) // nil: inline
}

// newHarness builds the app on a headless window with fakes; work that
// would run in a goroutine runs inline so the test sees its result.
func newHarness(t *testing.T, prepare func(h *harness)) *harness {
	t.Helper()
	h := &harness{t: t, app: test.NewTempApp(t)}
	h.vault = newFakeVault(t)
	h.pass = &fakePassphrase{}
	h.settings = &fakeSettings{}
	h.clock = &fakeClock{now: time.Date(2026, 11, 28, 9, 0, 0, 0, time.Local)}
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
		Printer:    filePrinter{},
		Settings:   h.settings,
		Demo:       fakeDemo{h.vault},
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
