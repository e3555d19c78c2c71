//go:build windows

package startup

import "syscall"

var (
	user32           = syscall.NewLazyDLL("user32.dll")
	getSystemMetrics = user32.NewProc("GetSystemMetrics")
	getDpiForSystem  = user32.NewProc("GetDpiForSystem")
)

// screenPixels is the client area a maximised window gets on the primary
// screen (the taskbar left out).
func screenPixels() (int, int, bool) {
	const smCxFullscreen, smCyFullscreen = 16, 17
	w, _, _ := getSystemMetrics.Call(smCxFullscreen)
	h, _, _ := getSystemMetrics.Call(smCyFullscreen)
	if w == 0 || h == 0 {
		return 0, 0, false
	}
	return int(w), int(h), true
}

// systemScale is the system's DPI over 96 (Windows 10 1607 and later).
func systemScale() float32 {
	if getDpiForSystem.Find() != nil {
		return 1
	}
	dpi, _, _ := getDpiForSystem.Call()
	if dpi == 0 {
		return 1
	}
	return float32(dpi) / 96
}
