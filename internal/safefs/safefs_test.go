//go:build unix

package safefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// hostile builds a folder with a link, a FIFO, a link to /dev/zero and a
// regular file.
func hostile(t *testing.T) (root, outside string) {
	t.Helper()
	root, outside = t.TempDir(), t.TempDir()
	must(t, os.WriteFile(filepath.Join(outside, "victim"), []byte("keep me"), 0o600))
	must(t, os.WriteFile(filepath.Join(root, "ok"), []byte("hello"), 0o600))
	must(t, os.Symlink(filepath.Join(outside, "victim"), filepath.Join(root, "link")))
	must(t, os.Symlink(outside, filepath.Join(root, "dirlink")))
	must(t, os.Symlink("/dev/zero", filepath.Join(root, "zero")))
	must(t, syscall.Mkfifo(filepath.Join(root, "fifo"), 0o600))
	return root, outside
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestReadFileRefusesLinksFIFOsAndDevices(t *testing.T) {
	root, _ := hostile(t)
	for name, want := range map[string]error{"link": ErrLink, "dirlink": ErrLink, "zero": ErrLink, "fifo": ErrNotRegular} {
		done := make(chan error, 1)
		go func() { _, err := ReadFile(filepath.Join(root, name), 1<<20); done <- err }()
		select {
		case err := <-done:
			if !errors.Is(err, want) || !errors.Is(err, ErrUnsafe) {
				t.Errorf("%s: %v, want %v", name, err, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: ReadFile blocked", name)
		}
	}
	b, err := ReadFile(filepath.Join(root, "ok"), 5)
	if err != nil || string(b) != "hello" {
		t.Fatalf("regular file: %q %v", b, err)
	}
	if _, err := ReadFile(filepath.Join(root, "ok"), 4); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("over the cap: %v", err)
	}
}

func TestOpenRefusesADeviceItself(t *testing.T) {
	// A device node in place of a file (no link on the way).
	if _, _, err := Open("/dev/zero", 0); !errors.Is(err, ErrNotRegular) {
		t.Fatalf("/dev/zero: %v", err)
	}
}

func TestReadAllStopsAtTheCap(t *testing.T) {
	f, err := os.Open("/dev/zero")
	must(t, err)
	defer f.Close()
	if _, err := ReadAll(f, "zero", 0, 1<<20); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("endless stream: %v", err)
	}
}

func TestRemoveAndRenameTouchOnlyRegularFiles(t *testing.T) {
	root, outside := hostile(t)
	for _, n := range []string{"link", "dirlink", "zero", "fifo"} {
		if err := Remove(filepath.Join(root, n)); !errors.Is(err, ErrUnsafe) {
			t.Errorf("remove %s: %v", n, err)
		}
		if err := Rename(filepath.Join(root, "ok"), filepath.Join(root, n)); !errors.Is(err, ErrUnsafe) {
			t.Errorf("rename onto %s: %v", n, err)
		}
	}
	if _, err := os.Stat(filepath.Join(outside, "victim")); err != nil {
		t.Fatal(err)
	}
	must(t, Rename(filepath.Join(root, "ok"), filepath.Join(root, "ok2")))
	must(t, Remove(filepath.Join(root, "ok2")))
}

func TestFoldersStayBelowTheRootAndNeverFollowALink(t *testing.T) {
	root, outside := hostile(t)
	if err := MkdirAll(root, filepath.Join(root, "dirlink", "sub")); !errors.Is(err, ErrLink) {
		t.Fatalf("mkdir through a link: %v", err)
	}
	if _, err := os.Stat(filepath.Join(outside, "sub")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("a folder was made through the link")
	}
	if err := MkdirAll(root, filepath.Join(root, "..", "escape")); !errors.Is(err, ErrOutside) {
		t.Fatalf("mkdir outside: %v", err)
	}
	must(t, MkdirAll(root, filepath.Join(root, "a", "b")))
	if err := CheckDirs(root, filepath.Join(root, "dirlink", "victim")); !errors.Is(err, ErrLink) {
		t.Fatalf("check through a link: %v", err)
	}
	if _, err := ReadDir(filepath.Join(root, "dirlink")); !errors.Is(err, ErrLink) {
		t.Fatalf("list a link: %v", err)
	}
	if err := CheckDir(root, filepath.Join(root, "a", "b")); err != nil {
		t.Fatal(err)
	}
}

func TestCreateExclIsPrivateAndRefusesALink(t *testing.T) {
	root, _ := hostile(t)
	if _, err := CreateExcl(filepath.Join(root, "link")); err == nil {
		t.Fatal("created through a link")
	}
	f, err := CreateExcl(filepath.Join(root, "new"))
	must(t, err)
	fi, err := f.Stat()
	must(t, err)
	f.Close()
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", fi.Mode())
	}
}

func TestErrorSaysWhatInChinese(t *testing.T) {
	err := &Error{Path: "/x/blobs", Err: ErrLink}
	if got := err.Error(); got != "“blobs”是一个链接（符号链接或目录联接），心晴不会跟随它" {
		t.Fatal(got)
	}
}

func TestOpenChosenFollowsALinkToAFileButNeverBlocks(t *testing.T) {
	root, _ := hostile(t)
	f, err := OpenChosen(filepath.Join(root, "link"))
	must(t, err)
	f.Close()
	for _, n := range []string{"fifo", "zero", "dirlink"} {
		done := make(chan error, 1)
		go func() {
			f, err := OpenChosen(filepath.Join(root, n))
			if f != nil {
				f.Close()
			}
			done <- err
		}()
		select {
		case err := <-done:
			if !errors.Is(err, ErrNotRegular) {
				t.Errorf("%s: %v, want ErrNotRegular", n, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: OpenChosen blocked", n)
		}
	}
}
