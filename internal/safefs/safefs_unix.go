//go:build unix

package safefs

import (
	"errors"
	"syscall"
)

const (
	oNoFollow = syscall.O_NOFOLLOW
	// A FIFO opened for reading without a writer, or a device, never blocks.
	oNonBlock = syscall.O_NONBLOCK
)

// isLoop is the error O_NOFOLLOW gives for a link (ELOOP; EMLINK on some BSDs).
func isLoop(err error) bool { return errors.Is(err, syscall.ELOOP) || errors.Is(err, syscall.EMLINK) }

func transient(error) bool { return false }
