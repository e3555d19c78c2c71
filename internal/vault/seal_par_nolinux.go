//go:build !linux

package vault

import "os"

// newOSFile is the plain file: only Linux has a write-back hint.
func newOSFile(f *os.File) File { return f }
