package desktop

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"xinqing/internal/backup"
	"xinqing/internal/casework"
	"xinqing/internal/ui"
	"xinqing/internal/vault"
)

// pendingRestore is a backup decrypted and checked, waiting for the user
// to confirm its summary.
type pendingRestore struct {
	r *backup.Restored
}

// backupErr names the backup failures the screen explains.
func backupErr(err error) error {
	kind := ""
	switch {
	case err == nil:
		return nil
	case errors.Is(err, backup.ErrNoSpace):
		kind = "no_space"
	case errors.Is(err, backup.ErrTooLarge):
		kind = "too_large"
	case errors.Is(err, backup.ErrCancelled), errors.Is(err, context.Canceled):
		kind = "cancelled"
	case errors.Is(err, backup.ErrIncomplete):
		kind = "incomplete"
	case errors.Is(err, backup.ErrNoBackup):
		kind = "no_backup"
	case errors.Is(err, vault.ErrWrongKey):
		kind = "wrong_key"
	case errors.Is(err, backup.ErrDamaged):
		kind = "damaged"
	default:
		return uiErr(err) // sheet typos become ui.SheetError
	}
	return &ui.BackupError{Kind: kind, Err: err}
}

// progress reports a backup's stages to the screen as one bar (each
// stage takes its share) and stops the work when ctx is cancelled.
func progress(ctx context.Context, f func(stage string, frac float64)) backup.Progress {
	return backup.ContextProgress(ctx, func(s backup.Stage, done, total int64) {
		if f != nil {
			f(string(s), stageFraction(s, done, total))
		}
	})
}

// stageFraction is how far along the whole backup is at done of total
// in stage s.
func stageFraction(s backup.Stage, done, total int64) float64 {
	frac := 0.0
	if total > 0 {
		frac = min(float64(done)/float64(total), 1)
	}
	// A backup copies the attachments, writes and reads back the image,
	// waits for its check, then prunes (decrypting is a restore's stage).
	base := map[backup.Stage]float64{backup.StageBlobs: 0, backup.StageWrite: 0.25, backup.StageRead: 0.55,
		backup.StageCheck: 0.7, backup.StagePrune: 0.95}[s]
	share := map[backup.Stage]float64{backup.StageBlobs: 0.25, backup.StageWrite: 0.3, backup.StageRead: 0.15,
		backup.StageCheck: 0.25, backup.StagePrune: 0.05}[s]
	return base + share*frac
}

func (r *reportsService) Drives(context.Context) ([]ui.Drive, error) {
	ds, err := backup.Drives()
	if err != nil {
		return nil, fmt.Errorf("list drives: %w", err)
	}
	out := make([]ui.Drive, 0, len(ds))
	for _, d := range ds {
		out = append(out, ui.Drive{Path: d.Path, Label: d.Label, FS: d.FS, Free: d.Free, FAT: d.FAT})
	}
	return out, nil
}

func (r *reportsService) BackupNow(ctx context.Context, folder string, f func(string, float64)) (ui.BackupDone, error) {
	ws, err := r.s.workspace()
	if err != nil {
		return ui.BackupDone{}, err
	}
	res, err := ws.Backup(ctx, folder, backup.Options{Progress: progress(ctx, f)})
	if err != nil {
		return ui.BackupDone{}, backupErr(err)
	}
	if err := audit(ws, casework.AuditActionBackup, "", ""); err != nil {
		return ui.BackupDone{}, err
	}
	return ui.BackupDone{File: filepath.Join(filepath.FromSlash(res.Dir), res.Name.String()+".age"), Gen: res.Name.Gen,
		Size: res.Size, Existing: res.Existing, Pruned: len(res.Pruned),
		Blobs: res.Blobs, Written: res.Written, Missing: len(res.Missing)}, nil
}

func (r *reportsService) VerifyBackups(ctx context.Context, folder string) ([]ui.BackupItem, error) {
	ws, err := r.s.workspace()
	if err != nil {
		return nil, err
	}
	rep, err := backup.Verify(folder, backup.VaultKey(ws.Vault()), backup.Options{Progress: progress(ctx, nil)})
	if err != nil {
		return nil, backupErr(err)
	}
	out := make([]ui.BackupItem, 0, len(rep.Items))
	for _, it := range rep.Items {
		bi := ui.BackupItem{File: it.File(), At: it.Name.Time, Gen: it.Name.Gen}
		switch it.Status {
		case backup.Verified:
			bi.Status = "verified"
			if errors.Is(it.Err, vault.ErrWrongKey) {
				bi.Reason = "校验值正确；当前档案库的密钥打不开它（另一个档案库的备份）"
			}
		case backup.Damaged:
			bi.Status, bi.Reason = "damaged", "内容与校验记录不符"
		default:
			bi.Status, bi.Reason = "incomplete", "缺少校验文件（备份被中断）"
		}
		out = append(out, bi)
	}
	return out, nil
}

