package ui

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// The services the screens consume. They are declared here, by the
// consumer, and kept small; cmd/xinqing adapts the real vault, store and
// casework services to them.

// Vault opens, creates and locks the encrypted case files.
type Vault interface {
	// DefaultDir is the per-user data folder offered at setup.
	DefaultDir() string
	// Exists reports whether dir already holds a vault.
	Exists(dir string) bool
	// Create makes a new vault in dir sealed with passphrase and leaves it
	// unlocked. It returns the recovery sheet (the vault identity in
	// 5-character groups) which the user must print and confirm.
	Create(ctx context.Context, dir, passphrase string) (Sheet, error)
	// Unlock opens the vault in dir. failed is the number of failed unlock
	// attempts since the last successful one.
	Unlock(ctx context.Context, dir, passphrase string) (failed int, err error)
	// UnlockWithSheet opens the vault with the typed recovery sheet.
	UnlockWithSheet(ctx context.Context, dir, sheet string) (failed int, err error)
	// ResetPassphrase sets a new passphrase using the recovery sheet; the
	// vault identity is unchanged. The vault stays locked.
	ResetPassphrase(ctx context.Context, dir, sheet, newPassphrase string) error
	// Lock saves, closes the database and drops every key from memory.
	Lock(ctx context.Context) error
	// SaveState is the current save state.
	SaveState() SaveState
	// WatchSaveState calls f (from any goroutine) whenever the save state
	// changes, until stop is called.
	WatchSaveState(f func(SaveState)) (stop func())
	// SaveElsewhere writes the current data as a sealed copy into dir (a
	// USB stick or another folder) when saving in place has failed.
	SaveElsewhere(ctx context.Context, dir string) error
}

// Demo makes the synthetic demonstration school. It is optional.
type Demo interface {
	// CreateDemo makes (or reuses) the demo vault in dir and returns its
	// published passphrase. The demo holds synthetic data only.
	CreateDemo(ctx context.Context, dir string) (passphrase string, err error)
	// DemoPassphrase is the published passphrase of every demo school. A
	// vault it opens holds demo data wherever it lies (a demo backup
	// restored as the vault keeps its 演示数据 badge).
	DemoPassphrase() string
}

// Passphrase applies the passphrase policy.
type Passphrase interface {
	// Check estimates the strength of p. level runs from 0 (很弱) to 4
	// (很强); ok is false below the policy; reason says why in Chinese.
	Check(p string) (ok bool, level int, reason string)
	// Generate offers a random passphrase that passes the policy.
	Generate() string
}

// SheetPrinter writes the recovery sheet as a PDF to a path the user chose.
type SheetPrinter interface {
	WriteSheet(ctx context.Context, path string, sheet Sheet) error
}

// Settings reads and writes the school profile stored in the vault.
type Settings interface {
	School(ctx context.Context) (School, error)
	SaveSchool(ctx context.Context, s School) error
}

// Sheet is the recovery sheet: the vault identity in 5-character groups,
// numbered from 1 on the printed page.
type Sheet struct {
	Groups []string
	// School is printed on the sheet when given (the setup wizard prints
	// the sheet before the school profile exists, so it asks for the name
	// beside the print button).
	School string
}

// School is the school profile (docs/DOMAIN.md "Settings", school).
type School struct {
	Name                string
	Code                string
	County              string
	Stage               string // primary, junior, nine_year, senior, complete, vocational
	StudentCount        int
	ClassCount          int
	FulltimeCounselors  int
	ParttimeCounselors  int
	CertifiedCounselors int
	Room                Room
	Hotlines            []Hotline
	Preparer            string
	PreparerPhone       string
	Reviewer            string
}

// Room is the counseling room (心理辅导室).
type Room struct {
	HasRoom bool
	AreaM2  float64
	Zones   []string
}

// Hotline is one published help line.
type Hotline struct {
	Name   string
	Number string
}

// StageCodes are the school stage codes in display order.
func StageCodes() []string {
	return []string{"primary", "junior", "nine_year", "senior", "complete", "vocational"}
}

// SaveStatus is where the last save stands.
type SaveStatus int

const (
	// SaveIdle: nothing to save yet (just unlocked).
	SaveIdle SaveStatus = iota
	// Saving: a save is running.
	Saving
	// Saved: the last save was acknowledged at SaveState.At.
	Saved
	// SaveFailed: the last save failed with SaveState.Err; the data is
	// still in memory.
	SaveFailed
)

// SaveState is shown in the status bar.
type SaveState struct {
	Status SaveStatus
	At     time.Time
	Err    error
}

// Error kinds the adapters map their failures to; the UI turns each into
// a Chinese sentence that says what to do.
var (
	ErrWrongPassphrase = errors.New("wrong passphrase or recovery sheet")
	ErrDamaged         = errors.New("vault data damaged")
	ErrInUse           = errors.New("vault in use by another window")
	ErrNoVault         = errors.New("no vault in this folder")
	ErrVaultExists     = errors.New("a vault already exists in this folder")
	ErrDiskFull        = errors.New("disk full")
	ErrPermission      = errors.New("permission denied")
	ErrNotAvailable    = errors.New("not available in this build")
	ErrSlotsDamaged    = errors.New("passphrase slots missing or damaged")
	ErrNotFound        = errors.New("file or folder not found")
	ErrReadOnly        = errors.New("read-only disk")
	ErrNameTooLong     = errors.New("file name too long")
	ErrDeviceGone      = errors.New("I/O error")
	ErrFileTooBig      = errors.New("file too large for the disk")
	ErrWeakPassphrase  = errors.New("passphrase refused by the policy")
)

// SheetError says which group of a typed recovery sheet is wrong. Group
// counts from 1; 0 means the count of groups is wrong.
type SheetError struct {
	Group int
	// Reason says in Chinese what is wrong with the group (a character
	// missing, one written wrong such as B for 8); may be empty.
	Reason string
}

func (e *SheetError) Error() string {
	if e.Group == 0 {
		return "recovery sheet: wrong number of groups"
	}
	return fmt.Sprintf("recovery sheet: group %d is wrong", e.Group)
}

// Clock is the time source of the idle lock and the clipboard clearing,
// injected so tests can advance it.
type Clock interface {
	Now() time.Time
	// AfterFunc calls f in its own goroutine after d.
	AfterFunc(d time.Duration, f func()) Timer
}

// Timer is a pending AfterFunc.
type Timer interface {
	Stop() bool
}

// SystemClock is the wall clock.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// AfterFunc wraps time.AfterFunc.
func (SystemClock) AfterFunc(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }
