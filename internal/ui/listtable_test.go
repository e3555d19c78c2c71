package ui

import (
	"math/rand/v2"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
	"xinqing/internal/ui/uitest"
)

func TestTheGroupSessionListHasATitleASearchAndSortableColumns(t *testing.T) {
	fg := NewFakeGroups()
	fg.put(&casework.GroupSession{Title: "新生适应", GroupType: casework.GroupTypeClass, Date: "2026-11-03", Leader: "王老师", Participants: 45})
	fg.put(&casework.GroupSession{Title: "认识情绪", GroupType: casework.GroupTypeClass, Date: "2026-11-10", Leader: "李老师", Participants: 8})
	h, s := groupsHarness(t, fg, newGroupsScreen)
	g := s.(*groupsScreen)
	h.WantText("团体辅导") // the screen's title
	h.WantText("显示 2 条，共 2 条")
	if first := g.ed.shown[0].(*casework.GroupSession).Title; first != "认识情绪" {
		t.Fatalf("got %q first, want the newest first", first)
	}
	uitest.TypeInto(h.Input("搜索（任何一栏的文字）"), "李老师")
	h.WantText("显示 1 条，共 2 条")
	g.ed.list.Select(0)
	h.Tap("编辑")
	h.WantText("认识情绪")
	h.Tap("返回列表")
	uitest.TypeInto(h.Input("搜索（任何一栏的文字）"), "")

	// a tap on 参加人数 sorts by it, a second reverses, a third restores
	head := h.Button("参加人数")
	test.Tap(head)
	if first := g.ed.shown[0].(*casework.GroupSession).Participants; first != 8 {
		t.Fatalf("sorted by participants: got %d first, want 8", first)
	}
	test.Tap(h.Button("参加人数 ▲"))
	if first := g.ed.shown[0].(*casework.GroupSession).Participants; first != 45 {
		t.Fatalf("sorted by participants, descending: got %d first, want 45", first)
	}
	test.Tap(h.Button("参加人数 ▼"))
	if first := g.ed.shown[0].(*casework.GroupSession).Title; first != "认识情绪" {
		t.Fatalf("after the third tap: got %q first, want the list's own order", first)
	}
}

func TestKeyColumnsAreNeverCut(t *testing.T) {
	rows := []string{"2026-11-03", "一个很长很长很长的名字"}
	tbl := newListTable(&rows, []tableCol[string]{
		{title: "日期", key: true, text: func(s string) string { return s }},
		{title: "说明", text: func(s string) string { return s + s + s + s + s + s }},
	})
	w := test.NewTempWindow(t, tbl.view)
	w.Resize(fyne.NewSize(300, 300))
	tbl.update()
	if got, want := tbl.widths[0], textWidth("一个很长很长很长的名字"); got < want {
		t.Fatalf("the key column is %.0f px, narrower than its widest text (%.0f px)", got, want)
	}
	if m := tbl.view.MinSize().Width; m > 300 {
		t.Fatalf("the table asks for %.0f px; it should scroll sideways instead", m)
	}
}

func TestAttendanceTakesAClassAndSingleStudentsWithoutANestedScroll(t *testing.T) {
	fg := NewFakeGroups()
	fg.AddStudent("林小雨", "七年级", "七(1)班")
	fg.AddStudent("周晓峰", "七年级", "七(1)班")
	fg.AddStudent("王林", "八年级", "八(2)班")
	h, s := groupsHarness(t, fg, newGroupsScreen)
	g := s.(*groupsScreen)
	h.Tap("新增")
	h.Select("", "七(1)班")
	h.Tap("载入班级名单")
	h.Tap("添加学生…")
	uitest.TypeInto(h.Input("输入姓名、拼音、首字母或学籍号"), "王林")
	lists := h.Lists()
	lists[len(lists)-1].Select(0)
	h.WantText("出席 3 人，缺席 0 人，需跟进 0 人")
	h.WantText("王林  八(2)班")
	for _, o := range h.Visible() {
		if l, ok := o.(*widget.List); ok && l != g.ed.list && l != lists[0] {
			t.Fatal("the attendance is in a list of its own inside the form")
		}
	}
	// a row goes with its delete button
	dels := h.iconButtons("delete")
	test.Tap(dels[len(dels)-1])
	h.WantText("出席 2 人，缺席 0 人，需跟进 0 人")
}

