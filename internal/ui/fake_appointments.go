package ui

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"xinqing/internal/casework"
)

// FakeAppointments keeps the counselor's week in memory with the rules of
// the application layer: validation, no overlap of two bookings, open
// hours and closed weeks asked once, done into a prefilled session of the
// student's open case (or a new one). Cases, sessions and key students
// live in the linked FakeCases.
type FakeAppointments struct {
	changes  *FakeChanges
	cases    *FakeCases
	mu       sync.Mutex
	recs     map[string]*casework.Appointment
	settings casework.Settings
	n        int
	// now is today's time; nil: the wall clock, as the real services.
	now    func() time.Time
	prints []string // "week|door|slip <day or id>"
}

// NewFakeAppointments returns an empty week linked to cases (students,
// cases, sessions, key students); cases may be nil.
func NewFakeAppointments(cases *FakeCases) *FakeAppointments {
	if cases == nil {
		cases = NewFakeCases()
	}
	return &FakeAppointments{cases: cases, recs: map[string]*casework.Appointment{}}
}

func (f *FakeAppointments) today() casework.Date {
	if f.now != nil {
		return casework.DateOf(f.now())
	}
	return casework.DateOf(time.Now())
}

func (f *FakeAppointments) emit(kinds ...casework.Kind) {
	if f.changes != nil {
		f.changes.Emit(kinds...)
	}
}

// Exists answers the references of an appointment.
func (f *FakeAppointments) Exists(kind casework.Kind, id string) bool {
	if kind == casework.KindAppointment {
		f.mu.Lock()
		defer f.mu.Unlock()
		return f.recs[id] != nil
	}
	f.cases.mu.Lock()
	defer f.cases.mu.Unlock()
	return f.cases.Exists(kind, id)
}

func cloneAppt(x *casework.Appointment) *casework.Appointment {
	c := *x
	return &c
}

func (f *FakeAppointments) students(xs []*casework.Appointment, into map[string]*casework.Student) {
	f.cases.mu.Lock()
	defer f.cases.mu.Unlock()
	for _, x := range xs {
		if s, ok := f.cases.student(x.StudentID); ok && x.StudentID != "" {
			into[x.StudentID] = &s
		}
	}
}

func (f *FakeAppointments) Week(_ context.Context, day casework.Date) (AgendaWeek, error) {
	f.mu.Lock()
	w := AgendaWeek{Monday: casework.WeekOf(day), Students: map[string]*casework.Student{},
		Periods: f.settings.AgendaPeriods(), OpenHours: f.settings.OpenHours}
	for _, x := range f.recs {
		switch {
		case x.Status == casework.ApptRequested:
			w.Requests = append(w.Requests, cloneAppt(x))
		case x.Status != casework.ApptCancelled && x.Date.InRange(w.Monday, w.Monday.AddDays(6)):
			w.Booked = append(w.Booked, cloneAppt(x))
		}
	}
	f.mu.Unlock()
	f.students(append(append([]*casework.Appointment{}, w.Booked...), w.Requests...), w.Students)
	casework.SortAppointments(w.Booked)
	casework.SortAppointments(w.Requests)
	return w, nil
}

func (f *FakeAppointments) Request(_ context.Context, x *casework.Appointment) error {
	x.Status = casework.ApptRequested
	return f.save(x, nil, AgendaConfirm{})
}

func (f *FakeAppointments) Book(_ context.Context, x *casework.Appointment, c AgendaConfirm) error {
	x.Status = casework.ApptBooked
	return f.save(x, nil, c)
}

func (f *FakeAppointments) get(id string) (*casework.Appointment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	x, ok := f.recs[id]
	if !ok {
		return nil, &casework.Error{Code: casework.ENOTFOUND, MessageZH: "找不到这条预约", MessageEN: "no such appointment"}
	}
	return cloneAppt(x), nil
}

func (f *FakeAppointments) Move(_ context.Context, id string, date casework.Date, start casework.Clock, duration int, c AgendaConfirm) error {
	x, err := f.get(id)
	if err != nil {
		return err
	}
	was := x.Date
	x.Date, x.Start = date, start
	if duration != 0 {
		x.DurationMin = duration
	}
	return f.save(x, &was, c)
}

