package vault_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"

	"xinqing/internal/vault"
	"xinqing/internal/vault/faultfs"
)

// bigSize is an image sealed on several goroutines (over 1 MiB) and
// written in three pieces: the header and two segments.
const bigSize = 1<<20 + 300<<10

// reopenBig is a fresh process opening the vault: it must open exactly one
// of the generations allowed.
func reopenBig(t *testing.T, fsys vault.FS, c *clock, allowed ...uint64) uint64 {
	t.Helper()
	o := opts(fsys, c)
	o.Retention = pruneTwo
	v, err := vault.Unlock(bg, "/v", testPass, o)
	if err != nil {
		t.Fatalf("unlock: %v", err)
	}
	defer v.Close()
	rep, err := v.Open(bg, acceptGen(bigSize))
	if err != nil {
		t.Fatalf("open: %v (I3)", err)
	}
	for _, g := range allowed {
		if rep.Gen == g {
			return g
		}
	}
	t.Fatalf("got generation %d, want one of %v", rep.Gen, allowed)
	return 0
}

// bigSaveOps lists the file-system operations of a big save.
func bigSaveOps(t *testing.T, base *faultfs.FS, c *clock) []string {
	t.Helper()
	count := base.Clone()
	o := opts(count, cloneClock(c))
	o.Retention = pruneTwo
	v := mustUnlock(t, "/v", o)
	defer v.Close()
	count.Reset()
	if _, err := v.Save(t.Context(), snap(bigSize)); err != nil {
		t.Fatal(err)
	}
	return count.Log()
}

// opKinds counts a log's operations by name ("ReadAt", "Sync", …).
func opKinds(log []string) map[string]int {
	kinds := map[string]int{}
	for _, op := range log {
		name, _, _ := strings.Cut(op, " ")
		kinds[name]++
	}
	return kinds
}

// TestFailAtEveryOperationOfABigSave is B1 for the parallel sealer and the
// read-back through an open file: each operation of a save of a big image
// fails in turn; the save is acknowledged or leaves the previous
// generation, and the same session's next save succeeds. The read-back
// runs alongside the sync, so the order of those operations varies from
// run to run: the i-th operation of each kind is failed, which reaches
// every one of them whatever the order.
func TestFailAtEveryOperationOfABigSave(t *testing.T) {
	t.Parallel()
	base, c := memVault(t, 2, bigSize, pruneTwo)
	log := bigSaveOps(t, base, c)
	kinds := opKinds(log)
	for _, k := range []string{"CreateExcl", "Write", "OpenReader", "ReadAt", "Stat", "Sync", "Close", "Chtimes", "Rename", "SyncDir", "Remove"} {
		if kinds[k] == 0 {
			t.Fatalf("got no %s in a big save (%v), want the whole sequence counted", k, kinds)
		}
	}
	if kinds["ReadFile"] != 0 {
		t.Errorf("got %d ReadFile in a big save, want the read-back through positioned reads", kinds["ReadFile"])
	}
	names := make([]string, 0, len(kinds))
	for k := range kinds {
		names = append(names, k)
	}
	sort.Strings(names)
	run := uint64(0)
	for _, e := range []struct {
		name string
		err  error
	}{{"EIO", faultfs.EIO}, {"ENOSPC", faultfs.ENOSPC}, {"a sharing violation", faultfs.SharingViolation}} {
		for _, op := range names {
			for i := 1; i <= kinds[op]; i++ {
				run++
				what := fmt.Sprintf("%s at %s %d", e.name, op, i)
				fsys, c := base.Clone(), cloneClock(c)
				o := opts(fsys, c)
				o.Retention = pruneTwo
				v := mustUnlock(t, "/v", o)
				fsys.FailAt(i, e.err, false, op)
				acked := uint64(2)
				if gen, err := v.Save(t.Context(), snap(bigSize)); err == nil {
					acked = gen
				} else if !errors.Is(err, e.err) && !errors.Is(err, vault.ErrSharingViolation) {
					t.Errorf("%s: got %v, want the cause kept", what, err)
				}
				fsys.Reset()
				crash := fsys.Clone()
				crash.Restart(run)
				if got := reopenBig(t, crash, c, acked); got != acked {
					t.Fatalf("%s: got %d after a crash, want %d", what, got, acked)
				}
				gen, err := v.Save(t.Context(), snap(bigSize))
				if err != nil {
					t.Fatalf("%s: the next save: %v", what, err)
				}
				v.Close()
				reopenBig(t, fsys, c, gen)
			}
		}
	}
	t.Logf("%d operations per big save (%v), all invariants held", len(log), kinds)
}

