// Package workspace joins the vault and the store into what the app and the
// companion work with: an unlocked vault whose newest good generation is
// loaded into the in-memory database, saved through the vault's verified
// sequence, autosaved after edits, and locked (saved, closed, keys dropped).
//
// It is the only package that knows both the vault and the store; neither
// knows the other.
package workspace

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"xinqing/internal/backup"
	"xinqing/internal/casework"
	"xinqing/internal/store"
	"xinqing/internal/vault"
)

// Errors the callers turn into Chinese sentences. Vault errors (ErrWrongKey,
// ErrDamaged, ErrInUse, ErrExists) pass through wrapped.
var (
	ErrClosed = errors.New("workspace locked")
)

// Options are the workspace's dependencies; zero values mean the real ones.
type Options struct {
	Vault vault.Options
	// Now is the clock for save times and the store's timestamps.
	Now func() time.Time
	// Debounce is the quiet time after an edit before an autosave (2 s);
	// MaxDelay bounds how long edits may stay unsaved while the user keeps
	// editing (10 s).
	Debounce, MaxDelay time.Duration
	// AfterFunc schedules autosaves; tests inject a manual timer.
	AfterFunc func(d time.Duration, f func()) Timer
	// Prepare, when set, fills a new vault's empty database before its
	// first save (the school's signing key is made there).
	Prepare func(st *store.Store) error
}

// Timer is the part of *time.Timer the workspace uses.
type Timer interface{ Stop() bool }

func (o Options) withDefaults() Options {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Vault.Now == nil {
		o.Vault.Now = o.Now
	}
	if o.Debounce == 0 {
		o.Debounce = 2 * time.Second
	}
	if o.MaxDelay == 0 {
		o.MaxDelay = 10 * time.Second
	}
	if o.AfterFunc == nil {
		o.AfterFunc = func(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }
	}
	return o
}

// StateKind is what the status bar shows.
type StateKind int

const (
	Saved  StateKind = iota // 已保存 HH:MM:SS
	Dirty                   // edits waiting for the autosave
	Saving                  // 保存中
	Failed                  // 未保存: Err says why
)

// State is the save state; At is the time of the last acknowledged save.
type State struct {
	Kind StateKind
	Gen  uint64
	At   time.Time
	Err  error
}

// Workspace is an unlocked vault with its live database.
type Workspace struct {
	o  Options
	v  *vault.Vault
	st *store.Store

	report *vault.OpenReport
	failed int // failed unlock attempts before this unlock

	mu         sync.Mutex
	closed     bool
	edits      uint64 // counts Changed calls
	savedEdits uint64 // edits covered by the last acknowledged save
	firstDirty time.Time
	timer      Timer
	state      State
	listeners  []func(State)
}

const (
	failuresFile = "unlock-failures"
	// restoredFile names the backup a vault was laid out from before it
	// was ever unlocked; the first unlock writes the audit entry.
	restoredFile = "restored-from"
)

// Create makes a new vault in dir, an empty database from our migrations,
// and saves it as the first generation. It returns the identity for the
// printed recovery sheet. Cancelled through ctx (the KDF, the first save)
// it returns ctx's error and leaves no vault behind.
func Create(ctx context.Context, dir, passphrase string, o Options) (*Workspace, string, error) {
	o = o.withDefaults()
	v, identity, err := vault.Create(ctx, dir, passphrase, o.Vault)
	if err != nil {
		return nil, "", err
	}
	st, err := store.New(store.WithClock(o.Now))
	if err != nil {
		v.Close()
		return nil, "", err
	}
	w := &Workspace{o: o, v: v, st: st}
	if o.Prepare != nil {
		if err := o.Prepare(st); err != nil {
			_ = w.Discard()
			return nil, "", fmt.Errorf("prepare: %w", err)
		}
	}
	err = w.Save(ctx)
	if cerr := ctx.Err(); cerr != nil {
		// Cancelled during or right after the first save: the user chose
		// not to have this vault, which holds nothing yet.
		_ = w.Discard()
		return nil, "", cerr
	}
	if err != nil {
		// A vault without its first generation holds nothing: remove it,
		// so that a full disk never leaves a folder that claims a vault.
		_ = w.Discard()
		return nil, "", fmt.Errorf("first save: %w", err)
	}
	return w, identity, nil
}

// Discard closes a workspace whose vault Create made in this session and
// removes that vault again, folder included; it refuses (and keeps) any
// other vault. For a setup abandoned half way, such as a demo school that
// could not be filled.
func (w *Workspace) Discard() error {
	if !w.v.Created() {
		return errors.New("discard: only a vault created in this session can be discarded")
	}
	w.mu.Lock()
	w.closed = true
	if w.timer != nil {
		w.timer.Stop()
	}
	w.listeners = nil
	w.mu.Unlock()
	if w.st != nil {
		w.st.Close()
	}
	return w.v.Discard()
}