func (r *reportsService) OpenBackup(ctx context.Context, file, pass, typed string) (ui.RestoreSummary, error) {
	ws, err := r.s.workspace()
	if err != nil {
		return ui.RestoreSummary{}, err
	}
	o := backup.Options{Progress: progress(ctx, nil)}
	cand, err := backup.Inspect(file, o)
	if err != nil {
		return ui.RestoreSummary{}, backupErr(err)
	}
	keys := []backup.Key{backup.VaultKey(ws.Vault())}
	if pass != "" {
		keys = append(keys, backup.Passphrase(pass))
	}
	if typed != "" {
		k, err := backup.Sheet(typed)
		if err != nil {
			return ui.RestoreSummary{}, uiErr(err)
		}
		keys = append(keys, k)
	} else if cand.SlotErr() != nil && pass != "" {
		return ui.RestoreSummary{}, &ui.BackupError{Kind: "slot_damaged", Err: cand.SlotErr()}
	}
	res, err := cand.Open(backup.Keys(keys...), o)
	if err != nil {
		return ui.RestoreSummary{}, backupErr(err)
	}
	r.mu.Lock()
	if r.restored != nil {
		r.restored.r.Close()
	}
	r.restored = &pendingRestore{r: res}
	r.mu.Unlock()
	s := res.Summary
	at := s.SavedAt
	if at.IsZero() {
		at = s.Name.Time
	}
	return ui.RestoreSummary{SavedAt: at, Gen: s.Gen, Counts: s.Counts, BackupVault: s.VaultID, CurrentVault: ws.ID(),
		OtherVault: s.VaultID != "" && s.VaultID != ws.ID(), Blobs: s.Blobs, BlobsAbsent: s.BlobsAbsent}, nil
}

func (r *reportsService) ConfirmRestore(ctx context.Context) error {
	ws, err := r.s.workspace()
	if err != nil {
		return err
	}
	r.mu.Lock()
	p := r.restored
	r.restored = nil
	r.mu.Unlock()
	if p == nil {
		return &ui.BackupError{Kind: "no_pending", Err: errors.New("no backup waiting to be restored")}
	}
	if err := ws.Restore(ctx, p.r); err != nil {
		return uiErr(err)
	}
	return audit(ws, casework.AuditActionRestore, "", "")
}

func (r *reportsService) CancelRestore() {
	r.mu.Lock()
	p := r.restored
	r.restored = nil
	r.mu.Unlock()
	if p != nil {
		p.r.Close()
	}
}

func (r *reportsService) BackupStatus(context.Context) (ui.BackupStatus, error) {
	ws, err := r.s.workspace()
	if err != nil {
		return ui.BackupStatus{}, err
	}
	rem, last, err := ws.BackupReminder()
	if err != nil {
		return ui.BackupStatus{}, uiErr(err)
	}
	st := ui.BackupStatus{Last: last, Reminder: int(rem)}
	d, ok, err := ws.Journal().LastDrill()
	if err != nil {
		return ui.BackupStatus{}, uiErr(err)
	}
	if ok {
		st.Drill = drillInfo(d)
	}
	if st.DrillDue, err = ws.DrillDue(); err != nil {
		return ui.BackupStatus{}, uiErr(err)
	}
	return st, nil
}

func drillInfo(d backup.DrillResult) ui.DrillInfo {
	out := ui.DrillInfo{At: d.At, Backup: d.Backup, OK: d.OK}
	if !d.OK {
		out.Reason = "备份无法恢复或内容不符"
		if errors.Is(d.Err, backup.ErrNoBackup) {
			out.Reason = "没有找到这个档案库的备份"
		}
	}
	return out
}

func (r *reportsService) RunDrill(ctx context.Context, folder string) (ui.DrillInfo, error) {
	ws, err := r.s.workspace()
	if err != nil {
		return ui.DrillInfo{}, err
	}
	d, err := ws.Drill(folder, backup.Options{Progress: progress(ctx, nil)})
	if err != nil {
		return ui.DrillInfo{}, backupErr(err)
	}
	return drillInfo(d), nil
}
