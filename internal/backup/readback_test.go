package backup

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"xinqing/internal/vault"
)

// onlyReadFile hides the positioned reads of the real file system.
type onlyReadFile struct{ vault.FS }

func TestTheReadBackFindsEveryDifferenceEitherWay(t *testing.T) {
	want := bytes.Repeat([]byte("0123456789abcdef"), (3*chunk)/16+5)
	flipped := bytes.Clone(want)
	flipped[2*chunk+7] ^= 1
	for _, c := range []struct {
		name string
		file []byte
		ok   bool
	}{
		{"the same bytes", want, true},
		{"one bit flipped", flipped, false},
		{"one byte short", want[:len(want)-1], false},
		{"one byte more", append(bytes.Clone(want), 0), false},
		{"nothing", nil, false},
	} {
		for _, fsys := range []vault.FS{vault.OSFS{}, onlyReadFile{vault.OSFS{}}} {
			name := filepath.ToSlash(filepath.Join(t.TempDir(), "x.age.tmp"))
			if err := os.WriteFile(name, c.file, 0o600); err != nil {
				t.Fatal(err)
			}
			got, err := readBack(fsys, name, want, "the image", nil)
			switch {
			case c.ok && (err != nil || got != sha256.Sum256(want)):
				t.Errorf("%s (%T): got %x, %v; want the file's hash", c.name, fsys, got, err)
			case !c.ok && !errors.Is(err, ErrDamaged):
				t.Errorf("%s (%T): got %v, want ErrDamaged", c.name, fsys, err)
			}
		}
	}
	if _, err := readBack(vault.OSFS{}, filepath.Join(t.TempDir(), "missing"), want, "the image", nil); err == nil || errors.Is(err, ErrDamaged) {
		t.Errorf("a missing file: got %v, want a read error, not damage", err)
	}
}

func TestOnlyReadFileHidesPositionedReads(t *testing.T) {
	if _, ok := vault.FS(onlyReadFile{vault.OSFS{}}).(vault.ReaderOpener); ok {
		t.Fatal("the wrapper offers positioned reads: the ReadFile path goes untested")
	}
}
