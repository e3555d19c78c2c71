package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// countySetup is the last step of a new county vault: the county's name
// and its schools list.
type countySetup struct {
	name   *widget.Entry
	list   string
	listL  *widget.Label
	status *widget.Label
}

func newCountySetup() *countySetup {
	c := &countySetup{name: widget.NewEntry(), listL: widget.NewLabel(tr("setup.county.no_list")), status: errorBlock()}
	c.name.SetPlaceHolder(tr("setup.county.name_hint"))
	return c
}

func (w *setupWizard) countyView() fyne.CanvasObject {
	c := w.county
	pick := w.a.act.button(tr("setup.county.pick_list"), theme.FolderOpenIcon(), func() {
		d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil || r == nil {
				return
			}
			c.list = r.URI().Path()
			_ = r.Close()
			c.listL.SetText(c.list)
		}, w.a.win)
		d.SetFilter(storage.NewExtensionFileFilter([]string{".csv", ".xlsx"}))
		showFileDialog(d)
	})
	save := w.a.act.button(tr("setup.county.save"), theme.DocumentSaveIcon(), w.onSaveCounty)
	save.Importance = widget.HighImportance
	return page(720,
		stepTitle(4, tr("setup.county.title")),
		paragraph(tr("setup.county.body")),
		widget.NewForm(widget.NewFormItem(tr("setup.county.name"), c.name)),
		container.NewHBox(pick, c.listL),
		c.status,
		container.NewHBox(layoutSpacer(), save),
	)
}

func (w *setupWizard) onSaveCounty() {
	c := w.county
	name := strings.TrimSpace(c.name.Text)
	if name == "" || c.list == "" {
		setError(c.status, tr("setup.county.missing"))
		return
	}
	setError(c.status, "")
	w.a.d.Go(func() {
		err := w.a.d.County.MakeCounty(context.Background(), name, c.list)
		fyne.Do(func() {
			if err != nil {
				setError(c.status, errorMessage("make county vault", err))
				return
			}
			if !w.a.idle.running() {
				return // locked meanwhile
			}
			w.a.showCounty()
		})
	})
}
