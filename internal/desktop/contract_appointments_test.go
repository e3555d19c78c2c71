package desktop

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/ui"
)

// The behaviours of ui.AppointmentService, appended to the contract.
func init() {
	contract = append(contract, appointmentsContract...)
}

// agendaVault makes a vault with one student and returns next week's
// Monday (never in a closed week) and the student.
func agendaVault(t *testing.T, d ui.Deps) (casework.Date, *casework.Student) {
	t.Helper()
	created(t, d)
	s, err := d.Students.SaveStudent(context.Background(), contractStudent("林小雨", "七年级", "七(3)班"))
	if err != nil {
		t.Fatal(err)
	}
	return casework.WeekOf(casework.DateOf(time.Now())).AddDays(7), s
}

func booking(s *casework.Student, day casework.Date, start casework.Clock, min int) *casework.Appointment {
	return &casework.Appointment{StudentID: s.ID, Date: day, Start: start, DurationMin: min, Via: casework.ViaSelf}
}

var appointmentsContract = []behaviour{
	{name: "a booking shows in its week; an overlap is refused naming the booking in the way; a move frees the slot", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		mon, s := agendaVault(t, d)
		x := booking(s, mon, "10:00", 40)
		if err := d.Appointments.Book(ctx, x, ui.AgendaConfirm{}); err != nil || x.ID == "" {
			t.Fatalf("got %v (id %q), want the booking saved", err, x.ID)
		}
		y := booking(s, mon, "10:20", 40)
		err := d.Appointments.Book(ctx, y, ui.AgendaConfirm{})
		var ce *casework.Error
		if !errors.As(err, &ce) || ce.Code != casework.ECONFLICT || ce.Field != x.ID || !strings.Contains(ce.MessageZH, "10:00–10:40") || y.ID != "" {
			t.Fatalf("got %v, want ECONFLICT naming %s and 10:00–10:40, nothing saved", err, x.ID)
		}
		w, err := d.Appointments.Week(ctx, mon.AddDays(3))
		if err != nil || w.Monday != mon || len(w.Booked) != 1 || w.Booked[0].ID != x.ID || len(w.Periods) == 0 {
			t.Fatalf("got %+v (%v), want the one booking of the week of %s with periods", w, err, mon)
		}
		if name, class := w.Who(w.Booked[0]); name != "林小雨" || class != "七(3)班" {
			t.Fatalf("got %s %s, want 林小雨 七(3)班", name, class)
		}
		if err := d.Appointments.Move(ctx, x.ID, mon.AddDays(1), "14:00", 0, ui.AgendaConfirm{}); err != nil {
			t.Fatal(err)
		}
		if err := d.Appointments.Book(ctx, y, ui.AgendaConfirm{}); err != nil {
			t.Fatalf("got %v, want the freed slot bookable", err)
		}
		w, _ = d.Appointments.Week(ctx, mon)
		if len(w.Booked) != 2 || w.Booked[0].ID != y.ID || w.Booked[1].Date != mon.AddDays(1) || w.Booked[1].DurationMin != 40 {
			t.Fatalf("got %+v, want Monday's new booking, then the moved one on Tuesday keeping 40 minutes", w.Booked)
		}
	}},
	{name: "bad input is refused with a sentence and nothing saved; outside the open hours is asked once", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		mon, s := agendaVault(t, d)
		for _, bad := range []*casework.Appointment{booking(s, mon, "24:30", 40), booking(s, mon, "09:00", 0), booking(s, mon, "09:00", 300)} {
			err := d.Appointments.Book(ctx, bad, ui.AgendaConfirm{})
			if casework.ErrorCode(err) != casework.EINVALID || casework.ErrorMessageZH(err) == "" || bad.ID != "" {
				t.Fatalf("got %v for %s %s %d min, want a refusal with a sentence", err, bad.Date, bad.Start, bad.DurationMin)
			}
		}
		if err := d.Appointments.SaveHours(ctx, nil, []casework.OpenHours{{Weekday: 1, From: "08:00", To: "17:30"}}); err != nil {
			t.Fatal(err)
		}
		if err := d.Appointments.SaveHours(ctx, nil, []casework.OpenHours{{Weekday: 1, From: "17:30", To: "08:00"}}); casework.ErrorCode(err) != casework.EINVALID {
			t.Fatalf("got %v for open hours ending before they start, want EINVALID", err)
		}
		late := booking(s, mon, "18:00", 30)
		var q *ui.AgendaQuestion
		if err := d.Appointments.Book(ctx, late, ui.AgendaConfirm{}); !errors.As(err, &q) || !q.OutsideHours || q.MessageZH == "" || late.ID != "" {
			t.Fatalf("got %v, want a question about the open hours and nothing saved", err)
		}
		if err := d.Appointments.Book(ctx, late, ui.AgendaConfirm{OutsideHours: true}); err != nil {
			t.Fatalf("got %v after confirming, want it booked", err)
		}
		w, _ := d.Appointments.Week(ctx, mon)
		if len(w.Booked) != 1 || len(w.OpenHours) != 1 {
			t.Fatalf("got %d bookings and %v, want the confirmed one and Monday's hours", len(w.Booked), w.OpenHours)
		}
	}},
	{name: "a request waits, then is booked, declined with a reason, or merged into the student's open case", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		mon, s := agendaVault(t, d)
		reqs := make([]*casework.Appointment, 3)
		for i, via := range []casework.AppointmentVia{casework.ViaHomeroomTeacher, casework.ViaMailbox, casework.ViaParent} {
			reqs[i] = &casework.Appointment{StudentID: s.ID, Date: mon, Via: via, Note: "班主任说最近上课走神"}
			if err := d.Appointments.Request(ctx, reqs[i]); err != nil {
				t.Fatal(err)
			}
		}
		w, _ := d.Appointments.Week(ctx, mon)
		if len(w.Requests) != 3 || w.Requests[0].Status != casework.ApptRequested || w.Requests[0].DurationMin == 0 || len(w.Booked) != 0 {
			t.Fatalf("got %d requests %+v, want 3 waiting with the period's length", len(w.Requests), w.Requests)
		}
		r := reqs[0]
		r.Date, r.Start = mon.AddDays(2), "10:00"
		if err := d.Appointments.Book(ctx, r, ui.AgendaConfirm{}); err != nil {
			t.Fatal(err)
		}
		if err := d.Appointments.Decline(ctx, reqs[1].ID, " "); casework.ErrorCode(err) != casework.EINVALID {
			t.Fatalf("got %v declining without a reason, want EINVALID", err)
		}
		if err := d.Appointments.Decline(ctx, reqs[1].ID, "已由班主任处理"); err != nil {
			t.Fatal(err)
		}
		other, err := d.Students.SaveStudent(ctx, contractStudent("周晓峰", "七年级", "七(1)班"))
		if err != nil {
			t.Fatal(err)
		}
		theirs := &casework.Case{StudentID: other.ID, OpenedOn: mon.AddDays(-30), Source: casework.CaseSourceSelf,
			ProblemTypes: []casework.ProblemType{casework.ProblemTypeEmotion}, PresentingProblem: "情绪低落"}
		mine := &casework.Case{StudentID: s.ID, OpenedOn: mon.AddDays(-30), Source: casework.CaseSourceSelf,
			ProblemTypes: []casework.ProblemType{casework.ProblemTypeStudy}, PresentingProblem: "考试焦虑"}
		for _, c := range []*casework.Case{theirs, mine} {
			if err := d.Cases.SaveRecord(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		open, err := d.Appointments.OpenCases(ctx, s.ID)
		if err != nil || len(open) != 1 || open[0].ID != mine.ID {
			t.Fatalf("got %v (%v), want the student's one open case", open, err)
		}
		if err := d.Appointments.MergeIntoCase(ctx, reqs[2].ID, theirs.ID); casework.ErrorCode(err) != casework.EINVALID {
			t.Fatalf("got %v merging into another student's case, want EINVALID", err)
		}
		if err := d.Appointments.MergeIntoCase(ctx, reqs[2].ID, mine.ID); err != nil {
			t.Fatal(err)
		}
		w, _ = d.Appointments.Week(ctx, mon)
		if len(w.Requests) != 0 || len(w.Booked) != 1 || w.Booked[0].ID != r.ID || w.Booked[0].Status != casework.ApptBooked {
			t.Fatalf("got requests %+v and bookings %+v, want none waiting and the booked one", w.Requests, w.Booked)
		}
	}},
	{name: "done opens a prefilled session of a new case, then of the open one; no-show and cancel are one call", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		mon, s := agendaVault(t, d)
		first, second := booking(s, mon, "10:00", 40), booking(s, mon.AddDays(1), "14:00", 50)
		first.Place, first.Via = casework.SessionPlaceOther, casework.ViaHomeroomTeacher
		for _, x := range []*casework.Appointment{first, second} {
			if err := d.Appointments.Book(ctx, x, ui.AgendaConfirm{}); err != nil {
				t.Fatal(err)
			}
		}
		dr, err := d.Appointments.Done(ctx, first.ID, ui.AgendaConfirm{})
		if err != nil || !dr.NewCase || dr.Case.StudentID != s.ID || dr.Case.Source != casework.CaseSourceTeacher {
			t.Fatalf("got %+v (%v), want a new case of the student from the homeroom teacher", dr.Case, err)
		}
		if ses := dr.Session; ses.Date != mon || ses.Start != "10:00" || ses.DurationMin != 40 || ses.Place != casework.SessionPlaceOther {
			t.Fatalf("got session %+v, want it prefilled from the booking", ses)
		}
		dr.Case.ProblemTypes, dr.Case.PresentingProblem = []casework.ProblemType{casework.ProblemTypeStudy}, "考试焦虑"
		dr.Session.Observations = "建立关系"
		if err := d.Appointments.SaveDone(ctx, dr); err != nil {
			t.Fatal(err)
		}
		sessions, err := d.Cases.Records(ctx, casework.KindSession, ui.RecordFilter{CaseID: dr.Case.ID})
		if err != nil || dr.Case.ID == "" || len(sessions) != 1 || sessions[0].(*casework.Session).Start != "10:00" {
			t.Fatalf("got %d sessions (%v) of case %q, want the one recorded", len(sessions), err, dr.Case.ID)
		}
		w, _ := d.Appointments.Week(ctx, mon)
		if x := w.Booked[0]; x.Status != casework.ApptDone || x.CaseID != dr.Case.ID || x.SessionID != sessions[0].Base().ID {
			t.Fatalf("got %+v, want it done and linked to the case and session", x)
		}
		again, err := d.Appointments.Done(ctx, second.ID, ui.AgendaConfirm{})
		if err != nil || again.NewCase || again.Case.ID != dr.Case.ID || again.Session.DurationMin != 50 {
			t.Fatalf("got %+v (%v), want the open case and 50 minutes", again, err)
		}
		third, fourth := booking(s, mon.AddDays(2), "08:00", 40), booking(s, mon.AddDays(3), "08:00", 40)
		for _, x := range []*casework.Appointment{third, fourth} {
			if err := d.Appointments.Book(ctx, x, ui.AgendaConfirm{}); err != nil {
				t.Fatal(err)
			}
		}
		if err := d.Appointments.NoShow(ctx, third.ID, ui.AgendaConfirm{}); err != nil {
			t.Fatal(err)
		}
		if err := d.Appointments.Cancel(ctx, fourth.ID, ui.AgendaConfirm{}); err != nil {
			t.Fatal(err)
		}
		w, _ = d.Appointments.Week(ctx, mon)
		if len(w.Booked) != 3 || w.Booked[2].Status != casework.ApptNoShow {
			t.Fatalf("got %+v, want done, done and no-show (the cancelled one gone)", w.Booked)
		}
	}},
	{name: "today lists today's bookings and a key student's no-show; the prints are written", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		_, s := agendaVault(t, d)
		today := casework.DateOf(time.Now())
		x := booking(s, today, "23:00", 30)
		if err := d.Appointments.Book(ctx, x, ui.AgendaConfirm{}); err != nil {
			t.Fatal(err)
		}
		y := booking(s, today, "22:00", 30)
		if err := d.Appointments.Book(ctx, y, ui.AgendaConfirm{}); err != nil {
			t.Fatal(err)
		}
		if err := d.Appointments.NoShow(ctx, y.ID, ui.AgendaConfirm{}); err != nil {
			t.Fatal(err)
		}
		got, err := d.Appointments.Today(ctx)
		if err != nil || len(got.Today) != 1 || got.Today[0].ID != x.ID || len(got.NoShows) != 0 {
			t.Fatalf("got %+v (%v), want today's booking and no key no-show yet", got, err)
		}
		if name, _ := got.Who(got.Today[0]); name != "林小雨" {
			t.Fatalf("got %q, want the student's name", name)
		}
		k := &casework.KeyStudent{StudentID: s.ID, IncludedOn: today.AddDays(-30),
			Levels: []casework.LevelEntry{{Date: today.AddDays(-30), Level: casework.LevelRed}}}
		if err := d.Cases.SaveRecord(ctx, k); err != nil {
			t.Fatal(err)
		}
		got, _ = d.Appointments.Today(ctx)
		if len(got.NoShows) != 1 || got.NoShows[0].ID != y.ID {
			t.Fatalf("got %+v, want the key student's no-show", got.NoShows)
		}
		dir := t.TempDir()
		for i, write := range []func(string) error{
			func(p string) error { return d.Appointments.WriteWeek(ctx, today, false, p) },
			func(p string) error { return d.Appointments.WriteWeek(ctx, today, true, p) },
			func(p string) error { return d.Appointments.WriteClassSlip(ctx, x.ID, p) },
		} {
			p := filepath.Join(dir, string(rune('a'+i))+".pdf")
			if err := write(p); err != nil {
				t.Fatal(err)
			}
			if b, err := os.ReadFile(p); err != nil || !strings.HasPrefix(string(b), "%PDF") {
				t.Fatalf("print %d: got %v, want a PDF", i, err)
			}
		}
	}},
	{name: "a parent is booked by name, never with a student, and has no class slip", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		mon, s := agendaVault(t, d)
		bad := &casework.Appointment{ClientKind: casework.ClientKindParent, Date: mon, Start: "16:30", DurationMin: 40}
		if err := d.Appointments.Book(ctx, bad, ui.AgendaConfirm{}); casework.ErrorCode(err) != casework.EINVALID || bad.ID != "" {
			t.Fatalf("got %v for a parent without a name, want EINVALID", err)
		}
		both := &casework.Appointment{ClientKind: casework.ClientKindParent, ClientName: "林小雨家长", StudentID: s.ID, Date: mon, Start: "16:30", DurationMin: 40}
		if err := d.Appointments.Book(ctx, both, ui.AgendaConfirm{}); casework.ErrorCode(err) != casework.EINVALID {
			t.Fatalf("got %v for a parent's booking naming a student, want EINVALID", err)
		}
		x := &casework.Appointment{ClientKind: casework.ClientKindParent, ClientName: "林小雨家长", Date: mon, Start: "16:30", DurationMin: 40}
		if err := d.Appointments.Book(ctx, x, ui.AgendaConfirm{}); err != nil {
			t.Fatal(err)
		}
		w, _ := d.Appointments.Week(ctx, mon)
		if name, class := w.Who(w.Booked[0]); len(w.Booked) != 1 || name != "林小雨家长" || class != "" {
			t.Fatalf("got %q %q, want the parent's name and no class", name, class)
		}
		if err := d.Appointments.WriteClassSlip(ctx, x.ID, filepath.Join(t.TempDir(), "slip.pdf")); casework.ErrorCode(err) != casework.EINVALID {
			t.Fatalf("got %v for a parent's class slip, want EINVALID", err)
		}
	}},
	{name: "a booking's place and note are edited after it is made, with its time; an overlap refuses the whole edit", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		mon, s := agendaVault(t, d)
		x := booking(s, mon, "10:00", 40)
		x.Place, x.Note = casework.SessionPlaceRoom, "第一次"
		if err := d.Appointments.Book(ctx, x, ui.AgendaConfirm{}); err != nil {
			t.Fatal(err)
		}
		y := booking(s, mon, "14:00", 40)
		if err := d.Appointments.Book(ctx, y, ui.AgendaConfirm{}); err != nil {
			t.Fatal(err)
		}
		e := ui.AgendaEdit{Date: mon, Start: "10:00", Place: casework.SessionPlaceOffice, Note: "  改在办公室，带上作业本  "}
		if err := d.Appointments.Edit(ctx, x.ID, e, ui.AgendaConfirm{}); err != nil {
			t.Fatal(err)
		}
		w, _ := d.Appointments.Week(ctx, mon)
		if len(w.Booked) != 2 || w.Booked[0].ID != x.ID {
			t.Fatalf("got %+v, want the two bookings, the edited one first", w.Booked)
		}
		got := w.Booked[0]
		if got.Place != casework.SessionPlaceOffice || got.Note != "改在办公室，带上作业本" || got.Start != "10:00" || got.DurationMin != 40 ||
			got.Status != casework.ApptBooked {
			t.Fatalf("got %+v, want the office, the trimmed note, still 10:00 for 40 minutes and booked", got)
		}
		// onto the other booking: refused, and neither place nor note changes
		e = ui.AgendaEdit{Date: mon, Start: "14:20", DurationMin: 30, Place: casework.SessionPlaceOther, Note: "不该保存"}
		if err := d.Appointments.Edit(ctx, x.ID, e, ui.AgendaConfirm{}); casework.ErrorCode(err) != casework.ECONFLICT {
			t.Fatalf("got %v, want ECONFLICT", err)
		}
		w, _ = d.Appointments.Week(ctx, mon)
		if got := w.Booked[0]; got.ID != x.ID || got.Place != casework.SessionPlaceOffice || got.Note != "改在办公室，带上作业本" || got.Start != "10:00" {
			t.Fatalf("got %+v after a refused edit, want it unchanged", got)
		}
		if err := d.Appointments.Edit(ctx, "no-such", ui.AgendaEdit{Date: mon, Start: "09:00"}, ui.AgendaConfirm{}); casework.ErrorCode(err) != casework.ENOTFOUND {
			t.Fatalf("got %v for an unknown booking, want ENOTFOUND", err)
		}
	}},
}
