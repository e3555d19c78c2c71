package figures_test

import (
	"strings"
	"testing"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
)

// promotedSchool is a hand-made junior school that crosses the promotion
// of 2026-09-01 and a transfer out on 2026-10-15:
//   - s1 九(1)班, key student k1 (red, with a plan), member m1, left-behind: graduates;
//   - s2 七(1)班 → 八(1)班, key student k2 (yellow, no plan), member m2, migrant;
//   - s3 八(2)班 → 九(2)班, key student k3 (orange, with a plan), member m3 from
//     2026-02-01: transfers out on 2026-10-15;
//   - s4 七(2)班 → 八(2)班, hardship.
func promotedSchool(t *testing.T) *figures.Dataset {
	t.Helper()
	st := func(id, grade, class string, g ...casework.SpecialGroup) *casework.Student {
		return &casework.Student{Meta: meta(id), Name: "学生" + id, Gender: casework.GenderFemale, Grade: grade, Class: class, SpecialGroups: g}
	}
	students := []*casework.Student{
		st("s1", "九年级", "九(1)班", casework.SpecialGroupLeftBehind),
		st("s2", "七年级", "七(1)班", casework.SpecialGroupMigrant),
		st("s3", "八年级", "八(2)班"),
		st("s4", "七年级", "七(2)班", casework.SpecialGroupHardship),
	}
	key := func(id, student, level, measures string, on casework.Date) *casework.KeyStudent {
		return &casework.KeyStudent{Meta: meta(id), StudentID: student, IncludedOn: on,
			Levels: []casework.LevelEntry{{Date: on, Level: level}}, Plan: casework.Plan{Measures: measures}}
	}
	keys := []*casework.KeyStudent{
		key("k1", "s1", casework.LevelRed, "每周面谈", "2026-03-01"),
		key("k2", "s2", casework.LevelYellow, "", "2026-03-01"),
		key("k3", "s3", casework.LevelOrange, "每两周面谈", "2026-04-01"),
	}
	members := []*casework.CommitteeMember{
		{Meta: meta("m1"), StudentID: "s1", Grade: "九年级", Class: "九(1)班", AppointedOn: "2025-09-01"},
		{Meta: meta("m2"), StudentID: "s2", Grade: "七年级", Class: "七(1)班", AppointedOn: "2025-09-01"},
		{Meta: meta("m3"), StudentID: "s3", Grade: "八年级", Class: "八(2)班", AppointedOn: "2026-02-01"},
	}
	d := &figures.Dataset{Settings: settings(), Students: students, KeyStudents: keys, CommitteeMembers: members}
	p := casework.PlanPromotion(d.Students, "2026-09-01", casework.StageJunior)
	ch, err := p.Apply(d.Students, d.KeyStudents, d.CommitteeMembers)
	if err != nil {
		t.Fatal(err)
	}
	merge(d, ch)
	ch, err = casework.TransferOut(d.Students[2], "2026-10-15", d.KeyStudents, d.CommitteeMembers)
	if err != nil {
		t.Fatal(err)
	}
	merge(d, ch)
	// A group session of 2026-10: 12 typed, 10 present on the list.
	g := &casework.GroupSession{Meta: meta("g1"), Title: "团辅", GroupType: casework.GroupTypeSmallGroup, Date: "2026-10-10", Participants: 12}
	for i := range 12 {
		g.Attendance = append(g.Attendance, casework.Attendance{StudentID: "s2", Present: i < 10})
	}
	d.GroupSessions = append(d.GroupSessions, g)
	return d
}

func merge(d *figures.Dataset, ch casework.Changes) {
	for _, s := range ch.Students {
		for i := range d.Students {
			if d.Students[i].ID == s.ID {
				d.Students[i] = s
			}
		}
	}
	for _, k := range ch.KeyStudents {
		for i := range d.KeyStudents {
			if d.KeyStudents[i].ID == k.ID {
				d.KeyStudents[i] = k
			}
		}
	}
	for _, m := range ch.CommitteeMembers {
		for i := range d.CommitteeMembers {
			if d.CommitteeMembers[i].ID == m.ID {
				d.CommitteeMembers[i] = m
			}
		}
	}
}

