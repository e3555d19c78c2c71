package backup_test

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xinqing/internal/backup"
)

// stickOf simulates a stick of capacity bytes: free space is what the
// files in it leave.
func stickOf(stick string, capacity *int64) func(string) (backup.Space, error) {
	return func(string) (backup.Space, error) {
		used := usedBy(stick)
		return backup.Space{Free: uint64(max(*capacity-used, 0))}, nil
	}
}

func usedBy(dir string) int64 {
	var used int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				used += fi.Size()
			}
		}
		return nil
	})
	return used
}

func setSize(r *backup.Result) int64 {
	var n int64
	for _, ext := range []string{".age", ".slot", ".sha256"} {
		n += usedBy(filepath.Join(r.Dir, r.Name.String()+ext))
	}
	return n
}

// A full stick holding --keep verified backups makes room by removing the
// oldest beyond what it keeps before it checks the space, so a backup goes
// through; the stick still holds --keep verified backups.
func TestAFullStickMakesRoomByPruningFirst(t *testing.T) {
	var capacity int64 = 1 << 40
	w, c, stick, rs := backups(t, 4, backup.Options{Keep: 4})
	o := backup.Options{Keep: 4, Space: stickOf(stick, &capacity)}
	// Room for the slot and manifest margin and half a backup: not enough
	// until the oldest backup goes.
	capacity = usedBy(stick) + 64<<10 + setSize(rs[0])/2
	fillOne(t, w)
	c.Add(time.Hour)
	r, err := w.Backup(bg, stick, o)
	if err != nil {
		t.Fatalf("backup on a full stick: %v", err)
	}
	if len(r.Pruned) != 1 || r.Pruned[0] != rs[0].Name.String() {
		t.Fatalf("pruned %v, want the oldest backup %s", r.Pruned, rs[0].Name)
	}
	rep, err := backup.Verify(bg, stick, nil, backup.Options{})
	if err != nil || rep.Verified != 4 {
		t.Fatalf("got %d verified (%v), want 4", rep.Verified, err)
	}
}

// A stick too full even after pruning says exactly how much is missing,
// and keeps at least MinKeep verified backups.
func TestAFullStickSaysHowMuchIsMissing(t *testing.T) {
	var capacity int64 = 1 << 40
	w, c, stick, _ := backups(t, 4, backup.Options{Keep: 4})
	capacity = usedBy(stick) + 1000
	fillOne(t, w)
	c.Add(time.Hour)
	_, err := w.Backup(bg, stick, backup.Options{Keep: 3, Space: stickOf(stick, &capacity)})
	var se *backup.SpaceError
	if !errors.As(err, &se) || !errors.Is(err, backup.ErrNoSpace) {
		t.Fatalf("got %v, want a SpaceError", err)
	}
	free := uint64(capacity - usedBy(stick))
	if se.Free != free || se.Missing() != se.Need-free || se.Missing() == 0 {
		t.Fatalf("need %d, free %d (the stick has %d free), missing %d", se.Need, se.Free, free, se.Missing())
	}
	if len(se.Pruned) != 1 || !strings.Contains(err.Error(), "还差") {
		t.Fatalf("pruned %v; message %q", se.Pruned, err)
	}
	rep, err := backup.Verify(bg, stick, nil, backup.Options{})
	if err != nil || rep.Verified != 3 {
		t.Fatalf("got %d verified (%v), want 3 kept", rep.Verified, err)
	}
}
