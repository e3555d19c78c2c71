//go:build windows

package app

import (
	"os"
	"strings"

	"golang.org/x/sys/windows"

	"xinqing/internal/backup"
)

// SystemDrives lists the drives Windows reports as fixed.
type SystemDrives struct{}

// FixedDrives lists the fixed drives with their free space; the one
// holding Windows (GetSystemDirectory, else %SystemDrive%) is System.
func (SystemDrives) FixedDrives() ([]FixedDrive, error) {
	mask, err := windows.GetLogicalDrives()
	if err != nil {
		return nil, err
	}
	sys := strings.ToUpper(os.Getenv("SystemDrive"))
	if d, err := windows.GetSystemDirectory(); err == nil && len(d) >= 2 {
		sys = strings.ToUpper(d[:2])
	}
	var out []FixedDrive
	for i := 0; i < 26; i++ {
		if mask&(1<<i) == 0 {
			continue
		}
		root := string(rune('A'+i)) + `:\`
		p, err := windows.UTF16PtrFromString(root)
		if err != nil || windows.GetDriveType(p) != windows.DRIVE_FIXED {
			continue
		}
		d := FixedDrive{Root: root, System: sys != "" && strings.HasPrefix(root, sys)}
		if sp, err := backup.DiskSpace(root); err == nil {
			d.Free = sp.Free
		}
		out = append(out, d)
	}
	return out, nil
}
