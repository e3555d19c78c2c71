package main

import (
	"fmt"
	"os"

	"xinqing/internal/version"
)

// exitOnVersionFlag prints the version and exits when the app is started
// as `xinqing --version` (also -version, -v, version), before any window.
func exitOnVersionFlag() {
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
