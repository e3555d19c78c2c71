package app

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"xinqing/internal/passphrase"
	"xinqing/internal/report"
	"xinqing/internal/store"
	"xinqing/internal/vault"
	"xinqing/internal/vault/sheet"
	"xinqing/internal/workspace"
)

// DefaultDir is the per-user vault folder: %LOCALAPPDATA%\XinQing\vault on
// Windows, $XDG_DATA_HOME/xinqing/vault (~/.local/share) elsewhere.
func DefaultDir() string {
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
func Exists(dir string) bool {
	for _, n := range []string{"key.slot", "key.slot.2"} {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			return true
		}
	}
	return false
}

// HasVault reports whether dir holds a vault's generations folder, set
// up or not: a restore goes into it rather than making a new vault.
func HasVault(dir string) bool {
	fi, err := os.Stat(filepath.Join(dir, "gen"))
	return err == nil && fi.IsDir()
}

// Unlocked is what an unlock found besides the data: the vault id, the
// wrong passphrases typed since the last unlock, and the saves lost to
// damage (moved to quarantine).
type Unlocked struct {
	ID             string
	FailedAttempts int
	Lost           []vault.Lost
}

func unlocked(ws *workspace.Workspace) Unlocked {
	u := Unlocked{ID: ws.ID(), FailedAttempts: ws.FailedAttempts()}
	if rep := ws.Report(); rep != nil {
		u.Lost = rep.Lost
	}
	return u
}

// BuildIndexInBackground builds the open vault's full-text index (it is
// not part of the saved image) on another goroutine, so that the first
// search of a window does not wait for it; locking ends the build. A
// command that runs one query has no use for it.
func (a *App) BuildIndexInBackground() {
	ws, err := a.Workspace()
	if err != nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	a.mu.Lock()
	if a.stopIndex != nil {
		a.stopIndex()
	}
	a.stopIndex = cancel
	a.mu.Unlock()
	go func() { _ = ws.Store().BuildIndex(ctx) }()
}

// CheckSheet reports whether typed parses as a recovery sheet (a typo
// names its group), before anything is tried with it.
func CheckSheet(typed string) error {
	_, err := sheet.Parse(typed)
	return err
}

// Create makes a new vault in dir under pass, opens it and returns the
// identity its recovery sheet prints. Cancelled through ctx (the key
// derivation takes seconds) it leaves no vault behind.
func (a *App) Create(ctx context.Context, dir, pass string) (identity string, err error) {
	ws, identity, err := workspace.Create(ctx, dir, pass, a.opts)
	if err != nil {
		return "", err
	}
	a.Attach(ws)
	return identity, nil
}

// Unlock opens the vault in dir with the passphrase.
func (a *App) Unlock(ctx context.Context, dir, pass string) (Unlocked, error) {
	ws, err := workspace.Open(ctx, dir, pass, a.opts)
	if err != nil {
		return Unlocked{}, err
	}
	a.Attach(ws)
	return unlocked(ws), nil
}

// UnlockWithSheet opens the vault in dir with the typed recovery sheet; a
// new passphrase should follow (ChangePassphrase with old empty).
func (a *App) UnlockWithSheet(ctx context.Context, dir, typed string) (Unlocked, error) {
	// An empty folder is said to be one before the typing is judged: no
	// sheet can open it, and "group 1 is wrong" would send the counselor
	// to check a sheet that is fine.
	if !HasVault(dir) {
		return Unlocked{}, fmt.Errorf("unlock with sheet: %w", vault.ErrNotVault)
	}
	ws, err := workspace.OpenWithSheet(ctx, dir, typed, a.opts)
	if err != nil {
		return Unlocked{}, err
	}
	a.Attach(ws)
	return unlocked(ws), nil
}

// ResetPassphrase sets a new passphrase with the typed recovery sheet and
// locks again: the forgotten-passphrase path of the unlock screen.
func (a *App) ResetPassphrase(ctx context.Context, dir, typed, newPass string) error {
	ws, err := workspace.OpenWithSheet(ctx, dir, typed, a.opts)
	if err != nil {
		return err
	}
	err = ws.ChangePassphrase(ctx, newPass)
	if lerr := ws.Lock(ctx); err == nil {
		err = lerr
	}
	return err
}

// Lock saves pending edits and closes the open vault (none open: nil).
// The save is not cancelled with ctx: locking never drops edits.
func (a *App) Lock(ctx context.Context) error {
	a.mu.Lock()
	if a.stopIndex != nil {
		a.stopIndex()
		a.stopIndex = nil
	}
	a.mu.Unlock()
	ws := a.Detach()
	if ws == nil {
		return nil
	}
	return ws.Lock(ctx)
}

// Save seals the open vault's edits now.
func (a *App) Save(ctx context.Context) error {
	ws, err := a.Workspace()
	if err != nil {
		return err
	}
	return ws.Save(ctx)
}

