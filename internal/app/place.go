package app

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Where the vault lives. Many school PCs run a restore card (还原卡,
// 冰点还原): at every reboot the system drive goes back to the state the
// IT teacher froze, and a vault on it silently loses every change. The
// vault therefore belongs on another fixed drive when there is one.

// VaultFolderName is the folder proposed at the top of a non-system drive.
const VaultFolderName = "心晴档案库"

// FixedDrive is a fixed (not removable) drive the vault may live on.
type FixedDrive struct {
	Root   string // C:\ on Windows; a mount point elsewhere
	Free   uint64 // bytes free (0: unknown)
	System bool   // holds the operating system: a restore card protects it
}

// DriveLister lists the fixed drives. SystemDrives is the real one;
// tests pass fixed lists.
type DriveLister interface {
	FixedDrives() ([]FixedDrive, error)
}

// DriveList is a fixed list of drives (for tests and -preview).
type DriveList []FixedDrive

// FixedDrives returns the list.
func (l DriveList) FixedDrives() ([]FixedDrive, error) { return l, nil }

// PlaceReason says why a folder is recommended.
type PlaceReason int

const (
	// OtherDrive: a fixed drive other than the system drive exists; restore
	// cards and re-imaging usually leave it alone.
	OtherDrive PlaceReason = iota
	// SystemOnly: only the system drive exists (or, off Windows, only the
	// home folder's file system is listed): the per-user folder is kept.
	SystemOnly
)

// Placement is the choice the setup wizard and 设置 show.
type Placement struct {
	Drives      []FixedDrive
	Recommended string
	Drive       FixedDrive // the drive of Recommended
	Reason      PlaceReason
}

// minFree is the free space below which a drive is not recommended: the
// vault with its generations and attachments of a few years.
const minFree = 512 << 20

// Recommend picks where a new vault should live: on the first non-system
// fixed drive with room (D:\心晴档案库), else in defaultDir (the
// per-user folder on the system drive).
func Recommend(drives []FixedDrive, defaultDir string) Placement {
	ds := slices.Clone(drives)
	slices.SortFunc(ds, func(a, b FixedDrive) int { return cmp.Compare(strings.ToUpper(a.Root), strings.ToUpper(b.Root)) })
	p := Placement{Drives: ds, Recommended: defaultDir, Reason: SystemOnly}
	for _, d := range ds {
		if d.System {
			p.Drive = d
		}
	}
	for _, d := range ds {
		if !d.System && (d.Free == 0 || d.Free >= minFree) {
			p.Recommended, p.Drive, p.Reason = OnDrive(d.Root), d, OtherDrive
			break
		}
	}
	return p
}

// OnDrive is the vault folder at the top of the drive root (D:\ →
// D:\心晴档案库), in the root's own spelling.
func OnDrive(root string) string {
	if strings.HasSuffix(root, `\`) || strings.HasSuffix(root, "/") {
		return root + VaultFolderName
	}
	return filepath.Join(root, VaultFolderName)
}

// PlaceVault lists the fixed drives and recommends a folder.
func PlaceVault(l DriveLister, defaultDir string) (Placement, error) {
	ds, err := l.FixedDrives()
	if err != nil {
		return Placement{Recommended: defaultDir, Reason: SystemOnly}, fmt.Errorf("list fixed drives: %w", err)
	}
	return Recommend(ds, defaultDir), nil
}

// PointerFile is the small file beside the per-user folder that names
// the vault folder in use, so that a vault moved to another drive is
// found at the next start (by the desktop app and xinqingctl alike).
func PointerFile() string { return filepath.Join(filepath.Dir(DefaultDir()), "vault-location.txt") }

// Pointer is what the pointer file says: the vault folder and, after a
// move, the old folder kept until the next successful unlock.
type Pointer struct {
	Dir      string
	Previous string
}

// ReadPointer reads the pointer file at path (no file: zero Pointer).
func ReadPointer(path string) (Pointer, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return Pointer{}, nil
	}
	if err != nil {
		return Pointer{}, fmt.Errorf("read vault location: %w", err)
	}
	var p Pointer
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(strings.TrimRight(line, "\r"), "=")
		if !ok {
			continue
		}
		switch k {
		case "dir":
			p.Dir = v
		case "previous":
			p.Previous = v
		}
	}
	return p, nil
}

// WritePointer replaces the pointer file at path (made with its folder).
func WritePointer(path string, p Pointer) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("write vault location: %w", err)
	}
	s := "dir=" + p.Dir + "\n"
	if p.Previous != "" {
		s += "previous=" + p.Previous + "\n"
	}
	return WriteBytes(path, Replace, []byte(s))
}

// LocatedDir is the vault folder in use: the one the pointer file names,
// else DefaultDir.
func LocatedDir() string {
	if p, err := ReadPointer(PointerFile()); err == nil && p.Dir != "" {
		return p.Dir
	}
	return DefaultDir()
}
