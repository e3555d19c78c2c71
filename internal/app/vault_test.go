package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"xinqing/internal/vault"
	"xinqing/internal/vault/keyslot"
	"xinqing/internal/workspace"
)

// fastOptions use a cheap KDF so each unlock takes milliseconds; fs (nil:
// the real one) lets a test act at one step of the work.
func fastOptions(fs vault.FS) workspace.Options {
	return workspace.Options{Vault: vault.Options{
		FS:           fs,
		KDF:          keyslot.Params{MemoryKiB: 1024, Time: 1, Threads: 1},
		AllowWeakKDF: true,
	}}
}

// hookFS is the real file system that calls hook before each operation
// on a path (the path uses forward slashes).
type hookFS struct {
	vault.OSFS
	mu   sync.Mutex
	hook func(op, name string)
}

func (f *hookFS) call(op, name string) {
	f.mu.Lock()
	h := f.hook
	f.mu.Unlock()
	if h != nil {
		h(op, filepath.ToSlash(name))
	}
}

func (f *hookFS) CreateExcl(name string) (vault.File, error) {
	f.call("create", name)
	return f.OSFS.CreateExcl(name)
}

func (f *hookFS) ReadFile(name string) ([]byte, error) {
	f.call("read", name)
	return f.OSFS.ReadFile(name)
}

// OpenReader is a read too: generations are decrypted straight from the file.
func (f *hookFS) OpenReader(name string) (vault.FileReader, error) {
	f.call("read", name)
	return f.OSFS.OpenReader(name)
}

// cancelOn returns a context that is cancelled the first time fs sees op
// on a path containing part.
func cancelOn(t *testing.T, fs *hookFS, op, part string) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	fs.mu.Lock()
	fs.hook = func(o, name string) {
		if o == op && strings.Contains(name, part) {
			cancel()
		}
	}
	fs.mu.Unlock()
	return ctx
}

// newVault creates a vault in a fresh folder, saves a school name in it
// and locks it.
func newVault(t *testing.T, o workspace.Options) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "vault")
	a := New(o)
	if _, err := a.Create(context.Background(), dir, testPass); err != nil {
		t.Fatal(err)
	}
	setSchool(t, a, "晴川实验中学")
	if err := a.Lock(context.Background()); err != nil {
		t.Fatal(err)
	}
	return dir
}

func setSchool(t *testing.T, a *App, name string) {
	t.Helper()
	st, err := a.Store()
	if err != nil {
		t.Fatal(err)
	}
	s, err := st.Settings()
	if err != nil {
		t.Fatal(err)
	}
	s.School.Name = name
	if err := st.SaveSettings(s); err != nil {
		t.Fatal(err)
	}
	a.Changed()
}

func school(t *testing.T, a *App) string {
	t.Helper()
	st, err := a.Store()
	if err != nil {
		t.Fatal(err)
	}
	s, err := st.Settings()
	if err != nil {
		t.Fatal(err)
	}
	return s.School.Name
}

func wantNothingAt(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		entries, _ := os.ReadDir(path)
		t.Fatalf("got %s left behind (%v, %d entries), want nothing", path, err, len(entries))
	}
}

// A creation cancelled during the key calibration (the real one, which
// runs Argon2id several times) stops there and writes nothing.
func TestCreateCancelledDuringTheCalibrationWritesNothing(t *testing.T) {
	parent := filepath.Join(t.TempDir(), "new")
	dir := filepath.Join(parent, "vault")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(20*time.Millisecond, cancel)
	a := New(workspace.Options{})
	start := time.Now()
	_, err := a.Create(ctx, dir, testPass)
	if !errors.Is(err, context.Canceled) || ErrorKind(err) != KindCancelled {
		t.Fatalf("got %v (kind %q), want the cancellation", err, ErrorKind(err))
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Fatalf("the cancelled creation took %v", d)
	}
	wantNothingAt(t, parent)
	if _, err := a.Workspace(); !errors.Is(err, ErrLocked) {
		t.Fatalf("got %v, want no vault open", err)
	}
}

// Cancelled once the vault's files are being written (its slots, its first
// generation), the creation removes what it made, folder included.
func TestCreateCancelledWhileWritingLeavesNothing(t *testing.T) {
	for _, tc := range []struct{ op, part string }{
		{"create", "key.slot.2"},
		{"create", "vault.json"},
		{"create", "/gen/"},
	} {
		t.Run(tc.part, func(t *testing.T) {
			parent := filepath.Join(t.TempDir(), "new")
			fs := &hookFS{}
			ctx := cancelOn(t, fs, tc.op, tc.part)
			a := New(fastOptions(fs))
			if _, err := a.Create(ctx, filepath.Join(parent, "vault"), testPass); !errors.Is(err, context.Canceled) {
				t.Fatalf("got %v, want the cancellation", err)
			}
			wantNothingAt(t, parent)
		})
	}
}

