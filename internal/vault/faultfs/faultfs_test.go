package faultfs_test

import (
	"bytes"
	"errors"
	"io/fs"
	"testing"

	"xinqing/internal/vault"
	"xinqing/internal/vault/faultfs"
)

func write(t *testing.T, f *faultfs.FS, name string, data []byte, sync bool) {
	t.Helper()
	h, err := f.CreateExcl(name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Write(data); err != nil {
		t.Fatal(err)
	}
	if sync {
		if err := h.Sync(); err != nil {
			t.Fatal(err)
		}
	}
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestFailAtCountsEveryOperation(t *testing.T) {
	f := faultfs.New()
	f.MkdirAll("/d")
	f.FailAt(3, faultfs.ENOSPC, false)
	h, err := f.CreateExcl("/d/a") // 1
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Write([]byte("x")); err != nil { // 2
		t.Fatal(err)
	}
	if _, err := h.Write([]byte("y")); !errors.Is(err, faultfs.ENOSPC) { // 3
		t.Errorf("got %v at operation 3, want ENOSPC", err)
	}
	if err := h.Sync(); err != nil { // 4: not sticky
		t.Errorf("got %v at operation 4, want success", err)
	}
	f.FailAt(1, faultfs.EIO, true)
	if _, err := f.ReadFile("/d/a"); !errors.Is(err, faultfs.EIO) {
		t.Errorf("got %v, want EIO", err)
	}
	if _, err := f.Stat("/d/a"); !errors.Is(err, faultfs.EIO) {
		t.Errorf("got %v after a sticky failure, want EIO again", err)
	}
	if !errors.Is(faultfs.SharingViolation, vault.ErrSharingViolation) {
		t.Error("got a sharing violation the vault would not retry")
	}
}

func TestCreateExclAndLock(t *testing.T) {
	f := faultfs.New()
	f.MkdirAll("/d")
	write(t, f, "/d/a", []byte("1"), true)
	if _, err := f.CreateExcl("/d/a"); !errors.Is(err, fs.ErrExist) {
		t.Errorf("got %v, want ErrExist", err)
	}
	if _, err := f.CreateExcl("/nodir/a"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("got %v, want ErrNotExist", err)
	}
	l, err := f.Lock("/d/LOCK")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Lock("/d/LOCK"); !errors.Is(err, vault.ErrInUse) {
		t.Errorf("got %v, want ErrInUse", err)
	}
	l.Close()
	if l, err = f.Lock("/d/LOCK"); err != nil {
		t.Errorf("got %v after release, want the lock", err)
	}
	f.PowerCut()
	f.Restart(1)
	if _, err := f.Lock("/d/LOCK"); err != nil {
		t.Errorf("got %v after a power cut, want the lock free", err)
	}
}

func TestPowerCutKeepsWhatWasSynced(t *testing.T) {
	for seed := uint64(0); seed < 200; seed++ {
		f := faultfs.New()
		f.MkdirAll("/d")
		old := bytes.Repeat([]byte("o"), 2000)
		write(t, f, "/d/synced", old, true)
		f.SyncDir("/d")
		write(t, f, "/d/unsynced", bytes.Repeat([]byte("n"), 2000), false)
		if err := f.Rename("/d/synced", "/d/renamed"); err != nil {
			t.Fatal(err)
		}
		f.PowerCut()
		if _, err := f.ReadFile("/d/renamed"); !errors.Is(err, faultfs.ErrPowerCut) {
			t.Fatalf("got %v with the power off, want ErrPowerCut", err)
		}
		f.Restart(seed)
		a, errA := f.ReadFile("/d/synced")
		b, errB := f.ReadFile("/d/renamed")
		switch {
		case errA == nil && errB == nil:
			t.Fatalf("seed %d: got the file under both names", seed)
		case errA == nil && !bytes.Equal(a, old), errB == nil && !bytes.Equal(b, old):
			t.Fatalf("seed %d: got synced data changed", seed)
		case errA != nil && errB != nil:
			t.Fatalf("seed %d: got the synced file lost", seed)
		}
	}
}

func TestPowerCutOutcomesVaryBySeedAndRepeatExactly(t *testing.T) {
	outcome := func(seed uint64) string {
		f := faultfs.New()
		f.MkdirAll("/d")
		write(t, f, "/d/a", bytes.Repeat([]byte("x"), 4096), false)
		f.PowerCut()
		f.Restart(seed)
		b, err := f.ReadFile("/d/a")
		if err != nil {
			return "missing"
		}
		return string(b)
	}
	seen := map[string]bool{}
	for seed := uint64(0); seed < 50; seed++ {
		o := outcome(seed)
		if o != outcome(seed) {
			t.Fatalf("seed %d: got two different outcomes", seed)
		}
		seen[o] = true
	}
	if len(seen) < 5 {
		t.Errorf("got %d distinct outcomes over 50 seeds, want torn files of many kinds", len(seen))
	}
	if !seen["missing"] {
		t.Error("got the unsynced create always surviving, want it lost sometimes")
	}
}

func TestSyncDirMakesEarlierChangesDurable(t *testing.T) {
	f := faultfs.New()
	f.MkdirAll("/d")
	write(t, f, "/d/a.partial", []byte("data"), true)
	f.Rename("/d/a.partial", "/d/a")
	f.SyncDir("/d")
	for seed := uint64(0); seed < 20; seed++ {
		g := f.Clone()
		g.PowerCut()
		g.Restart(seed)
		if b, err := g.ReadFile("/d/a"); err != nil || string(b) != "data" {
			t.Fatalf("seed %d: got %q (%v), want the synced rename kept", seed, b, err)
		}
		if _, err := g.ReadFile("/d/a.partial"); err == nil {
			t.Fatalf("seed %d: got the old name back", seed)
		}
	}
}
