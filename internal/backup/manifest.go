package backup

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"xinqing/internal/vault"
)

// maxManifest bounds what is read as a manifest: room for about 7,000
// attachment files (see maxBlobs).
const maxManifest = 1 << 20

// maxBlobVersion bounds the versions of one blob on a stick (see BlobPath).
const maxBlobVersion = 99

// maxBlobs is the most attachment files one backup lists: their lines
// (147 bytes at most) and the rest of the manifest stay under maxManifest.
const maxBlobs = (maxManifest - 512) / 147

// Manifest is the content of a .sha256 file: sha256sum lines for the sealed
// image and the slot, then one per attachment blob (sorted by path), then
// "gen=N fp=XXXXXXXX" (the first 8 hex digits of the canonical content
// hash), which sha256sum -c skips as a malformed line.
type Manifest struct {
	Age, Slot [32]byte // SHA-256 of the files
	AgeName   string   // file names as listed
	SlotName  string
	// Blobs are the sealed attachments the image references, sorted by
	// path, one per id. A manifest of the first format has none.
	Blobs []BlobEntry
	Gen   uint64
	FP    string // 8 lowercase hex digits
}

// BlobEntry is one sealed attachment of a backup.
type BlobEntry struct {
	ID      string   // hex SHA-256 of the plaintext (the vault's blob id)
	Version int      // 1 for blobs/ab/<id>.age, n ≥ 2 for blobs/ab/<id>.<n>.age
	Sum     [32]byte // SHA-256 of the sealed file
}

// Path is the blob's file under the vault folder, slash-separated.
func (b BlobEntry) Path() string { return BlobPath(b.ID, b.Version) }

// BlobPath is where version v of blob id lives under a vault folder on the
// stick: blobs/ab/<id>.age. The same attachment sealed differently (after
// a re-key, or a stick copy that went bad) gets the next version,
// blobs/ab/<id>.2.age, so that no file an older backup lists is ever
// overwritten.
func BlobPath(id string, v int) string {
	if v <= 1 {
		return blobDir + "/" + id[:2] + "/" + id + extAge
	}
	return blobDir + "/" + id[:2] + "/" + id + "." + strconv.Itoa(v) + extAge
}

// parseBlobPath reads what BlobPath writes, strictly.
func parseBlobPath(p string) (id string, v int, ok bool) {
	rest, ok := strings.CutPrefix(p, blobDir+"/")
	if !ok || len(rest) < 3 || rest[2] != '/' {
		return "", 0, false
	}
	file, ok := strings.CutSuffix(rest[3:], extAge)
	if !ok || len(file) < 64 {
		return "", 0, false
	}
	id, v = file[:64], 1
	if !vault.ValidBlobID(id) || id[:2] != rest[:2] {
		return "", 0, false
	}
	if n := file[64:]; n != "" {
		ns, ok := strings.CutPrefix(n, ".")
		x, err := strconv.Atoi(ns)
		if !ok || err != nil || x < 2 || x > maxBlobVersion || strconv.Itoa(x) != ns {
			return "", 0, false
		}
		v = x
	}
	return id, v, true
}

// Fingerprint is the manifest's short form of a content hash.
func Fingerprint(contentHash [32]byte) string { return hex.EncodeToString(contentHash[:4]) }

// Encode writes the manifest in sha256sum's text format.
func (m Manifest) Encode() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%x  %s\n", m.Age, m.AgeName)
	fmt.Fprintf(&b, "%x  %s\n", m.Slot, m.SlotName)
	for _, e := range m.Blobs {
		fmt.Fprintf(&b, "%x  %s\n", e.Sum, e.Path())
	}
	fmt.Fprintf(&b, "gen=%d fp=%s\n", m.Gen, m.FP)
	return b.Bytes()
}

var errManifest = errors.New("manifest unreadable")

// ParseManifest reads what Encode writes, strictly: two hash lines naming
// base.age and base.slot, the blob lines (sorted by path, one per id, each
// path exactly as BlobPath writes it), then the gen/fp line.
func ParseManifest(data []byte, base string) (Manifest, error) {
	var m Manifest
	if len(data) > maxManifest {
		return m, fmt.Errorf("%w: %d bytes", errManifest, len(data))
	}
	lines := strings.Split(string(data), "\n")
	if len(lines) < 4 || lines[len(lines)-1] != "" {
		return m, fmt.Errorf("%w: want at least 3 lines", errManifest)
	}
	hash := func(line string, sum *[32]byte) (string, bool) {
		h, name, ok := strings.Cut(line, "  ")
		if !ok || len(h) != 64 || strings.ToLower(h) != h {
			return "", false
		}
		if _, err := hex.Decode(sum[:], []byte(h)); err != nil {
			return "", false
		}
		return name, true
	}
	parse := func(line, want string, sum *[32]byte) error {
		if name, ok := hash(line, sum); !ok || name != want {
			return fmt.Errorf("%w: bad line for %s", errManifest, want)
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
	last := lines[len(lines)-2]
	for i, line := range lines[2 : len(lines)-2] {
		var e BlobEntry
		name, ok := hash(line, &e.Sum)
		if ok {
			e.ID, e.Version, ok = parseBlobPath(name)
		}
		if !ok {
			return m, fmt.Errorf("%w: bad blob line %d", errManifest, i+1)
		}
		if n := len(m.Blobs); n > 0 && m.Blobs[n-1].ID >= e.ID {
			return m, fmt.Errorf("%w: blob lines not sorted or repeated", errManifest)
		}
		m.Blobs = append(m.Blobs, e)
	}
	g, fp, ok := strings.Cut(last, " ")
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

// Blob returns the entry of blob id, if the manifest lists it.
func (m Manifest) Blob(id string) (BlobEntry, bool) {
	i, ok := slices.BinarySearchFunc(m.Blobs, id, func(e BlobEntry, id string) int { return strings.Compare(e.ID, id) })
	if !ok {
		return BlobEntry{}, false
	}
	return m.Blobs[i], true
}

func sum(b []byte) [32]byte { return sha256.Sum256(b) }
