package desktop

import (
	"context"
	"fmt"

	"xinqing/internal/app"
	"xinqing/internal/ui"
)

// RestoreFrom lays out a new vault in vaultDir from the newest good backup
// under backupDir (app.RestoreFrom): the welcome screen's restore onto a
// new PC.
func (s *services) RestoreFrom(ctx context.Context, backupDir, vaultDir string) error {
	return restoreErr(s.app.RestoreFrom(ctx, backupDir, vaultDir))
}

// restoreErr maps restore failures to the kinds the welcome screen explains.
func restoreErr(err error) error {
	switch app.ErrorKind(err) {
	case app.KindNoBackup:
		return fmt.Errorf("%w: %w", ui.ErrNoVault, err)
	case app.KindIncomplete, app.KindTooLarge:
		return fmt.Errorf("%w: %w", ui.ErrDamaged, err)
	}
	return uiErr(err)
}

// ListBackups lists every backup in backupDir (app.ListBackups).
func (s *services) ListBackups(ctx context.Context, backupDir string) ([]ui.FoundBackup, error) {
	found, err := app.ListBackups(ctx, backupDir)
	if err != nil {
		return nil, restoreErr(err)
	}
	out := make([]ui.FoundBackup, len(found))
	for i, f := range found {
		out[i] = ui.FoundBackup{File: f.File, VaultID: f.VaultID, Time: f.Time, Gen: f.Gen, Verified: f.Verified, Attachments: f.Attachments}
	}
	return out, nil
}

// RestoreBackup lays out a new vault from one listed backup.
func (s *services) RestoreBackup(ctx context.Context, file, vaultDir string) error {
	return restoreErr(s.app.RestoreBackup(ctx, file, vaultDir))
}

// PreviewBackup opens one listed backup in memory with the key of its
// time and returns what it holds (app.PreviewBackup).
func (s *services) PreviewBackup(ctx context.Context, file, passphrase, sheet string) (ui.RestoreSummary, error) {
	sum, err := app.PreviewBackup(ctx, file, app.RestoreKeys{Passphrase: passphrase, Sheet: sheet})
	if err != nil {
		return ui.RestoreSummary{}, restoreErr(err)
	}
	return ui.RestoreSummary{SavedAt: sum.SavedAt, Gen: sum.Gen, Counts: sum.Counts, BackupVault: sum.VaultID,
		Blobs: sum.Blobs, BlobsAbsent: sum.BlobsAbsent}, nil
}
