package ui

import (
	"context"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/selfcheck"
)

// ReportsService is what the 月报与报表, 备份 and 设置 screens consume:
// the returns and the self-check, backups, the settings of the vault and
// the Excel roster. cmd/xinqing adapts the workspace to it.
type ReportsService interface {
	Returns
	SelfChecks
	Backups
	VaultSettings
	Rosters
}

// Returns computes, prints and freezes the monthly return (月报) and the
// term statistics.
type Returns interface {
	// MonthFigures computes month's figures (A–M) and compares them with
	// the month's latest frozen return.
	MonthFigures(ctx context.Context, month casework.Month) (MonthView, error)
	// Drill lists the records figure code of month counts. Student rows
	// carry name and class: the list is shown in the app, never printed.
	Drill(ctx context.Context, month casework.Month, code string) ([]ReportRecordRow, error)
	// SaveMonthNotes stores the written part of month's return.
	SaveMonthNotes(ctx context.Context, n casework.MonthNotes) error
	// GenerateMonthly prints month's return to out.PDF (and the figures
	// to out.JSON and out.XLSX when set); the result is kept so that
	// FreezeMonthly can freeze exactly what was written.
	GenerateMonthly(ctx context.Context, month casework.Month, out ReturnFiles, progress func(float64)) (Generated, error)
	// FreezeMonthly marks the return last generated for month as 已报送.
	FreezeMonthly(ctx context.Context, month casework.Month) (FrozenReturn, error)
	// FrozenReturns lists every frozen return, newest month first.
	FrozenReturns(ctx context.Context) ([]FrozenReturn, error)
	// Reprint writes the frozen return id to path; same reports whether
	// the PDF is byte-identical to the one frozen.
	Reprint(ctx context.Context, id, path string) (same bool, err error)
	// Terms are the terms of the settings.
	Terms(ctx context.Context) ([]casework.Term, error)
	// TermStatistics prints the statistics of p named name to path.
	TermStatistics(ctx context.Context, p casework.Period, name, path string) error
	// KeyStudentList prints the named key-student list to path; purpose
	// and recipient are required and the print is audited.
	KeyStudentList(ctx context.Context, purpose, recipient, path string) error
	// Records describes the records refs name (for drilling down from a
	// self-check figure or evidence).
	Records(ctx context.Context, refs []ReportRef) ([]ReportRecordRow, error)
}

// MonthView is one month's return as the screen shows it.
type MonthView struct {
	Month   casework.Month
	Rows    []FigureRow
	Notes   casework.MonthNotes
	Frozen  *FrozenReturn // latest frozen return of the month, nil if none
	Changed []string      // codes that differ from Frozen
}

// FigureRow is one printed figure: its code ("F2.red"), section letter,
// label as on the printed form and value as printed.
type FigureRow struct {
	Code    string
	Section string
	Label   string
	Value   string
	// Drill is true when the figure counts records that Drill lists.
	Drill bool
}

// ReportRef names one record (figures.Ref without the import).
type ReportRef struct {
	Kind  casework.Kind
	ID    string
	Entry int
	Date  casework.Date
}

// ReportRecordRow describes a record behind a figure.
type ReportRecordRow struct {
	Kind   casework.Kind
	ID     string // the record, to open it
	Date   casework.Date
	Detail string
}

// ReturnFiles are where a generated return goes; JSON, XLSX and Package
// (the signed return package for the county) are optional.
type ReturnFiles struct {
	PDF, JSON, XLSX, Package string
}

// Generated is a return just printed.
type Generated struct {
	At      time.Time
	Frozen  *FrozenReturn
	Changed []string
	// Fingerprint is the signing key's fingerprint when a package was
	// written (the county compares it with the one registered).
	Fingerprint string
}

// FrozenReturn is a return marked 已报送.
type FrozenReturn struct {
	ID          string
	Month       casework.Month
	GeneratedAt time.Time
	PDFSHA256   string
	// DataCode is the 数据校验码 printed on the PDF (the short hash of the
	// frozen figures): what a printed copy is matched by. PDFSHA256 is
	// the file's own hash, which a file cannot print inside itself.
	DataCode string
}

// SelfChecks runs the 专项自查 and edits its norms and checklist.
type SelfChecks interface {
	SelfCheck(ctx context.Context, term string) (*selfcheck.Result, error)
	// ExportSelfCheck writes the self-check of term as PDF (and JSON when
	// jsonPath is set).
	ExportSelfCheck(ctx context.Context, term, pdfPath, jsonPath string) error
	// SelfCheckSettings is the configured self-check (defaults filled in).
	SelfCheckSettings(ctx context.Context) (casework.SelfCheck, error)
	SaveSelfCheckSettings(ctx context.Context, sc casework.SelfCheck) error
}

