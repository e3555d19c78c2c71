package packaging

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrVersion reports a version string a Windows version resource cannot
// carry: it must start with three dot-separated numbers up to 65535.
var ErrVersion = errors.New("version must look like 1.2.3 or 1.2.3-rc1, each number at most 65535")

// Version is a release version as FyneApp.toml writes it ("0.1.0") plus
// the build number, split the way a Windows VERSIONINFO wants it.
type Version struct {
	Major, Minor, Patch, Build uint16
	// Text is the version as the user sees it, pre-release suffix included.
	Text string
}

// ParseVersion reads "MAJOR.MINOR.PATCH" with an optional "-suffix" or
// "+suffix" and a leading "v" (as in a git tag).
func ParseVersion(s string, build int) (Version, error) {
	text := strings.TrimPrefix(s, "v")
	core := text
	if i := strings.IndexAny(core, "-+"); i >= 0 {
		if i == len(core)-1 {
			return Version{}, fmt.Errorf("parse version %q: %w", s, ErrVersion)
		}
		core = core[:i]
	}
	parts := strings.Split(core, ".")
	if len(parts) != 3 || build < 0 || build > 65535 {
		return Version{}, fmt.Errorf("parse version %q: %w", s, ErrVersion)
	}
	var n [3]uint16
	for i, p := range parts {
		if p == "" || (len(p) > 1 && p[0] == '0') || strings.TrimLeft(p, "0123456789") != "" {
			return Version{}, fmt.Errorf("parse version %q: %w", s, ErrVersion)
		}
		v, err := strconv.ParseUint(p, 10, 16)
		if err != nil {
			return Version{}, fmt.Errorf("parse version %q: %w", s, ErrVersion)
		}
		n[i] = uint16(v)
	}
	return Version{Major: n[0], Minor: n[1], Patch: n[2], Build: uint16(build), Text: text}, nil
}

// Quad is the four-part numeric form, "0.1.0.1".
func (v Version) Quad() string {
	return fmt.Sprintf("%d.%d.%d.%d", v.Major, v.Minor, v.Patch, v.Build)
}
