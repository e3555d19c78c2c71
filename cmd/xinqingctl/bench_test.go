package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"testing"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/interchange"
)

// BenchmarkBigSchoolCLI builds xinqingctl, fills a vault (64 MiB KDF, the
// floor) with the big demo school and runs the commands a counselor runs
// on it as child processes, reporting each one's peak resident memory
// (getrusage's maxrss of the child: everything the process touched, the
// KDF, Go's heap and SQLite's pages together). import_plus is the big
// school's own export plus 100,000 activities imported into an empty
// vault; mb-per-1k-extra says how the import grows with the records.
func BenchmarkBigSchoolCLI(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "xinqingctl")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	env := append(os.Environ(), "XINQING_PASSPHRASE="+goodPass, "LANG=C.UTF-8")
	ctl := func(b *testing.B, args ...string) (maxRSS int64, took time.Duration) {
		b.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		// Go starts a child on this process's memory (vfork), and Linux
		// hands this process's peak resident size down to it: the child's
		// maxrss would be this process's peak (the document built below).
		// Give the memory back and reset the peak first.
		debug.FreeOSMemory()
		if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
			b.Logf("cannot reset this process's peak memory (%v): the children's peaks may include it", err)
		}
		start := time.Now()
		out, err := cmd.CombinedOutput()
		took = time.Since(start)
		if err != nil {
			b.Fatalf("xinqingctl %v: %v\n%s", args[0], err, out)
		}
		return cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10, took
	}
	newVault := func(b *testing.B, name string) string {
		v := filepath.Join(dir, name)
		ctl(b, "init", "--vault", v, "--kdf-memory", "64", "--sheet-out", v+".sheet.txt")
		return v
	}
	big := newVault(b, "big")
	ctl(b, "demo", "--vault", big, "--scale", "big", "--date", "2026-11-20")
	if gen, err := filepath.Glob(filepath.Join(big, "gen", "*.age")); err == nil && len(gen) > 0 {
		if fi, err := os.Stat(gen[len(gen)-1]); err == nil {
			b.Logf("sealed image: %.1f MiB", float64(fi.Size())/(1<<20))
		}
	}
	mb := func(n int64) float64 { return float64(n) / 1e6 }
	i := 0
	out := func(ext string) string { i++; return filepath.Join(dir, fmt.Sprintf("out%d%s", i, ext)) }

	b.Run("report_monthly", func(b *testing.B) {
		for b.Loop() {
			rss, took := ctl(b, "report", "monthly", "--vault", big, "--month", "2026-10", "--out", out(".pdf"))
			b.ReportMetric(mb(rss), "peak-rss-MB")
			b.ReportMetric(float64(took.Milliseconds()), "wall-ms")
		}
	})
	export := out(".json")
	b.Run("export", func(b *testing.B) {
		for b.Loop() {
			export = out(".json")
			rss, took := ctl(b, "export", "--vault", big, "--out", export)
			b.ReportMetric(mb(rss), "peak-rss-MB")
			b.ReportMetric(float64(took.Milliseconds()), "wall-ms")
		}
	})
	plain, plus := export, filepath.Join(dir, "plus.json")
	if _, err := os.Stat(plain); err != nil {
		return // the export row did not run (-bench picked other rows); the imports read its document
	}
	extra := withActivities(b, plain, plus, 100000)
	var rssPlain int64
	b.Run("import_export", func(b *testing.B) {
		for b.Loop() {
			rssPlain, _ = ctl(b, "import", "--vault", newVault(b, fmt.Sprintf("imp%d", i)), plain)
			i++
			b.ReportMetric(mb(rssPlain), "peak-rss-MB")
			if fi, err := os.Stat(plain); err == nil {
				b.ReportMetric(float64(rssPlain)/float64(fi.Size()), "rss/doc")
			}
		}
	})
	b.Run("import_plus_100k_activities", func(b *testing.B) {
		for b.Loop() {
			rss, took := ctl(b, "import", "--vault", newVault(b, fmt.Sprintf("imp%d", i)), plus)
			i++
			b.ReportMetric(mb(rss), "peak-rss-MB")
			b.ReportMetric(float64(took.Milliseconds()), "wall-ms")
			// Memory per extra record against the document's bytes per
			// extra record: growing with the records means a ratio near
			// the import's own per-byte cost, not above it.
			b.ReportMetric(mb(rss-rssPlain)/float64(extra.records)*1000, "mb-per-1k-extra")
			b.ReportMetric(float64(rss-rssPlain)/float64(extra.bytes), "rss-growth/doc-growth")
		}
	})
}

type growth struct{ records, bytes int64 }

// withActivities writes to dst the document src plus n activities (copies
// of the document's first activity with their own ids and dates).
func withActivities(b *testing.B, src, dst string, n int) growth {
	b.Helper()
	raw, err := os.ReadFile(src)
	if err != nil {
		b.Fatal(err)
	}
	var d interchange.Document
	if err := json.Unmarshal(raw, &d); err != nil {
		b.Fatal(err)
	}
	if len(d.Activities) == 0 {
		b.Fatal("the big school has no activities")
	}
	proto := *d.Activities[0]
	base, err := time.Parse(time.DateOnly, "2017-09-01")
	if err != nil {
		b.Fatal(err)
	}
	for k := range n {
		a := proto
		a.ID = fmt.Sprintf("00000000-0000-4000-8000-%012x", k+1)
		a.Date = casework.Date(base.AddDate(0, 0, k%3000).Format(time.DateOnly))
		a.CreatedAt = proto.CreatedAt.Add(time.Duration(k) * time.Second)
		a.UpdatedAt = a.CreatedAt
		d.Activities = append(d.Activities, &a)
	}
	f, err := os.Create(dst)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if err := interchange.Encode(w, &d); err != nil {
		b.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	fi, err := os.Stat(dst)
	if err != nil {
		b.Fatal(err)
	}
	return growth{records: int64(n), bytes: fi.Size() - int64(len(raw))}
}
