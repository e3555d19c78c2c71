package backup

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"

	"filippo.io/age"

	"xinqing/internal/vault"
	"xinqing/internal/vault/keyslot"
	"xinqing/internal/vault/sheet"
)

// Key opens backups. Make one with Passphrase, Sheet, VaultKey or Keys.
type Key interface {
	// open decrypts sealed to its end; slot is the backup's own slot copy,
	// nil if it is damaged. Errors wrap vault.ErrWrongKey or ErrDamaged.
	open(sealed, slot []byte, p *progress) ([]byte, error)
}

// Decrypter is an unlocked vault (vault.Vault): it decrypts what is sealed
// to its identity, fully, before returning.
type Decrypter interface {
	Decrypt(sealed []byte) ([]byte, error)
}

type passKey struct {
	pass string
	mu   sync.Mutex
	// opened remembers the identity per slot so that the backups of one
	// stick, whose slots are usually identical, cost one KDF run.
	opened map[[32]byte]age.Identity
}

// Passphrase opens each backup through its own slot copy, so a stick
// restores on a PC that has no vault.
func Passphrase(p string) Key { return &passKey{pass: p, opened: map[[32]byte]age.Identity{}} }

func (k *passKey) open(sealed, slot []byte, p *progress) ([]byte, error) {
	if slot == nil {
		return nil, fmt.Errorf("%w: the backup's key slot is damaged; use the recovery sheet", ErrDamaged)
	}
	k.mu.Lock()
	id, ok := k.opened[sum(slot)]
	k.mu.Unlock()
	if !ok {
		identity, err := keyslot.Open(slot, k.pass)
		switch {
		case errors.Is(err, keyslot.ErrWrongPassphrase):
			return nil, vault.ErrWrongKey
		case err != nil:
			return nil, fmt.Errorf("%w: key slot: %v", ErrDamaged, err)
		}
		hid, err := age.ParseHybridIdentity(identity)
		if err != nil {
			return nil, fmt.Errorf("%w: key slot holds no vault identity", ErrDamaged)
		}
		id = hid
		k.mu.Lock()
		k.opened[sum(slot)] = id
		k.mu.Unlock()
	}
	img, err := decryptAll(sealed, p, id)
	if errors.Is(err, vault.ErrWrongKey) {
		// The passphrase opened this backup's own slot: an image that its
		// identity does not open is damaged, not a wrong passphrase.
		return nil, fmt.Errorf("%w: the image is not sealed to the key in its slot", ErrDamaged)
	}
	return img, err
}

type idKey struct{ id age.Identity }

// Sheet opens backups with the identity typed from the recovery sheet; a
// sheet that does not parse is an error here, before any file is read.
func Sheet(typed string) (Key, error) {
	identity, err := sheet.Parse(typed)
	if err != nil {
		return nil, fmt.Errorf("recovery sheet: %w", err)
	}
	id, err := age.ParseHybridIdentity(identity)
	if err != nil {
		return nil, fmt.Errorf("recovery sheet: %w", vault.ErrWrongKey)
	}
	return idKey{id}, nil
}

func (k idKey) open(sealed, _ []byte, p *progress) ([]byte, error) {
	return decryptAll(sealed, p, k.id)
}

type vaultKey struct{ d Decrypter }

// VaultKey opens backups sealed to an unlocked vault's identity.
func VaultKey(d Decrypter) Key { return vaultKey{d} }

func (k vaultKey) open(sealed, _ []byte, p *progress) ([]byte, error) {
	p.report(StageDecrypt, 0, int64(len(sealed)))
	img, err := k.d.Decrypt(sealed)
	if err != nil {
		return nil, classify(err)
	}
	p.report(StageDecrypt, int64(len(sealed)), int64(len(sealed)))
	return img, nil
}

type keys []Key

// Keys tries each key in turn while the answer is "wrong key".
func Keys(ks ...Key) Key { return keys(ks) }

func (ks keys) open(sealed, slot []byte, p *progress) ([]byte, error) {
	err := error(vault.ErrWrongKey)
	for _, k := range ks {
		var img []byte
		img, err = k.open(sealed, slot, p)
		if err == nil || !errors.Is(err, vault.ErrWrongKey) {
			return img, err
		}
	}
	return nil, err
}

// classify turns an age or vault decryption error into wrong key or damage:
// a header that no identity matches is a wrong key, anything else damage.
func classify(err error) error {
	var nm *age.NoIdentityMatchError
	switch {
	case errors.As(err, &nm), errors.Is(err, vault.ErrWrongKey):
		return vault.ErrWrongKey
	case errors.Is(err, ErrCancelled):
		return err
	}
	return fmt.Errorf("%w: %v", ErrDamaged, err)
}

// decryptAll decrypts a whole age file into memory and returns the
// plaintext only if it authenticated to its end (age releases plaintext
// before it can tell a truncation); partial plaintext is wiped.
func decryptAll(sealed []byte, p *progress, ids ...age.Identity) ([]byte, error) {
	r, err := age.Decrypt(bytes.NewReader(sealed), ids...)
	if err != nil {
		return nil, classify(err)
	}
	total := int64(len(sealed))
	out := make([]byte, len(sealed))
	n := 0
	for {
		if err := p.cancelled(); err != nil {
			clear(out[:n])
			return nil, err
		}
		m, err := r.Read(out[n:min(n+1<<20, len(out))])
		n += m
		p.report(StageDecrypt, int64(n), total)
		if err == io.EOF {
			break
		}
		if err != nil {
			clear(out[:n])
			return nil, fmt.Errorf("%w: payload: %v", ErrDamaged, err)
		}
		if n == len(out) {
			var one [1]byte
			if m, err := r.Read(one[:]); m > 0 || err != io.EOF {
				clear(out)
				return nil, fmt.Errorf("%w: payload longer than the file", ErrDamaged)
			}
			break
		}
	}
	return out[:n:n], nil
}
