package app

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
	"xinqing/internal/returns"
	"xinqing/internal/store"
)

func sheetBytes(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// An imported sheet drives E1 and the self-check's 排查 item, and a bad
// sheet is a refusal the command line and the screens explain.
func TestImportedResultsDriveE1AndTheSelfCheck(t *testing.T) {
	ctx := context.Background()
	a, ws := openSchool(t)
	a.now = func() time.Time { return time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC) }
	changes := watchChanges(a)
	var ids []string
	for _, n := range []string{"测试学生甲", "测试学生乙", "测试学生丙"} {
		s, err := a.SaveStudent(ctx, pupil(n, "七年级", "七(2)班"))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, s.ID)
	}
	sc := &casework.Screening{Name: "秋季普查", DateTo: "2026-11-10", Expected: 3, Tested: 2, Valid: 2, Flagged: 1} // typed counts the results replace
	if err := a.SaveRecords(ctx, Groups, sc); err != nil {
		t.Fatal(err)
	}
	set, _ := ws.Store().Settings()
	set.Terms = []casework.Term{{Name: "2026-2027学年第一学期", Start: "2026-09-01", End: "2027-01-20"}}
	if err := ws.Store().Tx(func(tx *store.Tx) error { return tx.SaveSettings(set) }); err != nil {
		t.Fatal(err)
	}
	changes.take()

	bad := sheetBytes(t, [][]any{{"姓名", "班级", "总分"}, {"测试学生甲", "七(2)班", "高"}})
	sh, err := a.ReadResults(ctx, bytes.NewReader(bad), "")
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.PreviewResults(ctx, sh, sc.ID)
	if p := Classify(err); p.Kind != KindRefused || p.ZH == "" || p.EN == "" || !bytes.Contains([]byte(p.ZH), []byte("第 2 行 C 列")) {
		t.Fatalf("a score that is not a number: %+v", p)
	}

	good := sheetBytes(t, [][]any{
		{"姓名", "班级", "总分", "是否需关注"},
		{"测试学生甲", "七(2)班", 15, "是"},
		{"测试学生乙", "七（2）班", 4, "否"},
		{"测试学生丙", "7.2", 12, "是"},
	})
	sh, err = a.ReadResults(ctx, bytes.NewReader(good), "校平台")
	if err != nil {
		t.Fatal(err)
	}
	p, err := a.PreviewResults(ctx, sh, sc.ID)
	if err != nil || p.Matched != 3 {
		t.Fatalf("preview: %+v, %v", p, err)
	}
	changes.none(t, "preview")
	if _, err := a.ApplyResults(ctx, p, false, "校平台"); err != nil {
		t.Fatal(err)
	}
	changes.announced(t, "apply", casework.KindScreeningResult, casework.KindSettings)
	if ps, _ := a.ResultPlatforms(ctx); len(ps) != 1 || ps[0] != "校平台" {
		t.Errorf("platforms: %v", ps)
	}

	d, err := returns.Load(ws.Store())
	if err != nil {
		t.Fatal(err)
	}
	r, err := figures.Compute(d, casework.Period{From: "2026-11-01", To: "2026-11-30"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if e := r.E1; e.Expected != 3 || e.Tested != 3 || e.Valid != 3 || e.Flagged != 2 || e.Confirmed != 0 {
		t.Errorf("E1 from the imported results: %+v", e)
	}
	// One flagged student interviewed of two: the 排查 item wants all.
	for _, rec := range d.ScreeningResults {
		if rec.StudentID == ids[0] {
			rec.InterviewedOn, rec.InterviewOutcome = "2026-11-12", casework.InterviewOutcomeWatch
			if err := ws.Store().Tx(func(tx *store.Tx) error { return tx.Put(rec) }); err != nil {
				t.Fatal(err)
			}
		}
	}
	s, err := a.Session(ctx)
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.SelfCheck(ctx, "2026-2027学年第一学期", "2026-11-20")
	if err != nil {
		t.Fatal(err)
	}
	it, _ := res.Item(casework.ItemKeyStudents)
	if f, ok := it.Figure("interviewed"); !ok || f.Value != 1 || f.Text != "1/2人" || *f.Met {
		t.Errorf("the 排查 item's interviews: %+v", f)
	}
}
