package app

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"xinqing/internal/backup"
	"xinqing/internal/vault"
	"xinqing/internal/workspace"
)

// FoundBackup is one backup found in a folder, checked against its
// manifest without any key.
type FoundBackup struct {
	File     string // the .age file, which names the backup for RestoreBackup
	VaultID  string // the vault folder on the stick
	Time     time.Time
	Gen      uint64
	Verified bool // every file matches the manifest and the slot is readable
	// Attachments is the number of attachment files the backup lists.
	Attachments int
	// Problem is why a backup is not verified.
	Problem error
}

// ListBackups lists every backup under backupDir (the stick, its 心晴备份
// folder or one vault's folder), newest first, each checked against its
// manifest. Nothing is opened and no key is needed.
func ListBackups(ctx context.Context, backupDir string) ([]FoundBackup, error) {
	dirs, err := backupVaultDirs(backupDir)
	if err != nil {
		return nil, err
	}
	var out []FoundBackup
	for _, dir := range dirs {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, fmt.Errorf("list backups: %w", err)
		}
		for _, e := range entries {
			base, ok := strings.CutSuffix(e.Name(), ".sha256")
			if !ok {
				continue
			}
			n, err := backup.ParseName(base, time.Local)
			if err != nil {
				continue
			}
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			f := FoundBackup{File: filepath.Join(dir, n.String()+".age"), VaultID: filepath.Base(dir), Time: n.Time, Gen: n.Gen}
			c, err := backup.Inspect(ctx, f.File, backup.Options{})
			if err == nil {
				err = c.SlotErr()
				f.Attachments = len(c.Manifest.Blobs)
			}
			f.Verified, f.Problem = err == nil, err
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("restore: %w under %s", backup.ErrNoBackup, backupDir)
	}
	slices.SortStableFunc(out, func(a, b FoundBackup) int {
		if c := b.Time.Compare(a.Time); c != 0 {
			return c
		}
		return cmp.Compare(b.Gen, a.Gen)
	})
	return out, nil
}

// RestoreBackup lays out a new vault in vaultDir from the one backup file
// (as ListBackups names it), as RestoreFrom does with the newest.
func (a *App) RestoreBackup(ctx context.Context, file, vaultDir string) error {
	base := strings.TrimSuffix(filepath.Base(file), ".age")
	n, err := backup.ParseName(base, time.Local)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	pick, err := readBackup(ctx, filepath.Dir(file), n)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := vault.Adopt(vaultDir, pick.id, pick.name.Gen, pick.sealed, pick.slot, pick.blobs, a.opts.Vault); err != nil {
		return err
	}
	_ = workspace.MarkRestored(vaultDir, pick.name)
	return nil
}

// PreviewBackup decrypts and checks one listed backup with k, in memory,
// and returns what it holds (when it was saved, its save number, its
// record counts and attachments): the confirmation of a restore onto a
// new PC names them, since the manifest holds no counts. Nothing is
// written, and the decrypted data is dropped before it returns.
func PreviewBackup(ctx context.Context, file string, k RestoreKeys) (backup.Summary, error) {
	b, err := InspectBackup(ctx, file, nil)
	if err != nil {
		return backup.Summary{}, err
	}
	p, err := OpenBackupAlone(ctx, b, k)
	if err != nil {
		return backup.Summary{}, err
	}
	defer p.Close()
	s := p.Summary
	s.SavedAt = p.SavedAt()
	return s, nil
}
