package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/store"
)

func agendaSchool(t *testing.T) (*App, *changeLog, *casework.Student) {
	t.Helper()
	a, ws := openSchool(t)
	a.now = func() time.Time { return time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC) } // a Monday
	st := ws.Store()
	set, err := st.Settings()
	if err != nil {
		t.Fatal(err)
	}
	set.OpenHours = []casework.OpenHours{{Weekday: 1, From: "08:00", To: "17:30"}, {Weekday: 2, From: "08:00", To: "17:30"}}
	set.Terms = []casework.Term{{Name: "2025-2026学年第二学期", Start: "2026-02-20", End: "2026-07-10"},
		{Name: "2026-2027学年第一学期", Start: "2026-09-01", End: "2027-01-20"}}
	s, err := a.SaveStudent(context.Background(), pupil("测试学生甲", "七年级", "七(2)班"))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Tx(func(tx *store.Tx) error { return tx.SaveSettings(set) }); err != nil {
		t.Fatal(err)
	}
	return a, watchChanges(a), s
}

func TestBookMoveAndOverlapRefusal(t *testing.T) {
	ctx := context.Background()
	a, changes, s := agendaSchool(t)
	x := &casework.Appointment{StudentID: s.ID, Date: "2026-12-07", Start: "10:00", DurationMin: 40, Via: casework.ViaSelf}
	if err := a.Book(ctx, x, Confirm{}); err != nil {
		t.Fatal(err)
	}
	changes.announced(t, "book", casework.KindAppointment)
	y := &casework.Appointment{StudentID: s.ID, Date: "2026-12-07", Start: "10:20", DurationMin: 40}
	err := a.Book(ctx, y, Confirm{})
	if casework.ErrorCode(err) != casework.ECONFLICT || !strings.Contains(casework.ErrorMessageZH(err), "10:00–10:40") || y.ID != "" {
		t.Fatalf("got %v, want the overlap refused naming 10:00–10:40 and nothing saved", err)
	}
	changes.none(t, "refused")
	moved, err := a.Move(ctx, x.ID, "2026-12-08", "14:00", 0, Confirm{})
	if err != nil || moved.Date != "2026-12-08" || moved.DurationMin != 40 {
		t.Fatalf("got %+v, %v, want the booking on Tuesday 14:00", moved, err)
	}
	changes.announced(t, "move", casework.KindAppointment)
	if err := a.Book(ctx, y, Confirm{}); err != nil {
		t.Fatalf("got %v, want the freed slot bookable", err)
	}
	// Outside the open hours: asked once, then saved.
	late := &casework.Appointment{StudentID: s.ID, Date: "2026-12-07", Start: "18:00", DurationMin: 30}
	if _, ok := IsNeedsConfirm(a.Book(ctx, late, Confirm{})); !ok || late.ID != "" {
		t.Fatal("got no question for a time outside the open hours")
	}
	if err := a.Book(ctx, late, Confirm{OutsideHours: true}); err != nil {
		t.Fatal(err)
	}
	// Bad input: a clear sentence, nothing saved.
	for _, bad := range []*casework.Appointment{
		{StudentID: s.ID, Date: "2026-12-09", Start: "24:30", DurationMin: 40},
		{StudentID: s.ID, Date: "2026-12-09", Start: "09:00", DurationMin: 0},
		{StudentID: s.ID, Date: "2026-12-09", Start: "09:00", DurationMin: 300},
	} {
		err := a.Book(ctx, bad, Confirm{OutsideHours: true})
		if casework.ErrorCode(err) != casework.EINVALID || bad.ID != "" || casework.ErrorMessageZH(err) == "" {
			t.Errorf("got %v for %+v, want a refusal", err, bad)
		}
	}
	// A closed week of a past term: asked first.
	old := &casework.Appointment{StudentID: s.ID, Date: "2026-05-11", Start: "10:00", DurationMin: 40}
	if n, ok := IsNeedsConfirm(a.Book(ctx, old, Confirm{OutsideHours: true})); !ok || !n.ClosedWeek || old.ID != "" {
		t.Fatal("got no question for a date in a closed week")
	}
	w, err := a.Week(ctx, "2026-12-09")
	if err != nil || w.Monday != "2026-12-07" || len(w.Booked) != 3 || w.Booked[0].Start != "10:20" {
		t.Fatalf("got week %+v, %v", w, err)
	}
	if name, class := w.Who(w.Booked[0]); name != "测试学生甲" || class != "七(2)班" {
		t.Errorf("got %s %s", name, class)
	}
}

