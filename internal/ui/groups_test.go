package ui

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
	"xinqing/internal/ui/uitest"
)

func TestGroupSessionWithProcessTableAttendanceAndSeriesIsSaved(t *testing.T) {
	fg := NewFakeGroups()
	a1 := fg.AddStudent("林一", "七年级", "七(2)班")
	a2 := fg.AddStudent("林二", "七年级", "七(2)班")
	fg.AddStudent("林三", "七年级", "七(1)班")
	fg.put(&casework.GroupSession{Title: "认识情绪", Series: "情绪管理", SeriesNo: 2, GroupType: casework.GroupTypeClass,
		Date: "2026-11-12", Leader: "王老师", Participants: 40})
	h, _ := groupsHarness(t, fg, newGroupsScreen)
	h.WantText("情绪管理 第2次")

	h.Tap("新增")
	h.WantText("新增团体辅导")
	// Saving with the required fields empty keeps the form and says why
	// next to the fields.
	h.Tap("保存")
	h.WantText("主题")
	if n := len(fg.all(casework.KindGroupSession)); n != 1 {
		t.Fatalf("got %d group sessions after an invalid save, want 1", n)
	}
	uitest.TypeInto(h.entry("主题"), "情绪的小怪兽")
	uitest.TypeInto(h.entry("系列名"), "情绪管理")
	if got := h.entry("第几次").Text; got != "3" {
		t.Fatalf("got series number %q for the next session of the series, want 3", got)
	}
	uitest.TypeInto(h.entry("带领者"), "王老师")
	uitest.TypeInto(h.entry("参加人数"), "2")

	h.Tap("添加环节")
	h.Tap("添加环节")
	h.Tap("添加环节")
	segs := h.entries("环节")
	if len(segs) != 3 {
		t.Fatalf("got %d process rows, want 3", len(segs))
	}
	for i, name := range []string{"热身", "主题活动", "多余"} {
		uitest.TypeInto(segs[i], name)
		uitest.TypeInto(h.entries("分钟")[i], []string{"5", "25", "1"}[i])
	}
	uitest.TypeInto(h.entries("活动内容")[1], "情绪卡片分享")
	uitest.TypeInto(h.entries("观察记录")[1], "学生参与积极")
	// Remove the third row, then move 主题活动 above 热身.
	removeButtons := h.iconButtons("delete")
	test.Tap(removeButtons[2])
	test.Tap(h.iconButtons("up")[1])

	// Attendance from the class list: one absent with a reason, one to follow up.
	var class *widget.Select
	for _, o := range h.Visible() {
		if s, ok := o.(*widget.Select); ok && s.PlaceHolder == "选择班级" {
			class = s
		}
	}
	if class == nil || !slices.Contains(class.Options, "七(2)班") || !slices.Contains(class.Options, "七(1)班") {
		t.Fatalf("class picker offers %v, want the classes of the students", class.Options)
	}
	class.SetSelected("七(2)班")
	h.Tap("载入班级名单")
	h.WantText("出席 2 人，缺席 0 人，需跟进 0 人")
	present := h.Checks("出席")
	test.Tap(present[1])
	uitest.TypeInto(h.entries("缺席原因")[1], "病假")
	test.Tap(h.Checks("需跟进")[0])
	h.WantText("出席 1 人，缺席 1 人，需跟进 1 人")
	h.Tap("按出席人数填写参加人数")
	if got := h.entry("参加人数").Text; got != "1" {
		t.Fatalf("got %q participants from the attendance, want 1", got)
	}

	h.Tap("保存")
	h.WantText("已保存。")
	all := fg.all(casework.KindGroupSession)
	if len(all) != 2 {
		t.Fatalf("got %d group sessions, want 2", len(all))
	}
	var g *casework.GroupSession
	for _, r := range all {
		if x := r.(*casework.GroupSession); x.Title == "情绪的小怪兽" {
			g = x
		}
	}
	if g == nil {
		t.Fatal("the new session is not stored")
	}
	if g.SeriesNo != 3 || g.Series != "情绪管理" || g.Participants != 1 || g.Date != "2026-11-26" {
		t.Fatalf("got series %q no %d, %d participants on %s; want 情绪管理 no 3, 1 participant on 2026-11-26", g.Series, g.SeriesNo, g.Participants, g.Date)
	}
	want := []casework.ProcessSegment{{Segment: "主题活动", Minutes: 25, Activity: "情绪卡片分享", Observations: "学生参与积极"}, {Segment: "热身", Minutes: 5}}
	if !slices.Equal(g.Process, want) {
		t.Fatalf("got process %+v, want %+v", g.Process, want)
	}
	wantAtt := []casework.Attendance{{StudentID: a1.ID, Present: true}, {StudentID: a2.ID, Present: false, Reason: "病假"}}
	if !slices.Equal(g.Attendance, wantAtt) {
		t.Fatalf("got attendance %+v, want %+v", g.Attendance, wantAtt)
	}
	if !slices.Equal(g.FollowUpStudentIDs, []string{a1.ID}) {
		t.Fatalf("got follow-up %v, want [%s]", g.FollowUpStudentIDs, a1.ID)
	}
}

