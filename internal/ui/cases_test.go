package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
	"xinqing/internal/ui/uitest"
)

// ---- helpers that fill the generated forms ----

func fieldOf(t *testing.T, p *recordPane, key string) *formField {
	t.Helper()
	ff := p.form.byKey[key]
	if ff == nil {
		t.Fatalf("the %s form has no field %q", p.spec.kind, key)
	}
	return ff
}

func setField(t *testing.T, p *recordPane, key, text string) {
	t.Helper()
	ff := fieldOf(t, p, key)
	if se, ok := ff.obj.(*suggestEntry); ok { // a text field with suggestions
		se.SetText(text)
		return
	}
	if ff.entry == nil {
		t.Fatalf("field %q is not a text entry", key)
	}
	uitest.TypeInto(ff.entry, text)
}

func fieldText(t *testing.T, p *recordPane, key string) string {
	t.Helper()
	return fieldOf(t, p, key).entry.Text
}

func chooseOption(t *testing.T, p *recordPane, key, label string) {
	t.Helper()
	s, ok := fieldOf(t, p, key).obj.(*widget.Select)
	if !ok {
		t.Fatalf("field %q is not a select", key)
	}
	s.SetSelected(label)
	if s.Selected != label {
		t.Fatalf("field %q offers %v, not %q", key, s.Options, label)
	}
}

func checkOptions(t *testing.T, p *recordPane, key string, labels ...string) {
	t.Helper()
	fieldOf(t, p, key).obj.(*widget.CheckGroup).SetSelected(labels)
}

func fieldError(t *testing.T, p *recordPane, key string) string {
	t.Helper()
	ff := fieldOf(t, p, key)
	if !ff.err.Visible() {
		return ""
	}
	return ff.err.Text
}

// pickStudent searches name in the picker dialog and takes the first hit.
func pickStudent(h *harness, p *recordPane, name string) {
	h.t.Helper()
	test.Tap(p.picker.btn)
	q, ok := h.win.Canvas().Focused().(*entry)
	if !ok {
		h.t.Fatal("the student search does not have the keyboard")
	}
	test.Type(q, name)
	for _, o := range h.Dialog() {
		if l, ok := o.(*widget.List); ok {
			l.Select(0)
			return
		}
	}
	h.t.Fatal("the student dialog has no result list")
}

// addEntry taps the add button of the list field key and fills the
// dialog: texts go into its entries in order, options into its selects.
func addEntry(h *harness, p *recordPane, key string, texts []string, options []string) {
	h.t.Helper()
	box := fieldOf(h.t, p, key).obj.(*fyne.Container)
	add := box.Objects[1].(*fyne.Container).Objects[0].(*widget.Button)
	test.Tap(add)
	h.FillDialog(texts, options)
}

