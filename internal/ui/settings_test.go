package ui

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

func openSettings(t *testing.T, tab int) (*harness, *fakeReports, *settingsScreen) {
	t.Helper()
	h, f := newReportsHarness(t)
	s := newSettings(h.ui).(*settingsScreen)
	h.repShow(s)
	selectTab(t, h, tab)
	return h, f, s
}

func TestTheSchoolTabReusesTheSchoolForm(t *testing.T) {
	h, _, s := openSettings(t, 0)
	if s.school.name.Text != "晴川实验中学" {
		t.Fatalf("got school name %q, want the stored one", s.school.name.Text)
	}
	typeInto(s.school.county, "晴川区")
	h.tap("保存")
	if h.settings.saves != 1 || h.settings.school.County != "晴川区" {
		t.Fatalf("got %d saves of %+v, want the county saved (%s)", h.settings.saves, h.settings.school, h.texts())
	}
}

func TestALevelInUseCannotBeRemovedAndOthersAreEdited(t *testing.T) {
	h, f, s := openSettings(t, 1)
	h.wantText("第 1 级")
	if b := h.button("使用中"); !b.Disabled() {
		t.Fatal("the remove button of a level in use is enabled")
	}
	typeInto(s.levels[1].days, "0")
	h.tap("保存")
	if s.levels[1].daysErr.Text != "请填写 1 到 365 的整数" {
		t.Fatalf("got %q next to the days, want the range", s.levels[1].daysErr.Text)
	}
	typeInto(s.levels[1].days, "45")
	h.tap("添加等级")
	typeInto(s.levels[2].label, "一般关注")
	s.moveLevel(2, -1)
	h.tap("保存")
	if len(f.levels) != 3 || f.levels[1].Label != "一般关注" || f.levels[1].Rank != 2 || f.levels[2].FollowUpDays != 45 {
		t.Fatalf("got levels %+v, want the new level second and 45 days kept", f.levels)
	}
	s.removeLevel(2)
	h.tap("是")
	h.tap("保存")
	if len(f.levels) != 2 {
		t.Fatalf("got %d levels after removing one, want 2", len(f.levels))
	}
	s.removeLevel(0)
	if s.levelMsg.Text != "这个等级正被重点学生使用，不能删除。" || len(s.levels) != 2 {
		t.Fatalf("got %q and %d levels, want the level in use kept", s.levelMsg.Text, len(s.levels))
	}
}

func TestTermsAreCheckedNextToTheFields(t *testing.T) {
	h, f, s := openSettings(t, 2)
	h.tap("添加学期")
	r := s.terms[1]
	typeInto(r.name, "2026-2027学年第二学期")
	typeInto(r.start, "2027-02-24")
	typeInto(r.end, "2027-02-01")
	h.tap("保存")
	if r.endErr.Text != "结束日期不能早于开始日期" || len(f.terms) != 1 {
		t.Fatalf("got %q and %d terms saved, want the order refused", r.endErr.Text, len(f.terms))
	}
	typeInto(r.end, "2027-07-05")
	h.tap("保存")
	if len(f.terms) != 2 || f.terms[1] != (casework.Term{Name: "2026-2027学年第二学期", Start: "2027-02-24", End: "2027-07-05"}) {
		t.Fatalf("got terms %+v, want the second term", f.terms)
	}
}

func TestTheSessionTabSetsTheWorkbenchsPreferences(t *testing.T) {
	h, _, _ := openSettings(t, 3)
	for _, o := range h.visible() {
		if sel, ok := o.(*widget.Select); ok && len(sel.Options) == 8 {
			sel.SetSelectedIndex(4) // 10 分钟
		}
	}
	if got := h.app.Preferences().Int(prefIdleMinutes); got != 10 {
		t.Fatalf("got %d idle minutes in the preferences, want 10", got)
	}
}

func TestThePassphraseTheSheetAndTheRekey(t *testing.T) {
	h, f, s := openSettings(t, 4)
	h.wantText(f.dir)

	s.onChangePassphrase()
	var pw []*entry
	for _, o := range h.visible() {
		if e, ok := o.(*entry); ok && e.Password {
			pw = append(pw, e)
		}
	}
	if len(pw) != 3 {
		t.Fatalf("got %d passphrase entries, want old, new and repeat", len(pw))
	}
	typeInto(pw[0], "wrong-old-passphrase")
	typeInto(pw[1], "xin-mi-ma-lan-tian-bai-yun")
	h.wantText("强度")
	typeInto(pw[2], "xin-mi-ma-lan-tian-bai-yun-2")
	h.tap("确认修改")
	h.wantText("两次输入的新密码不一致")
	typeInto(pw[2], "xin-mi-ma-lan-tian-bai-yun")
	h.tap("确认修改")
	h.wantText("密码不正确")
	typeInto(pw[0], f.pass)
	h.tap("确认修改")
	if f.pass != "xin-mi-ma-lan-tian-bai-yun" {
		t.Fatalf("got passphrase %q, want the new one", f.pass)
	}
	h.tap("确定")

	s.onShowSheet()
	for _, o := range h.visible() {
		if e, ok := o.(*entry); ok && e.Password {
			typeInto(e, f.pass)
		}
	}
	h.tap("显示")
	h.wantText("1. " + f.sheet.Groups[0])
	path := filepath.Join(t.TempDir(), "sheet.pdf")
	if err := s.a.d.Printer.WriteSheet(t.Context(), path, f.sheet); err != nil {
		t.Fatal(err)
	}
	h.tap("关闭")

	s.onRekey()
	pw = pw[:0]
	for _, o := range h.visible() {
		if e, ok := o.(*entry); ok && e.Password {
			pw = append(pw, e)
		}
	}
	typeInto(pw[0], "ling-yi-ge-mi-ma-feng-yun-qi")
	typeInto(pw[1], "ling-yi-ge-mi-ma-feng-yun-qi")
	h.tap("立即更换")
	h.wantText("旧的恢复密钥单将不能再打开档案库")
	if f.rekeyed {
		t.Fatal("re-keyed before the confirmation")
	}
	h.tap("是")
	if !f.rekeyed {
		t.Fatal("not re-keyed after the confirmation")
	}
	h.wantText("新的恢复密钥单")
	h.wantText("1. NEWK0")
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
}

func TestEditsNotSavedAreReportedToTheNavigation(t *testing.T) {
	h, _, s := openSettings(t, 1)
	if s.Unsaved() {
		t.Fatal("a settings screen just opened reports unsaved edits")
	}
	typeInto(s.levels[1].label, "一般关注对象")
	if !s.Unsaved() {
		t.Fatal("a renamed level is not reported as unsaved")
	}
	h.tap("保存")
	if s.Unsaved() {
		t.Fatal("saved levels are still reported as unsaved")
	}
	typeInto(s.school.county, "晴川区")
	if !s.Unsaved() {
		t.Fatal("a typed county is not reported as unsaved")
	}

	_, _, r := openMonth(t)
	typeInto(r.nextPlan, "开展期末心理讲座")
	if !r.Unsaved() {
		t.Fatal("typed month notes are not reported as unsaved")
	}
}
