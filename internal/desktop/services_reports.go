package desktop

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"xinqing/internal/app"
	"xinqing/internal/casework"
	"xinqing/internal/figures"
	"xinqing/internal/interchange"
	"xinqing/internal/report"
	"xinqing/internal/returns"
	"xinqing/internal/selfcheck"
	"xinqing/internal/store"
	"xinqing/internal/ui"
	"xinqing/internal/vault/sheet"
	"xinqing/internal/workspace"
)

// reportsService adapts the returns, the self-check, the settings and the
// roster import to ui.ReportsService (backups are in services_backup.go).
// It keeps the state of the two-step flows: the return last generated
// per month (what "标记为已报送" freezes), the roster preview and the
// backup waiting for the restore to be confirmed.
type reportsService struct {
	s *services

	mu        sync.Mutex
	generated map[casework.Month]*returns.Monthly
	preview   *interchange.Preview
	restored  *pendingRestore
}

func (s *services) reports() *reportsService {
	return &reportsService{s: s, generated: map[casework.Month]*returns.Monthly{}}
}

// session is the unlocked workspace with its store, settings and labels.
func (r *reportsService) session() (*workspace.Workspace, *store.Store, casework.Settings, report.Labels, error) {
	ws, err := r.s.workspace()
	if err != nil {
		return nil, nil, casework.Settings{}, nil, err
	}
	st := ws.Store()
	settings, err := st.Settings()
	if err != nil {
		return nil, nil, casework.Settings{}, nil, uiErr(fmt.Errorf("read settings: %w", err))
	}
	labels, err := casework.LoadLabels(casework.LangZH)
	if err != nil {
		return nil, nil, casework.Settings{}, nil, fmt.Errorf("load labels: %w", err)
	}
	return ws, st, settings, labels, nil
}

// audit logs a print or export and marks the vault changed so the entry
// is saved.
func audit(ws *workspace.Workspace, action casework.AuditAction, kind casework.Kind, id string) error {
	if err := ws.Store().Audit(action, kind, id); err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	ws.Changed()
	return nil
}

// sess is the open vault's session for one call.
func (r *reportsService) sess(ctx context.Context) (*app.Session, error) {
	s, err := r.s.app.Session(ctx)
	return s, uiErr(err)
}

// ---- the monthly return ----

func (r *reportsService) MonthFigures(ctx context.Context, m casework.Month) (ui.MonthView, error) {
	s, err := r.sess(ctx)
	if err != nil {
		return ui.MonthView{}, err
	}
	v, err := s.MonthFigures(ctx, m)
	if err != nil {
		return ui.MonthView{}, uiErr(err)
	}
	out := ui.MonthView{Month: v.Month, Notes: v.Notes, Changed: v.Changed}
	for _, x := range v.Rows {
		out.Rows = append(out.Rows, ui.FigureRow(x))
	}
	if v.Frozen != nil {
		fz := frozenOf(v.Frozen)
		out.Frozen = &fz
	}
	return out, nil
}

func frozenOf(r *casework.Return) ui.FrozenReturn {
	out := ui.FrozenReturn{ID: r.ID, Month: r.Month, GeneratedAt: r.GeneratedAt, PDFSHA256: r.PDFSHA256}
	// the 数据校验码 the PDF prints under its title: the frozen figures' hash
	if f, err := figures.Parse(r.Figures); err == nil {
		out.DataCode = figures.Hash(f)[:16]
	}
	return out
}

func recordRows(rows []app.RecordRow, err error) ([]ui.ReportRecordRow, error) {
	if err != nil {
		return nil, uiErr(err)
	}
	out := make([]ui.ReportRecordRow, 0, len(rows))
	for _, x := range rows {
		out = append(out, ui.ReportRecordRow(x))
	}
	return out, nil
}

func (r *reportsService) Drill(ctx context.Context, m casework.Month, code string) ([]ui.ReportRecordRow, error) {
	s, err := r.sess(ctx)
	if err != nil {
		return nil, err
	}
	return recordRows(s.Drill(ctx, m, code))
}