func TestACaseWithTwoSessionsIsCreatedThroughTheScreen(t *testing.T) {
	fc := NewFakeCases(testStudents()...)
	h, s := casesHarness(t, fc, newCasesScreen)
	cs := s.(*casesScreen)
	p := cs.cases
	h.Tap("新建个案")
	if got := fieldText(t, p, "opened_on"); got != "2026-11-28" {
		t.Fatalf("got opened_on %q, want today 2026-11-28", got)
	}
	pickStudent(h, p, "林小雨")
	h.WantText("林小雨（七(3)班）")
	chooseOption(t, p, "source", "班主任/教师转介")
	checkOptions(t, p, "problem_types", "学习", "情绪")
	setField(t, p, "presenting_problem", "近期考试焦虑，入睡困难")
	h.Tap("保存")
	h.WantText("已保存")
	cases := fc.all(casework.KindCase)
	if len(cases) != 1 {
		t.Fatalf("got %d cases in the store, want 1", len(cases))
	}
	c := cases[0].(*casework.Case)
	if c.StudentID != "stu-1" || c.Source != casework.CaseSourceTeacher || c.PresentingProblem != "近期考试焦虑，入睡困难" ||
		strings.Join([]string{string(c.ProblemTypes[0]), string(c.ProblemTypes[1])}, ",") != "study,emotion" {
		t.Fatalf("got case %+v, want the typed fields", c)
	}
	if got := fieldText(t, p, "case_no"); got != "2026-001" {
		t.Fatalf("got case number %q on screen, want the store's 2026-001", got)
	}

	// sessions: the first has the usual defaults, the second the first's length
	cs.tabs.SelectIndex(1)
	sp := cs.sessions.pane
	h.Tap("新增辅导记录")
	h.WantText("第1次个别辅导记录")
	h.WantText("仅自己可见，不打印、不导出")
	if got := fieldText(t, sp, "duration_min"); got != "45" {
		t.Fatalf("got default duration %q, want 45", got)
	}
	setField(t, sp, "duration_min", "50")
	setField(t, sp, "start", "14:30")
	setField(t, sp, "observations", "情绪平稳，愿意交流")
	setField(t, sp, "private_note", "下次带上作息表")
	h.Tap("保存")
	h.WantText("已保存")
	h.Tap("新增辅导记录")
	h.WantText("第2次个别辅导记录")
	if got := fieldText(t, sp, "duration_min"); got != "50" {
		t.Fatalf("got default duration %q, want the last session's 50", got)
	}
	chooseOption(t, sp, "risk", "低")
	setField(t, sp, "interventions", "放松训练")
	h.Tap("保存")
	h.WantText("已保存")
	sessions := fc.all(casework.KindSession)
	if len(sessions) != 2 {
		t.Fatalf("got %d sessions, want 2", len(sessions))
	}
	first, second := sessions[0].(*casework.Session), sessions[1].(*casework.Session)
	if first.CaseID != c.ID || second.CaseID != c.ID || first.DurationMin != 50 || first.PrivateNote != "下次带上作息表" ||
		second.Risk != casework.SessionRiskLow || second.DurationMin != 50 {
		t.Fatalf("got sessions %+v and %+v", first, second)
	}
	for i := 0; i < sp.list.Length(); i++ {
		for _, c := range sp.spec.cols {
			if strings.Contains(c.text(sp.shown[i]), "作息表") {
				t.Fatal("the session list shows the private note")
			}
		}
		if false {
			t.Fatal("the session list shows the private note")
		}
	}

	// opening the case again is audited
	h2, s2 := casesHarness(t, fc, newCasesScreen)
	s2.(*casesScreen).cases.list.Select(0)
	h2.WantText("个案 2026-001")
	if !fc.audited("view_case case " + c.ID) {
		t.Fatalf("opening the case wrote no view_case audit; audit: %v", fc.audit)
	}
}

func TestABadCaseShowsChineseMessagesBesideTheFieldsAndKeepsWhatWasTyped(t *testing.T) {
	fc := NewFakeCases(testStudents()...)
	h, s := casesHarness(t, fc, newCasesScreen)
	p := s.(*casesScreen).cases
	h.Tap("新建个案")
	setField(t, p, "presenting_problem", "同伴关系紧张")
	setField(t, p, "opened_on", "2026-13-40")
	h.Tap("保存")
	for key, want := range map[string]string{"student_id": "学生", "problem_types": "问题类型", "opened_on": "建档日期", "source": "来源"} {
		if got := fieldError(t, p, key); !strings.Contains(got, want) {
			t.Errorf("got message %q beside %s, want one naming %s", got, key, want)
		}
	}
	if got := fieldText(t, p, "presenting_problem"); got != "同伴关系紧张" {
		t.Fatalf("got %q in 主诉 after the refusal, want what was typed", got)
	}
	if n := len(fc.all(casework.KindCase)); n != 0 {
		t.Fatalf("got %d cases stored, want none", n)
	}
	// a closed case needs its closing date
	pickStudent(h, p, "周晓峰")
	setField(t, p, "opened_on", "2026-11-02")
	chooseOption(t, p, "source", "主动求助")
	checkOptions(t, p, "problem_types", "人际")
	chooseOption(t, p, "status", "已结案")
	if got := fieldText(t, p, "closed_on"); got != "2026-11-28" {
		t.Fatalf("got closed_on %q after closing, want today", got)
	}
	setField(t, p, "closed_on", "")
	h.Tap("保存")
	if got := fieldError(t, p, "closed_on"); !strings.Contains(got, "结案日期") {
		t.Fatalf("got %q beside closed_on, want it required", got)
	}
	setField(t, p, "closed_on", "2026-11-20")
	h.Tap("保存")
	h.WantText("已保存")
	if got := fieldError(t, p, "closed_on"); got != "" {
		t.Fatalf("the message %q stayed after a good save", got)
	}
}

