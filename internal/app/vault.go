package app

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"xinqing/internal/backup"
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

// Exists reports whether dir holds a passphrase slot (either copy) and
// any saved data: a vault whose first save never completed holds nothing
// and is set up again rather than unlocked.
func Exists(dir string) bool {
	slot := false
	for _, n := range []string{"key.slot", "key.slot.2"} {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			slot = true
		}
	}
	if !slot {
		return false
	}
	es, err := os.ReadDir(filepath.Join(dir, "gen"))
	if err != nil {
		return true // cannot tell: offer the unlock, which explains
	}
	for _, e := range es {
		if strings.HasSuffix(e.Name(), ".age") {
			return true
		}
	}
	for _, d := range []string{"blobs", "quarantine"} {
		if es, err := os.ReadDir(filepath.Join(dir, d)); err == nil && len(es) > 0 {
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
// wrong passphrases typed since the last unlock, and the open report
// (saves lost to damage and moved to quarantine, a newest save gone,
// files repaired, an interrupted passphrase change completed).
type Unlocked struct {
	ID             string
	FailedAttempts int
	Lost           []vault.Lost
	Report         *vault.OpenReport
}

func unlocked(ws *workspace.Workspace) Unlocked {
	u := Unlocked{ID: ws.ID(), FailedAttempts: ws.FailedAttempts(), Report: ws.Report()}
	if u.Report != nil {
		u.Lost = u.Report.Lost
	}
	return u
}

// Notice is one thing the open report tells the user, in both languages.
type Notice struct{ ZH, EN string }

// Notices are the open report's findings as sentences, for the command
// line (the desktop shows the same findings through its translations).
func (u Unlocked) Notices() []Notice {
	var out []Notice
	rep := u.Report
	if rep == nil {
		return nil
	}
	at := func(t time.Time) string { return t.Local().Format("2006-01-02 15:04:05") }
	for _, l := range rep.Lost {
		where := "，已移到 quarantine 文件夹"
		if l.File == "" {
			where = "，无法读取（留在原处）"
		}
		out = append(out, Notice{
			ZH: fmt.Sprintf("第 %d 次保存（%s）已损坏%s；打开的是第 %d 次保存（%s），之后的修改需要重新录入，或从U盘备份恢复", l.Gen, at(l.Time), where, rep.Gen, at(rep.Time)),
			EN: fmt.Sprintf("save %d is damaged and was not opened; save %d was opened instead", l.Gen, rep.Gen),
		})
	}
	if rep.Missing > 0 {
		out = append(out, Notice{
			ZH: fmt.Sprintf("第 %d 次保存的文件不见了（被删除或已移到 quarantine 文件夹）；打开的是较早的第 %d 次保存（%s）。请检查U盘备份中是否有更新的版本", rep.Missing, rep.Gen, at(rep.Time)),
			EN: fmt.Sprintf("the file of save %d is gone; the older save %d was opened", rep.Missing, rep.Gen),
		})
	}
	if len(rep.Repaired) > 0 {
		out = append(out, Notice{
			ZH: "以下文件已损坏或缺失，已用完好的副本修复: " + strings.Join(rep.Repaired, ", ") + "；磁盘可能有问题，请尽快备份",
			EN: "repaired from their good copy: " + strings.Join(rep.Repaired, ", "),
		})
	}
	if rep.PassphraseChanged {
		out = append(out, Notice{
			ZH: "上次修改密码时被中断，现已完成修改：以后请使用新密码",
			EN: "an interrupted passphrase change was completed: use the new passphrase from now on",
		})
	}
	return out
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

// Create makes a new vault in dir under pass (refused by the policy with
// the school's words given, if weak), opens it and returns the
// identity its recovery sheet prints. Cancelled through ctx (the key
// derivation takes seconds) it leaves no vault behind.
func (a *App) Create(ctx context.Context, dir, pass string, schoolWords ...string) (identity string, err error) {
	if err := checkPolicy(pass, schoolWords); err != nil {
		return "", err
	}
	return a.create(ctx, dir, pass)
}

// create is Create without the policy: the demo school's passphrase is
// printed in the manual on purpose. Every vault gets its signing key in
// its first save.
func (a *App) create(ctx context.Context, dir, pass string) (identity string, err error) {
	o := a.opts
	o.Prepare = func(st *store.Store) error { return setSigningKey(st, "") }
	ws, identity, err := workspace.Create(ctx, dir, pass, o)
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
	a.ensureSigningKey("")
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
	a.ensureSigningKey("")
	return unlocked(ws), nil
}

// ResetPassphrase sets a new passphrase with the typed recovery sheet and
// locks again: the forgotten-passphrase path of the unlock screen.
func (a *App) ResetPassphrase(ctx context.Context, dir, typed, newPass string) error {
	ws, err := workspace.OpenWithSheet(ctx, dir, typed, a.opts)
	if err != nil {
		return err
	}
	// The screen checked it before the vault was open, without the
	// school's words; now they are known.
	if err = checkPolicy(newPass, schoolWords(ws)); err == nil {
		err = ws.ChangePassphrase(ctx, newPass)
	}
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
	if err := checkPolicy(newPass, a.SchoolWords()); err != nil {
		return err
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
	if err := checkPolicy(newPass, a.SchoolWords()); err != nil {
		return "", err
	}
	return ws.Rekey(ctx, newPass)
}

// ErrAttachmentMissing: the data refers to an attachment file the vault
// does not hold.
var ErrAttachmentMissing = errors.New("attachment file missing")

// CheckReport is the vault's check plus what the last open found.
type CheckReport struct {
	*vault.CheckReport
	// Open is the report of the open this check ran on; lost or missing
	// saves count as damage.
	Open *vault.OpenReport
}

// Check decrypts every generation (loading each with every check of the
// store) and every attachment of the open vault, and finds the attachment
// files the data refers to that are missing. It changes nothing. Saves the
// open lost or found missing count as damaged too.
func (a *App) Check(ctx context.Context) (*CheckReport, error) {
	ws, err := a.Workspace()
	if err != nil {
		return nil, err
	}
	rep, err := ws.Vault().Check(ctx, func(gen uint64, image []byte) error {
		s, err := store.Load(ctx, image, gen)
		if err != nil {
			return err
		}
		return s.Close()
	})
	if err != nil {
		return nil, err
	}
	refs, err := backup.ReferencedBlobs(ws.Store())
	if err != nil {
		return nil, err
	}
	for _, id := range refs {
		if len(id) < 2 {
			continue
		}
		ok, err := ws.Vault().HasBlob(id)
		if err != nil || ok {
			continue // a damaged one is in rep.Blobs already
		}
		rep.Blobs = append(rep.Blobs, vault.CheckItem{Name: "blobs/" + id[:2] + "/" + id + ".age", Err: ErrAttachmentMissing})
		rep.Damaged++
	}
	out := &CheckReport{CheckReport: rep, Open: ws.Report()}
	if o := out.Open; o != nil {
		rep.Damaged += len(o.Lost)
		if o.Missing > 0 {
			rep.Damaged++
		}
	}
	return out, nil
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
	return append(words, schoolWords(ws)...)
}

// schoolWords are the school's name and county of an open workspace.
func schoolWords(ws *workspace.Workspace) []string {
	st, err := ws.Store().Settings()
	if err != nil || st.School.Name == "" {
		return nil
	}
	return []string{st.School.Name, st.School.County}
}

// WeakPassphraseError is a new passphrase the policy refuses; every path
// that sets one (create, change, reset with the sheet, re-key) checks it
// here with the school's words, whatever the screen checked before.
type WeakPassphraseError struct{ Result passphrase.Result }

func (e *WeakPassphraseError) Error() string { return "passphrase refused: " + e.Result.ReasonEN }

func checkPolicy(p string, words []string) error {
	if r := passphrase.Check(p, words); !r.OK {
		return &WeakPassphraseError{Result: r}
	}
	return nil
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
	out, gaps, err := rendered(report.RenderRecoverySheet(report.RecoverySheet{SchoolName: school, VaultID: vaultID, Created: now, Lines: lines,
		Fingerprint: a.Fingerprint()}, now))
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
