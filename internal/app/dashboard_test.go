package app

import (
	"context"
	"testing"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/demo"
	"xinqing/internal/figures"
	"xinqing/internal/interchange"
	"xinqing/internal/returns"
	"xinqing/internal/store"
)

func TestTheDashboardOfANewVaultSaysThereIsNoBackup(t *testing.T) {
	a, _ := openSchool(t)
	got, err := a.Dashboard(context.Background(), a.Today())
	if err != nil {
		t.Fatal(err)
	}
	if !got.LastBackup.IsZero() || !got.BackupOverdue || got.Month != a.Today().Month() {
		t.Fatalf("got %+v in a new vault, want this month, no backup and overdue", got)
	}
}

// bigSchool is the big demo school in a real store.
func bigSchool(b *testing.B) *store.Store {
	b.Helper()
	st, err := store.New()
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = st.Close() })
	if _, err := demo.Import(interchange.Adapt[*store.Tx](st), demo.Big, 1, "2026-11-20"); err != nil {
		b.Fatal(err)
	}
	return st
}

// BenchmarkSearchStudentsBigSchool measures the search the student list
// runs as the user types (target: under 100 ms), one sub-benchmark per
// kind of query, and the workbench summary; the big school is imported
// once.
func BenchmarkSearchStudentsBigSchool(b *testing.B) {
	st := bigSchool(b)
	n, err := st.Count(casework.KindStudent)
	if err != nil || n < 3000 {
		b.Fatalf("got %d students (%v), want the big school", n, err)
	}
	seventh := func(s *casework.Student) bool { return s.Grade == "七年级" }
	for _, c := range []struct {
		name, text string
		keep       func(*casework.Student) bool
	}{
		{"surname", "张", nil},
		{"initials", "zh", nil},
		{"pinyin", "wangy", nil},
		{"one_letter", "l", nil},
		{"student_no", "D20", nil},
		{"name_in_grade", "li", seventh},
		{"whole_list", "", nil},
	} {
		b.Run(c.name, func(b *testing.B) {
			start, i := time.Now(), 0
			for b.Loop() {
				if _, err := findStudents(st, c.text, c.keep); err != nil {
					b.Fatal(err)
				}
				i++
			}
			b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(i), "ms/op")
		})
	}
	// The workbench summary reads the whole school (off the UI goroutine).
	b.Run("workbench", func(b *testing.B) {
		start, i := time.Now(), 0
		for b.Loop() {
			d, err := returns.Load(st)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := figures.Summarize(d, "2026-11-20"); err != nil {
				b.Fatal(err)
			}
			i++
		}
		b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(i), "ms/op")
	})
}
