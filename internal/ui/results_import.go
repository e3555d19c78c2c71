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

// ResultsImportService backs 导入平台结果 of a screening: a platform's
// results sheet read, its columns mapped, its rows matched with the
// students, and written only when the counselor confirms.
type ResultsImportService interface {
	// ResultPlatforms lists the platforms whose column mapping the vault
	// remembers.
	ResultPlatforms(ctx context.Context) ([]string, error)
	// ReadResultSheet reads the .xlsx at path and maps its columns by the
	// platform's remembered mapping, else by their headers. A sheet that
	// cannot be read is a *SettingsInvalid naming the row and column.
	ReadResultSheet(ctx context.Context, path, platform string) (ResultSheetView, error)
	// PreviewResultImport matches the last sheet read with the students
	// of the screening, column i mapped to fields[i] (ResultFields codes);
	// nothing is written. Refusals are *SettingsInvalid.
	PreviewResultImport(ctx context.Context, screeningID string, fields []string) (ResultImportPreview, error)
	// ApplyResultImport writes the last preview and remembers its mapping
	// for platform. Unmatched or ambiguous rows refuse it
	// (*SettingsInvalid, nothing written) unless skipUnmatched.
	ApplyResultImport(ctx context.Context, platform string, skipUnmatched bool) (ResultImportDone, error)
}

// ResultFields are the codes a column maps to, in the order the mapping
// offers them; labels are "resultsimport.field.<code>".
var ResultFields = []string{"student_no", "name", "class", "grade", "score", "flag", "valid", "subscale", "ignore"}

// ResultSheetView is a read sheet: its columns as mapped, and the first
// data rows as read (one cell per column).
type ResultSheetView struct {
	Sheet     string
	HeaderRow int
	Columns   []ResultColumnView
	FirstRows [][]string
}

// ResultColumnView is one column of the sheet.
type ResultColumnView struct {
	Letter, Header string
	Hidden         bool
	Field          string
}

// ResultImportPreview is a sheet matched with the students.
type ResultImportPreview struct {
	Matched, Unmatched, Ambiguous, Skipped int
	Adds, Updates, Unchanged, NoConsent    int
	Rows                                   []ResultImportRow
}

// ResultImportRow is one row of the sheet: Status is matched, unmatched,
// ambiguous or skipped; Action add, update or unchanged.
type ResultImportRow struct {
	Row                    int
	Status, Action         string
	Name, Class, StudentNo string
	Score                  float64
	Flagged                bool
	FlagReason             string
	NoConsent              bool
	Note                   string
	studentID              string // the fake's match
}

// ResultImportDone says what an import wrote.
type ResultImportDone struct {
	Added, Updated, Unchanged, Skipped int
}

// addResultsImport gives the screening form a 导入平台结果 button once
// the screening is saved.
func addResultsImport(a *App, ed *grpEditor) {
	if a.d.ResultsImport == nil {
		return
	}
	form := ed.form
	ed.form = func(rec casework.Record) *grpParts {
		p := form(rec)
		if sc, ok := rec.(*casework.Screening); ok && sc.ID != "" {
			p.buttons = append(p.buttons, a.act.button(tr("resultsimport.open"), theme.UploadIcon(), func() {
				back := ed.root.Objects
				ri := newResultsImport(a, sc, func() { ed.root.Objects = back; ed.root.Refresh() })
				ed.root.Objects = []fyne.CanvasObject{ri.view()}
				ed.root.Refresh()
			}))
		}
		return p
	}
}

// resultsImport is the import of one screening's results: file and
// platform, the column mapping over the first rows, then the preview in
// tabs 已匹配 / 未匹配 / 重名 / 不导入, and 确认导入.
type resultsImport struct {
	a    *App
	svc  ResultsImportService
	sc   *casework.Screening
	back func()

	path     string
	file     *widget.Label
	platform *widget.SelectEntry
	msg      *widget.Label
	busy     *widget.ProgressBarInfinite
	steps    *fyne.Container // the mapping or the preview

	sheet   *ResultSheetView
	selects []*widget.Select
	preview *ResultImportPreview
	skip    *widget.Check
	apply   *widget.Button
	tabs    *container.AppTabs
}

func newResultsImport(a *App, sc *casework.Screening, back func()) *resultsImport {
	r := &resultsImport{a: a, svc: a.d.ResultsImport, sc: sc, back: back, file: widget.NewLabel(tr("resultsimport.no_file")),
		msg: errorBlock(), busy: widget.NewProgressBarInfinite(), steps: container.NewStack()}
	r.file.Truncation = fyne.TextTruncateEllipsis
	r.busy.Hide()
	r.msg.Hide()
	r.platform = widget.NewSelectEntry(nil)
	r.platform.SetPlaceHolder(tr("resultsimport.platform_hint"))
	r.a.d.Go(func() {
		ps, err := r.svc.ResultPlatforms(context.Background())
		fyne.Do(func() {
			if err == nil {
				r.platform.SetOptions(ps)
				if len(ps) == 1 && r.platform.Text == "" {
					r.platform.SetText(ps[0])
				}
			}
		})
	})
	return r
}

