package vault_test

import (
	"errors"
	"testing"

	"xinqing/internal/vault"
	"xinqing/internal/vault/faultfs"
)

// reopenBoth unlocks dir /v of fsys with the passphrase and with the sheet,
// opens the newest generation with each, and returns the vault id seen.
func reopenBoth(t *testing.T, fsys *faultfs.FS, identity string, what string) string {
	t.Helper()
	o := opts(fsys, newClock())
	v, err := vault.Unlock(bg, "/v", testPass, o)
	if err != nil {
		t.Fatalf("%s: the passphrase no longer opens the vault: %v", what, err)
	}
	id := v.ID()
	if _, err := v.Open(bg, acceptGen(200)); err != nil {
		t.Fatalf("%s: open: %v", what, err)
	}
	v.Close()
	v, err = vault.UnlockWithSheet(bg, "/v", typed(t, identity), o)
	if err != nil {
		t.Fatalf("%s: the sheet no longer opens the vault: %v", what, err)
	}
	if v.ID() != id {
		t.Fatalf("%s: the sheet sees vault id %s, the passphrase %s", what, v.ID(), id)
	}
	if _, err := v.Open(bg, acceptGen(200)); err != nil {
		t.Fatalf("%s: open with the sheet: %v", what, err)
	}
	v.Close()
	return id
}

// One flipped bit anywhere in vault.json, its second copy or either hash
// never locks anyone out, and the copy is repaired by the next unlock.
func TestAFlippedBitInVaultJSONLocksNobodyOut(t *testing.T) {
	src, c := faultfs.New(), newClock()
	v, identity := mustCreate(t, "/v", opts(src, c))
	if _, err := v.Save(t.Context(), snap(200)); err != nil {
		t.Fatal(err)
	}
	id := v.ID()
	v.Close()
	for _, name := range []string{"vault.json", "vault.json.2", "vault.json.sha256", "vault.json.2.sha256"} {
		orig, err := src.ReadFile("/v/" + name)
		if err != nil {
			t.Fatal(err)
		}
		// Every byte: the files are short, and each field (format, id,
		// creation time) and the JSON around them is covered.
		for off := 0; off < len(orig); off++ {
			fsys := src.Clone()
			b := append([]byte(nil), orig...)
			b[off] ^= 1 << (off % 8)
			fsys.WriteFile("/v/"+name, b)
			if got := reopenBoth(t, fsys, identity, name); got != id {
				t.Fatalf("%s byte %d: vault id %s, want %s", name, off, got, id)
			}
			if back, _ := fsys.ReadFile("/v/" + name); string(back) != string(orig) {
				t.Fatalf("%s byte %d: not repaired by the unlock", name, off)
			}
		}
	}
	// A copy missing entirely, and a vault from before the second copy.
	for _, gone := range [][]string{{"vault.json"}, {"vault.json.2", "vault.json.sha256", "vault.json.2.sha256"}} {
		fsys := src.Clone()
		for _, n := range gone {
			if err := fsys.Remove("/v/" + n); err != nil {
				t.Fatal(err)
			}
		}
		if got := reopenBoth(t, fsys, identity, "without "+gone[0]); got != id {
			t.Fatalf("without %v: vault id %s, want %s", gone, got, id)
		}
		for _, n := range []string{"vault.json", "vault.json.2", "vault.json.sha256", "vault.json.2.sha256"} {
			if _, err := fsys.Stat("/v/" + n); err != nil {
				t.Errorf("without %v: %s not written back: %v", gone, n, err)
			}
		}
	}
}

// Both slot hashes lost: the slots themselves authenticate, so the
// passphrase opens the vault and the hashes are written again; nothing
// tells the counselor to restore from a backup.
func TestBothSlotHashesLostStillOpens(t *testing.T) {
	fsys, _ := memVault(t, 1, 200, vault.Retention{})
	for _, n := range []string{"key.slot.sha256", "key.slot.2.sha256"} {
		if err := fsys.Remove("/v/" + n); err != nil {
			t.Fatal(err)
		}
	}
	o := opts(fsys, newClock())
	if _, err := vault.Unlock(bg, "/v", "a wrong passphrase here", o); !errors.Is(err, vault.ErrWrongKey) {
		t.Fatalf("a wrong passphrase: got %v, want ErrWrongKey", err)
	}
	v, err := vault.Unlock(bg, "/v", testPass, o)
	if err != nil {
		t.Fatalf("got %v, want the vault open", err)
	}
	rep, err := v.Open(bg, acceptGen(200))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Repaired) != 2 {
		t.Errorf("repaired %v, want both slot copies named", rep.Repaired)
	}
	v.Close()
	for _, n := range []string{"key.slot.sha256", "key.slot.2.sha256"} {
		if _, err := fsys.Stat("/v/" + n); err != nil {
			t.Errorf("%s not written again: %v", n, err)
		}
	}
}

// Both slots gone: the passphrase cannot open the vault (and the error
// says the slots, not the data, are damaged); the sheet opens it, and a
// new passphrase set with it opens it afterwards.
func TestTheSheetOpensAVaultWhoseSlotsAreGone(t *testing.T) {
	fsys, c := faultfs.New(), newClock()
	v, identity := mustCreate(t, "/v", opts(fsys, c))
	if _, err := v.Save(t.Context(), snap(200)); err != nil {
		t.Fatal(err)
	}
	v.Close()
	for _, n := range []string{"key.slot", "key.slot.2", "key.slot.sha256", "key.slot.2.sha256"} {
		if err := fsys.Remove("/v/" + n); err != nil {
			t.Fatal(err)
		}
	}
	o := opts(fsys, c)
	if _, err := vault.Unlock(bg, "/v", testPass, o); !errors.Is(err, vault.ErrSlotsDamaged) {
		t.Fatalf("got %v, want ErrSlotsDamaged", err)
	}
	v, err := vault.UnlockWithSheet(bg, "/v", typed(t, identity), o)
	if err != nil {
		t.Fatalf("the sheet: %v", err)
	}
	if _, err := v.Open(bg, acceptGen(200)); err != nil {
		t.Fatal(err)
	}
	if err := v.ChangePassphrase(bg, "a new passphrase for the vault"); err != nil {
		t.Fatal(err)
	}
	v.Close()
	v, err = vault.Unlock(bg, "/v", "a new passphrase for the vault", o)
	if err != nil {
		t.Fatalf("the new passphrase: %v", err)
	}
	v.Close()
}
