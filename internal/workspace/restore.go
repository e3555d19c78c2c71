package workspace

import (
	"context"
	"fmt"

	"xinqing/internal/backup"
	"xinqing/internal/casework"
	"xinqing/internal/store"
)

// Restore adopts a backup that has fully verified (backup.Candidate.Open):
// the live state is first sealed as a "pre-restore" generation, then the
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
	if err := w.Store().Audit(casework.AuditActionRestore, "", "pre-restore "+r.Summary.Name.String()); err != nil {
		r.Close()
		return fmt.Errorf("restore: %w", err)
	}
	w.Changed()
	if err := w.Save(ctx); err != nil {
		r.Close()
		return fmt.Errorf("restore: seal the current state first: %w", err)
	}
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
	if err := w.Save(ctx); err != nil {
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
	w, identity, err := Create(dir, passphrase, o)
	if err != nil {
		r.Close()
		return nil, "", err
	}
	if err := w.adopt(ctx, r.Store, "restore "+r.Summary.Name.String()+" from vault "+r.Summary.VaultID); err != nil {
		w.Lock()
		return nil, "", err
	}
	return w, identity, nil
}