func TestGroupSessionFormAsksBeforeDroppingChangesAndPrintsWhereChosen(t *testing.T) {
	fg := NewFakeGroups()
	fg.put(&casework.GroupSession{Title: "新生适应", GroupType: casework.GroupTypeClass, Date: "2026-11-03", Leader: "王老师", Participants: 45})
	h, s := groupsHarness(t, fg, newGroupsScreen)
	g := s.(*groupsScreen)
	g.ed.list.Select(0)
	h.Tap("编辑")
	uitest.TypeInto(h.entry("地点"), "心理辅导室")
	h.Tap("返回列表")
	h.WantText("放弃修改？")
	if g.ed.editing == nil {
		t.Fatal("the dirty form was left without asking")
	}
	h.Tap("否")
	h.Tap("保存")
	h.WantText("已保存。")
	if got := fg.all(casework.KindGroupSession)[0].(*casework.GroupSession).Place; got != "心理辅导室" {
		t.Fatalf("got place %q, want 心理辅导室", got)
	}
	g.ed.list.Select(0)
	h.Tap("编辑")
	path := filepath.Join(t.TempDir(), "group.pdf")
	g.ed.pickSave = func(name string, f func(string)) { f(path) }
	h.Tap("打印团体辅导记录表")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the record was not printed where chosen: %v", err)
	}
	if len(fg.printed) != 1 {
		t.Fatalf("got %d prints, want 1", len(fg.printed))
	}
}

