//go:build windows

package app

import "syscall"

// The OS error numbers of each class (Windows system error codes).
var (
	errnoNoSpace     = []error{syscall.ENOSPC, syscall.Errno(112), syscall.Errno(39)} // ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL
	errnoReadOnly    = []error{syscall.Errno(19)}                                     // ERROR_WRITE_PROTECT
	errnoNameTooLong = []error{syscall.Errno(206)}                                    // ERROR_FILENAME_EXCED_RANGE
	// ERROR_NOT_READY, ERROR_CRC, ERROR_DEV_NOT_EXIST, ERROR_IO_DEVICE, ERROR_DEVICE_NOT_CONNECTED
	errnoDeviceGone = []error{syscall.Errno(21), syscall.Errno(23), syscall.Errno(55), syscall.Errno(1117), syscall.Errno(1167)}
	errnoFileTooBig = []error{syscall.Errno(223)} // ERROR_FILE_TOO_LARGE
)
