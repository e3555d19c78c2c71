package app

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"xinqing/internal/casework"
	"xinqing/internal/safefs"
)

// failAt makes the k-th write of every output fail as a full disk does.
func failAt(t *testing.T, k int) {
	t.Helper()
	old := outputWriter
	t.Cleanup(func() { outputWriter = old })
	n := 0
	outputWriter = func(f *os.File) io.Writer {
		return writerFunc(func(p []byte) (int, error) {
			n++
			if n == k {
				// Half of it reaches the disk first.
				f.Write(p[:len(p)/2])
				return len(p) / 2, &os.PathError{Op: "write", Path: f.Name(), Err: syscall.ENOSPC}
			}
			return f.Write(p)
		})
	}
}

type writerFunc func([]byte) (int, error)

func (w writerFunc) Write(p []byte) (int, error) { return w(p) }

// A full disk at any write of any document or export leaves nothing
// behind (no truncated plaintext), logs nothing, and says the disk is full.
func TestAFullDiskAtEveryWriteOfEveryOutputLeavesNothing(t *testing.T) {
	s := demoSession(t)
	ctx := context.Background()
	outs := documents(t, s)
	outs = append(outs,
		document{"export", "", func(ctx context.Context, p string, o Overwrite) error { return s.App.Export(ctx, p, o) }},
		document{"list", "", func(ctx context.Context, p string, o Overwrite) error {
			_, err := s.App.ExportRecords(ctx, casework.KindStudent, p, o)
			return err
		}},
	)
	for _, d := range outs {
		t.Run(d.name, func(t *testing.T) {
			for k := 1; ; k++ {
				dir := t.TempDir()
				n := auditCount(t, s)
				failAt(t, k)
				err := d.write(ctx, filepath.Join(dir, d.name+".out"), Exclusive)
				if err == nil {
					if k == 1 {
						t.Fatal("the fault was never reached")
					}
					break
				}
				if !errors.Is(err, syscall.ENOSPC) {
					t.Fatalf("write %d: got %v, want the disk-full error", k, err)
				}
				assertOnly(t, dir)
				if auditCount(t, s) != n {
					t.Fatalf("write %d: a failed output was logged", k)
				}
				if k > 10000 {
					t.Fatal("no end to the writes")
				}
			}
		})
	}
}

// A link where the output goes is refused in both modes; its target is
// untouched.
func TestWriteOutputRefusesALinkInPlaceOfTheFile(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(t.TempDir(), "elsewhere.txt")
	if err := os.WriteFile(target, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "a.pdf")
	if err := os.Symlink(target, p); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	for _, over := range []Overwrite{Exclusive, Replace} {
		if err := WriteBytes(p, over, []byte("names")); !errors.Is(err, safefs.ErrLink) {
			t.Fatalf("over %v: got %v, want a refused link", over, err)
		}
	}
	if b, _ := os.ReadFile(target); string(b) != "keep" {
		t.Fatalf("the link's target became %q", b)
	}
	if fi, err := os.Lstat(p); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the link was replaced")
	}
	assertOnly(t, dir, "a.pdf")
}
