package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"xinqing/internal/casework"
	"xinqing/internal/store"
)

// Agenda is the area of the counselor's week: appointments only.
var Agenda = Area{"agenda", []casework.Kind{casework.KindAppointment}}

// Confirm carries what the counselor has agreed to when a change asked
// once: a time outside the open hours, a date in a closed week of a past
// term.
type Confirm struct {
	OutsideHours bool
	ClosedWeek   bool
}

// NeedsConfirm is the answer to a change that must be confirmed first;
// nothing was saved. Unwrap gives the sentence to show.
type NeedsConfirm struct {
	OutsideHours bool
	ClosedWeek   bool
	Err          *casework.Error
}

func (e *NeedsConfirm) Error() string { return e.Err.Error() }
func (e *NeedsConfirm) Unwrap() error { return e.Err }

// Week is the counselor's week: its Monday, the booked (and past)
// appointments of Monday to Sunday in time order, every request still
// waiting, and the students they name.
type Week struct {
	Monday   casework.Date
	Booked   []*casework.Appointment
	Requests []*casework.Appointment
	Students map[string]*casework.Student
	Periods  []casework.ClassPeriod
	// OpenHours are the room's hours (none: open whenever).
	OpenHours []casework.OpenHours
}

// Days returns the week's dates, Monday to Sunday.
func (w Week) Days() []casework.Date {
	out := make([]casework.Date, 7)
	for i := range out {
		out[i] = w.Monday.AddDays(i)
	}
	return out
}

// Who returns the name of an appointment's client, and the class of its day.
func (w Week) Who(x *casework.Appointment) (name, class string) {
	if s := w.Students[x.StudentID]; s != nil {
		_, c := s.ClassOn(x.Date)
		return s.Name, c
	}
	return x.ClientName, ""
}

// Week returns the week that holds day.
func (a *App) Week(ctx context.Context, day casework.Date) (Week, error) {
	st, err := a.records(ctx)
	if err != nil {
		return Week{}, err
	}
	set, err := st.Settings()
	if err != nil {
		return Week{}, fmt.Errorf("read settings: %w", err)
	}
	w := Week{Monday: casework.WeekOf(day), Students: map[string]*casework.Student{},
		Periods: set.AgendaPeriods(), OpenHours: set.OpenHours}
	all, err := appointments(st)
	if err != nil {
		return Week{}, err
	}
	for _, x := range all {
		switch {
		case x.Status == casework.ApptRequested:
			w.Requests = append(w.Requests, x)
		case x.Status != casework.ApptCancelled && x.Date.InRange(w.Monday, w.Monday.AddDays(6)):
			w.Booked = append(w.Booked, x)
		default:
			continue
		}
		if x.StudentID != "" {
			if s, err := st.Get(casework.KindStudent, x.StudentID); err == nil {
				w.Students[x.StudentID] = s.(*casework.Student)
			}
		}
	}
	casework.SortAppointments(w.Booked)
	casework.SortAppointments(w.Requests)
	return w, nil
}

func appointments(st *store.Store) ([]*casework.Appointment, error) {
	recs, err := st.List(casework.KindAppointment)
	if err != nil {
		return nil, fmt.Errorf("list appointments: %w", err)
	}
	out := make([]*casework.Appointment, 0, len(recs))
	for _, r := range recs {
		out = append(out, r.(*casework.Appointment))
	}
	return out, nil
}

func (a *App) appointment(ctx context.Context, id string) (*store.Store, *casework.Appointment, error) {
	st, err := a.records(ctx)
	if err != nil {
		return nil, nil, err
	}
	rec, err := st.Get(casework.KindAppointment, id)
	if err != nil {
		return nil, nil, fmt.Errorf("read appointment: %w", err)
	}
	return st, rec.(*casework.Appointment), nil
}

// Request records a request waiting to be placed (待安排).
func (a *App) Request(ctx context.Context, x *casework.Appointment) error {
	x.Status = casework.ApptRequested
	return a.saveAppointment(ctx, x, nil, Confirm{})
}

// Book books x (a new appointment, or a request given its time): no
// overlap with another booking, the open hours asked once.
func (a *App) Book(ctx context.Context, x *casework.Appointment, c Confirm) error {
	x.Status = casework.ApptBooked
	return a.saveAppointment(ctx, x, nil, c)
}

// Move gives a booking another day and time; duration 0 keeps its length.
func (a *App) Move(ctx context.Context, id string, date casework.Date, start casework.Clock, duration int, c Confirm) (*casework.Appointment, error) {
	return a.reschedule(ctx, id, date, start, duration, c, nil)
}

