//go:build !linux && !windows

package backup

import "errors"

// DiskSpace is unknown on this system; the write itself fails on a full drive.
func DiskSpace(dir string) (Space, error) {
	return Space{}, errors.New("free space unknown on this system")
}
