package desktop

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

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
	s   *services
	now func() time.Time

	mu        sync.Mutex
	generated map[casework.Month]*returns.Monthly
	preview   *interchange.Preview
	restored  *pendingRestore
}

func (s *services) reports() *reportsService {
	return &reportsService{s: s, now: time.Now, generated: map[casework.Month]*returns.Monthly{}}
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

// writeFile writes a generated file where the user chose; only the
// owner may read it (it can hold names).
func writeFile(path string, data []byte) error {
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return uiErr(fmt.Errorf("write %s: %w", path, err))
	}
	if err := os.Chmod(path, 0o600); err != nil {
		return uiErr(fmt.Errorf("restrict %s: %w", path, err))
	}
	return nil
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

// ---- the monthly return ----

func (r *reportsService) MonthFigures(_ context.Context, m casework.Month) (ui.MonthView, error) {
	_, st, settings, labels, err := r.session()
	if err != nil {
		return ui.MonthView{}, err
	}
	d, err := returns.Load(st)
	if err != nil {
		return ui.MonthView{}, err
	}
	f, err := figures.Compute(d, m.Period(), nil)
	if err != nil {
		return ui.MonthView{}, err
	}
	v := ui.MonthView{Month: m, Notes: casework.MonthNotes{Month: m}}
	if v.Rows, err = figureRows(f, labels, settings.RiskLevels); err != nil {
		return ui.MonthView{}, err
	}
	for _, n := range d.MonthNotes {
		if n.Month == m {
			v.Notes = *n
		}
	}
	latest, err := returns.Latest(st, m)
	if err != nil {
		return ui.MonthView{}, err
	}
	if latest != nil {
		fz := frozenOf(latest)
		v.Frozen = &fz
		old, err := figures.Parse(latest.Figures)
		if err != nil {
			return ui.MonthView{}, fmt.Errorf("frozen return of %s: %w", m, err)
		}
		v.Changed = figures.Diff(old, f)
	}
	return v, nil
}

func frozenOf(r *casework.Return) ui.FrozenReturn {
	return ui.FrozenReturn{ID: r.ID, Month: r.Month, GeneratedAt: r.GeneratedAt, PDFSHA256: r.PDFSHA256}
}

// noDrill are the figures taken from the settings and the month notes,
// which count no records.
func noDrill(code string) bool {
	switch code[0] {
	case 'A', 'B', 'M':
		return true
	}
	return strings.HasPrefix(code, "C1") || code == "C5"
}

// figureRows flattens the figures in code order: one row per scalar code
// and one per sub-key of a composite ("F2.red"), labelled as printed.
func figureRows(f *figures.Return, labels report.Labels, levels []casework.RiskLevel) ([]ui.FigureRow, error) {
	data, err := f.JSON()
	if err != nil {
		return nil, err
	}
	names := report.FigureLabels(f, labels, levels)
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return nil, fmt.Errorf("figures: %w", err)
	}
	var rows []ui.FigureRow
	add := func(code string, raw json.RawMessage) {
		label := names[code]
		if label == "" {
			label = code
		}
		value := figureValue(raw)
		if code == "A2" {
			value = lbl(labels, "enum.stage."+strings.Trim(string(raw), `"`))
		}
		rows = append(rows, ui.FigureRow{Code: code, Section: code[:1], Label: label, Value: value, Drill: !noDrill(code)})
	}
	for _, code := range figures.Codes() {
		raw, ok := obj[code]
		if !ok {
			continue
		}
		keys, vals, isObj := orderedObject(raw)
		if !isObj {
			add(code, raw)
			continue
		}
		for i, k := range keys {
			add(code+"."+k, vals[i])
		}
	}
	return rows, nil
}

// orderedObject splits a JSON object into its keys in order.
func orderedObject(raw json.RawMessage) ([]string, []json.RawMessage, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return nil, nil, false
	}
	var keys []string
	var vals []json.RawMessage
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return nil, nil, false
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, nil, false
		}
		keys = append(keys, k.(string))
		vals = append(vals, v)
	}
	return keys, vals, true
}

