package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// backupScreen is 备份: the removable drives, backing up with progress
// and cancel, verifying a stick, the two-phase restore, the age of the
// last backup and the restore drill.
type backupScreen struct {
	a   *App
	svc ReportsService

	drives   []Drive
	driveSel *widget.Select
	folder   string // the chosen drive or folder
	target   *widget.Label

	age      *canvas.Text
	drill    *widget.Label
	progress *widget.ProgressBar
	stage    *widget.Label
	result   *widget.Label
	runBtn   *widget.Button
	cancel   *widget.Button

	mu     sync.Mutex
	stopFn context.CancelFunc

	items    []BackupItem
	itemList *widget.List
	warning  *fyne.Container // a rollback found
}

func newBackup(a *App) Screen {
	b := &backupScreen{a: a, svc: a.d.Reports, warning: container.NewVBox()}
	b.target = widget.NewLabel(tr("backup.no_target"))
	b.age = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	b.age.TextStyle = fyne.TextStyle{Bold: true}
	b.drill = widget.NewLabel("")
	b.drill.Wrapping = fyne.TextWrapWord
	b.progress = widget.NewProgressBar()
	b.progress.Hide()
	b.stage = widget.NewLabel("")
	b.result = widget.NewLabel("")
	b.result.Wrapping = fyne.TextWrapWord
	b.driveSel = widget.NewSelect(nil, func(string) {
		i := b.driveSel.SelectedIndex()
		if i >= 0 && i < len(b.drives) {
			b.setFolder(b.drives[i].Path)
		}
	})
	b.driveSel.PlaceHolder = tr("backup.pick_drive")
	b.itemList = widget.NewList(
		func() int { return len(b.items) },
		func() fyne.CanvasObject {
			st := widget.NewLabel("")
			return container.NewBorder(nil, nil, st,
				widget.NewButtonWithIcon(tr("backup.restore_this"), theme.HistoryIcon(), nil), widget.NewLabel(""))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) { b.fillItem(id, o) },
	)
	return b
}

func (b *backupScreen) Content() fyne.CanvasObject {
	if b.svc == nil {
		return container.NewVBox(heading(tr("nav.backup")), paragraph(tr("err.not_available")))
	}
	refresh := b.a.act.button(tr("backup.refresh"), theme.ViewRefreshIcon(), b.refreshDrives)
	other := b.a.act.button(tr("backup.other_folder"), theme.FolderOpenIcon(), func() {
		pickFolder(b.a.win, b.setFolder)
	})
	b.runBtn = b.a.act.button(tr("backup.now"), theme.UploadIcon(), b.onBackup)
	b.runBtn.Importance = widget.HighImportance
	b.cancel = b.a.act.button(tr("backup.cancel"), theme.CancelIcon(), b.onCancel)
	b.cancel.Hide()
	verify := b.a.act.button(tr("backup.verify"), theme.ConfirmIcon(), b.onVerify)
	drill := b.a.act.button(tr("backup.drill"), theme.MediaReplayIcon(), b.onDrill)
	restoreFile := b.a.act.button(tr("backup.restore_file"), theme.FileIcon(), func() {
		d := dialog.NewFileOpen(func(u fyne.URIReadCloser, err error) {
			if err != nil || u == nil {
				return
			}
			p := u.URI().Path()
			_ = u.Close()
			b.startRestore(p)
		}, b.a.win)
		showFileDialog(d)
	})
	b.refreshDrives()
	b.loadStatus()
	b.checkRollback()
	// The age is canvas text (it turns red); padded like the labels.
	age := container.New(layout.NewCustomPaddedLayout(0, 0, theme.InnerPadding(), 0), b.age)
	status := widget.NewCard(tr("backup.status"), "", container.NewVBox(age, b.drill))
	where := widget.NewCard(tr("backup.where"), tr("backup.where_body"), container.NewVBox(
		container.NewHBox(widget.NewLabel(tr("backup.drive")), b.driveSel, refresh, other),
		b.target,
		container.NewHBox(b.runBtn, b.cancel, verify, drill, restoreFile),
		b.progress, b.stage, b.result,
	))
	list := widget.NewCard(tr("backup.on_drive"), tr("backup.on_drive_body"), container.New(&repMinHeight{h: 220}, b.itemList))
	return newVScroll(container.NewVBox(b.warning, status, where, list))
}

