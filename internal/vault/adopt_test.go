package vault_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"xinqing/internal/vault"
	"xinqing/internal/vault/faultfs"
)

const adoptSize = 70 << 10 // two age chunks

// source is what a backup holds: a vault's id, newest generation (sealed)
// and the slot that opened it, plus the identity for the sheet.
type source struct {
	id       string
	gen      uint64
	sealed   []byte
	slot     []byte
	identity string
}

func adoptSource(t testing.TB, fsys vault.FS, dir string, gens int) source {
	t.Helper()
	o := opts(fsys, newClock())
	v, identity := mustCreate(t, dir, o)
	defer v.Close()
	for i := 0; i < gens; i++ {
		if _, err := v.Save(t.Context(), snap(adoptSize)); err != nil {
			t.Fatalf("save: %v", err)
		}
	}
	gen, file, err := v.LatestGeneration()
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := fsys.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	slot, err := v.SlotBytes()
	if err != nil {
		t.Fatal(err)
	}
	return source{id: v.ID(), gen: gen, sealed: sealed, slot: slot, identity: identity}
}

func TestAdoptKeepsTheIdentitySoPassphraseAndSheetOpenIt(t *testing.T) {
	root := t.TempDir()
	o := opts(vault.OSFS{}, newClock())
	src := adoptSource(t, vault.OSFS{}, filepath.Join(root, "old"), 3)
	dir := filepath.Join(root, "new", "vault")
	if err := vault.Adopt(dir, src.id, src.gen, src.sealed, src.slot, nil, o); err != nil {
		t.Fatalf("adopt: %v", err)
	}
	for _, n := range []string{"vault.json", "vault.json.sha256", "vault.json.2", "vault.json.2.sha256", "key.slot", "key.slot.sha256", "key.slot.2", "key.slot.2.sha256", "gen/000000003.age", "blobs", "quarantine"} {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Errorf("got %v for %s, want it laid out as Create does", err, n)
		}
	}
	for _, unlock := range []struct {
		name string
		open func() (*vault.Vault, error)
	}{
		{"the original passphrase", func() (*vault.Vault, error) { return vault.Unlock(bg, dir, testPass, o) }},
		{"the original recovery sheet", func() (*vault.Vault, error) { return vault.UnlockWithSheet(bg, dir, typed(t, src.identity), o) }},
	} {
		t.Run(unlock.name+" opens the adopted vault", func(t *testing.T) {
			v, err := unlock.open()
			if err != nil {
				t.Fatalf("unlock: %v", err)
			}
			defer v.Close()
			if v.ID() != src.id {
				t.Errorf("got vault id %s, want %s", v.ID(), src.id)
			}
			rep, err := v.Open(bg, acceptGen(adoptSize))
			if err != nil {
				t.Fatalf("open: %v", err)
			}
			if rep.Gen != src.gen || len(rep.Lost) != 0 {
				t.Errorf("got generation %d with %d lost, want %d with none", rep.Gen, len(rep.Lost), src.gen)
			}
			if rep.Problems() {
				t.Errorf("the first open of an adopted vault reports %+v, want nothing to repair", rep)
			}
		})
	}
	if _, err := vault.Unlock(bg, dir, "not the passphrase at all", o); !errors.Is(err, vault.ErrWrongKey) {
		t.Errorf("got %v for a wrong passphrase, want ErrWrongKey", err)
	}
	v := mustUnlock(t, dir, o)
	if _, err := v.Open(bg, acceptGen(adoptSize)); err != nil {
		t.Fatal(err)
	}
	n, err := v.Save(t.Context(), snap(adoptSize))
	if err != nil || n != src.gen+1 {
		t.Errorf("got save %d, %v after adopting, want %d", n, err, src.gen+1)
	}
	v.Close()
}

func TestAdoptRefuses(t *testing.T) {
	fsys := faultfs.New()
	src := adoptSource(t, fsys, "/old", 1)
	o := opts(fsys, newClock())
	cut := func(b []byte, n int) []byte { return append([]byte(nil), b[:n]...) }
	flip := func(b []byte, i int) []byte {
		c := append([]byte(nil), b...)
		c[i] ^= 0x20
		return c
	}
	tests := []struct {
		name         string
		dir          string
		id           string
		sealed, slot []byte
		want         error
	}{
		{"a slot whose magic is damaged", "/a", src.id, src.sealed, flip(src.slot, 0), vault.ErrDamaged},
		{"a truncated slot", "/b", src.id, src.sealed, cut(src.slot, 40), vault.ErrDamaged},
		{"a sealed file cut inside its header", "/c", src.id, cut(src.sealed, 200), src.slot, vault.ErrDamaged},
		{"a sealed file cut inside the last tag", "/d", src.id, cut(src.sealed, len(src.sealed)-(adoptSize-64<<10)-8), src.slot, vault.ErrDamaged},
		{"a sealed file that is not age", "/e", src.id, []byte("SQLite format 3\x00"), src.slot, vault.ErrDamaged},
		{"the folder of an existing vault", "/old", src.id, src.sealed, src.slot, vault.ErrExists},
	}
	for _, tc := range tests {
		t.Run(tc.name+" is refused", func(t *testing.T) {
			err := vault.Adopt(tc.dir, tc.id, src.gen, tc.sealed, tc.slot, nil, o)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if tc.dir != "/old" {
				if _, err := fsys.Stat(tc.dir + "/vault.json"); err == nil {
					t.Error("got a vault.json after a refusal, want none")
				}
			}
		})
	}
	t.Run("a second adopt into the same folder is refused", func(t *testing.T) {
		if err := vault.Adopt("/f", src.id, src.gen, src.sealed, src.slot, nil, o); err != nil {
			t.Fatal(err)
		}
		if err := vault.Adopt("/f", src.id, src.gen, src.sealed, src.slot, nil, o); !errors.Is(err, vault.ErrExists) {
			t.Fatalf("got %v, want ErrExists", err)
		}
	})
	t.Run("a malformed vault id is refused", func(t *testing.T) {
		if err := vault.Adopt("/g", "../x", src.gen, src.sealed, src.slot, nil, o); err == nil {
			t.Fatal("got nil, want an error")
		}
	})
}

// FuzzAdopt: whatever the sealed bytes, Adopt either refuses them or lays
// out a vault whose Open reports damage or the real generation, never a
// wrong key and never a panic.
func FuzzAdopt(f *testing.F) {
	fsys := faultfs.New()
	src := adoptSource(f, fsys, "/old", 1)
	f.Add(src.sealed)
	f.Add(src.sealed[:len(src.sealed)/2])
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := faultfs.New()
		o := opts(fsys, newClock())
		if err := vault.Adopt("/v", src.id, src.gen, data, src.slot, nil, o); err != nil {
			if !errors.Is(err, vault.ErrDamaged) {
				t.Fatalf("got %v, want ErrDamaged for a refusal", err)
			}
			return
		}
		v, err := vault.Unlock(bg, "/v", testPass, o)
		if err != nil {
			t.Fatalf("unlock: %v", err)
		}
		defer v.Close()
		_, err = v.Open(bg, acceptGen(adoptSize))
		switch {
		case err == nil && !bytes.Equal(data, src.sealed):
			t.Fatal("got other sealed bytes accepted, want damage")
		case err != nil && !errors.Is(err, vault.ErrDamaged):
			t.Fatalf("got %v, want ErrDamaged", err)
		}
	})
}
