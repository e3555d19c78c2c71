package demo

import (
	"testing"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
)

// The big school's November return counts only key students on roll: the
// graduates and transfers of past years were released on leaving.
func TestBigSchoolNovemberF1CountsOnlyStudentsOnRoll(t *testing.T) {
	d := Generate(Big, 1, demoNow)
	students := map[string]*casework.Student{}
	for _, s := range d.Students {
		students[s.ID] = s
		if !s.Enrolled() && !s.LeftOn.Valid() {
			t.Fatalf("a leaver without left_on: %+v", s.Status)
		}
		if n := len(s.ClassHistory); n > 0 && (s.ClassHistory[n-1].Grade != s.Grade || s.ClassHistory[n-1].Class != s.Class) {
			t.Fatalf("history ends in %s %s, student is in %s %s", s.ClassHistory[n-1].Grade, s.ClassHistory[n-1].Class, s.Grade, s.Class)
		}
	}
	end := casework.Month("2026-11").Last()
	register, onRoll := 0, 0
	for _, k := range d.KeyStudents {
		s := students[k.StudentID]
		if !s.Enrolled() && (k.ReleasedOn == "" || k.ReleasedOn > s.LeftOn) {
			t.Fatalf("a leaver's key-student entry is not released on leaving (%s, left %s)", k.ReleasedOn, s.LeftOn)
		}
		if !s.Enrolled() && k.ReleasedOn == s.LeftOn && k.Handover == "" {
			t.Errorf("a leaver released without a hand-over note")
		}
		if k.OnRollAt(end) {
			register++
			if s.OnRoll(end) {
				onRoll++
			}
		}
	}
	ds := &figures.Dataset{Settings: d.Settings, Students: d.Students, KeyStudents: d.KeyStudents}
	r, err := figures.Compute(ds, casework.Month("2026-11").Period(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.F1 != onRoll || register != onRoll || r.F1 < 80 || r.F1 > 200 {
		t.Errorf("November F1 %d; %d on the register, %d of them on roll", r.F1, register, onRoll)
	}
	t.Logf("November F1 = %d", r.F1)
}
