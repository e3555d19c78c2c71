package vault

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"filippo.io/age"
)

const rekeySuffix = ".rekey"

// ValidBlobID reports whether id has the form of a blob id: the SHA-256
// of the plaintext in lowercase hex.
func ValidBlobID(id string) bool {
	if len(id) != 64 {
		return false
	}
	for _, c := range id {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

func (v *Vault) blobPath(id string) string { return v.p(blobDir, id[:2], id+".age") }

// PutBlob seals an attachment once under the SHA-256 of its plaintext and
// returns that id; storing the same bytes again writes nothing.
func (v *Vault) PutBlob(data []byte) (string, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.usable(); err != nil {
		return "", err
	}
	s := sha256.Sum256(data)
	id := hex.EncodeToString(s[:])
	final := v.blobPath(id)
	if _, err := v.o.FS.Stat(final); err == nil {
		return id, nil
	}
	if err := v.o.FS.MkdirAll(path.Dir(final)); err != nil {
		return "", fmt.Errorf("put blob: %w", err)
	}
	partial := final + partialSuffix
	if err := v.o.FS.Remove(partial); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("put blob: %w", err)
	}
	if err := v.writeSealed(partial, final, data, v.recipient, v.ids); err != nil {
		_ = v.o.FS.Remove(partial)
		return "", fmt.Errorf("put blob: %w", err)
	}
	return id, nil
}

// Blob returns an attachment, decrypted to its end and checked against its id.
func (v *Vault) Blob(id string) ([]byte, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.usable(); err != nil {
		return nil, err
	}
	return v.blob(id)
}

func (v *Vault) blob(id string) ([]byte, error) {
	if !ValidBlobID(id) {
		return nil, fmt.Errorf("blob id %q: %w", id, fs.ErrInvalid)
	}
	var firstErr error
	// A .rekey copy exists only when a re-key was cut short; it is sealed
	// to the new identity.
	for _, p := range []string{v.blobPath(id), v.blobPath(id) + rekeySuffix} {
		data, err := v.o.FS.ReadFile(p)
		if err == nil {
			var img []byte
			if img, err = openBlob(id, data, v.ids...); err == nil {
				return img, nil
			}
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, fmt.Errorf("blob %s: %w", id[:8], firstErr)
}

// listBlobs returns the ids of all blobs.
func (v *Vault) listBlobs() ([]string, error) {
	subs, err := v.o.FS.ReadDir(v.p(blobDir))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, fmt.Errorf("list blobs: %w", err)
	}
	var ids []string
	for _, sub := range subs {
		names, err := v.o.FS.ReadDir(v.p(blobDir, sub))
		if err != nil {
			continue
		}
		for _, n := range names {
			id, ok := strings.CutSuffix(n, ".age")
			if ok && ValidBlobID(id) && id[:2] == sub {
				ids = append(ids, id)
			}
		}
	}
	return ids, nil
}

// BlobIDs lists the ids of the blobs in the vault, sorted.
func (v *Vault) BlobIDs() ([]string, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.usable(); err != nil {
		return nil, err
	}
	ids, err := v.listBlobs()
	slices.Sort(ids)
	return ids, err
}

// HasBlob reports whether blob id is in the vault (present, not checked).
func (v *Vault) HasBlob(id string) (bool, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.usable(); err != nil {
		return false, err
	}
	if !ValidBlobID(id) {
		return false, fmt.Errorf("blob id %q: %w", id, fs.ErrInvalid)
	}
	for _, p := range []string{v.blobPath(id), v.blobPath(id) + rekeySuffix} {
		if _, err := v.o.FS.Stat(p); err == nil {
			return true, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return false, fmt.Errorf("blob %s: %w", id[:8], err)
		}
	}
	return false, nil
}

// SealedBlob returns a blob's sealed bytes as the vault holds them, for a
// backup that copies them as they are (and checks them with Decrypt). The
// .rekey copy of a cut-short re-key stands in for a missing file.
func (v *Vault) SealedBlob(id string) ([]byte, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.usable(); err != nil {
		return nil, err
	}
	if !ValidBlobID(id) {
		return nil, fmt.Errorf("blob id %q: %w", id, fs.ErrInvalid)
	}
	data, err := v.o.FS.ReadFile(v.blobPath(id))
	if errors.Is(err, fs.ErrNotExist) {
		if b, rerr := v.o.FS.ReadFile(v.blobPath(id) + rekeySuffix); rerr == nil {
			return b, nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("blob %s: %w", id[:8], err)
	}
	return data, nil
}

// AdoptBlob stores a blob sealed elsewhere to this vault's identity (a
// backup's copy) as it is: it must decrypt to its end with the vault's key
// and hash to id, else nothing is written; ErrWrongKey says the bytes are
// sealed to another identity (the caller then decrypts them with theirs
// and uses PutBlob). A blob already present is kept.
func (v *Vault) AdoptBlob(id string, sealed []byte) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.usable(); err != nil {
		return err
	}
	if !ValidBlobID(id) {
		return fmt.Errorf("blob id %q: %w", id, fs.ErrInvalid)
	}
	if err := checkBlob(id, sealed, v.ids...); err != nil {
		return fmt.Errorf("adopt blob %s: %w", id[:8], err)
	}
	final := v.blobPath(id)
	if _, err := v.o.FS.Stat(final); err == nil {
		return nil
	}
	if err := v.o.FS.MkdirAll(path.Dir(final)); err != nil {
		return fmt.Errorf("adopt blob: %w", err)
	}
	if err := v.writeRaw(final, sealed); err != nil {
		return fmt.Errorf("adopt blob %s: %w", id[:8], err)
	}
	return nil
}

// checkBlob is openBlob for its verdict alone; a blob sealed to another
// identity is ErrWrongKey.
func checkBlob(id string, sealed []byte, ids ...age.Identity) error {
	img, err := openBlob(id, sealed, ids...)
	if err != nil {
		var nm *age.NoIdentityMatchError
		if errors.As(err, &nm) {
			return ErrWrongKey
		}
		return err
	}
	clear(img)
	return nil
}

// openBlob decrypts sealed to its end with ids and returns the plaintext
// only if its SHA-256 is id.
func openBlob(id string, sealed []byte, ids ...age.Identity) ([]byte, error) {
	img, err := decryptAll(sealed, ids...)
	if err != nil {
		return nil, err
	}
	if s := sha256.Sum256(img); hex.EncodeToString(s[:]) != id {
		clear(img)
		return nil, fmt.Errorf("%w: blob content does not match its id", ErrDamaged)
	}
	return img, nil
}

// writeRaw writes bytes already sealed to final through a partial file
// (written, synced, read back and compared by writeVerified), renames it
// and syncs the folder. A failure removes the partial file.
func (v *Vault) writeRaw(final string, data []byte) error {
	fsys := v.o.FS
	partial := final + partialSuffix
	if err := fsys.Remove(partial); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	err := v.writeVerified(partial, data)
	if err == nil {
		err = v.rename(partial, final)
	}
	if err != nil {
		_ = fsys.Remove(partial)
		return err
	}
	if err := fsys.SyncDir(path.Dir(final)); err != nil {
		return fmt.Errorf("sync folder: %w", err)
	}
	return nil
}