func (f *FakeAppointments) Edit(_ context.Context, id string, e AgendaEdit, c AgendaConfirm) error {
	x, err := f.get(id)
	if err != nil {
		return err
	}
	was := x.Date
	x.Date, x.Start, x.Place, x.Note = e.Date, e.Start, e.Place, strings.TrimSpace(e.Note)
	if e.DurationMin != 0 {
		x.DurationMin = e.DurationMin
	}
	return f.save(x, &was, c)
}

func (f *FakeAppointments) setStatus(id string, to casework.AppointmentStatus, note string, c AgendaConfirm, edit func(*casework.Appointment)) error {
	x, err := f.get(id)
	if err != nil {
		return err
	}
	was := x.Date
	x.Status = to
	if note != "" {
		x.Note = strings.TrimSpace(strings.Join([]string{x.Note, note}, "\n"))
	}
	if edit != nil {
		edit(x)
	}
	return f.save(x, &was, c)
}

func (f *FakeAppointments) Cancel(_ context.Context, id string, c AgendaConfirm) error {
	return f.setStatus(id, casework.ApptCancelled, "", c, nil)
}

func (f *FakeAppointments) NoShow(_ context.Context, id string, c AgendaConfirm) error {
	return f.setStatus(id, casework.ApptNoShow, "", c, nil)
}

func (f *FakeAppointments) Decline(_ context.Context, id, reason string) error {
	if strings.TrimSpace(reason) == "" {
		return &casework.Error{Code: casework.EINVALID, Field: "note", MessageZH: "请填写不安排的原因", MessageEN: "give the reason for declining"}
	}
	return f.setStatus(id, casework.ApptCancelled, "不安排："+reason, AgendaConfirm{}, nil)
}

func (f *FakeAppointments) MergeIntoCase(_ context.Context, id, caseID string) error {
	x, err := f.get(id)
	if err != nil {
		return err
	}
	rec, err := f.cases.Record(context.Background(), casework.KindCase, caseID)
	if err != nil {
		return err
	}
	if rec.(*casework.Case).StudentID != x.StudentID {
		return &casework.Error{Code: casework.EINVALID, Field: "case_id",
			MessageZH: "只能并入同一来访者的个案", MessageEN: "a request merges only into a case of the same client"}
	}
	return f.setStatus(id, casework.ApptCancelled, "已并入个案", AgendaConfirm{}, func(y *casework.Appointment) { y.CaseID = caseID })
}

func (f *FakeAppointments) OpenCases(ctx context.Context, studentID string) ([]*casework.Case, error) {
	recs, err := f.cases.Records(ctx, casework.KindCase, RecordFilter{StudentID: studentID})
	if err != nil {
		return nil, err
	}
	var out []*casework.Case
	for _, r := range recs {
		if c := r.(*casework.Case); c.Status != casework.CaseStatusClosed {
			out = append(out, c)
		}
	}
	return out, nil
}

// closedWeek is a past week of a term that has ended.
func (f *FakeAppointments) closedWeek(d casework.Date) bool {
	today := f.today()
	if !d.Valid() || !casework.WeekOf(d).AddDays(6).Before(today) {
		return false
	}
	for _, t := range f.settings.Terms {
		if t.Period().Contains(d) {
			return t.End.Before(today)
		}
	}
	return false
}

