package vault_test

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"

	"filippo.io/age"

	"xinqing/internal/vault"
	"xinqing/internal/vault/faultfs"
)

const (
	chunk    = 64 << 10
	encChunk = chunk + 16
	nonceLen = 16
)

// tamperRig is a vault in memory holding generations 1 and 2; plant
// replaces generation 2 with other bytes and opens.
type tamperRig struct {
	t     *testing.T
	fsys  *faultfs.FS
	v     *vault.Vault
	size  int
	good  []byte // the sealed bytes of generation 2
	gen3  []byte // a third valid sealed file, for splicing
	want1 []byte
	opens int
}

func newTamperRig(t *testing.T, size int) *tamperRig {
	fsys, c := memVault(t, 3, size, vault.Retention{})
	v := mustUnlock(t, "/v", opts(fsys, c))
	t.Cleanup(func() { v.Close() })
	r := &tamperRig{t: t, fsys: fsys, v: v, size: size, want1: image(1, size)}
	var err error
	if r.good, err = fsys.ReadFile("/v/gen/000000002.age"); err != nil {
		t.Fatal(err)
	}
	if r.gen3, err = fsys.ReadFile("/v/gen/000000003.age"); err != nil {
		t.Fatal(err)
	}
	if err := fsys.Remove("/v/gen/000000003.age"); err != nil {
		t.Fatal(err)
	}
	return r
}

func (r *tamperRig) headerLen(file []byte) int {
	h, err := age.ExtractHeader(bytes.NewReader(file))
	if err != nil {
		r.t.Fatal(err)
	}
	return len(h)
}

// plant puts data in place of generation 2 and opens: generation 2 must be
// reported lost as damaged, its bytes must never reach accept, and
// generation 1 must open instead.
func (r *tamperRig) plant(what string, data []byte) {
	r.t.Helper()
	r.opens++
	r.fsys.WriteFile("/v/gen/000000002.age", data)
	rep, err := r.v.Open(bg, func(gen uint64, img []byte) error {
		if gen != 1 {
			r.t.Fatalf("%s: got generation %d handed to accept, want it refused before", what, gen)
		}
		if !bytes.Equal(img, r.want1) {
			return errors.New("not generation 1")
		}
		return nil
	})
	if err != nil {
		r.t.Fatalf("%s: got %v, want a fallback to generation 1", what, err)
	}
	if rep.Gen != 1 || len(rep.Lost) != 1 || rep.Lost[0].Gen != 2 {
		r.t.Fatalf("%s: got generation %d with lost %+v, want 1 with 2 lost", what, rep.Gen, rep.Lost)
	}
	if !isDamaged(rep.Lost[0].Reason) {
		r.t.Fatalf("%s: got reason %v, want damage", what, rep.Lost[0].Reason)
	}
	if rep.Lost[0].File == "" {
		r.t.Fatalf("%s: got the damaged file left in gen/, want it in quarantine/", what)
	}
	if err := r.fsys.Remove(rep.Lost[0].File); err != nil {
		r.t.Fatal(err)
	}
}

// TestBitFlipsInGenerations is A5: every single-bit flip in the first 4 KiB
// through the decryption Open uses (Vault.Decrypt), and 10,000 random flips
// anywhere through Open itself, which must fall back to generation 1.
func TestBitFlipsInGenerations(t *testing.T) {
	t.Parallel()
	r := newTamperRig(t, 6000)
	data := append([]byte(nil), r.good...)
	if len(data) < 4096 {
		t.Fatalf("got a %d-byte generation, want more than 4 KiB", len(data))
	}
	for bit := 0; bit < 4096*8; bit++ {
		data[bit/8] ^= 1 << (bit % 8)
		out, err := r.v.Decrypt(data)
		if !isDamaged(err) || out != nil {
			t.Fatalf("bit %d: got %d bytes and %v, want ErrDamaged and nothing", bit, len(out), err)
		}
		data[bit/8] ^= 1 << (bit % 8)
	}
	rng := rand.New(rand.NewPCG(5, 5))
	for i := 0; i < 10000; i++ {
		bit := rng.IntN(len(data) * 8)
		data[bit/8] ^= 1 << (bit % 8)
		r.plant("bit flip", data)
		data[bit/8] ^= 1 << (bit % 8)
	}
	t.Logf("%d flips refused by decryption, %d by Open with fallback", 4096*8, r.opens)
}

// TestTruncatedGenerations is A6: cut at every length within the header and
// nonce, and around every 64 KiB chunk boundary and the end.
func TestTruncatedGenerations(t *testing.T) {
	t.Parallel()
	r := newTamperRig(t, 3*chunk+100)
	hl := r.headerLen(r.good)
	cuts := map[int]bool{}
	for n := 0; n <= hl+nonceLen; n++ {
		cuts[n] = true
	}
	for b := hl + nonceLen; b < len(r.good)+encChunk; b += encChunk {
		for d := -20; d <= 20; d++ {
			if n := b + d; n >= 0 && n < len(r.good) {
				cuts[n] = true
			}
		}
	}
	for d := 1; d <= 40; d++ {
		cuts[len(r.good)-d] = true
	}
	for n := range cuts {
		r.plant("truncation", r.good[:n])
	}
	t.Logf("%d truncations refused (header %d bytes)", len(cuts), hl)
}

// TestSplicedGenerations is A7: appended bytes, swapped, dropped and
// repeated chunks, and the header of one file with the payload of another.
func TestSplicedGenerations(t *testing.T) {
	r := newTamperRig(t, 3*chunk+100)
	g, o := r.good, r.gen3
	hl, ho := r.headerLen(g), r.headerLen(o)
	body := hl + nonceLen
	chunkAt := func(i int) []byte { return g[body+i*encChunk : min(body+(i+1)*encChunk, len(g))] }
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	junk := make([]byte, encChunk)
	rand.NewChaCha8([32]byte{7}).Read(junk)
	cases := []struct {
		name string
		data []byte
	}{
		{"one byte appended", cat(g, []byte{0})},
		{"sixteen bytes appended", cat(g, junk[:16])},
		{"a chunk of junk appended", cat(g, junk)},
		{"the last chunk appended again", cat(g, chunkAt(3))},
		{"the first chunk appended", cat(g, chunkAt(0))},
		{"the first two chunks swapped", cat(g[:body], chunkAt(1), chunkAt(0), chunkAt(2), chunkAt(3))},
		{"the second chunk dropped", cat(g[:body], chunkAt(0), chunkAt(2), chunkAt(3))},
		{"the last chunk dropped", cat(g[:body], chunkAt(0), chunkAt(1), chunkAt(2))},
		{"the first chunk repeated", cat(g[:body], chunkAt(0), chunkAt(0), chunkAt(1), chunkAt(2), chunkAt(3))},
		{"the header of one file and the payload of another", cat(g[:hl], o[ho:])},
		{"the header and nonce of one file and the chunks of another", cat(g[:body], o[ho+nonceLen:])},
		{"the header of another file and this payload", cat(o[:ho], g[hl:])},
		{"two headers", cat(g[:hl], g)},
		{"an empty file", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { r.plant(tc.name, tc.data) })
	}
}
