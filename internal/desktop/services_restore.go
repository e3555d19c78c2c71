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
