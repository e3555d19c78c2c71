package app

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
	"xinqing/internal/report"
	"xinqing/internal/returns"
	"xinqing/internal/store"
)

// Every document here is gathered from the open vault, rendered, written
// in one piece (WriteOutput) and its print or export logged once. The
// desktop writes with Replace (its save dialog asked), the command line
// with Exclusive.

// SessionOf is a session over a store that no vault seals (the -preview
// school): documents are written but nothing is saved.
func SessionOf(st *store.Store) (*Session, error) {
	settings, err := st.Settings()
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	labels, err := casework.LoadLabels(casework.LangZH)
	if err != nil {
		return nil, fmt.Errorf("load labels: %w", err)
	}
	return &Session{Store: st, Settings: settings, Labels: labels}, nil
}

// now is the application's clock (the wall clock without an App).
func (s *Session) now() time.Time {
	if s.App == nil {
		return time.Now()
	}
	return s.App.Now()
}

// changed marks the vault changed so that the autosave (or the lock of
// the command line) saves the edit, and tells the open screens; a
// settings edit may change anything they show.
func (s *Session) changed() {
	switch {
	case s.App != nil:
		s.App.Changed()
	case s.WS != nil:
		s.WS.Changed()
	}
}

// deliver writes a rendered document unless ctx is done, and logs it.
func (s *Session) deliver(ctx context.Context, path string, over Overwrite, data []byte, action casework.AuditAction, kind casework.Kind, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.Deliver(path, over, data, action, kind, id)
}

// refuseExisting refuses, before anything is written, an Exclusive
// output whose path exists, so that a document with side files is not
// left half delivered. WriteOutput still refuses a file that appears
// meanwhile.
func refuseExisting(over Overwrite, paths ...string) error {
	if over == Replace {
		return nil
	}
	for _, p := range paths {
		if p == "" {
			continue
		}
		if _, err := os.Lstat(p); err == nil {
			return &fs.PathError{Op: "write", Path: p, Err: ErrOutputExists}
		}
	}
	return nil
}

// CaseRecord writes the 个案辅导记录表 of case id: the case, its student
// and its sessions without their private notes.
func (s *Session) CaseRecord(ctx context.Context, id, path string, over Overwrite) error {
	c, err := store.GetAs[*casework.Case](s.Store, id)
	if err != nil {
		return fmt.Errorf("read case: %w", err)
	}
	f := report.CaseFile{School: s.Settings.School.Name, Case: *c}
	if c.StudentID != "" {
		st, err := store.GetAs[*casework.Student](s.Store, c.StudentID)
		if err != nil {
			return fmt.Errorf("read student: %w", err)
		}
		f.Student = st
	}
	sessions, err := store.ListAs[*casework.Session](s.Store, store.Filter{CaseID: c.ID})
	if err != nil {
		return fmt.Errorf("read sessions: %w", err)
	}
	for _, x := range sessions {
		f.Sessions = append(f.Sessions, x.Printable())
	}
	pdf, gaps, err := rendered(report.RenderCaseRecord(f, s.Labels, s.now()))
	if err != nil {
		return fmt.Errorf("render case record: %w", err)
	}
	return gaps.after(s.deliver(ctx, path, over, pdf, casework.AuditActionPrint, casework.KindCase, c.ID))
}

// ReferralLetter writes the 学校转介建议书 of referral id.
func (s *Session) ReferralLetter(ctx context.Context, id, path string, over Overwrite) error {
	r, err := store.GetAs[*casework.Referral](s.Store, id)
	if err != nil {
		return fmt.Errorf("read referral: %w", err)
	}
	st, err := store.GetAs[*casework.Student](s.Store, r.StudentID)
	if err != nil {
		return fmt.Errorf("read student: %w", err)
	}
	school := s.Settings.School
	pdf, gaps, err := rendered(report.RenderReferralLetter(report.ReferralLetter{School: school.Name, Counselor: school.Preparer,
		Phone: school.PreparerPhone, Student: *st, Referral: *r}, s.now()))
	if err != nil {
		return fmt.Errorf("render referral letter: %w", err)
	}
	return gaps.after(s.deliver(ctx, path, over, pdf, casework.AuditActionPrint, casework.KindReferral, r.ID))
}

// GroupRecord writes the 团体辅导记录表 of group session id, without the
// students picked for follow-up.
func (s *Session) GroupRecord(ctx context.Context, id, path string, over Overwrite) error {
	g, err := store.GetAs[*casework.GroupSession](s.Store, id)
	if err != nil {
		return fmt.Errorf("read group session: %w", err)
	}
	pdf, gaps, err := rendered(report.RenderGroupRecord(s.Settings.School.Name, g.Printable(), s.Labels, s.now()))
	if err != nil {
		return fmt.Errorf("render group record: %w", err)
	}
	return gaps.after(s.deliver(ctx, path, over, pdf, casework.AuditActionPrint, casework.KindGroupSession, g.ID))
}

