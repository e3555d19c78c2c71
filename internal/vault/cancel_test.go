package vault_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"xinqing/internal/vault"
)

// Creating a vault calibrates and runs the KDF before it writes anything;
// cancelled meanwhile it returns the context's error and the folder it
// would have made does not exist.
func TestCreateCancelledDuringTheKeyDerivationWritesNothing(t *testing.T) {
	parent := filepath.Join(t.TempDir(), "p")
	ctx, cancel := context.WithCancel(bg)
	defer cancel()
	time.AfterFunc(10*time.Millisecond, cancel)
	// Zero KDF parameters: the real calibration, Argon2id run several times.
	if _, _, err := vault.Create(ctx, filepath.Join(parent, "vault"), testPass, vault.Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if _, err := os.Stat(parent); !os.IsNotExist(err) {
		t.Fatalf("got %v for the folder, want it never made", err)
	}
}

// Discard removes a vault created in this session, generations and
// folder included, and refuses one that was unlocked.
func TestDiscardRemovesOnlyAFreshlyCreatedVault(t *testing.T) {
	parent := filepath.Join(t.TempDir(), "p")
	dir := filepath.Join(parent, "vault")
	o := opts(nil, newClock())
	v, _ := mustCreate(t, dir, o)
	if _, err := v.Save(bg, snap(300)); err != nil {
		t.Fatal(err)
	}
	if err := v.Discard(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(parent); !os.IsNotExist(err) {
		t.Fatalf("got %v for the folder after Discard, want it gone", err)
	}

	v, _ = mustCreate(t, dir, o)
	if _, err := v.Save(bg, snap(300)); err != nil {
		t.Fatal(err)
	}
	v.Close()
	u := mustUnlock(t, dir, o)
	defer u.Close()
	if err := u.Discard(); err == nil {
		t.Fatal("Discard removed a vault that was unlocked, not created")
	}
	if _, err := u.Open(bg, acceptGen(300)); err != nil {
		t.Fatalf("the vault does not open after a refused Discard: %v", err)
	}
}

// Unlock checks its context before the KDF and opening stops between
// generations; a cancelled Open quarantines nothing.
func TestUnlockAndOpenHonourTheirContext(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	o := opts(nil, newClock())
	v, _ := mustCreate(t, dir, o)
	for range 3 {
		if _, err := v.Save(bg, snap(300)); err != nil {
			t.Fatal(err)
		}
	}
	v.Close()
	done, cancel := context.WithCancel(bg)
	cancel()
	if _, err := vault.Unlock(done, dir, testPass, o); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	v = mustUnlock(t, dir, o)
	defer v.Close()
	ctx, stop := context.WithCancel(bg)
	defer stop()
	// The newest image is rejected as the user cancels: a cancelled check
	// says nothing about the image, so nothing is quarantined.
	_, err := v.Open(ctx, func(uint64, []byte) error { stop(); return errors.New("check interrupted") })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if q, _ := os.ReadDir(filepath.Join(dir, "quarantine")); len(q) != 0 {
		t.Fatalf("got %d files quarantined by a cancelled open", len(q))
	}
	if rep, err := v.Open(bg, acceptGen(300)); err != nil || rep.Gen != 3 || len(rep.Lost) != 0 {
		t.Fatalf("got %+v, %v; want generation 3 and nothing lost", rep, err)
	}
}
