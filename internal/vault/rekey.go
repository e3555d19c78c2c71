package vault

import (
	"context"
	"errors"
	"fmt"
	"path"

	"filippo.io/age"
)

// Rekey is the emergency re-key for a passphrase someone has seen: a new
// identity VI, the current image (from snapshot, as for Save) sealed to it
// as the next generation, every
// blob re-sealed, both slots under newPass; the old generations are removed
// only after all of that succeeded. It returns the new VI for a new sheet.
//
// Order for power cuts: first both slots take newPass for the old identity;
// then the new generation and the blobs' .rekey copies are written and
// verified; then the slots switch to the new identity under the same
// newPass. A cut between the two slot copies leaves two copies that both
// open with newPass, and Unlock keeps both identities, so every file stays
// readable (Blob falls back to the .rekey copy).
//
// If Rekey fails, the passphrase may already be newPass (for the old
// identity): the caller must say so.
//
// A cancelled ctx stops it before anything is written (the calibration
// included); once the slots start to change it runs to the end, since
// stopping half way leaves more to undo than finishing.
func (v *Vault) Rekey(ctx context.Context, newPass string, snapshot func(gen uint64) ([]byte, error)) (string, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.usable(); err != nil {
		return "", err
	}
	p, err := v.o.kdf(ctx)
	if err != nil {
		return "", err
	}
	// One calibration for both reseals below.
	saved := v.o.KDF
	v.o.KDF = p
	defer func() { v.o.KDF = saved }()
	if err := v.removeLeftovers(); err != nil {
		return "", fmt.Errorf("re-key: %w", err)
	}
	// First the new passphrase for the old identity, so that from here on
	// every slot copy, old identity or new, opens with newPass alone.
	if err := v.resealSlots(ctx, v.identity, newPass); err != nil {
		return "", fmt.Errorf("re-key: %w", err)
	}
	vi, err := age.GenerateHybridIdentity()
	if err != nil {
		return "", fmt.Errorf("re-key: %w", err)
	}
	identity, r, ids := vi.String(), vi.Recipient(), []age.Identity{vi}
	n := v.next
	// The image records its own generation number, so it is taken here,
	// under the save lock, once n is known.
	image, err := snapshot(n)
	if err != nil {
		return "", fmt.Errorf("re-key: snapshot: %w", err)
	}
	if err := v.sealGeneration(n, image, r, ids); err != nil {
		return "", fmt.Errorf("re-key: %w", err)
	}
	blobs, err := v.listBlobs()
	if err != nil {
		return "", v.undoRekey(n, nil, err)
	}
	var staged []string
	for _, id := range blobs {
		plain, err := v.blob(id)
		if errors.Is(err, ErrDamaged) {
			continue // unreadable under any key; Check reports it
		}
		if err != nil {
			return "", v.undoRekey(n, staged, err)
		}
		tmp := v.blobPath(id) + rekeySuffix
		_ = v.o.FS.Remove(tmp)
		staged = append(staged, tmp)
		if err := v.writeSealed(tmp+partialSuffix, tmp, plain, r, ids); err != nil {
			_ = v.o.FS.Remove(tmp + partialSuffix)
			return "", v.undoRekey(n, staged, err)
		}
	}
	oldIDs := v.ids
	if err := v.resealSlots(context.WithoutCancel(ctx), identity, newPass); err != nil {
		// One copy may already hold the new identity: undo only once both
		// copies hold the old slot again, else keep what the new one reads.
		if v.slot == nil {
			return "", fmt.Errorf("re-key: %w", err)
		}
		for _, name := range slotNames {
			if werr := v.writeSlot(name, v.slot); werr != nil {
				return "", fmt.Errorf("re-key: %w (restoring the old slot: %v)", err, werr)
			}
		}
		return "", v.undoRekey(n, staged, err)
	}
	// From here the new identity is in effect; keep the old one for the
	// blobs until they are all renamed.
	v.identity, v.recipient = identity, r
	v.ids = append(ids, oldIDs...)
	v.lastAck, v.next, v.lastPath = n, n+1, v.p(genDir, genName(n))
	v.verified = map[uint64]bool{n: true}
	v.writeLastSaved(n)
	for _, tmp := range staged {
		if err := v.rename(tmp, tmp[:len(tmp)-len(rekeySuffix)]); err != nil {
			return identity, fmt.Errorf("re-key: finish blob: %w", err)
		}
		_ = v.o.FS.SyncDir(path.Dir(tmp))
	}
	v.ids = ids
	gens, err := v.listGens()
	if err != nil {
		return identity, fmt.Errorf("re-key: %w", err)
	}
	for _, g := range gens {
		if g.gen < n {
			if err := v.o.FS.Remove(v.p(genDir, g.name)); err != nil {
				return identity, fmt.Errorf("re-key: remove old generation: %w", err)
			}
		}
	}
	if err := v.o.FS.SyncDir(v.p(genDir)); err != nil {
		return identity, fmt.Errorf("re-key: %w", err)
	}
	return identity, nil
}

// undoRekey removes what a re-key wrote before its slots switched.
func (v *Vault) undoRekey(n uint64, staged []string, cause error) error {
	for _, s := range staged {
		_ = v.o.FS.Remove(s)
	}
	final := v.p(genDir, genName(n))
	v.leftovers = []string{final + partialSuffix, final}
	_ = v.removeLeftovers()
	return fmt.Errorf("re-key: %w", cause)
}