func TestLeavingADirtyFormAsksAndDeletingAsksAndExplainsAConflict(t *testing.T) {
	fc := NewFakeCases(testStudents()...)
	h, s := casesHarness(t, fc, newCasesScreen)
	cs := s.(*casesScreen)
	p := cs.cases
	h.Tap("新建个案")
	pickStudent(h, p, "林小雨")
	chooseOption(t, p, "source", "主动求助")
	checkOptions(t, p, "problem_types", "情绪")
	h.Tap("保存")
	h.WantText("已保存")
	setField(t, p, "goals", "改善睡眠")
	h.Tap("新建个案")
	h.WantText("放弃未保存的修改？")
	h.Tap("否")
	if got := fieldText(t, p, "goals"); got != "改善睡眠" {
		t.Fatalf("got goals %q after keeping the edit, want the typed text", got)
	}
	h.Tap("保存")
	if got := fc.all(casework.KindCase)[0].(*casework.Case).Goals; got != "改善睡眠" {
		t.Fatalf("got stored goals %q, want 改善睡眠", got)
	}
	// a session makes the case undeletable
	cs.tabs.SelectIndex(1)
	h.Tap("新增辅导记录")
	h.Tap("保存")
	cs.tabs.SelectIndex(0)
	h.Tap("删除")
	h.WantText("确认删除")
	h.Tap("是")
	h.WantText("还有其他记录关联此记录")
	if n := len(fc.all(casework.KindCase)); n != 1 {
		t.Fatalf("got %d cases after a refused delete, want 1", n)
	}
}

func TestAKeyStudentLevelChangeIsANewEntryAndAnOverdueFollowUpIsFlagged(t *testing.T) {
	fc := NewFakeCases(testStudents()...)
	h, s := casesHarness(t, fc, newKeyStudentsScreen)
	ks := s.(*keyStudentsScreen)
	p := ks.pane
	h.Tap("纳入重点学生")
	pickStudent(h, p, "周晓峰")
	setField(t, p, "included_on", "2026-09-01")
	chooseOption(t, p, "inclusion_source", enumLabel("inclusion_source", "screening"))
	checkOptions(t, p, "reasons", enumLabel("key_reason", "emotion"))
	setField(t, p, "plan.measures", "每周面谈一次，班主任每日关注")
	addEntry(h, p, "responsible", []string{"班主任", "陈老师"}, nil)
	addEntry(h, p, "levels", []string{"2026-09-01", "筛查后访谈确认"}, []string{"三级(黄) 关注"})
	addEntry(h, p, "follow_ups", []string{"2026-09-05", "情况平稳"}, []string{enumLabel("follow_up_method", "meeting")})
	h.Tap("保存")
	h.WantText("已保存")
	k := fc.all(casework.KindKeyStudent)[0].(*casework.KeyStudent)
	if len(k.Levels) != 1 || k.Levels[0].Level != "yellow" || len(k.Responsible) != 1 || k.Responsible[0].Name != "陈老师" ||
		k.Plan.Measures == "" || len(k.FollowUps) != 1 {
		t.Fatalf("got key student %+v", k)
	}
	// the yellow interval is 30 days: the last follow-up on 09-05 is long overdue on 11-28
	h.WantText("跟踪已到期")
	if !strings.Contains(p.rowText(p.shown[0]), "跟踪到期") {
		t.Fatalf("got row %q, want it flagged as due", p.rowText(p.shown[0]))
	}
	if !p.spec.alert(p.shown[0]) {
		t.Fatal("the overdue key student's row is not shown in red")
	}

	// raising the level adds an entry; the saved one cannot be removed
	levels := fieldOf(t, p, "levels").obj.(*fyne.Container).Objects[0].(*fyne.Container)
	if _, ok := levels.Objects[0].(*fyne.Container).Objects[1].(*widget.Button); ok {
		t.Fatal("a saved level entry offers a delete button")
	}
	addEntry(h, p, "levels", []string{"2026-11-20", "自述有自伤念头", "心理健康领导小组"}, []string{"一级(红) 危急"})
	h.Tap("保存")
	h.WantText("已保存")
	k = fc.all(casework.KindKeyStudent)[0].(*casework.KeyStudent)
	if len(k.Levels) != 2 || k.Levels[0].Level != "yellow" || k.Levels[1].Level != "red" || k.Levels[1].DecidedBy != "心理健康领导小组" {
		t.Fatalf("got levels %+v, want yellow kept and red added", k.Levels)
	}
}

