package backup_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path"
	"strings"
	"testing"
	"time"

	"xinqing/internal/backup"
	"xinqing/internal/vault/faultfs"
	"xinqing/internal/workspace"
)

// C2: a fault at every file operation of a backup (its prune included),
// transient (EIO, a sharing violation) or lasting (ENOSPC, a stick pulled
// out): the older backups still verify (the oldest may be pruned, only
// after the new one is committed), the interrupted one is reported
// incomplete or is gone, none is ever damaged, and the next backup
// succeeds and clears the leftovers.
func TestC2FaultAtEveryOperationOfABackup(t *testing.T) {
	c := newClock()
	base := faultfs.New()
	w, _ := newWorkspace(t, base, "/vault", c, 5)
	rng := rand.New(rand.NewPCG(5, 5))
	bo := backup.Options{Space: plenty, Keep: 3}
	var old []string
	for i := 0; i < 3; i++ {
		fill(t, w.Store(), rng, 30)
		// Attachment files: new ones, and one shared by every backup.
		attach(t, w, attachBytes(uint64(i), 2000+i), fmt.Sprintf("scan-%d.pdf", i))
		save(t, w)
		r, err := w.Backup(context.Background(), "/stick", bo)
		if err != nil {
			t.Fatalf("backup %d: %v", i, err)
		}
		old = append(old, r.Name.String())
		c.Add(time.Hour)
	}
	fill(t, w.Store(), rng, 30)
	// The backup under test writes one attachment file and finds three.
	attach(t, w, attachBytes(9, 70<<10), "scan-new.pdf")
	save(t, w)
	w.Lock(bg)

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
				w, err := workspace.Open(bg, "/vault", testPass, wsOptions(fsys, c, 5))
				if err != nil {
					t.Fatalf("k=%d: open: %v", k, err)
				}
				fsys.FailAt(k, m.err, m.sticky)
				res, berr := w.Backup(context.Background(), "/stick", bo)
				ops = fsys.Ops()
				log := fsys.Log()
				fsys.Reset()
				rep, err := backup.Verify(bg, "/stick", nil, backup.Options{FS: fsys})
				if err != nil {
					t.Fatalf("k=%d: verify: %v", k, err)
				}
				status := map[string]backup.Status{}
				for _, it := range rep.Items {
					status[it.Base] = it.Status
				}
				fail := func(format string, args ...any) {
					t.Helper()
					t.Fatalf("k=%d (%v): "+format+"; ops %v", append(append([]any{k, berr}, args...), log)...)
				}
				if rep.Damaged != 0 {
					fail("got %d damaged", rep.Damaged)
				}
				// The two newer old backups are never touched; the oldest
				// may be pruned, but only once the new one is committed.
				for i, b := range old {
					s, ok := status[b]
					switch {
					case ok && s == backup.Verified:
					case i == 0 && berr == nil && (!ok || s == backup.Incomplete):
					default:
						fail("old backup %s: got %v (present %v)", b, s, ok)
					}
				}
				newOnes := 0
				for b, s := range status {
					if b == old[0] || b == old[1] || b == old[2] {
						continue
					}
					newOnes++
					committed := berr == nil ||
						// The drive failed after the manifest was in place
						// and nothing could be removed: whole on the stick,
						// durability in doubt, and the error said so.
						m.sticky && len(log) >= k && strings.HasPrefix(log[k-1], "SyncDir")
					if s == backup.Verified && !committed {
						fail("got the interrupted backup %s verified", b)
					}
					if s != backup.Verified && berr == nil {
						fail("got the successful backup %s %v", b, s)
					}
				}
				if berr == nil && (newOnes != 1 || status[res.Name.String()] != backup.Verified) {
					fail("got %d new backups, want the one written", newOnes)
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
					rep, err := backup.Verify(bg, "/stick", nil, backup.Options{FS: fsys})
					if err != nil || rep.Verified != 3 || rep.Incomplete+rep.Damaged != 0 {
						t.Fatalf("k=%d: after a good backup got %+v (%v), want 3 verified", k, rep, err)
					}
					noStrays(t, fsys, rep)
				}
				w.Lock(bg)
				if berr == nil && ops < k {
					break // the fault was never reached: every operation was covered
				}
			}
			t.Logf("a fault injected at each of the %d operations of a backup with attachment files", ops)
			if ops < 20 {
				t.Errorf("got %d operations in a backup, want the whole sequence with its prune", ops)
			}
		})
	}
}

// noStrays checks that the stick holds nothing but 如何恢复.txt, the files
// of the backups rep found and the attachment files their manifests list.
func noStrays(t *testing.T, fsys *faultfs.FS, rep *backup.Report) {
	t.Helper()
	want := map[string]bool{"/stick/" + backup.RootName + "/" + backup.HowToName: true}
	for _, it := range rep.Items {
		for _, ext := range []string{".age", ".slot", ".sha256"} {
			want[path.Join(it.Dir, it.Base+ext)] = true
		}
		mb, err := fsys.ReadFile(path.Join(it.Dir, it.Base+".sha256"))
		if err != nil {
			t.Fatal(err)
		}
		m, err := backup.ParseManifest(mb, it.Base)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range m.Blobs {
			want[path.Join(it.Dir, e.Path())] = true
		}
	}
	blobs := 0
	for _, f := range fsys.Files() {
		if !strings.HasPrefix(f, "/stick/") {
			continue
		}
		if !want[f] {
			t.Errorf("got a stray file %s on the stick", f)
		}
		if strings.Contains(f, "/blobs/") {
			blobs++
		}
	}
	if blobs != 4 {
		t.Errorf("got %d attachment files on the stick, want the 4 the kept backups list", blobs)
	}
}
