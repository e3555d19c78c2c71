package figures_test

import (
	"testing"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
)

// trendSchool has a first term from 2026-09-01 and a second from
// 2027-02-20, sessions on both sides of the term's start and two key
// students, so that every trend value below can be counted by hand.
func trendSchool() *figures.Dataset {
	s := settings()
	s.Terms = []casework.Term{
		{Name: "2026-2027学年第一学期", Start: "2026-09-01", End: "2027-01-20"},
		{Name: "2026-2027学年第二学期", Start: "2027-02-20", End: "2027-07-10"},
	}
	return &figures.Dataset{
		Settings: s,
		Cases: []*casework.Case{
			studentCase("c1", "A", "2026-09-10", casework.CaseSourceSelf, casework.ProblemTypeStudy),
			studentCase("c2", "B", "2026-08-30", casework.CaseSourceTeacher, casework.ProblemTypeEmotion),
		},
		Sessions: []*casework.Session{
			session("x1", "c1", "2026-09-10"), session("x2", "c1", "2026-10-05"), session("x3", "c1", "2026-10-20"),
			session("x4", "c2", "2026-08-30"), session("x5", "c2", "2026-10-07"),
			session("x6", "c2", "2027-02-05"), session("x7", "c2", "2027-03-02"),
		},
		KeyStudents: []*casework.KeyStudent{
			key("k1", "2026-09-05", "", "2026-09-05", "yellow"),
			key("k2", "2026-10-10", "", "2026-10-10", "red"),
		},
	}
}

func trendOf(t *testing.T, d *figures.Dataset, m casework.Month) *figures.Trend {
	t.Helper()
	tr, err := figures.ComputeTrend(d, m, m.Period())
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestTrendGivesTheMonthBeforeAndTheTermToDate(t *testing.T) {
	tr := trendOf(t, trendSchool(), "2026-10")
	if tr.Term != "2026-2027学年第一学期" || tr.From != "2026-09-01" {
		t.Errorf("got term %q from %s", tr.Term, tr.From)
	}
	// By hand: September has x1 (A); the term to October's end has x1,
	// x2, x3 (A) and x5 (B), not x4 (August).
	for id, want := range map[string][2]int{
		"G1":           {1, 4},
		"G2":           {1, 2}, // distinct students, not 1+2
		"G3.opened":    {1, 1}, // c1 in September; c2 opened in August
		"G4.self":      {1, 1},
		"G4.teacher":   {0, 0},
		"G5.study":     {1, 1},
		"F3.added":     {1, 2},
		"I1.self_harm": {0, 0},
	} {
		c, ok := tr.Cell(id)
		if !ok || c.TermToDate == nil {
			t.Errorf("%s: no trend %+v", id, c)
			continue
		}
		if got := [2]int{c.Previous, *c.TermToDate}; got != want {
			t.Errorf("%s: got 上月 %d 累计 %d, want %v", id, got[0], got[1], want)
		}
	}
	// What stands at the month's end has last month's value and no sum.
	for id, want := range map[string]int{"F1": 1, "F2.yellow": 1, "F2.red": 0, "L2": 0, "L1.classes_with_member": 0} {
		c, ok := tr.Cell(id)
		if !ok || c.Previous != want || c.TermToDate != nil {
			t.Errorf("%s: got %+v (ok %v), want 上月 %d and no 累计", id, c, ok, want)
		}
	}
	for _, id := range []string{"A4", "B1", "L1.class_count", "B4"} {
		if _, ok := tr.Cell(id); ok {
			t.Errorf("%s has a trend; settings and hours have none", id)
		}
	}
}

func TestTrendOfATermStartingMidMonthCountsFromItsFirstMonth(t *testing.T) {
	tr := trendOf(t, trendSchool(), "2027-03")
	if tr.Term != "2026-2027学年第二学期" || tr.From != "2027-02-01" {
		t.Fatalf("got term %q from %s", tr.Term, tr.From)
	}
	// February (x6, before the term's first day) is in its first month.
	if c, _ := tr.Cell("G1"); c.Previous != 1 || c.TermToDate == nil || *c.TermToDate != 2 {
		t.Errorf("G1: got %+v, want 上月 1 累计 2", c)
	}
}

func TestTrendOutsideEveryTermHasNoTermSum(t *testing.T) {
	tr := trendOf(t, trendSchool(), "2026-08")
	if tr.Term != "" {
		t.Errorf("got term %q for August", tr.Term)
	}
	for id, c := range tr.Rows {
		if c.TermToDate != nil {
			t.Errorf("%s has a term sum outside every term", id)
		}
	}
	// The trend of a month not over counts the term to today.
	d := trendSchool()
	tr, err := figures.ComputeTrend(d, "2026-10", casework.Period{From: "2026-10-01", To: "2026-10-06"})
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := tr.Cell("G1"); c.TermToDate == nil || *c.TermToDate != 2 {
		t.Errorf("G1 to 10-06: got %+v, want 累计 2 (x1, x2)", c)
	}
}

func TestTrendJSONRoundTrips(t *testing.T) {
	tr := trendOf(t, trendSchool(), "2026-10")
	b, err := tr.JSON()
	if err != nil {
		t.Fatal(err)
	}
	back, err := figures.ParseTrend(b)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := back.JSON()
	if string(again) != string(b) {
		t.Errorf("round trip changed the trend:\n%s\n%s", b, again)
	}
	if none, err := figures.ParseTrend(nil); none != nil || err != nil {
		t.Errorf("empty data: got %v, %v", none, err)
	}
}
