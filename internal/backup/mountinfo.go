package backup

import (
	"bufio"
	"io"
	"strings"
)

// Drive is a place the user may back up to.
type Drive struct {
	Path  string // mount point or drive root (E:\)
	Label string
	FS    string // file system type (vfat, exfat, FAT32, NTFS, …)
	Free  uint64
	// FAT: files end at 4 GiB − 1.
	FAT bool
}

// Mount is one line of /proc/self/mountinfo, the fields drive listing uses.
type Mount struct {
	Point  string // unescaped
	FSType string
	Source string // e.g. /dev/sdb1
}

// ParseMountinfo reads /proc/self/mountinfo. Malformed lines are skipped.
func ParseMountinfo(r io.Reader) []Mount {
	var out []Mount
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		// id parent major:minor root point options [optional…] - fstype source superopts
		f := strings.Fields(sc.Text())
		sep := -1
		for i := 6; i < len(f); i++ {
			if f[i] == "-" {
				sep = i
				break
			}
		}
		if sep < 0 || sep+2 >= len(f) || len(f) < 5 {
			continue
		}
		pt := unescapeMount(f[4])
		if !strings.HasPrefix(pt, "/") {
			continue
		}
		out = append(out, Mount{Point: pt, FSType: f[sep+1], Source: unescapeMount(f[sep+2])})
	}
	return out
}

// unescapeMount undoes the kernel's octal escapes (\040 for a space, …).
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) && isOctal(s[i+1:i+4]) {
			b.WriteByte((s[i+1]-'0')<<6 | (s[i+2]-'0')<<3 | (s[i+3] - '0'))
			i += 3
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isOctal(s string) bool {
	if len(s) != 3 || s[0] > '3' {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < '0' || s[i] > '7' {
			return false
		}
	}
	return true
}

// removableMounts picks the mounts a user would back up to: everything under
// /media and /run/media, and mounts of removable block devices
// (removable(dev) answers for a /dev/… source). Each mount point is listed
// once; pseudo file systems are left out.
func removableMounts(ms []Mount, removable func(source string) bool) []Mount {
	seen := map[string]bool{}
	var out []Mount
	for _, m := range ms {
		under := strings.HasPrefix(m.Point, "/media/") || strings.HasPrefix(m.Point, "/run/media/")
		dev := strings.HasPrefix(m.Source, "/dev/")
		if !dev && !under || seen[m.Point] {
			continue
		}
		if !under && !removable(m.Source) {
			continue
		}
		seen[m.Point] = true
		out = append(out, m)
	}
	return out
}

// isFATType reports whether a Linux fstype has FAT's 4 GiB file limit.
func isFATType(t string) bool { return t == "vfat" || t == "msdos" || t == "fat" }
