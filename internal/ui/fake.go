package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"xinqing/internal/casework"
)

// The fakes are memory-only services with the rules of the real ones.
// They back the screen tests and -preview (one set for both), and the
// contract suite of internal/desktop runs the same behaviour against
// them and against the real services, so that they cannot drift apart.

// FakeDeps returns linked fakes of every service, with folders under
// dir: the settings and the demo live in the fake vault, and the case
// and groups services see the students of the student service.
func FakeDeps(dir string) Deps {
	v := NewFakeVault(filepath.Join(dir, "vault"))
	s := &FakeSettings{Vault: v}
	students := NewFakeStudents()
	cases, groups := NewFakeCases(), NewFakeGroups()
	cases.roster, groups.roster, students.cases = students, students, cases
	reports := NewFakeReports(dir)
	reports.vault, reports.damagedSample = v, false
	reports.status = BackupStatus{Reminder: 1} // a new vault has no backup yet
	students.reports = reports
	changes := &FakeChanges{}
	appts := NewFakeAppointments(cases)
	appts.changes = changes
	cases.changes, groups.changes, reports.changes, students.changes = changes, changes, changes, changes
	resultsImport := NewFakeResultsImport(students, groups)
	resultsImport.changes = changes
	reports.count = func(k casework.Kind) int {
		switch {
		case k == casework.KindStudent:
			return len(students.list())
		case fakeCaseKind(k) == nil:
			recs, _ := cases.Records(context.Background(), k, RecordFilter{})
			return len(recs)
		}
		return len(groups.all(k))
	}
	return Deps{
		Vault:      v,
		Passphrase: &FakePassphrase{},
		Printer:    FakePrinter{},
		Settings:   s,
		Demo:       FakeDemo{Vault: v, Settings: s},
		Cases:      cases,
		Students:   students,
		Groups:     groups,
		Reports:    reports,
		Places:     NewFakePlaces(v),
		Changes:    changes,
		Results:    NewFakeResults(groups, cases, changes),
		Search:     &FakeSearch{students: students, cases: cases, groups: groups},

		Appointments:  appts,
		ResultsImport: resultsImport,
	}
}

// errFakeLocked is what the fakes say when no vault is unlocked.
var errFakeLocked = errors.New("no vault is unlocked")

// FakeVault keeps one vault per folder in memory: a passphrase or a full
// recovery sheet opens it, a wrong one is counted.
type FakeVault struct {
	// Delay is how long Create and Unlock take (the real key derivation
	// takes about a second); a cancelled context ends the wait.
	Delay time.Duration

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

// NewFakeVault returns a fake vault whose default folder is def.
func NewFakeVault(def string) *FakeVault {
	return &FakeVault{def: def, vaults: map[string]*fakeVaultDir{}, watchers: map[int]func(SaveState){}}
}

// fakeSheet is the recovery sheet of every fake vault: 15 groups like
// the real one, AAKQ0 … OOKQ4.
func fakeSheet() Sheet {
	var s Sheet
	for i := range 15 {
		s.Groups = append(s.Groups, fmt.Sprintf("%c%c%c%c%d", 'A'+i, 'A'+i, 'K', 'Q', i%10))
	}
	return s
}

func (v *FakeVault) add(dir, pass string) *fakeVaultDir {
	v.mu.Lock()
	defer v.mu.Unlock()
	d := &fakeVaultDir{pass: pass, sheet: fakeSheet()}
	v.vaults[dir] = d
	return d
}

// wait takes Delay unless ctx ends first.
func (v *FakeVault) wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if v.Delay <= 0 {
		return nil
	}
	t := time.NewTimer(v.Delay)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (v *FakeVault) DefaultDir() string { return v.def }

func (v *FakeVault) Exists(dir string) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.vaults[dir] != nil
}

