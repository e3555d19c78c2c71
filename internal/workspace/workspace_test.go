package workspace

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"xinqing/internal/backup"
	"xinqing/internal/casework"
	"xinqing/internal/vault"
	"xinqing/internal/vault/keyslot"
)

const pass = "correct horse battery staple 晴"

// manualTimers lets a test fire autosaves by hand and see their delays.
type manualTimers struct {
	mu      sync.Mutex
	pending []*manualTimer
}

type manualTimer struct {
	d       time.Duration
	f       func()
	stopped bool
}

func (t *manualTimer) Stop() bool { s := !t.stopped; t.stopped = true; return s }

func (m *manualTimers) AfterFunc(d time.Duration, f func()) Timer {
	m.mu.Lock()
	defer m.mu.Unlock()
	t := &manualTimer{d: d, f: f}
	m.pending = append(m.pending, t)
	return t
}

// live returns the timers not stopped.
func (m *manualTimers) live() []*manualTimer {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []*manualTimer
	for _, t := range m.pending {
		if !t.stopped {
			out = append(out, t)
		}
	}
	return out
}

func testOptions(now func() time.Time, timers *manualTimers) Options {
	o := Options{
		Vault: vault.Options{KDF: keyslot.Params{MemoryKiB: 64, Time: 1, Threads: 1}, AllowWeakKDF: true},
		Now:   now,
	}
	if timers != nil {
		o.AfterFunc = timers.AfterFunc
	}
	return o
}

func newWorkspace(t *testing.T) (*Workspace, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "vault")
	w, identity, err := Create(bg, dir, pass, testOptions(nil, nil))
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if identity == "" {
		t.Fatal("Create returned no identity for the recovery sheet")
	}
	return w, dir
}

func TestCreateThenOpenFindsTheFirstGeneration(t *testing.T) {
	w, dir := newWorkspace(t)
	if got := w.State(); got.Kind != Saved || got.Gen != 1 {
		t.Fatalf("state after create: got %+v, want saved generation 1", got)
	}
	if err := w.Lock(bg); err != nil {
		t.Fatal(err)
	}
	w2, err := Open(bg, dir, pass, testOptions(nil, nil))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer w2.Lock(bg)
	if got := w2.Report().Gen; got != 1 {
		t.Errorf("opened generation: got %d, want 1", got)
	}
	if len(w2.Report().Lost) != 0 {
		t.Errorf("lost saves: %+v", w2.Report().Lost)
	}
}