// figureValue prints a scalar or a list of strings.
func figureValue(raw json.RawMessage) string {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return string(raw)
	}
	switch x := v.(type) {
	case nil:
		return "—"
	case bool:
		if x {
			return "是"
		}
		return "否"
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		if x == "" {
			return "—"
		}
		return x
	case []any:
		var parts []string
		for _, e := range x {
			parts = append(parts, fmt.Sprint(e))
		}
		if len(parts) == 0 {
			return "—"
		}
		return strings.Join(parts, "；")
	}
	return string(raw)
}

func (r *reportsService) Drill(_ context.Context, m casework.Month, code string) ([]ui.ReportRecordRow, error) {
	_, st, _, labels, err := r.session()
	if err != nil {
		return nil, err
	}
	d, err := returns.Load(st)
	if err != nil {
		return nil, err
	}
	var refs []ui.ReportRef
	for _, x := range figures.Drill(d, m.Period(), code) {
		refs = append(refs, ui.ReportRef{Kind: x.Kind, ID: x.ID, Entry: x.Entry, Date: x.Date})
	}
	return describe(st, labels, refs)
}

func (r *reportsService) Records(_ context.Context, refs []ui.ReportRef) ([]ui.ReportRecordRow, error) {
	_, st, _, labels, err := r.session()
	if err != nil {
		return nil, err
	}
	return describe(st, labels, refs)
}

// describe turns references into rows: the record's kind and date and,
// for records about a student, the student's name and class (shown in the
// app only, to check the count), else the record's title or topic. Notes
// are never shown.
func describe(st *store.Store, labels report.Labels, refs []ui.ReportRef) ([]ui.ReportRecordRow, error) {
	students := map[string]*casework.Student{}
	student := func(id string) string {
		s, ok := students[id]
		if !ok {
			s, _ = store.GetAs[*casework.Student](st, id)
			students[id] = s
		}
		if s == nil {
			return ""
		}
		return s.Name + "（" + s.Grade + s.Class + "）"
	}
	var out []ui.ReportRecordRow
	for _, ref := range refs {
		row := ui.ReportRecordRow{Kind: ref.Kind, Date: ref.Date}
		rec, err := st.Get(ref.Kind, ref.ID)
		if err != nil {
			if casework.ErrorCode(err) == casework.ENOTFOUND {
				out = append(out, row)
				continue
			}
			return nil, uiErr(err)
		}
		data, err := json.Marshal(rec)
		if err != nil {
			return nil, fmt.Errorf("describe %s: %w", ref.Kind, err)
		}
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("describe %s: %w", ref.Kind, err)
		}
		if row.Date == "" {
			if k := store.DateKey(ref.Kind); k != "" {
				if s, ok := m[k].(string); ok {
					row.Date = casework.Date(s)
				}
			}
		}
		switch {
		case ref.Kind == casework.KindStudent:
			row.Detail = student(ref.ID)
		case m["student_id"] != nil && m["student_id"] != "":
			row.Detail = student(fmt.Sprint(m["student_id"]))
		case m["case_id"] != nil && m["case_id"] != "":
			if c, err := store.GetAs[*casework.Case](st, fmt.Sprint(m["case_id"])); err == nil && c.StudentID != "" {
				row.Detail = student(c.StudentID)
			}
		default:
			for _, k := range []string{"title", "topic", "theme", "name", "class", "target"} {
				if s, ok := m[k].(string); ok && s != "" {
					row.Detail = s
					break
				}
			}
		}
		if ref.Entry > 0 {
			row.Detail += " " + lbl(labels, "field.key_student.follow_ups") + " #" + strconv.Itoa(ref.Entry)
		}
		out = append(out, row)
	}
	slices.SortStableFunc(out, func(a, b ui.ReportRecordRow) int { return cmp.Compare(a.Date, b.Date) })
	return out, nil
}