// TestPowerCutsDuringBigSaves is B2 for the parallel sealer: the power
// goes at a random operation of a big save; unsynced pieces of the file
// are kept, dropped or garbled. The vault opens the acknowledged
// generation or, if it fully verifies, the one in flight.
func TestPowerCutsDuringBigSaves(t *testing.T) {
	t.Parallel()
	base, c0 := memVault(t, 2, bigSize, pruneTwo)
	n := len(bigSaveOps(t, base, c0))
	const runs = 150
	outcomes := map[string]int{}
	for seed := uint64(0); seed < runs; seed++ {
		rng := rand.New(rand.NewPCG(seed, 5))
		fsys, c := base.Clone(), cloneClock(c0)
		o := opts(fsys, c)
		o.Retention = pruneTwo
		v := mustUnlock(t, "/v", o)
		c.Add(time.Minute)
		acked := uint64(2)
		fsys.CutAfter(rng.IntN(n + 2))
		if g, err := v.Save(t.Context(), snap(bigSize)); err == nil {
			acked = g
		}
		fsys.Restart(seed)
		switch got := reopenBig(t, fsys, c, acked, 3); {
		case got == 3 && acked == 3:
			outcomes["in-flight save acknowledged"]++
		case got == 3:
			outcomes["in-flight save recovered"]++
		default:
			outcomes["last acknowledged"]++
		}
	}
	t.Logf("%d runs: %v", runs, outcomes)
}

// TestAFailedReadBackIsAnIOErrorAndNotDamage: a positioned read of the
// read-back fails (the first, the second, the last); the save reports the
// I/O error, not a damaged file, and renames nothing.
func TestAFailedReadBackIsAnIOErrorAndNotDamage(t *testing.T) {
	base, c := memVault(t, 1, bigSize, pruneTwo)
	reads := opKinds(bigSaveOps(t, base, c))["ReadAt"]
	if reads < 3 {
		t.Fatalf("got %d positioned reads in a big save, want it read back in pieces", reads)
	}
	for _, k := range []int{1, 2, reads} {
		fsys := base.Clone()
		o := opts(fsys, cloneClock(c))
		o.Retention = pruneTwo
		v := mustUnlock(t, "/v", o)
		fsys.FailAt(k, faultfs.EIO, false, "ReadAt")
		_, err := v.Save(t.Context(), snap(bigSize))
		if !errors.Is(err, faultfs.EIO) || errors.Is(err, vault.ErrDamaged) {
			t.Errorf("read %d of %d failing: got %v, want EIO and not ErrDamaged", k, reads, err)
		}
		v.Close()
		fsys.Reset()
		if got := reopenBig(t, fsys, c, 1); got != 1 {
			t.Errorf("read %d of %d failing: got generation %d, want 1", k, reads, got)
		}
	}
}

// readFileOnly hides faultfs's positioned reads: a file system that can
// only ReadFile, as the vault's FS seam allows.
type readFileOnly struct{ vault.FS }

// TestAReadBackThatDiffersIsDamageAndNothingIsRenamed: every read of the
// read-back returns a flipped bit, through positioned reads and through
// the ReadFile fallback; the save is refused as damaged and the previous
// generation stays.
func TestAReadBackThatDiffersIsDamageAndNothingIsRenamed(t *testing.T) {
	base, c := memVault(t, 1, bigSize, pruneTwo)
	for _, size := range []int{faultSize, bigSize, 5 << 20} {
		for _, read := range []string{"ReadAt", "ReadFile"} {
			fsys := base.Clone()
			var seam vault.FS = fsys
			if read == "ReadFile" {
				seam = readFileOnly{fsys}
			}
			o := opts(seam, cloneClock(c))
			o.Retention = pruneTwo
			v := mustUnlock(t, "/v", o)
			fsys.FailAt(1, faultfs.Corrupt, true, read)
			if _, err := v.Save(t.Context(), snap(size)); !errors.Is(err, vault.ErrDamaged) {
				t.Errorf("size %d through %s: got %v, want ErrDamaged", size, read, err)
			}
			if fsys.Ops() == 0 {
				t.Errorf("size %d through %s: got no read corrupted, want the read-back through it", size, read)
			}
			v.Close()
			fsys.Reset()
			if got := reopenBig(t, fsys, c, 1); got != 1 {
				t.Errorf("size %d through %s: got generation %d, want 1", size, read, got)
			}
		}
	}
}

// TestASaveWithoutPositionedReadsReadsItsFileBackWhole keeps the ReadFile
// fallback of the read-back tested now that faultfs offers positioned
// reads: the save reads its partial file whole, once, and opens again.
func TestASaveWithoutPositionedReadsReadsItsFileBackWhole(t *testing.T) {
	base, c := memVault(t, 1, bigSize, pruneTwo)
	o := opts(readFileOnly{base}, cloneClock(c))
	o.Retention = pruneTwo
	v := mustUnlock(t, "/v", o)
	base.Reset()
	gen, err := v.Save(t.Context(), snap(bigSize))
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	kinds := opKinds(base.Log())
	if kinds["ReadFile"] != 1 || kinds["OpenReader"] != 0 || kinds["ReadAt"] != 0 {
		t.Errorf("got %v, want the read-back as one ReadFile", kinds)
	}
	if got := reopenBig(t, readFileOnly{base}, c, gen); got != gen {
		t.Errorf("got generation %d, want %d", got, gen)
	}
}
