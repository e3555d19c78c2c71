package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
	"xinqing/internal/ui/uitest"
)

func stuStudent(id, name, class string) *casework.Student {
	return &casework.Student{Meta: casework.Meta{ID: id}, Name: name, Gender: casework.GenderFemale,
		Grade: "七年级", Class: class, StudentNo: "G" + id, Status: casework.StudentStatusEnrolled}
}

// stuHarness unlocks the app with fs as the student service.
func stuHarness(t *testing.T, fs *FakeStudents) *harness {
	t.Helper()
	h := lockedHarness(t, nil)
	h.ui.d.Students = fs
	h.unlock(testPass)
	h.wantShell()
	return h
}

// stuOpen shows the students screen.
func stuOpen(h *harness) *studentsScreen {
	h.t.Helper()
	for i, sp := range h.ui.shell.specs {
		if sp.key == "nav.students" {
			h.ui.shell.nav.Select(i)
		}
	}
	s, ok := h.ui.shell.current.(*studentsScreen)
	if !ok {
		h.t.Fatalf("got screen %T, want the students screen", h.ui.shell.current)
	}
	return s
}

func TestCreatingAStudentThroughTheScreensStoresIt(t *testing.T) {
	fs := NewFakeStudents(stuStudent("1", "林小雨", "七(1)班"))
	h := stuHarness(t, fs)
	s := stuOpen(h)
	h.WantText("1 名学生")
	h.Tap("新建学生")
	h.WantText("新建学生")
	f := s.page.form
	test.Type(f.name, "周晓明")
	f.gender.SetSelected("男")
	uitest.TypeInto(h.entry("如：七年级、高一"), "八年级")
	uitest.TypeInto(h.entry("如：七(3)班"), "八(2)班")
	uitest.TypeInto(h.entry("年-月-日，如 2012-09-01"), "2012-03-05")
	f.groups.SetSelected([]string{"留守儿童"})
	f.boarding.SetChecked(true)
	h.Tap("保存")

	var got *casework.Student
	for _, st := range fs.students {
		if st.Name == "周晓明" {
			got = st
		}
	}
	if got == nil {
		t.Fatalf("got no stored student after saving; screen shows:\n%s", h.Texts())
	}
	if got.Gender != casework.GenderMale || got.Grade != "八年级" || got.Class != "八(2)班" || got.BirthDate != "2012-03-05" ||
		!got.Boarding || len(got.SpecialGroups) != 1 || got.SpecialGroups[0] != casework.SpecialGroupLeftBehind ||
		got.Status != casework.StudentStatusEnrolled {
		t.Fatalf("got stored student %+v, want the typed fields", got)
	}
	if s.page == nil || s.page.st.ID != got.ID || s.page.tabs == nil || len(s.page.tabs.Items) != 7 {
		t.Fatalf("after saving a new student, want its page with 7 tabs")
	}
	h.WantText("周晓明　八(2)班")
}

func TestBadInputIsExplainedNextToTheFieldsAndKept(t *testing.T) {
	fs := NewFakeStudents()
	h := stuHarness(t, fs)
	s := stuOpen(h)
	h.Tap("新建学生")
	f := s.page.form
	uitest.TypeInto(h.entry("年-月-日，如 2012-09-01"), "2012-13-40")
	test.Type(f.gradYear, "二〇二七")
	h.Tap("保存")
	if len(fs.students) != 0 {
		t.Fatalf("got %d stored students from a form with errors, want 0", len(fs.students))
	}
	for _, key := range []string{"name", "gender", "grade", "class", "birth_date", "graduation_year"} {
		l := f.errs[key]
		if l == nil || !l.Visible() || l.Text == "" {
			t.Errorf("got no message next to %s", key)
		}
	}
	if got := f.errs["graduation_year"].Text; got != "毕业年份应为四位数字，如 2027" {
		t.Errorf("got graduation year message %q", got)
	}
	if !strings.Contains(f.errs["name"].Text, "姓名") {
		t.Errorf("got name message %q, want it to name the field", f.errs["name"].Text)
	}
	if f.birth.Text != "2012-13-40" || f.gradYear.Text != "二〇二七" {
		t.Fatalf("got fields %q %q after a failed save, want the typed text kept", f.birth.Text, f.gradYear.Text)
	}
	if f.errs["notes"].Visible() {
		t.Fatal("got a message next to notes, which has no error")
	}
}

