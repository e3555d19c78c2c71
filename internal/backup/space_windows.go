//go:build windows

package backup

import (
	"fmt"
	"path/filepath"
	"strings"

	"golang.org/x/sys/windows"
)

// DiskSpace reports the free space of the drive holding dir and whether it
// is FAT-formatted.
func DiskSpace(dir string) (Space, error) {
	p, err := windows.UTF16PtrFromString(dir)
	if err != nil {
		return Space{}, err
	}
	var free, total, totalFree uint64
	if err := windows.GetDiskFreeSpaceEx(p, &free, &total, &totalFree); err != nil {
		return Space{}, fmt.Errorf("free space of %s: %w", dir, err)
	}
	sp := Space{Free: free}
	if fs, _, err := volumeInfo(filepath.VolumeName(dir) + `\`); err == nil {
		sp.FAT = strings.HasPrefix(strings.ToUpper(fs), "FAT")
	}
	return sp, nil
}

// volumeInfo returns the file-system name and the label of a drive root.
func volumeInfo(root string) (fsName, label string, err error) {
	r, err := windows.UTF16PtrFromString(root)
	if err != nil {
		return "", "", err
	}
	var lab, fsn [windows.MAX_PATH + 1]uint16
	if err := windows.GetVolumeInformation(r, &lab[0], uint32(len(lab)), nil, nil, nil, &fsn[0], uint32(len(fsn))); err != nil {
		return "", "", err
	}
	return windows.UTF16ToString(fsn[:]), windows.UTF16ToString(lab[:]), nil
}