func TestRequestLifeCycle(t *testing.T) {
	ctx := context.Background()
	a, changes, s := agendaSchool(t)
	req := &casework.Appointment{StudentID: s.ID, Date: "2026-12-07", Via: casework.ViaMailbox}
	if err := a.Request(ctx, req); err != nil || req.DurationMin != 40 {
		t.Fatalf("got %v, %d, want a request with the period's length", err, req.DurationMin)
	}
	changes.announced(t, "request", casework.KindAppointment)
	w, _ := a.Week(ctx, "2026-12-07")
	if len(w.Requests) != 1 || len(w.Booked) != 0 {
		t.Fatalf("got %d requests and %d bookings, want the request waiting", len(w.Requests), len(w.Booked))
	}
	req.Start = "11:00"
	if err := a.Book(ctx, req, Confirm{}); err != nil {
		t.Fatal(err)
	}
	if err := a.NoShow(ctx, req.ID, Confirm{}); err != nil {
		t.Fatal(err)
	}
	second := &casework.Appointment{StudentID: s.ID, Date: "2026-12-08", Via: casework.ViaParent}
	_ = a.Request(ctx, second)
	if err := a.Decline(ctx, second.ID, " "); casework.ErrorCode(err) != casework.EINVALID {
		t.Fatalf("got %v, want a reason required", err)
	}
	if err := a.Decline(ctx, second.ID, "已由班主任处理"); err != nil {
		t.Fatal(err)
	}
	third := &casework.Appointment{StudentID: s.ID, Date: "2026-12-08", Via: casework.ViaCommittee}
	_ = a.Request(ctx, third)
	c := &casework.Case{StudentID: s.ID, OpenedOn: "2026-11-02", Source: casework.CaseSourceSelf,
		ProblemTypes: []casework.ProblemType{casework.AllProblemTypes()[0]}, Status: casework.CaseStatusOpen}
	if err := a.SaveRecords(ctx, Casework, c); err != nil {
		t.Fatal(err)
	}
	if err := a.MergeIntoCase(ctx, third.ID, c.ID); err != nil {
		t.Fatal(err)
	}
	changes.take()
	w, _ = a.Week(ctx, "2026-12-07")
	if len(w.Requests) != 0 {
		t.Fatalf("got %d requests, want none left", len(w.Requests))
	}
	_, got, _ := a.appointment(ctx, third.ID)
	if got.CaseID != c.ID || got.Status != casework.ApptCancelled {
		t.Errorf("got %+v, want the request merged into the case", got)
	}
}

func TestDoneOpensAPrefilledSession(t *testing.T) {
	ctx := context.Background()
	a, changes, s := agendaSchool(t)
	x := &casework.Appointment{StudentID: s.ID, Date: "2026-12-07", Start: "14:00", DurationMin: 45, Place: casework.SessionPlaceOffice}
	if err := a.Book(ctx, x, Confirm{}); err != nil {
		t.Fatal(err)
	}
	d, err := a.Done(ctx, x.ID, Confirm{})
	if err != nil {
		t.Fatal(err)
	}
	if !d.NewCase || d.Case.StudentID != s.ID || d.Session.Date != "2026-12-07" || d.Session.Start != "14:00" ||
		d.Session.DurationMin != 45 || d.Session.Place != casework.SessionPlaceOffice {
		t.Fatalf("got %+v %+v, want a new case and a session prefilled", d.Case, d.Session)
	}
	d.Case.ProblemTypes = []casework.ProblemType{casework.AllProblemTypes()[0]}
	d.Session.Observations = "情绪平稳"
	changes.take()
	if err := a.SaveDone(ctx, d); err != nil {
		t.Fatal(err)
	}
	changes.announced(t, "done", casework.KindCase, casework.KindSession, casework.KindAppointment)
	_, got, _ := a.appointment(ctx, x.ID)
	if got.Status != casework.ApptDone || got.SessionID == "" || got.CaseID != d.Case.ID {
		t.Errorf("got %+v, want done and linked", got)
	}
	// The next one finds the case.
	y := &casework.Appointment{StudentID: s.ID, Date: "2026-12-08", Start: "14:00", DurationMin: 45}
	_ = a.Book(ctx, y, Confirm{})
	d2, err := a.Done(ctx, y.ID, Confirm{})
	if err != nil || d2.NewCase || d2.Session.CaseID != d.Case.ID {
		t.Fatalf("got %+v, %v, want the open case", d2, err)
	}
}

func TestTodayBlockAndFollowUpOffers(t *testing.T) {
	ctx := context.Background()
	a, _, s := agendaSchool(t)
	req := &casework.Appointment{StudentID: s.ID, Date: "2026-12-07", Via: casework.ViaSelf}
	if err := a.Request(ctx, req); err != nil {
		t.Fatal(err)
	}
	x := &casework.Appointment{StudentID: s.ID, Date: "2026-12-14", Start: "10:00", DurationMin: 40}
	if err := a.Book(ctx, x, Confirm{OutsideHours: true}); err != nil {
		t.Fatal(err)
	}
	a.now = func() time.Time { return time.Date(2026, 12, 14, 8, 0, 0, 0, time.UTC) }
	today, waiting, err := a.AgendaToday(ctx)
	if err != nil || len(today) != 1 || today[0].ID != x.ID {
		t.Fatalf("got today %v, %v, want the booking", today, err)
	}
	if created := casework.DateOf(req.CreatedAt); created.AddDays(3).Before("2026-12-14") && len(waiting) != 1 {
		t.Errorf("got %d waiting, want the request of %s", len(waiting), created)
	}
	// A key student due for a follow-up with nothing waiting is offered a 复约.
	other, _ := a.SaveStudent(ctx, pupil("测试学生乙", "八年级", "八(5)班"))
	k := &casework.KeyStudent{StudentID: other.ID, IncludedOn: "2026-11-20",
		Levels: []casework.LevelEntry{{Level: casework.LevelYellow, Date: "2026-11-20"}}}
	if err := a.SaveRecords(ctx, Casework, k); err != nil {
		t.Fatal(err)
	}
	offers, err := a.FollowUpOffers(ctx, 30)
	if err != nil || len(offers) != 1 || offers[0].StudentID != other.ID || offers[0].Via != casework.ViaFollowUp || offers[0].ID != "" {
		t.Fatalf("got offers %+v, %v, want one unsaved 复约 for the key student", offers, err)
	}
}
