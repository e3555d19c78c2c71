//go:build !windows

package app

import "time"

// bootTime is not used off Windows: restore cards are a Windows matter,
// and a reverted system drive is not detected there.
func bootTime() (time.Time, bool) { return time.Time{}, false }
