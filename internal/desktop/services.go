package desktop

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"xinqing/internal/app"
	"xinqing/internal/casework"
	"xinqing/internal/ui"
	"xinqing/internal/workspace"
)

// Package desktop adapts the application layer to the interfaces the
// screens of internal/ui declare, and holds the in-memory stand-ins that
// -preview shows.
//
// services adapts the workspace (vault + store), the passphrase policy and
// the recovery-sheet PDF to the interfaces the screens consume.
type services struct {
	opts workspace.Options
	app  *app.App

	mu         sync.Mutex
	openReport *ui.OpenReport // the last unlock's, until the screen takes it

	// indexPending: the full-text index of the vault just unlocked is
	// built once the first workbench is drawn (or after
	// indexDelay), not alongside it: the build holds the database for a
	// second on a big school, and the workbench would wait for it.
	indexPending atomic.Bool
}

// indexDelay is how long after an unlock the index is built at the
// latest when no workbench summary has asked for the database first.
const indexDelay = 3 * time.Second

// workbenchDrawn is how long after the workbench summary the index is
// built: time for the workbench's other blocks to read what they show.
const workbenchDrawn = 500 * time.Millisecond

// buildIndexLater defers the index build of a vault just unlocked.
func (s *services) buildIndexLater() {
	s.indexPending.Store(true)
	time.AfterFunc(indexDelay, s.buildPendingIndex)
}

// buildPendingIndex starts the deferred index build, once (nothing for
// the preview, which has no services).
func (s *services) buildPendingIndex() {
	if s != nil && s.indexPending.CompareAndSwap(true, false) {
		s.app.BuildIndexInBackground()
	}
}

func newServices(o workspace.Options) *services {
	return &services{opts: o, app: app.New(o)}
}

// New returns the real services for the desktop app.
func New(o workspace.Options) ui.Deps {
	limitMemory()
	return newServices(o).deps()
}

func (s *services) deps() ui.Deps {
	d := ui.Deps{Vault: s, Passphrase: s, Printer: s, Settings: s, Demo: s, Restorer: s}
	d.Students = s.students()
	d.Groups = s.groups()
	d.Results = s.results()
	d.Reports = s.reports()
	d.Years = s.years()
	d.Cases = caseServices{s: s, now: time.Now}
	d.County = countyService{s: s}
	d.Appointments = appointmentService{s: s}
	d.ResultsImport = &resultsImportService{s: s}
	d.Changes = s
	d.FilePrinter = filePrinter{os: systemCalls{}}
	d.Search = searchService{a: s.app}
	return d
}

// WatchChanges passes on the application layer's change notifications.
func (s *services) WatchChanges(f func(ui.Change)) (stop func()) {
	return s.app.WatchChanges(func(c app.Change) { f(ui.Change{Kinds: c.Kinds}) })
}

// DemoPassphrase is the published passphrase of the demo school.
func (s *services) DemoPassphrase() string { return app.DemoPassphrase }

// DefaultDir is the per-user data folder (app.DefaultDir).
func (s *services) DefaultDir() string { return app.DefaultDir() }

// Exists reports whether dir holds a passphrase slot (either copy).
func (s *services) Exists(dir string) bool { return app.Exists(dir) }

