package ui

import (
	"context"
	"fmt"
	"io"
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// maxAttachment bounds a file read into memory to be sealed (a scanned
// consent form or a letter, not a video).
const maxAttachment = 50 << 20

// attachmentsTab lists the files attached to one record: add (sealed in
// the vault), save a decrypted copy where the user chooses and open it,
// remove after confirmation.
type attachmentsTab struct {
	a       *App
	svc     StudentService
	owner   casework.Kind
	ownerID string

	items []*casework.Attachment
	list  *widget.List
	state *widget.Label
	msg   *msgText
	busy  *widget.ProgressBarInfinite
	sel   int
	open  *widget.Button
	del   *widget.Button
}

func newAttachmentsTab(a *App, svc StudentService, owner casework.Kind, ownerID string) *attachmentsTab {
	t := &attachmentsTab{a: a, svc: svc, owner: owner, ownerID: ownerID, sel: -1,
		state: widget.NewLabel(tr("students.loading")), msg: msgBlock(), busy: widget.NewProgressBarInfinite()}
	t.busy.Hide()
	t.list = widget.NewList(
		func() int { return len(t.items) },
		func() fyne.CanvasObject {
			return container.NewGridWithColumns(3, widget.NewLabel(""), widget.NewLabel(""), widget.NewLabel(""))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(t.items) {
				return
			}
			x := t.items[id]
			row := o.(*fyne.Container).Objects
			row[0].(*widget.Label).SetText(x.Filename)
			row[1].(*widget.Label).SetText(sizeText(x.Size))
			row[2].(*widget.Label).SetText(string(x.AddedOn))
		})
	t.list.OnSelected = func(id widget.ListItemID) {
		a.touched()
		t.sel = id
		t.open.Enable()
		t.del.Enable()
	}
	t.list.OnUnselected = func(widget.ListItemID) {
		t.sel = -1
		t.open.Disable()
		t.del.Disable()
	}
	t.open = a.act.button(tr("students.att.save_open"), theme.DownloadIcon(), t.onOpen)
	t.del = a.act.button(tr("students.att.remove"), theme.DeleteIcon(), t.onRemove)
	t.open.Disable()
	t.del.Disable()
	t.reload()
	return t
}

func (t *attachmentsTab) view() fyne.CanvasObject {
	add := t.a.act.button(tr("students.att.add"), theme.ContentAddIcon(), t.onAdd)
	note := widget.NewLabel(tr("students.att.note"))
	note.Importance = widget.LowImportance
	note.Wrapping = fyne.TextWrapBreak
	top := container.NewVBox(container.NewHBox(add, t.open, t.del), note, t.busy, t.msg, t.state)
	return container.NewBorder(top, nil, nil, nil, t.list)
}

// sizeText is a file size for people.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

func (t *attachmentsTab) reload() {
	t.a.d.Go(func() {
		items, err := t.svc.Attachments(context.Background(), t.owner, t.ownerID)
		fyne.Do(func() {
			if err != nil {
				t.state.SetText(errorMessage("list attachments", err))
				return
			}
			t.items = items
			t.list.UnselectAll()
			if len(items) == 0 {
				t.state.SetText(tr("students.att.none"))
			} else {
				t.state.SetText(tr("students.att.count", map[string]any{"N": len(items)}))
			}
			t.list.Refresh()
		})
	})
}

func (t *attachmentsTab) working(on bool) {
	if on {
		t.busy.Show()
		t.busy.Start()
		return
	}
	t.busy.Stop()
	t.busy.Hide()
}

func (t *attachmentsTab) onAdd() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			showMsg(t.msg, errorMessage("choose attachment", err))
			return
		}
		if r == nil {
			return // cancelled
		}
		name := r.URI().Name()
		t.working(true)
		t.a.d.Go(func() {
			defer r.Close()
			data, rerr := io.ReadAll(io.LimitReader(r, maxAttachment+1))
			fyne.Do(func() {
				t.working(false)
				switch {
				case rerr != nil:
					showMsg(t.msg, errorMessage("read attachment", rerr))
				case len(data) > maxAttachment:
					showMsg(t.msg, tr("students.att.too_big", map[string]any{"MB": maxAttachment >> 20}))
				default:
					t.addFile(name, data)
				}
			})
		})
	}, t.a.win)
	showFileDialog(d)
}

// addFile seals data as an attachment of the owner.
func (t *attachmentsTab) addFile(name string, data []byte) {
	t.working(true)
	showMsg(t.msg, "")
	t.a.d.Go(func() {
		_, err := t.svc.AddAttachment(context.Background(), t.owner, t.ownerID, name, data)
		fyne.Do(func() {
			t.working(false)
			if err != nil {
				showMsg(t.msg, recordError("add attachment", err, t.a.language()))
				return
			}
			t.reload()
		})
	})
}

func (t *attachmentsTab) selected() *casework.Attachment {
	if t.sel < 0 || t.sel >= len(t.items) {
		return nil
	}
	return t.items[t.sel]
}

// onOpen decrypts the attachment, asks where to save the copy, and then
// offers to open it with the system viewer (no temporary plaintext).
func (t *attachmentsTab) onOpen() {
	x := t.selected()
	if x == nil {
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			showMsg(t.msg, errorMessage("choose where to save", err))
			return
		}
		if w == nil {
			return
		}
		t.saveCopy(x.ID, w)
	}, t.a.win)
	d.SetFileName(x.Filename)
	showFileDialog(d)
}

// saveCopy writes the decrypted attachment where the save dialog's w
// points and offers to open it. The service writes it in one piece, owner
// only from its first byte; w itself (created by the dialog) stays empty.
func (t *attachmentsTab) saveCopy(id string, w fyne.URIWriteCloser) {
	path, local := w.URI().Path(), w.URI().Scheme() == "file"
	cerr := w.Close()
	t.working(true)
	t.a.d.Go(func() {
		err := cerr
		if err == nil && !local {
			err = fmt.Errorf("save attachment: %s is not a local file", w.URI().Scheme())
		}
		if err == nil {
			err = t.svc.SaveAttachment(context.Background(), id, path)
		}
		fyne.Do(func() {
			t.working(false)
			if err != nil {
				showMsg(t.msg, errorMessage("save attachment", err))
				return
			}
			showMsg(t.msg, "")
			dialog.ShowConfirm(tr("students.att.saved_title"), tr("students.att.saved_body", map[string]any{"Path": path}),
				func(ok bool) {
					if !ok {
						return
					}
					u, perr := url.Parse(storage.NewFileURI(path).String())
					if perr == nil {
						perr = t.a.fa.OpenURL(u)
					}
					if perr != nil {
						showMsg(t.msg, errorMessage("open attachment", perr))
					}
				}, t.a.win)
		})
	})
}

func (t *attachmentsTab) onRemove() {
	x := t.selected()
	if x == nil {
		return
	}
	dialog.ShowConfirm(tr("students.att.remove_title"), tr("students.att.remove_body", map[string]any{"Name": x.Filename}),
		func(ok bool) {
			if ok {
				t.remove(x.ID)
			}
		}, t.a.win)
}

func (t *attachmentsTab) remove(id string) {
	t.working(true)
	t.a.d.Go(func() {
		err := t.svc.DeleteAttachment(context.Background(), id)
		fyne.Do(func() {
			t.working(false)
			if err != nil {
				showMsg(t.msg, recordError("remove attachment", err, t.a.language()))
				return
			}
			t.reload()
		})
	})
}