func TestACrisisDisclosureIsRecordedAndTheGuardianWarningGoes(t *testing.T) {
	fc := NewFakeCases(testStudents()...)
	h, s := casesHarness(t, fc, newCrisisScreen)
	p := s.(*crisisScreen).crises
	h.Tap("登记危机事件")
	pickStudent(h, p, "林小雨")
	chooseOption(t, p, "risk_type", "自伤")
	chooseOption(t, p, "level", "一级(红) 危急")
	setField(t, p, "description", "课间发现手臂有划痕")
	h.Tap("保存")
	h.WantText("尚未记录告知监护人")
	addEntry(h, p, "disclosures", []string{"", "告知划痕及安全计划", "学生存在自伤风险"}, []string{"监护人"})
	check := fieldOf(t, p, "hospital_escort").obj.(*widget.Check)
	test.Tap(check)
	h.Tap("保存")
	h.WantText("已保存")
	h.WantNoText("尚未记录告知监护人")
	x := fc.all(casework.KindCrisis)[0].(*casework.Crisis)
	if len(x.Disclosures) != 1 || x.Disclosures[0].To != casework.DisclosureRecipientGuardian ||
		x.Disclosures[0].On != "2026-11-28" || !x.HospitalEscort || x.Level != "red" {
		t.Fatalf("got crisis %+v", x)
	}
}

func TestAReferralIsTrackedAndItsLetterPrintedWhereChosen(t *testing.T) {
	fc := NewFakeCases(testStudents()...)
	h, s := casesHarness(t, fc, newCrisisScreen)
	cr := s.(*crisisScreen)
	cr.tabs.SelectIndex(1)
	p := cr.referrals
	h.Tap("新增转介")
	h.WantText("用非诊断性描述")
	pickStudent(h, p, "周晓峰")
	setField(t, p, "reason", "近两周情绪低落、睡眠差，建议到专科医院进一步检查")
	setField(t, p, "institution", "晴川市精神卫生中心")
	h.Tap("保存")
	h.WantText("已保存")
	path := filepath.Join(t.TempDir(), "letter.pdf")
	p.pickSave = func(_ *App, _ string, f func(string)) { f(path) }
	h.Tap("打印学校转介建议书…")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the letter was not written where chosen: %v", err)
	}
	h.WantText("文件已保存")
	id := fc.all(casework.KindReferral)[0].Base().ID
	if !fc.audited("print referral " + id) {
		t.Fatalf("the print was not audited: %v", fc.audit)
	}
	// and a contact without a student
	cr.tabs.SelectIndex(2)
	c := cr.contacts
	h.Tap("关闭") // leave the saved-file dialog
	h.Tap("新增沟通记录")
	chooseOption(t, c, "counterpart", "班主任")
	setField(t, c, "summary", "沟通近期在校表现")
	h.Tap("保存")
	if n := len(fc.all(casework.KindContact)); n != 1 {
		t.Fatalf("got %d contacts, want 1", n)
	}
}

