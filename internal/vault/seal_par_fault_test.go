package vault_test

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"time"

	"xinqing/internal/vault"
	"xinqing/internal/vault/faultfs"
)

// bigSize is an image sealed on several goroutines (over 1 MiB) and
// written in three pieces: the header and two segments.
const bigSize = 1<<20 + 300<<10

// readerFS is faultfs with the read-back capability of the real file
// system: OpenReader reads the file through faultfs (one operation, so
// faults and power cuts apply to it) and serves positioned reads from that.
// failRead, when set, fails that read of every reader; flip corrupts every
// read's first byte.
type readerFS struct {
	*faultfs.FS
	failRead int
	flip     bool
}

var _ vault.ReaderOpener = readerFS{}

type snapReader struct {
	b        []byte
	reads    atomic.Int64
	failRead int
	flip     bool
}

func (f readerFS) OpenReader(name string) (vault.FileReader, error) {
	b, err := f.FS.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return &snapReader{b: b, failRead: f.failRead, flip: f.flip}, nil
}

func (r *snapReader) ReadAt(p []byte, off int64) (int, error) {
	if int(r.reads.Add(1)) == r.failRead {
		return 0, faultfs.EIO
	}
	if off >= int64(len(r.b)) {
		return 0, io.EOF
	}
	n := copy(p, r.b[off:])
	if r.flip && n > 0 {
		p[0] ^= 1
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (r *snapReader) Close() error { return nil }

// reopenBig is a fresh process opening the vault: it must open exactly one
// of the generations allowed.
func reopenBig(t *testing.T, fsys vault.FS, c *clock, allowed ...uint64) uint64 {
	t.Helper()
	o := opts(fsys, c)
	o.Retention = pruneTwo
	v, err := vault.Unlock("/v", testPass, o)
	if err != nil {
		t.Fatalf("unlock: %v", err)
	}
	defer v.Close()
	rep, err := v.Open(acceptGen(bigSize))
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

// bigSaveOps counts the file-system operations of a big save.
func bigSaveOps(t *testing.T, base *faultfs.FS, c *clock) int {
	t.Helper()
	count := readerFS{FS: base.Clone()}
	o := opts(count, cloneClock(c))
	o.Retention = pruneTwo
	v := mustUnlock(t, "/v", o)
	defer v.Close()
	count.Reset()
	if _, err := v.Save(t.Context(), snap(bigSize)); err != nil {
		t.Fatal(err)
	}
	return count.Ops()
}

// TestFailAtEveryOperationOfABigSave is B1 for the parallel sealer and the
// read-back through an open file: the k-th operation of a save of a big
// image fails; the save is acknowledged or leaves the previous generation,
// and the same session's next save succeeds.
func TestFailAtEveryOperationOfABigSave(t *testing.T) {
	t.Parallel()
	base, c := memVault(t, 2, bigSize, pruneTwo)
	n := bigSaveOps(t, base, c)
	// Create, three writes, open the read-back, stat, sync, close, time,
	// rename, folder sync and the prune at least.
	if n < 12 {
		t.Fatalf("got %d operations in a big save, want the whole sequence counted", n)
	}
	for _, e := range []struct {
		name string
		err  error
	}{{"EIO", faultfs.EIO}, {"ENOSPC", faultfs.ENOSPC}, {"a sharing violation", faultfs.SharingViolation}} {
		for k := 1; k <= n; k++ {
			what := fmt.Sprintf("%s at operation %d", e.name, k)
			fsys, c := readerFS{FS: base.Clone()}, cloneClock(c)
			o := opts(fsys, c)
			o.Retention = pruneTwo
			v := mustUnlock(t, "/v", o)
			fsys.FailAt(k, e.err, false)
			acked := uint64(2)
			if gen, err := v.Save(t.Context(), snap(bigSize)); err == nil {
				acked = gen
			} else if !errors.Is(err, e.err) && !errors.Is(err, vault.ErrSharingViolation) {
				t.Errorf("%s: got %v, want the cause kept", what, err)
			}
			fsys.Reset()
			crash := fsys.Clone()
			crash.Restart(uint64(k))
			if got := reopenBig(t, readerFS{FS: crash}, c, acked); got != acked {
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
	t.Logf("%d operations per big save, all invariants held", n)
}

// TestPowerCutsDuringBigSaves is B2 for the parallel sealer: the power
// goes at a random operation of a big save; unsynced pieces of the file
// are kept, dropped or garbled. The vault opens the acknowledged
// generation or, if it fully verifies, the one in flight.
func TestPowerCutsDuringBigSaves(t *testing.T) {
	t.Parallel()
	base, c0 := memVault(t, 2, bigSize, pruneTwo)
	n := bigSaveOps(t, base, c0)
	const runs = 150
	outcomes := map[string]int{}
	for seed := uint64(0); seed < runs; seed++ {
		rng := rand.New(rand.NewPCG(seed, 5))
		fsys, c := readerFS{FS: base.Clone()}, cloneClock(c0)
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

func TestAFailedReadBackIsAnIOErrorAndNotDamage(t *testing.T) {
	base, c := memVault(t, 1, bigSize, pruneTwo)
	for _, k := range []int{1, 2, 7} {
		fsys := readerFS{FS: base.Clone(), failRead: k}
		o := opts(fsys, cloneClock(c))
		o.Retention = pruneTwo
		v := mustUnlock(t, "/v", o)
		_, err := v.Save(t.Context(), snap(bigSize))
		if !errors.Is(err, faultfs.EIO) || errors.Is(err, vault.ErrDamaged) {
			t.Errorf("read %d failing: got %v, want EIO and not ErrDamaged", k, err)
		}
		v.Close()
		if got := reopenBig(t, fsys.FS, c, 1); got != 1 {
			t.Errorf("read %d failing: got generation %d, want 1", k, got)
		}
	}
}

func TestAReadBackThatDiffersIsDamageAndNothingIsRenamed(t *testing.T) {
	base, c := memVault(t, 1, bigSize, pruneTwo)
	for _, size := range []int{faultSize, bigSize, 5 << 20} {
		fsys := readerFS{FS: base.Clone(), flip: true}
		o := opts(fsys, cloneClock(c))
		o.Retention = pruneTwo
		v := mustUnlock(t, "/v", o)
		if _, err := v.Save(t.Context(), snap(size)); !errors.Is(err, vault.ErrDamaged) {
			t.Errorf("size %d: got %v, want ErrDamaged", size, err)
		}
		v.Close()
		if got := reopenBig(t, fsys.FS, c, 1); got != 1 {
			t.Errorf("size %d: got generation %d, want 1", size, got)
		}
	}
}
