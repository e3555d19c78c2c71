package keyslot

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// fuzzSeeds are the committed starting points of FuzzSlotOpen: a good slot,
// its golden twin, and each refusal class of the A8 table.
func fuzzSeeds(t testing.TB) map[string][]byte {
	good, err := Seal(syntheticIdentity, "fuzz seed passphrase", tiny, &counting{})
	if err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(good)
	flipped[len(flipped)-1] ^= 1
	ok := Params{MemoryKiB: 64, Time: 1, Threads: 1}
	return map[string][]byte{
		"good":             good,
		"flipped_tag":      flipped,
		"truncated":        good[:70],
		"huge_memory":      build(1, Params{0xffffffff, 3, 4}, 16, 93),
		"zero_threads":     build(1, Params{64, 1, 0}, 16, 93),
		"zero_time":        build(1, Params{64, 0, 1}, 16, 93),
		"version_2":        build(2, ok, 16, 93),
		"long_salt":        build(1, ok, 255, 93),
		"empty_ciphertext": build(1, ok, 16, 0),
		"magic_only":       []byte(magic),
	}
}

// TestWriteFuzzSeeds rewrites testdata/fuzz/FuzzSlotOpen with -update.
func TestWriteFuzzSeeds(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite the seeds")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzSlotOpen")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, slot := range fuzzSeeds(t) {
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\nstring(%q)\n", slot, "fuzz seed passphrase")
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// FuzzSlotOpen: parsing and opening any bytes never panics, and an error is
// always one of the three sentinels.
func FuzzSlotOpen(f *testing.F) {
	f.Fuzz(func(t *testing.T, slot []byte, passphrase string) {
		h, perr := ParseHeader(slot)
		// Real Argon2id where it is cheap; the clamped one for hostile costs
		// that passed the caps (they are legal, just slow under a fuzzer).
		derive := argon2id
		if perr == nil && (h.Params.MemoryKiB > 1024 || h.Params.Time > 2) {
			derive = boundedKDF()
		}
		id, err := open(slot, passphrase, derive)
		if (perr != nil) != (err != nil && !errors.Is(err, ErrWrongPassphrase)) {
			t.Fatalf("ParseHeader said %v but Open said %v", perr, err)
		}
		if err != nil {
			if id != "" {
				t.Fatal("Open failed but returned an identity")
			}
			if !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrUnsupported) && !errors.Is(err, ErrWrongPassphrase) {
				t.Fatalf("got %v, want a keyslot sentinel", err)
			}
		}
	})
}
