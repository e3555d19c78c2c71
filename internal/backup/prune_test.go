package backup_test

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"xinqing/internal/backup"
	"xinqing/internal/workspace"
)

// damage flips a byte in the middle of a backup's image.
func damage(t *testing.T, r *backup.Result) {
	t.Helper()
	f := filepath.Join(r.Dir, r.Name.String()+".age")
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0x40
	if err := os.WriteFile(f, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// Three backups with --keep 3, the two newest damaged, one more backup:
// the older verified backup stays (damaged ones never count toward keep),
// and so do the damaged ones, for the user to see.
func TestPruningKeepsTheNewestVerifiedBackups(t *testing.T) {
	w, c, stick, rs := backups(t, 3, backup.Options{Keep: 3})
	damage(t, rs[1])
	damage(t, rs[2])
	fillOne(t, w)
	c.Add(time.Hour)
	r, err := w.Backup(bg, stick, backup.Options{Keep: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Pruned) != 0 || r.PruneErr != nil {
		t.Fatalf("pruned %v (%v), want nothing: only 2 verified backups", r.Pruned, r.PruneErr)
	}
	rep, err := backup.Verify(bg, stick, nil, backup.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Verified != 2 || rep.Damaged != 2 {
		t.Fatalf("got %d verified, %d damaged; want the new and the old verified and both damaged", rep.Verified, rep.Damaged)
	}
	// One more verified backup makes three: still nothing verified goes.
	fillOne(t, w)
	c.Add(time.Hour)
	if _, err := w.Backup(bg, stick, backup.Options{Keep: 3}); err != nil {
		t.Fatal(err)
	}
	if rep, _ = backup.Verify(bg, stick, nil, backup.Options{}); rep.Verified != 3 {
		t.Fatalf("got %d verified, want 3", rep.Verified)
	}
	// The fourth verified backup: the oldest verified one and the damaged
	// ones older than the third verified go.
	fillOne(t, w)
	c.Add(time.Hour)
	r, err = w.Backup(bg, stick, backup.Options{Keep: 3})
	if err != nil {
		t.Fatal(err)
	}
	if rep, _ = backup.Verify(bg, stick, nil, backup.Options{}); rep.Verified != 3 || rep.Damaged != 0 {
		t.Fatalf("got %d verified and %d damaged (pruned %v), want 3 and 0", rep.Verified, rep.Damaged, r.Pruned)
	}
}

// fillOne adds a student (of its own seed: student numbers are unique)
// and saves.
func fillOne(t *testing.T, w *workspace.Workspace) {
	t.Helper()
	fillSeed++
	fill(t, w.Store(), rand.New(rand.NewPCG(fillSeed, uint64(time.Now().UnixNano()))), 1)
	save(t, w)
}

var fillSeed uint64 = 1000
