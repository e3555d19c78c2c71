package casework

import (
	"strings"
	"testing"
)

func TestOnRollAndClassOn(t *testing.T) {
	s := &Student{Grade: "八年级", Class: "八(3)班", Status: StudentStatusTransferred, LeftOn: "2026-03-10",
		ClassHistory: []ClassEntry{{From: "2024-09-01", Grade: "七年级", Class: "七(3)班"}, {From: "2025-09-01", Grade: "八年级", Class: "八(3)班"}}}
	for _, c := range []struct {
		d      Date
		on     bool
		gClass string
	}{
		{"2020-01-01", true, "七(3)班"}, // before the first entry: the first entry
		{"2025-08-31", true, "七(3)班"},
		{"2025-09-01", true, "八(3)班"},
		{"2026-03-09", true, "八(3)班"},
		{"2026-03-10", false, "八(3)班"},
	} {
		if got := s.OnRoll(c.d); got != c.on {
			t.Errorf("OnRoll(%s) = %v, want %v", c.d, got, c.on)
		}
		if _, cl := s.ClassOn(c.d); cl != c.gClass {
			t.Errorf("ClassOn(%s) = %s, want %s", c.d, cl, c.gClass)
		}
	}
	v1 := &Student{Grade: "九年级", Class: "九(1)班", Status: StudentStatusGraduated}
	if v1.OnRoll("1990-01-01") {
		t.Error("a graduate without left_on is on roll")
	}
	if m := (&Student{Status: StudentStatusGraduated, GraduationYear: 2026}).LeaverMark(); m != "（2026届毕业）" {
		t.Errorf("graduate mark %q", m)
	}
	if m := s.LeaverMark(); m != "（已转出）" {
		t.Errorf("transfer mark %q", m)
	}
	if m := (&Student{}).LeaverMark(); m != "" {
		t.Errorf("enrolled mark %q", m)
	}
}

func school() ([]*Student, []*KeyStudent, []*CommitteeMember) {
	st := []*Student{
		{Meta: Meta{ID: "a"}, Name: "生a", Gender: GenderFemale, Grade: "七年级", Class: "七(1)班"},
		{Meta: Meta{ID: "b"}, Name: "生b", Gender: GenderFemale, Grade: "七年级", Class: "七(2)班"},
		{Meta: Meta{ID: "c"}, Name: "生c", Gender: GenderFemale, Grade: "九年级", Class: "九(1)班"},
		{Meta: Meta{ID: "d"}, Name: "生d", Gender: GenderFemale, Grade: "九年级", Class: "九(1)班"},
		{Meta: Meta{ID: "e"}, Name: "生e", Gender: GenderFemale, Grade: "八年级", Class: "八(1)班", Status: StudentStatusTransferred, LeftOn: "2026-05-01"},
	}
	ks := []*KeyStudent{
		{Meta: Meta{ID: "k1"}, StudentID: "c", IncludedOn: "2026-03-01"},
		{Meta: Meta{ID: "k2"}, StudentID: "a", IncludedOn: "2026-03-01"},
		{Meta: Meta{ID: "k3"}, StudentID: "d", IncludedOn: "2025-03-01", ReleasedOn: "2025-06-01"},
	}
	ms := []*CommitteeMember{
		{Meta: Meta{ID: "m1"}, StudentID: "d", Class: "九(1)班", AppointedOn: "2025-09-01"},
		{Meta: Meta{ID: "m2"}, StudentID: "b", Class: "七(2)班", AppointedOn: "2025-09-01"},
	}
	return st, ks, ms
}

func TestPromotionPlanAndApply(t *testing.T) {
	st, ks, ms := school()
	p := PlanPromotion(st, "2026-09-01", StageJunior)
	want := []PromotionRow{
		{Grade: "七年级", Class: "七(1)班", Students: 1, NextGrade: "八年级", NextClass: "八(1)班"},
		{Grade: "七年级", Class: "七(2)班", Students: 1, NextGrade: "八年级", NextClass: "八(2)班"},
		{Grade: "九年级", Class: "九(1)班", Students: 2, Graduates: true},
	}
	if len(p.Rows) != len(want) {
		t.Fatalf("rows %+v", p.Rows)
	}
	for i := range want {
		if p.Rows[i] != want[i] {
			t.Errorf("row %d: %+v, want %+v", i, p.Rows[i], want[i])
		}
	}
	ch, err := p.Apply(st, ks, ms)
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Students) != 4 || len(ch.KeyStudents) != 1 || len(ch.CommitteeMembers) != 1 {
		t.Fatalf("changes: %d students, %d key students, %d members", len(ch.Students), len(ch.KeyStudents), len(ch.CommitteeMembers))
	}
	a := ch.Students[0]
	if a.Grade != "八年级" || a.Class != "八(1)班" || len(a.ClassHistory) != 2 || a.ClassHistory[1].From != "2026-09-01" {
		t.Errorf("promoted: %+v", a)
	}
	if _, c := a.ClassOn("2026-08-31"); c != "七(1)班" {
		t.Errorf("class the day before: %s", c)
	}
	if st[0].Class != "七(1)班" || len(st[0].ClassHistory) != 0 {
		t.Error("Apply changed its input")
	}
	c := ch.Students[2]
	if c.Status != StudentStatusGraduated || c.LeftOn != "2026-09-01" || c.GraduationYear != 2026 || c.OnRoll("2026-09-01") {
		t.Errorf("graduate: %+v", c)
	}
	if k := ch.KeyStudents[0]; k.ID != "k1" || k.ReleasedOn != "2026-09-01" || k.ReleaseBasis != ReleaseBasisGraduated {
		t.Errorf("released: %+v", k)
	}
	if m := ch.CommitteeMembers[0]; m.ID != "m1" || m.LeftOn != "2026-09-01" {
		t.Errorf("member: %+v", m)
	}
	for _, s := range ch.Students {
		if err := s.Validate(Env{}); err != nil {
			t.Errorf("%s: %v", s.ID, err)
		}
	}
	// Once applied, a promotion on or before that day is refused.
	after := append([]*Student(nil), ch.Students...)
	err = PlanPromotion(after, "2026-09-01", StageJunior).Check(after)
	if err == nil || !strings.Contains(ErrorMessageZH(err), "应晚于上一次升年级") {
		t.Errorf("second promotion on the same day: %v", err)
	}
	if err := PlanPromotion(after, "2027-09-01", StageJunior).Check(after); err != nil {
		t.Errorf("next year's promotion: %v", err)
	}
}

