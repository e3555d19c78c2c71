package desktop

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
	"xinqing/internal/store"
	"xinqing/internal/ui"
	"xinqing/internal/ui/uitest"
)

// caseVault is a real unlocked vault with two synthetic students.
func caseVault(t *testing.T) (*services, *store.Store, []*casework.Student) {
	t.Helper()
	s, ws, _ := unlockedServices(t)
	st := ws.Store()
	set, err := st.Settings()
	if err != nil {
		t.Fatal(err)
	}
	set.School.Name = "晴川实验中学"
	set.School.Preparer = "王老师"
	set.School.PreparerPhone = "0571-8888888"
	if err := st.SaveSettings(set); err != nil {
		t.Fatal(err)
	}
	var out []*casework.Student
	for _, x := range [][3]string{{"林小雨", "七年级", "七(3)班"}, {"周晓峰", "八年级", "八(1)班"}} {
		stu := synthStudent(x[0], x[1], x[2])
		stu.GuardianName = "林母"
		if err := st.Create(stu); err != nil {
			t.Fatal(err)
		}
		out = append(out, stu)
	}
	return s, st, out
}

func auditHas(t *testing.T, st *store.Store, action casework.AuditAction, id string) bool {
	t.Helper()
	log, err := st.AuditLog(0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range log {
		if e.Action == action && e.ObjectID == id {
			return true
		}
	}
	return false
}

func pdfToText(t *testing.T, path string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func TestRealCaseServiceStoresNumbersAuditsAndPrints(t *testing.T) {
	ctx := context.Background()
	s, st, stu := caseVault(t)
	cs := s.deps().Cases
	c := &casework.Case{StudentID: stu[0].ID, OpenedOn: "2026-11-02", Source: casework.CaseSourceSelf,
		ProblemTypes: []casework.ProblemType{casework.ProblemTypeEmotion}, PresentingProblem: "入睡困难"}
	if err := cs.SaveRecord(ctx, c); err != nil {
		t.Fatal(err)
	}
	if c.ID == "" || c.CaseNo != "2026-001" {
		t.Fatalf("got id %q and case number %q, want both assigned (2026-001)", c.ID, c.CaseNo)
	}
	for i, note := range []string{"备忘甲", "备忘乙"} {
		ses := &casework.Session{CaseID: c.ID, Date: casework.Date("2026-11-0" + string(rune('3'+i))), DurationMin: 40,
			Observations: "表现平稳", PrivateNote: note}
		if err := cs.SaveRecord(ctx, ses); err != nil {
			t.Fatal(err)
		}
	}
	got, err := cs.Records(ctx, casework.KindSession, ui.RecordFilter{CaseID: c.ID})
	if err != nil || len(got) != 2 {
		t.Fatalf("got %d sessions (%v), want 2", len(got), err)
	}
	if err := cs.DeleteRecord(ctx, casework.KindCase, c.ID); casework.ErrorCode(err) != casework.ECONFLICT {
		t.Fatalf("got %v deleting a case with sessions, want a conflict", err)
	}
	bad := &casework.Case{OpenedOn: "2026-11-02", Source: casework.CaseSourceSelf}
	err = cs.SaveRecord(ctx, bad)
	if ve, ok := casework.AsValidationErrors(err); !ok || len(ve) == 0 {
		t.Fatalf("got %v saving a case without student and problem types, want validation errors", err)
	}
	if err := cs.ViewedCase(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if !auditHas(t, st, casework.AuditActionViewCase, c.ID) {
		t.Fatal("no view_case entry in the audit log")
	}
	found, err := cs.FindStudents(ctx, "林小", 10)
	if err != nil || len(found) != 1 || found[0].ID != stu[0].ID {
		t.Fatalf("got %v (%v) searching 林小, want the one student", found, err)
	}
	lv, err := cs.RiskLevels(ctx)
	if err != nil || len(lv) != 4 {
		t.Fatalf("got %d levels (%v), want the 4 defaults", len(lv), err)
	}

	dir := t.TempDir()
	path := filepath.Join(dir, "case.pdf")
	if err := cs.WriteCaseRecord(ctx, c.ID, path); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("got %v, %v for the printed case record, want a file readable by its owner only", fi, err)
	}
	text := pdfToText(t, path)
	if !strings.Contains(text, "2026-001") || !strings.Contains(text, "入睡困难") {
		t.Fatalf("the case record does not show the case:\n%s", text)
	}
	if strings.Contains(text, "备忘甲") || strings.Contains(text, "备忘乙") {
		t.Fatal("the case record prints a private note")
	}
	if !auditHas(t, st, casework.AuditActionPrint, c.ID) {
		t.Fatal("the print of the case record was not audited")
	}

	r := &casework.Referral{StudentID: stu[1].ID, SuggestedOn: "2026-11-10", Reason: "近两周情绪低落、睡眠差，建议进一步检查",
		Institution: "晴川市精神卫生中心"}
	if err := cs.SaveRecord(ctx, r); err != nil {
		t.Fatal(err)
	}
	lpath := filepath.Join(dir, "letter.pdf")
	if err := cs.WriteReferralLetter(ctx, r.ID, lpath); err != nil {
		t.Fatal(err)
	}
	if text := pdfToText(t, lpath); !strings.Contains(text, "周晓峰") || !strings.Contains(text, "晴川市精神卫生中心") {
		t.Fatalf("the referral letter does not name the student and institution:\n%s", text)
	}
	if !auditHas(t, st, casework.AuditActionPrint, r.ID) {
		t.Fatal("the print of the referral letter was not audited")
	}
	if _, err := cs.Records(ctx, casework.KindStudent, ui.RecordFilter{}); err == nil {
		t.Fatal("the case service lists students, want it limited to its own kinds")
	}
}

// ---- driving the screens ----

// screenDriver adds the casework forms' own controls to the driver.
type screenDriver struct{ *uitest.Driver }

func (d screenDriver) typeIn(label, text string) {
	e, ok := d.Field(label).(fyne.Focusable)
	if !ok {
		d.Fatalf("row %q is not a text entry", label)
	}
	test.Type(e, text)
}

func (d screenDriver) choose(label, option string) {
	d.Field(label).(*widget.Select).SetSelected(option)
}

func (d screenDriver) pickStudent(name string) {
	d.Tap("选择学生…")
	test.Type(d.Window().Canvas().Focused(), name)
	for _, o := range d.Dialog() {
		if l, ok := o.(*widget.List); ok {
			l.Select(0)
			return
		}
	}
	d.Fatalf("the student dialog lists nobody")
}

// addTo fills the add dialog of the list row label: texts into its
// entries in order, options into its selects in order.
func (d screenDriver) addTo(label string, texts, options []string) {
	box := d.Field(label).(*fyne.Container)
	test.Tap(box.Objects[1].(*fyne.Container).Objects[0].(*widget.Button))
	d.FillDialog(texts, options)
}

func screenOn(t *testing.T, s *services, build func(*ui.App) ui.Screen) (screenDriver, ui.Screen) {
	t.Helper()
	app := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1400, 1600))
	deps := s.deps()
	deps.Go = func(f func()) { f() }
	a := ui.New(app, w, deps)
	sc := build(a)
	w.SetContent(sc.Content())
	return screenDriver{uitest.New(t, w)}, sc
}

