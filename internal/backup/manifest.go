package backup

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// maxManifest bounds what is read as a manifest.
const maxManifest = 4096

// Manifest is the content of a .sha256 file: sha256sum lines for the sealed
// image and the slot, then "gen=N fp=XXXXXXXX" (the first 8 hex digits of
// the canonical content hash), which sha256sum -c skips as a malformed line.
type Manifest struct {
	Age, Slot [32]byte // SHA-256 of the files
	AgeName   string   // file names as listed
	SlotName  string
	Gen       uint64
	FP        string // 8 lowercase hex digits
}

// Fingerprint is the manifest's short form of a content hash.
func Fingerprint(contentHash [32]byte) string { return hex.EncodeToString(contentHash[:4]) }

// Encode writes the manifest in sha256sum's text format.
func (m Manifest) Encode() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%x  %s\n", m.Age, m.AgeName)
	fmt.Fprintf(&b, "%x  %s\n", m.Slot, m.SlotName)
	fmt.Fprintf(&b, "gen=%d fp=%s\n", m.Gen, m.FP)
	return b.Bytes()
}

var errManifest = errors.New("manifest unreadable")

// ParseManifest reads what Encode writes, strictly: two hash lines naming
// base.age and base.slot, then the gen/fp line.
func ParseManifest(data []byte, base string) (Manifest, error) {
	var m Manifest
	if len(data) > maxManifest {
		return m, fmt.Errorf("%w: %d bytes", errManifest, len(data))
	}
	lines := strings.Split(string(data), "\n")
	if len(lines) != 4 || lines[3] != "" {
		return m, fmt.Errorf("%w: want 3 lines", errManifest)
	}
	parse := func(line, want string, sum *[32]byte) error {
		h, name, ok := strings.Cut(line, "  ")
		if !ok || name != want || len(h) != 64 || strings.ToLower(h) != h {
			return fmt.Errorf("%w: bad line for %s", errManifest, want)
		}
		if _, err := hex.Decode(sum[:], []byte(h)); err != nil {
			return fmt.Errorf("%w: bad hash for %s", errManifest, want)
		}
		return nil
	}
	m.AgeName, m.SlotName = base+extAge, base+extSlot
	if err := parse(lines[0], m.AgeName, &m.Age); err != nil {
		return m, err
	}
	if err := parse(lines[1], m.SlotName, &m.Slot); err != nil {
		return m, err
	}
	g, fp, ok := strings.Cut(lines[2], " ")
	gs, ok1 := strings.CutPrefix(g, "gen=")
	fps, ok2 := strings.CutPrefix(fp, "fp=")
	if !ok || !ok1 || !ok2 {
		return m, fmt.Errorf("%w: bad gen/fp line", errManifest)
	}
	n, err := strconv.ParseUint(gs, 10, 64)
	if err != nil || n == 0 || strconv.FormatUint(n, 10) != gs {
		return m, fmt.Errorf("%w: bad generation", errManifest)
	}
	if len(fps) != 8 || strings.ToLower(fps) != fps {
		return m, fmt.Errorf("%w: bad fingerprint", errManifest)
	}
	if _, err := hex.DecodeString(fps); err != nil {
		return m, fmt.Errorf("%w: bad fingerprint", errManifest)
	}
	m.Gen, m.FP = n, fps
	return m, nil
}

func sum(b []byte) [32]byte { return sha256.Sum256(b) }
