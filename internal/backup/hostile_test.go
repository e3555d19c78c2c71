//go:build unix

package backup_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"xinqing/internal/backup"
	"xinqing/internal/workspace"
)

// hostileSource is a vault with one student and one attachment, saved, and
// the layout of a clean backup of it (its vault folder's name and the path
// of its attachment file below the vault folder).
func hostileSource(t *testing.T) (w *workspace.Workspace, id, blobRel string) {
	t.Helper()
	c := newClock()
	w, _ = newWorkspace(t, nil, "", c, 41)
	fill(t, w.Store(), rand.New(rand.NewPCG(41, 41)), 3)
	attach(t, w, attachBytes(41, 3000), "a.bin")
	save(t, w)
	r, err := w.Backup(bg, t.TempDir(), backup.Options{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := os.ReadFile(filepath.Join(r.Dir, r.Name.String()+".sha256"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(m), "\n") {
		if f := strings.Fields(line); len(f) == 2 && strings.HasPrefix(f[1], "blobs/") {
			blobRel = f[1]
		}
	}
	if blobRel == "" {
		t.Fatal("no attachment in the manifest")
	}
	return w, filepath.Base(r.Dir), blobRel
}

// victim is a folder outside the stick with files in subfolders, as a
// user's documents folder would be.
func victim(t *testing.T) (string, func()) {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"letter.txt", "ee/photo.age", "ee/notes.age.tmp", "ab/x.tmp"} {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("user data "+f), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir, func() {
		t.Helper()
		n := 0
		filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
			if err == nil && !fi.IsDir() {
				n++
			}
			return nil
		})
		if n != 4 {
			t.Errorf("the folder outside the stick holds %d files, want its 4 untouched", n)
		}
	}
}

// A link at any level of <stick>/心晴备份/<vault-id>/blobs/ab, absolute or
// relative (a junction on Windows is a directory link), makes a backup
// refuse with a sentence naming it; nothing outside the stick is written
// or removed.
func TestBackupRefusesALinkAtEveryLevelOfTheStick(t *testing.T) {
	w, id, blobRel := hostileSource(t)
	sub := filepath.Base(filepath.Dir(blobRel))
	levels := []struct {
		name string
		link string // the link below the stick
	}{
		{"心晴备份", backup.RootName},
		{"vault folder", filepath.Join(backup.RootName, id)},
		{"blobs", filepath.Join(backup.RootName, id, "blobs")},
		{"blobs/ab of this attachment", filepath.Join(backup.RootName, id, "blobs", sub)},
		{"blobs/ee of another", filepath.Join(backup.RootName, id, "blobs", "ee")},
	}
	for _, l := range levels {
		for _, relative := range []bool{false, true} {
			t.Run(l.name+map[bool]string{false: " absolute", true: " relative"}[relative], func(t *testing.T) {
				stick := t.TempDir()
				out, untouched := victim(t)
				link := filepath.Join(stick, l.link)
				if err := os.MkdirAll(filepath.Dir(link), 0o700); err != nil {
					t.Fatal(err)
				}
				target := out
				if relative {
					var err error
					if target, err = filepath.Rel(filepath.Dir(link), out); err != nil {
						t.Fatal(err)
					}
				}
				if err := os.Symlink(target, link); err != nil {
					t.Fatal(err)
				}
				_, err := w.Backup(bg, stick, backup.Options{})
				if !errors.Is(err, backup.ErrUnsafe) || !strings.Contains(err.Error(), "是一个链接") {
					t.Fatalf("backup through a linked %s: %v, want a refusal naming the link", l.name, err)
				}
				untouched()
				if _, err := os.Stat(filepath.Join(out, "ee", "photo.age")); err != nil {
					t.Fatal(err)
				}
				// Verify and restore refuse it too, and touch nothing.
				if rep, err := backup.Verify(bg, stick, nil, backup.Options{}); err == nil && rep.Verified > 0 {
					t.Errorf("verify through a linked %s found %d verified backups", l.name, rep.Verified)
				}
				untouched()
			})
		}
	}
}

// The pruning of an earlier run cannot reach through a link either: with
// blobs/ee linked after good backups, the next backup refuses, and the
// files in the link's target stay.
func TestPruningNeverFollowsALinkedBlobFolder(t *testing.T) {
	w, _, blobRel := hostileSource(t)
	stick := t.TempDir()
	r, err := w.Backup(bg, stick, backup.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out, untouched := victim(t)
	if err := os.Symlink(out, filepath.Join(r.Dir, "blobs", "ee")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(out, "letter.txt"), filepath.Join(r.Dir, filepath.Dir(blobRel), "ff00.age")); err != nil {
		t.Fatal(err)
	}
	fillOne(t, w)
	if _, err := w.Backup(bg, stick, backup.Options{}); !errors.Is(err, backup.ErrUnsafe) {
		t.Fatalf("backup with a linked blobs/ee: %v, want a refusal", err)
	}
	untouched()
}

// hostileFiles are the files of one backup that a hostile stick may replace.
func hostileFiles(r *backup.Result, blobRel string) map[string]string {
	p := func(ext string) string { return filepath.Join(r.Dir, r.Name.String()+ext) }
	return map[string]string{".slot": p(".slot"), ".sha256": p(".sha256"), ".age": p(".age"), "blob": filepath.Join(r.Dir, blobRel)}
}

// within fails the test if f does not return in time (a FIFO would block
// an open or a read forever).
func within(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("%s did not return: blocked on a FIFO or an endless file", what)
	}
}

// /dev/zero (through a link) or a FIFO in place of each stick file: verify,
// restore and the next backup neither hang nor run out of memory; the
// backup is damaged, the restore refused.
func TestStickFilesThatAreDevicesOrFIFOsAreRefused(t *testing.T) {
	w, _, blobRel := hostileSource(t)
	for _, kind := range []string{"/dev/zero", "fifo"} {
		for _, which := range []string{".slot", ".sha256", ".age", "blob"} {
			t.Run(kind+" as "+which, func(t *testing.T) {
				stick := t.TempDir()
				r, err := w.Backup(bg, stick, backup.Options{})
				if err != nil {
					t.Fatal(err)
				}
				f := hostileFiles(r, blobRel)[which]
				if err := os.Remove(f); err != nil {
					t.Fatal(err)
				}
				if kind == "fifo" {
					err = syscall.Mkfifo(f, 0o600)
				} else {
					err = os.Symlink(kind, f)
				}
				if err != nil {
					t.Fatal(err)
				}
				within(t, "verify", func() {
					rep, err := backup.Verify(bg, stick, nil, backup.Options{})
					if err != nil {
						t.Errorf("verify: %v", err)
						return
					}
					if rep.Verified != 0 || len(rep.Items) != 1 || rep.Items[0].Status != backup.Damaged {
						t.Errorf("verify: %d verified, items %+v; want one damaged", rep.Verified, rep.Items)
					}
				})
				within(t, "restore", func() {
					c, err := backup.Inspect(bg, filepath.Join(r.Dir, r.Name.String()+".age"), backup.Options{})
					if err == nil {
						_, err = c.Open(bg, backup.Passphrase(testPass), backup.Options{})
					}
					if err == nil {
						t.Error("restore of a backup with a device or FIFO went through")
					}
				})
				within(t, "the next backup", func() {
					fillOne(t, w)
					_, _ = w.Backup(context.Background(), stick, backup.Options{})
				})
				if fi, err := os.Lstat(f); err != nil || fi.Mode().IsRegular() {
					t.Errorf("the hostile %s was removed or replaced (%v)", which, err)
				}
			})
		}
	}
}
