package desktop

import (
	"context"
	"fmt"
	"time"

	"xinqing/internal/app"
	"xinqing/internal/casework"
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

// session is the open vault's session, or one over the -preview store.
func (c caseServices) session(ctx context.Context) (*app.Session, error) {
	if c.st != nil {
		return app.SessionOf(c.st)
	}
	s, err := c.s.app.Session(ctx)
	return s, uiErr(err)
}

func (c caseServices) WriteCaseRecord(ctx context.Context, caseID, path string) error {
	s, err := c.session(ctx)
	if err != nil {
		return err
	}
	return uiErr(s.CaseRecord(ctx, caseID, path, app.Replace))
}

func (c caseServices) WriteReferralLetter(ctx context.Context, referralID, path string) error {
	s, err := c.session(ctx)
	if err != nil {
		return err
	}
	return uiErr(s.ReferralLetter(ctx, referralID, path, app.Replace))
}
