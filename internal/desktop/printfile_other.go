//go:build !windows

package desktop

import "xinqing/internal/ui"

// shellPrint exists on Windows only.
func shellPrint(string) error { return ui.ErrNotAvailable }
