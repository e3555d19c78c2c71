package app

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/report"
	"xinqing/internal/store"
)

func builtin(t *testing.T, code string) casework.Scoring {
	t.Helper()
	sc, ok := casework.ScoringByCode(nil, code)
	if !ok {
		t.Fatalf("no built-in %s", code)
	}
	return sc
}

func TestPaperAnswersAreScoredAsByHand(t *testing.T) {
	phq, gad := builtin(t, "phq9"), builtin(t, "gad7")
	for _, tt := range []struct {
		name    string
		sc      casework.Scoring
		answers []int
		total   float64
		flagged bool
		reason  string
	}{
		{"PHQ-9 at the cut-off", phq, []int{1, 2, 0, 3, 1, 0, 2, 1, 0}, 10, true, "总分≥10"},
		{"PHQ-9 below it", phq, []int{1, 2, 0, 3, 1, 0, 1, 1, 0}, 9, false, ""},
		{"PHQ-9 item 9 with a low total", phq, []int{0, 1, 0, 0, 1, 0, 0, 0, 1}, 3, true, "第9题非零"},
		{"PHQ-9 high and item 9", phq, []int{3, 3, 3, 3, 3, 3, 3, 3, 3}, 27, true, "总分≥10；第9题非零"},
		{"PHQ-9 all zero", phq, make([]int, 9), 0, false, ""},
		{"GAD-7 below", gad, []int{3, 3, 2, 1, 0, 0, 0}, 9, false, ""},
		{"GAD-7 at the cut-off", gad, []int{3, 3, 2, 1, 1, 0, 0}, 10, true, "总分≥10"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.sc.ScoreSheet(tt.answers)
			if err != nil || got.Total != tt.total || got.Flagged != tt.flagged || got.Reason != tt.reason {
				t.Fatalf("got %+v (%v), want total %g flagged %v reason %q", got, err, tt.total, tt.flagged, tt.reason)
			}
		})
	}
	for _, tt := range []struct {
		answers []int
		want    string
	}{
		{[]int{0, 0, 4, 0, 0, 0, 0, 0, 0}, "第3题的答案4不在选项范围内（0–3）"},
		{[]int{0, -1, 0, 0, 0, 0, 0, 0, 0}, "第2题未作答"},
		{[]int{0, 0}, "PHQ-9共9题，收到2个答案"},
	} {
		_, err := phq.ScoreSheet(tt.answers)
		if casework.ErrorCode(err) != casework.EINVALID || casework.ErrorMessageZH(err) != tt.want {
			t.Errorf("got %v (%q), want %q", err, casework.ErrorMessageZH(err), tt.want)
		}
	}
}

// resultsSchool is a real vault with three students and a screening
// without collected consent, on 2026-12-07.
func resultsSchool(t *testing.T) (*App, *store.Store, *casework.Screening, []*casework.Student) {
	t.Helper()
	a, w := openSchool(t)
	a.now = func() time.Time { return time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC) }
	ctx := context.Background()
	var pupils []*casework.Student
	for _, p := range [][3]string{{"测试学生甲", "七年级", "七(2)班"}, {"测试学生乙", "七年级", "七(1)班"}, {"测试学生丙", "八年级", "八(3)班"}} {
		s, err := a.SaveStudent(ctx, pupil(p[0], p[1], p[2]))
		if err != nil {
			t.Fatal(err)
		}
		pupils = append(pupils, s)
	}
	sc := &casework.Screening{Name: "2026年秋季心理普查", Instrument: "PHQ-9", DateTo: "2026-12-01", Expected: 3}
	if err := a.SaveRecords(ctx, Groups, sc); err != nil {
		t.Fatal(err)
	}
	return a, w.Store(), sc, pupils
}

