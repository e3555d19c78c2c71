package app

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/demo"
	"xinqing/internal/figures"
	"xinqing/internal/interchange"
	"xinqing/internal/returns"
	"xinqing/internal/store"
	"xinqing/internal/workspace"
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
	// The workbench summary as the app computes it: the month's records
	// are read once and kept until a write (workbench); after an edit of
	// a session, the biggest kind (workbench_after_edit: the month's
	// sessions and their cases read again); and the first one after an
	// unlock, which reads the month's records (workbench_cold).
	a := New(workspace.Options{})
	a.AttachStore(st, nil)
	today := casework.Date("2026-11-20")
	dash := func(b *testing.B, a *App) {
		if _, err := a.Dashboard(context.Background(), today); err != nil {
			b.Fatal(err)
		}
	}
	perOp := func(b *testing.B, f func()) {
		var spent time.Duration
		i := 0
		for b.Loop() {
			start := time.Now()
			f()
			spent += time.Since(start)
			i++
		}
		b.ReportMetric(float64(spent.Microseconds())/1000/float64(i), "ms/op")
	}
	b.Run("workbench", func(b *testing.B) {
		dash(b, a)
		perOp(b, func() { dash(b, a) })
	})
	sessions, err := st.List(casework.KindSession)
	if err != nil || len(sessions) == 0 {
		b.Fatalf("got %d sessions (%v)", len(sessions), err)
	}
	b.Run("workbench_after_edit", func(b *testing.B) {
		dash(b, a)
		for b.Loop() {
			b.StopTimer()
			if err := st.Update(sessions[0]); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			dash(b, a)
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
	})
	b.Run("workbench_cold", func(b *testing.B) {
		perOp(b, func() {
			a := New(workspace.Options{})
			a.AttachStore(st, nil)
			dash(b, a)
		})
	})
}

// The workbench computed from the kept records equals the one read afresh,
// and an edit shows at once.
func TestTheKeptRecordsGiveTheSameWorkbenchAndFollowEdits(t *testing.T) {
	st, err := store.New()
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := demo.Import(interchange.Adapt[*store.Tx](st), demo.Small, 1, "2026-11-20"); err != nil {
		t.Fatal(err)
	}
	a := New(workspace.Options{})
	a.AttachStore(st, nil)
	ctx, today := context.Background(), casework.Date("2026-11-20")
	fresh := func() figures.Workbench {
		d, err := returns.Load(st)
		if err != nil {
			t.Fatal(err)
		}
		w, err := figures.Summarize(d, today)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	for range 2 {
		got, err := a.Dashboard(ctx, today)
		if err != nil {
			t.Fatal(err)
		}
		if want := fresh(); !reflect.DeepEqual(got.Workbench, want) {
			t.Fatalf("kept records give %+v, want %+v", got.Workbench.Figures, want.Figures)
		}
	}
	sessions, err := st.List(casework.KindSession)
	if err != nil {
		t.Fatal(err)
	}
	var one *casework.Session
	for _, r := range sessions {
		if s := r.(*casework.Session); s.Date.Month() == today.Month() {
			c := *s
			one = &c
			break
		}
	}
	if one == nil {
		t.Fatal("no session this month in the demo school")
	}
	one.ID, one.CreatedAt, one.UpdatedAt = casework.NewID(), time.Time{}, time.Time{}
	one.Date = map[bool]casework.Date{true: "2026-11-02", false: "2026-11-03"}[one.Date != "2026-11-02"]
	if err := st.Create(one); err != nil {
		t.Fatal(err)
	}
	kept, err := cachedRecords{Store: st, c: &a.recs}.List(casework.KindSession)
	if err != nil {
		t.Fatal(err)
	}
	again, err := cachedRecords{Store: st, c: &a.recs}.List(casework.KindSession)
	if err != nil || len(again) == 0 || &again[0] != &kept[0] {
		t.Fatalf("the records are read again without a write in between (%v)", err)
	}
	if len(kept) != len(sessions)+1 || !slices.ContainsFunc(kept, func(r casework.Record) bool { return r.Base().ID == one.ID }) {
		t.Fatalf("kept %d sessions after adding one to %d", len(kept), len(sessions))
	}
	after, err := a.Dashboard(ctx, today)
	if err != nil {
		t.Fatal(err)
	}
	if want := fresh(); !reflect.DeepEqual(after.Workbench, want) {
		t.Fatal("after an edit the kept records differ from the store")
	}
	// The settings are read afresh: a renamed level shows at once.
	set, err := st.Settings()
	if err != nil {
		t.Fatal(err)
	}
	set.RiskLevels = slices.Clone(set.RiskLevels)
	set.RiskLevels[0].Label += "（改）"
	if err := st.SaveSettings(set); err != nil {
		t.Fatal(err)
	}
	renamed, err := a.Dashboard(ctx, today)
	if err != nil {
		t.Fatal(err)
	}
	if want := fresh(); !reflect.DeepEqual(renamed.Workbench, want) {
		t.Fatalf("after a change of the settings the workbench shows %+v, want %+v", renamed.Workbench.Figures.Levels, want.Figures.Levels)
	}
}
