package ui

import (
	"context"

	"xinqing/internal/casework"
)

// AppointmentService backs 预约, the counselor's week, and the 今天 block
// of the workbench. The rules (no overlap, open hours asked once, a
// closed week of a past term asked once) are the service's; the screen
// says what it answers.
type AppointmentService interface {
	// Week is the week that holds day: its bookings (and what became of
	// them) in time order, every request still waiting, the students
	// they name, the periods and open hours of the settings.
	Week(ctx context.Context, day casework.Date) (AgendaWeek, error)
	// Request records a request waiting to be placed (待安排).
	Request(ctx context.Context, x *casework.Appointment) error
	// Book books x (new, or a request given its time). An overlap is a
	// casework ECONFLICT whose Field is the id of the booking in the way;
	// a time outside the open hours or a closed week is *AgendaQuestion,
	// nothing saved.
	Book(ctx context.Context, x *casework.Appointment, c AgendaConfirm) error
	// Move gives a booking another day, time and (unless 0) length.
	Move(ctx context.Context, id string, date casework.Date, start casework.Clock, duration int, c AgendaConfirm) error
	// Edit changes a booking after it was made: day, time, (unless 0)
	// length, and its place and note; the same rules as Move.
	Edit(ctx context.Context, id string, e AgendaEdit, c AgendaConfirm) error
	Cancel(ctx context.Context, id string, c AgendaConfirm) error
	NoShow(ctx context.Context, id string, c AgendaConfirm) error
	// Decline closes a request with a reason (required).
	Decline(ctx context.Context, id, reason string) error
	// MergeIntoCase joins a request to an open case of the same student.
	MergeIntoCase(ctx context.Context, id, caseID string) error
	// OpenCases are the cases of a student a request can be merged into.
	OpenCases(ctx context.Context, studentID string) ([]*casework.Case, error)
	// Done marks a booking 已完成 and returns the session to fill in,
	// prefilled, with the student's open case or a new one (not saved).
	Done(ctx context.Context, id string, c AgendaConfirm) (DoneDraft, error)
	// SaveDone writes the filled-in session (and the new case) and links
	// the appointment to both.
	SaveDone(ctx context.Context, d DoneDraft) error
	// FollowUpOffers are 复约 requests (not saved) for key students whose
	// next follow-up falls within days.
	FollowUpOffers(ctx context.Context, days int) ([]*casework.Appointment, error)
	// Today is the workbench's part: today's bookings, requests waiting
	// more than 3 days, 未到 of key students of the last week.
	Today(ctx context.Context) (AgendaToday, error)
	// SaveHours sets the periods (rows of the week) and open hours.
	SaveHours(ctx context.Context, periods []casework.ClassPeriod, open []casework.OpenHours) error
	// WriteWeek writes the counselor's week that holds day as a PDF;
	// with door, the door copy (times and 已约 only).
	WriteWeek(ctx context.Context, day casework.Date, door bool, path string) error
	// WriteClassSlip writes the 辅导通知单 of one booking.
	WriteClassSlip(ctx context.Context, id, path string) error
}

// AgendaEdit is what the edit dialog of a booking may change.
type AgendaEdit struct {
	Date        casework.Date
	Start       casework.Clock
	DurationMin int // 0 keeps the length
	Place       casework.SessionPlace
	Note        string
}

// AgendaConfirm is what the counselor agreed to after a question.
type AgendaConfirm struct {
	OutsideHours bool
	ClosedWeek   bool
}

// AgendaQuestion is the answer to a change that must be confirmed
// first; nothing was saved. MessageZH/EN ask the question.
type AgendaQuestion struct {
	OutsideHours bool
	ClosedWeek   bool
	MessageZH    string
	MessageEN    string
	Err          error
}

func (e *AgendaQuestion) Error() string { return "needs confirmation: " + e.MessageEN }
func (e *AgendaQuestion) Unwrap() error { return e.Err }

// confirmed adds the question's answer to c.
func (e *AgendaQuestion) confirmed(c AgendaConfirm) AgendaConfirm {
	c.OutsideHours = c.OutsideHours || e.OutsideHours
	c.ClosedWeek = c.ClosedWeek || e.ClosedWeek
	return c
}

// AgendaWeek is one week of the counselor.
type AgendaWeek struct {
	Monday    casework.Date
	Booked    []*casework.Appointment
	Requests  []*casework.Appointment
	Students  map[string]*casework.Student
	Periods   []casework.ClassPeriod
	OpenHours []casework.OpenHours
}

// Who returns the name of an appointment's client and the class of its
// day (a student promoted since is shown in the class they had then).
func (w AgendaWeek) Who(x *casework.Appointment) (name, class string) {
	if s := w.Students[x.StudentID]; s != nil {
		_, c := s.ClassOn(x.Date)
		return s.Name, c
	}
	return x.ClientName, ""
}

// DoneDraft is what 已完成 opens: the case (new when NewCase) and the
// prefilled session.
type DoneDraft struct {
	Appointment *casework.Appointment
	Case        *casework.Case
	NewCase     bool
	Session     *casework.Session
}

// AgendaToday is the workbench's 今天 part of the agenda.
type AgendaToday struct {
	Today    []*casework.Appointment
	Waiting  []*casework.Appointment
	NoShows  []*casework.Appointment
	Students map[string]*casework.Student
}

// Who is the name and class of x's client on its day.
func (t AgendaToday) Who(x *casework.Appointment) (name, class string) {
	return AgendaWeek{Students: t.Students}.Who(x)
}
