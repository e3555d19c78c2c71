package ui

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
	"xinqing/internal/ui/uitest"
)

func openSettings(t *testing.T, tab int) (*harness, *FakeReports, *settingsScreen) {
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
	uitest.TypeInto(s.school.county, "晴川区")
	h.Tap("保存")
	if h.settings.saves != 1 || h.settings.school.County != "晴川区" {
		t.Fatalf("got %d saves of %+v, want the county saved (%s)", h.settings.saves, h.settings.school, h.Texts())
	}
}

func TestALevelInUseCannotBeRemovedAndOthersAreEdited(t *testing.T) {
	h, f, s := openSettings(t, 1)
	h.WantText("第 1 级")
	if b := h.Button("使用中"); !b.Disabled() {
		t.Fatal("the remove button of a level in use is enabled")
	}
	uitest.TypeInto(s.levels[1].days, "0")
	h.Tap("保存")
	if s.levels[1].daysErr.Text != "请填写 1 到 365 的整数" {
		t.Fatalf("got %q next to the days, want the range", s.levels[1].daysErr.Text)
	}
	uitest.TypeInto(s.levels[1].days, "45")
	h.Tap("添加等级")
	uitest.TypeInto(s.levels[2].label, "一般关注")
	s.moveLevel(2, -1)
	h.Tap("保存")
	if len(f.levels) != 3 || f.levels[1].Label != "一般关注" || f.levels[1].Rank != 2 || f.levels[2].FollowUpDays != 45 {
		t.Fatalf("got levels %+v, want the new level second and 45 days kept", f.levels)
	}
	s.removeLevel(2)
	h.Tap("是")
	h.Tap("保存")
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
	h.Tap("添加学期")
	r := s.terms[1]
	uitest.TypeInto(r.name, "2026-2027学年第二学期")
	uitest.TypeInto(r.start, "2027-02-24")
	uitest.TypeInto(r.end, "2027-02-01")
	h.Tap("保存")
	if r.endErr.Text != "结束日期不能早于开始日期" || len(f.terms) != 1 {
		t.Fatalf("got %q and %d terms saved, want the order refused", r.endErr.Text, len(f.terms))
	}
	uitest.TypeInto(r.end, "2027-07-05")
	h.Tap("保存")
	if len(f.terms) != 2 || f.terms[1] != (casework.Term{Name: "2026-2027学年第二学期", Start: "2027-02-24", End: "2027-07-05"}) {
		t.Fatalf("got terms %+v, want the second term", f.terms)
	}
}

func TestTheSessionTabSetsTheWorkbenchsPreferences(t *testing.T) {
	h, _, _ := openSettings(t, 3)
	for _, o := range h.Visible() {
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
	h.WantText(f.dir)

	s.onChangePassphrase()
	var pw []*entry
	for _, o := range h.Visible() {
		if e, ok := o.(*entry); ok && e.Password {
			pw = append(pw, e)
		}
	}
	if len(pw) != 3 {
		t.Fatalf("got %d passphrase entries, want old, new and repeat", len(pw))
	}
	uitest.TypeInto(pw[0], "wrong-old-passphrase")
	uitest.TypeInto(pw[1], "xin-mi-ma-lan-tian-bai-yun")
	h.WantText("强度")
	uitest.TypeInto(pw[2], "xin-mi-ma-lan-tian-bai-yun-2")
	h.Tap("确认修改")
	h.WantText("两次输入的新密码不一致")
	uitest.TypeInto(pw[2], "xin-mi-ma-lan-tian-bai-yun")
	h.Tap("确认修改")
	h.WantText("密码不正确")
	uitest.TypeInto(pw[0], f.pass)
	h.Tap("确认修改")
	if f.pass != "xin-mi-ma-lan-tian-bai-yun" {
		t.Fatalf("got passphrase %q, want the new one", f.pass)
	}
	h.Tap("确定")

	s.onShowSheet()
	for _, o := range h.Visible() {
		if e, ok := o.(*entry); ok && e.Password {
			uitest.TypeInto(e, f.pass)
		}
	}
	h.Tap("显示")
	h.WantText("1. " + f.sheet.Groups[0])
	path := filepath.Join(t.TempDir(), "sheet.pdf")
	if err := s.a.d.Printer.WriteSheet(t.Context(), path, f.sheet); err != nil {
		t.Fatal(err)
	}
	h.Tap("关闭")

	s.onRekey()
	pw = pw[:0]
	for _, o := range h.Visible() {
		if e, ok := o.(*entry); ok && e.Password {
			pw = append(pw, e)
		}
	}
	uitest.TypeInto(pw[0], "ling-yi-ge-mi-ma-feng-yun-qi")
	uitest.TypeInto(pw[1], "ling-yi-ge-mi-ma-feng-yun-qi")
	h.Tap("立即更换")
	h.WantText("旧的恢复密钥单将不能再打开档案库")
	if f.rekeyed {
		t.Fatal("re-keyed before the confirmation")
	}
	h.Tap("是")
	if !f.rekeyed {
		t.Fatal("not re-keyed after the confirmation")
	}
	h.WantText("新的恢复密钥单")
	h.WantText("1. NEWK0")
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
}

func TestEditsNotSavedAreReportedToTheNavigation(t *testing.T) {
	h, _, s := openSettings(t, 1)
	if s.Unsaved() {
		t.Fatal("a settings screen just opened reports unsaved edits")
	}
	uitest.TypeInto(s.levels[1].label, "一般关注对象")
	if !s.Unsaved() {
		t.Fatal("a renamed level is not reported as unsaved")
	}
	h.Tap("保存")
	if s.Unsaved() {
		t.Fatal("saved levels are still reported as unsaved")
	}
	uitest.TypeInto(s.school.county, "晴川区")
	if !s.Unsaved() {
		t.Fatal("a typed county is not reported as unsaved")
	}

	_, _, r := openMonth(t)
	uitest.TypeInto(r.nextPlan, "开展期末心理讲座")
	if !r.Unsaved() {
		t.Fatal("typed month notes are not reported as unsaved")
	}
}
