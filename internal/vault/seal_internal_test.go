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
