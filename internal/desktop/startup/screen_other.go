//go:build !windows && !((linux || freebsd || openbsd || netbsd) && cgo)

package startup

// screenPixels is unknown here (macOS windows are kept on screen by the
// system; builds without cgo have no X client).
func screenPixels() (int, int, bool) { return 0, 0, false }

func systemScale() float32 { return 1 }
