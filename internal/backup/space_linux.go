//go:build linux

package backup

import (
	"fmt"
	"syscall"
)

// msdosMagic is the statfs type of FAT12/16/32 (vfat, msdos).
const msdosMagic = 0x4d44

// DiskSpace reports the free space of the drive holding dir.
func DiskSpace(dir string) (Space, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return Space{}, fmt.Errorf("free space of %s: %w", dir, err)
	}
	return Space{Free: st.Bavail * uint64(st.Bsize), FAT: st.Type == msdosMagic}, nil
}