// uiErr maps the application's error kinds to those the screens explain;
// the original stays wrapped for the log.
func uiErr(err error) error {
	if err == nil {
		return nil
	}
	if g, ok := app.Written(err); ok {
		return &ui.Notice{Message: g.Error(), Err: err}
	}
	p := app.Classify(err)
	var kind error
	switch p.Kind {
	case app.KindSheetTypo:
		_, reason, _ := strings.Cut(p.ZH, "：") // "恢复表第N组有误：<reason>"
		return fmt.Errorf("%w: %w", &ui.SheetError{Group: p.Group, Reason: reason}, err)
	case app.KindWrongKey:
		kind = ui.ErrWrongPassphrase
	case app.KindInUse:
		kind = ui.ErrInUse
	case app.KindExists:
		kind = ui.ErrVaultExists
	case app.KindDamaged, app.KindNoGeneration, app.KindBackupDamaged:
		kind = ui.ErrDamaged
	case app.KindNoVault:
		kind = ui.ErrNoVault
	case app.KindDiskFull:
		kind = ui.ErrDiskFull
	case app.KindPermission:
		kind = ui.ErrPermission
	case app.KindSlotsDamaged:
		kind = ui.ErrSlotsDamaged
	case app.KindUnfinished:
		kind = ui.ErrNoVault
	case app.KindNotFound:
		kind = ui.ErrNotFound
	case app.KindReadOnly:
		kind = ui.ErrReadOnly
	case app.KindNameTooLong:
		kind = ui.ErrNameTooLong
	case app.KindDeviceGone:
		kind = ui.ErrDeviceGone
	case app.KindFileTooBig:
		kind = ui.ErrFileTooBig
	case app.KindWeakPassphrase:
		kind = ui.ErrWeakPassphrase
	default:
		return err // cancelled: the screens test context.Canceled themselves
	}
	return fmt.Errorf("%w: %w", kind, err)
}

func saveState(st workspace.State) ui.SaveState {
	switch st.Kind {
	case workspace.Saved:
		return ui.SaveState{Status: ui.Saved, At: st.At}
	case workspace.Dirty, workspace.Saving:
		return ui.SaveState{Status: ui.Saving, At: st.At}
	default:
		return ui.SaveState{Status: ui.SaveFailed, At: st.At, Err: uiErr(st.Err)}
	}
}

func (s *services) Create(ctx context.Context, dir, pass string) (ui.Sheet, error) {
	identity, err := s.app.Create(ctx, dir, pass)
	if err != nil {
		return ui.Sheet{}, uiErr(err)
	}
	s.app.BuildIndexInBackground()
	return sheetOf(identity)
}

func (s *services) Unlock(ctx context.Context, dir, pass string) (int, error) {
	u, err := s.app.Unlock(ctx, dir, pass)
	if err != nil {
		return 0, uiErr(err)
	}
	s.keepOpenReport(u)
	s.buildIndexLater()
	return u.FailedAttempts, nil
}

func (s *services) UnlockWithSheet(ctx context.Context, dir, typed string) (int, error) {
	u, err := s.app.UnlockWithSheet(ctx, dir, typed)
	if err != nil {
		return 0, uiErr(err)
	}
	s.keepOpenReport(u)
	s.buildIndexLater()
	return u.FailedAttempts, nil
}

// keepOpenReport maps what the unlock found for the screen, which shows
// it once (TakeOpenReport).
func (s *services) keepOpenReport(u app.Unlocked) {
	var r *ui.OpenReport
	if rep := u.Report; rep.Problems() {
		r = &ui.OpenReport{Opened: rep.Gen, OpenedAt: rep.Time, Missing: rep.Missing,
			Repaired: rep.Repaired, PassphraseChanged: rep.PassphraseChanged}
		for _, l := range rep.Lost {
			r.Lost = append(r.Lost, ui.LostSave{Gen: l.Gen, At: l.Time, Quarantined: l.File != ""})
		}
	}
	s.mu.Lock()
	s.openReport = r
	s.mu.Unlock()
}

// TakeOpenReport implements ui.OpenReporter.
func (s *services) TakeOpenReport() *ui.OpenReport {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.openReport
	s.openReport = nil
	return r
}

func (s *services) ResetPassphrase(ctx context.Context, dir, typed, newPass string) error {
	return uiErr(s.app.ResetPassphrase(ctx, dir, typed, newPass))
}

func (s *services) Lock(ctx context.Context) error { return uiErr(s.app.Lock(ctx)) }

func (s *services) workspace() (*workspace.Workspace, error) { return s.app.Workspace() }

