package desktop

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"xinqing/internal/app"
	"xinqing/internal/casework"
	"xinqing/internal/store"
	"xinqing/internal/ui"
	"xinqing/internal/ui/uitest"
)

// weekTile is a block of the week view: it says a few lines and is tapped.
type weekTile interface {
	fyne.Tappable
	Text() string
}

// tapTile taps the block of the week that says text.
func (d *desk) tapTile(text string) {
	for _, o := range d.Visible() {
		if t, ok := o.(weekTile); ok && strings.Contains(t.Text(), text) {
			test.Tap(t)
			return
		}
	}
	d.Fatalf("no block of the week says %q", text)
}

// appointments lists the stored appointments, by day and time.
func (d *desk) appointments() []*casework.Appointment {
	recs, err := d.s.app.Records(context.Background(), app.Agenda, casework.KindAppointment, store.Filter{})
	if err != nil {
		d.Fatalf("list appointments: %v", err)
	}
	out := make([]*casework.Appointment, len(recs))
	for i, r := range recs {
		out[i] = r.(*casework.Appointment)
	}
	casework.SortAppointments(out)
	return out
}

func TestTheWeekViewBooksRefusesAnOverlapAndRecordsTheSessionThroughTheRealServices(t *testing.T) {
	if testing.Short() {
		t.Skip("drives the whole app")
	}
	now := time.Now()
	monday := casework.WeekOf(casework.DateOf(now))
	var other *casework.Student
	d := openDeskWith(t, func(ctx context.Context, s *services, stu *casework.Student) {
		var err error
		if other, err = s.students().SaveStudent(ctx, synthStudent("周晓明", "八年级", "八(1)班")); err != nil {
			t.Fatal(err)
		}
		req := &casework.Appointment{StudentID: other.ID, Date: monday, Via: casework.ViaHomeroomTeacher}
		if err := s.app.Request(ctx, req); err != nil {
			t.Fatal(err)
		}
	}, func(deps *ui.Deps) {
		deps.Clock = &manualClock{now: now}
	})
	d.win.Resize(fyne.NewSize(1024, 600))
	d.Nav("预约")
	d.WantText(string(monday) + " 至 ")
	d.WantText("待安排（1）")

	// Book 林小雨 found by her initials, on Monday 10:00.
	d.Tap("新预约")
	d.Tap("选择学生")
	uitest.TypeInto(d.Input("输入姓名、拼音、首字母或学籍号"), "lxy")
	lists := d.Lists()
	lists[len(lists)-1].Select(0)
	d.Fill("YYYY-MM-DD", string(monday), "HH:MM", "10:00")
	d.Tap("保存")
	d.WantText("已预约：" + string(monday))

	// 周晓明 at 10:20 the same day is refused, naming 林小雨's booking.
	d.tapTile("班主任转介")
	d.Tap("安排")
	d.Fill("YYYY-MM-DD", string(monday), "HH:MM", "10:20")
	d.Tap("保存")
	d.WantText("与林小雨 八(2)班已约的 " + string(monday) + " 10:00–10:40 时间重叠")
	d.Fill("HH:MM", "14:00")
	d.Tap("保存")
	d.WantText("待安排（0）")
	if xs := d.appointments(); len(xs) != 2 || xs[0].Status != casework.ApptBooked || xs[1].Status != casework.ApptBooked {
		t.Fatalf("got %+v, want two bookings", xs)
	}

	// 周晓明 did not come; 林小雨's session is recorded in a new case.
	d.tapTile("周晓明 八(1)班")
	d.Tap("未到")
	d.WantText("已标记为“未到”。")
	d.tapTile("林小雨 八(2)班")
	d.Tap("已完成")
	d.WantText("保存时同时建立新个案")
	d.Check("学习", 0)
	d.Tap("保存")
	d.WantText("辅导记录已保存，预约已完成。")
	cases, err := d.s.app.OpenCasesOf(context.Background(), d.stu.ID)
	if err != nil || len(cases) != 1 {
		t.Fatalf("got %d cases (%v), want the new one", len(cases), err)
	}
	sessions, err := d.s.app.Records(context.Background(), app.Casework, casework.KindSession, store.Filter{})
	if err != nil || len(sessions) != 1 {
		t.Fatalf("got %d sessions (%v), want the one recorded", len(sessions), err)
	}
	if ses := sessions[0].(*casework.Session); ses.CaseID != cases[0].ID || ses.Date != monday || ses.Start != "10:00" || ses.DurationMin != 40 {
		t.Fatalf("got session %+v, want it in the new case as booked", ses)
	}
	xs := d.appointments()
	if xs[0].Status != casework.ApptDone || xs[0].SessionID != sessions[0].Base().ID || xs[1].Status != casework.ApptNoShow {
		t.Fatalf("got %+v, want the first done with its session and the second a no-show", xs)
	}
}