func TestTypingSearchesOnceTheTypingPauses(t *testing.T) {
	fs := NewFakeStudents(stuStudent("1", "林小雨", "七(1)班"), stuStudent("2", "王晴", "七(2)班"))
	h := stuHarness(t, fs)
	s := stuOpen(h)
	_, before := fs.lastQuery()
	test.Type(s.search, "王")
	h.clock.Advance(searchDelay / 2)
	if _, n := fs.lastQuery(); n != before {
		t.Fatalf("got %d searches while typing, want none before the pause", n-before)
	}
	h.clock.Advance(searchDelay)
	q, n := fs.lastQuery()
	if n != before+1 || q.Text != "王" {
		t.Fatalf("got %d searches, last %+v; want one for 王", n-before, q)
	}
	if len(s.shown) != 1 || s.shown[0].Name != "王晴" {
		t.Fatalf("got %d students shown, want 王晴 alone", len(s.shown))
	}
	h.WantText("1 名学生")
}

func TestFiltersNarrowTheList(t *testing.T) {
	a := stuStudent("1", "林小雨", "七(1)班")
	b := stuStudent("2", "王晴", "八(2)班")
	b.Grade = "八年级"
	b.SpecialGroups = []casework.SpecialGroup{casework.SpecialGroupMigrant}
	c := stuStudent("3", "赵一", "八(1)班")
	c.Grade, c.Status = "八年级", casework.StudentStatusTransferred
	h := stuHarness(t, NewFakeStudents(a, b, c))
	s := stuOpen(h)
	if got := s.grade.Options; len(got) != 3 || got[1] != "七年级" || got[2] != "八年级" {
		t.Fatalf("got grade choices %v, want 全部, 七年级, 八年级", got)
	}
	s.grade.SetSelected("八年级")
	if got := s.class.Options; len(got) != 3 || got[1] != "八(1)班" || got[2] != "八(2)班" {
		t.Fatalf("got class choices %v for 八年级", got)
	}
	// The list opens on the students at school: 赵一 has left.
	if len(s.shown) != 1 || s.shown[0].Name != "王晴" {
		t.Fatalf("got %d students at school in 八年级, want 王晴", len(s.shown))
	}
	s.status.SetSelectedIndex(0)
	if len(s.shown) != 2 {
		t.Fatalf("got %d students in 八年级, want 2", len(s.shown))
	}
	s.status.SetSelected("转出")
	if len(s.shown) != 1 || s.shown[0].Name != "赵一" {
		t.Fatalf("got %d students transferred in 八年级, want 赵一", len(s.shown))
	}
	s.status.SetSelectedIndex(0)
	s.group.SetSelected("流动儿童")
	if len(s.shown) != 1 || s.shown[0].Name != "王晴" {
		t.Fatalf("got %d migrant students, want 王晴", len(s.shown))
	}
}

func TestDeletingAReferencedStudentIsRefusedWithAReason(t *testing.T) {
	fs := NewFakeStudents(stuStudent("1", "林小雨", "七(1)班"), stuStudent("2", "王晴", "七(2)班"))
	fs.referenced["1"] = true
	h := stuHarness(t, fs)
	s := stuOpen(h)
	s.openStudent("1")
	h.Tap("编辑") // delete sits at the foot of the profile form
	h.Tap("删除学生")
	h.WantText("确定删除学生“林小雨”吗？")
	h.Tap("是")
	h.WantText("不能删除")
	h.WantText("该学生仍有个案")
	if len(fs.students) != 2 {
		t.Fatal("the referenced student was deleted")
	}
	h.Tap("确定")
	s.openStudent("2")
	h.Tap("编辑")
	h.Tap("删除学生")
	h.Tap("是")
	if _, ok := fs.students["2"]; ok {
		t.Fatal("got the unreferenced student still stored after delete")
	}
	if s.page != nil {
		t.Fatal("got the deleted student's page still shown")
	}
}

