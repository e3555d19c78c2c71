package desktop

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"

	"xinqing/internal/app"
	"xinqing/internal/backup"
	"xinqing/internal/ui"
	"xinqing/internal/vault"
	"xinqing/internal/vault/sheet"
)

// The desktop's error kinds are a map over app.Classify: each screen's
// kind for each of the application's, the original kept for the log.
func TestErrorsMapTheApplicationKindsToTheScreens(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want error
	}{
		{vault.ErrWrongKey, ui.ErrWrongPassphrase},
		{vault.ErrInUse, ui.ErrInUse},
		{vault.ErrExists, ui.ErrVaultExists},
		{vault.ErrDamaged, ui.ErrDamaged},
		{vault.ErrNoGeneration, ui.ErrDamaged},
		{backup.ErrDamaged, ui.ErrDamaged},
		{vault.ErrNotVault, ui.ErrNoVault},
		{fmt.Errorf("write: %w", syscall.ENOSPC), ui.ErrDiskFull},
		{fmt.Errorf("%w: %w", vault.ErrDamaged, vault.ErrSlotsDamaged), ui.ErrSlotsDamaged},
		{fmt.Errorf("%w: %w", vault.ErrNotVault, vault.ErrUnfinished), ui.ErrNoVault},
		{fmt.Errorf("open: %w", syscall.ENOENT), ui.ErrNotFound},
		{fmt.Errorf("write: %w", syscall.EROFS), ui.ErrReadOnly},
		{fmt.Errorf("create: %w", syscall.ENAMETOOLONG), ui.ErrNameTooLong},
		{fmt.Errorf("read: %w", syscall.EIO), ui.ErrDeviceGone},
		{fmt.Errorf("write: %w", syscall.EFBIG), ui.ErrFileTooBig},
		{context.Canceled, context.Canceled},
	} {
		got := uiErr(tc.err)
		if !errors.Is(got, tc.want) || !errors.Is(got, tc.err) {
			t.Errorf("uiErr(%v) = %v, want %v wrapping the original", tc.err, got, tc.want)
		}
	}
	var se *ui.SheetError
	if err := uiErr(&sheet.GroupError{Group: 4}); !errors.As(err, &se) || se.Group != 4 {
		t.Errorf("got %v for a typo in group 4", err)
	}

	for _, tc := range []struct {
		err  error
		kind string
	}{
		{backup.ErrNoSpace, "no_space"},
		{backup.ErrTooLarge, "too_large"},
		{fmt.Errorf("%w: %w", backup.ErrCancelled, context.Canceled), "cancelled"},
		{backup.ErrIncomplete, "incomplete"},
		{backup.ErrNoBackup, "no_backup"},
		{vault.ErrWrongKey, "wrong_key"},
		{backup.ErrDamaged, "damaged"},
		{fmt.Errorf("%w: %w", app.ErrSlotDamaged, backup.ErrDamaged), "slot_damaged"},
	} {
		var be *ui.BackupError
		if err := backupErr(tc.err); !errors.As(err, &be) || be.Kind != tc.kind {
			t.Errorf("backupErr(%v) = %v, want kind %q", tc.err, err, tc.kind)
		}
	}
	if err := restoreErr(backup.ErrNoBackup); !errors.Is(err, ui.ErrNoVault) {
		t.Errorf("got %v for no backup on the welcome screen, want ui.ErrNoVault", err)
	}
	if err := restoreErr(backup.ErrIncomplete); !errors.Is(err, ui.ErrDamaged) {
		t.Errorf("got %v for an incomplete backup on the welcome screen, want ui.ErrDamaged", err)
	}
}

func TestRealServicesRestoreFromAnEmptyFolderSaysNoBackup(t *testing.T) {
	err := testServices().RestoreFrom(context.Background(), t.TempDir(), filepath.Join(t.TempDir(), "vault"))
	if !errors.Is(err, ui.ErrNoVault) {
		t.Fatalf("got %v, want ui.ErrNoVault", err)
	}
}
