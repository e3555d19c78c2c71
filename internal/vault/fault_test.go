package vault_test

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"xinqing/internal/vault"
	"xinqing/internal/vault/faultfs"
)

const faultSize = 300

var pruneTwo = vault.Retention{Last: 2}

// reopen is a fresh process after the fact: unlock and open must succeed
// (I3) with generation acked or in-flight (I1, I2; acceptGen compares every
// byte, so a mixture is refused). It returns the generation opened.
func reopen(t *testing.T, fsys *faultfs.FS, c *clock, acked, inflight uint64, what string) uint64 {
	t.Helper()
	o := opts(fsys, c)
	o.Retention = pruneTwo
	v, err := vault.Unlock(bg, "/v", testPass, o)
	if err != nil {
		t.Fatalf("%s: unlock: %v", what, err)
	}
	defer v.Close()
	rep, err := v.Open(bg, acceptGen(faultSize))
	if err != nil {
		t.Fatalf("%s: open: %v (I3)", what, err)
	}
	if rep.Gen != acked && rep.Gen != inflight {
		t.Fatalf("%s: got generation %d, want %d (acknowledged) or %d (in flight)", what, rep.Gen, acked, inflight)
	}
	return rep.Gen
}

func cloneClock(c *clock) *clock { return &clock{t: c.t} }

// TestFailAtEveryOperationOfSave is B1: each operation of a save (its
// prune included) fails in turn with EIO, ENOSPC or a sharing violation.
// The save either is acknowledged or fails and leaves the previous
// generation; the same session's next save succeeds; a fresh open finds
// exactly the last acknowledged generation. The read-back runs alongside
// the sync, so their order varies from run to run: the i-th operation of
// each kind is failed, which reaches every one whatever the order.
func TestFailAtEveryOperationOfSave(t *testing.T) {
	base, c := memVault(t, 3, faultSize, pruneTwo)
	count := base.Clone()
	o := opts(count, cloneClock(c))
	o.Retention = pruneTwo
	v := mustUnlock(t, "/v", o)
	if _, err := v.Open(bg, acceptGen(faultSize)); err != nil {
		t.Fatal(err)
	}
	count.Reset()
	if _, err := v.Save(t.Context(), snap(faultSize)); err != nil {
		t.Fatal(err)
	}
	n := count.Ops()
	kinds := opKinds(count.Log())
	v.Close()
	if n < 10 {
		t.Fatalf("got %d operations in a save, want the whole sequence counted", n)
	}
	errs := []struct {
		name string
		err  error
	}{{"EIO", faultfs.EIO}, {"ENOSPC", faultfs.ENOSPC}, {"a sharing violation", faultfs.SharingViolation}}
	failed := 0
	for _, e := range errs {
		for _, kind := range slices.Sorted(maps.Keys(kinds)) {
			for k := 1; k <= kinds[kind]; k++ {
				what := fmt.Sprintf("%s at %s %d", e.name, kind, k)
				fsys, c := base.Clone(), cloneClock(c)
				o := opts(fsys, c)
				o.Retention = pruneTwo
				v := mustUnlock(t, "/v", o)
				if _, err := v.Open(bg, acceptGen(faultSize)); err != nil {
					t.Fatal(err)
				}
				fsys.FailAt(k, e.err, false, kind)
				acked := uint64(3)
				gen, err := v.Save(t.Context(), snap(faultSize))
				if err == nil {
					acked = gen
				} else {
					failed++
					if !errors.Is(err, e.err) && !errors.Is(err, vault.ErrSharingViolation) {
						t.Errorf("%s: got %v, want the cause kept", what, err)
					}
				}
				fsys.Reset()
				if got := reopenWhileOpen(t, fsys, c, v, acked, what); got != acked {
					t.Fatalf("%s: got generation %d, want exactly %d", what, got, acked)
				}
			}
		}
	}
	t.Logf("%d operations per save, %d failed saves, all invariants held", n, failed)
}

