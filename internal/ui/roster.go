package ui

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// rosterTab is the 学籍 roster import wizard (choose an .xlsx, see the
// column mapping and the preview, apply) and the export of any list to
// Excel.
type rosterTab struct {
	a   *App
	svc ReportsService

	file    *widget.Label
	mapping *widget.Label
	summary *widget.Label
	msg     *widget.Label
	rows    []RosterPreviewRow
	list    *widget.List
	// problems lists every bad row with its whole message
	problems *fyne.Container
	skipBad  *widget.Check
	apply    *widget.Button
	preview  *RosterPreview

	kinds   []casework.Kind
	kindSel *widget.Select
	expMsg  *widget.Label
}

func newRosterTab(a *App) *rosterTab {
	t := &rosterTab{a: a, svc: a.d.Reports, file: widget.NewLabel(tr("roster.no_file")), mapping: widget.NewLabel(""),
		summary: widget.NewLabel(""), msg: errorBlock(), expMsg: widget.NewLabel("")}
	t.mapping.Wrapping = fyne.TextWrapWord
	t.expMsg.Wrapping = fyne.TextWrapWord
	t.skipBad = widget.NewCheck(tr("roster.skip_bad"), func(bool) { t.a.touched() })
	t.list = widget.NewList(
		func() int { return len(t.rows) },
		func() fyne.CanvasObject {
			msg := widget.NewLabel("")
			msg.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, container.NewHBox(widget.NewLabel(""), widget.NewLabel(""), widget.NewLabel("")), nil, msg)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			r := t.rows[id]
			c := o.(*fyne.Container)
			left := c.Objects[1].(*fyne.Container)
			left.Objects[0].(*widget.Label).SetText(tr("roster.row", map[string]any{"N": r.Row}))
			act := left.Objects[1].(*widget.Label)
			switch r.Action {
			case "bad":
				act.Importance = widget.DangerImportance
			case "add":
				act.Importance = widget.SuccessImportance
			case "update":
				act.Importance = widget.WarningImportance
			default:
				act.Importance = widget.MediumImportance
			}
			act.SetText(tr("roster.action." + r.Action))
			left.Objects[2].(*widget.Label).SetText(r.Name + " " + r.Class)
			c.Objects[0].(*widget.Label).SetText(strings.Join(r.Messages, "；"))
		},
	)
	for _, k := range casework.AllKinds() {
		if k == casework.KindAudit || k == casework.KindSettings || k == casework.KindAttachment {
			continue
		}
		t.kinds = append(t.kinds, k)
	}
	return t
}

// rosterTemplater writes the roster template (.xlsx with the columns the
// import reads); the services that can, do.
type rosterTemplater interface {
	WriteRosterTemplate(ctx context.Context, path string) error
}

func (t *rosterTab) view() fyne.CanvasObject {
	choose := t.a.act.button(tr("roster.choose"), theme.FolderOpenIcon(), func() {
		d := dialog.NewFileOpen(func(u fyne.URIReadCloser, err error) {
			if err != nil || u == nil {
				return
			}
			p := u.URI().Path()
			_ = u.Close()
			t.previewFile(p)
		}, t.a.win)
		showFileDialog(d)
	})
	t.apply = t.a.act.button(tr("roster.apply"), theme.ConfirmIcon(), t.onApply)
	t.apply.Importance = widget.HighImportance
	t.apply.Disable()
	var names []string
	for _, k := range t.kinds {
		names = append(names, tr("record."+string(k)))
	}
	t.kindSel = widget.NewSelect(names, nil)
	t.kindSel.PlaceHolder = tr("roster.export_pick")
	export := t.a.act.button(tr("roster.export"), theme.DocumentSaveIcon(), func() {
		i := t.kindSel.SelectedIndex()
		if i < 0 {
			t.expMsg.SetText(tr("roster.export_pick"))
			return
		}
		k := t.kinds[i]
		repSaveDialog(t.a, tr("record."+string(k))+".xlsx", func(p string) { t.exportTo(k, p) })
	})
	top := container.NewVBox()
	if tw, ok := t.svc.(rosterTemplater); ok {
		tmpl := t.a.act.button(tr("lists.roster.template"), theme.DownloadIcon(), func() {
			repSaveDialog(t.a, tr("lists.roster.template_file"), func(p string) {
				t.a.d.Go(func() {
					err := tw.WriteRosterTemplate(context.Background(), p)
					fyne.Do(func() {
						if err != nil {
							setError(t.msg, errorMessage("write roster template", err))
							return
						}
						t.msg.Importance = widget.SuccessImportance
						t.msg.SetText(tr("lists.roster.template_done", map[string]any{"Path": p}))
					})
				})
			})
		})
		top.Add(container.NewHBox(choose, tmpl, t.file))
	} else {
		top.Add(container.NewHBox(choose, t.file))
	}
	top.Add(t.mapping)
	top.Add(t.summary)
	top.Add(t.msg)
	// the problem rows first and whole, above the full preview
	t.problems = container.NewVBox(t.columnsNote())
	center := container.NewVSplit(newVScroll(t.problems), t.list)
	center.Offset = 0.4
	imp := container.NewBorder(top, container.NewHBox(t.skipBad, layout.NewSpacer(), t.apply), nil, nil, center)
	exp := widget.NewCard(tr("roster.export_title"), tr("roster.export_body"),
		container.NewVBox(container.NewHBox(t.kindSel, export), t.expMsg))
	return container.NewBorder(nil, exp, nil, nil, imp)
}

