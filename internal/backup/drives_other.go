//go:build !linux && !windows

package backup

// Drives is not implemented on this system: the user picks a folder.
func Drives() ([]Drive, error) { return nil, nil }
