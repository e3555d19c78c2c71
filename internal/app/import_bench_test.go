package app

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"
	"xinqing/internal/memtest"

	"xinqing/internal/demo"
	"xinqing/internal/interchange"
	"xinqing/internal/store"
)

// resetPeakRSS resets the kernel's high-water mark of this process's
// resident memory (Linux ≥ 4.0) and returns the resident size now; ok is
// false where that is not possible.
func resetPeakRSS() (rss uint64, ok bool) {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		return 0, false
	}
	return procStatus("VmRSS:")
}

// procStatus reads a kB field of /proc/self/status in bytes.
func procStatus(field string) (uint64, bool) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field); ok {
			n, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return n << 10, err == nil
		}
	}
	return 0, false
}

// BenchmarkImportBigSchoolMemory imports the big demo school's export (ten
// school years) into a fresh store and reports the live-heap peak of the
// import and the growth of the process's peak resident memory (which
// counts SQLite's pages, kept outside Go's heap) beside the document's
// size.
func BenchmarkImportBigSchoolMemory(b *testing.B) {
	doc, err := demo.JSON(demo.Big, 1, "2026-11-20")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		st, err := store.New()
		if err != nil {
			b.Fatal(err)
		}
		rss0, rssOK := resetPeakRSS()
		peak := memtest.LivePeak(func() {
			_, err = interchange.Import(bytes.NewReader(doc), interchange.Adapt[*store.Tx](st), interchange.Options{})
		})
		if hwm, ok := procStatus("VmHWM:"); ok && rssOK {
			// Memory the runtime already held is reused first: no growth
			// at all shows as 0.
			grew := hwm - min(rss0, hwm)
			b.ReportMetric(float64(grew)/(1<<20), "peak-rss-growth-MiB")
			b.ReportMetric(float64(grew)/float64(len(doc)), "rss-growth/doc")
		}
		if err != nil {
			b.Fatal(err)
		}
		st.Close()
		b.ReportMetric(float64(len(doc))/(1<<20), "doc-MiB")
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		b.ReportMetric(float64(peak)/float64(len(doc)), "peak/doc")
	}
}
