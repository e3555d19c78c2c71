package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"xinqing/internal/casework"
	"xinqing/internal/ui/uitest"
)

// agendaMonday is the test's today: Monday 2026-12-07, 09:00.
var agendaMonday = time.Date(2026, 12, 7, 9, 0, 0, 0, time.Local)

type agendaFixture struct {
	t     *testing.T
	h     *harness
	appts *FakeAppointments
	cases *FakeCases
	saved string // the last print's path
}

// agendaHarness unlocks the app on Monday with two students and opens 预约.
func agendaHarness(t *testing.T, prepare func(f *agendaFixture)) *agendaFixture {
	t.Helper()
	fs := NewFakeStudents(stuStudent("1", "林小雨", "七(3)班"), stuStudent("2", "周晓明", "八(1)班"))
	f := &agendaFixture{t: t, cases: NewFakeCases()}
	f.cases.roster = fs
	f.appts = NewFakeAppointments(f.cases)
	f.appts.now = func() time.Time { return agendaMonday }
	if prepare != nil {
		prepare(f)
	}
	f.h = lockedHarness(t, func(h *harness, _ *fakeVaultDir) { h.clock.now = agendaMonday })
	f.h.win.Resize(fyne.NewSize(1024, 600))
	f.h.ui.d.Students, f.h.ui.d.Cases, f.h.ui.d.Appointments = fs, f.cases, f.appts
	dir := t.TempDir()
	f.h.ui.d.PickSave = func(name string, then func(string)) {
		f.saved = filepath.Join(dir, name)
		then(f.saved)
	}
	f.h.unlock(testPass)
	f.h.wantShell()
	f.h.Nav("预约")
	f.h.WantText("2026-12-07 至 2026-12-11")
	return f
}

func (f *agendaFixture) screen() *agendaScreen {
	f.h.t.Helper()
	s, ok := f.h.ui.shell.current.(*agendaScreen)
	if !ok {
		f.h.t.Fatalf("got screen %T, want 预约", f.h.ui.shell.current)
	}
	return s
}

// book puts a booking straight into the fake.
func (f *agendaFixture) book(student string, day casework.Date, start casework.Clock, minutes int) *casework.Appointment {
	f.t.Helper()
	x := &casework.Appointment{StudentID: student, Date: day, Start: start, DurationMin: minutes, Via: casework.ViaSelf}
	if err := f.appts.Book(context.Background(), x, AgendaConfirm{}); err != nil {
		f.t.Fatal(err)
	}
	return x
}

// tile taps the tile of the week that says text.
func (f *agendaFixture) tile(text string) {
	f.h.t.Helper()
	for _, o := range f.h.Visible() {
		if t, ok := o.(*agendaTile); ok && strings.Contains(t.Text(), text) {
			test.Tap(t)
			return
		}
	}
	f.h.Fatalf("no tile says %q", text)
}

// tileText is every tile's text (the grid and the side list).
func (f *agendaFixture) tileText() string {
	var b strings.Builder
	for _, o := range f.h.Visible() {
		if t, ok := o.(*agendaTile); ok {
			b.WriteString(t.Text() + "\n")
		}
	}
	return b.String()
}

// slot taps the empty slot of day (0 Monday) in row (0 the first period).
func (f *agendaFixture) slot(day, row int) {
	f.h.t.Helper()
	s := f.screen()
	cols := len(s.days()) + 1
	t, ok := s.grid.Objects[(row+1)*cols+day+1].(*agendaTile)
	if !ok || t.onTap == nil {
		f.h.Fatalf("day %d row %d is not an empty slot", day, row)
	}
	test.Tap(t)
}

// chooseStudent picks name in the student search of the open dialog.
func (f *agendaFixture) chooseStudent(name string) {
	f.h.t.Helper()
	f.h.Tap("选择学生")
	uitest.TypeInto(f.h.Input("输入姓名、拼音、首字母或学籍号"), name)
	lists := f.h.Lists()
	lists[len(lists)-1].Select(0)
}

func (f *agendaFixture) count(status casework.AppointmentStatus) int {
	n := 0
	for _, x := range f.appts.recs {
		if x.Status == status {
			n++
		}
	}
	return n
}