func (r *reportsService) SaveMonthNotes(_ context.Context, n casework.MonthNotes) error {
	ws, st, _, _, err := r.session()
	if err != nil {
		return err
	}
	notes, err := store.ListAs[*casework.MonthNotes](st, store.Filter{})
	if err != nil {
		return uiErr(err)
	}
	var existing *casework.MonthNotes
	for _, x := range notes {
		if x.Month == n.Month {
			existing = x
		}
	}
	if existing != nil {
		existing.Highlights, existing.Problems, existing.NextPlan, existing.TrainingHours = n.Highlights, n.Problems, n.NextPlan, n.TrainingHours
		err = st.Update(existing)
	} else {
		rec := n
		rec.Meta = casework.Meta{}
		err = st.Create(&rec)
	}
	if err != nil {
		return invalid(err)
	}
	ws.Changed()
	return nil
}

// invalid turns a validation error into a message the screen shows.
func invalid(err error) error {
	if _, ok := casework.AsValidationErrors(err); ok {
		return &ui.SettingsInvalid{Message: casework.ErrorMessageZH(err), Err: err}
	}
	return uiErr(err)
}

func (r *reportsService) GenerateMonthly(_ context.Context, m casework.Month, out ui.ReturnFiles, progress func(float64)) (ui.Generated, error) {
	if progress == nil {
		progress = func(float64) {}
	}
	ws, st, settings, labels, err := r.session()
	if err != nil {
		return ui.Generated{}, err
	}
	progress(0.1)
	g, err := returns.Generate(st, m, labels, r.now())
	if err != nil {
		return ui.Generated{}, err
	}
	progress(0.6)
	if err := writeFile(out.PDF, g.PDF); err != nil {
		return ui.Generated{}, err
	}
	if err := audit(ws, casework.AuditActionPrint, casework.KindReturn, ""); err != nil {
		return ui.Generated{}, err
	}
	figJSON, err := g.Figures.JSON()
	if err != nil {
		return ui.Generated{}, err
	}
	if out.JSON != "" {
		if err := writeFile(out.JSON, append(slices.Clone(figJSON), '\n')); err != nil {
			return ui.Generated{}, err
		}
		if err := audit(ws, casework.AuditActionExport, casework.KindReturn, ""); err != nil {
			return ui.Generated{}, err
		}
	}
	progress(0.8)
	if out.XLSX != "" {
		var b bytes.Buffer
		if err := interchange.FiguresSheet(&b, "月报"+string(m), figJSON, report.FigureLabels(g.Figures, labels, settings.RiskLevels)); err != nil {
			return ui.Generated{}, err
		}
		if err := writeFile(out.XLSX, b.Bytes()); err != nil {
			return ui.Generated{}, err
		}
		if err := audit(ws, casework.AuditActionExport, casework.KindReturn, ""); err != nil {
			return ui.Generated{}, err
		}
	}
	r.mu.Lock()
	r.generated[m] = g
	r.mu.Unlock()
	progress(1)
	res := ui.Generated{At: g.At, Changed: g.Changed}
	if g.Frozen != nil {
		fz := frozenOf(g.Frozen)
		res.Frozen = &fz
	}
	return res, nil
}

// errNotGenerated: freezing needs the PDF that was uploaded.
var errNotGenerated = errors.New("the return of this month has not been generated in this session")

func (r *reportsService) FreezeMonthly(_ context.Context, m casework.Month) (ui.FrozenReturn, error) {
	ws, st, _, _, err := r.session()
	if err != nil {
		return ui.FrozenReturn{}, err
	}
	r.mu.Lock()
	g := r.generated[m]
	r.mu.Unlock()
	if g == nil {
		return ui.FrozenReturn{}, &ui.SettingsInvalid{Message: "请先生成本月月报 PDF，再标记为已报送。", Err: errNotGenerated}
	}
	ret, err := returns.Freeze(st, g)
	if err != nil {
		return ui.FrozenReturn{}, uiErr(err)
	}
	ws.Changed()
	r.mu.Lock()
	delete(r.generated, m)
	r.mu.Unlock()
	return frozenOf(ret), nil
}

