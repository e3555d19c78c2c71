package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// backupKey is the passphrase or the typed recovery sheet of a backup's
// time: it opens the backup for its counts, then the restored vault.
type backupKey struct{ pass, sheet string }

// backupLine is one backup as the list shows it.
func backupLine(b FoundBackup) string {
	state := tr("restore.verified")
	if !b.Verified {
		state = tr("restore.damaged")
	}
	return tr("restore.line", map[string]any{
		"Time": b.Time.Local().Format("2006-01-02 15:04"), "Gen": b.Gen, "N": b.Attachments, "State": state})
}

// showBackupChoice lists every backup found (date, save number,
// attachments, verified). The record counts are inside the encrypted
// backup: choosing a verified one asks for the key of its time, opens it
// in memory, then asks for confirmation naming what it holds, counts
// included, and calls restore with that key.
func showBackupChoice(a *App, found []FoundBackup, restore func(FoundBackup, backupKey)) {
	var dlg dialog.Dialog
	list := widget.NewList(func() int { return len(found) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			l.SetText(backupLine(found[i]))
			if found[i].Verified {
				l.Importance = widget.MediumImportance
			} else {
				l.Importance = widget.DangerImportance
			}
			l.Refresh()
		})
	list.OnSelected = func(i widget.ListItemID) {
		list.UnselectAll()
		b := found[i]
		if !b.Verified {
			showMessage(tr("restore.damaged_title"), tr("restore.damaged_body"), a.win)
			return
		}
		askBackupKey(a, b, func(k backupKey, s RestoreSummary) {
			confirmBackupRestore(a, b, s, func() {
				dlg.Hide()
				restore(b, k)
			})
		})
	}
	head := message(tr("restore.list_head", map[string]any{"N": len(found)}) + "\n" + tr("restore.list_counts_hint"))
	dlg = dialog.NewCustom(tr("restore.list_title"), tr("restore.cancel"), container.NewBorder(head, nil, nil, nil, list), a.win)
	dlg.Resize(fyne.NewSize(680, 420))
	dlg.Show()
}

// askBackupKey asks for the passphrase (or the recovery sheet) of b's
// time and opens b in memory with it; next gets the key and what b holds.
func askBackupKey(a *App, b FoundBackup, next func(backupKey, RestoreSummary)) {
	pass := newPasswordEntry(a.act)
	pass.SetPlaceHolder(tr("restore.key_pass"))
	sheet := newMultiLineEntry(a.act)
	sheet.SetPlaceHolder(tr("restore.key_sheet_placeholder"))
	sheet.SetMinRowsVisible(3)
	sheet.Hide()
	msg := refusalBlock()
	busy := container.NewVBox(widget.NewLabel(tr("restore.opening")), widget.NewProgressBarInfinite())
	busy.Hide()
	var useSheet *widget.Check
	useSheet = widget.NewCheck(tr("restore.key_use_sheet"), func(on bool) {
		if on {
			pass.Hide()
			sheet.Show()
		} else {
			sheet.Hide()
			pass.Show()
		}
		setError(msg, "")
	})
	var d dialog.Dialog
	var open *widget.Button
	open = a.act.button(tr("restore.key_open"), theme.VisibilityIcon(), func() {
		k := backupKey{pass: pass.Text}
		if useSheet.Checked {
			k = backupKey{sheet: strings.TrimSpace(sheet.Text)}
		}
		if k.pass == "" && k.sheet == "" {
			setError(msg, tr("restore.key_empty"))
			return
		}
		setError(msg, "")
		open.Disable()
		busy.Show()
		a.d.Go(func() {
			s, err := a.d.Restorer.PreviewBackup(context.Background(), b.File, k.pass, k.sheet)
			fyne.Do(func() {
				open.Enable()
				busy.Hide()
				if errors.Is(err, ErrWrongPassphrase) {
					setError(msg, tr("restore.key_wrong"))
					pass.SetText("")
					return
				}
				if err != nil {
					setError(msg, errorMessage("open backup", err))
					pass.SetText("")
					return
				}
				d.Hide()
				next(k, s)
			})
		})
	})
	open.Importance = widget.HighImportance
	pass.OnSubmitted = func(string) { open.OnTapped() }
	cancel := a.act.button(tr("restore.cancel"), theme.CancelIcon(), func() { d.Hide() })
	body := container.NewVBox(
		message(tr("restore.key_body", map[string]any{"Time": b.Time.Local().Format("2006-01-02 15:04"), "Gen": b.Gen})),
		pass, useSheet, sheet, msg, busy)
	d = dialog.NewCustomWithoutButtons(tr("restore.key_title"),
		container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), cancel, open), nil, nil, body), a.win)
	d.Resize(fyne.NewSize(600, 400))
	d.Show()
	a.win.Canvas().Focus(pass)
}

// restoreContents names what a backup holds: its records per kind and
// its attachments, one item each.
func restoreContents(s RestoreSummary) []string {
	var items []string
	for _, k := range casework.AllKinds() {
		if n := s.Counts[k]; n > 0 {
			items = append(items, tr("record."+string(k))+"："+fmt.Sprint(n))
		}
	}
	if len(items) == 0 {
		items = append(items, tr("restore.contents_empty"))
	}
	items = append(items, tr("restore.contents_blobs", map[string]any{"N": s.Blobs}))
	if s.BlobsAbsent > 0 {
		items = append(items, tr("backup.summary_blobs_absent", map[string]any{"N": s.BlobsAbsent}))
	}
	return items
}

// confirmBackupRestore asks, naming what will be restored, before the
// backup becomes this computer's vault.
func confirmBackupRestore(a *App, b FoundBackup, s RestoreSummary, restore func()) {
	counts := container.NewGridWithColumns(3)
	for _, item := range restoreContents(s) {
		counts.Add(widget.NewLabel(item))
	}
	body := container.NewVBox(
		message(tr("restore.confirm_lead", map[string]any{"Time": b.Time.Local().Format("2006-01-02 15:04"), "Gen": b.Gen})),
		widget.NewLabel(tr("restore.contents_head", map[string]any{"At": s.SavedAt.Local().Format("2006-01-02 15:04"), "Gen": s.Gen})),
		counts,
		message(tr("restore.confirm_after")),
	)
	d := dialog.NewCustomConfirm(tr("restore.confirm_title"), tr("restore.confirm_ok"), tr("restore.cancel"), body, func(ok bool) {
		if ok {
			restore()
		}
	}, a.win)
	d.Resize(fyne.NewSize(640, 420))
	d.Show()
}
