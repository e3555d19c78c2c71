package backup_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"xinqing/internal/backup"
	"xinqing/internal/vault/faultfs"
	"xinqing/internal/workspace"
)

// C2: a fault at every file operation of a backup, transient (EIO) or
// lasting (ENOSPC, a stick pulled out): the older backups still verify,
// the interrupted one is reported incomplete (or is gone), none is ever
// damaged, and the next backup succeeds and clears the leftovers.
func TestC2FaultAtEveryOperationOfABackup(t *testing.T) {
	c := newClock()
	base := faultfs.New()
	w, _ := newWorkspace(t, base, "/vault", c, 5)
	rng := rand.New(rand.NewPCG(5, 5))
	bo := backup.Options{Space: plenty}
	for i := 0; i < 2; i++ {
		fill(t, w.Store(), rng, 30)
		save(t, w)
		if _, err := w.Backup(context.Background(), "/stick", bo); err != nil {
			t.Fatalf("backup %d: %v", i, err)
		}
		c.Add(time.Hour)
	}
	fill(t, w.Store(), rng, 30)
	save(t, w)
	w.Lock()

	modes := []struct {
		name   string
		err    error
		sticky bool
	}{
		{"transient EIO", faultfs.EIO, false},
		{"disk full from then on", faultfs.ENOSPC, true},
		{"sharing violation", faultfs.SharingViolation, false},
	}
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			ops := 0
			for k := 1; ; k++ {
				fsys := base.Clone()
				o := wsOptions(fsys, c, 5)
				w, err := workspace.Open("/vault", testPass, o)
				if err != nil {
					t.Fatalf("k=%d: open: %v", k, err)
				}
				fsys.FailAt(k, m.err, m.sticky)
				_, berr := w.Backup(context.Background(), "/stick", bo)
				ops = fsys.Ops()
				log := fsys.Log()
				fsys.Reset()
				rep, err := backup.Verify("/stick", nil, backup.Options{FS: fsys})
				if err != nil {
					t.Fatalf("k=%d: verify: %v", k, err)
				}
				wantVerified := 2
				if berr == nil {
					wantVerified = 3
				}
				if berr != nil && rep.Verified == 3 && len(log) >= k && strings.HasPrefix(log[k-1], "SyncDir") {
					// The disk failed after the manifest was in place and
					// nothing could be removed: the backup is whole on the
					// stick, only its durability is in doubt, and the
					// error said so.
					wantVerified = 3
				}
				if rep.Verified != wantVerified || rep.Damaged != 0 || rep.Incomplete > 1 {
					t.Fatalf("k=%d (%v): got %d verified, %d damaged, %d incomplete; want %d, 0, at most 1 (ops %v)",
						k, berr, rep.Verified, rep.Damaged, rep.Incomplete, wantVerified, log)
				}
				if berr != nil && !errors.Is(berr, m.err) {
					t.Errorf("k=%d: got error %v, want one wrapping %v", k, berr, m.err)
				}
				if berr != nil {
					// The next backup, on a healthy stick, succeeds and
					// leaves nothing incomplete behind.
					if _, err := w.Backup(context.Background(), "/stick", bo); err != nil {
						t.Fatalf("k=%d: backup after the fault: %v", k, err)
					}
					rep, err := backup.Verify("/stick", nil, backup.Options{FS: fsys})
					if err != nil || rep.Verified != 3 || rep.Incomplete+rep.Damaged != 0 {
						t.Fatalf("k=%d: after a good backup got %+v (%v), want 3 verified", k, rep, err)
					}
				}
				w.Lock()
				if berr == nil && ops < k {
					break // the fault was never reached: every operation was covered
				}
			}
			if ops < 10 {
				t.Errorf("got %d operations in a backup, want the whole sequence counted", ops)
			}
		})
	}
}
