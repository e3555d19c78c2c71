//go:build windows

package safefs

import (
	"errors"
	"syscall"
)

// Windows has neither flag: links are refused by the Lstat before the open
// (reparse points show as ModeSymlink or ModeIrregular) and the fstat after
// it; a named pipe is not a file path there.
const (
	oNoFollow = 0
	oNonBlock = 0
)

func isLoop(error) bool { return false }

const (
	errorAccessDenied     = syscall.Errno(5)
	errorSharingViolation = syscall.Errno(32)
	errorLockViolation    = syscall.Errno(33)
)

func transient(err error) bool {
	return errors.Is(err, errorSharingViolation) || errors.Is(err, errorLockViolation) || errors.Is(err, errorAccessDenied)
}