func TestFiguresAcrossAPromotionAndATransfer(t *testing.T) {
	d := promotedSchool(t)
	type want struct {
		f1, f4, f5, l1, l2, released, h2 int
		f2                               map[string]int
	}
	for _, c := range []struct {
		p casework.Period
		w want
	}{
		// Before the promotion: everyone on roll.
		{casework.Month("2026-08").Period(), want{3, 2, 3, 3, 3, 0, 0, map[string]int{"red": 1, "orange": 1, "yellow": 1}}},
		// s1 graduated on 09-01: k1 released, m1 ended, s1 off F5.
		{casework.Month("2026-09").Period(), want{2, 1, 2, 2, 2, 1, 0, map[string]int{"orange": 1, "yellow": 1}}},
		// s3 transferred on 10-15; the group counts its 10 present.
		{casework.Month("2026-10").Period(), want{1, 0, 2, 1, 1, 1, 10, map[string]int{"yellow": 1}}},
		// The autumn term: m1 left on its first day and does not serve;
		// m2 serves in 八(1)班, m3 served in 九(2)班 until 10-14.
		{casework.Period{From: "2026-09-01", To: "2027-01-31"}, want{1, 0, 2, 2, 2, 2, 10, map[string]int{"yellow": 1}}},
		// August to December: m1 served in 九(1)班 in August.
		{casework.Period{From: "2026-08-01", To: "2026-12-31"}, want{1, 0, 2, 3, 3, 2, 10, map[string]int{"yellow": 1}}},
	} {
		r := compute(t, d, c.p)
		got := want{r.F1, r.F4, r.F5, r.L1.ClassesWithMember, r.L2, r.F3.Released, r.H2, map[string]int{}}
		for _, n := range r.F2 {
			if n.N > 0 {
				got.f2[n.Code] = n.N
			}
		}
		if got.f1 != c.w.f1 || got.f4 != c.w.f4 || got.f5 != c.w.f5 || got.l1 != c.w.l1 || got.l2 != c.w.l2 ||
			got.released != c.w.released || got.h2 != c.w.h2 || len(got.f2) != len(c.w.f2) {
			t.Errorf("%s–%s: got %+v, want %+v", c.p.From, c.p.To, got, c.w)
			continue
		}
		for k, n := range c.w.f2 {
			if got.f2[k] != n {
				t.Errorf("%s–%s F2 %s: got %d, want %d", c.p.From, c.p.To, k, got.f2[k], n)
			}
		}
	}
}

func TestCommitteeOfATermWhoseMembersLeftOnItsLastDay(t *testing.T) {
	d := &figures.Dataset{Settings: settings(), CommitteeMembers: []*casework.CommitteeMember{
		{Meta: meta("m1"), StudentID: "x", Class: "七(1)班", AppointedOn: "2026-02-20", LeftOn: "2026-07-10"},
		{Meta: meta("m2"), StudentID: "y", Class: "七(2)班", AppointedOn: "2026-02-20", LeftOn: "2026-07-10"},
	}}
	r := compute(t, d, casework.Period{From: "2026-02-16", To: "2026-07-10"})
	if r.L2 != 2 || r.L1.ClassesWithMember != 2 {
		t.Errorf("term: L1 %d, L2 %d; want 2, 2", r.L1.ClassesWithMember, r.L2)
	}
	if r := compute(t, d, casework.Month("2026-07").Period()); r.L2 != 0 {
		t.Errorf("July (at month end): L2 %d, want 0", r.L2)
	}
}

func TestAsOfBoundsAPeriodByToday(t *testing.T) {
	p, unfinished, err := figures.AsOf(casework.Month("2026-12").Period(), "2026-12-07")
	if err != nil || !unfinished || p.To != "2026-12-07" || p.From != "2026-12-01" {
		t.Errorf("this month: %v %v %v", p, unfinished, err)
	}
	if n := figures.AsOfNote(casework.Month("2026-12").Period(), "2026-12-07"); n != "数据截至 2026-12-07（本月尚未结束）" {
		t.Errorf("note %q", n)
	}
	if n := figures.AsOfNote(casework.Period{From: "2026-09-01", To: "2027-01-31"}, "2026-12-07"); n != "数据截至 2026-12-07（本学期尚未结束）" {
		t.Errorf("note %q", n)
	}
	if _, unfinished, err := figures.AsOf(casework.Month("2026-11").Period(), "2026-12-07"); err != nil || unfinished {
		t.Errorf("last month: %v %v", unfinished, err)
	}
	_, _, err = figures.AsOf(casework.Month("2027-01").Period(), "2026-12-07")
	if err == nil || !strings.Contains(casework.ErrorMessageZH(err), "尚未开始") {
		t.Errorf("next month: %v", err)
	}
}

func TestTheWorkbenchNeverListsALeaver(t *testing.T) {
	left := &casework.Student{Meta: meta("s1"), Name: "学生甲", Grade: "九年级", Class: "九(1)班",
		Status: casework.StudentStatusTransferred, LeftOn: "2026-10-15"}
	here := &casework.Student{Meta: meta("s2"), Name: "学生乙", Grade: "八年级", Class: "八(1)班"}
	d := &figures.Dataset{Settings: settings(), Students: []*casework.Student{left, here}}
	for _, s := range d.Students {
		d.KeyStudents = append(d.KeyStudents, &casework.KeyStudent{Meta: meta("k" + s.ID), StudentID: s.ID, IncludedOn: "2026-09-01",
			Levels: []casework.LevelEntry{{Date: "2026-09-01", Level: casework.LevelRed}}})
		d.Referrals = append(d.Referrals, &casework.Referral{Meta: meta("r" + s.ID), StudentID: s.ID, SuggestedOn: "2026-09-20", Reason: "建议就医"})
		d.Crises = append(d.Crises, &casework.Crisis{Meta: meta("c" + s.ID), StudentID: s.ID, DiscoveredOn: "2026-09-20", RiskType: casework.RiskTypeSelfHarm})
	}
	w, err := figures.Summarize(d, "2026-11-02")
	if err != nil {
		t.Fatal(err)
	}
	if len(w.FollowUps) != 1 || len(w.Waiting) != 1 || len(w.OpenCrises) != 1 ||
		w.FollowUps[0].StudentID != "s2" || w.Waiting[0].StudentID != "s2" || w.OpenCrises[0].StudentID != "s2" {
		t.Errorf("got %+v", w)
	}
}
