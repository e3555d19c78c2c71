//go:build linux

package backup

import (
	"os"
	"path/filepath"
	"strings"
)

// Drives lists removable drives: mounts under /media and /run/media and
// mounts of block devices the kernel calls removable (or that hang off
// USB), with their free space.
func Drives() ([]Drive, error) {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Drive
	for _, m := range removableMounts(ParseMountinfo(f), removableDev) {
		d := Drive{Path: m.Point, Label: filepath.Base(m.Point), FS: m.FSType, FAT: isFATType(m.FSType)}
		if sp, err := DiskSpace(m.Point); err == nil {
			d.Free = sp.Free
			d.FAT = d.FAT || sp.FAT
		}
		out = append(out, d)
	}
	return out, nil
}

// removableDev reads /sys for a /dev/sdXN source: the whole disk's
// removable flag, or a USB device in its path.
func removableDev(source string) bool {
	name := filepath.Base(source)
	if real, err := filepath.EvalSymlinks(source); err == nil {
		name = filepath.Base(real)
	}
	sys, err := filepath.EvalSymlinks(filepath.Join("/sys/class/block", name))
	if err != nil {
		return false
	}
	disk := sys
	if _, err := os.Stat(filepath.Join(sys, "partition")); err == nil {
		disk = filepath.Dir(sys)
	}
	if b, err := os.ReadFile(filepath.Join(disk, "removable")); err == nil && strings.TrimSpace(string(b)) == "1" {
		return true
	}
	return strings.Contains(disk, "/usb")
}