func TestTheWeekShowsPeriodsDaysTodayAndBookingsWithNameAndClass(t *testing.T) {
	f := agendaHarness(t, func(f *agendaFixture) {
		x := &casework.Appointment{StudentID: "1", Date: "2026-12-08", Start: "10:00", DurationMin: 40}
		_ = f.appts.Book(context.Background(), x, AgendaConfirm{})
	})
	h := f.h
	for _, want := range []string{"第一节", "08:00–08:40", "课后", "周一", "12-07 今天", "周五", "林小雨 七(3)班", "10:00–10:40", "待安排（0）"} {
		if !strings.Contains(h.Texts()+f.tileText(), want) {
			h.Fatalf("the week does not show %q", want)
		}
	}
	if strings.Contains(f.tileText(), "周六") {
		h.Fatalf("Saturday shown without the setting")
	}
	h.Check("显示周六", 0)
	if !strings.Contains(f.tileText(), "周六") {
		h.Fatalf("Saturday not shown after asking for it")
	}
	h.Tap("下一周")
	h.WantText("2026-12-14 至")
	if strings.Contains(f.tileText(), "林小雨") {
		h.Fatalf("next week shows this week's booking")
	}
	h.Tap("本周")
	h.WantText("2026-12-07 至")
}

func TestAnEmptySlotBooksThePickedStudentForThePeriod(t *testing.T) {
	f := agendaHarness(t, nil)
	h := f.h
	f.slot(0, 0) // Monday, 第一节
	h.WantText("新预约")
	f.chooseStudent("林小雨")
	h.Tap("保存")
	h.WantText("已预约：2026-12-07 周一 08:00–08:40")
	if f.count(casework.ApptBooked) != 1 {
		t.Fatalf("got %d bookings, want 1", f.count(casework.ApptBooked))
	}
	if !strings.Contains(f.tileText(), "林小雨 七(3)班\n08:00–08:40") {
		h.Fatalf("the new booking is not drawn as a block")
	}
}

func TestAnOverlapIsRefusedNamingTheBookingInTheWay(t *testing.T) {
	f := agendaHarness(t, func(f *agendaFixture) { f.book("1", "2026-12-07", "10:00", 40) })
	h := f.h
	h.Tap("新预约")
	f.chooseStudent("周晓明")
	h.Fill("HH:MM", "10:20")
	h.Tap("保存")
	h.WantText("与林小雨 七(3)班已约的 2026-12-07 10:00–10:40 时间重叠，请换一个时间。")
	if len(f.appts.recs) != 1 {
		t.Fatalf("got %d appointments, want the refused one unsaved", len(f.appts.recs))
	}
}

func TestBadInputSaysWhyAndSavesNothing(t *testing.T) {
	f := agendaHarness(t, func(f *agendaFixture) {
		f.appts.settings.Terms = []casework.Term{{Name: "2025-2026学年第二学期", Start: "2026-02-20", End: "2026-07-10"}}
		f.appts.settings.OpenHours = []casework.OpenHours{{Weekday: 1, From: "08:00", To: "17:30"}}
	})
	h := f.h
	h.Tap("新预约")
	h.Tap("保存")
	h.WantText("请先选择学生。")
	f.chooseStudent("林小雨")
	for _, c := range []struct{ start, dur, want string }{
		{"24:30", "40", "开始时间"},
		{"", "40", "请填写开始时间"},
		{"09:00", "0", "时长应为 1 到 240 之间的分钟数。"},
		{"09:00", "300", "时长应为 1 到 240 之间的分钟数。"},
		{"09:00", "四十", "时长应为 1 到 240 之间的分钟数。"},
	} {
		h.Fill("HH:MM", c.start, "分钟", c.dur)
		h.Tap("保存")
		h.WantText(c.want)
	}
	if len(f.appts.recs) != 0 {
		t.Fatalf("got %d appointments after bad input, want none", len(f.appts.recs))
	}
	// A closed week of a past term is asked first; 否 saves nothing.
	h.Fill("YYYY-MM-DD", "2026-05-11", "HH:MM", "10:00", "分钟", "40")
	h.Tap("保存")
	h.WantText("这一天在已结束学期的过去一周里，确定要修改吗？")
	h.Tap("否")
	h.WantText("没有保存。")
	if len(f.appts.recs) != 0 {
		t.Fatal("a booking in a closed week was saved without confirmation")
	}
	// Outside the open hours: asked once, then booked.
	h.Fill("YYYY-MM-DD", "2026-12-07", "HH:MM", "18:00")
	h.Tap("保存")
	h.WantText("这个时间不在辅导室开放时间内，仍要预约吗？")
	h.Tap("是")
	h.WantText("已预约：2026-12-07 周一 18:00–18:40")
	if f.count(casework.ApptBooked) != 1 {
		t.Fatalf("got %d bookings after confirming, want 1", f.count(casework.ApptBooked))
	}
}