func TestCaseKeyStudentAndCrisisMadeThroughTheScreensAreInTheStore(t *testing.T) {
	s, st, stu := caseVault(t)

	// a case with two sessions
	d, _ := screenOn(t, s, ui.CasesScreen)
	d.Tap("新建个案")
	d.pickStudent("林小雨")
	d.choose("来源", "主动求助")
	d.Field("问题类型").(*widget.CheckGroup).SetSelected([]string{"情绪"})
	d.typeIn("主诉", "考试前心慌")
	d.Tap("保存")
	d.WantText("已保存")
	for _, o := range d.Visible() {
		if tabs, ok := o.(*container.AppTabs); ok {
			tabs.SelectIndex(1)
			break
		}
	}
	for _, obs := range []string{"第一次：建立关系", "第二次：放松训练"} {
		d.Tap("新增辅导记录")
		d.typeIn("表现与观察", obs)
		d.Tap("保存")
		d.WantText("已保存")
	}
	cases, err := store.ListAs[*casework.Case](st, store.Filter{StudentID: stu[0].ID})
	if err != nil || len(cases) != 1 || cases[0].CaseNo == "" {
		t.Fatalf("got cases %v (%v), want one numbered case", cases, err)
	}
	sessions, err := store.ListAs[*casework.Session](st, store.Filter{CaseID: cases[0].ID})
	if err != nil || len(sessions) != 2 {
		t.Fatalf("got %d sessions (%v), want the two typed", len(sessions), err)
	}
	obs := map[string]int{} // both are dated today: their order is the ids'
	for _, ses := range sessions {
		obs[ses.Observations] = ses.DurationMin
	}
	if obs["第一次：建立关系"] != 45 || obs["第二次：放松训练"] != 45 {
		t.Fatalf("got observations and lengths %v, want the two typed, 45 minutes each", obs)
	}

	// a key student whose level is raised
	d, _ = screenOn(t, s, ui.KeyStudentsScreen)
	d.Tap("纳入重点学生")
	d.pickStudent("周晓峰")
	d.addTo("等级历史", []string{"", "筛查后访谈确认"}, []string{"三级(黄) 关注"})
	d.Tap("保存")
	d.WantText("已保存")
	d.addTo("等级历史", []string{"", "自述有自伤念头", "心理健康领导小组"}, []string{"一级(红) 危急"})
	d.Tap("保存")
	d.WantText("已保存")
	keys, err := store.ListAs[*casework.KeyStudent](st, store.Filter{StudentID: stu[1].ID})
	if err != nil || len(keys) != 1 || len(keys[0].Levels) != 2 || keys[0].Levels[0].Level != "yellow" || keys[0].Levels[1].Level != "red" {
		t.Fatalf("got key students %+v (%v), want one with yellow then red", keys, err)
	}

	// a crisis with the guardian told
	d, _ = screenOn(t, s, ui.CrisisScreen)
	d.Tap("登记危机事件")
	d.pickStudent("周晓峰")
	d.choose("危机类型", "自杀意念")
	d.typeIn("事实经过", "周记中写到不想活了")
	d.addTo("保密突破记录", []string{"", "告知周记内容与安全计划", "存在自杀风险"}, []string{"监护人"})
	d.Tap("保存")
	d.WantText("已保存")
	crises, err := store.ListAs[*casework.Crisis](st, store.Filter{StudentID: stu[1].ID})
	if err != nil || len(crises) != 1 || len(crises[0].Disclosures) != 1 || crises[0].Disclosures[0].To != casework.DisclosureRecipientGuardian {
		t.Fatalf("got crises %+v (%v), want one with the guardian disclosure", crises, err)
	}
}

func TestThePreviewCaseworkHoldsTheDemoSchoolInMemory(t *testing.T) {
	cs := newPreviewCases()
	if cs == nil {
		t.Fatal("the preview has no casework service")
	}
	ctx := context.Background()
	cases, err := cs.Records(ctx, casework.KindCase, ui.RecordFilter{})
	if err != nil || len(cases) == 0 {
		t.Fatalf("got %d preview cases (%v), want the demo school's", len(cases), err)
	}
	c := cases[0].(*casework.Case)
	c.Goals = "预览中修改"
	if err := cs.SaveRecord(ctx, c); err != nil {
		t.Fatalf("got %v saving in the preview, want the edit kept in memory", err)
	}
	got, err := cs.Record(ctx, casework.KindCase, c.ID)
	if err != nil || got.(*casework.Case).Goals != "预览中修改" {
		t.Fatalf("got %v (%v) reading the edit back", got, err)
	}
}
