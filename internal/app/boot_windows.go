//go:build windows

package app

import (
	"time"

	"golang.org/x/sys/windows"
)

var getTickCount64 = windows.NewLazySystemDLL("kernel32.dll").NewProc("GetTickCount64")

// bootTime is now minus the milliseconds since Windows started
// (GetTickCount64).
func bootTime() (time.Time, bool) {
	if getTickCount64.Find() != nil {
		return time.Time{}, false
	}
	ms, _, _ := getTickCount64.Call()
	up := time.Duration(ms) * time.Millisecond
	return time.Now().Add(-up).Truncate(time.Second), true
}
