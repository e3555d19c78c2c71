package vault

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"time"

	"filippo.io/age"

	"xinqing/internal/vault/keyslot"
)

// age payload framing: a 16-byte nonce, then chunks of up to 64 KiB of
// plaintext plus a 16-byte tag.
const (
	agePayloadNonce = 16
	ageChunk        = 64<<10 + 16
	ageTag          = 16
)

var vaultIDRE = regexp.MustCompile(`^[0-9a-f]{16}$`)

// SealedBlobs are attachments sealed to a vault's identity, as Adopt
// copies them: a backup's blobs (each checked against its manifest by
// SealedBlob) or another vault.
type SealedBlobs interface {
	BlobIDs() ([]string, error)
	SealedBlob(id string) ([]byte, error)
}

// Adopt lays out a vault in dir from the files of an existing one — a
// backup's sealed generation, its passphrase slot and its sealed
// attachments (blobs, nil for none) — keeping the vault id and so the same
// identity: the old passphrase and the printed sheet open it. No key is
// needed; only the shapes are checked here (the slot header, the age
// header and payload framing, the blob ids), and the normal unlock, Open
// and Blob decrypt and check everything. Every file is created exclusively
// and synced; vault.json comes last, as it marks a finished vault. A
// folder that already holds a vault, or any generation, is ErrExists.
func Adopt(dir string, id string, gen uint64, sealed, slot []byte, blobs SealedBlobs, o Options) error {
	o = o.withDefaults()
	if !vaultIDRE.MatchString(id) {
		return fmt.Errorf("adopt: vault id %q: want 16 lowercase hex digits", id)
	}
	if gen == 0 {
		return fmt.Errorf("adopt: generation 0: %w", ErrDamaged)
	}
	if _, err := keyslot.ParseHeader(slot); err != nil {
		return fmt.Errorf("adopt: %w: key slot: %w", ErrDamaged, err)
	}
	if err := checkAgeShape(sealed); err != nil {
		return fmt.Errorf("adopt: %w: generation %d: %w", ErrDamaged, gen, err)
	}
	var blobIDs []string
	if blobs != nil {
		ids, err := blobs.BlobIDs()
		if err != nil {
			return fmt.Errorf("adopt: %w", err)
		}
		for _, b := range ids {
			if !ValidBlobID(b) {
				return fmt.Errorf("adopt: %w: blob id %q", ErrDamaged, b)
			}
		}
		blobIDs = ids
	}
	dir = path.Clean(dir)
	if err := o.FS.MkdirAll(dir); err != nil {
		return fmt.Errorf("adopt: create vault folder: %w", err)
	}
	v := &Vault{dir: dir, o: o}
	if err := v.takeLock(); err != nil {
		return err
	}
	defer v.lock.Close()
	if _, err := o.FS.Stat(v.p(metaName)); err == nil {
		return ErrExists
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("adopt: %w", err)
	}
	for _, d := range []string{genDir, blobDir, quarantineDir} {
		if err := o.FS.MkdirAll(v.p(d)); err != nil {
			return fmt.Errorf("adopt: create vault folder: %w", err)
		}
	}
	// Without vault.json a folder may hold the slots of an unfinished
	// Create (replaced, as Create would) but never a generation: one there
	// is data we do not know, and it is left alone.
	if gs, err := v.listGens(); err != nil {
		return fmt.Errorf("adopt: %w", err)
	} else if len(gs) > 0 {
		return fmt.Errorf("%w: unfinished vault with generation files", ErrExists)
	}
	m, err := json.Marshal(meta{Format: formatVersion, ID: id, Created: o.Now().UTC().Truncate(time.Second)})
	if err != nil {
		return err
	}
	files := []struct {
		name string
		data []byte
	}{
		{path.Join(genDir, genName(gen)), sealed},
	}
	for _, n := range slotNames {
		files = append(files,
			struct {
				name string
				data []byte
			}{n, slot},
			struct {
				name string
				data []byte
			}{n + hashSuffix, []byte(hashLine(n, slot))})
	}
	var written []string
	fail := func(err error) error {
		// Best effort: a retry finds the folder as it was.
		for _, n := range written {
			_ = o.FS.Remove(v.p(n))
		}
		return fmt.Errorf("adopt: %w", err)
	}
	for _, f := range files {
		if err := o.FS.Remove(v.p(f.name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fail(err)
		}
		// Listed before the write: a file cut short is removed too.
		written = append(written, f.name)
		if err := v.writeExcl(f.name, f.data); err != nil {
			return fail(err)
		}
	}
	if err := o.FS.SyncDir(v.p(genDir)); err != nil {
		return fail(err)
	}
	// The attachments, one at a time (they may be many and large), as
	// they are: sealed to the same identity.
	subs := map[string]bool{}
	for _, b := range blobIDs {
		data, err := blobs.SealedBlob(b)
		if err != nil {
			return fail(err)
		}
		if err := checkAgeShape(data); err != nil {
			return fail(fmt.Errorf("%w: blob %s: %w", ErrDamaged, b[:8], err))
		}
		name := path.Join(blobDir, b[:2], b+".age")
		if !subs[b[:2]] {
			if err := o.FS.MkdirAll(v.p(blobDir, b[:2])); err != nil {
				return fail(err)
			}
			subs[b[:2]] = true
		}
		if err := o.FS.Remove(v.p(name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fail(err)
		}
		written = append(written, name)
		if err := v.writeExcl(name, data); err != nil {
			return fail(err)
		}
	}
	for sub := range subs {
		if err := o.FS.SyncDir(v.p(blobDir, sub)); err != nil {
			return fail(err)
		}
	}
	if err := o.FS.SyncDir(dir); err != nil {
		return fail(err)
	}
	// vault.json last, as the mark of a finished vault; its mirror and
	// both hashes first, so that the first unlock has nothing to repair
	// (and does not report a disk problem after every restore).
	meta := []struct{ name, data string }{
		{metaNames[1], string(m)},
		{metaNames[1] + hashSuffix, hashLine(metaNames[1], m)},
		{metaName + hashSuffix, hashLine(metaName, m)},
		{metaName, string(m)},
	}
	for _, f := range meta {
		if err := o.FS.Remove(v.p(f.name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fail(err)
		}
		written = append(written, f.name)
		if err := v.writeExcl(f.name, []byte(f.data)); err != nil {
			return fail(err)
		}
	}
	if err := o.FS.SyncDir(dir); err != nil {
		return fmt.Errorf("adopt: %w", err)
	}
	return nil
}

// writeExcl creates name (it must not exist), writes, syncs, closes and
// reads it back.
func (v *Vault) writeExcl(name string, data []byte) error {
	if err := v.writeVerified(v.p(name), data); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// writeVerified creates file exclusively, writes data, syncs, closes, and
// reads it back to compare.
func (v *Vault) writeVerified(file string, data []byte) error {
	f, err := v.o.FS.CreateExcl(file)
	if err != nil {
		return fmt.Errorf("create: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("sync: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close: %w", err)
	}
	back, err := v.o.FS.ReadFile(file)
	if err != nil {
		return fmt.Errorf("read back: %w", err)
	}
	if !bytes.Equal(back, data) {
		return fmt.Errorf("read back: %w", ErrDamaged)
	}
	return nil
}

// checkAgeShape checks what can be checked of an age file without its key:
// a well-formed header, kept byte for byte, and a payload whose length fits
// the chunk framing (a cut inside the last chunk's tag, or an empty last
// chunk after full ones, is a truncation).
func checkAgeShape(sealed []byte) error {
	hdr, err := age.ExtractHeader(bytes.NewReader(sealed))
	if err != nil {
		return fmt.Errorf("age header: %w", err)
	}
	if !bytes.HasPrefix(sealed, hdr) {
		return errors.New("age header not in canonical form")
	}
	n := len(sealed) - len(hdr) - agePayloadNonce
	if n < ageTag {
		return errors.New("age payload truncated")
	}
	switch r := n % ageChunk; {
	case r == 0:
		// The last chunk is full.
	case r < ageTag, r == ageTag && n > ageTag:
		return errors.New("age payload truncated")
	}
	return nil
}
