package ui

import (
	"context"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// moveVaultButton opens the one guided step that moves the vault to
// another folder (with Places; none in the demo).
func (s *settingsScreen) moveVaultButton(dirLabel, msg *widget.Label) fyne.CanvasObject {
	if s.a.d.Places == nil || s.a.demo {
		return layout.NewSpacer()
	}
	return s.a.act.button(tr("place.move"), theme.FolderNewIcon(), func() { s.onMoveVault(dirLabel, msg) })
}

// onMoveVault asks where to (the drives, or any empty folder) and for
// the passphrase, then moves: copy, verify every generation, switch. The
// old folder stays until the next successful unlock.
func (s *settingsScreen) onMoveVault(dirLabel, done *widget.Label) {
	a := s.a
	target := ""
	targetLabel := widget.NewLabel(tr("place.move_pick_first"))
	targetLabel.Wrapping = fyne.TextWrapBreak
	set := func(dir string) {
		target = dir
		targetLabel.SetText(tr("place.move_to", map[string]any{"Dir": dir}))
	}
	drives := container.NewVBox()
	def := a.d.Vault.DefaultDir()
	a.d.Go(func() {
		p, err := a.d.Places.VaultPlaces(context.Background())
		fyne.Do(func() {
			if err != nil || len(p.Drives) == 0 {
				return
			}
			drives.Objects = []fyne.CanvasObject{drivePicker(p, def, "", set)}
			drives.Refresh()
		})
	})
	other := a.act.button(tr("setup.folder.pick"), theme.FolderIcon(), func() {
		pickFolder(a.win, func(p string) { set(filepath.Join(p, vaultFolderName)) })
	})
	pass := newPasswordEntry(a.act)
	pass.SetPlaceHolder(tr("place.move_pass"))
	msg := errorBlock()
	busy := widget.NewProgressBarInfinite()
	busy.Hide()
	var d *dialog.CustomDialog
	var move *widget.Button
	move = a.act.button(tr("place.move_go"), theme.ConfirmIcon(), func() {
		if target == "" {
			setError(msg, tr("place.move_pick_first"))
			return
		}
		p, to := pass.Text, target
		setError(msg, "")
		move.Disable()
		busy.Show()
		a.d.Go(func() {
			err := a.d.Places.MoveVault(context.Background(), to, p)
			fyne.Do(func() {
				move.Enable()
				busy.Hide()
				if err != nil {
					setError(msg, errorMessage("move vault", err))
					return
				}
				pass.SetText("")
				a.useDir(to)
				dirLabel.SetText(to)
				done.SetText(tr("place.moved", map[string]any{"Dir": to}))
				done.Show()
				d.Hide()
			})
		})
	})
	move.Importance = widget.HighImportance
	cancel := a.act.button(tr("reports.cancel"), theme.CancelIcon(), func() { d.Hide() })
	form := container.NewVBox(paragraph(tr("place.move_body")), drives, other, targetLabel, pass, msg, busy)
	d = dialog.NewCustomWithoutButtons(tr("place.move_title"),
		container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), cancel, move), nil, nil, newVScroll(form)), a.win)
	d.Resize(fyne.NewSize(620, 560))
	d.Show()
}
