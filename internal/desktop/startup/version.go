// Package startup holds what the desktop app checks before its first
// window: the --version flag, and whether the PC offers the OpenGL 2.1 that
// Fyne needs (with a Chinese explanation instead of a crash when not).
package startup

import (
	"fmt"
	"os"

	"xinqing/internal/version"
)

// ExitOnVersionFlag prints the version and exits when the app is started
// as `xinqing --version` (also -version, -v, version), before any window.
func ExitOnVersionFlag() {
	if text, ok := versionText(os.Args[1:]); ok {
		fmt.Fprintln(stdout(), text)
		os.Exit(0)
	}
}

// versionText is the line --version prints, and whether args ask for it.
func versionText(args []string) (string, bool) {
	if len(args) == 0 {
		return "", false
	}
	switch args[0] {
	case "--version", "-version", "-v", "version":
		return "xinqing " + version.Version, true
	}
	return "", false
}
