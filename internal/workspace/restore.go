package workspace

import (
	"context"
	"errors"
	"fmt"

	"xinqing/internal/backup"
	"xinqing/internal/casework"
	"xinqing/internal/store"
	"xinqing/internal/vault"
)

// Restore adopts a backup that has fully verified (backup.Candidate.Open):
// first the attachment files the restored data refers to and the vault
// lacks are copied in from the stick (a file that fails its checks now
// refuses the restore with the live data untouched), then the live state
// is sealed as a "pre-restore" generation, then the
// restored database replaces the live one and is saved as the next
// generation. The restored store belongs to the workspace afterwards; the
// old one is closed, so callers must take Store() afresh. If the
// pre-restore save fails nothing changes; if the final save fails the
// restored data is live and unsaved (State says so) and the pre-restore
// generation is on disk. Restore takes r in every case: on an error before
// the swap its database is closed.
func (w *Workspace) Restore(ctx context.Context, r *backup.Restored) error {
	if w.isClosed() {
		r.Close()
		return ErrClosed
	}
	if err := ctx.Err(); err != nil {
		r.Close()
		return err
	}
	if err := w.restoreBlobs(r); err != nil {
		r.Close()
		return fmt.Errorf("restore: attachments: %w", err)
	}
	if err := w.Store().Audit(casework.AuditActionRestore, "", "pre-restore "+r.Summary.Name.String()); err != nil {
		r.Close()
		return fmt.Errorf("restore: %w", err)
	}
	w.Changed()
	if err := w.Save(ctx); err != nil {
		r.Close()
		return fmt.Errorf("restore: seal the current state first: %w", err)
	}
	// The restored data is saved after the backup's generation: numbers
	// only grow, and a restored rollback does not look older than the stick.
	w.v.SkipTo(r.Summary.Name.Gen + 1)
	return w.adopt(ctx, r.Store, "restore "+r.Summary.Name.String())
}

// adopt makes st the live database and saves it.
func (w *Workspace) adopt(ctx context.Context, st *store.Store, note string) error {
	if err := st.Audit(casework.AuditActionRestore, "", note); err != nil {
		st.Close()
		return fmt.Errorf("restore: %w", err)
	}
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		st.Close()
		return ErrClosed
	}
	if w.timer != nil {
		w.timer.Stop()
	}
	old := w.st
	w.st = st
	w.edits++
	w.mu.Unlock()
	old.Close()
	// The swap is done: a cancel now would only leave the restored data
	// unsaved, so this save runs to its end.
	if err := w.Save(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("restore: save the restored data: %w", err)
	}
	return nil
}

// CreateFromBackup is a restore onto a PC without a vault: it creates a
// vault in dir with passphrase (a new vault identity, so a new recovery
// sheet must be printed: the identity is returned for it), and makes the
// restored database its newest generation. It takes r in every case. The vault id is new too, so
// later backups go to a new folder on the stick.
func CreateFromBackup(ctx context.Context, dir, passphrase string, r *backup.Restored, o Options) (*Workspace, string, error) {
	w, identity, err := Create(ctx, dir, passphrase, o)
	if err != nil {
		r.Close()
		return nil, "", err
	}
	// Cancelled or failed, the new vault goes again: it holds nothing yet
	// but an empty first generation.
	abandon := func(err error) (*Workspace, string, error) {
		_ = w.Discard()
		return nil, "", err
	}
	// A new identity: every attachment is decrypted with the backup's key
	// and sealed anew.
	for _, id := range r.Blobs() {
		if err := ctx.Err(); err != nil {
			r.Close()
			return abandon(err)
		}
		if err := putBlob(w.v, r, id); err != nil {
			r.Close()
			return abandon(fmt.Errorf("restore: attachments: %w", err))
		}
	}
	if err := w.adopt(ctx, r.Store, "restore "+r.Summary.Name.String()+" from vault "+r.Summary.VaultID); err != nil {
		return abandon(err)
	}
	return w, identity, nil
}

// restoreBlobs copies into the vault the attachment files the restored
// data refers to that it lacks: as they are when the vault's own key opens
// them (the same vault), else decrypted with the backup's key and sealed
// to the vault's. Files already there are kept.
func (w *Workspace) restoreBlobs(r *backup.Restored) error {
	for _, id := range r.Blobs() {
		has, err := w.v.HasBlob(id)
		if err != nil {
			return err
		}
		if has {
			continue
		}
		sealed, err := r.SealedBlob(id)
		if err != nil {
			return err
		}
		err = w.v.AdoptBlob(id, sealed)
		if errors.Is(err, vault.ErrWrongKey) {
			err = putBlob(w.v, r, id)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// putBlob decrypts attachment id with the backup's key and seals it to v.
func putBlob(v *vault.Vault, r *backup.Restored, id string) error {
	plain, err := r.Blob(id)
	if err != nil {
		return err
	}
	defer clear(plain)
	got, err := v.PutBlob(plain)
	if err != nil {
		return err
	}
	if got != id {
		return fmt.Errorf("attachment %.8s stored as %.8s", id, got)
	}
	return nil
}