func (r *reportsService) Records(ctx context.Context, refs []ui.ReportRef) ([]ui.ReportRecordRow, error) {
	s, err := r.sess(ctx)
	if err != nil {
		return nil, err
	}
	fr := make([]figures.Ref, 0, len(refs))
	for _, x := range refs {
		fr = append(fr, figures.Ref(x))
	}
	return recordRows(s.Describe(ctx, fr))
}

func (r *reportsService) SaveMonthNotes(ctx context.Context, n casework.MonthNotes) error {
	return invalid(r.s.app.SaveMonthNotes(ctx, n))
}

// invalid turns a refused setting into a message the screen shows.
func invalid(err error) error {
	var inUse *app.LevelInUseError
	var term *app.UnknownTermError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &inUse):
		return &ui.SettingsInvalid{Message: "关注等级“" + inUse.Level.Label + "”正被重点学生使用，不能删除。", Err: err}
	case errors.As(err, &term):
		return &ui.SettingsInvalid{Message: "设置中找不到学期“" + term.Name + "”。", Err: err}
	case errors.Is(err, report.ErrNoPurpose):
		return &ui.SettingsInvalid{Message: "重点学生名单必须注明用途和接收人。", Err: err}
	}
	if _, ok := casework.AsValidationErrors(err); ok {
		return &ui.SettingsInvalid{Message: casework.ErrorMessageZH(err), Err: err}
	}
	return uiErr(err)
}

func (r *reportsService) GenerateMonthly(ctx context.Context, m casework.Month, out ui.ReturnFiles, progress func(float64)) (ui.Generated, error) {
	s, err := r.sess(ctx)
	if err != nil {
		return ui.Generated{}, err
	}
	g, err := s.GenerateReturn(ctx, app.MonthlyParams{Month: m, Progress: progress}, app.ReturnFiles{PDF: out.PDF, JSON: out.JSON, XLSX: out.XLSX, Package: out.Package}, app.Replace)
	if _, written := app.Written(err); !written {
		return ui.Generated{}, uiErr(err)
	}
	r.mu.Lock()
	r.generated[m] = g.Monthly
	r.mu.Unlock()
	res := ui.Generated{At: g.At, Changed: g.Changed}
	if out.Package != "" {
		res.Fingerprint = s.Fingerprint()
	}
	if g.Frozen != nil {
		fz := frozenOf(g.Frozen)
		res.Frozen = &fz
	}
	return res, uiErr(err) // nil, or the characters that printed as □
}

// errNotGenerated: freezing needs the PDF that was uploaded.
var errNotGenerated = errors.New("the return of this month has not been generated in this session")

func (r *reportsService) FreezeMonthly(ctx context.Context, m casework.Month) (ui.FrozenReturn, error) {
	s, err := r.sess(ctx)
	if err != nil {
		return ui.FrozenReturn{}, err
	}
	r.mu.Lock()
	g := r.generated[m]
	r.mu.Unlock()
	if g == nil {
		return ui.FrozenReturn{}, &ui.SettingsInvalid{Message: "请先生成本月月报 PDF，再标记为已报送。", Err: errNotGenerated}
	}
	ret, err := s.FreezeReturn(ctx, g)
	if err != nil {
		return ui.FrozenReturn{}, uiErr(err)
	}
	r.mu.Lock()
	delete(r.generated, m)
	r.mu.Unlock()
	return frozenOf(ret), nil
}

func (r *reportsService) FrozenReturns(ctx context.Context) ([]ui.FrozenReturn, error) {
	s, err := r.sess(ctx)
	if err != nil {
		return nil, err
	}
	rs, err := s.FrozenReturns(ctx)
	if err != nil {
		return nil, uiErr(err)
	}
	out := make([]ui.FrozenReturn, 0, len(rs))
	for _, x := range rs {
		out = append(out, frozenOf(x))
	}
	return out, nil
}

func (r *reportsService) Reprint(ctx context.Context, id, path string) (bool, error) {
	s, err := r.sess(ctx)
	if err != nil {
		return false, err
	}
	rp, err := s.ReprintReturn(ctx, id, "", app.ReturnFiles{PDF: path}, app.Replace)
	if _, written := app.Written(err); !written {
		return false, uiErr(err)
	}
	return rp.Same, uiErr(err)
}