func TestAppointingACommitteeMemberFillsTheClassAndRecordsTrainingsAndLeaving(t *testing.T) {
	fg := NewFakeGroups()
	fg.AddStudent("周一", "七年级", "七(1)班")
	s2 := fg.AddStudent("周二", "七年级", "七(2)班")
	fg.AddStudent("周三", "八年级", "八(1)班")
	h, s := groupsHarness(t, fg, newCommitteeScreen)
	c := s.(*committeeScreen)
	h.WantText("全校 3 个班：已设心理委员 0 个班，未设 3 个班")
	h.WantText("未设")
	// The rows are in school order; pick 七(2)班.
	row := slices.IndexFunc(c.rows, func(r committeeRow) bool { return r.class.Class == "七(2)班" })
	if row != 1 {
		t.Fatalf("got 七(2)班 at row %d, want 1 (after 七(1)班)", row)
	}
	c.list.Select(row)
	h.Tap("任命心理委员")
	h.WantText("周二")
	var results *widget.List
	for _, o := range h.Visible() {
		if l, ok := o.(*widget.List); ok && l != c.list {
			results = l
		}
	}
	results.Select(0)
	h.WantText("学生：周二")
	h.Tap("保存")
	h.WantText("全校 3 个班：已设心理委员 1 个班，未设 2 个班")
	ms := fg.all(casework.KindCommitteeMember)
	if len(ms) != 1 {
		t.Fatalf("got %d committee members, want 1", len(ms))
	}
	m := ms[0].(*casework.CommitteeMember)
	if m.StudentID != s2.ID || m.Class != "七(2)班" || m.Grade != "七年级" || m.AppointedOn != "2026-11-26" || m.Role != casework.CommitteeRoleMember {
		t.Fatalf("got member %+v, want 周二 of 七年级 七(2)班 appointed 2026-11-26", m)
	}

	// A training and leaving today.
	row = slices.IndexFunc(c.rows, func(r committeeRow) bool { return r.member != nil })
	c.list.Select(row)
	h.Tap("编辑 / 卸任 / 培训")
	h.Tap("添加培训")
	uitest.TypeInto(h.entry("YYYY-MM-DD"), "2026-11-20") // the first date is appointed_on
	dates := h.entries("YYYY-MM-DD")
	uitest.TypeInto(dates[len(dates)-1], "2026-11-25")
	uitest.TypeInto(h.entry("培训主题"), "识别同学的情绪信号")
	uitest.TypeInto(h.entry("学时"), "1.5")
	h.Tap("今天卸任")
	h.Tap("保存")
	m = fg.all(casework.KindCommitteeMember)[0].(*casework.CommitteeMember)
	if m.LeftOn != "2026-11-26" || m.AppointedOn != "2026-11-20" {
		t.Fatalf("got appointed %s left %s, want 2026-11-20 and 2026-11-26", m.AppointedOn, m.LeftOn)
	}
	if want := []casework.Training{{Date: "2026-11-25", Topic: "识别同学的情绪信号", Hours: 1.5}}; !slices.Equal(m.Trainings, want) {
		t.Fatalf("got trainings %+v, want %+v", m.Trainings, want)
	}
	h.WantText("全校 3 个班：已设心理委员 0 个班，未设 3 个班")

	// A mistaken appointment can be deleted after confirmation.
	fg.put(&casework.CommitteeMember{StudentID: s2.ID, Grade: "七年级", Class: "七(2)班", AppointedOn: "2026-11-01"})
	c.ed.reload()
	h.WantText("已设心理委员 1 个班")
	c.list.Select(slices.IndexFunc(c.rows, func(r committeeRow) bool { return r.member != nil && r.member.AppointedOn == "2026-11-01" }))
	h.Tap("删除")
	h.Tap("是")
	h.WantText("已设心理委员 0 个班")
	if n := len(fg.all(casework.KindCommitteeMember)); n != 1 {
		t.Fatalf("got %d committee members after deleting one, want 1", n)
	}

	// The roster prints where the user chooses.
	path := filepath.Join(t.TempDir(), "roster.pdf")
	c.ed.pickSave = func(name string, f func(string)) { f(path) }
	h.Tap("打印名册")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the roster was not printed where chosen: %v", err)
	}
	if want := []string{"roster 2026-11-26"}; !slices.Equal(fg.printed, want) {
		t.Fatalf("got prints %v, want %v", fg.printed, want)
	}
}

