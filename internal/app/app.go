// Package app is the application layer that the desktop app and the
// command-line companion share: it owns the unlocked vault of one program
// and every use case built on it (unlock and lock, documents, exports and
// imports, backup and restore, dashboard and drill-down queries, settings).
//
// The two programs only adapt it: cmd/xinqingctl parses arguments and
// prints, internal/desktop maps it to the interfaces internal/ui declares.
// Nothing here imports Fyne.
//
// Every use case that derives a key, reads or writes the vault or a
// backup takes a context (a screen's lifetime, a command's Ctrl-C) and
// passes it down to the workspace, vault, store and backup; cancelled, it
// returns the context's error and leaves nothing half done. Classify
// names every error for both programs.
package app

import (
	"context"
	"errors"
	"sync"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/store"
	"xinqing/internal/workspace"
)

// ErrLocked is returned by every use case that needs an unlocked vault
// while none is open.
var ErrLocked = workspace.ErrClosed

// App is one program's hold on at most one unlocked vault.
type App struct {
	opts workspace.Options
	now  func() time.Time

	mu      sync.Mutex
	ws      *workspace.Workspace // nil while locked
	bare    *bareSchool          // a store without a vault (AttachStore)
	nextID  int
	states  map[int]func(workspace.State)
	changes map[int]func(Change)
	// stopIndex ends the background build of the open vault's index.
	stopIndex context.CancelFunc
	// recs keeps what the figures read of the open vault (dashboard_cache.go).
	recs recordCache
}

// Change says what a committed edit touched, so that every open screen can
// refresh what it shows of it. Kinds is empty when anything may have
// changed (a restore, an import).
type Change struct {
	Kinds []casework.Kind
}

// Touches reports whether the change may concern records of kind k.
func (c Change) Touches(k casework.Kind) bool {
	if len(c.Kinds) == 0 {
		return true
	}
	for _, x := range c.Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// New returns an App with no vault open. Zero options mean the real
// vault, clock and timers.
func New(o workspace.Options) *App {
	now := o.Now
	if now == nil {
		now = time.Now
	}
	return &App{opts: o, now: now, states: map[int]func(workspace.State){}, changes: map[int]func(Change){}}
}

// Options are the workspace options vaults are opened with.
func (a *App) Options() workspace.Options { return a.opts }

// Now is the application's clock.
func (a *App) Now() time.Time { return a.now() }

// Today is the school's calendar day of Now.
func (a *App) Today() casework.Date { return casework.DateOf(a.now()) }

// Attach makes ws the open vault; its save states reach the watchers.
func (a *App) Attach(ws *workspace.Workspace) {
	a.mu.Lock()
	a.ws = ws
	a.mu.Unlock()
	ws.OnState(a.emitState)
}

// Detach forgets the open vault and returns it (nil when none was open);
// the caller locks it.
func (a *App) Detach() *workspace.Workspace {
	a.mu.Lock()
	defer a.mu.Unlock()
	ws := a.ws
	a.ws = nil
	a.recs.drop()
	return ws
}

// Workspace is the open vault, or ErrLocked.
func (a *App) Workspace() (*workspace.Workspace, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.ws == nil {
		return nil, ErrLocked
	}
	return a.ws, nil
}

// Store is the open vault's database, or ErrLocked.
func (a *App) Store() (*store.Store, error) {
	ws, err := a.Workspace()
	if err != nil {
		return nil, err
	}
	return ws.Store(), nil
}

// WatchState calls f (from any goroutine) on every save state of the open
// vault until stop is called.
func (a *App) WatchState(f func(workspace.State)) (stop func()) {
	return watch(a, a.states, f)
}

// WatchChanges calls f (from any goroutine) after every committed edit
// made through the application layer, until stop is called.
func (a *App) WatchChanges(f func(Change)) (stop func()) {
	return watch(a, a.changes, f)
}

func watch[F any](a *App, m map[int]F, f F) func() {
	a.mu.Lock()
	defer a.mu.Unlock()
	id := a.nextID
	a.nextID++
	m[id] = f
	return func() {
		a.mu.Lock()
		defer a.mu.Unlock()
		delete(m, id)
	}
}

func listeners[F any](a *App, m map[int]F) []F {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]F, 0, len(m))
	for _, f := range m {
		out = append(out, f)
	}
	return out
}

func (a *App) emitState(st workspace.State) {
	for _, f := range listeners(a, a.states) {
		f(st)
	}
}

// Changed marks the open vault changed (the autosave follows) and tells
// the change watchers which kinds of record the edit touched.
func (a *App) Changed(kinds ...casework.Kind) {
	if ws, err := a.Workspace(); err == nil {
		ws.Changed()
	}
	for _, f := range listeners(a, a.changes) {
		f(Change{Kinds: kinds})
	}
}

// Session is what most use cases start from: the open vault, its store,
// the settings and the Chinese labels, read once.
type Session struct {
	App      *App
	WS       *workspace.Workspace
	Store    *store.Store
	Settings casework.Settings
	Labels   map[string]string
}

// Session reads the settings and labels of the open vault.
func (a *App) Session(ctx context.Context) (*Session, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ws, err := a.Workspace()
	if err != nil {
		return nil, err
	}
	s, err := SessionOf(ws.Store())
	if err != nil {
		return nil, err
	}
	s.App, s.WS = a, ws
	return s, nil
}

// Audit logs a print or export of one record (or of none when kind is
// empty), never a name, and marks the vault changed so that the entry is
// saved.
func (s *Session) Audit(action casework.AuditAction, kind casework.Kind, id string) error {
	if err := s.Store.Audit(action, kind, id); err != nil {
		return &AuditError{Err: err}
	}
	// An audit entry is saved like any edit but changes nothing a screen
	// shows, so it is not announced.
	if s.WS != nil {
		s.WS.Changed()
	}
	return nil
}

// AuditError says the file was written but its audit entry was not.
type AuditError struct{ Err error }

func (e *AuditError) Error() string { return "audit: " + e.Err.Error() }
func (e *AuditError) Unwrap() error { return e.Err }

// IsAuditError reports whether err is an AuditError.
func IsAuditError(err error) bool {
	var ae *AuditError
	return errors.As(err, &ae)
}
