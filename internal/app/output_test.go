package app

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteOutputExclusiveRefusesExisting(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.pdf")
	if err := WriteBytes(p, Exclusive, []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := WriteBytes(p, Exclusive, []byte("two")); !errors.Is(err, ErrOutputExists) {
		t.Fatalf("second exclusive write: %v, want ErrOutputExists", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "one" {
		t.Fatalf("existing file changed to %q", b)
	}
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want 0600", fi.Mode().Perm())
	}
	assertOnly(t, dir, "a.pdf")
}

func TestWriteOutputReplace(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.pdf")
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteBytes(p, Replace, []byte("new")); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	fi, _ := os.Stat(p)
	if string(b) != "new" || fi.Mode().Perm() != 0o600 {
		t.Fatalf("got %q mode %v", b, fi.Mode().Perm())
	}
	assertOnly(t, dir, "a.pdf")
}

func TestWriteOutputRemovesEverythingOnError(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.pdf")
	boom := errors.New("boom")
	err := WriteOutput(p, Exclusive, func(w io.Writer) error {
		w.Write([]byte("half a document"))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err %v", err)
	}
	assertOnly(t, dir)
}

func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		got = append(got, e.Name())
	}
	if len(got) != len(names) {
		t.Fatalf("folder holds %v, want %v", got, names)
	}
	for i := range names {
		if got[i] != names[i] {
			t.Fatalf("folder holds %v, want %v", got, names)
		}
	}
}
