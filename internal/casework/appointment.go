package casework

import (
	"fmt"
	"slices"
	"time"
)

// Appointment is one entry of the counselor's week (预约): a request
// waiting to be placed, a booking, or what became of it. A student's
// appointment names StudentID; a staff member or a parent is named by
// ClientKind and ClientName. Note is never printed on a door copy.
type Appointment struct {
	Meta
	StudentID   string            `json:"student_id,omitempty"`
	ClientKind  ClientKind        `json:"client_kind,omitempty"`
	ClientName  string            `json:"client_name,omitempty"`
	Date        Date              `json:"date"`
	Start       Clock             `json:"start,omitempty"`
	DurationMin int               `json:"duration_min"`
	Place       SessionPlace      `json:"place,omitempty"`
	Via         AppointmentVia    `json:"via,omitempty"`
	Status      AppointmentStatus `json:"status,omitempty"`
	CaseID      string            `json:"case_id,omitempty"`
	SessionID   string            `json:"session_id,omitempty"`
	Note        string            `json:"note,omitempty"`
}

// AppointmentVia is how a request reached the counselor. Codes are stored and exported; labels live in assets/labels ("enum.appointment_via.<code>").
type AppointmentVia string

const (
	ViaSelf            AppointmentVia = "self"
	ViaHomeroomTeacher AppointmentVia = "homeroom_teacher"
	ViaParent          AppointmentVia = "parent"
	ViaMailbox         AppointmentVia = "mailbox"
	ViaCommittee       AppointmentVia = "committee"
	ViaFollowUp        AppointmentVia = "follow_up"
	ViaOther           AppointmentVia = "other"
)

// AllAppointmentVias returns every AppointmentVia code in docs/DOMAIN.md order.
func AllAppointmentVias() []AppointmentVia {
	return []AppointmentVia{ViaSelf, ViaHomeroomTeacher, ViaParent, ViaMailbox, ViaCommittee, ViaFollowUp, ViaOther}
}

// Valid reports whether v is a known AppointmentVia code.
func (v AppointmentVia) Valid() bool { return slices.Contains(AllAppointmentVias(), v) }

// Enum returns the name of the enum in label keys.
func (AppointmentVia) Enum() string { return "appointment_via" }

// AppointmentStatus is where an appointment stands. Codes are stored and exported; labels live in assets/labels ("enum.appointment_status.<code>").
type AppointmentStatus string

const (
	ApptRequested AppointmentStatus = "requested"
	ApptBooked    AppointmentStatus = "booked"
	ApptDone      AppointmentStatus = "done"
	ApptNoShow    AppointmentStatus = "no_show"
	ApptCancelled AppointmentStatus = "cancelled"
)

// AllAppointmentStatuses returns every AppointmentStatus code in docs/DOMAIN.md order.
func AllAppointmentStatuses() []AppointmentStatus {
	return []AppointmentStatus{ApptRequested, ApptBooked, ApptDone, ApptNoShow, ApptCancelled}
}

// Valid reports whether v is a known AppointmentStatus code.
func (v AppointmentStatus) Valid() bool { return slices.Contains(AllAppointmentStatuses(), v) }

// Enum returns the name of the enum in label keys.
func (AppointmentStatus) Enum() string { return "appointment_status" }

// MaxAppointmentMin is the longest appointment: one afternoon.
const MaxAppointmentMin = 240

// DefaultPeriodMin is an appointment's length when the settings name no
// periods: one lesson.
const DefaultPeriodMin = 40

// RuleOverlap is the rule of two booked appointments at the same time.
const RuleOverlap = "overlap"

// Validate checks an appointment: whom it is for, a day and time inside
// the day, a duration of 1 to 240 minutes. A request may wait for its
// time; every other status needs one.
func (x *Appointment) Validate(env Env) error {
	c := newChecker(KindAppointment, env)
	c.text(x)
	enum(c, "client_kind", x.ClientKind, false)
	if x.ClientKind == ClientKindStaff || x.ClientKind == ClientKindParent {
		c.required("client_name", x.ClientName)
		if x.StudentID != "" {
			c.fail("student_id", RuleClient, "教职工或家长的预约不关联%[1]s，请填写%[2]s",
				"staff and parent appointments name no %[1]s; fill in %[2]s", fieldRef("client_name"))
		}
	} else {
		c.ref("student_id", KindStudent, x.StudentID, true)
	}
	c.date("date", x.Date, true)
	if x.Start == "" {
		if x.Status != ApptRequested && x.Status != ApptCancelled {
			c.required("start", "")
		}
	} else if !x.Start.Valid() {
		c.fail("start", RuleClock, "%s不在一天之内（应为 00:00 到 23:59）", "%s is not a time of the day (want 00:00 to 23:59)")
	}
	if x.DurationMin <= 0 || x.DurationMin > MaxAppointmentMin {
		c.fail("duration_min", RulePositive, "%s应在 1 到 240 分钟之间", "%s must be 1 to 240 minutes")
	} else if m, ok := x.Start.Minutes(); ok && m+x.DurationMin > 24*60 {
		c.fail("duration_min", RuleOrder, "预约不能跨过午夜：%s太长", "an appointment cannot run past midnight: %s is too long")
	}
	enum(c, "place", x.Place, false)
	enum(c, "via", x.Via, false)
	enum(c, "status", x.Status, false)
	c.ref("case_id", KindCase, x.CaseID, false)
	c.ref("session_id", KindSession, x.SessionID, false)
	return c.result()
}

// Span returns the appointment's start and end in minutes of its day.
func (x *Appointment) Span() (from, to int, ok bool) {
	m, ok := x.Start.Minutes()
	if !ok || x.DurationMin <= 0 {
		return 0, 0, false
	}
	return m, m + x.DurationMin, true
}

