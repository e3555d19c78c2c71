package desktop

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"xinqing/internal/app"
	"xinqing/internal/casework"
	"xinqing/internal/report"
	"xinqing/internal/store"
	"xinqing/internal/ui"
)

// groupService adapts the application layer to ui.GroupService. The
// area's generic record calls reach only the kinds of app.Groups, never a
// case file.
type groupService struct {
	s *services
	// now stamps the printed documents.
	now func() time.Time
}

func (s *services) groups() ui.GroupService { return groupService{s: s, now: time.Now} }

func (x groupService) store() (*store.Store, func(), error) {
	ws, err := x.s.workspace()
	if err != nil {
		return nil, nil, err
	}
	return ws.Store(), ws.Changed, nil
}

func (x groupService) Records(ctx context.Context, kind casework.Kind) ([]casework.Record, error) {
	recs, err := x.s.app.Records(ctx, app.Groups, kind, store.Filter{})
	return recs, uiErr(err)
}

func (x groupService) SaveRecord(ctx context.Context, rec casework.Record) error {
	return x.SaveRecords(ctx, []casework.Record{rec})
}

// SaveRecords creates the records without an id and updates the others,
// all in one transaction.
func (x groupService) SaveRecords(ctx context.Context, recs []casework.Record) error {
	return uiErr(x.s.app.SaveRecords(ctx, app.Groups, recs...))
}

func (x groupService) DeleteRecord(ctx context.Context, kind casework.Kind, id string) error {
	return uiErr(x.s.app.DeleteRecord(ctx, app.Groups, kind, id))
}

func (x groupService) Students(ctx context.Context) ([]*casework.Student, error) {
	all, err := x.s.app.Students(ctx)
	return all, uiErr(err)
}

func (x groupService) SearchStudents(ctx context.Context, q string, limit int) ([]*casework.Student, error) {
	out, err := x.s.app.SearchStudents(ctx, q, limit)
	return out, uiErr(err)
}

// printLabels are the Chinese labels the printed documents use.
func printLabels() (report.Labels, error) {
	l, err := casework.LoadLabels(casework.LangZH)
	if err != nil {
		return nil, fmt.Errorf("load labels: %w", err)
	}
	return report.Labels(l), nil
}

// writePrivate writes a printed document only its owner may read.
func writePrivate(path string, pdf []byte) error {
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		return uiErr(fmt.Errorf("write %s: %w", "pdf", err))
	}
	if err := os.Chmod(path, 0o600); err != nil {
		return uiErr(fmt.Errorf("restrict pdf: %w", err))
	}
	return nil
}

// PrintGroupRecord writes the 团体辅导记录表 (without the students picked
// for follow-up) and audits the print.
func (x groupService) PrintGroupRecord(_ context.Context, id, path string) error {
	st, changed, err := x.store()
	if err != nil {
		return err
	}
	g, err := store.GetAs[*casework.GroupSession](st, id)
	if err != nil {
		return uiErr(fmt.Errorf("read group session: %w", err))
	}
	settings, err := st.Settings()
	if err != nil {
		return uiErr(err)
	}
	labels, err := printLabels()
	if err != nil {
		return err
	}
	pdf, err := report.RenderGroupRecord(settings.School.Name, g.Printable(), labels, x.now())
	if err != nil {
		return fmt.Errorf("render group record: %w", err)
	}
	if err := writePrivate(path, pdf); err != nil {
		return err
	}
	if err := st.Audit(casework.AuditActionPrint, casework.KindGroupSession, id); err != nil {
		return fmt.Errorf("audit print: %w", err)
	}
	changed()
	return nil
}

// PrintCommitteeRoster writes the 班级心理委员名册 as of on: every class
// of the enrolled students, 未设 where none serves.
func (x groupService) PrintCommitteeRoster(_ context.Context, on casework.Date, path string) error {
	st, changed, err := x.store()
	if err != nil {
		return err
	}
	students, err := store.ListAs[*casework.Student](st, store.Filter{})
	if err != nil {
		return uiErr(err)
	}
	members, err := store.ListAs[*casework.CommitteeMember](st, store.Filter{})
	if err != nil {
		return uiErr(err)
	}
	settings, err := st.Settings()
	if err != nil {
		return uiErr(err)
	}
	labels, err := printLabels()
	if err != nil {
		return err
	}
	r := report.CommitteeRoster{School: settings.School.Name, On: on, Classes: rosterClasses(students),
		Students: map[string]casework.Student{}}
	for _, m := range members {
		r.Members = append(r.Members, *m)
	}
	for _, s := range students {
		r.Students[s.ID] = *s
	}
	pdf, err := report.RenderCommitteeRoster(r, labels, x.now())
	if err != nil {
		return fmt.Errorf("render committee roster: %w", err)
	}
	if err := writePrivate(path, pdf); err != nil {
		return err
	}
	if err := st.Audit(casework.AuditActionPrint, casework.KindCommitteeMember, ""); err != nil {
		return fmt.Errorf("audit print: %w", err)
	}
	changed()
	return nil
}

// rosterClasses are the classes of the enrolled students in school
// order: by grade (一年级 … 九年级, 高一 … 高三), then class number.
func rosterClasses(students []*casework.Student) []report.Class {
	var out []report.Class
	for _, s := range students {
		c := report.Class{Grade: s.Grade, Class: s.Class}
		if s.Enrolled() && s.Class != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b report.Class) int {
		if d := groupGradeRank(a.Grade) - groupGradeRank(b.Grade); d != 0 {
			return d
		}
		if d := groupClassNumber(a.Class) - groupClassNumber(b.Class); d != 0 {
			return d
		}
		return strings.Compare(a.Class, b.Class)
	})
	return out
}

func groupGradeRank(g string) int {
	order := []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "高一", "高二", "高三"}
	for i := len(order) - 1; i >= 0; i-- {
		if strings.HasPrefix(g, order[i]) {
			return i
		}
	}
	return len(order)
}

// groupClassNumber is the last number in a class name (七(12)班 → 12).
func groupClassNumber(s string) int {
	n, digits := 0, ""
	for _, r := range s + " " {
		if r >= '0' && r <= '9' {
			digits += string(r)
			continue
		}
		if digits != "" {
			n, _ = strconv.Atoi(digits)
			digits = ""
		}
	}
	return n
}
