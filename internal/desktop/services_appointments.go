package desktop

import (
	"context"

	"xinqing/internal/app"
	"xinqing/internal/casework"
	"xinqing/internal/ui"
)

// appointmentService adapts the application layer's agenda to
// ui.AppointmentService.
type appointmentService struct{ s *services }

// agendaNoShowDays is how far back the workbench shows a key student's 未到.
const agendaNoShowDays = 7

// agendaErr turns the application's question into the screen's; the
// rest goes the usual way (casework errors pass unchanged).
func agendaErr(err error) error {
	if n, ok := app.IsNeedsConfirm(err); ok {
		return &ui.AgendaQuestion{OutsideHours: n.OutsideHours, ClosedWeek: n.ClosedWeek,
			MessageZH: n.Err.MessageZH, MessageEN: n.Err.MessageEN, Err: err}
	}
	return uiErr(err)
}

func confirmOf(c ui.AgendaConfirm) app.Confirm {
	return app.Confirm{OutsideHours: c.OutsideHours, ClosedWeek: c.ClosedWeek}
}

func (x appointmentService) Week(ctx context.Context, day casework.Date) (ui.AgendaWeek, error) {
	w, err := x.s.app.Week(ctx, day)
	if err != nil {
		return ui.AgendaWeek{}, uiErr(err)
	}
	return ui.AgendaWeek{Monday: w.Monday, Booked: w.Booked, Requests: w.Requests, Students: w.Students,
		Periods: w.Periods, OpenHours: w.OpenHours}, nil
}

func (x appointmentService) Request(ctx context.Context, a *casework.Appointment) error {
	return agendaErr(x.s.app.Request(ctx, a))
}

func (x appointmentService) Book(ctx context.Context, a *casework.Appointment, c ui.AgendaConfirm) error {
	return agendaErr(x.s.app.Book(ctx, a, confirmOf(c)))
}

func (x appointmentService) Move(ctx context.Context, id string, date casework.Date, start casework.Clock, duration int, c ui.AgendaConfirm) error {
	_, err := x.s.app.Move(ctx, id, date, start, duration, confirmOf(c))
	return agendaErr(err)
}

func (x appointmentService) Edit(ctx context.Context, id string, e ui.AgendaEdit, c ui.AgendaConfirm) error {
	_, err := x.s.app.Amend(ctx, id, e.Date, e.Start, e.DurationMin, e.Place, e.Note, confirmOf(c))
	return agendaErr(err)
}

func (x appointmentService) Cancel(ctx context.Context, id string, c ui.AgendaConfirm) error {
	return agendaErr(x.s.app.Cancel(ctx, id, confirmOf(c)))
}

func (x appointmentService) NoShow(ctx context.Context, id string, c ui.AgendaConfirm) error {
	return agendaErr(x.s.app.NoShow(ctx, id, confirmOf(c)))
}

func (x appointmentService) Decline(ctx context.Context, id, reason string) error {
	return agendaErr(x.s.app.Decline(ctx, id, reason))
}

func (x appointmentService) MergeIntoCase(ctx context.Context, id, caseID string) error {
	return agendaErr(x.s.app.MergeIntoCase(ctx, id, caseID))
}

func (x appointmentService) OpenCases(ctx context.Context, studentID string) ([]*casework.Case, error) {
	out, err := x.s.app.OpenCasesOf(ctx, studentID)
	return out, uiErr(err)
}

func (x appointmentService) Done(ctx context.Context, id string, c ui.AgendaConfirm) (ui.DoneDraft, error) {
	d, err := x.s.app.Done(ctx, id, confirmOf(c))
	if err != nil {
		return ui.DoneDraft{}, agendaErr(err)
	}
	return ui.DoneDraft{Appointment: d.Appointment, Case: d.Case, NewCase: d.NewCase, Session: d.Session}, nil
}

func (x appointmentService) SaveDone(ctx context.Context, d ui.DoneDraft) error {
	return agendaErr(x.s.app.SaveDone(ctx, app.DoneDraft{Appointment: d.Appointment, Case: d.Case, NewCase: d.NewCase, Session: d.Session}))
}

func (x appointmentService) FollowUpOffers(ctx context.Context, days int) ([]*casework.Appointment, error) {
	out, err := x.s.app.FollowUpOffers(ctx, days)
	return out, uiErr(err)
}

func (x appointmentService) Today(ctx context.Context) (ui.AgendaToday, error) {
	today, waiting, err := x.s.app.AgendaToday(ctx)
	if err != nil {
		return ui.AgendaToday{}, uiErr(err)
	}
	noShows, err := x.s.app.KeyNoShows(ctx, agendaNoShowDays)
	if err != nil {
		return ui.AgendaToday{}, uiErr(err)
	}
	t := ui.AgendaToday{Today: today, Waiting: waiting, NoShows: noShows, Students: map[string]*casework.Student{}}
	var ids []string
	for _, xs := range [][]*casework.Appointment{today, waiting, noShows} {
		for _, a := range xs {
			if a.StudentID != "" {
				ids = append(ids, a.StudentID)
			}
		}
	}
	if len(ids) > 0 {
		m, err := x.s.app.StudentsByID(ctx, ids)
		if err != nil {
			return ui.AgendaToday{}, uiErr(err)
		}
		t.Students = m
	}
	return t, nil
}

func (x appointmentService) SaveHours(ctx context.Context, periods []casework.ClassPeriod, open []casework.OpenHours) error {
	return agendaErr(x.s.app.SaveAgendaHours(ctx, periods, open))
}

func (x appointmentService) WriteWeek(ctx context.Context, day casework.Date, door bool, path string) error {
	s, err := x.s.app.Session(ctx)
	if err != nil {
		return uiErr(err)
	}
	return uiErr(s.AgendaWeek(ctx, day, door, path, app.Replace))
}

func (x appointmentService) WriteClassSlip(ctx context.Context, id, path string) error {
	s, err := x.s.app.Session(ctx)
	if err != nil {
		return uiErr(err)
	}
	return uiErr(s.ClassSlip(ctx, id, path, app.Replace))
}