// A cancelled creation in a folder that existed keeps the folder (and
// anything the user had in it) and removes only what it made.
func TestCreateCancelledKeepsAFolderThatWasThere(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "readme.txt"), []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	fs := &hookFS{}
	ctx := cancelOn(t, fs, "create", "/gen/")
	if _, err := New(fastOptions(fs)).Create(ctx, dir, testPass); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want the cancellation", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 1 || entries[0].Name() != "readme.txt" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("got %v (%v) in the folder, want only the user's file", names, err)
	}
	if Exists(dir) {
		t.Fatal("a vault exists after the cancelled creation")
	}
}

// An unlock cancelled while the generations are read and checked moves
// nothing to quarantine, counts no failed attempt, and the next unlock
// opens the same data.
func TestUnlockCancelledWhileOpeningTheGenerationsChangesNothing(t *testing.T) {
	fs := &hookFS{}
	o := fastOptions(fs)
	dir := newVault(t, o)
	gens, _ := os.ReadDir(filepath.Join(dir, "gen"))

	ctx := cancelOn(t, fs, "read", "/gen/")
	a := New(o)
	if _, err := a.Unlock(ctx, dir, testPass); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want the cancellation", err)
	}
	if _, err := a.Workspace(); !errors.Is(err, ErrLocked) {
		t.Fatal("a cancelled unlock left the vault open")
	}
	if q, _ := os.ReadDir(filepath.Join(dir, "quarantine")); len(q) != 0 {
		t.Fatalf("got %d files quarantined by a cancelled unlock", len(q))
	}
	if after, _ := os.ReadDir(filepath.Join(dir, "gen")); len(after) != len(gens) {
		t.Fatalf("got %d generation files, want %d", len(after), len(gens))
	}

	fs.hook = nil
	u, err := a.Unlock(context.Background(), dir, testPass)
	if err != nil {
		t.Fatalf("unlock after the cancelled one: %v", err)
	}
	defer a.Lock(context.Background())
	if u.FailedAttempts != 0 || len(u.Lost) != 0 {
		t.Fatalf("got %+v, want no failed attempt and no lost save", u)
	}
	if got := school(t, a); got != "晴川实验中学" {
		t.Fatalf("got school %q, want the saved one", got)
	}
}

// A context cancelled before the unlock stops it before the key
// derivation and releases the vault.
func TestUnlockWithACancelledContextHoldsNothing(t *testing.T) {
	o := fastOptions(nil)
	dir := newVault(t, o)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	a := New(o)
	if _, err := a.Unlock(ctx, dir, testPass); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want the cancellation", err)
	}
	if _, err := a.UnlockWithSheet(ctx, dir, "x"); ErrorKind(err) != KindSheetTypo && !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want a sheet typo or the cancellation", err)
	}
	if _, err := a.Unlock(context.Background(), dir, testPass); err != nil {
		t.Fatalf("the vault stayed held after a cancelled unlock: %v", err)
	}
	a.Lock(context.Background())
}

// A save cancelled while the generation is written fails only that save;
// locking (whatever its context) saves the edit all the same.
func TestSaveCancelledKeepsTheEditForTheLock(t *testing.T) {
	fs := &hookFS{}
	o := fastOptions(fs)
	dir := newVault(t, o)
	a := New(o)
	if _, err := a.Unlock(context.Background(), dir, testPass); err != nil {
		t.Fatal(err)
	}
	setSchool(t, a, "晴川第二中学")
	ctx := cancelOn(t, fs, "create", "/gen/")
	// The generation is being written when the cancel comes: the save
	// either finishes (past its last check) or fails and says so.
	err := a.Save(ctx)
	ws, _ := a.Workspace()
	if err != nil && (!errors.Is(err, context.Canceled) || ws.State().Kind != workspace.Failed) {
		t.Fatalf("got %v and state %+v, want the cancellation shown as a failed save", err, ws.State())
	}
	fs.hook = nil
	done, cancel := context.WithCancel(context.Background())
	cancel()
	if err := a.Lock(done); err != nil {
		t.Fatalf("lock: %v", err)
	}
	if _, err := a.Unlock(context.Background(), dir, testPass); err != nil {
		t.Fatal(err)
	}
	defer a.Lock(context.Background())
	if got := school(t, a); got != "晴川第二中学" {
		t.Fatalf("got school %q after the lock, want the edit saved", got)
	}
}

