package casework

import (
	"errors"
	"strings"
	"testing"
)

type apptRefs struct{}

func (apptRefs) Exists(Kind, string) bool { return true }

func TestAppointmentValidateRefusesBadTimesWithAChineseSentence(t *testing.T) {
	env := Env{Refs: apptRefs{}}
	base := Appointment{StudentID: "s1", Date: "2026-12-07", Start: "10:00", DurationMin: 40, Status: ApptBooked}
	if err := base.Validate(env); err != nil {
		t.Fatalf("got %v, want a valid booking", err)
	}
	cases := []struct {
		name string
		edit func(*Appointment)
		want string
	}{
		{"time outside the day", func(a *Appointment) { a.Start = "25:10" }, "不在一天之内"},
		{"zero duration", func(a *Appointment) { a.DurationMin = 0 }, "1 到 240 分钟"},
		{"over 240", func(a *Appointment) { a.DurationMin = 241 }, "1 到 240 分钟"},
		{"past midnight", func(a *Appointment) { a.Start = "23:30"; a.DurationMin = 60 }, "午夜"},
		{"booked without time", func(a *Appointment) { a.Start = "" }, "必填"},
	}
	for _, c := range cases {
		a := base
		c.edit(&a)
		err := a.Validate(env)
		if err == nil || !strings.Contains(ErrorMessageZH(err), c.want) {
			t.Errorf("%s: got %v (%s), want a sentence with %q", c.name, err, ErrorMessageZH(err), c.want)
		}
	}
	req := Appointment{StudentID: "s1", Date: "2026-12-07", DurationMin: 40, Status: ApptRequested, Via: ViaMailbox}
	if err := req.Validate(env); err != nil {
		t.Errorf("got %v, want a request without a time valid", err)
	}
}

func TestCheckOverlapNamesTheConflictingAppointment(t *testing.T) {
	a := &Appointment{Meta: Meta{ID: "a"}, Date: "2026-12-07", Start: "10:00", DurationMin: 40, Status: ApptBooked}
	b := &Appointment{Meta: Meta{ID: "b"}, Date: "2026-12-07", Start: "10:30", DurationMin: 40, Status: ApptBooked}
	next := &Appointment{Meta: Meta{ID: "c"}, Date: "2026-12-07", Start: "10:40", DurationMin: 40, Status: ApptBooked}
	err := CheckOverlap(b, []*Appointment{a})
	var e *Error
	if !errors.As(err, &e) || e.Code != ECONFLICT || e.Field != "a" || !strings.Contains(e.MessageZH, "10:00–10:40") {
		t.Fatalf("got %v, want a conflict naming 10:00–10:40", err)
	}
	if err := CheckOverlap(next, []*Appointment{a}); err != nil {
		t.Errorf("got %v, want touching ends allowed", err)
	}
	a.Status = ApptCancelled
	if err := CheckOverlap(b, []*Appointment{a}); err != nil {
		t.Errorf("got %v, want a cancelled one not in the way", err)
	}
}

func TestOpenHoursAndWeek(t *testing.T) {
	s := Settings{OpenHours: []OpenHours{{Weekday: 1, From: "08:00", To: "12:00"}}}
	in := &Appointment{Date: "2026-12-07", Start: "10:00", DurationMin: 40}
	out := &Appointment{Date: "2026-12-07", Start: "11:40", DurationMin: 40}
	tue := &Appointment{Date: "2026-12-08", Start: "10:00", DurationMin: 40}
	if !s.InOpenHours(in) || s.InOpenHours(out) || s.InOpenHours(tue) {
		t.Error("got the wrong open-hours answer")
	}
	if got := WeekOf("2026-12-13"); got != "2026-12-07" {
		t.Errorf("got week %s, want 2026-12-07", got)
	}
	if got := (&Settings{}).PeriodMin(); got != 40 {
		t.Errorf("got default length %d, want 40", got)
	}
}
