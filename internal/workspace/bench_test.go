package workspace

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"xinqing/internal/demo"
	"xinqing/internal/interchange"
	"xinqing/internal/store"
)

// BenchmarkBigSchoolSaveOpen measures a save (quick_check, snapshot, seal,
// verify, rename) and an open (decrypt, store.Load with every check) of the
// synthetic big school, the sizes a counselor of a large school will see.
func BenchmarkBigSchoolSaveOpen(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "vault")
	w, _, err := Create(bg, dir, pass, testOptions(nil, nil))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := demo.Import(interchange.Adapt[*store.Tx](w.Store()), demo.Big, 1, "2026-11-28"); err != nil {
		b.Fatal(err)
	}
	b.Run("save", func(b *testing.B) {
		for b.Loop() {
			if err := w.Save(context.Background()); err != nil {
				b.Fatal(err)
			}
		}
		_, p, err := w.Vault().LatestGeneration()
		if err != nil {
			b.Fatal(err)
		}
		if fi, err := os.Stat(p); err == nil {
			b.ReportMetric(float64(fi.Size())/(1<<20), "sealed-MiB")
		}
	})
	if err := w.Lock(bg); err != nil {
		b.Fatal(err)
	}
	b.Run("open", func(b *testing.B) {
		for b.Loop() {
			w, err := Open(bg, dir, pass, testOptions(nil, nil))
			if err != nil {
				b.Fatal(err)
			}
			w.Lock(bg)
		}
	})
}