// A save with a context already cancelled writes nothing and says so.
func TestSaveWithACancelledContextWritesNothing(t *testing.T) {
	o := fastOptions(nil)
	dir := newVault(t, o)
	a := New(o)
	if _, err := a.Unlock(context.Background(), dir, testPass); err != nil {
		t.Fatal(err)
	}
	defer a.Lock(context.Background())
	before, _ := os.ReadDir(filepath.Join(dir, "gen"))
	setSchool(t, a, "晴川第三中学")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := a.Save(ctx); ErrorKind(err) != KindCancelled {
		t.Fatalf("got %v, want the cancellation", err)
	}
	if after, _ := os.ReadDir(filepath.Join(dir, "gen")); len(after) != len(before) {
		t.Fatalf("got %d generation files after a cancelled save, want %d", len(after), len(before))
	}
}

// Changing the passphrase with a cancelled context (its KDF runs first)
// leaves the old passphrase in force.
func TestChangePassphraseCancelledKeepsTheOldOne(t *testing.T) {
	o := fastOptions(nil)
	dir := newVault(t, o)
	a := New(o)
	if _, err := a.Unlock(context.Background(), dir, testPass); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := a.ChangePassphrase(ctx, testPass, "lan-shan-bai-yun-qiu-shui-dong-xue"); ErrorKind(err) != KindCancelled {
		t.Fatalf("got %v, want the cancellation", err)
	}
	if _, err := a.Rekey(ctx, "lan-shan-bai-yun-qiu-shui-dong-xue"); ErrorKind(err) != KindCancelled {
		t.Fatalf("re-key: got %v, want the cancellation", err)
	}
	if err := a.ChangePassphrase(context.Background(), "not the passphrase", "lan-shan-bai-yun-qiu-shui-dong-xue"); ErrorKind(err) != KindWrongKey {
		t.Fatalf("got %v with a wrong current passphrase, want wrong key", err)
	}
	a.Lock(context.Background())
	if _, err := a.Unlock(context.Background(), dir, testPass); err != nil {
		t.Fatalf("the old passphrase no longer opens the vault: %v", err)
	}
	a.Lock(context.Background())
}

func TestCheckReportsEveryGeneration(t *testing.T) {
	o := fastOptions(nil)
	dir := newVault(t, o)
	a := New(o)
	if _, err := a.Unlock(context.Background(), dir, testPass); err != nil {
		t.Fatal(err)
	}
	defer a.Lock(context.Background())
	rep, err := a.Check(context.Background())
	if err != nil || rep.Damaged != 0 || len(rep.Generations) == 0 {
		t.Fatalf("got %+v, %v; want every generation checked and none damaged", rep, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := a.Check(ctx); ErrorKind(err) != KindCancelled {
		t.Fatalf("got %v, want the cancellation", err)
	}
}

func TestPassphrasePolicyKnowsTheSchool(t *testing.T) {
	o := fastOptions(nil)
	dir := newVault(t, o)
	a := New(o)
	if _, err := a.Unlock(context.Background(), dir, testPass); err != nil {
		t.Fatal(err)
	}
	defer a.Lock(context.Background())
	words := a.SchoolWords("晴川区")
	if len(words) < 2 || words[0] != "晴川区" || words[1] != "晴川实验中学" {
		t.Fatalf("got words %q, want the given word and the school", words)
	}
	if r := a.CheckPassphrase(GeneratePassphrase()); !r.OK {
		t.Fatalf("a generated passphrase is refused: %s", r.ReasonEN)
	}
}

func TestRecoverySheetRoundTrip(t *testing.T) {
	o := fastOptions(nil)
	dir := filepath.Join(t.TempDir(), "vault")
	a := New(o)
	identity, err := a.Create(context.Background(), dir, testPass)
	if err != nil {
		t.Fatal(err)
	}
	groups, err := SheetGroups(identity)
	if err != nil || len(groups) != 15 {
		t.Fatalf("got %d groups (%v), want 15", len(groups), err)
	}
	txt := filepath.Join(t.TempDir(), "sheet.txt")
	if err := a.WriteRecoverySheet(txt, Exclusive, groups, "", ""); err != nil {
		t.Fatal(err)
	}
	if err := a.WriteRecoverySheet(txt, Exclusive, groups, "", ""); !errors.Is(err, ErrOutputExists) {
		t.Fatalf("got %v writing the sheet twice, want it refused", err)
	}
	if got, err := a.RecoveryIdentity(testPass); err != nil || got != identity {
		t.Fatalf("got the identity back %v, %v", got == identity, err)
	}
	a.Lock(context.Background())
	typed, _ := os.ReadFile(txt)
	if err := CheckSheet(string(typed)); err != nil {
		t.Fatal(err)
	}
	const newPass = "lan-shan-bai-yun-qiu-shui-dong-xue"
	if err := a.ResetPassphrase(context.Background(), dir, string(typed), newPass); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Unlock(context.Background(), dir, newPass); err != nil {
		t.Fatalf("the passphrase set with the sheet does not open the vault: %v", err)
	}
	a.Lock(context.Background())
}