// reopenWhileOpen checks the state a crash right now would leave, then has
// the first session save again and close, and checks that save opens.
func reopenWhileOpen(t *testing.T, fsys *faultfs.FS, c *clock, v *vault.Vault, acked uint64, what string) uint64 {
	t.Helper()
	crash := fsys.Clone()
	crash.Restart(1)
	got := reopen(t, crash, c, acked, acked, what+" (crash now)")
	gen, err := v.Save(t.Context(), snap(faultSize))
	if err != nil {
		t.Fatalf("%s: the next save: %v", what, err)
	}
	v.Close()
	if g := reopen(t, fsys, c, gen, gen, what+" (after the next save)"); g != gen {
		t.Fatalf("%s: got %d after the next save, want %d", what, g, gen)
	}
	return got
}

// TestPowerCuts is B2: 10,000 seeded runs, each cutting the power after a
// random number of operations of a save (sometimes after one acknowledged
// save, sometimes cutting again during the recovering open).
func TestPowerCuts(t *testing.T) {
	t.Parallel()
	base, c0 := memVault(t, 3, faultSize, pruneTwo)
	n := 0
	{
		fsys := base.Clone()
		o := opts(fsys, cloneClock(c0))
		o.Retention = pruneTwo
		v := mustUnlock(t, "/v", o)
		fsys.Reset()
		if _, err := v.Save(t.Context(), snap(faultSize)); err != nil {
			t.Fatal(err)
		}
		n = fsys.Ops()
		v.Close()
	}
	const runs = 10000
	start := time.Now()
	outcomes := map[string]int{}
	for seed := uint64(0); seed < runs; seed++ {
		rng := rand.New(rand.NewPCG(seed, 2))
		fsys, c := base.Clone(), cloneClock(c0)
		o := opts(fsys, c)
		o.Retention = pruneTwo
		v := mustUnlock(t, "/v", o)
		acked := uint64(3)
		if rng.IntN(2) == 0 {
			c.Add(time.Minute)
			g, err := v.Save(t.Context(), snap(faultSize))
			if err != nil {
				t.Fatal(err)
			}
			acked = g
		}
		inflight := acked + 1
		c.Add(time.Minute)
		fsys.CutAfter(rng.IntN(n + 2))
		if g, err := v.Save(t.Context(), snap(faultSize)); err == nil {
			acked = g
		}
		fsys.Restart(seed)
		what := fmt.Sprintf("seed %d", seed)
		if rng.IntN(4) == 0 {
			// The power goes again while the recovering open quarantines
			// or promotes.
			o := opts(fsys, c)
			if v2, err := vault.Unlock(bg, "/v", testPass, o); err == nil {
				fsys.CutAfter(3 + rng.IntN(8))
				v2.Open(bg, acceptGen(faultSize))
				fsys.Restart(seed ^ 0xabcdef)
			}
			what += " (second cut)"
		}
		got := reopen(t, fsys, c, acked, inflight, what)
		switch {
		case got == acked && got == inflight:
			outcomes["in-flight save acknowledged"]++
		case got == inflight:
			outcomes["in-flight save recovered"]++
		default:
			outcomes["last acknowledged"]++
		}
	}
	t.Logf("%d runs in %v, %d operations per save: %v", runs, time.Since(start).Round(time.Millisecond), n, outcomes)
}

// TestDiskFull is B4: the disk fills at a random operation of a sequence of
// saves and attachments, and stays full; once space is freed the next save
// succeeds and exactly it opens, with every acknowledged attachment.
func TestDiskFull(t *testing.T) {
	t.Parallel()
	base, c0 := memVault(t, 3, faultSize, pruneTwo)
	for run := uint64(0); run < 200; run++ {
		rng := rand.New(rand.NewPCG(run, 4))
		fsys, c := base.Clone(), cloneClock(c0)
		o := opts(fsys, c)
		o.Retention = pruneTwo
		v := mustUnlock(t, "/v", o)
		fsys.FailAt(1+rng.IntN(120), faultfs.ENOSPC, true)
		acked := uint64(3)
		blobs := map[string][]byte{}
		for i := 0; i < 4; i++ {
			c.Add(time.Minute)
			if g, err := v.Save(t.Context(), snap(faultSize)); err == nil {
				acked = g
			} else if !errors.Is(err, faultfs.ENOSPC) {
				t.Fatalf("run %d: got %v, want ENOSPC", run, err)
			}
			data := []byte(fmt.Sprintf("attachment %d of run %d", i, run))
			if id, err := v.PutBlob(data); err == nil {
				blobs[id] = data
			}
		}
		what := fmt.Sprintf("run %d", run)
		crash := fsys.Clone()
		crash.Restart(run)
		// A save that failed while the disk was full may have left its
		// complete, verified file (removing it failed too): that save is
		// still the in-flight one until its leftovers are gone.
		reopen(t, crash, c, acked, acked+1, what+" (crash while full)")
		fsys.Reset()
		gen, err := v.Save(t.Context(), snap(faultSize))
		if err != nil {
			t.Fatalf("%s: save after space was freed: %v", what, err)
		}
		for id, want := range blobs {
			if got, err := v.Blob(id); err != nil || !bytes.Equal(got, want) {
				t.Fatalf("%s: got blob %q (%v), want %q", what, got, err, want)
			}
		}
		v.Close()
		if got := reopen(t, fsys, c, gen, gen, what); got != gen {
			t.Fatalf("%s: got %d, want %d", what, got, gen)
		}
	}
}