func (r *reportsService) FrozenReturns(context.Context) ([]ui.FrozenReturn, error) {
	_, st, _, _, err := r.session()
	if err != nil {
		return nil, err
	}
	rs, err := store.ListAs[*casework.Return](st, store.Filter{})
	if err != nil {
		return nil, uiErr(err)
	}
	out := make([]ui.FrozenReturn, 0, len(rs))
	for _, x := range rs {
		out = append(out, frozenOf(x))
	}
	slices.SortFunc(out, func(a, b ui.FrozenReturn) int {
		if c := cmp.Compare(b.Month, a.Month); c != 0 {
			return c
		}
		return b.GeneratedAt.Compare(a.GeneratedAt)
	})
	return out, nil
}

func (r *reportsService) Reprint(_ context.Context, id, path string) (bool, error) {
	ws, st, settings, labels, err := r.session()
	if err != nil {
		return false, err
	}
	ret, err := store.GetAs[*casework.Return](st, id)
	if err != nil {
		return false, uiErr(err)
	}
	pdf, same, err := returns.Reprint(ret, settings.RiskLevels, labels, time.Local)
	if err != nil {
		return false, err
	}
	if err := writeFile(path, pdf); err != nil {
		return false, err
	}
	return same, audit(ws, casework.AuditActionPrint, casework.KindReturn, ret.ID)
}

func (r *reportsService) Terms(context.Context) ([]casework.Term, error) {
	_, _, settings, _, err := r.session()
	if err != nil {
		return nil, err
	}
	return settings.Terms, nil
}

func (r *reportsService) TermStatistics(_ context.Context, p casework.Period, name, path string) error {
	ws, st, _, labels, err := r.session()
	if err != nil {
		return err
	}
	pdf, _, err := returns.Term(st, p, name, labels, r.now())
	if err != nil {
		return err
	}
	if err := writeFile(path, pdf); err != nil {
		return err
	}
	return audit(ws, casework.AuditActionPrint, "", "")
}

func (r *reportsService) KeyStudentList(_ context.Context, purpose, recipient, path string) error {
	purpose, recipient = strings.TrimSpace(purpose), strings.TrimSpace(recipient)
	if purpose == "" || recipient == "" {
		return &ui.SettingsInvalid{Message: "重点学生名单必须注明用途和接收人。", Err: report.ErrNoPurpose}
	}
	ws, st, settings, labels, err := r.session()
	if err != nil {
		return err
	}
	list, err := store.ListAs[*casework.Student](st, store.Filter{})
	if err != nil {
		return uiErr(err)
	}
	students := make(map[string]casework.Student, len(list))
	for _, s := range list {
		students[s.ID] = *s
	}
	keys, err := store.ListAs[*casework.KeyStudent](st, store.Filter{})
	if err != nil {
		return uiErr(err)
	}
	l := report.KeyStudentList{School: settings.School.Name, Purpose: purpose, Recipient: recipient,
		On: casework.DateOf(r.now()), Levels: settings.RiskLevels, Students: students}
	for _, k := range keys {
		l.KeyStudents = append(l.KeyStudents, *k)
	}
	pdf, err := report.RenderKeyStudentList(l, labels, r.now())
	if err != nil {
		return err
	}
	if err := writeFile(path, pdf); err != nil {
		return err
	}
	return audit(ws, casework.AuditActionExport, casework.KindKeyStudent, "")
}

// ---- the self-check ----

func (r *reportsService) selfCheck(term string) (*selfcheck.Result, casework.Settings, report.Labels, *workspace.Workspace, error) {
	ws, st, settings, labels, err := r.session()
	if err != nil {
		return nil, settings, nil, nil, err
	}
	var t casework.Term
	found := false
	for _, x := range settings.Terms {
		if x.Name == term {
			t, found = x, true
		}
	}
	if !found {
		return nil, settings, nil, nil, &ui.SettingsInvalid{Message: "设置中找不到学期“" + term + "”。", Err: fmt.Errorf("no term %q", term)}
	}
	day := casework.DateOf(r.now())
	if day.Before(t.Start) || day.After(t.End) {
		day = t.End // a term not running is checked whole
	}
	d, err := returns.Load(st)
	if err != nil {
		return nil, settings, nil, nil, err
	}
	atts, err := store.ListAs[*casework.Attachment](st, store.Filter{})
	if err != nil {
		return nil, settings, nil, nil, uiErr(err)
	}
	res, err := selfcheck.Compute(selfcheck.Input{Data: d, Attachments: atts, Term: t, On: day})
	return res, settings, labels, ws, err
}

