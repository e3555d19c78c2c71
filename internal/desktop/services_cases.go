package desktop

import (
	"context"
	"fmt"
	"os"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/report"
	"xinqing/internal/store"
	"xinqing/internal/ui"
)

// caseServices adapts the live store to ui.CaseService: the casework
// records of 个案, 重点学生 and 危机与转介, their prints and the audit of
// opening a case.
type caseServices struct {
	s   *services
	now func() time.Time
	// st, when set, is a store without a vault (the -preview school).
	st *store.Store
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

// casesKinds are the kinds these screens may touch.
func casesKind(k casework.Kind) error {
	switch k {
	case casework.KindCase, casework.KindSession, casework.KindKeyStudent,
		casework.KindCrisis, casework.KindReferral, casework.KindContact:
		return nil
	}
	return fmt.Errorf("case services: kind %q: %w", k, ui.ErrNotAvailable)
}

func (c caseServices) Records(_ context.Context, kind casework.Kind, f ui.RecordFilter) ([]casework.Record, error) {
	if err := casesKind(kind); err != nil {
		return nil, err
	}
	st, _, err := c.store()
	if err != nil {
		return nil, err
	}
	recs, err := st.Query(kind, store.Filter{StudentID: f.StudentID, CaseID: f.CaseID})
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", kind, err)
	}
	return recs, nil
}

func (c caseServices) Record(_ context.Context, kind casework.Kind, id string) (casework.Record, error) {
	if err := casesKind(kind); err != nil {
		return nil, err
	}
	st, _, err := c.store()
	if err != nil {
		return nil, err
	}
	rec, err := st.Get(kind, id)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", kind, err)
	}
	return rec, nil
}

func (c caseServices) SaveRecord(_ context.Context, rec casework.Record) error {
	if err := casesKind(rec.RecordKind()); err != nil {
		return err
	}
	st, changed, err := c.store()
	if err != nil {
		return err
	}
	if rec.Base().ID == "" {
		err = st.Create(rec)
	} else {
		err = st.Update(rec)
	}
	if err != nil {
		return fmt.Errorf("save %s: %w", rec.RecordKind(), err)
	}
	changed()
	return nil
}

func (c caseServices) DeleteRecord(_ context.Context, kind casework.Kind, id string) error {
	if err := casesKind(kind); err != nil {
		return err
	}
	st, changed, err := c.store()
	if err != nil {
		return err
	}
	if err := st.Delete(kind, id); err != nil {
		return fmt.Errorf("delete %s: %w", kind, err)
	}
	changed()
	return nil
}

func (c caseServices) ViewedCase(_ context.Context, id string) error {
	st, changed, err := c.store()
	if err != nil {
		return err
	}
	if err := st.Audit(casework.AuditActionViewCase, casework.KindCase, id); err != nil {
		return fmt.Errorf("audit view_case: %w", err)
	}
	changed()
	return nil
}

func (c caseServices) FindStudents(_ context.Context, q string, limit int) ([]casework.Student, error) {
	st, _, err := c.store()
	if err != nil {
		return nil, err
	}
	found, err := st.SearchStudents(q, limit)
	if err != nil {
		return nil, fmt.Errorf("search students: %w", err)
	}
	out := make([]casework.Student, len(found))
	for i, s := range found {
		out[i] = *s
	}
	return out, nil
}

func (c caseServices) StudentsByID(_ context.Context, ids []string) (map[string]casework.Student, error) {
	st, _, err := c.store()
	if err != nil {
		return nil, err
	}
	out := make(map[string]casework.Student, len(ids))
	for _, id := range ids {
		s, err := store.GetAs[*casework.Student](st, id)
		if casework.ErrorCode(err) == casework.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read student: %w", err)
		}
		out[id] = *s
	}
	return out, nil
}

func (c caseServices) RiskLevels(context.Context) ([]casework.RiskLevel, error) {
	st, _, err := c.store()
	if err != nil {
		return nil, err
	}
	set, err := st.Settings()
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	if len(set.RiskLevels) == 0 {
		return casework.DefaultRiskLevels(), nil
	}
	return set.RiskLevels, nil
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
