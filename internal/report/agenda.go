package report

import (
	"fmt"
	"time"

	"xinqing/internal/casework"
)

// AgendaEntry is one booked appointment of the counselor's week, with the
// client's name and the class of that day. Reasons and notes are not
// carried: no print of the week shows them.
type AgendaEntry struct {
	Date        casework.Date
	Start, End  casework.Clock
	DurationMin int
	Name, Class string
	Place       casework.SessionPlace
	Status      casework.AppointmentStatus
}

// AgendaWeek is the counselor's week from Monday.
type AgendaWeek struct {
	School  string
	Monday  casework.Date
	Entries []AgendaEntry // in time order
}

// DoorSlot is one taken time of the door copy: a time and nothing else.
type DoorSlot struct {
	Date       casework.Date
	Start, End casework.Clock
}

// DoorCopy is the copy posted outside the room. Its type has no field for
// a name, a class or a reason, so none can reach the page.
type DoorCopy struct {
	Monday casework.Date
	Slots  []DoorSlot
}

// Door returns the door copy of the week: the booked times only.
func (w AgendaWeek) Door() DoorCopy {
	dc := DoorCopy{Monday: w.Monday}
	for _, e := range w.Entries {
		if e.Status == casework.ApptBooked || e.Status == "" {
			dc.Slots = append(dc.Slots, DoorSlot{Date: e.Date, Start: e.Start, End: e.End})
		}
	}
	return dc
}

// ClassSlip is the 辅导通知单 for a homeroom teacher: which student is
// expected when and where, without any reason.
type ClassSlip struct {
	School, Teacher, Class, Name string
	Date                         casework.Date
	Start, End                   casework.Clock
	Place                        string
}

var weekdayZH = [...]string{"日", "一", "二", "三", "四", "五", "六"}

func weekdayOf(d casework.Date) string {
	if wd, ok := d.Weekday(); ok {
		return "星期" + weekdayZH[wd]
	}
	return ""
}

func weekRange(monday casework.Date) string {
	return longDate(monday) + "—" + longDate(monday.AddDays(6))
}

// RenderCounselorWeek prints the counselor's week: names and classes.
func RenderCounselorWeek(w AgendaWeek, labels Labels, now time.Time) ([]byte, error) {
	tb := table{
		widths: []float64{12, 34, 16, 26, 18, 26, 26, 22},
		align:  []byte{'C', 'C', 'C', 'C', 'R', 'C', 'C', 'C'},
		header: []string{"序号", "日期", "星期", "时间", "时长", "班级", "姓名", "状态"},
	}
	for i, e := range w.Entries {
		tb.rows = append(tb.rows, texts(count(i+1), longDate(e.Date), weekdayOf(e.Date),
			string(e.Start)+"–"+string(e.End), fmt.Sprintf("%d分钟", e.DurationMin), orDash(e.Class), orDash(e.Name),
			labels.enum("appointment_status", string(e.Status))))
	}
	opt := docOptions{title: "心理辅导预约周表", now: now, confidential: true}
	return render(opt, func(d *doc) {
		d.newPage()
		d.title("心理辅导预约周表")
		d.leftRight("学校："+orDash(w.School), weekRange(w.Monday), sizeTable)
		d.space(1)
		d.drawTable(tb)
		d.space(2)
		d.paragraph(fmt.Sprintf("本周预约%d人次。", len(w.Entries)), sizeTable, 0)
	})
}

// RenderDoorCopy prints the door copy: times and 已约 only.
func RenderDoorCopy(dc DoorCopy, now time.Time) ([]byte, error) {
	tb := table{
		widths: []float64{50, 30, 60, 40},
		align:  []byte{'C', 'C', 'C', 'C'},
		header: []string{"日期", "星期", "时间", "状态"},
	}
	for _, s := range dc.Slots {
		tb.rows = append(tb.rows, texts(longDate(s.Date), weekdayOf(s.Date), string(s.Start)+"–"+string(s.End), "已约"))
	}
	opt := docOptions{title: "心理辅导室本周预约", now: now}
	return render(opt, func(d *doc) {
		d.newPage()
		d.title("心理辅导室本周预约")
		d.centered(weekRange(dc.Monday), sizeTable)
		d.space(2)
		d.drawTable(tb)
		d.space(2)
		d.paragraph("以上时段已有预约，请勿打扰。需要预约的同学请到心理辅导室或投递心理信箱。", sizeTable, 0)
	})
}

// RenderClassSlip prints the 辅导通知单 for the homeroom teacher.
func RenderClassSlip(s ClassSlip, now time.Time) ([]byte, error) {
	opt := docOptions{title: "辅导通知单", now: now}
	return render(opt, func(d *doc) {
		d.newPage()
		d.title("辅导通知单")
		d.space(4)
		d.paragraph(orDash(s.Teacher)+"老师：", sizeBody, 0)
		d.paragraph(fmt.Sprintf("贵班%s同学%s已预约于%s（%s）%s–%s到%s，请届时准许其前往。", orDash(s.Class), orDash(s.Name),
			longDate(s.Date), weekdayOf(s.Date), s.Start, s.End, orDash(s.Place)), sizeBody, 8)
		d.paragraph("请为学生保密，不在班级中公开此事。谢谢配合！", sizeBody, 8)
		d.space(6)
		d.leftRight("", orDash(s.School)+" 心理辅导室", sizeBody)
		d.leftRight("", longDate(casework.DateOf(now)), sizeBody)
	})
}