func TestWrongPassphrasesAreCountedAndShownOnce(t *testing.T) {
	w, dir := newWorkspace(t)
	w.Lock(bg)
	for i := 0; i < 3; i++ {
		if _, err := Open(bg, dir, "not the passphrase at all", testOptions(nil, nil)); !errors.Is(err, vault.ErrWrongKey) {
			t.Fatalf("wrong passphrase: got %v, want ErrWrongKey", err)
		}
	}
	w2, err := Open(bg, dir, pass, testOptions(nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	if got := w2.FailedAttempts(); got != 3 {
		t.Errorf("failed attempts: got %d, want 3", got)
	}
	w2.Lock(bg)
	w3, err := Open(bg, dir, pass, testOptions(nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	defer w3.Lock(bg)
	if got := w3.FailedAttempts(); got != 0 {
		t.Errorf("failed attempts after they were shown: got %d, want 0", got)
	}
}

func TestAutosaveWaitsForQuietButNotLongerThanMaxDelay(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	now := time.Date(2026, 11, 28, 15, 30, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	timers := &manualTimers{}
	w, _, err := Create(bg, dir, pass, testOptions(clock, timers))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Lock(bg)

	w.Changed()
	if got := w.State().Kind; got != Dirty {
		t.Fatalf("state after an edit: got %v, want Dirty", got)
	}
	live := timers.live()
	if len(live) != 1 || live[0].d != 2*time.Second {
		t.Fatalf("after one edit: got %d timers (first %v), want one of 2s", len(live), live)
	}
	// Keep editing every second for 9 s: the deadline shrinks the delay.
	for i := 0; i < 9; i++ {
		now = now.Add(time.Second)
		w.Changed()
	}
	live = timers.live()
	if len(live) != 1 || live[0].d != time.Second {
		t.Fatalf("9 s into continuous edits: got delay %v, want 1s (the 10 s bound)", live[0].d)
	}
	live[0].f()
	st := w.State()
	if st.Kind != Saved || st.Gen != 2 {
		t.Fatalf("after the autosave: got %+v, want saved generation 2", st)
	}
	if !st.At.Equal(now) {
		t.Errorf("save time: got %v, want %v", st.At, now)
	}
}

func TestLockSavesPendingEdits(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	timers := &manualTimers{}
	w, _, err := Create(bg, dir, pass, testOptions(nil, timers))
	if err != nil {
		t.Fatal(err)
	}
	w.Changed()
	if err := w.Lock(bg); err != nil {
		t.Fatalf("Lock: %v", err)
	}
	if err := w.Save(context.Background()); !errors.Is(err, ErrClosed) {
		t.Errorf("Save after Lock: got %v, want ErrClosed", err)
	}
	w2, err := Open(bg, dir, pass, testOptions(nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	defer w2.Lock(bg)
	if got := w2.Report().Gen; got != 2 {
		t.Errorf("generation after lock with a pending edit: got %d, want 2", got)
	}
}

func TestStateListenersSeeSavingThenSaved(t *testing.T) {
	w, _ := newWorkspace(t)
	defer w.Lock(bg)
	var mu sync.Mutex
	var kinds []StateKind
	w.OnState(func(s State) { mu.Lock(); kinds = append(kinds, s.Kind); mu.Unlock() })
	if err := w.Save(context.Background()); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	want := []StateKind{Saved, Saving, Saved}
	if len(kinds) != len(want) {
		t.Fatalf("states: got %v, want %v", kinds, want)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Fatalf("states: got %v, want %v", kinds, want)
		}
	}
}

func TestNoPlaintextDatabaseReachesTheVaultFolder(t *testing.T) {
	w, dir := newWorkspace(t)
	for i := 0; i < 5; i++ {
		w.Changed()
		if err := w.Save(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	w.Lock(bg)
	scanFor(t, dir, []byte("SQLite format 3"))
}

// scanFor fails if any file below dir contains needle.
func scanFor(t *testing.T, dir string, needles ...[]byte) {
	t.Helper()
	files := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files++
		for _, n := range needles {
			if bytes.Contains(b, n) {
				t.Errorf("%s contains %q in plaintext", p, n)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Fatal("scanned no files")
	}
}

func TestRekeyAfterALostSaveKeepsTheVaultOpenable(t *testing.T) {
	w, dir := newWorkspace(t)
	for i := 0; i < 2; i++ {
		if err := w.Save(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	w.Lock(bg)
	// Damage generation 3: the next open falls back to 2 and the next
	// number is 4, not the opened generation + 1.
	p := filepath.Join(dir, "gen", "000000003.age")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)-20] ^= 1
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	w, err = Open(bg, dir, pass, testOptions(nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	if got := w.Report().Gen; got != 2 {
		t.Fatalf("opened generation %d, want 2 after damage to 3", got)
	}
	const newPass = "a new passphrase after it was seen 晴天"
	identity, err := w.Rekey(bg, newPass)
	if err != nil {
		t.Fatalf("Rekey: %v", err)
	}
	if identity == "" {
		t.Fatal("Rekey returned no identity for the new sheet")
	}
	w.Lock(bg)
	if _, err := Open(bg, dir, pass, testOptions(nil, nil)); !errors.Is(err, vault.ErrWrongKey) {
		t.Fatalf("old passphrase after re-key: got %v, want ErrWrongKey", err)
	}
	w, err = Open(bg, dir, newPass, testOptions(nil, nil))
	if err != nil {
		t.Fatalf("open after re-key: %v", err)
	}
	defer w.Lock(bg)
	if got := w.Report().Gen; got != 4 {
		t.Errorf("opened generation %d after re-key, want 4", got)
	}
	if len(w.Report().Lost) != 0 {
		t.Errorf("the re-keyed generation was rejected: %+v", w.Report().Lost)
	}
}

func TestTheFirstUnlockAfterARestoreOntoANewPCAuditsIt(t *testing.T) {
	w, dir := newWorkspace(t)
	w.Lock(bg)
	from := backup.Name{Time: time.Date(2026, 11, 28, 15, 30, 0, 0, time.UTC), Gen: 124}
	if err := MarkRestored(dir, from); err != nil {
		t.Fatal(err)
	}
	restores := func(w *Workspace) []string {
		t.Helper()
		es, err := w.Store().AuditLog(0, 0)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range es {
			if e.Action == casework.AuditActionRestore {
				out = append(out, e.ObjectID)
			}
		}
		return out
	}
	w2, err := Open(bg, dir, pass, testOptions(nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	if got := restores(w2); len(got) != 1 || got[0] != "restore 20261128T1530-g000124" {
		t.Fatalf("got restore entries %q, want the backup it came from", got)
	}
	if _, err := os.Stat(filepath.Join(dir, restoredFile)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("got %v for the mark after the unlock, want it gone", err)
	}
	if err := w2.Save(context.Background()); err != nil {
		t.Fatal(err)
	}
	w2.Lock(bg)
	w3, err := Open(bg, dir, pass, testOptions(nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	defer w3.Lock(bg)
	if got := restores(w3); len(got) != 1 {
		t.Errorf("got restore entries %q after the next unlock, want the one entry kept and no other", got)
	}
}

// bg is the context of calls that are not about cancellation.
var bg = context.Background()
