package ui

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"xinqing/internal/casework"
)

// resultsImportHarness shows 活动与日志 at 1024×600 with a saved
// screening, four students and the fake import.
func resultsImportHarness(t *testing.T) (*harness, *FakeResultsImport, *activitiesScreen, string) {
	t.Helper()
	fg := NewFakeGroups()
	stu := func(name, no, class string) *casework.Student {
		return &casework.Student{Meta: casework.Meta{ID: casework.NewID()}, Name: name, Gender: casework.GenderMale, StudentNo: no,
			Grade: "七年级", Class: class, Status: casework.StudentStatusEnrolled}
	}
	students := NewFakeStudents(stu("韩一诺", "0701001", "七(1)班"), stu("韩二诺", "", "七(1)班"), stu("周同", "", "七(2)班"), stu("周同", "", "七(2)班"))
	ri := NewFakeResultsImport(students, fg)
	if err := fg.SaveRecord(context.Background(), &casework.Screening{Name: "秋季普查", DateTo: "2026-11-10", Expected: 4}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "平台结果.xlsx")
	if err := os.WriteFile(file, []byte("xlsx"), 0o600); err != nil {
		t.Fatal(err)
	}
	h := screenHarness(t, time.Date(2026, 11, 26, 9, 0, 0, 0, time.Local), fyne.NewSize(1024, 600), func(d *Deps) {
		d.Groups, d.ResultsImport = fg, ri
		d.PickOpen = func(f func(string)) { f(file) }
	})
	s := newActivitiesScreen(h.ui).(*activitiesScreen)
	h.win.SetContent(s.Content())
	h.Tabs().SelectIndex(4)
	s.tabs[4].ed.list.Select(0)
	h.Tap("编辑")
	return h, ri, s, file
}

func TestResultsImportFromTheScreeningFormPreviewsThenImports(t *testing.T) {
	h, ri, _, _ := resultsImportHarness(t)
	h.Tap("导入平台结果")
	h.WantText("导入平台结果：秋季普查")
	h.WantText("仅供参考，不作为诊断依据")
	h.Tap("选择结果表…")
	h.WantText("表头在第 1 行")
	h.WantText("A 学籍号")
	h.WantText("韩一诺") // the first rows as read
	// A wrong mapping is refused with the reader's sentence.
	h.Select("学籍号", "不导入")
	h.Select("姓名", "不导入")
	h.Tap("预览匹配结果")
	h.WantText("没有可识别的学生列")
	h.Select("不导入", "学籍号")
	h.Select("不导入", "姓名")
	h.Tap("预览匹配结果")
	h.WantText("已匹配 (2)")
	h.WantText("未匹配 (1)")
	h.WantText("重名 (1)")
	h.WantText("未取得知情同意")
	h.Tap("确认导入")
	h.WantText("有 2 行未匹配或重名")
	if len(ri.results) != 0 {
		t.Fatal("imported with unmatched rows and skipping not ticked")
	}
	tapCheck(h, "跳过未匹配和重名的行")
	h.Tap("确认导入")
	h.WantText("导入测评结果：新增 2 条，更新 0 条？")
	h.Tap("是")
	h.WantText("已导入：新增 2 条，更新 0 条，无变化 0 条，跳过 2 行。")
	if len(ri.results) != 2 {
		t.Fatalf("got %d results, want 2", len(ri.results))
	}
	h.Tap("返回")
	h.WantText("测评名称")
}

func TestResultsImportRemembersThePlatform(t *testing.T) {
	h, ri, _, _ := resultsImportHarness(t)
	h.Tap("导入平台结果")
	h.Tap("选择结果表…")
	h.Tap("预览匹配结果")
	tapCheck(h, "跳过未匹配和重名的行")
	// The platform typed before the import is remembered with it.
	if ps, _ := ri.ResultPlatforms(context.Background()); len(ps) != 0 {
		t.Fatalf("platforms before any import: %v", ps)
	}
	for _, in := range h.Inputs("如：市心理健康测评平台（用于记住列的对应）") {
		if e, ok := in.(fyne.Focusable); ok {
			test.Type(e, "区测评平台")
		}
	}
	h.Tap("确认导入")
	h.Tap("是")
	if ps, _ := ri.ResultPlatforms(context.Background()); len(ps) != 1 || ps[0] != "区测评平台" {
		t.Fatalf("platforms after the import: %v", ps)
	}
}

// tapCheck taps a check box in the middle of its height (a check in a
// row of taller buttons ignores a tap at its top edge).
func tapCheck(h *harness, text string) {
	h.t.Helper()
	cs := h.Checks(text)
	if len(cs) == 0 {
		h.t.Fatalf("no check %q", text)
	}
	test.TapAt(cs[0], fyne.NewPos(5, cs[0].Size().Height/2))
}