func (f *FakeAppointments) save(x *casework.Appointment, was *casework.Date, c AgendaConfirm) error {
	if x.DurationMin == 0 && x.Status == casework.ApptRequested {
		x.DurationMin = f.settings.PeriodMin()
	}
	if x.Place == "" {
		x.Place = casework.SessionPlaceRoom
	}
	if !c.ClosedWeek && (f.closedWeek(x.Date) || (was != nil && f.closedWeek(*was))) {
		return &AgendaQuestion{ClosedWeek: true, MessageZH: "这一天在已结束学期的过去一周里，确定要修改吗？",
			MessageEN: "this day lies in a past week of a finished term; change it anyway?"}
	}
	if x.Status == casework.ApptBooked && x.Start.Valid() && !c.OutsideHours && !f.settings.InOpenHours(x) {
		return &AgendaQuestion{OutsideHours: true, MessageZH: "这个时间不在辅导室开放时间内，仍要预约吗？",
			MessageEN: "this time is outside the room's open hours; book it anyway?"}
	}
	if err := x.Validate(casework.Env{Levels: casework.DefaultRiskLevels(), Refs: f}); err != nil {
		return fmt.Errorf("save appointment: %w", err)
	}
	f.mu.Lock()
	var others []*casework.Appointment
	for _, o := range f.recs {
		others = append(others, o)
	}
	if err := casework.CheckOverlap(x, others); err != nil {
		f.mu.Unlock()
		return fmt.Errorf("save appointment: %w", err)
	}
	if x.ID == "" {
		f.n++
		x.ID = fmt.Sprintf("appointment-%03d", f.n)
	}
	now := time.Now()
	if f.now != nil {
		now = f.now()
	}
	x.Touch(now)
	f.recs[x.ID] = cloneAppt(x)
	f.mu.Unlock()
	f.emit(casework.KindAppointment)
	return nil
}

func (f *FakeAppointments) Done(ctx context.Context, id string, c AgendaConfirm) (DoneDraft, error) {
	if err := f.setStatus(id, casework.ApptDone, "", c, nil); err != nil {
		return DoneDraft{}, err
	}
	x, err := f.get(id)
	if err != nil {
		return DoneDraft{}, err
	}
	d := DoneDraft{Appointment: x, Session: &casework.Session{Date: x.Date, Start: x.Start,
		DurationMin: x.DurationMin, Place: x.Place, Mode: casework.SessionModeInPerson}}
	if x.CaseID != "" {
		rec, err := f.cases.Record(ctx, casework.KindCase, x.CaseID)
		if err != nil {
			return DoneDraft{}, err
		}
		d.Case = rec.(*casework.Case)
	} else if x.StudentID != "" {
		open, err := f.OpenCases(ctx, x.StudentID)
		if err != nil {
			return DoneDraft{}, err
		}
		if len(open) > 0 {
			d.Case = open[len(open)-1] // the latest open case
		}
	}
	if d.Case == nil {
		d.NewCase = true
		d.Case = x.NewCase()
	}
	d.Session.CaseID = d.Case.ID
	return d, nil
}

// SaveDone writes the case and the session; a refused session leaves no
// new case behind (the real service writes all in one transaction).
func (f *FakeAppointments) SaveDone(ctx context.Context, d DoneDraft) error {
	if d.NewCase {
		if err := d.Case.Validate(casework.Env{Levels: f.cases.levels, Refs: f}); err != nil {
			return err
		}
	}
	ses := *d.Session
	ses.CaseID = "-"
	if d.Case.ID != "" {
		ses.CaseID = d.Case.ID
	}
	if err := ses.Validate(casework.Env{Levels: f.cases.levels, Refs: fakeRefsWith{f, ses.CaseID}}); err != nil {
		return err
	}
	if d.NewCase {
		if err := f.cases.SaveRecord(ctx, d.Case); err != nil {
			return err
		}
	}
	d.Session.CaseID = d.Case.ID
	if err := f.cases.SaveRecord(ctx, d.Session); err != nil {
		return err
	}
	f.mu.Lock()
	if x := f.recs[d.Appointment.ID]; x != nil {
		x.CaseID, x.SessionID = d.Case.ID, d.Session.ID
	}
	d.Appointment.CaseID, d.Appointment.SessionID = d.Case.ID, d.Session.ID
	f.mu.Unlock()
	f.emit(casework.KindAppointment)
	return nil
}

// fakeRefsWith also knows a case about to be created.
type fakeRefsWith struct {
	f      *FakeAppointments
	caseID string
}

func (r fakeRefsWith) Exists(k casework.Kind, id string) bool {
	return (k == casework.KindCase && id == r.caseID) || r.f.Exists(k, id)
}

func (f *FakeAppointments) FollowUpOffers(ctx context.Context, days int) ([]*casework.Appointment, error) {
	keys, err := f.cases.Records(ctx, casework.KindKeyStudent, RecordFilter{})
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	pending := map[string]bool{}
	for _, x := range f.recs {
		if x.Status == casework.ApptRequested || x.Status == casework.ApptBooked {
			pending[x.StudentID] = true
		}
	}
	f.mu.Unlock()
	today := f.today()
	var out []*casework.Appointment
	for _, r := range keys {
		k := r.(*casework.KeyStudent)
		due, ok := k.FollowUpDue(today, f.cases.levels)
		if !ok || pending[k.StudentID] || due.After(today.AddDays(days)) {
			continue
		}
		if due.Before(today) {
			due = today
		}
		out = append(out, &casework.Appointment{StudentID: k.StudentID, Date: due, DurationMin: f.settings.PeriodMin(),
			Via: casework.ViaFollowUp, Status: casework.ApptRequested})
	}
	casework.SortAppointments(out)
	return out, nil
}

func (f *FakeAppointments) Today(ctx context.Context) (AgendaToday, error) {
	keys, err := f.cases.Records(ctx, casework.KindKeyStudent, RecordFilter{})
	if err != nil {
		return AgendaToday{}, err
	}
	key := map[string]bool{}
	for _, r := range keys {
		if k := r.(*casework.KeyStudent); k.ReleasedOn == "" {
			key[k.StudentID] = true
		}
	}
	day := f.today()
	t := AgendaToday{Students: map[string]*casework.Student{}}
	f.mu.Lock()
	for _, x := range f.recs {
		switch {
		case x.Status == casework.ApptBooked && x.Date == day:
			t.Today = append(t.Today, cloneAppt(x))
		case x.Status == casework.ApptRequested && casework.DateOf(x.CreatedAt).AddDays(3).Before(day):
			t.Waiting = append(t.Waiting, cloneAppt(x))
		case x.Status == casework.ApptNoShow && key[x.StudentID] && x.Date.InRange(day.AddDays(-agendaNoShowDays), day):
			t.NoShows = append(t.NoShows, cloneAppt(x))
		}
	}
	f.mu.Unlock()
	for _, xs := range [][]*casework.Appointment{t.Today, t.Waiting, t.NoShows} {
		casework.SortAppointments(xs)
		f.students(xs, t.Students)
	}
	return t, nil
}

// agendaNoShowDays is how far back the workbench shows a key student's 未到.
const agendaNoShowDays = 7

func (f *FakeAppointments) SaveHours(_ context.Context, periods []casework.ClassPeriod, open []casework.OpenHours) error {
	for _, p := range periods {
		if p.Minutes() == 0 {
			return &casework.Error{Code: casework.EINVALID, Field: "periods",
				MessageZH: fmt.Sprintf("节次“%s”的开始时间应早于结束时间", p.Name), MessageEN: fmt.Sprintf("period %q must start before it ends", p.Name)}
		}
	}
	for _, h := range open {
		a, ok1 := h.From.Minutes()
		b, ok2 := h.To.Minutes()
		if h.Weekday < 1 || h.Weekday > 7 || !ok1 || !ok2 || b <= a {
			return &casework.Error{Code: casework.EINVALID, Field: "open_hours",
				MessageZH: "开放时间应为星期一到星期日中的一天，开始早于结束", MessageEN: "open hours need a weekday and a start before the end"}
		}
	}
	f.mu.Lock()
	f.settings.Periods, f.settings.OpenHours = periods, open
	f.mu.Unlock()
	f.emit(casework.KindAppointment)
	return nil
}

func (f *FakeAppointments) WriteWeek(_ context.Context, day casework.Date, door bool, path string) error {
	what := "week"
	if door {
		what = "door"
	}
	f.mu.Lock()
	f.prints = append(f.prints, what+" "+string(casework.WeekOf(day)))
	f.mu.Unlock()
	return os.WriteFile(path, []byte("%PDF "+what), 0o600)
}

func (f *FakeAppointments) WriteClassSlip(_ context.Context, id, path string) error {
	x, err := f.get(id)
	if err != nil {
		return err
	}
	if x.StudentID == "" {
		return &casework.Error{Code: casework.EINVALID, Field: "student_id",
			MessageZH: "只有学生的预约才有辅导通知单", MessageEN: "only a student's appointment has a class slip"}
	}
	f.mu.Lock()
	f.prints = append(f.prints, "slip "+id)
	f.mu.Unlock()
	return os.WriteFile(path, []byte("%PDF slip"), 0o600)
}
