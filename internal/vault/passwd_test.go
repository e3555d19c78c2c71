package vault_test

import (
	"errors"
	"testing"

	"xinqing/internal/vault"
	"xinqing/internal/vault/faultfs"
)

const newPass = "a new passphrase, never the old one"

// opens reports whether pass unlocks the vault in fsys (and closes it).
func opens(t *testing.T, fsys *faultfs.FS, pass string) (bool, *vault.OpenReport) {
	t.Helper()
	v, err := vault.Unlock(bg, "/v", pass, opts(fsys, newClock()))
	if errors.Is(err, vault.ErrWrongKey) {
		return false, nil
	}
	if err != nil {
		t.Fatalf("unlock: %v", err)
	}
	defer v.Close()
	rep, err := v.Open(bg, acceptGen(200))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	return true, rep
}

// A passphrase change interrupted at any operation (a failing disk, or the
// power cut) never leaves both passphrases opening the vault past the next
// unlock, and never neither; a change reported done leaves the new one.
func TestInterruptedPassphraseChangeLeavesOnePassphrase(t *testing.T) {
	base, _ := memVault(t, 1, 200, vault.Retention{})
	for _, mode := range []string{"EIO once", "disk full", "power cut"} {
		for k := 1; ; k++ {
			fsys := base.Clone()
			v := mustUnlock(t, "/v", opts(fsys, newClock()))
			switch mode {
			case "EIO once":
				fsys.FailAt(k, faultfs.EIO, false)
			case "disk full":
				fsys.FailAt(k, faultfs.ENOSPC, true, "CreateExcl", "Write", "Sync", "Rename", "SyncDir")
			case "power cut":
				fsys.CutAfter(k - 1)
			}
			err := v.ChangePassphrase(bg, newPass)
			v.Close()
			if mode == "power cut" {
				fsys.Restart(uint64(k))
			}
			fsys.Reset()
			// The first unlock, with whichever works, repairs.
			okNew, rep := opens(t, fsys, newPass)
			if !okNew {
				okOld, _ := opens(t, fsys, testPass)
				if !okOld {
					t.Fatalf("%s at %d: neither passphrase opens the vault", mode, k)
				}
			} else if rep.PassphraseChanged && err == nil {
				t.Errorf("%s at %d: a completed change reported as interrupted", mode, k)
			}
			okNew, _ = opens(t, fsys, newPass)
			okOld, _ := opens(t, fsys, testPass)
			if okNew == okOld {
				t.Fatalf("%s at %d (error %v): after the repair new opens %v, old opens %v; want exactly one", mode, k, err, okNew, okOld)
			}
			if err == nil && !okNew && mode != "power cut" {
				t.Fatalf("%s at %d: the change succeeded but the new passphrase does not open", mode, k)
			}
			if err == nil && mode != "power cut" {
				break
			}
			if mode == "power cut" && k > 60 {
				break
			}
		}
	}
}
