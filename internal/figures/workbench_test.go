package figures_test

import (
	"testing"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
)

func TestTheWorkbenchListsWhatIsDueFromTheRecords(t *testing.T) {
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
	got, err := figures.Summarize(d, today)
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

func TestTheWorkbenchListsFollowUpsDueWithinTheHorizon(t *testing.T) {
	today := casework.Date("2026-11-20")
	d := &figures.Dataset{Settings: casework.DefaultSettings()}
	// Orange is followed up every 14 days: the last follow-ups make the
	// next one due on the horizon's last day and on the day after it.
	for i, last := range []casework.Date{"2026-11-13", "2026-11-14"} {
		id := string(rune('a' + i))
		d.Students = append(d.Students, &casework.Student{Meta: casework.Meta{ID: id}, Name: id})
		d.KeyStudents = append(d.KeyStudents, &casework.KeyStudent{Meta: casework.Meta{ID: "k" + id}, StudentID: id,
			IncludedOn: "2026-10-01", Levels: []casework.LevelEntry{{Date: "2026-10-01", Level: casework.LevelOrange}},
			FollowUps: []casework.FollowUp{{Date: last}}})
	}
	got, err := figures.Summarize(d, today)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.FollowUps) != 1 || got.FollowUps[0].StudentID != "a" || got.FollowUps[0].Due != today.AddDays(figures.FollowUpHorizon) {
		t.Fatalf("got follow-ups %+v, want only the one due on %s", got.FollowUps, today.AddDays(figures.FollowUpHorizon))
	}
}