func TestABlockMovesByEditingItsDayAndTime(t *testing.T) {
	f := agendaHarness(t, func(f *agendaFixture) { f.book("1", "2026-12-07", "10:00", 40) })
	h := f.h
	f.tile("林小雨")
	h.Tap("修改预约")
	h.Fill("YYYY-MM-DD", "2026-12-09", "HH:MM", "14:00", "分钟", "50")
	h.Tap("保存")
	h.WantText("已改到：2026-12-09 周三 14:00–14:50")
	for _, x := range f.appts.recs {
		if x.Date != "2026-12-09" || x.Start != "14:00" || x.DurationMin != 50 {
			t.Fatalf("got %s %s %d, want Wednesday 14:00 for 50 minutes", x.Date, x.Start, x.DurationMin)
		}
	}
}

func TestNoShowAndCancelAreOneClick(t *testing.T) {
	f := agendaHarness(t, func(f *agendaFixture) {
		f.book("1", "2026-12-07", "10:00", 40)
		f.book("2", "2026-12-08", "10:00", 40)
	})
	h := f.h
	f.tile("林小雨")
	h.Tap("未到")
	h.WantText("已标记为“未到”。")
	f.tile("周晓明")
	h.Tap("已取消")
	h.WantText("已标记为“已取消”。")
	if f.count(casework.ApptNoShow) != 1 || f.count(casework.ApptCancelled) != 1 {
		t.Fatalf("got %d no-shows and %d cancelled, want 1 and 1", f.count(casework.ApptNoShow), f.count(casework.ApptCancelled))
	}
	if txt := f.tileText(); !strings.Contains(txt, "10:00–10:40 未到") || strings.Contains(txt, "周晓明") {
		h.Fatalf("want the no-show marked and the cancelled one gone; tiles:\n%s", txt)
	}
}

