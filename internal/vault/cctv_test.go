package vault_test

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"strings"
	"testing"

	agetest "c2sp.org/CCTV/age"
	"filippo.io/age"
	"filippo.io/age/armor"

	"xinqing/internal/vault"
)

type ageVector struct {
	expect      string
	payloadHash []byte
	identities  []age.Identity
	armored     bool
	file        []byte
}

// parseVector reads the vector format of c2sp.org/CCTV/age (as age's own
// testkit_test.go does).
func parseVector(t *testing.T, test []byte) *ageVector {
	var z bool
	v := &ageVector{file: test}
	for {
		line, rest, ok := bytes.Cut(v.file, []byte("\n"))
		if !ok {
			t.Fatal("invalid vector: no payload")
		}
		v.file = rest
		if len(line) == 0 {
			break
		}
		key, value, _ := strings.Cut(string(line), ": ")
		switch key {
		case "expect":
			v.expect = value
		case "payload":
			h, err := hex.DecodeString(value)
			if err != nil {
				t.Fatal(err)
			}
			v.payloadHash = h
		case "file key", "comment":
		case "identity":
			i, err := age.ParseX25519Identity(value)
			if err != nil {
				i2, err2 := age.ParseHybridIdentity(value)
				if err2 != nil {
					t.Fatalf("identity: %v / %v", err, err2)
				}
				v.identities = append(v.identities, i2)
				continue
			}
			v.identities = append(v.identities, i)
		case "passphrase":
			i, err := age.NewScryptIdentity(value)
			if err != nil {
				t.Fatal(err)
			}
			v.identities = append(v.identities, i)
		case "armored":
			v.armored = true
		case "compressed":
			if value != "zlib" {
				t.Fatalf("unknown compression %q", value)
			}
			z = true
		default:
			t.Fatalf("unknown vector header %q", key)
		}
	}
	if z {
		r, err := zlib.NewReader(bytes.NewReader(v.file))
		if err != nil {
			t.Fatal(err)
		}
		if v.file, err = io.ReadAll(r); err != nil {
			t.Fatal(err)
		}
	}
	return v
}

// class maps a vector's expectation onto the open path's three outcomes.
func class(expect string) string {
	switch expect {
	case "success":
		return "success"
	case "payload failure":
		return "payload"
	default: // header failure, HMAC failure, no match (armor failure is handled apart)
		return "header"
	}
}

// TestAgeVectors is A2: every C2SP CCTV age vector through the open path
// (decryptAll, which Open uses): the outcome class matches and a failed
// payload yields not one byte.
func TestAgeVectors(t *testing.T) {
	t.Parallel()
	entries, err := fs.ReadDir(agetest.Vectors, ".")
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, e := range entries {
		contents, err := fs.ReadFile(agetest.Vectors, e.Name())
		if err != nil {
			t.Fatal(err)
		}
		v := parseVector(t, contents)
		counts[v.expect]++
		t.Run(e.Name(), func(t *testing.T) {
			file := v.file
			if v.armored {
				// A generation is never armored: the raw armored file is refused.
				if out, err := vault.DecryptAll(file, v.identities...); err == nil || out != nil {
					t.Fatalf("got %d bytes and %v for an armored file, want a refusal with no bytes", len(out), err)
				}
				// Decoded as the age tool does, the rest must match too.
				file, err = io.ReadAll(armor.NewReader(bytes.NewReader(v.file)))
				if err != nil {
					if v.expect != "armor failure" {
						t.Fatalf("got armor error %v, want %s", err, v.expect)
					}
					return
				}
			}
			out, err := vault.DecryptAll(file, v.identities...)
			got := "success"
			var se *vault.SealError
			if errors.As(err, &se) {
				got = map[vault.Stage]string{vault.StageHeader: "header", vault.StagePayload: "payload"}[se.Stage]
				if !errors.Is(err, vault.ErrDamaged) {
					t.Errorf("got %v, want it to match ErrDamaged", err)
				}
			} else if err != nil {
				t.Fatalf("got an unclassified error %v", err)
			}
			want := class(v.expect)
			if v.expect == "armor failure" {
				// Armor damage found only inside the payload.
				want = "payload"
			}
			if got != want {
				t.Fatalf("got %s (%v), want %s (%s)", got, err, want, v.expect)
			}
			if err != nil && len(out) != 0 {
				t.Fatalf("got %d plaintext bytes from a failed file, want 0", len(out))
			}
			if err == nil {
				if s := sha256.Sum256(out); !bytes.Equal(s[:], v.payloadHash) {
					t.Errorf("got payload %x, want %x", s, v.payloadHash)
				}
			}
		})
	}
	if len(entries) < 143 {
		t.Errorf("got %d vectors, want all of them (at least 143)", len(entries))
	}
	t.Logf("%d vectors: %v", len(entries), counts)
}
