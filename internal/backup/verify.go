package backup

import (
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"time"

	"xinqing/internal/vault"
)

// Status is what Verify says of one backup.
type Status int

const (
	// Verified: the manifest exists and every byte matches it.
	Verified Status = iota
	// Damaged: the manifest does not match (or is unreadable, or a file is
	// missing), or, with a key, the content fails its checks.
	Damaged
	// Incomplete: no manifest; an interrupted backup, never to be trusted.
	Incomplete
)

// String is the status as the UI shows it.
func (s Status) String() string {
	switch s {
	case Verified:
		return "完好"
	case Damaged:
		return "已损坏"
	}
	return "不完整"
}

// Item is one backup on the stick.
type Item struct {
	VaultID string
	Dir     string
	Name    Name
	Base    string
	Status  Status
	// Full is true when the backup was also decrypted, loaded and
	// compared with its fingerprint (Verify with a key).
	Full bool
	// Err says why a backup is damaged or incomplete, or why a full check
	// was not possible (vault.ErrWrongKey: the key does not open it, while
	// the files match their manifest).
	Err  error
	Size int64
	// Blobs is the number of attachment files the backup lists.
	Blobs int
}

// Report is the result of Verify.
type Report struct {
	Items                         []Item
	Verified, Damaged, Incomplete int
	// Unverified lists the vaults (by id) whose backups on the stick are
	// all damaged or incomplete: none of them can be restored.
	Unverified []string
}

// Verify re-reads every byte of every backup under dir, which may be the
// stick (or any folder holding 心晴备份), the 心晴备份 folder, or one
// vault's folder, and checks each against its manifest. With a key (not
// nil) each verified backup is also decrypted to its end, loaded with every
// check and compared with the manifest's fingerprint. Items are newest
// first per vault.
//
// A done ctx stops it between files with ErrCancelled.
func Verify(ctx context.Context, dir string, k Key, o Options) (*Report, error) {
	o = o.withDefaults()
	o.FS = guard(o.FS, stickRoot(dir), o.MaxSize)
	p := newProgress(ctx, o.Progress)
	dirs, err := vaultDirs(o.FS, dir)
	if err != nil {
		return nil, err
	}
	rep := &Report{}
	for _, d := range dirs {
		sets, err := list(o.FS, d, o.Now().Location())
		if err != nil {
			return rep, err
		}
		bc := newBlobChecks()
		verified := false
		for _, s := range ordered(sets) {
			if err := p.cancelled(); err != nil {
				return rep, err
			}
			it := check(o, d, s, k, bc, p)
			if errors.Is(it.Err, ErrCancelled) && !it.Full && it.Status != Verified {
				return rep, it.Err
			}
			switch it.Status {
			case Verified:
				rep.Verified++
				verified = true
			case Damaged:
				rep.Damaged++
			default:
				rep.Incomplete++
			}
			rep.Items = append(rep.Items, it)
		}
		if !verified && len(sets) > 0 {
			rep.Unverified = append(rep.Unverified, path.Base(d))
		}
	}
	return rep, nil
}

// vaultDirs finds the vault folders under dir.
func vaultDirs(fsys vault.FS, dir string) ([]string, error) {
	dir = path.Clean(filepath.ToSlash(dir))
	if isVaultID(path.Base(dir)) {
		return []string{dir}, nil
	}
	root := dir
	if path.Base(dir) != RootName {
		root = path.Join(dir, RootName)
	}
	names, err := fsys.ReadDir(root)
	if err != nil {
		return nil, fmt.Errorf("%w under %s: %v", ErrNoBackup, dir, err)
	}
	var out []string
	for _, n := range names {
		if isVaultID(n) {
			out = append(out, path.Join(root, n))
		}
	}
	return out, nil
}

func check(o Options, dir string, s *set, k Key, bc *blobChecks, p *progress) Item {
	it := Item{VaultID: path.Base(dir), Dir: dir, Name: s.name, Base: s.base}
	if !s.has(extManifest) {
		it.Status, it.Err = Incomplete, ErrIncomplete
		return it
	}
	c, err := loadWith(o, dir, s.base, bc, p, k == nil)
	if err != nil {
		it.Status, it.Err = Damaged, err
		if errors.Is(err, ErrIncomplete) || errors.Is(err, ErrCancelled) {
			it.Status = Incomplete
		}
		return it
	}
	it.Size, it.Blobs = c.Size, len(c.Manifest.Blobs)
	if c.slotErr != nil {
		it.Status, it.Err = Damaged, c.slotErr
		return it
	}
	it.Status = Verified
	if k == nil {
		return it
	}
	err = c.verifyContent(k, p)
	switch {
	case err == nil:
		it.Full = true
	case errors.Is(err, vault.ErrWrongKey):
		it.Err = err
	case errors.Is(err, ErrCancelled):
		it.Err = err
	default:
		it.Status, it.Err = Damaged, err
	}
	return it
}

// Newest returns the newest verified backup of vault id under dir (the
// stick or a folder holding 心晴备份), checked against its manifest.
func Newest(ctx context.Context, dir, id string, o Options) (Item, error) {
	o = o.withDefaults()
	o.FS = guard(o.FS, stickRoot(dir), o.MaxSize)
	vd := VaultDir(dir, id)
	sets, err := list(o.FS, vd, o.Now().Location())
	if err != nil {
		return Item{}, fmt.Errorf("%w: %v", ErrNoBackup, err)
	}
	p := newProgress(ctx, nil)
	for _, s := range ordered(sets) {
		if err := p.cancelled(); err != nil {
			return Item{}, err
		}
		if it := check(o, vd, s, nil, newBlobChecks(), p); it.Status == Verified {
			return it, nil
		}
	}
	if err := p.cancelled(); err != nil {
		return Item{}, err
	}
	return Item{}, ErrNoBackup
}

// File is the path of a backup's sealed image.
func (it Item) File() string { return path.Join(it.Dir, it.Base+extAge) }

// Age is how long ago the backup was written, by its name.
func (it Item) Age(now time.Time) time.Duration { return now.Sub(it.Name.Time) }