func TestAFlaggedStudentGoesThroughTheInterviewOntoTheRegister(t *testing.T) {
	a, st, sc, p := resultsSchool(t)
	ctx := context.Background()
	// Consent: collected for 丙 alone, by a guardian-signed screening consent.
	if err := st.Tx(func(tx *store.Tx) error {
		return tx.Create(&casework.Consent{StudentID: p[2].ID, Kind: casework.ConsentKindScreening, Date: "2026-11-25", GuardianSigned: true})
	}); err != nil {
		t.Fatal(err)
	}
	entry := func(s *casework.Student, answers ...int) *casework.ScreeningResult {
		t.Helper()
		r, err := a.SavePaperEntry(ctx, PaperEntry{ScreeningID: sc.ID, StudentID: s.ID, Instrument: "phq9", Answers: answers})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	ra := entry(p[0], 0, 1, 0, 0, 1, 0, 0, 0, 1) // 3, item 9
	entry(p[1], 1, 1, 0, 0, 1, 0, 0, 0, 0)       // 3, not flagged
	rc := entry(p[2], 2, 2, 2, 2, 2, 0, 0, 0, 0) // 10
	if !ra.Flagged || ra.FlagReason != "PHQ-9 第9题非零" || ra.RawScore != 3 || ra.Date != "2026-12-01" {
		t.Fatalf("got %+v, want 3 points flagged by item 9 on the screening's day", ra)
	}
	// A second sheet for a student corrects the result; it does not double it.
	ra = entry(p[0], 0, 1, 0, 0, 1, 0, 0, 1, 1)
	w, err := a.WorkList(ctx, sc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Rows) != 2 || w.Needed != 2 || w.Interviewed != 0 || w.Done() {
		t.Fatalf("got %d rows, %d/%d, want the two flagged, none interviewed", len(w.Rows), w.Interviewed, w.Needed)
	}
	if r := w.Rows[0]; r.Name != "测试学生甲" || r.Class != "七(2)班" || r.Result.RawScore != 4 || r.Consent {
		t.Fatalf("got first row %+v, want 甲 of 七(2)班 with 4 points and no consent", r)
	}
	if r := w.Rows[1]; r.Name != "测试学生丙" || !r.Consent {
		t.Fatalf("got second row %+v, want 丙 with the signed consent", r)
	}
	open, err := a.OpenWorkLists(ctx)
	if err != nil || len(open) != 1 || open[0].Needed != 2 || open[0].Interviewed != 0 {
		t.Fatalf("got %+v (%v), want the screening open with 0/2", open, err)
	}

	if err := a.ScheduleInterview(ctx, ra.ID, "2026-12-08"); err != nil {
		t.Fatal(err)
	}
	draft, err := a.RecordInterview(ctx, ra.ID, "", casework.InterviewOutcomeConfirmed, "访谈中表示近期睡眠差")
	if err != nil || draft == nil {
		t.Fatalf("got %v, %v, want a key-student draft", draft, err)
	}
	if draft.StudentID != p[0].ID || draft.InclusionSource != casework.InclusionSourceScreening || draft.IncludedOn != "2026-12-08" ||
		draft.InitialInterview != "访谈中表示近期睡眠差" || !strings.Contains(draft.ReasonText, "4分") {
		t.Fatalf("got draft %+v, want 甲 from 测评筛查 on the interview's day with the note and score", draft)
	}
	if _, err := a.SavePaperEntry(ctx, PaperEntry{ScreeningID: sc.ID, StudentID: p[0].ID, Instrument: "phq9", Answers: make([]int, 9)}); casework.ErrorCode(err) != casework.ECONFLICT {
		t.Fatalf("got %v, want a new sheet refused once interviewed", err)
	}
	// The counselor completes the form and saves it: the result is linked.
	draft.Levels = []casework.LevelEntry{{Date: "2026-12-08", Level: casework.LevelYellow}}
	if err := a.SaveKeyStudentFromResult(ctx, ra.ID, draft); err != nil {
		t.Fatal(err)
	}
	keys, err := store.ListAs[*casework.KeyStudent](st, store.Filter{StudentID: p[0].ID})
	if err != nil || len(keys) != 1 || keys[0].InclusionSource != casework.InclusionSourceScreening {
		t.Fatalf("got %+v (%v), want 甲 on the register from the screening", keys, err)
	}
	got, err := store.GetAs[*casework.ScreeningResult](st, ra.ID)
	if err != nil || got.KeyStudentID != keys[0].ID || got.InterviewOutcome != casework.InterviewOutcomeConfirmed {
		t.Fatalf("got %+v (%v), want the result linked to the key student", got, err)
	}
	if _, err := a.RecordInterview(ctx, ra.ID, "", casework.InterviewOutcomeWatch, ""); casework.ErrorCode(err) != casework.ECONFLICT {
		t.Fatalf("got %v, want a registered student's outcome kept", err)
	}
	if d, err := a.RecordInterview(ctx, rc.ID, "2026-12-09", casework.InterviewOutcomeWatch, "持续观察两周"); err != nil || d != nil {
		t.Fatalf("got %v, %v, want 持续观察 recorded without a draft", d, err)
	}
	if w, _ = a.WorkList(ctx, sc.ID); !w.Done() || w.Interviewed != 2 {
		t.Fatalf("got %d/%d, want the list done", w.Interviewed, w.Needed)
	}
	if open, _ := a.OpenWorkLists(ctx); len(open) != 0 {
		t.Fatalf("got %+v, want no open work list", open)
	}
	if err := a.ScheduleInterview(ctx, rc.ID, "2026-12-10"); casework.ErrorCode(err) != casework.ECONFLICT {
		t.Fatalf("got %v, want an interviewed result not scheduled again", err)
	}

	// The named list: purpose and recipient, watermark, disclaimer, audit.
	s, err := a.Session(ctx)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "list.pdf")
	if err := s.ResultList(ctx, sc.ID, "", "德育处", path, Exclusive); !errors.Is(err, report.ErrNoPurpose) {
		t.Fatalf("got %v, want ErrNoPurpose", err)
	}
	if err := s.ResultList(ctx, sc.ID, "排查访谈安排", "德育处", path, Exclusive); err != nil {
		t.Fatal(err)
	}
	words := pdfWords(t, path)
	for _, want := range []string{"测评筛查需关注学生名单", "仅供参考，不作为诊断依据", "仅供德育处用于排查访谈安排", "测试学生甲", "确认纳入（已建档）",
		"持续观察", "未取得"} {
		if !strings.Contains(words, want) {
			t.Errorf("the printed list lacks %q", want)
		}
	}
	if strings.Contains(words, "测试学生乙") || strings.Contains(words, "睡眠差") {
		t.Error("the list names a student not flagged or prints the interview's note")
	}
	if !auditLogged(t, st, casework.AuditActionExport, casework.KindScreening, sc.ID) {
		t.Error("the export of the list is not logged")
	}
}

