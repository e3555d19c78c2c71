//go:build windows

package vault

import (
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
)

const (
	errorSharingViolation syscall.Errno = 32
	errorLockViolation    syscall.Errno = 33
)

// osErr marks the transient "file in use" errors so Rename can retry them.
func osErr(err error) error {
	if errors.Is(err, errorSharingViolation) || errors.Is(err, errorLockViolation) || errors.Is(err, syscall.ERROR_ACCESS_DENIED) {
		return fmt.Errorf("%w: %w", ErrSharingViolation, err)
	}
	return err
}

// Directories cannot be synced on Windows; open step 3 (promotion of a
// verified .partial) covers a rename lost in a power cut.
func syncDir(string) error { return nil }

// lockFile opens name with no sharing: a second opener fails until this
// handle closes, which Windows does when the process dies.
func lockFile(name string) (io.Closer, error) {
	p, err := syscall.UTF16PtrFromString(name)
	if err != nil {
		return nil, err
	}
	h, err := syscall.CreateFile(p, syscall.GENERIC_READ|syscall.GENERIC_WRITE, 0, nil,
		syscall.OPEN_ALWAYS, syscall.FILE_ATTRIBUTE_NORMAL, 0)
	if err != nil {
		if errors.Is(err, errorSharingViolation) {
			return nil, ErrInUse
		}
		return nil, err
	}
	return os.NewFile(uintptr(h), name), nil
}
