package startup

import (
	"os"
	"strconv"
)

// Room left for the title bar, the taskbar and the window frame.
const frameW, frameH = 16, 72

// Screen is the room a window has on the screen, in Fyne's units, when
// the platform can tell (X11 and XWayland, Windows): GLFW opens a window
// at the size asked for even past the screen's edges, so the app sizes
// its first window to fit (a 1024×600 classroom laptop or projector).
func Screen() (width, height float32, ok bool) {
	wpx, hpx, ok := screenPixels()
	if !ok {
		return 0, 0, false
	}
	width, height = room(wpx, hpx, scaleGuess())
	return width, height, true
}

// room is the window room on a screen of wpx×hpx pixels at scale.
func room(wpx, hpx int, scale float32) (float32, float32) {
	if scale <= 0 {
		scale = 1
	}
	return float32(wpx)/scale - frameW, float32(hpx)/scale - frameH
}

// scaleGuess is the user's FYNE_SCALE, else the platform's text scale
// where one is known, else 1.
func scaleGuess() float32 {
	if v, err := strconv.ParseFloat(os.Getenv("FYNE_SCALE"), 32); err == nil && v > 0 {
		return float32(v)
	}
	return systemScale()
}