// Backups writes, verifies and restores USB backups.
type Backups interface {
	Drives(ctx context.Context) ([]Drive, error)
	// BackupNow backs up to folder with full verification; progress gets
	// the stage and the fraction done; cancelling ctx stops it and leaves
	// nothing behind.
	BackupNow(ctx context.Context, folder string, progress func(stage string, frac float64)) (BackupDone, error)
	// VerifyBackups checks every backup under folder.
	VerifyBackups(ctx context.Context, folder string) ([]BackupItem, error)
	// OpenBackup is the first phase of a restore: the backup file is
	// checked and decrypted (with passphrase or the typed sheet, or the
	// vault's own key when both are empty); its summary is returned and
	// the restore waits for ConfirmRestore or CancelRestore.
	OpenBackup(ctx context.Context, file, passphrase, sheet string) (RestoreSummary, error)
	ConfirmRestore(ctx context.Context) error
	CancelRestore()
	// BackupStatus is the age of the last backup and the last drill.
	BackupStatus(ctx context.Context) (BackupStatus, error)
	// RunDrill restores the newest backup under folder in memory and
	// compares it with what was written.
	RunDrill(ctx context.Context, folder string) (DrillInfo, error)
}

// Drive is a removable drive.
type Drive struct {
	Path, Label, FS string
	Free            uint64
	FAT             bool
}

// BackupDone is a backup written and verified.
type BackupDone struct {
	File     string
	Gen      uint64
	Size     int64
	Existing bool
	Pruned   int
	// Blobs attachment files are in the backup, Written of them new;
	// Missing ones are lost or damaged on this PC and not backed up.
	Blobs, Written, Missing int
}

// BackupItem is one backup found on a drive.
type BackupItem struct {
	File   string
	At     time.Time
	Gen    uint64
	Status string // verified, damaged, incomplete
	Reason string
}

// RestoreSummary is what the user confirms before a restore.
type RestoreSummary struct {
	SavedAt      time.Time
	Gen          uint64
	Counts       map[casework.Kind]int
	OtherVault   bool
	BackupVault  string
	CurrentVault string
	// Blobs attachment files come with the backup; BlobsAbsent ones its
	// data refers to are not in it (backups older than attachment copies).
	Blobs, BlobsAbsent int
}

// BackupStatus is the last backup and drill.
type BackupStatus struct {
	Last     time.Time // zero if none
	Reminder int       // 0 none, 1 due (7 days), 2 overdue (14 days)
	Drill    DrillInfo
	DrillDue bool
}

// DrillInfo is a restore drill's outcome.
type DrillInfo struct {
	At     time.Time
	Backup string
	OK     bool
	Reason string
}

// VaultSettings are the settings kept in the vault and the key
// management.
type VaultSettings interface {
	RiskLevels(ctx context.Context) (levels []casework.RiskLevel, inUse map[string]bool, err error)
	SaveRiskLevels(ctx context.Context, levels []casework.RiskLevel) error
	SaveTerms(ctx context.Context, terms []casework.Term) error
	// ChangePassphrase checks old and seals the key under new.
	ChangePassphrase(ctx context.Context, old, new string) error
	// RecoverySheet shows the sheet again after the passphrase is typed.
	RecoverySheet(ctx context.Context, passphrase string) (Sheet, error)
	// Rekey makes a new vault identity sealed under newPass and returns
	// the new recovery sheet; old sheets stop working.
	Rekey(ctx context.Context, newPass string) (Sheet, error)
	// VaultDir is where the vault lives.
	VaultDir() string
}

// Rosters imports the 学籍 roster from Excel and exports lists.
type Rosters interface {
	// PreviewRoster reads path and matches it with the students.
	PreviewRoster(ctx context.Context, path string) (RosterPreview, error)
	// ApplyRoster writes the last preview.
	ApplyRoster(ctx context.Context, skipBad bool) (added, updated, skipped int, err error)
	// ExportRecords writes every record of kind to path as .xlsx and
	// returns how many.
	ExportRecords(ctx context.Context, kind casework.Kind, path string) (int, error)
}

// RosterPreview is what a roster import will do.
type RosterPreview struct {
	Sheet                         string
	HeaderRow                     int
	Columns                       [][2]string // field label, header text
	Rows                          []RosterPreviewRow
	Adds, Updates, Unchanged, Bad int
}

// RosterPreviewRow is one row of the roster.
type RosterPreviewRow struct {
	Row      int
	Action   string // add, update, unchanged, bad
	Name     string
	Class    string
	Messages []string
}

// BackupError is a backup failure the backup screen explains. Kind is
// one of no_space, too_large, cancelled, incomplete, no_backup, damaged,
// wrong_key, slot_damaged, no_pending.
type BackupError struct {
	Kind string
	Err  error
}

func (e *BackupError) Error() string {
	if e.Err == nil {
		return "backup: " + e.Kind
	}
	return "backup: " + e.Kind + ": " + e.Err.Error()
}

func (e *BackupError) Unwrap() error { return e.Err }

// SettingsInvalid is a settings change the validation refused; Message
// says why, in the words of casework's validation.
type SettingsInvalid struct {
	Message string
	Err     error
}

func (e *SettingsInvalid) Error() string { return "settings invalid: " + e.Err.Error() }

func (e *SettingsInvalid) Unwrap() error { return e.Err }
