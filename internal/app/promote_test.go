package app

import (
	"context"
	"testing"

	"xinqing/internal/casework"
)

func TestPromotionAndTransfersInTheVault(t *testing.T) {
	a, ws := openSchool(t)
	ctx := context.Background()
	st := ws.Store()
	set, _ := st.Settings()
	set.School.Stage = casework.StageJunior
	if err := st.SaveSettings(set); err != nil {
		t.Fatal(err)
	}
	s7 := &casework.Student{Name: "测试甲", Gender: casework.GenderMale, Grade: "七年级", Class: "七(1)班"}
	s9 := &casework.Student{Name: "测试乙", Gender: casework.GenderFemale, Grade: "九年级", Class: "九(2)班"}
	for _, s := range []*casework.Student{s7, s9} {
		if err := st.Create(s); err != nil {
			t.Fatal(err)
		}
	}
	k := &casework.KeyStudent{StudentID: s9.ID, IncludedOn: "2026-03-01", Levels: []casework.LevelEntry{{Date: "2026-03-01", Level: casework.LevelYellow}}}
	m := &casework.CommitteeMember{StudentID: s7.ID, Grade: "七年级", Class: "七(1)班", AppointedOn: "2026-03-01"}
	if err := st.Create(k); err != nil {
		t.Fatal(err)
	}
	if err := st.Create(m); err != nil {
		t.Fatal(err)
	}

	// A transfer out releases nothing of s7 but ends the member's term;
	// coming back adds a history entry.
	if _, err := a.TransferOut(ctx, s7.ID, "2026-05-10"); err != nil {
		t.Fatal(err)
	}
	got, _ := a.Student(ctx, s7.ID)
	if got.OnRoll("2026-05-10") || got.LeaverMark() != "（已转出）" {
		t.Errorf("after the transfer: %+v", got)
	}
	rec, _ := st.Get(casework.KindCommitteeMember, m.ID)
	if rec.(*casework.CommitteeMember).LeftOn != "2026-05-10" {
		t.Errorf("the member's term did not end: %+v", rec)
	}
	if _, err := a.ReturnToSchool(ctx, s7.ID, "2026-06-01", "", ""); err != nil {
		t.Fatal(err)
	}

	p, err := a.PreviewPromotion(ctx, "2026-09-01")
	if err != nil || len(p.Rows) != 2 {
		t.Fatalf("preview: %+v %v", p, err)
	}
	res, err := a.ApplyPromotion(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if res.Promoted != 1 || res.Graduated != 1 || res.KeyStudentsReleased != 1 || res.Before == 0 || ws.State().Gen != res.Before+1 {
		t.Errorf("result %+v, generation %d", res, ws.State().Gen)
	}
	rec, _ = st.Get(casework.KindKeyStudent, k.ID)
	if r := rec.(*casework.KeyStudent); r.ReleasedOn != "2026-09-01" || r.ReleaseBasis != casework.ReleaseBasisGraduated {
		t.Errorf("key student: %+v", r)
	}
	got, _ = a.Student(ctx, s7.ID)
	if got.Class != "八(1)班" {
		t.Errorf("promoted to %s", got.Class)
	}
	if _, c := got.ClassOn("2026-05-01"); c != "七(1)班" {
		t.Errorf("class in May: %s", c)
	}
	// A promotion before the last one is refused and writes nothing.
	h, _ := st.ContentHash(context.Background())
	if _, err := a.PreviewPromotion(ctx, "2026-08-01"); err == nil {
		t.Error("a promotion before the last one was previewed without a refusal")
	}
	p.On = "2026-08-01"
	if _, err := a.ApplyPromotion(ctx, p); err == nil {
		t.Error("a promotion before the last one was applied")
	}
	if h2, _ := st.ContentHash(context.Background()); h2 != h {
		t.Error("a refused promotion changed the store")
	}
}