// End returns the clock time the appointment ends.
func (x *Appointment) End() Clock {
	_, to, ok := x.Span()
	if !ok {
		return ""
	}
	return Clock(fmt.Sprintf("%02d:%02d", to/60%24, to%60))
}

// Overlaps reports whether two appointments take the same minutes of the
// same day. Touching ends (10:40 and 10:40) do not overlap.
func (x *Appointment) Overlaps(y *Appointment) bool {
	if x.Date != y.Date {
		return false
	}
	a0, a1, ok1 := x.Span()
	b0, b1, ok2 := y.Span()
	return ok1 && ok2 && a0 < b1 && b0 < a1
}

// CheckOverlap refuses a booked appointment that overlaps another booked
// one of others (the appointment itself, by id, is skipped). The error
// names the conflicting appointment by its day and time, never by name;
// Field carries its id so that the screen can show whose it is.
func CheckOverlap(x *Appointment, others []*Appointment) error {
	if x.Status != ApptBooked {
		return nil
	}
	for _, o := range others {
		if o.ID == x.ID || o.Status != ApptBooked || !x.Overlaps(o) {
			continue
		}
		return &Error{Code: ECONFLICT, Field: o.ID,
			MessageZH: fmt.Sprintf("与已约的 %s %s–%s 预约时间重叠，请换一个时间", o.Date, o.Start, o.End()),
			MessageEN: fmt.Sprintf("overlaps the booked appointment of %s %s–%s; choose another time", o.Date, o.Start, o.End())}
	}
	return nil
}

// ClassPeriod is one period of the school day (节次), the rows of the week view.
type ClassPeriod struct {
	Name  string `json:"name"`
	Start Clock  `json:"start"`
	End   Clock  `json:"end"`
}

// Minutes returns the period's length.
func (p ClassPeriod) Minutes() int {
	a, ok1 := p.Start.Minutes()
	b, ok2 := p.End.Minutes()
	if !ok1 || !ok2 || b <= a {
		return 0
	}
	return b - a
}

// OpenHours is when the counseling room is open on one weekday
// (1 Monday … 7 Sunday).
type OpenHours struct {
	Weekday int   `json:"weekday"`
	From    Clock `json:"from"`
	To      Clock `json:"to"`
}

// DefaultPeriods returns a common junior-school day: four morning and
// three afternoon periods of 40 minutes, and an after-school hour.
func DefaultPeriods() []ClassPeriod {
	return []ClassPeriod{
		{"第一节", "08:00", "08:40"}, {"第二节", "08:50", "09:30"}, {"第三节", "10:00", "10:40"},
		{"第四节", "10:50", "11:30"}, {"第五节", "14:00", "14:40"}, {"第六节", "14:50", "15:30"},
		{"第七节", "15:40", "16:20"}, {"课后", "16:30", "17:30"},
	}
}

// AgendaPeriods returns the settings' periods, or DefaultPeriods.
func (s *Settings) AgendaPeriods() []ClassPeriod {
	if len(s.Periods) > 0 {
		return s.Periods
	}
	return DefaultPeriods()
}

// PeriodMin returns an appointment's default length: the first period's.
func (s *Settings) PeriodMin() int {
	if m := s.AgendaPeriods()[0].Minutes(); m > 0 {
		return m
	}
	return DefaultPeriodMin
}

// InOpenHours reports whether the appointment lies inside the open hours
// of its weekday. Settings without open hours leave every time open.
// Outside is a warning the counselor confirms, never a refusal.
func (s *Settings) InOpenHours(x *Appointment) bool {
	if len(s.OpenHours) == 0 {
		return true
	}
	wd, ok := x.Date.Weekday()
	from, to, ok2 := x.Span()
	if !ok || !ok2 {
		return true
	}
	n := int(wd)
	if wd == time.Sunday {
		n = 7
	}
	for _, h := range s.OpenHours {
		a, ok1 := h.From.Minutes()
		b, ok2 := h.To.Minutes()
		if h.Weekday == n && ok1 && ok2 && a <= from && to <= b {
			return true
		}
	}
	return false
}

// WeekOf returns the Monday of the week that holds d.
func WeekOf(d Date) Date {
	wd, ok := d.Weekday()
	if !ok {
		return d
	}
	back := int(wd) - 1
	if wd == time.Sunday {
		back = 6
	}
	return d.AddDays(-back)
}

// SortAppointments orders appointments by day and start; requests without
// a time come after the timed ones of their day.
func SortAppointments(xs []*Appointment) {
	slices.SortStableFunc(xs, func(a, b *Appointment) int {
		if a.Date != b.Date {
			if a.Date < b.Date {
				return -1
			}
			return 1
		}
		as, bs := string(a.Start), string(b.Start)
		switch {
		case as == bs:
			return 0
		case as == "":
			return 1
		case bs == "":
			return -1
		case as < bs:
			return -1
		}
		return 1
	})
}

// CaseSource is the source of a case opened from a request that came
// this way.
func (v AppointmentVia) CaseSource() CaseSource {
	switch v {
	case ViaSelf, ViaMailbox:
		return CaseSourceSelf
	case ViaHomeroomTeacher:
		return CaseSourceTeacher
	case ViaParent:
		return CaseSourceParent
	case ViaCommittee:
		return CaseSourceCommittee
	}
	return CaseSourceOther
}

// NewCase is the case a done appointment opens when its student has no
// open case: opened that day, from where the request came.
func (x *Appointment) NewCase() *Case {
	return &Case{StudentID: x.StudentID, ClientKind: x.ClientKind, ClientName: x.ClientName,
		OpenedOn: x.Date, Source: x.Via.CaseSource(), Status: CaseStatusOpen}
}
