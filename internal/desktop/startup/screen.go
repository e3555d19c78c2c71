package startup

import (
	"os"
	"strconv"

	"fyne.io/fyne/v2"
)

// The size the app opens at on a screen with room for it.
var preferred = fyne.NewSize(1100, 720)

// Room left for the title bar, the taskbar and the window frame when the
// screen is smaller than the preferred size.
const frameW, frameH = 16, 72

// FitWindow shrinks the first window to the screen when the screen is
// smaller than the size the app opens at (a 1024×600 classroom laptop or
// projector): GLFW opens a window at the size asked for, even past the
// screen's edges, and no window manager is bound to pull it back.
func FitWindow(w fyne.Window) {
	wpx, hpx, ok := screenPixels()
	if !ok {
		return
	}
	if size, shrink := fitted(wpx, hpx, scaleGuess()); shrink {
		w.Resize(size)
		w.CenterOnScreen()
	}
}

// fitted is the window size for a screen of wpx×hpx pixels at the given
// scale, and whether it differs from the preferred size.
func fitted(wpx, hpx int, scale float32) (fyne.Size, bool) {
	if scale <= 0 {
		scale = 1
	}
	avail := fyne.NewSize(float32(wpx)/scale-frameW, float32(hpx)/scale-frameH)
	size := preferred
	if avail.Width < size.Width {
		size.Width = avail.Width
	}
	if avail.Height < size.Height {
		size.Height = avail.Height
	}
	return size, size != preferred
}

// scaleGuess is the user's FYNE_SCALE, else the platform's text scale
// where one is known, else 1.
func scaleGuess() float32 {
	if v, err := strconv.ParseFloat(os.Getenv("FYNE_SCALE"), 32); err == nil && v > 0 {
		return float32(v)
	}
	return systemScale()
}