// Amend is Move that also sets the booking's place and note.
func (a *App) Amend(ctx context.Context, id string, date casework.Date, start casework.Clock, duration int,
	place casework.SessionPlace, note string, c Confirm) (*casework.Appointment, error) {
	return a.reschedule(ctx, id, date, start, duration, c, func(x *casework.Appointment) {
		x.Place, x.Note = place, strings.TrimSpace(note)
	})
}

func (a *App) reschedule(ctx context.Context, id string, date casework.Date, start casework.Clock, duration int, c Confirm,
	edit func(*casework.Appointment)) (*casework.Appointment, error) {
	_, x, err := a.appointment(ctx, id)
	if err != nil {
		return nil, err
	}
	was := x.Date
	x.Date, x.Start = date, start
	if duration != 0 {
		x.DurationMin = duration
	}
	if edit != nil {
		edit(x)
	}
	return x, a.saveAppointment(ctx, x, &was, c)
}

// Cancel marks a booking 已取消.
func (a *App) Cancel(ctx context.Context, id string, c Confirm) error {
	return a.setStatus(ctx, id, casework.ApptCancelled, "", c)
}

// NoShow marks a booking 未到.
func (a *App) NoShow(ctx context.Context, id string, c Confirm) error {
	return a.setStatus(ctx, id, casework.ApptNoShow, "", c)
}

// Decline closes a request that will not be booked; the reason is required
// and kept in the note (never printed on a door copy).
func (a *App) Decline(ctx context.Context, id, reason string) error {
	if strings.TrimSpace(reason) == "" {
		return &casework.Error{Code: casework.EINVALID, Field: "note",
			MessageZH: "请填写不安排的原因", MessageEN: "give the reason for declining"}
	}
	return a.setStatus(ctx, id, casework.ApptCancelled, "不安排："+reason, Confirm{})
}

// MergeIntoCase joins a request to an existing case of the same client:
// the case takes it over, the request leaves the waiting list.
func (a *App) MergeIntoCase(ctx context.Context, id, caseID string) error {
	st, x, err := a.appointment(ctx, id)
	if err != nil {
		return err
	}
	rec, err := st.Get(casework.KindCase, caseID)
	if err != nil {
		return fmt.Errorf("read case: %w", err)
	}
	if c := rec.(*casework.Case); c.StudentID != x.StudentID {
		return &casework.Error{Code: casework.EINVALID, Field: "case_id",
			MessageZH: "只能并入同一来访者的个案", MessageEN: "a request merges only into a case of the same client"}
	}
	x.CaseID = caseID
	return a.setStatus(ctx, id, casework.ApptCancelled, "已并入个案", Confirm{}, func(y *casework.Appointment) { y.CaseID = caseID })
}

func (a *App) setStatus(ctx context.Context, id string, to casework.AppointmentStatus, note string, c Confirm, edits ...func(*casework.Appointment)) error {
	_, x, err := a.appointment(ctx, id)
	if err != nil {
		return err
	}
	was := x.Date
	x.Status = to
	if note != "" {
		x.Note = strings.TrimSpace(strings.Join([]string{x.Note, note}, "\n"))
	}
	for _, e := range edits {
		e(x)
	}
	return a.saveAppointment(ctx, x, &was, c)
}

// saveAppointment validates and writes x: the default length, the closed
// week and open hours asked once, no overlap with another booking.
func (a *App) saveAppointment(ctx context.Context, x *casework.Appointment, was *casework.Date, c Confirm) error {
	st, err := a.records(ctx)
	if err != nil {
		return err
	}
	set, err := st.Settings()
	if err != nil {
		return fmt.Errorf("read settings: %w", err)
	}
	if x.DurationMin == 0 && x.Status == casework.ApptRequested {
		x.DurationMin = set.PeriodMin()
	}
	if x.Place == "" {
		x.Place = casework.SessionPlaceRoom
	}
	if !c.ClosedWeek && (a.closedWeek(set, x.Date) || (was != nil && a.closedWeek(set, *was))) {
		return &NeedsConfirm{ClosedWeek: true, Err: &casework.Error{Code: casework.ECONFLICT, Field: "date",
			MessageZH: "这一天在已结束学期的过去一周里，确定要修改吗？", MessageEN: "this day lies in a past week of a finished term; change it anyway?"}}
	}
	if x.Status == casework.ApptBooked && x.Start.Valid() && !c.OutsideHours && !set.InOpenHours(x) {
		return &NeedsConfirm{OutsideHours: true, Err: &casework.Error{Code: casework.ECONFLICT, Field: "start",
			MessageZH: "这个时间不在辅导室开放时间内，仍要预约吗？", MessageEN: "this time is outside the room's open hours; book it anyway?"}}
	}
	err = st.Tx(func(tx *store.Tx) error {
		if err := x.Validate(set.Env(txRefs{tx})); err != nil {
			return err
		}
		recs, err := tx.Query(casework.KindAppointment, store.Filter{From: x.Date, To: x.Date})
		if err != nil {
			return err
		}
		others := make([]*casework.Appointment, 0, len(recs))
		for _, r := range recs {
			others = append(others, r.(*casework.Appointment))
		}
		if err := casework.CheckOverlap(x, others); err != nil {
			return err
		}
		if x.ID == "" {
			return tx.Create(x)
		}
		return tx.Update(x)
	})
	if err != nil {
		return fmt.Errorf("save appointment: %w", err)
	}
	a.Changed(casework.KindAppointment)
	return nil
}

