package desktop

import (
	"context"
	"time"

	"xinqing/internal/app"
	"xinqing/internal/casework"
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