// Open unlocks the vault in dir with the passphrase and loads the newest
// generation that passes every check. The report says which saves, if any,
// were lost to damage.
// A done ctx stops it between the KDF runs and the generations tried.
func Open(ctx context.Context, dir, passphrase string, o Options) (*Workspace, error) {
	o = o.withDefaults()
	v, err := vault.Unlock(ctx, dir, passphrase, o.Vault)
	return open(ctx, dir, v, err, o)
}

// OpenWithSheet unlocks with the typed recovery sheet. The caller should
// then set a new passphrase with ChangePassphrase.
func OpenWithSheet(ctx context.Context, dir, sheet string, o Options) (*Workspace, error) {
	o = o.withDefaults()
	v, err := vault.UnlockWithSheet(ctx, dir, sheet, o.Vault)
	return open(ctx, dir, v, err, o)
}

func open(ctx context.Context, dir string, v *vault.Vault, err error, o Options) (*Workspace, error) {
	if err != nil {
		if errors.Is(err, vault.ErrWrongKey) {
			countFailure(dir)
		}
		return nil, err
	}
	var st *store.Store
	// Each generation is decrypted straight into memory SQLite adopts as
	// the database: the plaintext image exists once, never in Go's heap.
	var room *store.Image
	alloc := func(size int64) ([]byte, error) {
		room.Free() // the room of a generation that failed
		var err error
		if room, err = store.NewImage(size); err != nil {
			return nil, err
		}
		return room.Buffer(), nil
	}
	rep, err := v.OpenWith(ctx, alloc, func(gen uint64, image []byte) error {
		im := room
		room = nil
		im.SetLen(len(image))
		s, err := store.LoadImage(ctx, im, gen, store.WithClock(o.Now))
		if err != nil {
			return err
		}
		st = s
		return nil
	})
	room.Free()
	if err != nil {
		v.Close()
		return nil, err
	}
	w := &Workspace{o: o, v: v, st: st, report: rep, failed: takeFailures(dir)}
	w.state = State{Kind: Saved, Gen: rep.Gen, At: rep.Time}
	w.auditRestored(dir)
	return w, nil
}

// MarkRestored records, beside a vault just laid out from a backup (the
// welcome screen's restore onto a new PC), which backup it came from; no
// vault is open then, so the first unlock writes the audit entry. The
// backup's name (time and generation) is no secret.
func MarkRestored(dir string, from backup.Name) error {
	return os.WriteFile(filepath.Join(dir, restoredFile), []byte(from.String()), 0o600)
}

// auditRestored writes the restore entry MarkRestored left for the first
// unlock, then removes the mark; the autosave keeps the entry.
func (w *Workspace) auditRestored(dir string) {
	b, err := os.ReadFile(filepath.Join(dir, restoredFile))
	if err != nil {
		return
	}
	name, err := backup.ParseName(strings.TrimSpace(string(b)), time.UTC)
	if err == nil && w.st.Audit(casework.AuditActionRestore, "", "restore "+name.String()) == nil {
		w.Changed()
	}
	_ = os.Remove(filepath.Join(dir, restoredFile))
}

// countFailure and takeFailures keep the count of wrong passphrases in a
// plain file beside the vault: it holds no secret, and it must be writable
// while the vault is locked.
func countFailure(dir string) {
	n := readFailures(dir)
	_ = os.WriteFile(filepath.Join(dir, failuresFile), []byte(strconv.Itoa(n+1)), 0o600)
}

func readFailures(dir string) int {
	b, err := os.ReadFile(filepath.Join(dir, failuresFile))
	if err != nil {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || n < 0 {
		return 0
	}
	return n
}

func takeFailures(dir string) int {
	n := readFailures(dir)
	if n > 0 {
		_ = os.Remove(filepath.Join(dir, failuresFile))
	}
	return n
}

// FailedAttempts is the number of wrong passphrases since the last unlock.
func (w *Workspace) FailedAttempts() int { return w.failed }

// Report is what Open found: the generation opened and any lost saves.
func (w *Workspace) Report() *vault.OpenReport { return w.report }

// Store is the live database. Callers report each committed edit with Changed.
// A restore swaps the store; take it again after one.
func (w *Workspace) Store() *store.Store {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.st
}

// Vault is the unlocked vault (blobs, backups, passphrase change).
func (w *Workspace) Vault() *vault.Vault { return w.v }

// ID is the vault id.
func (w *Workspace) ID() string { return w.v.ID() }

// OnState registers f to be called (from any goroutine) on every change of
// the save state.
func (w *Workspace) OnState(f func(State)) {
	w.mu.Lock()
	w.listeners = append(w.listeners, f)
	s := w.state
	w.mu.Unlock()
	f(s)
}

// State is the current save state.
func (w *Workspace) State() State {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.state
}

func (w *Workspace) setState(s State) {
	w.mu.Lock()
	w.state = s
	ls := append([]func(State){}, w.listeners...)
	w.mu.Unlock()
	for _, f := range ls {
		f(s)
	}
}

// Changed reports a committed edit: an autosave follows after Debounce of
// quiet, and no later than MaxDelay after the first unsaved edit.
func (w *Workspace) Changed() {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return
	}
	now := w.o.Now()
	if w.edits == w.savedEdits {
		w.firstDirty = now
	}
	w.edits++
	w.scheduleLocked(now)
	s := w.state
	if s.Kind != Failed && s.Kind != Saving {
		s.Kind = Dirty
	}
	w.mu.Unlock()
	if s.Kind == Dirty {
		w.setState(s)
	}
}

