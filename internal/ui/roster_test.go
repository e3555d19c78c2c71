package ui

import (
	"os"
	"path/filepath"
	"testing"

	"xinqing/internal/casework"
)

func TestTheRosterWizardPreviewsThenImportsSkippingBadRowsOnlyWhenAsked(t *testing.T) {
	h, f, s := openSettings(t, 5)
	file := filepath.Join(t.TempDir(), "花名册.xlsx")
	if err := os.WriteFile(file, []byte("xlsx"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := s.roster
	if !r.apply.Disabled() {
		t.Fatal("导入 is enabled before a roster is chosen")
	}
	r.previewFile(file)
	h.WantText("工作表“Sheet1”，表头在第 2 行")
	h.WantText("姓名 ← “学生姓名”")
	h.WantText("新增 1 人，更新 1 人，无变化 0 人，有问题 1 行。")
	h.WantText("第 5 行：缺少姓名")
	if r.rows[0].Action != "bad" {
		t.Fatalf("got %q first, want the problem row first", r.rows[0].Action)
	}
	h.WantText("必填列：姓名、性别、班级")
	tmpl := filepath.Join(t.TempDir(), "模板.xlsx")
	h.ui.d.PickSave = func(_ string, f func(string)) { f(tmpl) }
	h.Tap("下载名单模板")
	if _, err := os.Stat(tmpl); err != nil {
		t.Fatalf("the template was not written: %v", err)
	}
	h.Tap("导入")
	h.WantText("有 1 行有问题")
	if f.students != 0 {
		t.Fatal("imported with bad rows and skipping not ticked")
	}
	r.skipBad.SetChecked(true)
	h.Tap("导入")
	h.WantText("导入花名册：新增 1 人，更新 1 人？")
	h.Tap("是")
	if f.students != 1 {
		t.Fatalf("got %d students added, want 1", f.students)
	}
	h.WantText("已导入：新增 1 人，更新 1 人，跳过 1 行。")

	out := filepath.Join(t.TempDir(), "学生.xlsx")
	r.exportTo(casework.KindStudent, out)
	if f.exported[casework.KindStudent] != out {
		t.Fatalf("got exports %v, want the students to %s", f.exported, out)
	}
	h.WantText("已导出 3 条记录")
}

func TestAnUnreadableRosterSaysWhy(t *testing.T) {
	_, _, s := openSettings(t, 5)
	s.roster.previewFile(filepath.Join(t.TempDir(), "missing.xlsx"))
	if s.roster.msg.Text == "" || !s.roster.apply.Disabled() {
		t.Fatalf("got message %q, apply enabled=%v; want a reason and no import", s.roster.msg.Text, !s.roster.apply.Disabled())
	}
}
