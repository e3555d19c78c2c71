//go:build !windows

package app

import (
	"os"

	"xinqing/internal/backup"
)

// SystemDrives lists, off Windows, only the file system of the home
// folder, counted as the system drive: there are no drive letters to
// choose from and restore cards are a Windows matter, so the per-user
// folder stays the recommendation (mount points in /proc/mounts are not
// offered: most are the system's own).
type SystemDrives struct{}

// FixedDrives returns the home folder's file system with its free space.
func (SystemDrives) FixedDrives() ([]FixedDrive, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return nil, err
	}
	d := FixedDrive{Root: home, System: true}
	if sp, err := backup.DiskSpace(home); err == nil {
		d.Free = sp.Free
	}
	return []FixedDrive{d}, nil
}