// ChangePassphrase sets a new passphrase for the open vault. old, when
// not empty, is checked first: the desktop asks for it again so that an
// unattended unlocked screen cannot be used to change it (a command that
// has just unlocked, or an unlock with the sheet, has nothing to ask).
func (a *App) ChangePassphrase(ctx context.Context, old, newPass string) error {
	ws, err := a.Workspace()
	if err != nil {
		return err
	}
	if old != "" {
		if _, err := ws.RecoveryIdentity(old); err != nil {
			return err
		}
	}
	return ws.ChangePassphrase(ctx, newPass)
}

// RecoveryIdentity is the identity the recovery sheet prints, after the
// passphrase is typed again.
func (a *App) RecoveryIdentity(pass string) (string, error) {
	ws, err := a.Workspace()
	if err != nil {
		return "", err
	}
	return ws.RecoveryIdentity(pass)
}

// Rekey gives the open vault a new identity under newPass (a passphrase
// someone has seen) and returns it for a new recovery sheet.
func (a *App) Rekey(ctx context.Context, newPass string) (string, error) {
	ws, err := a.Workspace()
	if err != nil {
		return "", err
	}
	return ws.Rekey(ctx, newPass)
}

// Check decrypts every generation (loading each with every check of the
// store) and every attachment of the open vault. It changes nothing.
func (a *App) Check(ctx context.Context) (*vault.CheckReport, error) {
	ws, err := a.Workspace()
	if err != nil {
		return nil, err
	}
	return ws.Vault().Check(ctx, func(gen uint64, image []byte) error {
		s, err := store.Load(ctx, image, gen)
		if err != nil {
			return err
		}
		return s.Close()
	})
}

// VaultID is the open vault's id ("" while locked).
func (a *App) VaultID() string {
	ws, err := a.Workspace()
	if err != nil {
		return ""
	}
	return ws.ID()
}

// SavedGeneration is the open vault's last saved generation (0 while
// locked).
func (a *App) SavedGeneration() uint64 {
	ws, err := a.Workspace()
	if err != nil {
		return 0
	}
	return ws.State().Gen
}

// VaultDir is the open vault's folder ("" while locked).
func (a *App) VaultDir() string {
	ws, err := a.Workspace()
	if err != nil {
		return ""
	}
	return ws.Vault().Dir()
}

// SchoolWords are the words an attacker of this school would try first:
// the open vault's school and county, and any given.
func (a *App) SchoolWords(extra ...string) []string {
	var words []string
	for _, w := range extra {
		if w != "" {
			words = append(words, w)
		}
	}
	ws, err := a.Workspace()
	if err != nil {
		return words
	}
	st, err := ws.Store().Settings()
	if err != nil || st.School.Name == "" {
		return words
	}
	return append(words, st.School.Name, st.School.County)
}

// CheckPassphrase applies the passphrase policy with the school's words.
func (a *App) CheckPassphrase(p string, extra ...string) passphrase.Result {
	return passphrase.Check(p, a.SchoolWords(extra...))
}

// GeneratePassphrase proposes a passphrase that meets the policy.
func GeneratePassphrase() string { return passphrase.Generate(rand.Reader) }

// SheetGroups are the groups of the recovery sheet of identity.
func SheetGroups(identity string) ([]string, error) {
	sh, err := sheet.Format(identity)
	if err != nil {
		return nil, err
	}
	return sh.Groups, nil
}

// SheetLines are the groups as the sheet prints them, five to a line.
func SheetLines(groups []string) []string { return sheet.Sheet{Groups: groups}.Lines(5) }

// RecoverySheet renders the recovery sheet of groups as PDF (a path
// ending in .pdf) or as plain text lines, naming the school and the
// vault (the open one when vaultID is empty).
func (a *App) RecoverySheet(pdf bool, groups []string, school, vaultID string) ([]byte, error) {
	lines := SheetLines(groups)
	if !pdf {
		return []byte(strings.Join(lines, "\n") + "\n"), nil
	}
	if ws, err := a.Workspace(); err == nil {
		if vaultID == "" {
			vaultID = ws.ID()
		}
		if st, err := ws.Store().Settings(); err == nil && school == "" {
			school = st.School.Name
		}
	}
	now := a.Now()
	out, gaps, err := rendered(report.RenderRecoverySheet(report.RecoverySheet{SchoolName: school, VaultID: vaultID, Created: now, Lines: lines}, now))
	if err != nil {
		return nil, fmt.Errorf("render recovery sheet: %w", err)
	}
	return out, gaps.after(nil)
}

// WriteRecoverySheet writes the sheet to path (PDF when the name ends in
// .pdf, else text), 0600 from the first byte: the sheet is the key itself.
func (a *App) WriteRecoverySheet(path string, over Overwrite, groups []string, school, vaultID string) error {
	data, err := a.RecoverySheet(strings.HasSuffix(strings.ToLower(path), ".pdf"), groups, school, vaultID)
	gaps, ok := Written(err)
	if !ok {
		return err
	}
	return gaps.after(WriteBytes(path, over, data))
}
