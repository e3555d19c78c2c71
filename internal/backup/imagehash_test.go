package backup_test

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"xinqing/internal/backup"
)

// The image hash only spares the row-by-row content hash of an image that
// is byte for byte the source's: a wrong image hash falls back to it (and
// passes), a wrong content hash without an image hash is damage, and the
// image hash of the state saved names the generation's very bytes.
func TestTheImageHashSparesOnlyTheHashOfTheSameBytes(t *testing.T) {
	c := newClock()
	w, _ := newWorkspace(t, nil, "", c, 41)
	fill(t, w.Store(), rand.New(rand.NewPCG(41, 1)), 30)
	save(t, w)
	gen, _, err := w.Vault().LatestGeneration()
	if err != nil {
		t.Fatal(err)
	}
	h, img, err := w.Store().Hashes(bg)
	if err != nil {
		t.Fatal(err)
	}
	if h != contentHash(t, w.Store()) {
		t.Fatal("Hashes' content hash differs from ContentHash")
	}
	stick := t.TempDir()
	o := backup.Options{Now: c.Now, Space: plenty}
	run := func(want backup.Expect) error {
		c.Add(time.Minute)
		_, err := backup.Run(bg, w.Vault(), want, stick, o)
		return err
	}
	if err := run(backup.Expect{Gen: gen, Hash: h, Image: img}); err != nil {
		t.Fatalf("the source's own image hash: %v", err)
	}
	other := img
	other[0] ^= 1
	if err := run(backup.Expect{Gen: gen, Hash: h, Image: other}); err != nil {
		t.Fatalf("another image hash (hashed row by row): %v", err)
	}
	wrong := h
	wrong[0] ^= 1
	if err := run(backup.Expect{Gen: gen, Hash: wrong}); !errors.Is(err, backup.ErrDamaged) {
		t.Fatalf("a wrong content hash: got %v, want ErrDamaged", err)
	}
	if err := run(backup.Expect{Gen: gen, Hash: wrong, Image: other}); !errors.Is(err, backup.ErrDamaged) {
		t.Fatalf("a wrong content hash and image hash: got %v, want ErrDamaged", err)
	}
}
