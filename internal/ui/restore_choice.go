package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// backupLine is one backup as the list shows it.
func backupLine(b FoundBackup) string {
	state := tr("restore.verified")
	if !b.Verified {
		state = tr("restore.damaged")
	}
	return tr("restore.line", map[string]any{
		"Time": b.Time.Local().Format("2006-01-02 15:04"), "Gen": b.Gen, "N": b.Attachments, "State": state})
}

// showBackupChoice lists every backup found; choosing a verified one
// asks for confirmation, naming what will be restored, then calls
// restore.
func showBackupChoice(a *App, found []FoundBackup, restore func(FoundBackup)) {
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
			dialog.ShowInformation(tr("restore.damaged_title"), tr("restore.damaged_body"), a.win)
			return
		}
		body := tr("restore.confirm_body", map[string]any{
			"Time": b.Time.Local().Format("2006-01-02 15:04"), "Gen": b.Gen, "N": b.Attachments})
		dialog.ShowConfirm(tr("restore.confirm_title"), body, func(ok bool) {
			if ok {
				dlg.Hide()
				restore(b)
			}
		}, a.win)
	}
	head := widget.NewLabel(tr("restore.list_head", map[string]any{"N": len(found)}))
	head.Wrapping = fyne.TextWrapWord
	dlg = dialog.NewCustom(tr("restore.list_title"), tr("restore.cancel"), container.NewBorder(head, nil, nil, nil, list), a.win)
	dlg.Resize(fyne.NewSize(680, 420))
	dlg.Show()
}
