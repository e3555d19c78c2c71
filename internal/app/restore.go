package app

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
	"xinqing/internal/safefs"
	"xinqing/internal/vault"
	"xinqing/internal/workspace"
)

// Backup is a backup file checked against its manifest (phase one of a
// restore), before any key is asked for.
type Backup struct {
	c *backup.Candidate
	o backup.Options
}

// InspectBackup reads the backup named by any of its files and checks
// every byte against its manifest; p reports the progress of this and of
// the opening that follows.
func InspectBackup(ctx context.Context, file string, p backup.Progress) (*Backup, error) {
	o := backup.Options{Progress: p}
	c, err := backup.Inspect(ctx, file, o)
	if err != nil {
		return nil, err
	}
	return &Backup{c: c, o: o}, nil
}

// SlotDamaged reports whether the backup's passphrase slot is damaged:
// only its recovery sheet (or the vault's own key) opens it then.
func (b *Backup) SlotDamaged() bool { return b.c.SlotErr() != nil }

// RestoreKeys are the keys a restore may try besides the open vault's own.
type RestoreKeys struct {
	Passphrase string // the passphrase of the backup's time
	Sheet      string // the typed recovery sheet of the backup's vault
}

func (k RestoreKeys) keys() ([]backup.Key, error) {
	var out []backup.Key
	if k.Passphrase != "" {
		out = append(out, backup.Passphrase(k.Passphrase))
	}
	if k.Sheet != "" {
		sk, err := backup.Sheet(k.Sheet)
		if err != nil {
			return nil, err
		}
		out = append(out, sk)
	}
	return out, nil
}

// Pending is a backup decrypted and checked in full (phase two), waiting
// for the counselor to confirm its summary. Close it when not restored.
type Pending struct {
	r            *backup.Restored
	Summary      backup.Summary
	CurrentVault string // the open vault's id ("" on a new PC)
}

// OtherVault reports whether the backup is of another vault than the
// open one.
func (p *Pending) OtherVault() bool {
	return p.CurrentVault != "" && p.Summary.VaultID != "" && p.Summary.VaultID != p.CurrentVault
}

// SavedAt is when the backed-up data was saved (the backup's time when
// the image does not say).
func (p *Pending) SavedAt() time.Time {
	if !p.Summary.SavedAt.IsZero() {
		return p.Summary.SavedAt
	}
	return p.Summary.Name.Time
}

// Close drops the decrypted data of a restore not confirmed.
func (p *Pending) Close() {
	if p != nil && p.r != nil {
		p.r.Close()
		p.r = nil
	}
}

// OpenBackup decrypts b for a restore into the open vault: with the
// vault's own key first, then with k. A damaged passphrase slot with only
// a passphrase to try is ErrSlotDamaged (the sheet opens it).
func (a *App) OpenBackup(ctx context.Context, b *Backup, k RestoreKeys) (*Pending, error) {
	ws, err := a.Workspace()
	if err != nil {
		return nil, err
	}
	extra, err := k.keys()
	if err != nil {
		return nil, err
	}
	p, err := openBackup(ctx, b, k, append([]backup.Key{backup.VaultKey(ws.Vault())}, extra...))
	if err != nil {
		return nil, err
	}
	p.CurrentVault = ws.ID()
	return p, nil
}

// OpenBackupAlone decrypts b with k alone, for a restore onto a PC
// without a vault.
func OpenBackupAlone(ctx context.Context, b *Backup, k RestoreKeys) (*Pending, error) {
	keys, err := k.keys()
	if err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("restore: no passphrase or recovery sheet: %w", vault.ErrWrongKey)
	}
	return openBackup(ctx, b, k, keys)
}

func openBackup(ctx context.Context, b *Backup, k RestoreKeys, keys []backup.Key) (*Pending, error) {
	r, err := b.c.Open(ctx, backup.Keys(keys...), b.o)
	if err != nil {
		if b.SlotDamaged() && k.Sheet == "" && k.Passphrase != "" && !errors.Is(err, backup.ErrCancelled) {
			return nil, fmt.Errorf("%w: %w", ErrSlotDamaged, err)
		}
		return nil, err
	}
	return &Pending{r: r, Summary: r.Summary}, nil
}

// ConfirmRestore makes p the open vault's data: the state before is
// sealed as a pre-restore generation first, and both steps are in the
// audit log. It takes p in every case.
func (a *App) ConfirmRestore(ctx context.Context, p *Pending) error {
	if p == nil || p.r == nil {
		return errors.New("no backup waiting to be restored")
	}
	r := p.r
	p.r = nil
	ws, err := a.Workspace()
	if err != nil {
		r.Close()
		return err
	}
	if err := ws.Restore(ctx, r); err != nil {
		return err
	}
	a.Changed()
	return nil
}

// RestoreNew is a restore onto a PC without a vault: a new vault in dir
// under pass holding p's data, opened; it returns the new identity for a
// new recovery sheet. It takes p in every case; cancelled through ctx it
// leaves no vault behind.
func (a *App) RestoreNew(ctx context.Context, dir, pass string, p *Pending) (identity string, err error) {
	if p == nil || p.r == nil {
		return "", errors.New("no backup waiting to be restored")
	}
	r := p.r
	p.r = nil
	ws, identity, err := workspace.CreateFromBackup(ctx, dir, pass, r, a.opts)
	if err != nil {
		return "", err
	}
	a.Attach(ws)
	return identity, nil
}

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
// No key is needed, and no vault is opened.
func (a *App) RestoreFrom(ctx context.Context, backupDir, vaultDir string) error {
	pick, err := newestBackup(ctx, backupDir)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	err = vault.Adopt(vaultDir, pick.id, pick.name.Gen, pick.sealed, pick.slot, pick.blobs, a.opts.Vault)
	if err != nil {
		return err
	}
	// The first unlock writes the restore into the audit log. Without the
	// mark the restore stands all the same; only its audit entry is lost.
	_ = workspace.MarkRestored(vaultDir, pick.name)
	return nil
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
		case ctx.Err() != nil:
			return nil, ctx.Err()
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
		p, err := readBackup(ctx, dir, n)
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
func readBackup(ctx context.Context, dir string, n backup.Name) (*restorePick, error) {
	c, err := backup.Inspect(ctx, filepath.Join(dir, n.String()+".age"), backup.Options{})
	if err != nil {
		return nil, err
	}
	if err := c.SlotErr(); err != nil {
		return nil, err
	}
	// Read again as Inspect read them: regular files only, never through
	// a link, within their caps (a FIFO swapped in meanwhile never blocks).
	sealed, err := safefs.ReadFile(filepath.Join(dir, n.String()+".age"), backup.DefaultMaxSize)
	if err != nil {
		return nil, fmt.Errorf("restore %s: %w", n, err)
	}
	slot, err := safefs.ReadFile(filepath.Join(dir, n.String()+".slot"), 64<<10)
	if err != nil {
		return nil, fmt.Errorf("restore %s: %w", n, err)
	}
	if sha256.Sum256(sealed) != c.Manifest.Age || sha256.Sum256(slot) != c.Manifest.Slot {
		return nil, fmt.Errorf("restore %s: %w: the files changed while read", n, backup.ErrDamaged)
	}
	return &restorePick{id: filepath.Base(dir), name: n, sealed: sealed, slot: slot, blobs: c}, nil
}
