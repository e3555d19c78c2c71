package vault_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"xinqing/internal/vault"
	"xinqing/internal/vault/faultfs"
)

// The fuzz vault is committed so that its identity, and therefore the
// seeds sealed to it, stay fixed. Regenerate with VAULT_WRITE_FUZZ_VAULT=1.
const (
	fuzzVaultDir = "testdata/fuzzvault"
	fuzzSize     = 3000
)

// TestWriteFuzzVault regenerates the fuzz vault and seeds on request.
func TestWriteFuzzVault(t *testing.T) {
	if os.Getenv("VAULT_WRITE_FUZZ_VAULT") == "" {
		t.Skip("set VAULT_WRITE_FUZZ_VAULT=1 to regenerate testdata/fuzzvault and the FuzzOpenSealed seeds")
	}
	os.RemoveAll(fuzzVaultDir)
	o := opts(nil, nil)
	v, _ := mustCreate(t, fuzzVaultDir, o)
	for i := 0; i < 2; i++ {
		if _, err := v.Save(t.Context(), snap(fuzzSize)); err != nil {
			t.Fatal(err)
		}
	}
	v.Close()
	gen2 := filepath.Join(fuzzVaultDir, "gen", "000000002.age")
	valid, err := os.ReadFile(gen2)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(gen2)
	os.Remove(filepath.Join(fuzzVaultDir, "LOCK"))
	flipped := append([]byte(nil), valid...)
	flipped[len(flipped)-40] ^= 0x10
	seeds := map[string][]byte{
		"valid":       valid,
		"truncated":   valid[:len(valid)-17],
		"header_only": valid[:bytes.Index(valid, []byte("\n---"))+48],
		"flipped":     flipped,
		"appended":    append(append([]byte(nil), valid...), 0),
		"empty":       {},
		"not_age":     []byte("SQLite format 3\x00"),
		"bad_header":  []byte("age-encryption.org/v1\n-> X25519 AAAA\n--- AAAA\n"),
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzOpenSealed")
	os.MkdirAll(dir, 0o755)
	for name, b := range seeds {
		body := "go test fuzz v1\n[]byte(" + strconv.Quote(string(b)) + ")\n"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// loadFuzzVault copies the committed vault into memory.
func loadFuzzVault(t testing.TB) *faultfs.FS {
	fsys := faultfs.New()
	err := filepath.WalkDir(fuzzVaultDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(fuzzVaultDir, p)
		target := "/v/" + filepath.ToSlash(rel)
		if d.IsDir() {
			return fsys.MkdirAll(target)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fsys.WriteFile(target, b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	fsys.MkdirAll("/v/quarantine")
	fsys.MkdirAll("/v/blobs")
	return fsys
}

// FuzzOpenSealed feeds arbitrary bytes to Open as generation 2 next to a
// valid generation 1: no panic, generation 1 opens whenever generation 2 is
// refused, and nothing but the one authentic plaintext is ever accepted.
func FuzzOpenSealed(f *testing.F) {
	fsys := loadFuzzVault(f)
	v, err := vault.Unlock(bg, "/v", testPass, opts(fsys, newClock()))
	if err != nil {
		f.Fatalf("unlock the committed fuzz vault: %v", err)
	}
	f.Cleanup(func() { v.Close() })
	want1, want2 := image(1, fuzzSize), image(2, fuzzSize)
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys.WriteFile("/v/gen/000000002.age", data)
		defer fsys.Remove("/v/gen/000000002.age")
		rep, err := v.Open(bg, func(gen uint64, img []byte) error {
			switch {
			case gen == 1 && bytes.Equal(img, want1), gen == 2 && bytes.Equal(img, want2):
				return nil
			case gen == 2:
				t.Fatalf("got %d bytes of plaintext accepted that were never sealed", len(img))
			}
			return errors.New("unexpected image")
		})
		if err != nil {
			t.Fatalf("got %v, want generation 1 at least", err)
		}
		for _, l := range rep.Lost {
			if !errors.Is(l.Reason, vault.ErrDamaged) {
				t.Errorf("got lost reason %v, want damage", l.Reason)
			}
			if l.File != "" {
				fsys.Remove(l.File)
			}
		}
		if rep.Gen == 2 && len(rep.Lost) != 0 {
			t.Errorf("got %d lost with generation 2 opened, want 0", len(rep.Lost))
		}
	})
}