func (b *backupScreen) setFolder(p string) {
	b.folder = p
	b.target.SetText(tr("backup.target", map[string]any{"Path": p}))
}

func (b *backupScreen) refreshDrives() {
	b.a.d.Go(func() {
		ds, err := b.svc.Drives(context.Background())
		fyne.Do(func() {
			if err != nil {
				b.result.SetText(errorMessage("list drives", err))
				return
			}
			b.drives = ds
			var opts []string
			for _, d := range ds {
				s := tr("backup.drive_row", map[string]any{"Path": d.Path, "Label": d.Label, "FS": d.FS, "Free": byteSize(int64(d.Free))})
				if d.FAT {
					s += " " + tr("backup.fat")
				}
				opts = append(opts, s)
			}
			b.driveSel.SetOptions(opts)
			if len(ds) == 0 {
				b.driveSel.PlaceHolder = tr("backup.no_drive")
				b.driveSel.ClearSelected()
			} else if b.folder == "" {
				b.driveSel.SetSelectedIndex(0)
			}
			b.driveSel.Refresh()
		})
	})
}

// byteSize is 1.5 MB, 20 KB or 12 字节.
func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return tr("backup.bytes", map[string]any{"N": n})
}

func (b *backupScreen) loadStatus() {
	b.a.d.Go(func() {
		st, err := b.svc.BackupStatus(context.Background())
		fyne.Do(func() {
			if err != nil {
				b.drill.SetText(errorMessage("backup status", err))
				return
			}
			b.showStatus(st)
		})
	})
}

// showStatus shows the last backup's age: a reminder after 7 days, red
// after 14.
func (b *backupScreen) showStatus(st BackupStatus) {
	fg := theme.Color(theme.ColorNameForeground)
	switch {
	case st.Last.IsZero():
		b.age.Text = tr("backup.never")
		fg = theme.Color(theme.ColorNameError)
	default:
		days := int(b.a.d.Clock.Now().Sub(st.Last).Hours() / 24)
		b.age.Text = tr("backup.last", map[string]any{"At": st.Last.Local().Format("2006-01-02 15:04"), "Days": days})
		switch st.Reminder {
		case 1:
			b.age.Text += " " + tr("backup.due")
			fg = theme.Color(theme.ColorNameWarning)
		case 2:
			b.age.Text += " " + tr("backup.overdue")
			fg = theme.Color(theme.ColorNameError)
		}
	}
	b.age.Color = fg
	b.age.Refresh()
	var d string
	switch {
	case st.Drill.At.IsZero():
		d = tr("backup.drill_never")
	case st.Drill.OK:
		d = tr("backup.drill_ok", map[string]any{"At": st.Drill.At.Local().Format("2006-01-02"), "Backup": st.Drill.Backup})
	default:
		d = tr("backup.drill_failed", map[string]any{"At": st.Drill.At.Local().Format("2006-01-02"), "Reason": st.Drill.Reason})
	}
	if st.DrillDue {
		d += "\n" + tr("backup.drill_due")
	}
	b.drill.SetText(d)
}

func (b *backupScreen) needFolder() bool {
	if b.folder == "" {
		b.result.SetText(tr("backup.no_target"))
		return false
	}
	return true
}

var backupStages = map[string]string{
	"blobs": "backup.stage.blobs", "write": "backup.stage.write", "read": "backup.stage.read", "decrypt": "backup.stage.decrypt",
	"check": "backup.stage.check", "prune": "backup.stage.prune",
}

func stageText(s string) string {
	if k, ok := backupStages[s]; ok {
		return tr(k)
	}
	return s
}

