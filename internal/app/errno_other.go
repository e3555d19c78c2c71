//go:build !windows

package app

import "syscall"

// The OS error numbers of each class (Unix).
var (
	errnoNoSpace     = []error{syscall.ENOSPC, syscall.EDQUOT}
	errnoReadOnly    = []error{syscall.EROFS}
	errnoNameTooLong = []error{syscall.ENAMETOOLONG}
	errnoDeviceGone  = []error{syscall.EIO, syscall.ENXIO, syscall.ENODEV}
	errnoFileTooBig  = []error{syscall.EFBIG}
)