func TestARequestIsBookedDeclinedOrMergedIntoTheCase(t *testing.T) {
	var c *casework.Case
	f := agendaHarness(t, func(f *agendaFixture) {
		f.appts.now = func() time.Time { return agendaMonday.AddDate(0, 0, -9) }
		defer func() { f.appts.now = func() time.Time { return agendaMonday } }()
		for _, x := range []*casework.Appointment{
			{StudentID: "1", Date: "2026-12-07", Via: casework.ViaHomeroomTeacher},
			{StudentID: "2", Date: "2026-12-07", Via: casework.ViaMailbox},
			{StudentID: "2", Date: "2026-12-08", Via: casework.ViaParent},
		} {
			if err := f.appts.Request(context.Background(), x); err != nil {
				t.Fatal(err)
			}
		}
		c = &casework.Case{StudentID: "2", OpenedOn: "2026-11-02", Source: casework.CaseSourceSelf,
			ProblemTypes: []casework.ProblemType{casework.ProblemTypeEmotion}, Status: casework.CaseStatusOpen}
		if err := f.cases.SaveRecord(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	})
	h := f.h
	h.WantText("待安排（3）")
	if !strings.Contains(f.tileText(), "班主任转介 · 已等 9 天") {
		h.Fatalf("the request does not say how it came and how long it waits; tiles:\n%s", f.tileText())
	}
	f.tile("班主任转介")
	h.Tap("安排")
	h.Fill("HH:MM", "10:00")
	h.Tap("保存")
	h.WantText("已预约：2026-12-07 周一 10:00–10:40")
	h.WantText("待安排（2）")

	f.tile("信箱")
	h.Tap("拒绝")
	h.Tap("拒绝")
	h.WantText("请填写不安排的原因")
	h.Fill("不安排的原因", "已转介校外机构")
	h.Tap("拒绝")
	h.WantText("已拒绝这条请求")
	h.WantText("待安排（1）")

	f.tile("家长")
	h.Tap("并入个案")
	h.WantText("个案 " + c.CaseNo)
	h.Tap("并入个案")
	h.WantText("已并入个案 " + c.CaseNo)
	h.WantText("待安排（0）")
	for _, x := range f.appts.recs {
		if x.Via == casework.ViaParent && (x.CaseID != c.ID || x.Status != casework.ApptCancelled) {
			t.Fatalf("got %+v, want the merged request closed with the case", x)
		}
		if x.Via == casework.ViaMailbox && !strings.Contains(x.Note, "已转介校外机构") {
			t.Fatalf("got note %q, want the reason kept", x.Note)
		}
	}
}

func TestDoneOpensTheSessionPrefilledAndANewCaseWhenNone(t *testing.T) {
	f := agendaHarness(t, func(f *agendaFixture) { f.book("1", "2026-12-07", "10:00", 40) })
	h := f.h
	f.tile("林小雨")
	h.Tap("已完成")
	h.WantText("保存时同时建立新个案")
	for label, want := range map[string]string{"辅导日期": "2026-12-07", "开始时间": "10:00", "时长(分钟)": "40"} {
		if e, ok := h.Field(label).(*entry); !ok || e.Text != want {
			h.Fatalf("got %v in %s, want %s", h.Field(label), label, want)
		}
	}
	h.Tap("保存")
	h.WantText("有几项需要修改")
	if len(f.cases.recs[casework.KindCase]) != 0 {
		t.Fatal("a case was saved without its problem type")
	}
	h.Check("学习", 0)
	h.Tap("保存")
	h.WantText("辅导记录已保存，预约已完成。")
	if len(f.cases.recs[casework.KindCase]) != 1 || len(f.cases.recs[casework.KindSession]) != 1 {
		t.Fatalf("got %d cases and %d sessions, want 1 and 1", len(f.cases.recs[casework.KindCase]), len(f.cases.recs[casework.KindSession]))
	}
	for _, r := range f.cases.recs[casework.KindSession] {
		if ses := r.(*casework.Session); ses.Date != "2026-12-07" || ses.Start != "10:00" || ses.DurationMin != 40 || ses.Place != casework.SessionPlaceRoom {
			t.Fatalf("got session %+v, want it as booked", ses)
		}
	}
	if !strings.Contains(f.tileText(), "10:00–10:40 已完成") {
		h.Fatalf("the block does not say it is done; tiles:\n%s", f.tileText())
	}
	f.tile("林小雨")
	h.WantText("打开辅导记录")
}

func TestThePrintsGoThroughTheSaveDialog(t *testing.T) {
	f := agendaHarness(t, func(f *agendaFixture) { f.book("1", "2026-12-07", "10:00", 40) })
	h := f.h
	for _, c := range []struct{ button, file, print string }{
		{"打印本周", "预约周表-2026-12-07.pdf", "week 2026-12-07"},
		{"门贴", "辅导室门贴-2026-12-07.pdf", "door 2026-12-07"},
	} {
		h.Tap(c.button)
		if filepath.Base(f.saved) != c.file {
			t.Fatalf("got %s, want %s", f.saved, c.file)
		}
		if _, err := os.Stat(f.saved); err != nil || f.appts.prints[len(f.appts.prints)-1] != c.print {
			t.Fatalf("got %v and prints %v, want %s written", err, f.appts.prints, c.print)
		}
		h.Tap("关闭")
	}
	f.tile("林小雨")
	h.Tap("辅导通知单")
	if filepath.Base(f.saved) != "辅导通知单-七(3)班-2026-12-07.pdf" || !strings.HasPrefix(f.appts.prints[2], "slip ") {
		t.Fatalf("got %s and %v, want the class slip", f.saved, f.appts.prints)
	}
}

func TestAFollowUpDueIsOfferedAsARequest(t *testing.T) {
	f := agendaHarness(t, func(f *agendaFixture) {
		k := &casework.KeyStudent{StudentID: "2", IncludedOn: "2026-10-01",
			Levels: []casework.LevelEntry{{Date: "2026-10-01", Level: casework.LevelRed}}}
		if err := f.cases.SaveRecord(context.Background(), k); err != nil {
			t.Fatal(err)
		}
	})
	h := f.h
	h.WantText("复约建议（1）")
	f.tile("随访到期")
	h.Tap("放入待安排")
	h.WantText("待安排（1）")
	h.WantText("复约建议（0）")
	for _, x := range f.appts.recs {
		if x.Via != casework.ViaFollowUp || x.StudentID != "2" {
			t.Fatalf("got %+v, want a 跟踪复约 request of the key student", x)
		}
	}
}

// The week fits 1024×600 without widening the window.
func TestTheWeekFitsTheSmallScreen(t *testing.T) {
	f := agendaHarness(t, nil)
	if sz := f.h.win.Canvas().Content().MinSize(); sz.Width > 1024 || sz.Height > 600 {
		t.Fatalf("the window needs %v, want it within 1024×600", sz)
	}
}

func TestTheWorkbenchTodayBlockListsTheDayAndOpensTheWeekAtIt(t *testing.T) {
	fs := NewFakeStudents(stuStudent("1", "林小雨", "七(3)班"), stuStudent("2", "周晓明", "八(1)班"))
	cases := NewFakeCases()
	cases.roster = fs
	appts := NewFakeAppointments(cases)
	ctx := context.Background()
	appts.now = func() time.Time { return agendaMonday.AddDate(0, 0, -5) }
	if err := appts.Request(ctx, &casework.Appointment{StudentID: "2", Date: "2026-12-02", Via: casework.ViaCommittee}); err != nil {
		t.Fatal(err)
	}
	missed := &casework.Appointment{StudentID: "2", Date: "2026-12-04", Start: "15:40", DurationMin: 40}
	if err := appts.Book(ctx, missed, AgendaConfirm{}); err != nil {
		t.Fatal(err)
	}
	if err := appts.NoShow(ctx, missed.ID, AgendaConfirm{}); err != nil {
		t.Fatal(err)
	}
	appts.now = func() time.Time { return agendaMonday }
	if err := cases.SaveRecord(ctx, &casework.KeyStudent{StudentID: "2", IncludedOn: "2026-10-01",
		Levels: []casework.LevelEntry{{Date: "2026-10-01", Level: casework.LevelRed}}}); err != nil {
		t.Fatal(err)
	}
	if err := appts.Book(ctx, &casework.Appointment{StudentID: "1", Date: "2026-12-07", Start: "10:00", DurationMin: 40}, AgendaConfirm{}); err != nil {
		t.Fatal(err)
	}
	h := lockedHarness(t, func(h *harness, _ *fakeVaultDir) { h.clock.now = agendaMonday })
	h.ui.d.Students, h.ui.d.Cases, h.ui.d.Appointments = fs, cases, appts
	h.unlock(testPass)
	h.wantShell()
	h.Tap("预约 10:00–10:40  林小雨 七(3)班")
	h.WantText("修改预约")
	h.Tap("关闭")
	h.Nav("工作台")
	h.Tap("待安排已等 5 天：周晓明 八(1)班（心理委员）")
	h.WantText("待安排的请求")
	h.Tap("关闭")
	h.Nav("工作台")
	h.Tap("重点学生未到：周晓明 八(1)班  2026-12-04 15:40")
	h.WantText("2026-11-30 至 2026-12-04")
	h.WantText("重新预约")
}

func TestThePeriodsAndOpenHoursAreTypedAsLinesAndShapeTheWeek(t *testing.T) {
	f := agendaHarness(t, nil)
	h := f.h
	h.Tap("节次与开放时间")
	ins := h.Inputs("第一节 08:00-08:40")
	uitest.TypeInto(ins[0], "早读 7:30-8:00\n第一节 08:10～08:50\n第二节")
	h.Tap("保存")
	h.WantText("第 3 行节次看不懂")
	uitest.TypeInto(ins[0], "早读 7:30-8:00\n第一节 08:10～08:50\n午休 12:10-13:00")
	uitest.TypeInto(h.Input("周一至周五 08:00-17:30"), "周一至周五 12:10-13:00\n周三 16:00-17:00")
	h.Tap("保存")
	h.WantText("节次与开放时间已保存。")
	set := f.appts.settings
	if len(set.Periods) != 3 || set.Periods[0].Start != "07:30" || set.Periods[1].End != "08:50" || len(set.OpenHours) != 6 || set.OpenHours[5].Weekday != 3 {
		t.Fatalf("got %+v and %+v, want 3 periods and 6 open-hour lines", set.Periods, set.OpenHours)
	}
	h.WantText("早读")
	h.WantText("07:30–08:00")
	h.WantNoText("第二节")
	// A booking at 早读 is outside the open hours: asked first.
	f.slot(0, 0)
	f.chooseStudent("林小雨")
	h.Tap("保存")
	h.WantText("这个时间不在辅导室开放时间内")
}

func TestABlockDraggedToAnotherCellMovesThere(t *testing.T) {
	f := agendaHarness(t, func(f *agendaFixture) { f.book("1", "2026-12-07", "10:00", 40) })
	h := f.h
	s := f.screen()
	var block *agendaTile
	for _, o := range h.Visible() {
		if t, ok := o.(*agendaTile); ok && t.id != "" {
			block = t
		}
	}
	if block == nil {
		h.Fatalf("no block drawn")
	}
	var target agendaCell
	for _, c := range s.cells {
		if c.day == "2026-12-09" && c.row.name == "第五节" {
			target = c
		}
	}
	drv := fyne.CurrentApp().Driver()
	from := drv.AbsolutePositionForObject(block).Add(fyne.NewPos(5, 5))
	to := drv.AbsolutePositionForObject(target.obj).Add(fyne.NewPos(10, 10))
	test.Drag(h.win.Canvas(), from, to.X-from.X, to.Y-from.Y)
	h.WantText("已改到：2026-12-09 周三 14:00–14:40")
	for _, x := range f.appts.recs {
		if x.Date != "2026-12-09" || x.Start != "14:00" || x.DurationMin != 40 {
			t.Fatalf("got %s %s %d, want Wednesday 14:00 keeping 40 minutes", x.Date, x.Start, x.DurationMin)
		}
	}
}

func TestAParentIsBookedByName(t *testing.T) {
	f := agendaHarness(t, nil)
	h := f.h
	h.Tap("新预约")
	h.Select("学生", "家长")
	h.Fill("HH:MM", "16:30")
	h.Tap("保存")
	h.WantText("请填写来访者的姓名。")
	h.Fill("教职工或家长的姓名", "林小雨家长")
	h.Tap("保存")
	h.WantText("已预约：2026-12-07 周一 16:30–17:10")
	for _, x := range f.appts.recs {
		if x.ClientKind != casework.ClientKindParent || x.ClientName != "林小雨家长" || x.StudentID != "" {
			t.Fatalf("got %+v, want a parent's booking by name", x)
		}
	}
	if !strings.Contains(f.tileText(), "林小雨家长\n16:30–17:10") {
		h.Fatalf("the parent's booking is not drawn; tiles:\n%s", f.tileText())
	}
}

func TestABookingInAShortBreakShowsWithThePeriodBefore(t *testing.T) {
	rows := []agendaRow{{name: "第一节", from: 480, to: 520, period: true}, {name: "第二节", from: 530, to: 570, period: true}}
	for start, want := range map[casework.Clock]int{"08:00": 0, "08:45": 0, "08:50": 1, "09:29": 1, "07:30": -1, "09:30": -1} {
		if got := rowOf(rows, &casework.Appointment{Start: start, DurationMin: 10}); got != want {
			t.Errorf("got row %d for %s, want %d", got, start, want)
		}
	}
}

// The week's English toolbar fits beside the navigation at 1024 px too.
func TestTheEnglishWeekFitsTheSmallScreen(t *testing.T) {
	f := agendaHarness(t, nil)
	for _, lang := range []string{LangChinese, LangEnglish} {
		if err := UseLanguage(lang); err != nil {
			t.Fatal(err)
		}
		s := newAgendaScreen(f.h.ui).(*agendaScreen)
		if w := s.Content().MinSize().Width; w > 800 {
			t.Errorf("%s: the week needs %.0f px, want it within the 800 beside the navigation at 1024", lang, w)
		}
	}
	if err := UseLanguage(LangChinese); err != nil {
		t.Fatal(err)
	}
}