func TestTheStudentPageCanOpenAndStartRecordsThroughTheShell(t *testing.T) {
	fc := NewFakeCases(testStudents()...)
	h, _ := casesHarness(t, fc, newCasesScreen)
	a := h.ui
	a.shell = newShell(a, 0)
	a.setContent(a.shell.view())
	a.newRecordFor(casework.KindReferral, "stu-2")
	cr, ok := a.shell.current.(*crisisScreen)
	if !ok {
		t.Fatalf("got screen %T, want the crisis screen", a.shell.current)
	}
	if cr.referrals.picker.id != "stu-2" || cr.tabs.SelectedIndex() != 1 {
		t.Fatalf("got student %q on tab %d, want stu-2 on the referral tab", cr.referrals.picker.id, cr.tabs.SelectedIndex())
	}
	// leaving the screen with the unsaved referral asks first
	a.shell.nav.Select(0)
	h.WantText("放弃未保存的修改？")
	h.Tap("否")
	if a.shell.current != Screen(cr) {
		t.Fatalf("got screen %T after keeping the edits, want the crisis screen kept", a.shell.current)
	}
	a.shell.nav.Select(0)
	h.Tap("是")
	if _, still := a.shell.current.(*crisisScreen); still {
		t.Fatal("the crisis screen stayed after discarding")
	}
	_ = container.NewStack
	// The dropped screen let go of its records (Fyne may keep its widgets
	// a while), and a list answer that comes in late is not kept.
	if cr.referrals.all != nil || cr.crises.all != nil || cr.contacts.shown != nil {
		t.Fatal("the dropped crisis screen still holds its records")
	}
	cr.crises.reload(nil)
	if cr.crises.all != nil {
		t.Fatal("a dropped screen kept records read after it was dropped")
	}
}

// Every screen that lists records lets them go when the shell drops it.
func TestDroppedScreensLetGoOfTheirRecords(t *testing.T) {
	fc := NewFakeCases(testStudents()...)
	h, _ := casesHarness(t, fc, newCasesScreen)
	a := h.ui
	a.shell = newShell(a, 0)
	a.setContent(a.shell.view())
	for i, spec := range a.shell.specs {
		if spec.build == nil {
			continue
		}
		a.shell.open(i)
		a.shell.currentID = i
		cur := a.shell.current
		a.shell.open(0)
		switch s := cur.(type) {
		case *casesScreen:
			if s.cases.all != nil {
				t.Errorf("%s: cases kept", spec.key)
			}
		case *studentsScreen:
			if s.all != nil || s.shown != nil {
				t.Errorf("%s: students kept", spec.key)
			}
		case *groupsScreen:
			if s.ed.records != nil || s.students != nil {
				t.Errorf("%s: records kept", spec.key)
			}
		case *committeeScreen:
			if s.ed.records != nil || s.students != nil {
				t.Errorf("%s: records kept", spec.key)
			}
		case *activitiesScreen:
			for _, tab := range s.tabs {
				if tab.ed.records != nil {
					t.Errorf("%s: records kept", spec.key)
				}
			}
		}
	}
}

func TestAStaffCaseNamesItsClientInsteadOfAStudent(t *testing.T) {
	fc := NewFakeCases(testStudents()...)
	h, s := casesHarness(t, fc, newCasesScreen)
	p := s.(*casesScreen).cases
	h.Tap("新建个案")
	pickStudent(h, p, "林小雨")
	chooseOption(t, p, "client_kind", "教职工")
	setField(t, p, "client_name", "张老师")
	chooseOption(t, p, "source", "主动求助")
	checkOptions(t, p, "problem_types", "情绪")
	h.Tap("保存")
	if got := fieldError(t, p, "student_id"); !strings.Contains(got, "教职工或家长个案不关联") {
		t.Fatalf("got %q beside the student, want the staff-case rule", got)
	}
	test.Tap(p.picker.clear)
	h.Tap("保存")
	h.WantText("已保存")
	c := fc.all(casework.KindCase)[0].(*casework.Case)
	if c.ClientKind != casework.ClientKindStaff || c.ClientName != "张老师" || c.StudentID != "" {
		t.Fatalf("got case %+v, want a staff case named by client_name", c)
	}
	if got := p.rowText(c); !strings.Contains(got, "张老师") {
		t.Fatalf("got row %q, want the client's name", got)
	}
}