type txRefs struct{ tx *store.Tx }

func (r txRefs) Exists(k casework.Kind, id string) bool {
	ok, err := r.tx.Exists(k, id)
	return err == nil && ok
}

// closedWeek reports whether d lies in a past week of a term that has
// ended: such records were reported already, a change is asked once.
func (a *App) closedWeek(set casework.Settings, d casework.Date) bool {
	today := a.Today()
	if !d.Valid() || !casework.WeekOf(d).AddDays(6).Before(today) {
		return false
	}
	for _, t := range set.Terms {
		if t.Period().Contains(d) {
			return t.End.Before(today)
		}
	}
	return false
}

// DoneDraft is what 已完成 opens: the student's case (a new one, not yet
// saved, when there is none) and a session record prefilled from the
// appointment.
type DoneDraft struct {
	Appointment *casework.Appointment
	Case        *casework.Case
	NewCase     bool
	Session     *casework.Session
}

// Done marks a booking 已完成 and returns the session record to fill in.
func (a *App) Done(ctx context.Context, id string, c Confirm) (DoneDraft, error) {
	if err := a.setStatus(ctx, id, casework.ApptDone, "", c); err != nil {
		return DoneDraft{}, err
	}
	st, x, err := a.appointment(ctx, id)
	if err != nil {
		return DoneDraft{}, err
	}
	d := DoneDraft{Appointment: x, Session: &casework.Session{Date: x.Date, Start: x.Start,
		DurationMin: x.DurationMin, Place: x.Place, Mode: casework.SessionModeInPerson}}
	if x.CaseID != "" {
		rec, err := st.Get(casework.KindCase, x.CaseID)
		if err != nil {
			return DoneDraft{}, fmt.Errorf("read case: %w", err)
		}
		d.Case = rec.(*casework.Case)
	} else if x.StudentID != "" {
		recs, err := st.Query(casework.KindCase, store.Filter{StudentID: x.StudentID})
		if err != nil {
			return DoneDraft{}, fmt.Errorf("list cases: %w", err)
		}
		for _, r := range recs {
			if cs := r.(*casework.Case); cs.Status != casework.CaseStatusClosed {
				d.Case = cs // the latest open case
			}
		}
	}
	if d.Case == nil {
		d.NewCase = true
		d.Case = x.NewCase()
	}
	d.Session.CaseID = d.Case.ID
	return d, nil
}

// SaveDone writes the filled-in draft: the new case if any, the session,
// and the appointment's links to both, in one transaction.
func (a *App) SaveDone(ctx context.Context, d DoneDraft) error {
	st, err := a.records(ctx)
	if err != nil {
		return err
	}
	err = st.Tx(func(tx *store.Tx) error {
		if d.NewCase {
			if err := tx.Create(d.Case); err != nil {
				return err
			}
		}
		d.Session.CaseID = d.Case.ID
		if err := tx.Create(d.Session); err != nil {
			return err
		}
		d.Appointment.CaseID, d.Appointment.SessionID = d.Case.ID, d.Session.ID
		return tx.Update(d.Appointment)
	})
	if err != nil {
		return fmt.Errorf("save the session of an appointment: %w", err)
	}
	a.Changed(casework.KindCase, casework.KindSession, casework.KindAppointment)
	return nil
}

// FollowUpOffers returns a 复约 request for each key student whose next
// follow-up falls within days from today and who has no appointment
// waiting or booked; nothing is saved until the counselor takes one.
func (a *App) FollowUpOffers(ctx context.Context, days int) ([]*casework.Appointment, error) {
	st, err := a.records(ctx)
	if err != nil {
		return nil, err
	}
	set, err := st.Settings()
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	all, err := appointments(st)
	if err != nil {
		return nil, err
	}
	pending := map[string]bool{}
	for _, x := range all {
		if x.Status == casework.ApptRequested || x.Status == casework.ApptBooked {
			pending[x.StudentID] = true
		}
	}
	keys, err := st.List(casework.KindKeyStudent)
	if err != nil {
		return nil, fmt.Errorf("list key students: %w", err)
	}
	today := a.Today()
	var out []*casework.Appointment
	for _, r := range keys {
		k := r.(*casework.KeyStudent)
		due, ok := k.FollowUpDue(today, levelsOf(set))
		if !ok || pending[k.StudentID] || due.After(today.AddDays(days)) {
			continue
		}
		if due.Before(today) {
			due = today
		}
		out = append(out, &casework.Appointment{StudentID: k.StudentID, Date: due, DurationMin: set.PeriodMin(),
			Via: casework.ViaFollowUp, Status: casework.ApptRequested})
	}
	casework.SortAppointments(out)
	return out, nil
}

