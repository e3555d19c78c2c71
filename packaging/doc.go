// Package packaging builds what the installers need besides the binaries:
// the Windows icon, version resource and manifest (compiled by mingw's
// windres into a .syso), the Linux hicolor icons, and the checks that keep
// the committed installer files honest (the NSIS script, the .desktop
// entry and the AppStream metainfo). It uses only the standard library so
// that packaging needs nothing beyond Go and Debian packages.
//
// The files themselves live beside it: windows/ holds the NSIS script and
// the 使用说明, linux/ the desktop entry, the metainfo and the Makefile that
// installs an unpacked archive. cmd/pkgres is the command the top-level
// Makefile runs.
package packaging
