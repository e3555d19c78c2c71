package workspace

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// A cancelled Create returns the context's error and leaves no folder;
// Discard removes a vault this session created and refuses an unlocked one.
func TestCreateCancelledAndDiscard(t *testing.T) {
	parent := filepath.Join(t.TempDir(), "p")
	dir := filepath.Join(parent, "vault")
	done, cancel := context.WithCancel(bg)
	cancel()
	if _, _, err := Create(done, dir, pass, testOptions(nil, &manualTimers{})); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if _, err := os.Stat(parent); !os.IsNotExist(err) {
		t.Fatalf("got %v for the folder, want none", err)
	}

	w, _, err := Create(bg, dir, pass, testOptions(nil, &manualTimers{}))
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Discard(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(parent); !os.IsNotExist(err) {
		t.Fatalf("got %v for the folder after Discard, want none", err)
	}

	w, _, err = Create(bg, dir, pass, testOptions(nil, &manualTimers{}))
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Lock(bg); err != nil {
		t.Fatal(err)
	}
	w, err = Open(bg, dir, pass, testOptions(nil, &manualTimers{}))
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Discard(); err == nil {
		t.Fatal("Discard removed a vault that was opened, not created")
	}
	if err := w.Lock(bg); err != nil {
		t.Fatalf("the workspace is unusable after a refused Discard: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "vault.json")); err != nil {
		t.Fatalf("the vault is gone after a refused Discard: %v", err)
	}
}
