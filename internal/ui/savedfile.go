package ui

import (
	"errors"
	"net/url"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// FilePrinter sends a saved file to the computer's own printing (the
// print verb on Windows, lp elsewhere). It returns ErrNotAvailable when
// the computer has no print path the app can use.
type FilePrinter interface {
	PrintFile(path string) error
}

// openURL opens u with the system (Deps.OpenURL in tests).
func (a *App) openURL(u *url.URL) error {
	if a.d.OpenURL != nil {
		return a.d.OpenURL(u)
	}
	return a.fa.OpenURL(u)
}

// openPath opens a file or folder with the system's program for it.
func (a *App) openPath(path string) error {
	u, err := url.Parse(storage.NewFileURI(path).String())
	if err != nil {
		return err
	}
	return a.openURL(u)
}

// showSavedFile says where a file was written and offers to open it, to
// open its folder and to print it. Each failure is said in the dialog in
// a sentence that tells what to do; the path stays on screen.
func showSavedFile(a *App, msg, path string) {
	result := widget.NewLabel("")
	result.Wrapping = fyne.TextWrapWord
	result.Hide()
	say := func(text string, bad bool) {
		result.Importance = widget.MediumImportance
		if bad {
			result.Importance = widget.DangerImportance
		}
		result.SetText(text)
		result.Show()
	}
	open := a.act.button(tr("file.open"), theme.FileIcon(), func() {
		if err := a.openPath(path); err != nil {
			fyne.LogError("open saved file", err)
			say(tr("file.open_failed", map[string]any{"Dir": filepath.Dir(path)}), true)
		}
	})
	folder := a.act.button(tr("file.open_folder"), theme.FolderOpenIcon(), func() {
		if err := a.openPath(filepath.Dir(path)); err != nil {
			fyne.LogError("open folder", err)
			say(tr("file.folder_failed", map[string]any{"Dir": filepath.Dir(path)}), true)
		}
	})
	print := a.act.button(tr("file.print"), theme.DocumentPrintIcon(), func() {
		if a.d.FilePrinter == nil {
			say(tr("file.print_none"), true)
			return
		}
		a.d.Go(func() {
			err := a.d.FilePrinter.PrintFile(path)
			fyne.Do(func() {
				switch {
				case err == nil:
					say(tr("file.print_sent"), false)
				case errors.Is(err, ErrNotAvailable):
					say(tr("file.print_none"), true)
				default:
					fyne.LogError("print saved file", err)
					say(tr("file.print_failed"), true)
				}
			})
		})
	})
	where := widget.NewLabel(msg)
	where.Wrapping = fyne.TextWrapBreak
	body := container.NewVBox(where, container.NewHBox(open, folder, print), result)
	d := dialog.NewCustom(tr("file.saved_title"), tr("file.close"), body, a.win)
	d.Resize(fyne.NewSize(620, 260))
	d.Show()
}