func TestPromotionRefusesTwoClassesToOne(t *testing.T) {
	st, _, _ := school()
	p := PlanPromotion(st, "2026-09-01", StageJunior)
	p.Rows[1].NextClass = "8.1"
	err := p.Check(st)
	if err == nil || !strings.HasPrefix(ErrorMessageZH(err), "第 2 行：") || !strings.Contains(ErrorMessageZH(err), "第 1 行") {
		t.Fatalf("got %v", err)
	}
	p = PlanPromotion(st, "2026-09-01", StageJunior)
	p.Rows[0].NextClass = ""
	if err := p.Check(st); err == nil || !strings.HasPrefix(ErrorMessageZH(err), "第 1 行：") {
		t.Fatalf("empty target: %v", err)
	}
	p = PlanPromotion(st, "2026-09-01", StageJunior)
	p.Rows = p.Rows[1:]
	if _, err := p.Apply(st, nil, nil); err == nil {
		t.Fatal("a class without a row was promoted")
	}
}

func TestTransferOutAndBack(t *testing.T) {
	st, ks, ms := school()
	ch, err := TransferOut(st[1], "2026-04-15", ks, ms)
	if err != nil {
		t.Fatal(err)
	}
	b := ch.Students[0]
	if b.Status != StudentStatusTransferred || b.LeftOn != "2026-04-15" || b.LeaverMark() != "（已转出）" {
		t.Errorf("transferred: %+v", b)
	}
	if len(ch.KeyStudents) != 0 || len(ch.CommitteeMembers) != 1 || ch.CommitteeMembers[0].LeftOn != "2026-04-15" {
		t.Errorf("changes: %+v", ch)
	}
	ch, err = TransferOut(st[2], "2026-04-15", ks, ms)
	if err != nil || len(ch.KeyStudents) != 1 || ch.KeyStudents[0].ReleaseBasis != ReleaseBasisTransferred {
		t.Fatalf("key student: %+v %v", ch, err)
	}
	if _, err := TransferOut(b, "2026-05-01", nil, nil); err == nil {
		t.Error("a transferred student transferred again")
	}
	back, err := ReturnToSchool(b, "2026-06-01", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if !back.Enrolled() || back.LeftOn != "" || len(back.ClassHistory) != 2 || back.ClassHistory[1].From != "2026-06-01" {
		t.Errorf("back: %+v", back)
	}
	if err := back.Validate(Env{}); err != nil {
		t.Error(err)
	}
	if _, err := ReturnToSchool(b, "2026-04-01", "", ""); err == nil {
		t.Error("returned before leaving")
	}
}

func TestStudentTimeValidation(t *testing.T) {
	s := &Student{Name: "甲", Gender: GenderMale, Grade: "七年级", Class: "七(1)班", LeftOn: "2026-01-01"}
	if err := s.Validate(Env{}); err == nil {
		t.Error("an enrolled student with left_on passed")
	}
	s = &Student{Name: "甲", Gender: GenderMale, Grade: "八年级", Class: "八(1)班",
		ClassHistory: []ClassEntry{{From: "2025-09-01", Grade: "七年级", Class: "七(1)班"}, {From: "2025-09-01", Grade: "八年级", Class: "八(1)班"}}}
	if err := s.Validate(Env{}); err == nil {
		t.Error("two history entries of one day passed")
	}
	s.ClassHistory[0].From = "2024-09-01"
	s.Class = "8.2"
	s.Normalize()
	if s.ClassHistory[1].Class != "八(2)班" {
		t.Errorf("the latest entry follows the student's class: %+v", s.ClassHistory)
	}
}

func TestPromotionMoveEditsARow(t *testing.T) {
	st, _, _ := school()
	p := PlanPromotion(st, "2026-09-01", StageJunior)
	if err := p.Move("7.2=八(5)班"); err != nil {
		t.Fatal(err)
	}
	if r := p.Rows[1]; r.NextGrade != "八年级" || r.NextClass != "八(5)班" || r.Graduates {
		t.Errorf("row 2: %+v", r)
	}
	if err := p.Move("七(9)班=八(9)班"); err == nil {
		t.Error("a class not in the table was moved")
	}
	if err := p.Move("七(1)班"); err == nil {
		t.Error("a move without = was accepted")
	}
}