func (r *resultsImport) view() fyne.CanvasObject {
	title := widget.NewLabelWithStyle(tr("resultsimport.title", map[string]any{"Name": r.sc.Name}), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	notice := widget.NewLabel(casework.ResultNoticeZH)
	notice.Importance = widget.WarningImportance
	choose := r.a.act.button(tr("resultsimport.choose"), theme.FolderOpenIcon(), func() {
		if r.a.d.PickOpen != nil {
			r.a.d.PickOpen(r.readFile)
			return
		}
		d := dialog.NewFileOpen(func(u fyne.URIReadCloser, err error) {
			if err != nil || u == nil {
				return
			}
			p := u.URI().Path()
			_ = u.Close()
			r.readFile(p)
		}, r.a.win)
		showFileDialog(d)
	})
	reread := r.a.act.button(tr("resultsimport.reread"), theme.ViewRefreshIcon(), func() {
		if r.path != "" {
			r.readFile(r.path)
		}
	})
	back := r.a.act.button(tr("resultsimport.back"), theme.NavigateBackIcon(), r.back)
	platform := container.NewBorder(nil, nil, widget.NewLabel(tr("resultsimport.platform")), reread, r.platform)
	top := container.NewVBox(
		container.NewBorder(nil, nil, back, notice, title),
		container.NewBorder(nil, nil, choose, nil, r.file),
		platform, r.busy, r.msg)
	r.steps.Objects = []fyne.CanvasObject{paragraph(tr("resultsimport.body"))}
	return container.NewBorder(top, nil, nil, nil, r.steps)
}

// readFile reads the sheet off the Fyne goroutine and shows the mapping.
func (r *resultsImport) readFile(path string) {
	r.path = path
	r.file.SetText(path)
	r.working(true)
	platform := strings.TrimSpace(r.platform.Text)
	r.a.d.Go(func() {
		sh, err := r.svc.ReadResultSheet(context.Background(), path, platform)
		fyne.Do(func() {
			r.working(false)
			if err != nil {
				r.say(resultsImportErr("read results", err))
				return
			}
			r.showMapping(sh)
		})
	})
}

// say shows msg under the file and platform, taking no room when empty
// (the screen fits 1024×600).
func (r *resultsImport) say(msg string) {
	r.msg.Importance = widget.DangerImportance
	setError(r.msg, msg)
	if msg == "" {
		r.msg.Hide()
	} else {
		r.msg.Show()
	}
}

func (r *resultsImport) working(on bool) {
	if on {
		r.say("")
		r.busy.Show()
		r.busy.Start()
		return
	}
	r.busy.Stop()
	r.busy.Hide()
}

// resultsImportErr is the reader's sentence (it names the row and the
// column, never a student).
func resultsImportErr(op string, err error) string {
	var ve *SettingsInvalid
	if errors.As(err, &ve) {
		return ve.Message
	}
	return errorMessage(op, err)
}

func fieldLabels() []string {
	out := make([]string, len(ResultFields))
	for i, f := range ResultFields {
		out[i] = tr("resultsimport.field." + f)
	}
	return out
}

// showMapping lays out one column per sheet column: its field to choose,
// its header and the first rows as read.
func (r *resultsImport) showMapping(sh ResultSheetView) {
	r.sheet, r.preview = &sh, nil
	r.selects = nil
	labels := fieldLabels()
	cols := container.NewHBox()
	for i, c := range sh.Columns {
		sel := widget.NewSelect(labels, func(string) { r.a.touched() })
		for j, f := range ResultFields {
			if f == c.Field {
				sel.SetSelectedIndex(j)
			}
		}
		r.selects = append(r.selects, sel)
		head := c.Letter + " " + c.Header
		if c.Hidden {
			head += tr("resultsimport.hidden")
		}
		col := container.NewVBox(sel, widget.NewLabelWithStyle(head, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for _, row := range sh.FirstRows {
			v := ""
			if i < len(row) {
				v = row[i]
			}
			l := widget.NewLabel(v)
			l.Truncation = fyne.TextTruncateEllipsis
			col.Add(l)
		}
		cols.Add(container.NewGridWrap(fyne.NewSize(130, col.MinSize().Height), col))
	}
	next := r.a.act.button(tr("resultsimport.preview"), theme.NavigateNextIcon(), r.onPreview)
	next.Importance = widget.HighImportance
	info := widget.NewLabel(tr("resultsimport.mapping", map[string]any{"Sheet": sh.Sheet, "Row": sh.HeaderRow}))
	info.Wrapping = fyne.TextWrapWord
	r.steps.Objects = []fyne.CanvasObject{container.NewBorder(info, container.NewHBox(layout.NewSpacer(), next), nil, nil,
		container.NewScroll(cols))}
	r.steps.Refresh()
}

func (r *resultsImport) fields() []string {
	out := make([]string, len(r.selects))
	for i, s := range r.selects {
		out[i] = "ignore"
		if j := s.SelectedIndex(); j >= 0 {
			out[i] = ResultFields[j]
		}
	}
	return out
}

func (r *resultsImport) onPreview() {
	if r.sheet == nil {
		return
	}
	fields := r.fields()
	r.working(true)
	r.a.d.Go(func() {
		p, err := r.svc.PreviewResultImport(context.Background(), r.sc.ID, fields)
		fyne.Do(func() {
			r.working(false)
			if err != nil {
				r.say(resultsImportErr("preview results", err))
				return
			}
			r.showPreview(p)
		})
	})
}

// rowsOf returns the preview's rows of status.
func (p *ResultImportPreview) rowsOf(status string) []ResultImportRow {
	var out []ResultImportRow
	for _, row := range p.Rows {
		if row.Status == status {
			out = append(out, row)
		}
	}
	return out
}

func (r *resultsImport) rowList(rows []ResultImportRow) fyne.CanvasObject {
	if len(rows) == 0 {
		return widget.NewLabel(tr("resultsimport.none"))
	}
	return widget.NewList(func() int { return len(rows) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(resultLine(rows[id]))
		})
}

// resultLine is one preview row: 第 N 行  name  class  score  flag  notes.
func resultLine(row ResultImportRow) string {
	parts := []string{tr("resultsimport.row", map[string]any{"N": row.Row}), row.Name, row.Class}
	if row.Status == "matched" || row.Status == "unmatched" || row.Status == "ambiguous" {
		parts = append(parts, tr("resultsimport.score", map[string]any{"Score": fmt.Sprint(row.Score)}))
	}
	if row.Flagged {
		parts = append(parts, "⚑ "+row.FlagReason)
	}
	if row.Action != "" {
		parts = append(parts, tr("resultsimport.action."+row.Action))
	}
	if row.NoConsent {
		parts = append(parts, tr("resultsimport.no_consent"))
	}
	if row.Note != "" {
		parts = append(parts, row.Note)
	}
	return strings.Join(slicesCompact(parts), "  ")
}

func slicesCompact(in []string) []string {
	out := in[:0]
	for _, s := range in {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

func (r *resultsImport) showPreview(p ResultImportPreview) {
	r.preview = &p
	tab := func(key, status string, n int) *container.TabItem {
		return container.NewTabItem(tr(key, map[string]any{"N": n}), r.rowList(p.rowsOf(status)))
	}
	r.tabs = container.NewAppTabs(
		tab("resultsimport.tab.matched", "matched", p.Matched),
		tab("resultsimport.tab.unmatched", "unmatched", p.Unmatched),
		tab("resultsimport.tab.ambiguous", "ambiguous", p.Ambiguous),
		tab("resultsimport.tab.skipped", "skipped", p.Skipped))
	summary := widget.NewLabel(tr("resultsimport.summary", map[string]any{"Adds": p.Adds, "Updates": p.Updates, "Unchanged": p.Unchanged,
		"NoConsent": p.NoConsent}))
	summary.Wrapping = fyne.TextWrapWord
	r.skip = widget.NewCheck(tr("resultsimport.skip"), func(bool) { r.a.touched() })
	prev := r.a.act.button(tr("resultsimport.to_mapping"), theme.NavigateBackIcon(), func() {
		if r.sheet != nil {
			fields := r.fields()
			r.showMapping(*r.sheet)
			for i, f := range fields {
				for j, code := range ResultFields {
					if code == f && i < len(r.selects) {
						r.selects[i].SetSelectedIndex(j)
					}
				}
			}
		}
	})
	r.apply = r.a.act.button(tr("resultsimport.apply"), theme.ConfirmIcon(), r.onApply)
	r.apply.Importance = widget.HighImportance
	if p.Adds+p.Updates == 0 {
		r.apply.Disable()
	}
	r.steps.Objects = []fyne.CanvasObject{container.NewBorder(summary,
		container.NewHBox(prev, r.skip, layout.NewSpacer(), r.apply), nil, nil, r.tabs)}
	r.steps.Refresh()
}

func (r *resultsImport) onApply() {
	p := r.preview
	if p == nil {
		return
	}
	if p.Unmatched+p.Ambiguous > 0 && !r.skip.Checked {
		r.say(tr("resultsimport.problems", map[string]any{"N": p.Unmatched + p.Ambiguous}))
		return
	}
	dialog.ShowConfirm(tr("resultsimport.apply"), tr("resultsimport.confirm", map[string]any{"Adds": p.Adds, "Updates": p.Updates}), func(ok bool) {
		if ok {
			r.applyNow()
		}
	}, r.a.win)
}

func (r *resultsImport) applyNow() {
	skip, platform := r.skip.Checked, strings.TrimSpace(r.platform.Text)
	r.apply.Disable()
	r.working(true)
	r.a.d.Go(func() {
		done, err := r.svc.ApplyResultImport(context.Background(), platform, skip)
		fyne.Do(func() {
			r.working(false)
			if err != nil {
				r.apply.Enable()
				r.say(resultsImportErr("apply results", err))
				return
			}
			r.preview = nil
			r.say(tr("resultsimport.done", map[string]any{"Added": done.Added, "Updated": done.Updated,
				"Unchanged": done.Unchanged, "Skipped": done.Skipped}))
			r.msg.Importance = widget.SuccessImportance
			r.msg.Refresh()
		})
	})
}
