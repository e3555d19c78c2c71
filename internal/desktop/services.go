package desktop

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"time"

	"xinqing/internal/app"
	"xinqing/internal/casework"
	"xinqing/internal/demo"
	"xinqing/internal/interchange"
	"xinqing/internal/passphrase"
	"xinqing/internal/report"
	"xinqing/internal/store"
	"xinqing/internal/ui"
	"xinqing/internal/vault"
	"xinqing/internal/vault/sheet"
	"xinqing/internal/workspace"
)

// demoPassphrase is published on the unlock screen of the demo school,
// which holds synthetic data only.
const demoPassphrase = "yanshi-xuexiao-xinqing"

// Package desktop adapts the application layer to the interfaces the
// screens of internal/ui declare, and holds the in-memory stand-ins that
// -preview shows.
//
// services adapts the workspace (vault + store), the passphrase policy and
// the recovery-sheet PDF to the interfaces the screens consume.
type services struct {
	opts workspace.Options
	app  *app.App
}

func newServices(o workspace.Options) *services {
	return &services{opts: o, app: app.New(o)}
}

// New returns the real services for the desktop app.
func New(o workspace.Options) ui.Deps { return newServices(o).deps() }

func (s *services) deps() ui.Deps {
	d := ui.Deps{Vault: s, Passphrase: s, Printer: s, Settings: s, Demo: s, Restorer: s}
	d.Students = s.students()
	d.Groups = s.groups()
	d.Reports = s.reports()
	d.Years = s.years()
	d.Cases = caseServices{s: s, now: time.Now}
	return d
}

// DefaultDir is the per-user data folder: %LOCALAPPDATA%\XinQing\vault on
// Windows, $XDG_DATA_HOME/xinqing/vault (~/.local/share) elsewhere.
func (s *services) DefaultDir() string {
	if runtime.GOOS == "windows" {
		if d := os.Getenv("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "XinQing", "vault")
		}
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "xinqing", "vault")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "xinqing", "vault")
	}
	return filepath.Join(home, ".local", "share", "xinqing", "vault")
}

// Exists reports whether dir holds a passphrase slot (either copy).
func (s *services) Exists(dir string) bool {
	for _, n := range []string{"key.slot", "key.slot.2"} {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			return true
		}
	}
	return false
}

// uiErr maps the services' errors to the kinds the screens explain; the
// original stays wrapped for the log.
func uiErr(err error) error {
	var ge *sheet.GroupError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ge):
		return fmt.Errorf("%w: %w", &ui.SheetError{Group: ge.Group}, err)
	case errors.Is(err, sheet.ErrInvalid), errors.Is(err, sheet.ErrEmpty):
		return fmt.Errorf("%w: %w", &ui.SheetError{}, err)
	case errors.Is(err, vault.ErrWrongKey):
		return fmt.Errorf("%w: %w", ui.ErrWrongPassphrase, err)
	case errors.Is(err, vault.ErrInUse):
		return fmt.Errorf("%w: %w", ui.ErrInUse, err)
	case errors.Is(err, vault.ErrExists):
		return fmt.Errorf("%w: %w", ui.ErrVaultExists, err)
	case errors.Is(err, vault.ErrDamaged), errors.Is(err, vault.ErrNoGeneration),
		errors.Is(err, store.ErrCorrupt), errors.Is(err, store.ErrSchema), errors.Is(err, store.ErrGeneration):
		return fmt.Errorf("%w: %w", ui.ErrDamaged, err)
	case errors.Is(err, syscall.ENOSPC):
		return fmt.Errorf("%w: %w", ui.ErrDiskFull, err)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%w: %w", ui.ErrPermission, err)
	}
	return err
}