func TestAWeekOfClassReportsIsSavedInOneGoWithTheMemberPreselected(t *testing.T) {
	fg := NewFakeGroups()
	s1 := fg.AddStudent("吴一", "七年级", "七(1)班")
	fg.AddStudent("吴二", "七年级", "七(2)班")
	fg.AddStudent("吴三", "七年级", "七(3)班")
	fg.put(&casework.CommitteeMember{StudentID: s1.ID, Grade: "七年级", Class: "七(1)班", AppointedOn: "2026-09-01"})
	member := fg.all(casework.KindCommitteeMember)[0].Base().ID
	fg.put(&casework.ClassReport{Class: "七(3)班", WeekStart: "2026-11-23", Mood: casework.MoodFair, Concerns: 2, ConcernNotes: "WX"})
	existing := fg.all(casework.KindClassReport)[0].Base().ID
	fg.put(&casework.ClassReport{Class: "七(1)班", WeekStart: "2026-11-16", Concerns: 9})

	h, s := groupsHarness(t, fg, func(a *App) Screen {
		w := newWeeklyGrid(a)
		return weeklyScreen{w}
	})
	w := s.(weeklyScreen).w
	w.reload()
	h.WantText("2026-11-23（周一）至 2026-11-29")
	h.WantText("共 3 个班，本周已填 1 个班。")
	concerns := h.entries("0")
	if len(concerns) != 3 || concerns[2].Text != "2" || concerns[0].Text != "" {
		t.Fatalf("got %d concern inputs (third %q), want 3 with the stored 2 of 七(3)班", len(concerns), concerns[2].Text)
	}
	var moods, members []*widget.Select
	for _, o := range h.Visible() {
		if s, ok := o.(*widget.Select); ok {
			if slices.Contains(s.Options, "良好") {
				moods = append(moods, s)
			} else {
				members = append(members, s)
			}
		}
	}
	if members[0].Selected != "吴一" {
		t.Fatalf("got member %q preselected for 七(1)班, want 吴一", members[0].Selected)
	}
	moods[0].SetSelected("良好")
	uitest.TypeInto(concerns[0], "1")
	uitest.TypeInto(h.entries("只写姓名首字母或学号")[0], "LY")
	test.Tap(h.Checks("已签字")[0])
	uitest.TypeInto(concerns[2], "3")
	test.Tap(h.Checks("需介入")[2])
	h.Tap("保存本周")
	h.WantText("已保存 2 个班的周报")
	if !slices.Equal(fg.batches, []int{2}) {
		t.Fatalf("got save batches %v, want one batch of 2", fg.batches)
	}
	var got []*casework.ClassReport
	for _, r := range fg.all(casework.KindClassReport) {
		if x := r.(*casework.ClassReport); x.WeekStart == "2026-11-23" {
			got = append(got, x)
		}
	}
	if len(got) != 2 {
		t.Fatalf("got %d reports for the week, want 2", len(got))
	}
	for _, r := range got {
		switch r.Class {
		case "七(3)班":
			if r.ID != existing || r.Concerns != 3 || !r.NeedsCounselor || r.ConcernNotes != "WX" || r.Mood != casework.MoodFair {
				t.Fatalf("got 七(3)班 %+v, want the stored report updated to 3 concerns needing the counselor", r)
			}
		case "七(1)班":
			if r.MemberID != member || r.Mood != casework.MoodGood || r.Concerns != 1 || !r.HomeroomSigned || r.ConcernNotes != "LY" {
				t.Fatalf("got 七(1)班 %+v, want good mood, 1 concern, signed, by the class's member", r)
			}
		default:
			t.Fatalf("got a report for %s, which was not changed", r.Class)
		}
	}
	// The previous week shows its own report.
	h.Tap("上一周")
	h.WantText("2026-11-16（周一）至 2026-11-22")
	if got := h.entries("0")[0].Text; got != "9" {
		t.Fatalf("got %q concerns for 七(1)班 in the previous week, want 9", got)
	}
}

func TestActivitiesTabsAddEditAndDeleteRecords(t *testing.T) {
	fg := NewFakeGroups()
	h, s := groupsHarness(t, fg, newActivitiesScreen)
	as := s.(*activitiesScreen)
	h.Tap("新增")
	uitest.TypeInto(h.entry("主题"), "认识压力")
	uitest.TypeInto(h.entry("课时"), "x")
	h.Tap("保存")
	h.WantText("请输入整数")
	uitest.TypeInto(h.entry("课时"), "2")
	uitest.TypeInto(h.entry("学时"), "1.5")
	h.Tap("保存")
	acts := fg.all(casework.KindActivity)
	if len(acts) != 1 {
		t.Fatalf("got %d activities, want 1", len(acts))
	}
	if a := acts[0].(*casework.Activity); a.Title != "认识压力" || a.Lessons != 2 || a.Hours != 1.5 || a.Kind != casework.ActivityKindLesson {
		t.Fatalf("got %+v, want a 2-lesson 心理健康课 of 1.5 hours", a)
	}
	// Screening tab: every field, consent included.
	tabs := h.Tabs()
	tabs.SelectIndex(4)
	if !as.tabs[4].opened {
		t.Fatal("the screening tab did not load")
	}
	h.Tap("新增")
	uitest.TypeInto(h.entry("测评名称"), "秋季普查")
	uitest.TypeInto(h.entry("应测人数"), "120")
	uitest.TypeInto(h.entry("实测人数"), "118")
	test.Tap(h.Checks("已收集知情同意")[0])
	h.Tap("保存")
	sc := fg.all(casework.KindScreening)
	if len(sc) != 1 || !sc[0].(*casework.Screening).ConsentCollected || sc[0].(*casework.Screening).Tested != 118 {
		t.Fatalf("got screenings %+v, want one with consent collected and 118 tested", sc)
	}
	as.tabs[4].ed.list.Select(0)
	h.Tap("删除")
	h.WantText("确认删除")
	h.Tap("是")
	if n := len(fg.all(casework.KindScreening)); n != 0 {
		t.Fatalf("got %d screenings after delete, want 0", n)
	}
}
