package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

func TestANewKeyStudentAsksForTheInitialLevelInTheFormItself(t *testing.T) {
	fc := NewFakeCases(testStudents()...)
	h, s := casesHarness(t, fc, newKeyStudentsScreen)
	ks := s.(*keyStudentsScreen)
	p := ks.pane
	h.Tap("纳入重点学生")
	h.WantText("初始等级 *")
	pickStudent(h, p, "周晓峰")
	setField(t, p, "included_on", "2026-09-01")
	chooseOption(t, p, "inclusion_source", enumLabel("inclusion_source", "screening"))
	setField(t, p, "plan.review_on", "2026-10-01")
	h.Tap("保存")
	h.WantText("请选择初始等级")
	if !strings.Contains(p.msg.Text, "请选择初始等级") {
		t.Fatalf("got summary %q, want it to name the initial level", p.msg.Text)
	}
	if n := len(fc.all(casework.KindKeyStudent)); n != 0 {
		t.Fatalf("got %d key students saved without a level, want none", n)
	}
	ks.initial.obj.(*widget.Select).SetSelected("三级(黄) 关注")
	h.Tap("保存")
	h.WantText("已保存")
	k := fc.all(casework.KindKeyStudent)[0].(*casework.KeyStudent)
	if len(k.Levels) != 1 || k.Levels[0].Level != "yellow" || k.Levels[0].Date != "2026-09-01" {
		t.Fatalf("got levels %+v, want yellow from the inclusion day", k.Levels)
	}
	if ks.initialBox.Visible() {
		t.Fatal("the initial level is still asked for a saved key student")
	}
	// the review date 2026-10-01 is past on 2026-11-28
	h.WantText("复核日期 2026-10-01 已过，请复核干预方案。")

	// the level history refuses an entry without a level
	addEntry(h, p, "levels", []string{"2026-11-01", "情况好转"}, nil)
	h.WantText("请选择等级")
	h.Tap("取消")
	if p.form.dirty {
		t.Fatal("a refused level entry changed the form")
	}
}