func (v *FakeVault) Create(ctx context.Context, dir, passphrase string) (Sheet, error) {
	if err := v.wait(ctx); err != nil {
		return Sheet{}, fmt.Errorf("create %s: %w", dir, err)
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

func (v *FakeVault) open(dir string) (*fakeVaultDir, error) {
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

func (v *FakeVault) Unlock(ctx context.Context, dir, passphrase string) (int, error) {
	if err := v.wait(ctx); err != nil {
		return 0, fmt.Errorf("unlock: %w", err)
	}
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

// checkSheet compares typed groups as the real sheet parser does:
// spaces, dashes, line breaks and case are ignored; it names the first
// wrong group, else the first missing one, else the last when too much
// was typed, and group 0 when nothing was.
func checkSheet(want Sheet, typed string) error {
	typed = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) || r == '_' {
			return -1
		}
		return unicode.ToUpper(r)
	}, typed)
	if typed == "" {
		return &SheetError{}
	}
	for i, g := range want.Groups {
		n := min(len(typed), len(g))
		if typed[:n] != g[:n] || n < len(g) {
			return &SheetError{Group: i + 1}
		}
		typed = typed[n:]
	}
	if typed != "" {
		return &SheetError{Group: len(want.Groups)}
	}
	return nil
}

func (v *FakeVault) UnlockWithSheet(_ context.Context, dir, sheet string) (int, error) {
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

func (v *FakeVault) ResetPassphrase(_ context.Context, dir, sheet, newPassphrase string) error {
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

func (v *FakeVault) Lock(context.Context) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.locks++
	v.unlocked = ""
	return nil
}

func (v *FakeVault) isUnlocked() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.unlocked != ""
}

func (v *FakeVault) SaveState() SaveState {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.state
}

func (v *FakeVault) WatchSaveState(f func(SaveState)) func() {
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

// emit sets the save state and tells the watchers.
func (v *FakeVault) emit(s SaveState) {
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

func (v *FakeVault) SaveElsewhere(_ context.Context, dir string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.unlocked == "" {
		return ErrNoVault
	}
	v.elsewh = append(v.elsewh, dir)
	return nil
}

// FakePassphrase refuses fewer than 12 characters or a common word.
type FakePassphrase struct {
	mu sync.Mutex
	n  int
}

func (p *FakePassphrase) Check(s string) (bool, int, string) {
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

func (p *FakePassphrase) Generate() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	return fmt.Sprintf("lan-shan-he-yun-qing-feng-%d", p.n)
}

// FakePrinter writes the recovery sheet as numbered lines of text (the
// real one writes a PDF).
type FakePrinter struct{}

func (FakePrinter) WriteSheet(_ context.Context, path string, s Sheet) error {
	var b strings.Builder
	if s.School != "" {
		fmt.Fprintf(&b, "学校：%s\n", s.School)
	}
	for i, g := range s.Groups {
		fmt.Fprintf(&b, "%2d. %s\n", i+1, g)
	}
	return os.WriteFile(path, []byte(b.String()), 0o600)
}

// FakeSettings keeps the school profile. With Vault set, it is readable
// only while that vault is unlocked and each save shows in its save
// state, as with the real vault.
type FakeSettings struct {
	Vault *FakeVault

	mu     sync.Mutex
	school School
	saves  int
}

func (s *FakeSettings) locked() bool { return s.Vault != nil && !s.Vault.isUnlocked() }

func (s *FakeSettings) School(context.Context) (School, error) {
	if s.locked() {
		return School{}, errFakeLocked
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.school, nil
}

func (s *FakeSettings) SaveSchool(_ context.Context, sc School) error {
	if s.locked() {
		return errFakeLocked
	}
	if s.Vault != nil {
		s.Vault.emit(SaveState{Status: Saving})
	}
	s.mu.Lock()
	s.school = sc
	s.saves++
	s.mu.Unlock()
	if s.Vault != nil {
		s.Vault.emit(SaveState{Status: Saved, At: time.Now()})
	}
	return nil
}

// FakeDemo makes the demo vault in the fake vault (and, with Settings
// set, its school profile).
type FakeDemo struct {
	Vault    *FakeVault
	Settings *FakeSettings
}

// FakeDemoPassphrase is the published passphrase of the fake demo.
const FakeDemoPassphrase = "yan-shi-xue-xiao-2026"

// DemoPassphrase implements Demo.
func (d FakeDemo) DemoPassphrase() string { return FakeDemoPassphrase }

func (d FakeDemo) CreateDemo(_ context.Context, dir string) (string, error) {
	if d.Vault.Exists(dir) {
		return FakeDemoPassphrase, nil
	}
	d.Vault.add(dir, FakeDemoPassphrase)
	if d.Settings != nil {
		d.Settings.mu.Lock()
		d.Settings.school = School{Name: "晴川市第一实验中学（演示）", County: "晴川区", Stage: "junior"}
		d.Settings.mu.Unlock()
	}
	return FakeDemoPassphrase, nil
}

// FakeClock fires its timers when Advance moves it on.
type FakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
}

// NewFakeClock returns a clock standing at now.
func NewFakeClock(now time.Time) *FakeClock { return &FakeClock{now: now} }

type fakeTimer struct {
	c       *FakeClock
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

func (c *FakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *FakeClock) AfterFunc(d time.Duration, f func()) Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{c: c, at: c.now.Add(d), f: f}
	c.timers = append(c.timers, t)
	return t
}

// Advance moves the clock on, firing due timers in order (each at its
// own time).
func (c *FakeClock) Advance(d time.Duration) {
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

// FakeChanges tells the watchers about every save and delete of the
// fakes, as the application layer does for the real services.
type FakeChanges struct {
	mu     sync.Mutex
	next   int
	listen map[int]func(Change)
}

// WatchChanges implements Changes.
func (c *FakeChanges) WatchChanges(f func(Change)) (stop func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.listen == nil {
		c.listen = map[int]func(Change){}
	}
	id := c.next
	c.next++
	c.listen[id] = f
	return func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		delete(c.listen, id)
	}
}

// Emit tells every watcher that records of kinds changed (none: any).
// A nil FakeChanges tells nobody.
func (c *FakeChanges) Emit(kinds ...casework.Kind) {
	if c == nil {
		return
	}
	c.mu.Lock()
	fs := make([]func(Change), 0, len(c.listen))
	for _, f := range c.listen {
		fs = append(fs, f)
	}
	c.mu.Unlock()
	for _, f := range fs {
		f(Change{Kinds: kinds})
	}
}
