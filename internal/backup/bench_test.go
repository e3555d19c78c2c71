package backup_test

import (
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"filippo.io/age"

	"xinqing/internal/backup"
	"xinqing/internal/casework"
	"xinqing/internal/demo"
	"xinqing/internal/interchange"
	"xinqing/internal/store"
)

// BenchmarkBackupBigSchool is a backup of the big synthetic school with
// full verification (write, sync, read back, decrypt to the end, load with
// integrity_check, content hash, manifest, prune). With AGE_BIN set (make
// bench) each backup is paired with one run of the floor, the stock age
// encrypting the same image to the vault's recipient plus sha256sum of its
// output, timed just before it (outside the benchmark's timer), and the
// medians of both are reported with their ratio (x-floor, target ≤ 2):
// runs side by side see the same machine, and medians ignore a stray
// burst of other work.
func BenchmarkBackupBigSchool(b *testing.B) {
	c := newClock()
	w, identity := newWorkspace(b, nil, "", c, 1)
	if _, err := demo.Import(interchange.Adapt[*store.Tx](w.Store()), demo.Big, 1, casework.Date("2026-11-20")); err != nil {
		b.Fatalf("import the big school: %v", err)
	}
	save(b, w)
	gen, file, err := w.Vault().LatestGeneration()
	if err != nil {
		b.Fatal(err)
	}
	sealed, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	h, img, err := w.Store().Hashes(bg)
	if err != nil {
		b.Fatal(err)
	}
	want := backup.Expect{Gen: gen, Hash: h, Image: img}
	stick := b.TempDir()
	o := backup.Options{Now: c.Now, Keep: 3}
	var floor func() time.Duration
	if ageBin := os.Getenv("AGE_BIN"); ageBin != "" {
		floor = ageFloor(b, ageBin, identity, w.Vault().Decrypt, sealed)
	} else {
		b.Log("AGE_BIN not set: no floor measured (make bench sets it)")
	}
	st := &stageTimes{last: time.Now(), sum: map[backup.Stage]time.Duration{}}
	o.Progress = st
	b.SetBytes(int64(len(sealed)))
	var runs, floors []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if floor != nil {
			b.StopTimer()
			floors = append(floors, floor())
			b.StartTimer()
		}
		c.Add(time.Minute)
		start := time.Now()
		if _, err := backup.Run(bg, w.Vault(), want, stick, o); err != nil {
			b.Fatal(err)
		}
		runs = append(runs, time.Since(start))
		st.Report(between, 0, 0)
	}
	b.StopTimer()
	for s, d := range st.sum {
		if s != between {
			b.ReportMetric(float64(d.Milliseconds())/float64(b.N), string(s)+"-ms")
		}
	}
	b.ReportMetric(float64(len(sealed))/(1<<20), "MiB/backup")
	b.ReportMetric(float64(median(runs).Milliseconds()), "median-ms")
	if floor != nil {
		b.ReportMetric(float64(median(floors).Milliseconds()), "floor-ms")
		b.ReportMetric(float64(median(runs))/float64(median(floors)), "x-floor")
	}
}

// between is the stage timer's name for the time outside backups.
const between backup.Stage = "between"

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// ageFloor prepares the floor: the stock age encrypting the plaintext image
// to the vault's recipient, then sha256sum of its output, the least any
// verified backup must cost. Each call times one run.
func ageFloor(b *testing.B, ageBin, identity string, decrypt func([]byte) ([]byte, error), sealed []byte) func() time.Duration {
	b.Helper()
	id, err := age.ParseHybridIdentity(identity)
	if err != nil {
		b.Fatal(err)
	}
	img, err := decrypt(sealed)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	in := filepath.Join(dir, "image")
	if err := os.WriteFile(in, img, 0o600); err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(dir, "image.age")
	return func() time.Duration {
		os.Remove(out)
		start := time.Now()
		if o, err := exec.Command(ageBin, "-r", id.Recipient().String(), "-o", out, in).CombinedOutput(); err != nil {
			b.Fatalf("age: %v: %s", err, o)
		}
		if o, err := exec.Command("sha256sum", out).CombinedOutput(); err != nil {
			b.Fatalf("sha256sum: %v: %s", err, o)
		}
		return time.Since(start)
	}
}

// stageTimes adds up the wall time spent in each stage.
type stageTimes struct {
	cur  backup.Stage
	last time.Time
	sum  map[backup.Stage]time.Duration
}

func (s *stageTimes) Report(stage backup.Stage, done, total int64) {
	if stage == s.cur {
		return
	}
	now := time.Now()
	if s.cur != "" {
		s.sum[s.cur] += now.Sub(s.last)
	}
	s.cur, s.last = stage, now
}

// BenchmarkBackupWithAttachments is the backup of a vault with 200
// attachment files of 100 KiB (20 MiB): the first backup writes them all
// (reported as first-ms), each later one reads back, decrypts and checks
// every one already on the stick and writes none (the loop). It also
// times a keyless and a full Verify of the stick.
func BenchmarkBackupWithAttachments(b *testing.B) {
	c := newClock()
	w, _ := newWorkspace(b, nil, "", c, 2)
	fill(b, w.Store(), rand.New(rand.NewPCG(2, 2)), 10)
	for i := range 200 {
		attach(b, w, attachBytes(uint64(i), 100<<10), "scan.pdf")
	}
	save(b, w)
	stick := b.TempDir()
	o := backup.Options{Keep: 3}
	start := time.Now()
	res, err := w.Backup(context.Background(), stick, o)
	if err != nil || res.Written != 200 {
		b.Fatalf("got %+v (%v), want 200 attachment files written", res, err)
	}
	first := time.Since(start)
	start = time.Now()
	if rep, err := backup.Verify(bg, stick, nil, backup.Options{}); err != nil || rep.Verified != 1 {
		b.Fatalf("verify: %+v %v", rep, err)
	}
	keyless := time.Since(start)
	start = time.Now()
	if rep, err := backup.Verify(bg, stick, backup.VaultKey(w.Vault()), backup.Options{}); err != nil || !rep.Items[0].Full {
		b.Fatalf("verify: %+v %v", rep, err)
	}
	full := time.Since(start)
	b.ResetTimer()
	for b.Loop() {
		c.Add(time.Minute)
		w.Changed()
		res, err := w.Backup(context.Background(), stick, o)
		if err != nil || res.Written != 0 {
			b.Fatalf("got %+v (%v), want no attachment file written", res, err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(first.Milliseconds()), "first-ms")
	b.ReportMetric(float64(keyless.Milliseconds()), "verify-ms")
	b.ReportMetric(float64(full.Milliseconds()), "verify-full-ms")
}