func TestLeavingAnEditedPageAsksFirst(t *testing.T) {
	fs := NewFakeStudents(stuStudent("1", "林小雨", "七(1)班"))
	h := stuHarness(t, fs)
	s := stuOpen(h)
	s.openStudent("1")
	test.Type(s.page.form.homeroom, "陈老师")
	h.Tap("返回列表")
	h.WantText("放弃未保存的修改？")
	h.Tap("否")
	if s.page == nil || s.page.form.homeroom.Text != "陈老师" {
		t.Fatal("got the edit dropped after choosing to stay")
	}
	h.Tap("返回列表")
	h.Tap("是")
	if s.page != nil {
		t.Fatal("got the page still shown after choosing to leave")
	}
	if fs.students["1"].HomeroomTeacher != "" {
		t.Fatal("got the abandoned edit stored")
	}
}

func TestRecordTabsListTheStudentsRecordsAndRouteThem(t *testing.T) {
	fs := NewFakeStudents(stuStudent("1", "林小雨", "七(1)班"))
	fs.records["1"] = StudentRecords{
		Cases: []*casework.Case{{Meta: casework.Meta{ID: "c1"}, StudentID: "1", CaseNo: "2026-007", OpenedOn: "2026-10-09",
			Source: casework.CaseSourceSelf, ProblemTypes: []casework.ProblemType{casework.ProblemTypeStudy}}},
		Referrals: []*casework.Referral{{Meta: casework.Meta{ID: "r1"}, StudentID: "1", SuggestedOn: "2026-11-02", Reason: "睡眠"}},
		KeyStudents: []*casework.KeyStudent{{Meta: casework.Meta{ID: "k1"}, StudentID: "1", IncludedOn: "2026-10-01",
			Levels: []casework.LevelEntry{{Date: "2026-10-01", Level: "red"}, {Date: "2026-11-01", Level: "yellow"}}}},
		Levels: casework.DefaultRiskLevels(),
	}
	h := stuHarness(t, fs)
	s := stuOpen(h)
	var opened []string
	s.OnOpenRecord = func(k casework.Kind, id string) { opened = append(opened, string(k)+"/"+id) }
	s.OnNewRecord = func(k casework.Kind, sid string) { opened = append(opened, "new "+string(k)+"/"+sid) }
	s.openStudent("1")
	cases := s.page.recLists[casework.KindCase]
	if len(cases.rows) != 1 || !strings.Contains(cases.rows[0].text, "2026-007") || !strings.Contains(cases.rows[0].text, "主动求助") {
		t.Fatalf("got case rows %+v", cases.rows)
	}
	if refs := s.page.recLists[casework.KindReferral].rows; len(refs) != 1 || !strings.Contains(refs[0].text, "已建议") {
		t.Fatalf("got referral rows %+v", refs)
	}
	if keys := s.page.recLists[casework.KindKeyStudent].rows; len(keys) != 1 || keys[0].text != "2026-10-01  三级(黄) 关注  在册" {
		t.Fatalf("got key student rows %+v, want the level in force by its label", keys)
	}
	cases.list.Select(0)
	s.page.tabs.SelectIndex(2)
	h.Tap("新建重点学生")
	if strings.Join(opened, ",") != "case/c1,new key_student/1" {
		t.Fatalf("got routes %v", opened)
	}
}

func TestRecordButtonsAreDisabledWithoutTheForms(t *testing.T) {
	h := stuHarness(t, NewFakeStudents(stuStudent("1", "林小雨", "七(1)班")))
	s := stuOpen(h) // the harness has no case service
	s.openStudent("1")
	s.page.tabs.SelectIndex(1)
	if b := h.Button("新建个案"); !b.Disabled() {
		t.Fatal("got the new-case button enabled with no case form")
	}
	h.WantText("记录表单尚未接入本页")
}

func TestAttachmentsAreAddedListedAndRemovedAfterConfirmation(t *testing.T) {
	fs := NewFakeStudents(stuStudent("1", "林小雨", "七(1)班"))
	h := stuHarness(t, fs)
	s := stuOpen(h)
	s.openStudent("1")
	s.page.tabs.SelectIndex(6)
	h.WantText("还没有附件。")
	att := s.page.att
	att.addFile("知情同意书.pdf", []byte("%PDF-1.4 synthetic"))
	if len(fs.attachments) != 1 {
		t.Fatalf("got %d attachments stored, want 1", len(fs.attachments))
	}
	h.WantText("共 1 个附件")
	if len(att.items) != 1 || att.items[0].Filename != "知情同意书.pdf" {
		t.Fatalf("got listed %+v", att.items)
	}
	if !h.Button("删除附件").Disabled() {
		t.Fatal("got remove enabled with nothing selected")
	}
	att.list.Select(0)
	h.Tap("删除附件")
	h.WantText("确定删除附件“知情同意书.pdf”吗？")
	h.Tap("否")
	if len(fs.attachments) != 1 {
		t.Fatal("got the attachment removed after choosing 否")
	}
	h.Tap("删除附件")
	h.Tap("是")
	if len(fs.attachments) != 0 {
		t.Fatal("got the attachment kept after confirming")
	}
	h.WantText("还没有附件。")
}

