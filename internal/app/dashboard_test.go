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

func TestDashboardListsWhatIsDueFromTheRecords(t *testing.T) {
	today := casework.Date("2026-11-20")
	pupil := func(id, name string) *casework.Student {
		return &casework.Student{Meta: casework.Meta{ID: id}, Name: name, Gender: casework.GenderMale, Grade: "七年级", Class: "七(1)班"}
	}
	d := &figures.Dataset{Settings: casework.DefaultSettings()}
	d.Students = []*casework.Student{pupil("s1", "甲"), pupil("s2", "乙"), pupil("s3", "丙")}
	d.KeyStudents = []*casework.KeyStudent{
		// red: every 7 days; last follow-up 2026-11-10 → due 11-17, overdue.
		{Meta: casework.Meta{ID: "k1"}, StudentID: "s1", IncludedOn: "2026-10-01",
			Levels:    []casework.LevelEntry{{Date: "2026-10-01", Level: casework.LevelRed}},
			FollowUps: []casework.FollowUp{{Date: "2026-11-10"}}},
		// watch: every 60 days from 11-01 → due 12-31, beyond the week.
		{Meta: casework.Meta{ID: "k2"}, StudentID: "s2", IncludedOn: "2026-11-01",
			Levels: []casework.LevelEntry{{Date: "2026-11-01", Level: casework.LevelWatch}}},
	}
	d.Referrals = []*casework.Referral{
		{Meta: casework.Meta{ID: "r1"}, StudentID: "s3", SuggestedOn: "2026-11-05", Reason: "睡眠", Status: casework.ReferralStatusSuggested},
		{Meta: casework.Meta{ID: "r2"}, StudentID: "s2", SuggestedOn: "2026-11-06", Reason: "x", Status: casework.ReferralStatusVisited, Feedback: "已就诊"},
	}
	d.Crises = []*casework.Crisis{
		{Meta: casework.Meta{ID: "c1"}, StudentID: "s2", DiscoveredOn: "2026-11-12", RiskType: casework.RiskTypeSelfHarm},
		{Meta: casework.Meta{ID: "c2"}, StudentID: "s1", DiscoveredOn: "2026-11-03", RiskType: casework.RiskTypeOther, ClosedOn: "2026-11-04"},
	}
	got, err := dashboardOf(d, today)
	if err != nil {
		t.Fatal(err)
	}
	if got.Month != "2026-11" || got.Figures.KeyOnRoll != 2 || got.Figures.Crises != 2 || got.Figures.Referrals != 2 {
		t.Fatalf("got month %s figures %+v, want 2 on roll, 2 crises, 2 referred", got.Month, got.Figures)
	}
	if len(got.FollowUps) != 1 || got.FollowUps[0].Name != "甲" || got.FollowUps[0].Due != "2026-11-17" ||
		got.FollowUps[0].Level != "一级(红) 危急" {
		t.Fatalf("got follow-ups %+v, want 甲 due 2026-11-17", got.FollowUps)
	}
	if len(got.Waiting) != 1 || got.Waiting[0].Name != "丙" || got.Waiting[0].Days != 15 {
		t.Fatalf("got waiting %+v, want 丙 waiting 15 days", got.Waiting)
	}
	if len(got.OpenCrises) != 1 || got.OpenCrises[0].Name != "乙" {
		t.Fatalf("got open crises %+v, want 乙's", got.OpenCrises)
	}
	var red int
	for _, l := range got.Figures.Levels {
		if l.Label == "一级(红) 危急" {
			red = l.N
		}
	}
	if red != 1 {
		t.Fatalf("got levels %+v, want one red", got.Figures.Levels)
	}
}

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
			if _, err := dashboardOf(d, "2026-11-20"); err != nil {
				b.Fatal(err)
			}
			i++
		}
		b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(i), "ms/op")
	})
}