func TestLinkingTheKeyStudentSavedByTheForm(t *testing.T) {
	a, st, sc, p := resultsSchool(t)
	ctx := context.Background()
	r, err := a.SavePaperEntry(ctx, PaperEntry{ScreeningID: sc.ID, StudentID: p[1].ID, Instrument: "gad7", Answers: []int{3, 3, 2, 1, 1, 0, 0}})
	if err != nil || !r.Flagged || r.FlagReason != "GAD-7 总分≥10" {
		t.Fatalf("got %+v (%v), want GAD-7 10 flagged", r, err)
	}
	other := &casework.KeyStudent{StudentID: p[0].ID, IncludedOn: "2026-12-07", InclusionSource: casework.InclusionSourceTeacher,
		Levels: []casework.LevelEntry{{Date: "2026-12-07", Level: casework.LevelWatch}}}
	if err := a.SaveRecords(ctx, Casework, other); err != nil {
		t.Fatal(err)
	}
	if err := a.LinkKeyStudent(ctx, r.ID, other.ID); casework.ErrorCode(err) != casework.EINVALID {
		t.Fatalf("got %v, want a link before the interview refused", err)
	}
	draft, err := a.RecordInterview(ctx, r.ID, "2026-12-07", casework.InterviewOutcomeConfirmed, "")
	if err != nil || draft == nil {
		t.Fatal(err)
	}
	if err := a.LinkKeyStudent(ctx, r.ID, other.ID); casework.ErrorCode(err) != casework.EINVALID {
		t.Fatalf("got %v, want another student's key-student entry refused", err)
	}
	draft.Levels = []casework.LevelEntry{{Date: "2026-12-07", Level: casework.LevelWatch}}
	if err := a.SaveRecords(ctx, Casework, draft); err != nil {
		t.Fatal(err)
	}
	if err := a.LinkKeyStudent(ctx, r.ID, draft.ID); err != nil {
		t.Fatal(err)
	}
	// 测试学生甲 was on the register already (a teacher's referral): confirming
	// links the entry in force instead of drafting a second one.
	r2, err := a.SavePaperEntry(ctx, PaperEntry{ScreeningID: sc.ID, StudentID: p[0].ID, Instrument: "phq9", Answers: []int{0, 0, 0, 0, 0, 0, 0, 0, 2}})
	if err != nil {
		t.Fatal(err)
	}
	if d, err := a.RecordInterview(ctx, r2.ID, "2026-12-07", casework.InterviewOutcomeConfirmed, ""); err != nil || d != nil {
		t.Fatalf("got %v, %v, want no draft for a student on the register", d, err)
	}
	if got, _ := store.GetAs[*casework.ScreeningResult](st, r2.ID); got.KeyStudentID != other.ID {
		t.Fatalf("got key student %q, want the entry in force %q", got.KeyStudentID, other.ID)
	}
	if d, err := a.RecordInterview(ctx, r.ID, "", casework.InterviewOutcomeConfirmed, "补记"); err != nil || d != nil {
		t.Fatalf("got %v, %v, want no second draft for a registered student", d, err)
	}
}

