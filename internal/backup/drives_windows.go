//go:build windows

package backup

import (
	"golang.org/x/sys/windows"
)

// Drives lists the drives Windows reports as removable, with label, file
// system and free space.
func Drives() ([]Drive, error) {
	mask, err := windows.GetLogicalDrives()
	if err != nil {
		return nil, err
	}
	var out []Drive
	for i := 0; i < 26; i++ {
		if mask&(1<<i) == 0 {
			continue
		}
		root := string(rune('A'+i)) + `:\`
		p, err := windows.UTF16PtrFromString(root)
		if err != nil || windows.GetDriveType(p) != windows.DRIVE_REMOVABLE {
			continue
		}
		d := Drive{Path: root}
		if fs, label, err := volumeInfo(root); err == nil {
			d.FS, d.Label = fs, label
		} else {
			continue // no medium in the drive
		}
		if sp, err := DiskSpace(root); err == nil {
			d.Free, d.FAT = sp.Free, sp.FAT
		}
		out = append(out, d)
	}
	return out, nil
}
