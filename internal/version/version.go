// Package version holds the release version, stamped at build time from
// FyneApp.toml by the Makefile.
package version

// Version is set with -ldflags "-X xinqing/internal/version.Version=…".
var Version = "0.1.0-dev"