func (s *services) SaveState() ui.SaveState {
	ws, err := s.workspace()
	if err != nil {
		return ui.SaveState{}
	}
	return saveState(ws.State())
}

func (s *services) WatchSaveState(f func(ui.SaveState)) func() {
	return s.app.WatchState(func(st workspace.State) { f(saveState(st)) })
}

// SaveElsewhere needs the vault to seal the live database into another
// folder, which it cannot do yet.
func (s *services) SaveElsewhere(context.Context, string) error {
	return fmt.Errorf("save elsewhere: %w", ui.ErrNotAvailable)
}

func (s *services) Check(p string) (bool, int, string) {
	r := s.app.CheckPassphrase(p)
	return r.OK, r.Level, r.ReasonZH
}

func (s *services) Generate() string { return app.GeneratePassphrase() }

// WriteSheet writes the recovery sheet PDF where the save dialog chose
// (it asked before replacing a file); only its owner may read it.
func (s *services) WriteSheet(ctx context.Context, path string, sh ui.Sheet) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return uiErr(s.app.WriteRecoverySheet(path, app.Replace, sh.Groups, sh.School, ""))
}

func (s *services) School(ctx context.Context) (ui.School, error) {
	if err := ctx.Err(); err != nil {
		return ui.School{}, err
	}
	ws, err := s.workspace()
	if err != nil {
		return ui.School{}, err
	}
	st, err := ws.Store().Settings()
	if err != nil {
		return ui.School{}, uiErr(err)
	}
	return fromCasework(st.School), nil
}

func (s *services) SaveSchool(ctx context.Context, sc ui.School) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ws, err := s.workspace()
	if err != nil {
		return err
	}
	st, err := ws.Store().Settings()
	if err != nil {
		return uiErr(err)
	}
	st.School = toCasework(sc)
	if err := ws.Store().SaveSettings(st); err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	ws.Changed()
	return nil
}

// CreateDemo makes the small synthetic school in dir (once) under the
// published passphrase. Demo data only ever goes into its own new vault.
func (s *services) CreateDemo(ctx context.Context, dir string) (string, error) {
	pass, err := app.CreateDemo(ctx, dir, s.opts)
	return pass, uiErr(err)
}

func toCasework(s ui.School) casework.School {
	out := casework.School{
		Name: s.Name, Code: s.Code, County: s.County, Stage: casework.Stage(s.Stage),
		StudentCount: s.StudentCount, ClassCount: s.ClassCount,
		FulltimeCounselors: s.FulltimeCounselors, ParttimeCounselors: s.ParttimeCounselors,
		CertifiedCounselors: s.CertifiedCounselors,
		Room:                casework.Room{HasRoom: s.Room.HasRoom, AreaM2: s.Room.AreaM2, Zones: s.Room.Zones},
		Preparer:            s.Preparer, PreparerPhone: s.PreparerPhone, Reviewer: s.Reviewer,
	}
	for _, h := range s.Hotlines {
		out.Hotlines = append(out.Hotlines, casework.Hotline{Name: h.Name, Number: h.Number})
	}
	return out
}

func fromCasework(s casework.School) ui.School {
	out := ui.School{
		Name: s.Name, Code: s.Code, County: s.County, Stage: string(s.Stage),
		StudentCount: s.StudentCount, ClassCount: s.ClassCount,
		FulltimeCounselors: s.FulltimeCounselors, ParttimeCounselors: s.ParttimeCounselors,
		CertifiedCounselors: s.CertifiedCounselors,
		Room:                ui.Room{HasRoom: s.Room.HasRoom, AreaM2: s.Room.AreaM2, Zones: s.Room.Zones},
		Preparer:            s.Preparer, PreparerPhone: s.PreparerPhone, Reviewer: s.Reviewer,
	}
	for _, h := range s.Hotlines {
		out.Hotlines = append(out.Hotlines, ui.Hotline{Name: h.Name, Number: h.Number})
	}
	return out
}
