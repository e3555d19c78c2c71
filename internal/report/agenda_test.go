package report

import (
	"strings"
	"testing"

	"xinqing/internal/casework"
)

func agendaFixture() AgendaWeek {
	return AgendaWeek{School: "测试中学", Monday: "2026-12-07", Entries: []AgendaEntry{
		{Date: "2026-12-07", Start: "10:00", End: "10:40", DurationMin: 40, Name: "测试学生甲", Class: "七(2)班", Status: casework.ApptBooked},
		{Date: "2026-12-08", Start: "14:00", End: "14:45", DurationMin: 45, Name: "测试学生乙", Class: "八(5)班", Status: casework.ApptBooked},
		{Date: "2026-12-09", Start: "15:00", End: "15:40", DurationMin: 40, Name: "测试学生丙", Class: "九(1)班", Status: casework.ApptNoShow},
	}}
}

func TestAgendaPrints(t *testing.T) {
	w := agendaFixture()
	pdf, err := RenderCounselorWeek(w, Labels{"enum.appointment_status.booked": "已约", "enum.appointment_status.no_show": "未到"}, fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	savePDF(t, "agenda-week.pdf", pdf)
	text := strings.Join(strings.Fields(pdfRawText(t, pdf)), "")
	for _, want := range []string{"心理辅导预约周表", "测试学生甲", "七(2)班", "10:00–10:40", "星期二"} {
		if !strings.Contains(text, want) {
			t.Errorf("week: got no %q in %s", want, text)
		}
	}
	door, err := RenderDoorCopy(w.Door(), fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	savePDF(t, "agenda-door.pdf", door)
	text = strings.Join(strings.Fields(pdfRawText(t, door)), "")
	if !strings.Contains(text, "10:00–10:40") || !strings.Contains(text, "已约") || strings.Contains(text, "15:00") {
		t.Errorf("door: got %s, want the booked times only", text)
	}
	for _, e := range w.Entries {
		if strings.Contains(text, e.Name) || strings.Contains(text, e.Class) {
			t.Errorf("door: got %q or %q on the door copy", e.Name, e.Class)
		}
	}
	slip, err := RenderClassSlip(ClassSlip{School: "测试中学", Teacher: "测试老师", Class: "七(2)班", Name: "测试学生甲",
		Date: "2026-12-07", Start: "10:00", End: "10:40", Place: "心理辅导室"}, fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	savePDF(t, "agenda-slip.pdf", slip)
	text = strings.Join(strings.Fields(pdfRawText(t, slip)), "")
	for _, want := range []string{"辅导通知单", "测试老师", "测试学生甲", "七(2)班", "2026年12月7日", "心理辅导室"} {
		if !strings.Contains(text, want) {
			t.Errorf("slip: got no %q in %s", want, text)
		}
	}
}