func (s *services) attach(ws *workspace.Workspace) {
	s.app.Attach(ws)
	// The full-text index is not part of the saved image; build it now so
	// the first search does not wait. A lock meanwhile just ends it.
	go func() { _ = ws.Store().BuildIndex() }()
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

func (s *services) Create(_ context.Context, dir, pass string) (ui.Sheet, error) {
	ws, identity, err := workspace.Create(dir, pass, s.opts)
	if err != nil {
		return ui.Sheet{}, uiErr(err)
	}
	sh, err := sheet.Format(identity)
	if err != nil {
		_ = ws.Lock()
		return ui.Sheet{}, err
	}
	s.attach(ws)
	return ui.Sheet{Groups: sh.Groups}, nil
}

func (s *services) Unlock(_ context.Context, dir, pass string) (int, error) {
	ws, err := workspace.Open(dir, pass, s.opts)
	if err != nil {
		return 0, uiErr(err)
	}
	s.attach(ws)
	return ws.FailedAttempts(), nil
}

func (s *services) UnlockWithSheet(_ context.Context, dir, typed string) (int, error) {
	ws, err := workspace.OpenWithSheet(dir, typed, s.opts)
	if err != nil {
		return 0, uiErr(err)
	}
	s.attach(ws)
	return ws.FailedAttempts(), nil
}

func (s *services) ResetPassphrase(_ context.Context, dir, typed, newPass string) error {
	ws, err := workspace.OpenWithSheet(dir, typed, s.opts)
	if err != nil {
		return uiErr(err)
	}
	err = ws.ChangePassphrase(newPass)
	if lerr := ws.Lock(); err == nil {
		err = lerr
	}
	return uiErr(err)
}

func (s *services) Lock(context.Context) error {
	ws := s.app.Detach()
	if ws == nil {
		return nil
	}
	return uiErr(ws.Lock())
}

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

// schoolWords are the words an attacker of this school would try first.
func (s *services) schoolWords() []string {
	ws, err := s.workspace()
	if err != nil {
		return nil
	}
	st, err := ws.Store().Settings()
	if err != nil || st.School.Name == "" {
		return nil
	}
	return []string{st.School.Name, st.School.County}
}

func (s *services) Check(p string) (bool, int, string) {
	r := passphrase.Check(p, s.schoolWords())
	return r.OK, r.Level, r.ReasonZH
}

func (s *services) Generate() string { return passphrase.Generate(rand.Reader) }

func (s *services) WriteSheet(_ context.Context, path string, sh ui.Sheet) error {
	var school, id string
	if ws, err := s.workspace(); err == nil {
		id = ws.ID()
		if st, err := ws.Store().Settings(); err == nil {
			school = st.School.Name
		}
	}
	now := time.Now()
	pdf, err := report.RenderRecoverySheet(report.RecoverySheet{
		SchoolName: school, VaultID: id, Created: now, Lines: sheet.Sheet{Groups: sh.Groups}.Lines(5),
	}, now)
	if err != nil {
		return fmt.Errorf("render recovery sheet: %w", err)
	}
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		return uiErr(fmt.Errorf("write recovery sheet: %w", err))
	}
	// The save dialog created the file with the default mode; the sheet
	// is the key itself, so only its owner may read it.
	if err := os.Chmod(path, 0o600); err != nil {
		return uiErr(fmt.Errorf("restrict recovery sheet: %w", err))
	}
	return nil
}

func (s *services) School(context.Context) (ui.School, error) {
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

func (s *services) SaveSchool(_ context.Context, sc ui.School) error {
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
	if s.Exists(dir) {
		return demoPassphrase, nil
	}
	ws, _, err := workspace.Create(dir, demoPassphrase, s.opts)
	if err != nil {
		return "", uiErr(err)
	}
	defer ws.Lock()
	st := interchange.Adapt[*store.Tx](ws.Store())
	if _, err := demo.Import(st, demo.Small, 1, casework.DateOf(time.Now())); err != nil {
		return "", fmt.Errorf("import demo school: %w", err)
	}
	if err := ws.Save(ctx); err != nil {
		return "", uiErr(err)
	}
	return demoPassphrase, nil
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