func (w *Workspace) scheduleLocked(now time.Time) {
	if w.timer != nil {
		w.timer.Stop()
	}
	d := w.o.Debounce
	if rest := w.firstDirty.Add(w.o.MaxDelay).Sub(now); rest < d {
		d = max(rest, 0)
	}
	w.timer = w.o.AfterFunc(d, w.autosave)
}

func (w *Workspace) autosave() {
	// Failures are shown through the state; the next edit or lock retries.
	_ = w.Save(context.Background())
}

// Save seals the live database now as the next generation, after a quick
// check. Only that save fails on error: the data stays in memory and the
// state says why.
func (w *Workspace) Save(ctx context.Context) error { return w.save(ctx, false) }

// save is Save; inPlace seals the database's own image without copying it,
// the store locked meanwhile (the save at lock, when nothing else waits).
func (w *Workspace) save(ctx context.Context, inPlace bool) error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return ErrClosed
	}
	edits := w.edits
	prev := w.state
	w.mu.Unlock()
	w.setState(State{Kind: Saving, Gen: prev.Gen, At: prev.At})

	release := func() {}
	gen, err := w.v.Save(ctx, func(gen uint64) ([]byte, error) {
		if !inPlace {
			img, err := w.snapshot(ctx, gen)
			// The copy is wiped once sealed, not left to the collector.
			release = func() { clear(img) }
			return img, err
		}
		st := w.Store()
		if err := st.QuickCheck(ctx); err != nil {
			return nil, fmt.Errorf("quick_check before saving: %w", err)
		}
		img, rel, err := st.SnapshotInPlace(ctx, gen)
		release = rel
		return img, err
	})
	release()
	if err != nil {
		w.setState(State{Kind: Failed, Gen: prev.Gen, At: prev.At, Err: err})
		return err
	}
	w.mu.Lock()
	w.savedEdits = edits
	s := State{Kind: Saved, Gen: gen, At: w.o.Now()}
	if w.edits != edits { // edits arrived during the save: still dirty
		s.Kind = Dirty
	}
	w.mu.Unlock()
	w.setState(s)
	return nil
}

// snapshot is step 1–2 of a save: the live database must pass quick_check,
// then it records gen and is serialized.
func (w *Workspace) snapshot(ctx context.Context, gen uint64) ([]byte, error) {
	st := w.Store()
	if err := st.QuickCheck(ctx); err != nil {
		return nil, fmt.Errorf("quick_check before saving: %w", err)
	}
	return st.Snapshot(ctx, gen)
}

// ChangePassphrase sets a new passphrase (both slot copies); a done ctx
// stops it before the first copy is written.
func (w *Workspace) ChangePassphrase(ctx context.Context, newPass string) error {
	if w.isClosed() {
		return ErrClosed
	}
	return w.v.ChangePassphrase(ctx, newPass)
}

// Rekey makes a new vault identity, re-seals the current database under it
// and returns the identity for a new recovery sheet.
// A done ctx stops it before anything is written.
func (w *Workspace) Rekey(ctx context.Context, newPass string) (string, error) {
	if w.isClosed() {
		return "", ErrClosed
	}
	identity, err := w.v.Rekey(ctx, newPass, func(gen uint64) ([]byte, error) { return w.snapshot(ctx, gen) })
	if err != nil {
		return "", err
	}
	return identity, nil
}

func (w *Workspace) isClosed() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.closed
}

// Lock saves pending edits, closes the database and drops the keys. After
// Lock nothing of the vault's content is held by the workspace. The save
// is not cancelled with ctx: locking never drops edits.
func (w *Workspace) Lock(ctx context.Context) error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return nil
	}
	if w.timer != nil {
		w.timer.Stop()
	}
	pending := w.edits != w.savedEdits || w.state.Kind == Failed
	w.mu.Unlock()
	var saveErr error
	if pending {
		saveErr = w.save(context.WithoutCancel(ctx), true)
	}
	w.mu.Lock()
	w.closed = true
	w.listeners = nil
	w.mu.Unlock()
	w.closeAll()
	return saveErr
}

func (w *Workspace) closeAll() {
	if w.st != nil {
		w.st.Close()
	}
	if w.v != nil {
		w.v.Close()
	}
}
