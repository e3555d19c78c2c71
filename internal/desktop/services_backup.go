package desktop

import (
	"context"
	"errors"
	"path/filepath"

	"xinqing/internal/app"
	"xinqing/internal/backup"
	"xinqing/internal/ui"
	"xinqing/internal/vault"
)

// pendingRestore is a backup decrypted and checked, waiting for the user
// to confirm its summary.
type pendingRestore struct {
	p *app.Pending
}

// backupErr names the backup failures the screen explains; the rest are
// the kinds every screen knows (uiErr).
func backupErr(err error) error {
	kind := map[app.Kind]string{
		app.KindNoSpace: "no_space", app.KindTooLarge: "too_large", app.KindCancelled: "cancelled",
		app.KindIncomplete: "incomplete", app.KindNoBackup: "no_backup", app.KindWrongKey: "wrong_key",
		app.KindBackupDamaged: "damaged", app.KindSlotDamaged: "slot_damaged",
	}[app.ErrorKind(err)]
	if err == nil || kind == "" {
		return uiErr(err) // sheet typos become ui.SheetError
	}
	return &ui.BackupError{Kind: kind, Err: err}
}

// progress reports a backup's stages to the screen as one bar (each
// stage takes its share); cancelling is the context's.
func progress(f func(stage string, frac float64)) backup.Progress {
	return backup.ProgressFunc(func(s backup.Stage, done, total int64) {
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

func (r *reportsService) Drives(ctx context.Context) ([]ui.Drive, error) {
	ds, err := app.Drives(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ui.Drive, 0, len(ds))
	for _, d := range ds {
		out = append(out, ui.Drive{Path: d.Path, Label: d.Label, FS: d.FS, Free: d.Free, FAT: d.FAT})
	}
	return out, nil
}

func (r *reportsService) BackupNow(ctx context.Context, folder string, f func(string, float64)) (ui.BackupDone, error) {
	res, err := r.s.app.BackupNow(ctx, folder, 0, progress(f))
	if err != nil {
		return ui.BackupDone{}, backupErr(err)
	}
	return ui.BackupDone{File: filepath.Join(filepath.FromSlash(res.Dir), res.Name.String()+".age"), Gen: res.Name.Gen,
		Size: res.Size, Existing: res.Existing, Pruned: len(res.Pruned),
		Blobs: res.Blobs, Written: res.Written, Missing: len(res.Missing)}, nil
}

func (r *reportsService) VerifyBackups(ctx context.Context, folder string) ([]ui.BackupItem, error) {
	rep, err := r.s.app.VerifyBackups(ctx, folder, nil)
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
	b, err := app.InspectBackup(ctx, file, nil)
	if err != nil {
		return ui.RestoreSummary{}, backupErr(err)
	}
	p, err := r.s.app.OpenBackup(ctx, b, app.RestoreKeys{Passphrase: pass, Sheet: typed})
	if err != nil {
		return ui.RestoreSummary{}, backupErr(err)
	}
	r.mu.Lock()
	if r.restored != nil {
		r.restored.p.Close()
	}
	r.restored = &pendingRestore{p: p}
	r.mu.Unlock()
	s := p.Summary
	return ui.RestoreSummary{SavedAt: p.SavedAt(), Gen: s.Gen, Counts: s.Counts, BackupVault: s.VaultID, CurrentVault: p.CurrentVault,
		OtherVault: p.OtherVault(), Blobs: s.Blobs, BlobsAbsent: s.BlobsAbsent}, nil
}

func (r *reportsService) ConfirmRestore(ctx context.Context) error {
	r.mu.Lock()
	p := r.restored
	r.restored = nil
	r.mu.Unlock()
	if p == nil {
		return &ui.BackupError{Kind: "no_pending", Err: errors.New("no backup waiting to be restored")}
	}
	return uiErr(r.s.app.ConfirmRestore(ctx, p.p))
}

func (r *reportsService) CancelRestore() {
	r.mu.Lock()
	p := r.restored
	r.restored = nil
	r.mu.Unlock()
	if p != nil {
		p.p.Close()
	}
}

func (r *reportsService) BackupStatus(ctx context.Context) (ui.BackupStatus, error) {
	st, err := r.s.app.BackupStatus(ctx)
	if err != nil {
		return ui.BackupStatus{}, uiErr(err)
	}
	out := ui.BackupStatus{Last: st.Last, Reminder: int(st.Reminder), DrillDue: st.DrillDue}
	if st.HasDrill {
		out.Drill = drillInfo(st.Drill)
	}
	return out, nil
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
	d, err := r.s.app.Drill(ctx, folder, nil)
	if err != nil {
		return ui.DrillInfo{}, backupErr(err)
	}
	return drillInfo(d), nil
}