func TestInstrumentsAreSettingsData(t *testing.T) {
	a, _, sc, p := resultsSchool(t)
	ctx := context.Background()
	list, err := a.Instruments(ctx)
	if err != nil || len(list) != 2 || list[0].Code != "phq9" || list[1].Code != "gad7" {
		t.Fatalf("got %+v (%v), want PHQ-9 and GAD-7 by default", list, err)
	}
	phq := builtin(t, "phq9")
	phq.CutOff = 15
	if err := a.SaveInstrument(ctx, phq); err != nil {
		t.Fatal(err)
	}
	opts := []casework.ScoringOption{{Label: "否", Score: 0}, {Label: "有时", Score: 1}, {Label: "经常", Score: 2}}
	county := casework.Scoring{Code: "county5", Name: "县心理筛查问卷", CutOff: 6}
	for i := range 5 {
		county.Items = append(county.Items, casework.ScoringItem{No: i + 1, Label: "第" + string(rune('1'+i)) + "题", Options: opts})
	}
	if err := a.SaveInstrument(ctx, county); err != nil {
		t.Fatal(err)
	}
	if err := a.SaveInstrument(ctx, casework.Scoring{Code: "bad", Name: "坏", FlagItems: []int{3}}); casework.ErrorCode(err) != casework.EINVALID {
		t.Fatalf("got %v, want a definition without items refused", err)
	}
	list, _ = a.Instruments(ctx)
	if len(list) != 3 || list[0].CutOff != 15 || list[1].Code != "county5" || list[2].Code != "gad7" {
		t.Fatalf("got %+v, want PHQ-9 at 15, the county's and GAD-7", list)
	}
	r, err := a.SavePaperEntry(ctx, PaperEntry{ScreeningID: sc.ID, StudentID: p[0].ID, Instrument: "phq9", Answers: []int{1, 2, 0, 3, 1, 0, 2, 1, 0}})
	if err != nil || r.Flagged {
		t.Fatalf("got %+v (%v), want 10 not flagged under a cut-off of 15", r, err)
	}
	r, err = a.SavePaperEntry(ctx, PaperEntry{ScreeningID: sc.ID, StudentID: p[1].ID, Instrument: "county5", Answers: []int{2, 2, 1, 1, 0}})
	if err != nil || r.RawScore != 6 || !r.Flagged || r.FlagReason != "县心理筛查问卷 总分≥6" {
		t.Fatalf("got %+v (%v), want 6 flagged by the county's cut-off", r, err)
	}
	if _, err := a.SavePaperEntry(ctx, PaperEntry{ScreeningID: sc.ID, StudentID: p[2].ID, Instrument: "county5", Answers: []int{0, 0, 0, 3, 0}}); casework.ErrorMessageZH(err) != "第4题的答案3不在选项范围内（0–2）" {
		t.Fatalf("got %v, want the fourth item's answer refused", err)
	}
}