func (r *reportsService) SelfCheck(_ context.Context, term string) (*selfcheck.Result, error) {
	res, _, _, _, err := r.selfCheck(term)
	return res, err
}

func (r *reportsService) ExportSelfCheck(_ context.Context, term, pdfPath, jsonPath string) error {
	res, settings, labels, ws, err := r.selfCheck(term)
	if err != nil {
		return err
	}
	pdf, err := report.RenderSelfCheck(report.SelfCheckForm{Result: res, Preparer: settings.School.Preparer}, labels, r.now())
	if err != nil {
		return err
	}
	if err := writeFile(pdfPath, pdf); err != nil {
		return err
	}
	if err := audit(ws, casework.AuditActionPrint, "", ""); err != nil {
		return err
	}
	if jsonPath == "" {
		return nil
	}
	b, err := res.JSON()
	if err != nil {
		return err
	}
	if err := writeFile(jsonPath, b); err != nil {
		return err
	}
	return audit(ws, casework.AuditActionExport, "", "")
}

func (r *reportsService) SelfCheckSettings(context.Context) (casework.SelfCheck, error) {
	_, _, settings, _, err := r.session()
	if err != nil {
		return casework.SelfCheck{}, err
	}
	if settings.SelfCheck == nil {
		return casework.DefaultSelfCheck(), nil
	}
	sc := *settings.SelfCheck
	if len(sc.Checklist) == 0 {
		sc.Checklist = casework.DefaultSelfCheck().Checklist
	}
	return sc, nil
}

func (r *reportsService) SaveSelfCheckSettings(_ context.Context, sc casework.SelfCheck) error {
	return r.saveSettings(func(s *casework.Settings) error {
		s.SelfCheck = &sc
		return nil
	})
}

// ---- settings ----

// saveSettings changes the settings with f, validates and saves them.
func (r *reportsService) saveSettings(f func(s *casework.Settings) error) error {
	ws, st, settings, _, err := r.session()
	if err != nil {
		return err
	}
	if err := f(&settings); err != nil {
		return err
	}
	if err := settings.Validate(); err != nil {
		return invalid(err)
	}
	if err := st.SaveSettings(settings); err != nil {
		return invalid(err)
	}
	ws.Changed()
	return nil
}

// levelsInUse are the level codes any key student has had: a level in
// use cannot be removed (its label prints on the records).
func levelsInUse(st *store.Store) (map[string]bool, error) {
	keys, err := store.ListAs[*casework.KeyStudent](st, store.Filter{})
	if err != nil {
		return nil, uiErr(err)
	}
	inUse := map[string]bool{}
	for _, k := range keys {
		for _, l := range k.Levels {
			inUse[l.Level] = true
		}
	}
	return inUse, nil
}

func (r *reportsService) RiskLevels(context.Context) ([]casework.RiskLevel, map[string]bool, error) {
	_, st, settings, _, err := r.session()
	if err != nil {
		return nil, nil, err
	}
	inUse, err := levelsInUse(st)
	if err != nil {
		return nil, nil, err
	}
	lv := slices.Clone(settings.RiskLevels)
	slices.SortStableFunc(lv, func(a, b casework.RiskLevel) int { return cmp.Compare(a.Rank, b.Rank) })
	return lv, inUse, nil
}

func (r *reportsService) SaveRiskLevels(_ context.Context, levels []casework.RiskLevel) error {
	ws, err := r.s.workspace()
	if err != nil {
		return err
	}
	inUse, err := levelsInUse(ws.Store())
	if err != nil {
		return err
	}
	return r.saveSettings(func(s *casework.Settings) error {
		kept := map[string]bool{}
		for _, l := range levels {
			kept[l.Code] = true
		}
		for _, l := range s.RiskLevels {
			if inUse[l.Code] && !kept[l.Code] {
				return &ui.SettingsInvalid{Message: "关注等级“" + l.Label + "”正被重点学生使用，不能删除。",
					Err: fmt.Errorf("risk level %q in use", l.Code)}
			}
		}
		s.RiskLevels = levels
		return nil
	})
}

