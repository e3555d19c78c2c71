package desktop

import (
	"context"
	"fmt"
	"os"
	"time"

	"xinqing/internal/app"
	"xinqing/internal/casework"
	"xinqing/internal/report"
	"xinqing/internal/store"
	"xinqing/internal/ui"
)

// caseServices adapts the application layer to ui.CaseService: the
// casework records of 个案, 重点学生 and 危机与转介, their prints and the
// audit of opening a case.
type caseServices struct {
	s   *services
	now func() time.Time
	// st and a, when set, are a store without a vault (the -preview
	// school) and the application over it.
	st *store.Store
	a  *app.App
}

func (c caseServices) app() *app.App {
	if c.a != nil {
		return c.a
	}
	return c.s.app
}

func (c caseServices) store() (*store.Store, func(), error) {
	if c.st != nil {
		return c.st, func() {}, nil
	}
	ws, err := c.s.workspace()
	if err != nil {
		return nil, nil, err
	}
	return ws.Store(), ws.Changed, nil
}

func (c caseServices) Records(ctx context.Context, kind casework.Kind, f ui.RecordFilter) ([]casework.Record, error) {
	return c.app().Records(ctx, app.Casework, kind, store.Filter{StudentID: f.StudentID, CaseID: f.CaseID})
}

func (c caseServices) Record(ctx context.Context, kind casework.Kind, id string) (casework.Record, error) {
	return c.app().Record(ctx, app.Casework, kind, id)
}

func (c caseServices) SaveRecord(ctx context.Context, rec casework.Record) error {
	return c.app().SaveRecords(ctx, app.Casework, rec)
}

func (c caseServices) DeleteRecord(ctx context.Context, kind casework.Kind, id string) error {
	return c.app().DeleteRecord(ctx, app.Casework, kind, id)
}

func (c caseServices) ViewedCase(ctx context.Context, id string) error {
	return c.app().ViewedCase(ctx, id)
}

func (c caseServices) FindStudents(ctx context.Context, q string, limit int) ([]casework.Student, error) {
	found, err := c.app().SearchStudents(ctx, q, limit)
	if err != nil {
		return nil, err
	}
	out := make([]casework.Student, len(found))
	for i, s := range found {
		out[i] = *s
	}
	return out, nil
}

func (c caseServices) StudentsByID(ctx context.Context, ids []string) (map[string]casework.Student, error) {
	found, err := c.app().StudentsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string]casework.Student, len(found))
	for id, s := range found {
		out[id] = *s
	}
	return out, nil
}

func (c caseServices) RiskLevels(ctx context.Context) ([]casework.RiskLevel, error) {
	return c.app().RiskLevels(ctx)
}

// writePDF writes a print where the user chose, readable by its owner
// only, and audits it.
func (c caseServices) writePDF(st *store.Store, changed func(), path string, pdf []byte, kind casework.Kind, id string) error {
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		return uiErr(fmt.Errorf("write pdf: %w", err))
	}
	if err := os.Chmod(path, 0o600); err != nil {
		return uiErr(fmt.Errorf("restrict pdf: %w", err))
	}
	if err := st.Audit(casework.AuditActionPrint, kind, id); err != nil {
		return fmt.Errorf("audit print: %w", err)
	}
	changed()
	return nil
}

func (c caseServices) WriteCaseRecord(_ context.Context, caseID, path string) error {
	st, changed, err := c.store()
	if err != nil {
		return err
	}
	cs, err := store.GetAs[*casework.Case](st, caseID)
	if err != nil {
		return fmt.Errorf("read case: %w", err)
	}
	set, err := st.Settings()
	if err != nil {
		return fmt.Errorf("read settings: %w", err)
	}
	f := report.CaseFile{School: set.School.Name, Case: *cs}
	if cs.StudentID != "" {
		s, err := store.GetAs[*casework.Student](st, cs.StudentID)
		if err != nil {
			return fmt.Errorf("read student: %w", err)
		}
		f.Student = s
	}
	sessions, err := store.ListAs[*casework.Session](st, store.Filter{CaseID: caseID})
	if err != nil {
		return fmt.Errorf("read sessions: %w", err)
	}
	for _, s := range sessions {
		f.Sessions = append(f.Sessions, s.Printable())
	}
	labels, err := casework.LoadLabels(casework.LangZH)
	if err != nil {
		return fmt.Errorf("load labels: %w", err)
	}
	pdf, err := report.RenderCaseRecord(f, report.Labels(labels), c.now())
	if err != nil {
		return fmt.Errorf("render case record: %w", err)
	}
	return c.writePDF(st, changed, path, pdf, casework.KindCase, caseID)
}

func (c caseServices) WriteReferralLetter(_ context.Context, referralID, path string) error {
	st, changed, err := c.store()
	if err != nil {
		return err
	}
	r, err := store.GetAs[*casework.Referral](st, referralID)
	if err != nil {
		return fmt.Errorf("read referral: %w", err)
	}
	s, err := store.GetAs[*casework.Student](st, r.StudentID)
	if err != nil {
		return fmt.Errorf("read student: %w", err)
	}
	set, err := st.Settings()
	if err != nil {
		return fmt.Errorf("read settings: %w", err)
	}
	l := report.ReferralLetter{School: set.School.Name, Counselor: set.School.Preparer,
		Phone: set.School.PreparerPhone, Student: *s, Referral: *r}
	pdf, err := report.RenderReferralLetter(l, c.now())
	if err != nil {
		return fmt.Errorf("render referral letter: %w", err)
	}
	return c.writePDF(st, changed, path, pdf, casework.KindReferral, referralID)
}
