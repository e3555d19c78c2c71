package returns_test

import (
	"reflect"
	"testing"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
	"xinqing/internal/returns"
)

// The figures and the trend of every month over the records of its window
// are those over every record: the window leaves out nothing they count.
func TestLoadWindowCountsAsLoad(t *testing.T) {
	st := demoStore(t)
	// A case opened years before with a session in the month, and one
	// closed in the month: both count through the window.
	old := &casework.Case{ClientKind: casework.ClientKindParent, ClientName: "家长甲", OpenedOn: "2019-03-04", Source: casework.AllCaseSources()[0],
		ProblemTypes: []casework.ProblemType{casework.AllProblemTypes()[0]}, Status: casework.CaseStatusOpen}
	if err := st.Create(old); err != nil {
		t.Fatal(err)
	}
	if err := st.Create(&casework.Session{CaseID: old.ID, Date: "2026-10-14", DurationMin: 45}); err != nil {
		t.Fatal(err)
	}
	full, err := returns.Load(st)
	if err != nil {
		t.Fatal(err)
	}
	months := casework.Period{From: "2025-08-01", To: "2026-11-20"}.Months()
	for _, m := range months {
		p, _, err := figures.AsOf(m.Period(), "2026-11-20")
		if err != nil {
			t.Fatal(err)
		}
		w := figures.ReturnWindow(full.Settings, m, p)
		d, err := returns.LoadWindow(st, w)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Sessions) >= len(full.Sessions) && m < "2026-09" {
			t.Errorf("%s: window %v read all %d sessions", m, w, len(full.Sessions))
		}
		want, err := figures.Compute(full, p, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := figures.Compute(d, p, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: figures over the window differ: %v", m, figures.Diff(want, got))
		}
		// The drill-down of the month lists the same records in the same order.
		md, err := returns.LoadWindow(st, m.Period())
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range want.Rows() {
			if g, w := figures.Drill(md, m.Period(), r.ID()), figures.Drill(full, m.Period(), r.ID()); !reflect.DeepEqual(g, w) {
				t.Errorf("%s: drill of %s over the window %v, want %v", m, r.ID(), g, w)
			}
		}
		wantT, err := figures.ComputeTrend(full, m, p)
		if err != nil {
			t.Fatal(err)
		}
		gotT, err := figures.ComputeTrend(d, m, p)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(gotT, wantT) {
			t.Errorf("%s: trend over the window differs:\n got %+v\nwant %+v", m, gotT, wantT)
		}
	}
}

// The workbench of every day over the records LoadSummary reads is the
// one over every record.
func TestLoadSummaryShowsAsLoad(t *testing.T) {
	st := demoStore(t)
	// Some key students released on a day of the span, one on its last.
	keys, err := st.List(casework.KindKeyStudent)
	if err != nil || len(keys) < 3 {
		t.Fatalf("got %d key students (%v)", len(keys), err)
	}
	for i, on := range []casework.Date{"2026-10-09", "2026-11-02", "2026-11-20"} {
		k := keys[i].(*casework.KeyStudent)
		k.ReleasedOn, k.ReleaseBasis = max(on, k.IncludedOn), "好转"
		if err := st.Update(k); err != nil {
			t.Fatal(err)
		}
	}
	full, err := returns.Load(st)
	if err != nil {
		t.Fatal(err)
	}
	released := 0 // days on which some key student was left out
	for day := casework.Date("2025-08-25"); day <= "2026-11-20"; day = day.AddDays(9) {
		w := casework.Period{From: day.Month().First(), To: day}
		d, err := returns.LoadSummary(st, w)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Students) >= len(full.Students) {
			t.Errorf("%s: read all %d students", day, len(full.Students))
		}
		if len(d.KeyStudents) < len(full.KeyStudents) {
			released++
		}
		want, err := figures.Summarize(full, day)
		if err != nil {
			t.Fatal(err)
		}
		got, err := figures.Summarize(d, day)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: workbench over the summary's records\n got %+v\nwant %+v", day, got, want)
		}
	}
	if released == 0 {
		t.Error("no day left a released key student out: the test proves nothing of it")
	}
}