func (t *rosterTab) previewFile(path string) {
	t.file.SetText(path)
	setError(t.msg, tr("reports.loading"))
	t.apply.Disable()
	t.a.d.Go(func() {
		p, err := t.svc.PreviewRoster(context.Background(), path)
		fyne.Do(func() {
			if err != nil {
				setError(t.msg, rosterErr("preview roster", err))
				return
			}
			setError(t.msg, "")
			t.show(p)
		})
	})
}

// rosterErr shows why a roster cannot be read (the reader's message is
// Chinese and names no student).
func rosterErr(op string, err error) string {
	var ve *SettingsInvalid
	if errors.As(err, &ve) {
		return ve.Message
	}
	return errorMessage(op, err)
}

func (t *rosterTab) show(p RosterPreview) {
	t.preview = &p
	var cols []string
	for _, c := range p.Columns {
		cols = append(cols, c[0]+" ← “"+c[1]+"”")
	}
	t.mapping.SetText(tr("roster.mapping", map[string]any{"Sheet": p.Sheet, "Row": p.HeaderRow}) + "\n" + strings.Join(cols, "；"))
	t.summary.SetText(tr("roster.summary", map[string]any{"Adds": p.Adds, "Updates": p.Updates, "Unchanged": p.Unchanged, "Bad": p.Bad}))
	// problem rows first: they are what needs a look
	t.rows = slices.Clone(p.Rows)
	slices.SortStableFunc(t.rows, func(a, b RosterPreviewRow) int {
		return cmp.Compare(rosterRank(a.Action), rosterRank(b.Action))
	})
	t.problems.RemoveAll()
	t.problems.Add(t.columnsNote())
	for _, r := range t.rows {
		if r.Action != "bad" {
			break
		}
		l := widget.NewLabel(tr("roster.row", map[string]any{"N": r.Row}) + "  " + r.Name + " " + r.Class + "：" + strings.Join(r.Messages, "；"))
		l.Wrapping = fyne.TextWrapWord
		l.Importance = widget.DangerImportance
		t.problems.Add(l)
	}
	if len(t.problems.Objects) == 1 {
		t.problems.Add(widget.NewLabel(tr("lists.roster.no_problems")))
	}
	t.problems.Refresh()
	t.list.Refresh()
	if p.Adds+p.Updates > 0 {
		t.apply.Enable()
	}
}

func (t *rosterTab) onApply() {
	if t.preview == nil {
		return
	}
	if t.preview.Bad > 0 && !t.skipBad.Checked {
		setError(t.msg, tr("roster.bad_rows", map[string]any{"N": t.preview.Bad}))
		return
	}
	dialog.ShowConfirm(tr("roster.apply"), tr("roster.confirm", map[string]any{"Adds": t.preview.Adds, "Updates": t.preview.Updates}), func(ok bool) {
		if ok {
			t.applyNow()
		}
	}, t.a.win)
}

func (t *rosterTab) applyNow() {
	skip := t.skipBad.Checked
	t.apply.Disable()
	t.a.d.Go(func() {
		added, updated, skipped, err := t.svc.ApplyRoster(context.Background(), skip)
		fyne.Do(func() {
			if err != nil {
				t.apply.Enable()
				setError(t.msg, rosterErr("apply roster", err))
				return
			}
			t.preview = nil
			t.msg.Importance = widget.SuccessImportance
			t.msg.SetText(tr("roster.done", map[string]any{"Added": added, "Updated": updated, "Skipped": skipped}))
		})
	})
}

func (t *rosterTab) exportTo(k casework.Kind, path string) {
	t.a.d.Go(func() {
		n, err := t.svc.ExportRecords(context.Background(), k, path)
		fyne.Do(func() {
			if err != nil {
				t.expMsg.SetText(errorMessage("export list", err))
				return
			}
			t.expMsg.SetText(tr("roster.exported", map[string]any{"N": n, "Path": path}))
		})
	})
}

// ExportListTo lets another screen offer "导出 Excel" for a record kind:
// it asks where to save and writes every record of kind there.
func ExportListTo(a *App, k casework.Kind) {
	t := newRosterTab(a)
	if t.svc == nil {
		return
	}
	repSaveDialog(a, tr("record."+string(k))+".xlsx", func(p string) {
		a.d.Go(func() {
			n, err := t.svc.ExportRecords(context.Background(), k, p)
			fyne.Do(func() {
				if err != nil {
					dialog.ShowInformation(tr("roster.export_title"), errorMessage("export list", err), a.win)
					return
				}
				dialog.ShowInformation(tr("roster.export_title"), tr("roster.exported", map[string]any{"N": n, "Path": p}), a.win)
			})
		})
	})
}

// rosterRank orders the preview: problems, then adds, updates, the rest.
func rosterRank(action string) int {
	switch action {
	case "bad":
		return 0
	case "add":
		return 1
	case "update":
		return 2
	}
	return 3
}

// columnsNote says which columns the import needs (above the problems,
// where it scrolls with them).
func (t *rosterTab) columnsNote() fyne.CanvasObject {
	l := widget.NewLabel(tr("roster.body") + "\n" + tr("lists.roster.columns"))
	l.Wrapping = fyne.TextWrapWord
	return l
}