// studentsByID returns every student by id.
func (s *Session) studentsByID() (map[string]casework.Student, error) {
	list, err := store.ListAs[*casework.Student](s.Store, store.Filter{})
	if err != nil {
		return nil, fmt.Errorf("read students: %w", err)
	}
	m := make(map[string]casework.Student, len(list))
	for _, x := range list {
		m[x.ID] = *x
	}
	return m, nil
}

// CommitteeRoster writes the 班级心理委员名册 as of on (today when zero):
// every class of the students on roll that day, 未设 where none serves.
func (s *Session) CommitteeRoster(ctx context.Context, on casework.Date, path string, over Overwrite) error {
	if on == "" {
		on = casework.DateOf(s.now())
	}
	students, err := s.studentsByID()
	if err != nil {
		return err
	}
	members, err := store.ListAs[*casework.CommitteeMember](s.Store, store.Filter{})
	if err != nil {
		return fmt.Errorf("read committee members: %w", err)
	}
	r := report.CommitteeRoster{School: s.Settings.School.Name, On: on, Students: students, Classes: SchoolClasses(students, on)}
	for _, m := range members {
		r.Members = append(r.Members, *m)
	}
	pdf, gaps, err := rendered(report.RenderCommitteeRoster(r, s.Labels, s.now()))
	if err != nil {
		return fmt.Errorf("render committee roster: %w", err)
	}
	return gaps.after(s.deliver(ctx, path, over, pdf, casework.AuditActionPrint, casework.KindCommitteeMember, ""))
}

// KeyStudentList writes the named 重点学生名单 for purpose and recipient,
// both required (report.ErrNoPurpose): it is watermarked with them and
// its export logged.
func (s *Session) KeyStudentList(ctx context.Context, purpose, recipient, path string, over Overwrite) error {
	return s.KeyStudentListOf(ctx, "", "", purpose, recipient, path, over)
}

// KeyStudentListOf is KeyStudentList for the students of one grade (and
// class) only, on the list's day; empty grade and class mean all.
func (s *Session) KeyStudentListOf(ctx context.Context, grade, class, purpose, recipient, path string, over Overwrite) error {
	purpose, recipient = strings.TrimSpace(purpose), strings.TrimSpace(recipient)
	if purpose == "" || recipient == "" {
		return report.ErrNoPurpose
	}
	students, err := s.studentsByID()
	if err != nil {
		return err
	}
	keys, err := store.ListAs[*casework.KeyStudent](s.Store, store.Filter{})
	if err != nil {
		return fmt.Errorf("read key students: %w", err)
	}
	now := s.now()
	l := report.KeyStudentList{School: s.Settings.School.Name, Purpose: purpose, Recipient: recipient,
		On: casework.DateOf(now), Levels: s.Settings.RiskLevels, Students: students, Grade: grade, Class: class}
	for _, k := range keys {
		l.KeyStudents = append(l.KeyStudents, *k)
	}
	pdf, gaps, err := rendered(report.RenderKeyStudentList(l, s.Labels, now))
	if err != nil {
		return fmt.Errorf("render key-student list: %w", err)
	}
	return gaps.after(s.deliver(ctx, path, over, pdf, casework.AuditActionExport, casework.KindKeyStudent, ""))
}

// TermStatistics writes the 工作统计 of period p named name (by default
// the name of the configured term with exactly these dates).
func (s *Session) TermStatistics(ctx context.Context, p casework.Period, name, path string, over Overwrite) error {
	pdf, gaps, err := rendered(termPDF(returns.Term(s.Store, p, name, s.Labels, s.now())))
	if err != nil {
		return err
	}
	return gaps.after(s.deliver(ctx, path, over, pdf, casework.AuditActionPrint, "", ""))
}

// termPDF keeps the PDF of returns.Term's results.
func termPDF(pdf []byte, _ *figures.Return, err error) ([]byte, error) { return pdf, err }

// SchoolClasses returns the classes of the students on roll on day on,
// each in its class of that day, in the school's one order
// (casework.CompareClass): a roster of last spring lists last spring's
// classes.
func SchoolClasses(students map[string]casework.Student, on casework.Date) []report.Class {
	seen := map[report.Class]bool{}
	var out []report.Class
	for _, s := range students {
		g, c := s.ClassOn(on)
		if k := (report.Class{Grade: g, Class: c}); s.OnRoll(on) && c != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	slices.SortFunc(out, func(a, b report.Class) int {
		return casework.CompareClass(a.Grade, a.Class, b.Grade, b.Class)
	})
	return out
}
