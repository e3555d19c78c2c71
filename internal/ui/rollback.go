package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// rollbackText says plainly that the vault here is older than a witness:
// the stick's newer backup, or what this PC opened last.
func rollbackText(r Rollback) string {
	if r.File != "" {
		return tr("place.rollback_stick", map[string]any{"Local": r.Local, "Stick": r.Stick})
	}
	return tr("place.rollback_pc", map[string]any{"Local": r.Local, "Newer": r.Newer})
}

// rollbackCard is the warning with its two ways on: restore the stick's
// newer backup (the two-phase restore, which asks before it changes
// anything) or keep the vault as it is.
func rollbackCard(a *App, r Rollback, restore func(file string), done func()) fyne.CanvasObject {
	msg := widget.NewLabel(rollbackText(r))
	msg.Wrapping = fyne.TextWrapWord
	status := widget.NewLabel("")
	status.Wrapping = fyne.TextWrapWord
	status.Hide()
	buttons := container.NewHBox()
	if r.File != "" {
		b := a.act.button(tr("place.restore_newer"), theme.HistoryIcon(), func() { restore(r.File) })
		b.Importance = widget.HighImportance
		buttons.Add(b)
	}
	buttons.Add(a.act.button(tr("place.keep_here"), theme.ConfirmIcon(), func() {
		a.d.Go(func() {
			err := a.d.Places.KeepRollback(r)
			fyne.Do(func() {
				if err != nil {
					status.SetText(errorMessage("keep the vault", err))
					status.Show()
					return
				}
				done()
			})
		})
	}))
	title := widget.NewLabelWithStyle(tr("place.rollback_title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return widget.NewCard("", "", container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil,
		container.NewVBox(title, msg, buttons, status)))
}

// showRollback puts the warning above every screen of the shell.
func (s *shell) showRollback(r Rollback) {
	s.clearRollback()
	s.rollback = rollbackCard(s.a, r, s.restoreFromStick, s.clearRollback)
	s.banner.Add(s.rollback)
	s.relayout()
}

func (s *shell) relayout() {
	s.banner.Refresh()
	if s.main != nil {
		s.main.Refresh()
	}
}

// clearRollback removes the warning (kept, or restored).
func (s *shell) clearRollback() {
	if s.rollback != nil {
		s.banner.Remove(s.rollback)
		s.rollback = nil
		s.relayout()
	}
}

// clearRollback removes the warnings once the newer backup is restored.
func (b *backupScreen) clearRollback() {
	b.warning.RemoveAll()
	b.warning.Refresh()
	if sh := b.a.shell; sh != nil {
		sh.clearRollback()
	}
}

// restoreFromStick opens 备份 and starts the two-phase restore of file.
func (s *shell) restoreFromStick(file string) {
	for i, sp := range s.specs {
		if sp.key != "nav.backup" {
			continue
		}
		s.nav.Select(i)
		if b, ok := s.current.(*backupScreen); ok && s.currentID == i {
			b.startRestore(file)
		}
		return
	}
}

// checkRollback shows the warning on the backup screen too, with the
// restore of the stick's newer backup.
func (b *backupScreen) checkRollback() {
	if b.a.d.Places == nil || b.a.demo {
		return
	}
	if sh := b.a.shell; sh != nil && sh.rollback != nil {
		return // the shell says it above this screen already
	}
	b.a.d.Go(func() {
		r, err := b.a.d.Places.CheckRollback(context.Background())
		fyne.Do(func() {
			if err != nil || !r.Found() {
				return
			}
			b.warning.Objects = []fyne.CanvasObject{rollbackCard(b.a, r, b.startRestore, b.clearRollback)}
			b.warning.Refresh()
		})
	})
}
