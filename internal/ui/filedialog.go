package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// Fyne's file dialog translates its buttons and titles through lang (the
// app's tables carry those strings), but writes the names of its places
// (Home, Computer, Desktop, Documents…) as they are in its source, in
// English whatever the language. showFileDialog shows d at a readable
// size and names those places in the app's language.
func showFileDialog(d *dialog.FileDialog) {
	d.Resize(dialogSize())
	d.Show()
	app := fyne.CurrentApp()
	if app == nil {
		return
	}
	for _, w := range app.Driver().AllWindows() {
		if top := w.Canvas().Overlays().Top(); top != nil {
			translatePlaces(top)
		}
	}
}

// translatePlaces finds the list of places in a file dialog's pop-up
// (its left pane) and makes each of its rows name the place in the
// app's language.
func translatePlaces(o fyne.CanvasObject) {
	switch x := o.(type) {
	case *widget.PopUp:
		translatePlaces(x.Content)
	case *fyne.Container:
		for _, c := range x.Objects {
			translatePlaces(c)
		}
	case *container.Split:
		if l, ok := x.Leading.(*widget.List); ok {
			translateList(l)
		}
	}
}

func translateList(l *widget.List) {
	update := l.UpdateItem
	if update == nil {
		return
	}
	l.UpdateItem = func(id widget.ListItemID, item fyne.CanvasObject) {
		update(id, item)
		row, ok := item.(*fyne.Container)
		if !ok || len(row.Objects) < 2 {
			return
		}
		if lbl, ok := row.Objects[1].(*widget.Label); ok {
			if name, ok := placeName(lbl.Text); ok {
				lbl.SetText(name)
			}
		}
	}
	l.Refresh()
}

// placeName is the app's name of one of Fyne's places.
func placeName(fyneName string) (string, bool) {
	switch fyneName {
	case "Home":
		return tr("filedialog.home"), true
	case "Computer":
		return tr("filedialog.computer"), true
	case "App Files":
		return tr("filedialog.app_files"), true
	case "Desktop":
		return tr("filedialog.desktop"), true
	case "Documents":
		return tr("filedialog.documents"), true
	case "Downloads":
		return tr("filedialog.downloads"), true
	case "Music":
		return tr("filedialog.music"), true
	case "Pictures":
		return tr("filedialog.pictures"), true
	case "Videos":
		return tr("filedialog.videos"), true
	case "Movies":
		return tr("filedialog.movies"), true
	}
	return "", false
}
