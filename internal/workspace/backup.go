package workspace

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"xinqing/internal/backup"
	"xinqing/internal/casework"
)

// The backup history is kept in the vault's own audit log (the store has
// no settings table for it): a backup entry's object id is
// "backup <name> <content hash>", a drill's "drill ok <name>" or
// "drill failed <name>". Ids and hashes only, never a path or a name.
const (
	auditBackup   = "backup"
	auditDrillOK  = "drill ok"
	auditDrillBad = "drill failed"
)

// Journal is the backup history of this vault (backup.Journal over the
// audit log). Recording marks the workspace changed, so the entry is saved
// with the next generation.
func (w *Workspace) Journal() backup.Journal { return journal{w} }

type journal struct{ w *Workspace }

func (j journal) RecordBackup(e backup.Entry) error {
	if err := j.w.Store().Audit(casework.AuditActionBackup, "",
		auditBackup+" "+e.Name.String()+" "+hex.EncodeToString(e.Hash[:])); err != nil {
		return err
	}
	j.w.Changed()
	return nil
}

func (j journal) RecordDrill(d backup.DrillResult) error {
	tag := auditDrillBad
	if d.OK {
		tag = auditDrillOK
	}
	if err := j.w.Store().Audit(casework.AuditActionRestore, "", tag+" "+d.Backup); err != nil {
		return err
	}
	j.w.Changed()
	return nil
}

// backups lists the recorded backups, oldest first.
func (j journal) backups() ([]backup.Entry, error) {
	es, err := j.w.Store().AuditOf(casework.AuditActionBackup)
	if err != nil {
		return nil, err
	}
	var out []backup.Entry
	for _, e := range es {
		if e.Action != casework.AuditActionBackup {
			continue
		}
		f := strings.Fields(e.ObjectID)
		if len(f) != 3 || f[0] != auditBackup {
			continue
		}
		n, err := backup.ParseName(f[1], time.Local)
		if err != nil {
			continue
		}
		h, err := hex.DecodeString(f[2])
		if err != nil || len(h) != 32 {
			continue
		}
		be := backup.Entry{At: e.At, Name: n}
		copy(be.Hash[:], h)
		out = append(out, be)
	}
	return out, nil
}

func (j journal) LastBackup() (backup.Entry, bool, error) {
	es, err := j.backups()
	if err != nil || len(es) == 0 {
		return backup.Entry{}, false, err
	}
	return es[len(es)-1], true, nil
}

func (j journal) LastDrill() (backup.DrillResult, bool, error) {
	es, err := j.w.Store().AuditOf(casework.AuditActionRestore)
	if err != nil {
		return backup.DrillResult{}, false, err
	}
	for i := len(es) - 1; i >= 0; i-- {
		e := es[i]
		if e.Action != casework.AuditActionRestore {
			continue
		}
		for tag, ok := range map[string]bool{auditDrillOK: true, auditDrillBad: false} {
			if name, found := strings.CutPrefix(e.ObjectID, tag+" "); found {
				return backup.DrillResult{At: e.At, Backup: name, OK: ok}, true, nil
			}
		}
	}
	return backup.DrillResult{}, false, nil
}

// known looks up the content hash recorded for a backup.
func (j journal) known(base string) ([32]byte, bool) {
	es, err := j.backups()
	if err != nil {
		return [32]byte{}, false
	}
	for i := len(es) - 1; i >= 0; i-- {
		if es[i].Name.String() == base {
			return es[i].Hash, true
		}
	}
	return [32]byte{}, false
}

func (w *Workspace) backupOptions(o backup.Options) backup.Options {
	if o.FS == nil {
		o.FS = w.o.Vault.FS
	}
	if o.Now == nil {
		o.Now = w.o.Now
	}
	return o
}

// Backup saves pending edits, then backs up the newest generation and the
// attachment files it refers to to folder (a stick) with full
// verification, and records it in the journal. Result.Missing lists
// attachments the vault could not provide intact (the backup holds the
// rest and says so).
// It retries when an edit lands while the source hash is taken.
func (w *Workspace) Backup(ctx context.Context, folder string, o backup.Options) (*backup.Result, error) {
	o = w.backupOptions(o)
	const tries = 5
	for try := 1; ; try++ {
		if w.isClosed() {
			return nil, ErrClosed
		}
		if s := w.State(); s.Kind != Saved {
			if err := w.Save(ctx); err != nil {
				return nil, fmt.Errorf("save before the backup: %w", err)
			}
		}
		w.mu.Lock()
		edits, st := w.edits, w.state
		w.mu.Unlock()
		var h, img [32]byte
		var blobs []string
		var err error
		if st.Kind == Saved {
			// The image's own hash spares the verification a second
			// content hash of the same bytes.
			if h, img, err = w.Store().Hashes(ctx); err != nil {
				return nil, fmt.Errorf("backup: content hash: %w", err)
			}
			// The attachments of the same state: the edit check below
			// covers both.
			if blobs, err = backup.ReferencedBlobs(w.Store()); err != nil {
				return nil, fmt.Errorf("backup: %w", err)
			}
		}
		w.mu.Lock()
		same := st.Kind == Saved && w.edits == edits && w.state.Gen == st.Gen
		w.mu.Unlock()
		if !same {
			// An edit landed while saving or hashing: the hash may not be
			// the generation's.
			if try == tries {
				return nil, fmt.Errorf("backup: %w", backup.ErrChanged)
			}
			continue
		}
		res, err := backup.Run(ctx, w.v, backup.Expect{Gen: st.Gen, Hash: h, Blobs: blobs, Image: img}, folder, o)
		if errors.Is(err, backup.ErrChanged) && try < tries {
			continue
		}
		if err != nil {
			return nil, err
		}
		if err := w.Journal().RecordBackup(backup.Entry{At: w.o.Now(), Name: res.Name, Hash: res.Hash}); err != nil {
			return res, fmt.Errorf("backup written and verified, but not recorded: %w", err)
		}
		return res, nil
	}
}

// BackupReminder is the reminder level for the last recorded backup and
// its time (zero if none).
func (w *Workspace) BackupReminder() (backup.Reminder, time.Time, error) {
	e, ok, err := w.Journal().LastBackup()
	if err != nil {
		return backup.Due, time.Time{}, err
	}
	if !ok {
		return backup.Remind(time.Time{}, w.o.Now()), time.Time{}, nil
	}
	return backup.Remind(e.At, w.o.Now()), e.At, nil
}

// Drill restores the newest backup of this vault under folder into memory
// (with the vault's own key) and compares it with the hash recorded when
// it was written; the result is recorded. A drill cancelled through ctx
// is not a result and is not recorded.
func (w *Workspace) Drill(ctx context.Context, folder string, o backup.Options) (backup.DrillResult, error) {
	if w.isClosed() {
		return backup.DrillResult{}, ErrClosed
	}
	o = w.backupOptions(o)
	j := journal{w}
	res := backup.Drill(ctx, folder, w.ID(), backup.VaultKey(w.v), j.known, o)
	if errors.Is(res.Err, backup.ErrNoBackup) || errors.Is(res.Err, backup.ErrCancelled) {
		return res, res.Err
	}
	if err := j.RecordDrill(res); err != nil {
		return res, err
	}
	return res, nil
}

// DrillDue reports whether the monthly restore drill is due.
func (w *Workspace) DrillDue() (bool, error) {
	d, ok, err := w.Journal().LastDrill()
	if err != nil {
		return false, err
	}
	if !ok || !d.OK {
		return true, nil
	}
	return backup.DrillDue(d.At, w.o.Now()), nil
}
