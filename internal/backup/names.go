package backup

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Folder and file names on the stick.
const (
	// RootName is the folder made at the top of the chosen folder.
	RootName = "心晴备份"
	// HowToName is the plain instruction file beside the vault folders.
	HowToName = "如何恢复.txt"

	extAge      = ".age"
	extSlot     = ".slot"
	extManifest = ".sha256"
	extTmp      = ".tmp"
	// blobDir holds the sealed attachments beside the backups.
	blobDir    = "blobs"
	timeLayout = "20060102T1504"
)

// Name identifies one backup: its time (to the minute, local time of the
// PC that wrote it) and its generation.
type Name struct {
	Time time.Time
	Gen  uint64
}

// String is the base name without extension: 20261128T1530-g000124.
func (n Name) String() string {
	return n.Time.Format(timeLayout) + "-g" + fmt.Sprintf("%06d", n.Gen)
}

var nameRE = regexp.MustCompile(`^([0-9]{8}T[0-9]{4})-g([0-9]{6,20})$`)

// ParseName reads a base name as String writes it; the time is read in loc.
func ParseName(base string, loc *time.Location) (Name, error) {
	m := nameRE.FindStringSubmatch(base)
	if m == nil {
		return Name{}, fmt.Errorf("backup: %q is not a backup name", base)
	}
	t, err := time.ParseInLocation(timeLayout, m[1], loc)
	if err != nil {
		return Name{}, fmt.Errorf("backup: %q: %w", base, err)
	}
	g, err := strconv.ParseUint(m[2], 10, 64)
	if err != nil || g == 0 {
		return Name{}, fmt.Errorf("backup: %q: bad generation", base)
	}
	n := Name{Time: t, Gen: g}
	if n.String() != base {
		return Name{}, fmt.Errorf("backup: %q is not in canonical form", base)
	}
	return n, nil
}

// splitFile splits a file name of a backup into its base name and its
// extension (.age, .slot, .sha256, each possibly with .tmp).
func splitFile(file string) (base, ext string, tmp, ok bool) {
	rest, tmp := strings.CutSuffix(file, extTmp)
	for _, e := range []string{extAge, extSlot, extManifest} {
		if b, found := strings.CutSuffix(rest, e); found {
			if nameRE.MatchString(b) {
				return b, e, tmp, true
			}
		}
	}
	return "", "", false, false
}

var vaultIDRE = regexp.MustCompile(`^[0-9a-f]{16}$`)

// isVaultID reports whether a folder name is a vault id.
func isVaultID(s string) bool { return vaultIDRE.MatchString(s) }
