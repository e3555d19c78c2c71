package workspace

import (
	"errors"
	"fmt"

	"xinqing/internal/vault"
	"xinqing/internal/vault/keyslot"
)

// RecoveryIdentity returns the vault identity, which the recovery sheet
// prints, after the passphrase is typed again: the passphrase slot that
// opened the vault is unwrapped with it, so showing the sheet asks for
// the same proof as unlocking. A wrong passphrase is vault.ErrWrongKey.
// A vault opened with the recovery sheet has no slot in use and answers
// vault.ErrNoSlot.
func (w *Workspace) RecoveryIdentity(passphrase string) (string, error) {
	if w.isClosed() {
		return "", ErrClosed
	}
	slot, err := w.v.SlotBytes()
	if err != nil {
		return "", fmt.Errorf("recovery identity: %w", err)
	}
	id, err := keyslot.Open(slot, passphrase)
	if errors.Is(err, keyslot.ErrWrongPassphrase) {
		return "", fmt.Errorf("recovery identity: %w", vault.ErrWrongKey)
	}
	if err != nil {
		return "", fmt.Errorf("recovery identity: %w", err)
	}
	return id, nil
}