func TestASecondCommitteeMemberInAClassIsPointedOut(t *testing.T) {
	fg := NewFakeGroups()
	s1 := fg.AddStudent("周一", "七年级", "七(2)班")
	fg.AddStudent("周二", "七年级", "七(2)班")
	fg.put(&casework.CommitteeMember{StudentID: s1.ID, Grade: "七年级", Class: "七(2)班", AppointedOn: "2026-09-01"})
	h, s := groupsHarness(t, fg, newCommitteeScreen)
	c := s.(*committeeScreen)
	c.list.Select(0)
	h.Tap("任命心理委员")
	uitest.TypeInto(h.Input("输入姓名、拼音或学籍号搜索学生"), "周二")
	var results *widget.List
	for _, o := range h.Visible() {
		if l, ok := o.(*widget.List); ok && l != c.list {
			results = l
		}
	}
	results.Select(0)
	h.WantText("学生：周二")
	h.WantText("注意：七(2)班已有在任心理委员 周一。如确需第二名，可继续保存。")
	if h.Shows("今天卸任") {
		t.Fatal("a new appointment offers 今天卸任")
	}
}

func TestFreeTextThatRepeatsOffersEarlierValues(t *testing.T) {
	fg := NewFakeGroups()
	for _, c := range []string{"学习压力", "人际关系", "学习压力"} {
		fg.put(&casework.Visit{Date: "2026-11-02", Category: c})
	}
	h, s := groupsHarness(t, fg, newActivitiesScreen)
	as := s.(*activitiesScreen)
	tabs := h.Tabs()
	for i, tb := range as.tabs {
		if tb.ed.kind == casework.KindVisit {
			tabs.SelectIndex(i)
		}
	}
	h.Tap("新增")
	var pick *widget.Select
	for _, o := range h.Visible() {
		if sel, ok := o.(*widget.Select); ok && sel.PlaceHolder == "以前填过的…" {
			pick = sel
		}
	}
	if pick == nil || len(pick.Options) != 2 || pick.Options[0] != "学习压力" {
		t.Fatalf("got suggestions %v, want 学习压力 (used twice) then 人际关系", pick)
	}
	pick.SetSelected("人际关系")
	var got string
	for _, tb := range as.tabs {
		if tb.ed.kind == casework.KindVisit {
			got = tb.ed.editing.form.entry("category").Text
		}
	}
	if got != "人际关系" {
		t.Fatalf("got category %q, want the picked 人际关系", got)
	}
}

func TestAMultiLineFieldGrowsWithItsText(t *testing.T) {
	e := newMultiLineEntry(&activity{})
	e.SetMinRowsVisible(3)
	w := test.NewTempWindow(t, container.NewVBox(e))
	w.Resize(fyne.NewSize(320, 800))
	short := e.MinSize().Height
	e.SetText(strings.Repeat("近期考试焦虑，入睡困难，早醒。", 12) + "\n第二段\n第三段")
	if e.rows <= 3 || e.MinSize().Height <= short {
		t.Fatalf("got %d rows (%.0f px high, %.0f before), want the field to grow to its text", e.rows, e.MinSize().Height, short)
	}
	e.SetText("")
	if e.rows != 3 {
		t.Fatalf("got %d rows for an empty field, want its 3", e.rows)
	}
}

// Only a column's likely widest texts are measured, and the widest of
// those is the widest of all: over mixed names, statuses, dates, Latin
// and rare characters the chosen width equals measuring every row.
func TestKeyColumnWidthMeasuresFewRowsAndStillTheWidest(t *testing.T) {
	test.NewTempApp(t)
	r := rand.New(rand.NewPCG(5, 9))
	parts := []string{"欧阳", "䶮", "李", "𠮷", "王", "子", "涵", "Li", "Wei", "Mmm", "iii", "W", "l", "2026-11-", "（转介）", "·", "3", "已结案", "ABC", "x"}
	var rows []string
	for range 3000 {
		var b strings.Builder
		for range 1 + r.IntN(5) {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		rows = append(rows, b.String())
	}
	tbl := newListTable(&rows, []tableCol[string]{{title: "姓名", key: true, text: func(s string) string { return s }}})
	var all float32
	for _, s := range rows {
		all = max(all, tbl.measure(s))
	}
	cands := widestTexts(rows, func(s string) string { return s })
	if len(cands) > widestCandidates {
		t.Fatalf("%d texts measured, want at most %d", len(cands), widestCandidates)
	}
	var got float32
	for _, s := range cands {
		got = max(got, tbl.measure(s))
	}
	if got != all {
		t.Fatalf("the widest candidate is %.1f px, the widest row %.1f px", got, all)
	}
}