func (r *reportsService) Terms(ctx context.Context) ([]casework.Term, error) {
	s, err := r.sess(ctx)
	if err != nil {
		return nil, err
	}
	return s.Settings.Terms, nil
}

func (r *reportsService) TermStatistics(ctx context.Context, p casework.Period, name, path string) error {
	s, err := r.sess(ctx)
	if err != nil {
		return err
	}
	return uiErr(s.TermStatistics(ctx, p, name, path, app.Replace))
}

func (r *reportsService) KeyStudentList(ctx context.Context, purpose, recipient, path string) error {
	s, err := r.sess(ctx)
	if err != nil {
		return err
	}
	return invalid(s.KeyStudentList(ctx, purpose, recipient, path, app.Replace))
}

// ---- the self-check ----

func (r *reportsService) SelfCheck(ctx context.Context, term string) (*selfcheck.Result, error) {
	s, err := r.sess(ctx)
	if err != nil {
		return nil, err
	}
	res, err := s.SelfCheck(ctx, term, "")
	return res, invalid(err)
}

func (r *reportsService) ExportSelfCheck(ctx context.Context, term, pdfPath, jsonPath string) error {
	s, err := r.sess(ctx)
	if err != nil {
		return err
	}
	_, err = s.SelfCheckReport(ctx, term, "", pdfPath, jsonPath, app.Replace)
	return invalid(err)
}

func (r *reportsService) SelfCheckSettings(ctx context.Context) (casework.SelfCheck, error) {
	s, err := r.sess(ctx)
	if err != nil {
		return casework.SelfCheck{}, err
	}
	return s.SelfCheckSettings(), nil
}

func (r *reportsService) SaveSelfCheckSettings(ctx context.Context, sc casework.SelfCheck) error {
	s, err := r.sess(ctx)
	if err != nil {
		return err
	}
	return invalid(s.SaveSelfCheckSettings(sc))
}

// ---- settings ----

func (r *reportsService) RiskLevels(ctx context.Context) ([]casework.RiskLevel, map[string]bool, error) {
	s, err := r.sess(ctx)
	if err != nil {
		return nil, nil, err
	}
	lv, inUse, err := s.RiskLevels()
	return lv, inUse, uiErr(err)
}

func (r *reportsService) SaveRiskLevels(ctx context.Context, levels []casework.RiskLevel) error {
	s, err := r.sess(ctx)
	if err != nil {
		return err
	}
	return invalid(s.SaveRiskLevels(levels))
}

func (r *reportsService) SaveTerms(ctx context.Context, terms []casework.Term) error {
	s, err := r.sess(ctx)
	if err != nil {
		return err
	}
	return invalid(s.SaveTerms(terms))
}

func (r *reportsService) ChangePassphrase(ctx context.Context, old, newPass string) error {
	return uiErr(r.s.app.ChangePassphrase(ctx, old, newPass))
}

func (r *reportsService) RecoverySheet(_ context.Context, pass string) (ui.Sheet, error) {
	id, err := r.s.app.RecoveryIdentity(pass)
	if err != nil {
		return ui.Sheet{}, uiErr(err)
	}
	return sheetOf(id)
}

func (r *reportsService) Rekey(ctx context.Context, newPass string) (ui.Sheet, error) {
	id, err := r.s.app.Rekey(ctx, newPass)
	if err != nil {
		return ui.Sheet{}, uiErr(err)
	}
	return sheetOf(id)
}

func (r *reportsService) VaultDir() string { return r.s.app.VaultDir() }

// lbl is the label of key, or key itself when there is none.
func lbl(labels map[string]string, key string) string {
	if v := labels[key]; v != "" {
		return v
	}
	return key
}

// sheetOf formats a vault identity as the recovery sheet's groups.
func sheetOf(identity string) (ui.Sheet, error) {
	sh, err := sheet.Format(identity)
	if err != nil {
		return ui.Sheet{}, fmt.Errorf("format recovery sheet: %w", err)
	}
	return ui.Sheet{Groups: sh.Groups}, nil
}

// WriteRosterTemplate writes the roster template the import reads.
func (r *reportsService) WriteRosterTemplate(_ context.Context, path string) error {
	return uiErr(app.WriteRosterTemplate(path))
}
