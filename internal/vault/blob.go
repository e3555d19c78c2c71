package vault

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

const rekeySuffix = ".rekey"

func validBlobID(id string) bool {
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
	if !validBlobID(id) {
		return nil, fmt.Errorf("blob id %q: %w", id, fs.ErrInvalid)
	}
	var firstErr error
	// A .rekey copy exists only when a re-key was cut short; it is sealed
	// to the new identity.
	for _, p := range []string{v.blobPath(id), v.blobPath(id) + rekeySuffix} {
		data, err := v.o.FS.ReadFile(p)
		if err == nil {
			var img []byte
			if img, err = decryptAll(data, v.ids...); err == nil {
				if s := sha256.Sum256(img); hex.EncodeToString(s[:]) == id {
					return img, nil
				}
				err = fmt.Errorf("%w: blob content does not match its id", ErrDamaged)
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
			if ok && validBlobID(id) && id[:2] == sub {
				ids = append(ids, id)
			}
		}
	}
	return ids, nil
}
