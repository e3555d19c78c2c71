//go:build linux

package vault

import (
	"os"

	"golang.org/x/sys/unix"
)

// osFile is an *os.File that can start write-back early.
type osFile struct{ *os.File }

var _ WriteBackStarter = osFile{}

func newOSFile(f *os.File) File { return osFile{f} }

// StartWriteBack implements WriteBackStarter with sync_file_range(2)
// SYNC_FILE_RANGE_WRITE: it queues the dirty pages for writing and returns.
// It makes nothing durable (no metadata, no disk cache flush); Sync does.
func (f osFile) StartWriteBack(off, n int64) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	if err := rc.Control(func(fd uintptr) {
		serr = unix.SyncFileRange(int(fd), off, n, unix.SYNC_FILE_RANGE_WRITE)
	}); err != nil {
		return err
	}
	return serr
}