// TestFailAtEveryOperationOfOpenAndPutBlob is B1 for the other writers:
// an open that quarantines and promotes, and an attachment being stored.
func TestFailAtEveryOperationOfOpenAndPutBlob(t *testing.T) {
	base, c := memVault(t, 3, faultSize, vault.Retention{})
	// Generation 3 lost its rename; a damaged generation 4 sits on top.
	if err := base.Rename("/v/gen/000000003.age", "/v/gen/000000003.age.partial"); err != nil {
		t.Fatal(err)
	}
	base.WriteFile("/v/gen/000000004.age", []byte("age-encryption.org/v1\ndamaged"))
	blob := []byte("a scanned letter (synthetic)")
	probe := base.Clone()
	v := mustUnlock(t, "/v", opts(probe, cloneClock(c)))
	probe.Reset()
	if _, err := v.Open(bg, acceptGen(faultSize)); err != nil {
		t.Fatal(err)
	}
	nOpen := probe.Ops()
	kinds := opKinds(probe.Log())
	probe.Reset()
	if _, err := v.PutBlob(blob); err != nil {
		t.Fatal(err)
	}
	nBlob := probe.Ops()
	for kind, n := range opKinds(probe.Log()) {
		kinds[kind] += n
	}
	v.Close()
	// The blob's read-back runs alongside its sync: the i-th operation of
	// each kind is failed, whatever their order in a run.
	for _, e := range []error{faultfs.EIO, faultfs.ENOSPC, faultfs.SharingViolation} {
		for _, kind := range slices.Sorted(maps.Keys(kinds)) {
			for k := 1; k <= kinds[kind]; k++ {
				what := fmt.Sprintf("%v at %s %d", e, kind, k)
				fsys := base.Clone()
				v := mustUnlock(t, "/v", opts(fsys, cloneClock(c)))
				fsys.FailAt(k, e, false, kind)
				rep, err := v.Open(bg, acceptGen(faultSize))
				switch {
				case err != nil && !errors.Is(err, e):
					t.Fatalf("%s: open: %v, want the injected error or success", what, err)
				case err == nil && rep.Gen != 3 && rep.Gen != 2:
					t.Fatalf("%s: got generation %d, want 3 (or 2 if 3 could not be read)", what, rep.Gen)
				}
				id, perr := v.PutBlob(blob)
				if perr == nil {
					if got, err := v.Blob(id); err != nil || string(got) != string(blob) {
						t.Fatalf("%s: stored blob reads %q (%v)", what, got, err)
					}
				}
				fsys.Reset()
				v.Close()
				// Whatever failed, the next open finds generation 3 again.
				crash := fsys.Clone()
				crash.Restart(uint64(k))
				for _, f := range []*faultfs.FS{fsys, crash} {
					v := mustUnlock(t, "/v", opts(f, cloneClock(c)))
					rep, err := v.Open(bg, acceptGen(faultSize))
					if err != nil || rep.Gen != 3 {
						t.Fatalf("%s: reopen got %v (%v), want generation 3", what, rep, err)
					}
					v.Close()
				}
			}
		}
	}
	t.Logf("%d operations in the open, %d in the blob", nOpen, nBlob)
}