func (r *reportsService) SaveTerms(_ context.Context, terms []casework.Term) error {
	return r.saveSettings(func(s *casework.Settings) error {
		s.Terms = terms
		return nil
	})
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

// ---- the Excel roster and list export ----

func (r *reportsService) PreviewRoster(_ context.Context, path string) (ui.RosterPreview, error) {
	ws, err := r.s.workspace()
	if err != nil {
		return ui.RosterPreview{}, err
	}
	f, err := os.Open(path)
	if err != nil {
		return ui.RosterPreview{}, uiErr(fmt.Errorf("open roster: %w", err))
	}
	defer f.Close()
	p, err := interchange.PreviewRoster(f, interchange.Adapt[*store.Tx](ws.Store()), interchange.RosterOptions{})
	if err != nil {
		msg := "无法读取花名册：请确认是 Excel 工作簿（.xlsx），且前十行中有表头（姓名、班级等）。"
		return ui.RosterPreview{}, &ui.SettingsInvalid{Message: msg, Err: err}
	}
	r.mu.Lock()
	r.preview = p
	r.mu.Unlock()
	labels, err := casework.LoadLabels(casework.LangZH)
	if err != nil {
		return ui.RosterPreview{}, err
	}
	out := ui.RosterPreview{Sheet: p.Sheet, HeaderRow: p.HeaderRow, Adds: p.Adds, Updates: p.Updates, Unchanged: p.Unchanged, Bad: p.Bad}
	keys := make([]string, 0, len(p.Columns))
	for k := range p.Columns {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		out.Columns = append(out.Columns, [2]string{lbl(labels, "field.student."+k), p.Columns[k]})
	}
	for _, row := range p.Rows {
		msgs := append(slices.Clone(row.Errors), row.Warnings...)
		if row.Action == interchange.RowUpdate && len(row.Changed) > 0 {
			var ch []string
			for _, c := range row.Changed {
				ch = append(ch, lbl(labels, "field.student."+c))
			}
			msgs = append(msgs, "更新："+strings.Join(ch, "、"))
		}
		out.Rows = append(out.Rows, ui.RosterPreviewRow{Row: row.Row, Action: string(row.Action),
			Name: row.Student.Name, Class: row.Student.Grade + row.Student.Class, Messages: msgs})
	}
	return out, nil
}

func (r *reportsService) ApplyRoster(_ context.Context, skipBad bool) (int, int, int, error) {
	ws, err := r.s.workspace()
	if err != nil {
		return 0, 0, 0, err
	}
	r.mu.Lock()
	p := r.preview
	r.mu.Unlock()
	if p == nil {
		return 0, 0, 0, &ui.SettingsInvalid{Message: "请先选择花名册并查看预览。", Err: errors.New("no roster preview")}
	}
	res, err := interchange.ApplyRoster(interchange.Adapt[*store.Tx](ws.Store()), p, skipBad)
	var re *interchange.RosterError
	if errors.As(err, &re) {
		return 0, 0, 0, &ui.SettingsInvalid{Message: re.Error(), Err: err}
	}
	if err != nil {
		return 0, 0, 0, uiErr(err)
	}
	ws.Changed()
	r.mu.Lock()
	r.preview = nil
	r.mu.Unlock()
	return res.Added, res.Updated, res.Skipped, nil
}

func (r *reportsService) ExportRecords(_ context.Context, kind casework.Kind, path string) (int, error) {
	ws, st, _, _, err := r.session()
	if err != nil {
		return 0, err
	}
	recs, err := st.List(kind)
	if err != nil {
		return 0, uiErr(err)
	}
	var b bytes.Buffer
	if err := interchange.ExportRecords(&b, kind, recs); err != nil {
		return 0, err
	}
	if err := writeFile(path, b.Bytes()); err != nil {
		return 0, err
	}
	return len(recs), audit(ws, casework.AuditActionExport, kind, "")
}

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
