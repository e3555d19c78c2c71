package app

import (
	"context"
	"fmt"
	"time"

	"xinqing/internal/backup"
)

// Drives lists the removable drives a backup can go to.
func Drives(ctx context.Context) ([]backup.Drive, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ds, err := backup.Drives()
	if err != nil {
		return nil, fmt.Errorf("list drives: %w", err)
	}
	return ds, nil
}

// BackupNow saves pending edits, then backs up the open vault to folder
// (a stick) with full verification and records it in the vault's journal
// (its audit log). keep is how many backups the stick keeps (0: the
// default). Cancelled through ctx it leaves no partial backup.
func (a *App) BackupNow(ctx context.Context, folder string, keep int, p backup.Progress) (*backup.Result, error) {
	ws, err := a.Workspace()
	if err != nil {
		return nil, err
	}
	return ws.Backup(ctx, folder, backup.Options{Keep: keep, Progress: p})
}

// VerifyBackups re-reads every backup under folder against its manifest
// and decrypts each with the open vault's key. A backup of another vault
// stays Verified with vault.ErrWrongKey in its Err.
func (a *App) VerifyBackups(ctx context.Context, folder string, p backup.Progress) (*backup.Report, error) {
	ws, err := a.Workspace()
	if err != nil {
		return nil, err
	}
	return backup.Verify(ctx, folder, backup.VaultKey(ws.Vault()), backup.Options{Progress: p})
}

// VerifyBackupsWith is VerifyBackups without an open vault: with the
// passphrase of the backups' time, or ("" ) against the manifests only.
func VerifyBackupsWith(ctx context.Context, folder, pass string, p backup.Progress) (*backup.Report, error) {
	var k backup.Key
	if pass != "" {
		k = backup.Passphrase(pass)
	}
	return backup.Verify(ctx, folder, k, backup.Options{Progress: p})
}

// Drill restores the newest backup of the open vault under folder into
// memory and compares it with what was backed up; the result is recorded
// (a cancelled drill is not).
func (a *App) Drill(ctx context.Context, folder string, p backup.Progress) (backup.DrillResult, error) {
	ws, err := a.Workspace()
	if err != nil {
		return backup.DrillResult{}, err
	}
	return ws.Drill(ctx, folder, backup.Options{Progress: p})
}

// BackupStatus is what the backup screen and the workbench remind of.
type BackupStatus struct {
	Last     time.Time // the last recorded backup (zero: none)
	Reminder backup.Reminder
	Drill    backup.DrillResult // the last restore drill, when HasDrill
	HasDrill bool
	DrillDue bool // the monthly drill is due
}

// BackupStatus reads the open vault's backup history.
func (a *App) BackupStatus(ctx context.Context) (BackupStatus, error) {
	if err := ctx.Err(); err != nil {
		return BackupStatus{}, err
	}
	ws, err := a.Workspace()
	if err != nil {
		return BackupStatus{}, err
	}
	var st BackupStatus
	if st.Reminder, st.Last, err = ws.BackupReminder(); err != nil {
		return BackupStatus{}, err
	}
	if st.Drill, st.HasDrill, err = ws.Journal().LastDrill(); err != nil {
		return BackupStatus{}, err
	}
	if st.DrillDue, err = ws.DrillDue(); err != nil {
		return BackupStatus{}, err
	}
	return st, nil
}