func (b *backupScreen) onBackup() {
	if !b.needFolder() {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	b.mu.Lock()
	b.stopFn = cancel
	b.mu.Unlock()
	folder := b.folder
	b.runBtn.Disable()
	b.cancel.Show()
	b.progress.SetValue(0)
	b.progress.Show()
	b.result.SetText("")
	b.a.d.Go(func() {
		res, err := b.svc.BackupNow(ctx, folder, func(stage string, frac float64) {
			fyne.Do(func() {
				b.stage.SetText(stageText(stage))
				b.progress.SetValue(frac)
			})
		})
		cancel()
		fyne.Do(func() {
			b.mu.Lock()
			b.stopFn = nil
			b.mu.Unlock()
			b.runBtn.Enable()
			b.cancel.Hide()
			b.progress.Hide()
			b.stage.SetText("")
			if err != nil {
				b.result.SetText(backupErrText("backup", err))
				return
			}
			msg := tr("backup.done", map[string]any{"File": res.File, "Gen": res.Gen, "Size": byteSize(res.Size)})
			if res.Existing {
				msg = tr("backup.existing", map[string]any{"File": res.File})
			}
			if res.Blobs > 0 {
				msg += "\n" + tr("backup.blobs", map[string]any{"N": res.Blobs, "Written": res.Written})
			}
			if res.Missing > 0 {
				msg += "\n" + tr("backup.missing", map[string]any{"N": res.Missing})
			}
			if res.Pruned > 0 {
				msg += "\n" + tr("backup.pruned", map[string]any{"N": res.Pruned})
			}
			b.result.SetText(msg + "\n" + tr("backup.eject"))
			b.loadStatus()
		})
	})
}

func (b *backupScreen) onCancel() {
	b.mu.Lock()
	f := b.stopFn
	b.mu.Unlock()
	if f != nil {
		f()
	}
}

// backupErrText explains backup failures; errors the shell knows go
// through errorMessage.
func backupErrText(op string, err error) string {
	var be *BackupError
	if errors.As(err, &be) {
		fyne.LogError(op, err)
		return tr("backup.err." + be.Kind)
	}
	return errorMessage(op, err)
}

func (b *backupScreen) onVerify() {
	if !b.needFolder() {
		return
	}
	folder := b.folder
	b.result.SetText(tr("backup.verifying"))
	b.a.d.Go(func() {
		items, err := b.svc.VerifyBackups(context.Background(), folder)
		fyne.Do(func() {
			if err != nil {
				b.result.SetText(backupErrText("verify backups", err))
				return
			}
			b.items = items
			b.itemList.Refresh()
			n := map[string]int{}
			for _, it := range items {
				n[it.Status]++
			}
			b.result.SetText(tr("backup.verified", map[string]any{"OK": n["verified"], "Damaged": n["damaged"], "Incomplete": n["incomplete"]}))
		})
	})
}

func (b *backupScreen) fillItem(id widget.ListItemID, o fyne.CanvasObject) {
	it := b.items[id]
	c := o.(*fyne.Container)
	name := c.Objects[0].(*widget.Label)
	st := c.Objects[1].(*widget.Label)
	btn := c.Objects[2].(*widget.Button)
	switch it.Status {
	case "verified":
		st.Importance = widget.SuccessImportance
	case "damaged":
		st.Importance = widget.DangerImportance
	default:
		st.Importance = widget.WarningImportance
	}
	st.SetText(tr("backup.status." + it.Status))
	txt := tr("backup.item", map[string]any{"At": it.At.Local().Format("2006-01-02 15:04"), "Gen": it.Gen, "File": filepath.Base(it.File)})
	if it.Reason != "" {
		txt += "（" + it.Reason + "）"
	}
	name.SetText(txt)
	if it.Status == "verified" {
		btn.Enable()
	} else {
		btn.Disable()
	}
	file := it.File
	btn.OnTapped = func() {
		b.a.touched()
		b.startRestore(file)
	}
}

func (b *backupScreen) onDrill() {
	if !b.needFolder() {
		return
	}
	folder := b.folder
	b.result.SetText(tr("backup.drilling"))
	b.a.d.Go(func() {
		d, err := b.svc.RunDrill(context.Background(), folder)
		fyne.Do(func() {
			if err != nil {
				b.result.SetText(backupErrText("restore drill", err))
				return
			}
			if d.OK {
				b.result.SetText(tr("backup.drill_ok", map[string]any{"At": d.At.Local().Format("2006-01-02"), "Backup": d.Backup}))
			} else {
				b.result.SetText(tr("backup.drill_failed", map[string]any{"At": d.At.Local().Format("2006-01-02"), "Reason": d.Reason}))
			}
			b.loadStatus()
		})
	})
}

// startRestore is phase one: ask for the key (the vault's own key is
// tried when both are left empty), then show the summary.
func (b *backupScreen) startRestore(file string) {
	pass := newPasswordEntry(b.a.act)
	sheet := newMultiLineEntry(b.a.act)
	sheet.SetPlaceHolder(tr("backup.sheet_placeholder"))
	msg := errorBlock()
	form := container.NewVBox(
		paragraph(tr("backup.restore_key_body", map[string]any{"File": filepath.Base(file)})),
		widget.NewLabel(tr("backup.restore_pass")), pass,
		widget.NewLabel(tr("backup.restore_sheet")), container.New(&repMinHeight{h: 90}, sheet),
		msg,
	)
	var d *dialog.CustomDialog
	open := b.a.act.button(tr("backup.restore_check"), theme.ConfirmIcon(), func() {
		setError(msg, tr("backup.checking"))
		p, s := pass.Text, strings.TrimSpace(sheet.Text)
		b.a.d.Go(func() {
			sum, err := b.svc.OpenBackup(context.Background(), file, p, s)
			fyne.Do(func() {
				if err != nil {
					setError(msg, backupErrText("open backup", err))
					return
				}
				d.Hide()
				b.confirmRestore(sum)
			})
		})
	})
	open.Importance = widget.HighImportance
	cancel := b.a.act.button(tr("reports.cancel"), theme.CancelIcon(), func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons(tr("backup.restore_title"), container.NewBorder(nil,
		container.NewHBox(layout.NewSpacer(), cancel, open), nil, nil, form), b.a.win)
	d.Resize(fyne.NewSize(560, 420))
	d.Show()
}

// restoreSummaryText is the summary: date, generation and counts per
// record kind.
func restoreSummaryText(s RestoreSummary) string {
	var lines []string
	lines = append(lines, tr("backup.summary_head", map[string]any{"At": s.SavedAt.Local().Format("2006-01-02 15:04"), "Gen": s.Gen}))
	for _, k := range casework.AllKinds() {
		if n := s.Counts[k]; n > 0 {
			lines = append(lines, "  "+tr("record."+string(k))+"："+fmt.Sprint(n))
		}
	}
	if s.Blobs > 0 {
		lines = append(lines, tr("backup.summary_blobs", map[string]any{"N": s.Blobs}))
	}
	if s.BlobsAbsent > 0 {
		lines = append(lines, tr("backup.summary_blobs_absent", map[string]any{"N": s.BlobsAbsent}))
	}
	if s.OtherVault {
		lines = append(lines, tr("backup.other_vault"))
	}
	lines = append(lines, tr("backup.pre_restore"))
	return strings.Join(lines, "\n")
}

// confirmRestore is phase two: the summary, then confirm.
func (b *backupScreen) confirmRestore(s RestoreSummary) {
	dialog.ShowCustomConfirm(tr("backup.confirm_title"), tr("backup.confirm"), tr("reports.cancel"),
		widget.NewLabel(restoreSummaryText(s)), func(ok bool) {
			if !ok {
				b.svc.CancelRestore()
				b.result.SetText(tr("backup.restore_cancelled"))
				return
			}
			b.result.SetText(tr("backup.restoring"))
			b.a.d.Go(func() {
				err := b.svc.ConfirmRestore(context.Background())
				fyne.Do(func() {
					if err != nil {
						b.result.SetText(backupErrText("restore", err))
						return
					}
					b.result.SetText(tr("backup.restored", map[string]any{"At": time.Now().Format("15:04")}))
					b.clearRollback()
				})
			})
		}, b.a.win)
}

// BackupScreen is 备份, for the composition root's tests.
func BackupScreen(a *App) Screen { return newBackup(a) }