// IsNeedsConfirm reports whether err asks for a confirmation.
func IsNeedsConfirm(err error) (*NeedsConfirm, bool) {
	var n *NeedsConfirm
	return n, errors.As(err, &n)
}

// AgendaToday is the dashboard's 今天 block: today's bookings in time
// order and the requests that have waited more than 3 days.
func (a *App) AgendaToday(ctx context.Context) (today, waiting []*casework.Appointment, err error) {
	st, err := a.records(ctx)
	if err != nil {
		return nil, nil, err
	}
	all, err := appointments(st)
	if err != nil {
		return nil, nil, err
	}
	day := a.Today()
	for _, x := range all {
		switch {
		case x.Status == casework.ApptBooked && x.Date == day:
			today = append(today, x)
		case x.Status == casework.ApptRequested && casework.DateOf(x.CreatedAt).AddDays(3).Before(day):
			waiting = append(waiting, x)
		}
	}
	casework.SortAppointments(today)
	casework.SortAppointments(waiting)
	return today, waiting, nil
}

// KeyNoShows returns the 未到 of the last days days of students who are
// 重点学生 (not released): the dashboard shows them, a missed meeting of
// such a student is followed up the same day.
func (a *App) KeyNoShows(ctx context.Context, days int) ([]*casework.Appointment, error) {
	st, err := a.records(ctx)
	if err != nil {
		return nil, err
	}
	keys, err := st.List(casework.KindKeyStudent)
	if err != nil {
		return nil, fmt.Errorf("list key students: %w", err)
	}
	key := map[string]bool{}
	for _, r := range keys {
		if k := r.(*casework.KeyStudent); k.ReleasedOn == "" {
			key[k.StudentID] = true
		}
	}
	all, err := appointments(st)
	if err != nil {
		return nil, err
	}
	today := a.Today()
	var out []*casework.Appointment
	for _, x := range all {
		if x.Status == casework.ApptNoShow && key[x.StudentID] && x.Date.InRange(today.AddDays(-days), today) {
			out = append(out, x)
		}
	}
	casework.SortAppointments(out)
	return out, nil
}

// OpenCasesOf returns the cases of a student that are not closed, the
// ones a request can be merged into.
func (a *App) OpenCasesOf(ctx context.Context, studentID string) ([]*casework.Case, error) {
	st, err := a.records(ctx)
	if err != nil {
		return nil, err
	}
	recs, err := st.Query(casework.KindCase, store.Filter{StudentID: studentID})
	if err != nil {
		return nil, fmt.Errorf("list cases: %w", err)
	}
	var out []*casework.Case
	for _, r := range recs {
		if c := r.(*casework.Case); c.Status != casework.CaseStatusClosed {
			out = append(out, c)
		}
	}
	return out, nil
}

// SaveAgendaHours sets the school's periods (the rows of the week) and
// the room's open hours; nil periods go back to the default day.
func (a *App) SaveAgendaHours(ctx context.Context, periods []casework.ClassPeriod, open []casework.OpenHours) error {
	st, err := a.records(ctx)
	if err != nil {
		return err
	}
	for _, p := range periods {
		if p.Minutes() == 0 {
			return &casework.Error{Code: casework.EINVALID, Field: "periods",
				MessageZH: fmt.Sprintf("节次“%s”的开始时间应早于结束时间", p.Name),
				MessageEN: fmt.Sprintf("period %q must start before it ends", p.Name)}
		}
	}
	for _, h := range open {
		f, ok1 := h.From.Minutes()
		t, ok2 := h.To.Minutes()
		if h.Weekday < 1 || h.Weekday > 7 || !ok1 || !ok2 || t <= f {
			return &casework.Error{Code: casework.EINVALID, Field: "open_hours",
				MessageZH: "开放时间应为星期一到星期日中的一天，开始早于结束",
				MessageEN: "open hours need a weekday and a start before the end"}
		}
	}
	set, err := st.Settings()
	if err != nil {
		return fmt.Errorf("read settings: %w", err)
	}
	set.Periods, set.OpenHours = periods, open
	if err := st.Tx(func(tx *store.Tx) error { return tx.SaveSettings(set) }); err != nil {
		return fmt.Errorf("save the agenda hours: %w", err)
	}
	a.Changed(casework.KindAppointment)
	return nil
}
