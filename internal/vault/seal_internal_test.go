package vault

import (
	"bytes"
	"errors"
	"testing"

	"filippo.io/age"
)

func TestVerifySealedCatchesEveryDifference(t *testing.T) {
	vi, err := age.GenerateHybridIdentity()
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []int{0, 1000, 5<<20 + 123} {
		want := bytes.Repeat([]byte{0x5a}, size)
		var buf bytes.Buffer
		if err := sealTo(&buf, vi.Recipient(), want); err != nil {
			t.Fatal(err)
		}
		sealed := buf.Bytes()
		if err := verifySealed(sealed, want, vi); err != nil {
			t.Fatalf("size %d: got %v for a good file, want nil", size, err)
		}
		cases := map[string]func() ([]byte, []byte){
			"a different plaintext": func() ([]byte, []byte) {
				w := append([]byte(nil), want...)
				if len(w) == 0 {
					return sealed, []byte{1}
				}
				w[len(w)*3/4] ^= 1
				return sealed, w
			},
			"a longer plaintext":  func() ([]byte, []byte) { return sealed, append(append([]byte(nil), want...), 0) },
			"a truncated file":    func() ([]byte, []byte) { return sealed[:len(sealed)-1], want },
			"a flipped last byte": func() ([]byte, []byte) { s := append([]byte(nil), sealed...); s[len(s)-1] ^= 1; return s, want },
		}
		for name, mk := range cases {
			s, w := mk()
			if err := verifySealed(s, w, vi); !errors.Is(err, ErrDamaged) {
				t.Errorf("size %d, %s: got %v, want ErrDamaged", size, name, err)
			}
		}
	}
}

// decryptAll opens big files in two halves: the result and every failure
// must be what one pass gives.
func TestDecryptAllInHalvesAgreesWithOnePass(t *testing.T) {
	vi, err := age.GenerateHybridIdentity()
	if err != nil {
		t.Fatal(err)
	}
	other, err := age.GenerateHybridIdentity()
	if err != nil {
		t.Fatal(err)
	}
	const chunk = 64 << 10
	for _, size := range []int{parallelDecryptMin, 3*parallelDecryptMin + 17, 40 * chunk} {
		want := bytes.Repeat([]byte("晴川"), size/6+1)[:size]
		var buf bytes.Buffer
		if err := sealTo(&buf, vi.Recipient(), want); err != nil {
			t.Fatal(err)
		}
		sealed := buf.Bytes()
		if len(sealed) < parallelDecryptMin {
			t.Fatalf("a sealed file of %d bytes does not take the two-halves path", len(sealed))
		}
		got, err := decryptAll(sealed, vi)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("size %d: got %d bytes, %v; want the plaintext", size, len(got), err)
		}
		if _, err := decryptAll(sealed, other); !errors.Is(err, ErrDamaged) || err.(*SealError).Stage != StageHeader {
			t.Errorf("size %d, another key: got %v, want a header failure", size, err)
		}
		hdr := len(sealed) - size - (size+chunk-1)/chunk*16
		damaged := map[string][]byte{
			"the first chunk flipped":         flip(sealed, hdr+10),
			"a middle chunk flipped":          flip(sealed, hdr+(len(sealed)-hdr)/2),
			"the last byte flipped":           flip(sealed, len(sealed)-1),
			"cut at a chunk boundary":         sealed[:hdr+(size/chunk/2)*(chunk+16)],
			"cut by one byte":                 sealed[:len(sealed)-1],
			"one byte appended":               append(bytes.Clone(sealed), 0),
			"a chunk dropped from the middle": append(bytes.Clone(sealed[:hdr+chunk+16]), sealed[hdr+2*(chunk+16):]...),
		}
		for name, s := range damaged {
			got, err := decryptAll(s, vi)
			var se *SealError
			if got != nil || !errors.As(err, &se) || se.Stage != StagePayload {
				t.Errorf("size %d, %s: got %d bytes, %v; want a payload failure and nothing", size, name, len(got), err)
			}
		}
	}
}

func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 0x20
	return c
}
