package app

import (
	"context"
	"fmt"
	"strings"

	"xinqing/internal/casework"
	"xinqing/internal/report"
)

// agendaWeek is the printable week: its booked and past appointments,
// with names and the classes of their day.
func agendaWeek(school string, w Week) report.AgendaWeek {
	out := report.AgendaWeek{School: school, Monday: w.Monday}
	for _, x := range w.Booked {
		name, class := w.Who(x)
		out.Entries = append(out.Entries, report.AgendaEntry{Date: x.Date, Start: x.Start, End: x.End(),
			DurationMin: x.DurationMin, Name: name, Class: class, Place: x.Place, Status: x.Status})
	}
	return out
}

// AgendaLines returns the week that holds day, one line per booked
// appointment in time order: date, start, duration, class, name.
func (a *App) AgendaLines(ctx context.Context, day casework.Date) ([]string, error) {
	w, err := a.Week(ctx, day)
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, x := range w.Booked {
		if x.Status != casework.ApptBooked {
			continue
		}
		name, class := w.Who(x)
		lines = append(lines, strings.Join([]string{string(x.Date), string(x.Start), fmt.Sprint(x.DurationMin), class, name}, "\t"))
	}
	return lines, nil
}

// AgendaWeek writes the counselor's week that holds day to path; with door,
// the door copy (times and 已约 only).
func (s *Session) AgendaWeek(ctx context.Context, day casework.Date, door bool, path string, over Overwrite) error {
	w, err := s.App.Week(ctx, day)
	if err != nil {
		return err
	}
	aw := agendaWeek(s.Settings.School.Name, w)
	var pdf []byte
	var gaps *GlyphGaps
	if door {
		pdf, gaps, err = rendered(report.RenderDoorCopy(aw.Door(), s.now()))
	} else {
		pdf, gaps, err = rendered(report.RenderCounselorWeek(aw, s.Labels, s.now()))
	}
	if err != nil {
		return fmt.Errorf("render the week: %w", err)
	}
	return gaps.after(s.deliver(ctx, path, over, pdf, casework.AuditActionPrint, casework.KindAppointment, ""))
}

// ClassSlip writes the 辅导通知单 of a booked student appointment for its
// homeroom teacher: who, when, where; never why.
func (s *Session) ClassSlip(ctx context.Context, id, path string, over Overwrite) error {
	_, x, err := s.App.appointment(ctx, id)
	if err != nil {
		return err
	}
	if x.StudentID == "" {
		return &casework.Error{Code: casework.EINVALID, Field: "student_id",
			MessageZH: "只有学生的预约才有辅导通知单", MessageEN: "only a student's appointment has a class slip"}
	}
	rec, err := s.Store.Get(casework.KindStudent, x.StudentID)
	if err != nil {
		return fmt.Errorf("read student: %w", err)
	}
	st := rec.(*casework.Student)
	_, class := st.ClassOn(x.Date)
	slip := report.ClassSlip{School: s.Settings.School.Name, Teacher: st.HomeroomTeacher, Class: class, Name: st.Name,
		Date: x.Date, Start: x.Start, End: x.End(), Place: casework.Label(casework.LangZH, "enum.session_place."+string(x.Place))}
	pdf, gaps, err := rendered(report.RenderClassSlip(slip, s.now()))
	if err != nil {
		return fmt.Errorf("render the class slip: %w", err)
	}
	return gaps.after(s.deliver(ctx, path, over, pdf, casework.AuditActionPrint, casework.KindAppointment, x.ID))
}
