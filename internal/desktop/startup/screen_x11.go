//go:build (linux || freebsd || openbsd || netbsd) && cgo

package startup

/*
#cgo LDFLAGS: -lX11
#include <X11/Xlib.h>
#include <stdlib.h>

static int screen_size(int *w, int *h) {
	Display *d = XOpenDisplay(NULL);
	if (d == NULL) return 0;
	int s = DefaultScreen(d);
	*w = DisplayWidth(d, s);
	*h = DisplayHeight(d, s);
	XCloseDisplay(d);
	return 1;
}
*/
import "C"

// screenPixels asks the X server (XWayland too) for the size of the
// default screen.
func screenPixels() (int, int, bool) {
	var w, h C.int
	if C.screen_size(&w, &h) == 0 || w <= 0 || h <= 0 {
		return 0, 0, false
	}
	return int(w), int(h), true
}

func systemScale() float32 { return 1 }
