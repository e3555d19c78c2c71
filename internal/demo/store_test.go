package demo

import (
	"context"
	"io"
	"testing"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/interchange"
	"xinqing/internal/store"
)

func newStore(tb testing.TB) *store.Store {
	tb.Helper()
	st, err := store.New(store.WithClock(func() time.Time { return time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC) }))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

func TestSmallSchoolImportsIntoTheRealStore(t *testing.T) {
	st := newStore(t)
	res, err := Import(interchange.Adapt[*store.Tx](st), Small, 1, demoNow)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	d := Generate(Small, 1, demoNow)
	for _, k := range casework.InterchangeKinds() {
		n, err := st.Count(k)
		if err != nil {
			t.Fatal(err)
		}
		if n != len(d.Records(k)) || n != res.Counts[k.Array()] {
			t.Errorf("got %d %s in the store, want %d", n, k.Array(), len(d.Records(k)))
		}
	}
	s, err := st.Settings()
	if err != nil || s.School.Name != d.Settings.School.Name {
		t.Errorf("got school %q (%v), want %q", s.School.Name, err, d.Settings.School.Name)
	}
	// A name from the school is found by the store's search.
	hits, err := st.SearchStudents(d.Students[10].Name, 10)
	if err != nil || len(hits) == 0 {
		t.Errorf("got %d hits (%v) for a generated name, want at least 1", len(hits), err)
	}
}

// bigStore imports the big school into a fresh store.
func bigStore(b *testing.B) *store.Store {
	b.Helper()
	st := newStore(b)
	if _, err := Import(interchange.Adapt[*store.Tx](st), Big, 1, demoNow); err != nil {
		b.Fatalf("import big school: %v", err)
	}
	return st
}

func BenchmarkBigSchoolGenerateAndImport(b *testing.B) {
	for b.Loop() {
		st, err := store.New()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Import(interchange.Adapt[*store.Tx](st), Big, 1, demoNow); err != nil {
			b.Fatal(err)
		}
		img, err := st.Snapshot(context.Background(), 1)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(img))/(1<<20), "image-MiB")
		st.Close()
	}
}

func BenchmarkBigSchoolGenerate(b *testing.B) {
	for b.Loop() {
		d := Generate(Big, 1, demoNow)
		if len(d.Students) != 3000 {
			b.Fatalf("got %d students", len(d.Students))
		}
	}
}

// BenchmarkBigSchoolQueries imports the big school once and measures the
// queries on it. Targets: name search ≤ 20 ms, full-text ≤ 200 ms.
func BenchmarkBigSchoolQueries(b *testing.B) {
	st := bigStore(b)
	// The app builds the full-text index after unlocking; the first name
	// search builds the in-memory name index. Neither is a query's cost.
	if err := st.BuildIndex(context.Background()); err != nil {
		b.Fatal(err)
	}
	if _, err := st.SearchStudents("王", 1); err != nil {
		b.Fatal(err)
	}
	b.Run("NameSearch", func(b *testing.B) {
		queries := []string{"王", "zhang", "zy", "D2020", "李思"}
		i := 0
		for b.Loop() {
			if _, err := st.SearchStudents(queries[i%len(queries)], 50); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("FullTextSearch", func(b *testing.B) {
		queries := []string{"同伴关系", "情绪日记", "睡眠", "考试"}
		i := 0
		for b.Loop() {
			if _, err := st.SearchText(queries[i%len(queries)], 50); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("ContentHash", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.ContentHash(context.Background()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Export", func(b *testing.B) {
		for b.Loop() {
			if err := interchange.Export(io.Discard, st, time.Now()); err != nil {
				b.Fatal(err)
			}
		}
	})
}