func TestAttachmentSizesAreShownForPeople(t *testing.T) {
	if got := sizeText(3 << 20); got != "3.0 MB" {
		t.Fatalf("got %q for 3 MiB, want 3.0 MB", got)
	}
	if got := sizeText(1536); got != "1.5 KB" {
		t.Fatalf("got %q for 1536 bytes, want 1.5 KB", got)
	}
}

func TestTheWorkbenchShowsWhatIsDueAndOpensTheStudent(t *testing.T) {
	fs := NewFakeStudents(stuStudent("1", "林小雨", "七(1)班"))
	fs.dash = Dashboard{
		Month: "2026-11",
		Figures: MonthFigures{Sessions: 87, NewCases: 23, KeyOnRoll: 15,
			Levels: []LevelCount{{Label: "一级(红) 危急", Color: "#D32F2F", N: 6}}},
		FollowUps: []FollowUpDue{{StudentID: "1", Name: "林小雨", Class: "七(1)班", Level: "一级(红) 危急", Due: "2026-11-25"}},
		Waiting:   []WaitingReferral{{StudentID: "1", Name: "林小雨", Class: "七(1)班", SuggestedOn: "2026-11-08", Days: 20}},
	}
	h := stuHarness(t, fs)
	h.WantText("本月（2026-11）主要数据")
	h.WantText("87")
	h.WantText("一级(红) 危急 6 人")
	h.WantText("没有未结束的危机事件。")
	h.WantText("尚未备份")
	var due *widget.Button
	for _, o := range h.Visible() {
		if b, ok := o.(*widget.Button); ok && strings.HasPrefix(b.Text, "林小雨  七(1)班  一级(红) 危急  已逾期 3 天") {
			due = b
		}
	}
	if due == nil {
		t.Fatalf("got no overdue follow-up button; screen shows:\n%s", h.Texts())
	}
	h.WantText("2026-11-08 建议，已等待 20 天")
	test.Tap(due)
	s, ok := h.ui.shell.current.(*studentsScreen)
	if !ok || s.page == nil || s.page.st.ID != "1" {
		t.Fatalf("got screen %T without the student's page after tapping the follow-up", h.ui.shell.current)
	}
	// The session settings of the workbench are still there.
	h.ui.shell.nav.Select(0)
	h.WantText("自动锁定")
}

// FuzzLevelColor checks that any configured colour text gives a colour.
func FuzzLevelColor(f *testing.F) {
	for _, s := range []string{"#D32F2F", "#fff", "", "#zzzzzz", "D32F2F"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if levelColor(s) == nil {
			t.Fatalf("got no colour for %q", s)
		}
	})
}

func TestAnAttachmentIsSavedDecryptedWhereTheUserChoosesForTheOwnerOnly(t *testing.T) {
	fs := NewFakeStudents(stuStudent("1", "林小雨", "七(1)班"))
	h := stuHarness(t, fs)
	s := stuOpen(h)
	s.openStudent("1")
	s.page.tabs.SelectIndex(6)
	att := s.page.att
	att.addFile("letter.txt", []byte("synthetic letter"))
	path := filepath.Join(t.TempDir(), "copy.txt")
	w, err := storage.Writer(storage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	att.saveCopy(att.items[0].ID, w)
	got, err := os.ReadFile(path)
	if err != nil || string(got) != "synthetic letter" {
		t.Fatalf("got %q (%v) in the saved copy, want the attachment", got, err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("got mode %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	h.WantText("已保存到：" + path)
	h.Tap("否") // not opened with the system viewer
}

func TestOpeningAStudentDeletedMeanwhileSaysSo(t *testing.T) {
	h := stuHarness(t, NewFakeStudents(stuStudent("1", "林小雨", "七(1)班")))
	s := stuOpen(h)
	s.openStudent("gone")
	if s.page != nil {
		t.Fatal("got a page for a student that does not exist")
	}
	h.WantText("该记录已不存在")
}
