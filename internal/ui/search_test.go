package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
	"xinqing/internal/ui/uitest"
)

func TestTheTopBarSearchGroupsResultsByKindAndOpensThem(t *testing.T) {
	a, drv := unlockedApp(t, seededDeps(t), LangChinese, fyne.NewSize(1366, 768))

	// Ctrl+F puts the cursor in the search field from anywhere
	drv.Window().Canvas().(test.WindowlessCanvas).Unfocus()
	a.shortcut(searchShortcut())
	if drv.Window().Canvas().Focused() != a.searchEntry {
		t.Fatal("Ctrl+F did not focus the search field")
	}

	box := drv.Input("查找学生或记录（Ctrl+F）")
	uitest.TypeInto(box, "王林")
	uitest.Submit(box)
	drv.WantText("查找“王林”")
	drv.WantText("学生（1）")
	drv.Tap("王林（七(1)班）  20260101")
	drv.WantText("全部记录（新的在前）") // the student's page
	drv.WantNoText("查找“王林”")

	uitest.TypeInto(box, "市精神卫生")
	uitest.Submit(box)
	drv.WantText("转介（1）")
	var hit *widget.Button
	for _, o := range drv.Visible() {
		if b, ok := o.(*widget.Button); ok && strings.HasPrefix(b.Text, "王林（七(1)班）  ") && strings.Contains(b.Text, "【市精神卫生】") {
			hit = b
		}
	}
	if hit == nil {
		t.Fatalf("no referral hit naming the student with the match marked; the screen shows:\n%s", drv.Texts())
	}
	test.Tap(hit)
	cs, ok := a.shell.current.(*crisisScreen)
	if !ok {
		t.Fatalf("got screen %T, want 危机与转介", a.shell.current)
	}
	if cs.referrals.cur == nil || cs.referrals.cur.Base().ID == "" {
		t.Fatal("the referral is not open in its form")
	}
}

// A hit on a 团体辅导 record opens that record in its form on the group
// screen, not a student's page.
func TestASearchHitOnAGroupSessionOpensIt(t *testing.T) {
	d := seededDeps(t)
	fg := d.Groups.(*FakeGroups)
	if err := fg.SaveRecord(context.Background(), &casework.GroupSession{Date: "2026-11-18", GroupType: casework.GroupTypeClass,
		Title: "情绪管理团体第二次", DurationMin: 40, Participants: 12, Leader: "李老师"}); err != nil {
		t.Fatal(err)
	}
	id := fg.all(casework.KindGroupSession)[0].Base().ID
	a, drv := unlockedApp(t, d, LangChinese, fyne.NewSize(1024, 600))
	box := drv.Input("查找学生或记录（Ctrl+F）")
	uitest.TypeInto(box, "情绪管理")
	uitest.Submit(box)
	drv.WantText("团体辅导（1）")
	var hit *widget.Button
	for _, o := range drv.Visible() {
		if b, ok := o.(*widget.Button); ok && strings.Contains(b.Text, "【情绪管理】") {
			hit = b
		}
	}
	if hit == nil {
		t.Fatalf("the group session is not a hit that opens; the screen shows:\n%s", drv.Texts())
	}
	test.Tap(hit)
	g, ok := a.shell.current.(*groupsScreen)
	if !ok {
		t.Fatalf("got screen %T, want 团体辅导", a.shell.current)
	}
	if g.ed.editing == nil || g.ed.editing.form.rec.Base().ID != id {
		t.Fatal("the group session is not open in its form")
	}
	drv.WantText("编辑团体辅导")
	drv.WantNoText("全部记录（新的在前）")
}
