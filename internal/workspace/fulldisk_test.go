package workspace

import (
	"errors"
	"io/fs"
	"testing"

	"xinqing/internal/vault"
	"xinqing/internal/vault/faultfs"
)

// A full disk at any write of a new vault's setup (its folders, slots,
// vault.json, first generation) leaves either no vault folder at all or a
// complete vault that opens: never a folder that claims a vault it cannot
// open.
func TestCreateOnAFullDiskIsAllOrNothing(t *testing.T) {
	writes := []string{"CreateExcl", "Write", "Sync", "Rename", "MkdirAll", "Chtimes", "SyncDir"}
	for k := 1; ; k++ {
		fsys := faultfs.New()
		o := testOptions(nil, &manualTimers{})
		o.Vault.FS = fsys
		// From the k-th write on every write fails, as on a full disk;
		// removing files still works.
		fsys.FailAt(k, faultfs.ENOSPC, true, writes...)
		w, _, err := Create(bg, "/data/vault", pass, o)
		fsys.Reset()
		if err == nil {
			if err := w.Lock(bg); err != nil {
				t.Fatal(err)
			}
			if k < 10 {
				t.Fatalf("the setup finished with a fault at write %d", k)
			}
			return // k is past the last write of the setup
		}
		if !errors.Is(err, faultfs.ENOSPC) {
			t.Fatalf("k=%d: got %v, want the full disk", k, err)
		}
		if _, serr := fsys.Stat("/data/vault"); errors.Is(serr, fs.ErrNotExist) {
			continue
		}
		w, oerr := Open(bg, "/data/vault", pass, o)
		if oerr != nil {
			names, _ := fsys.ReadDir("/data/vault")
			t.Fatalf("k=%d: after %v the folder holds %v and does not open: %v", k, err, names, oerr)
		}
		w.Lock(bg)
	}
}

// A vault left without its first generation (the process killed during
// the first save) is an unfinished setup: opening it says so rather than
// "restore from a backup", and a new Create replaces it.
func TestCreateReplacesAVaultWhoseFirstSaveNeverCompleted(t *testing.T) {
	fsys := faultfs.New()
	o := testOptions(nil, &manualTimers{})
	o.Vault.FS = fsys
	v, _, err := vault.Create(bg, "/vault", pass, o.Vault)
	if err != nil {
		t.Fatal(err)
	}
	v.Close() // as if killed before the first save
	if _, err := Open(bg, "/vault", pass, o); !errors.Is(err, vault.ErrUnfinished) {
		t.Fatalf("got %v, want ErrUnfinished", err)
	}
	w, _, err := Create(bg, "/vault", pass, o)
	if err != nil {
		t.Fatalf("got %v, want the unfinished vault replaced", err)
	}
	w.Lock(bg)
	w, err = Open(bg, "/vault", pass, o)
	if err != nil {
		t.Fatal(err)
	}
	w.Lock(bg)
	if _, _, err := Create(bg, "/vault", pass, o); !errors.Is(err, vault.ErrExists) {
		t.Fatalf("got %v over a vault with data, want ErrExists", err)
	}
}
