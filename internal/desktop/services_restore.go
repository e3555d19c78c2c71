package desktop

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"xinqing/internal/backup"
	"xinqing/internal/ui"
	"xinqing/internal/vault"
	"xinqing/internal/workspace"
)

var vaultIDRE = regexp.MustCompile(`^[0-9a-f]{16}$`)

// restorePick is the backup a restore lays out: its files already read and
// checked against the manifest.
type restorePick struct {
	id           string
	name         backup.Name
	sealed, slot []byte
	blobs        vault.SealedBlobs // the attachment files, checked as read
}

// RestoreFrom lays out a new vault in vaultDir from the newest backup under
// backupDir (the stick, its 心晴备份 folder or one vault's folder) whose
// files match their manifest, keeping the vault's identity: the passphrase
// of the time and the printed sheet open it, and that unlock decrypts and
// checks everything. A damaged newest backup falls back to an older one.
func (s *services) RestoreFrom(ctx context.Context, backupDir, vaultDir string) error {
	pick, err := newestBackup(ctx, backupDir)
	if err != nil {
		return restoreErr(err)
	}
	err = vault.Adopt(vaultDir, pick.id, pick.name.Gen, pick.sealed, pick.slot, pick.blobs, s.opts.Vault)
	if err != nil {
		return restoreErr(err)
	}
	// The first unlock writes the restore into the audit log. Without the
	// mark the restore stands all the same; only its audit entry is lost.
	_ = workspace.MarkRestored(vaultDir, pick.name)
	return nil
}

// restoreErr maps restore failures to the kinds the welcome screen explains.
func restoreErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, backup.ErrNoBackup):
		return fmt.Errorf("%w: %w", ui.ErrNoVault, err)
	case errors.Is(err, backup.ErrIncomplete), errors.Is(err, backup.ErrTooLarge):
		return fmt.Errorf("%w: %w", ui.ErrDamaged, err)
	}
	return uiErr(err)
}

// backupVaultDirs lists the vault folders under dir, which may be one of
// them, the 心晴备份 folder or the folder holding it.
func backupVaultDirs(dir string) ([]string, error) {
	dir = filepath.Clean(dir)
	if vaultIDRE.MatchString(filepath.Base(dir)) {
		return []string{dir}, nil
	}
	root := dir
	if filepath.Base(dir) != backup.RootName {
		root = filepath.Join(dir, backup.RootName)
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, fmt.Errorf("restore: %w under %s: %v", backup.ErrNoBackup, dir, err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() && vaultIDRE.MatchString(e.Name()) {
			out = append(out, filepath.Join(root, e.Name()))
		}
	}
	return out, nil
}

// newestBackup picks, over all vault folders found, the newest backup
// whose files match their manifest. Of several vaults on one stick the one
// backed up last wins.
func newestBackup(ctx context.Context, backupDir string) (*restorePick, error) {
	dirs, err := backupVaultDirs(backupDir)
	if err != nil {
		return nil, err
	}
	var best *restorePick
	var damage error
	for _, d := range dirs {
		p, err := newestIn(ctx, d)
		switch {
		case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
			return nil, err
		case err != nil:
			damage = err
		case best == nil || p.name.Time.After(best.name.Time):
			best = p
		}
	}
	switch {
	case best != nil:
		return best, nil
	case damage != nil:
		return nil, damage
	}
	return nil, fmt.Errorf("restore: %w under %s", backup.ErrNoBackup, backupDir)
}

// newestIn tries the backups of one vault folder newest first.
func newestIn(ctx context.Context, dir string) (*restorePick, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	var names []backup.Name
	for _, e := range entries {
		base, ok := strings.CutSuffix(e.Name(), ".sha256")
		if !ok {
			continue
		}
		if n, err := backup.ParseName(base, time.Local); err == nil {
			names = append(names, n)
		}
	}
	slices.SortFunc(names, func(a, b backup.Name) int {
		if a.Gen != b.Gen {
			if a.Gen > b.Gen {
				return -1
			}
			return 1
		}
		return b.Time.Compare(a.Time)
	})
	var last error
	for _, n := range names {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p, err := readBackup(dir, n)
		if err == nil {
			return p, nil
		}
		last = err
	}
	if last != nil {
		return nil, last
	}
	return nil, fmt.Errorf("restore: %w in %s", backup.ErrNoBackup, dir)
}

// readBackup checks one backup against its manifest and reads its files,
// re-checking the bytes it keeps (the stick may change in between).
func readBackup(dir string, n backup.Name) (*restorePick, error) {
	c, err := backup.Inspect(filepath.Join(dir, n.String()+".age"), backup.Options{})
	if err != nil {
		return nil, err
	}
	if err := c.SlotErr(); err != nil {
		return nil, err
	}
	sealed, err := os.ReadFile(filepath.Join(dir, n.String()+".age"))
	if err != nil {
		return nil, fmt.Errorf("restore %s: %w", n, err)
	}
	slot, err := os.ReadFile(filepath.Join(dir, n.String()+".slot"))
	if err != nil {
		return nil, fmt.Errorf("restore %s: %w", n, err)
	}
	if sha256.Sum256(sealed) != c.Manifest.Age || sha256.Sum256(slot) != c.Manifest.Slot {
		return nil, fmt.Errorf("restore %s: %w: the files changed while read", n, backup.ErrDamaged)
	}
	return &restorePick{id: filepath.Base(dir), name: n, sealed: sealed, slot: slot, blobs: c}, nil
}
