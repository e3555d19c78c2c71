package ui

import (
	"context"
	"fmt"
	"image/color"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// reportsScreen is 月报与报表: the monthly return, the frozen returns, the
// term statistics with the named key-student list, and the self-check.
type reportsScreen struct {
	// tallRows are the figure rows made taller for a wrapped text.
	tallRows map[widget.ListItemID]bool
	a        *App
	svc      ReportsService

	months   []casework.Month
	monthSel *widget.Select
	month    casework.Month
	view     MonthView
	rows     []FigureRow // with section headers (Code == "")
	list     *widget.List
	status   *msgText
	changed  *msgText
	progress *widget.ProgressBar
	genBtn   *widget.Button
	frzBtn   *widget.Button
	withJSON *widget.Check
	withXLSX *widget.Check
	withPkg  *widget.Check

	highlights, problems, nextPlan, hours *entry
	hoursErr                              *widget.Label
	notesMsg                              *widget.Label
	notesDirty                            bool
	loading                               bool

	frozen     []FrozenReturn
	frozenList *widget.List
	frozenMsg  *widget.Label

	sc *selfCheckTab
}

func newReports(a *App) Screen {
	r := &reportsScreen{a: a, svc: a.d.Reports}
	now := casework.MonthOf(a.d.Clock.Now())
	var opts []string
	for m, i := now, 0; i < 24; m, i = m.Prev(), i+1 {
		r.months = append(r.months, m)
		opts = append(opts, repMonthLabel(m))
	}
	r.status = message("")
	r.changed = refusalBlock()
	r.changed.Hide()
	r.progress = widget.NewProgressBar()
	r.progress.Hide()
	r.highlights = newMultiLineEntry(a.act)
	r.problems = newMultiLineEntry(a.act)
	r.nextPlan = newMultiLineEntry(a.act)
	r.hours = newEntry(a.act)
	r.hoursErr = errorText()
	r.notesMsg = widget.NewLabel("")
	for _, e := range []*entry{r.highlights, r.problems, r.nextPlan, r.hours} {
		e.OnChanged = func(string) {
			if !r.loading {
				r.notesDirty = true
			}
		}
	}
	r.withJSON = widget.NewCheck(tr("reports.monthly.with_json"), nil)
	r.withXLSX = widget.NewCheck(tr("reports.monthly.with_xlsx"), nil)
	r.withPkg = widget.NewCheck(tr("reports.monthly.with_package"), nil)
	r.list = widget.NewList(
		func() int { return len(r.rows) },
		func() fyne.CanvasObject {
			lbl := widget.NewLabel("")
			lbl.Wrapping = fyne.TextWrapWord
			val := widget.NewLabel("")
			val.Wrapping = fyne.TextWrapWord
			val.Alignment = fyne.TextAlignTrailing
			btn := widget.NewButtonWithIcon(tr("reports.drill"), theme.SearchIcon(), nil)
			// The button's room stays when it is hidden, so values align.
			room := canvas.NewRectangle(color.Transparent)
			room.SetMinSize(btn.MinSize())
			// label and value side by side, each wrapping in its own part of
			// the row: a long value (C5's hotlines) never covers its label
			return container.New(&repRowLayout{}, lbl, container.NewHBox(val, container.NewStack(room, btn)))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) { r.fillRow(id, o) },
	)
	r.monthSel = widget.NewSelect(opts, nil)
	r.monthSel.OnChanged = func(string) { r.onMonth(r.months[r.monthSel.SelectedIndex()]) }
	r.sc = newSelfCheckTab(a)
	return r
}

// Unsaved reports month notes typed but not saved (the shell asks before
// leaving).
func (r *reportsScreen) Unsaved() bool { return r.notesDirty }

// monthLabel is 2026年10月 (or 2026-10 in English).
func repMonthLabel(m casework.Month) string {
	s := string(m)
	if len(s) != 7 {
		return s
	}
	n, _ := strconv.Atoi(s[5:])
	return tr("reports.month_label", map[string]any{"Year": s[:4], "Month": n})
}

func (r *reportsScreen) Content() fyne.CanvasObject {
	if r.svc == nil {
		return container.NewVBox(heading(tr("nav.reports")), message(tr("err.not_available")))
	}
	tabs := container.NewAppTabs(
		container.NewTabItem(tr("reports.tab.monthly"), r.monthlyView()),
		container.NewTabItem(tr("reports.tab.frozen"), r.frozenView()),
		container.NewTabItem(tr("reports.tab.term"), r.termView()),
		container.NewTabItem(tr("reports.tab.selfcheck"), r.sc.view()),
	)
	tabs.OnSelected = func(t *container.TabItem) {
		r.a.touched()
		switch t.Text {
		case tr("reports.tab.frozen"):
			r.loadFrozen()
		case tr("reports.tab.selfcheck"):
			r.sc.shown()
		}
	}
	if r.monthSel.SelectedIndex() < 0 {
		r.monthSel.SetSelectedIndex(0)
	}
	return tabs
}

func (r *reportsScreen) monthlyView() fyne.CanvasObject {
	r.genBtn = r.a.act.button(tr("reports.monthly.generate"), theme.DocumentPrintIcon(), r.onGenerate)
	r.genBtn.Importance = widget.HighImportance
	r.frzBtn = r.a.act.button(tr("reports.monthly.freeze"), theme.ConfirmIcon(), r.onFreeze)
	r.frzBtn.Disable()
	top := container.NewVBox(
		container.New(layout.NewRowWrapLayout(), widget.NewLabel(tr("reports.monthly.month")), r.monthSel, r.genBtn, r.withJSON, r.withXLSX, r.withPkg, r.frzBtn),
		r.progress, r.status, r.changed,
	)
	save := r.a.act.button(tr("reports.notes.save"), theme.DocumentSaveIcon(), r.onSaveNotes)
	notes := container.NewVBox(
		widget.NewLabelWithStyle(tr("reports.notes.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabel(tr("reports.notes.highlights")), repSized(r.highlights, 90),
		widget.NewLabel(tr("reports.notes.problems")), repSized(r.problems, 90),
		widget.NewLabel(tr("reports.notes.next_plan")), repSized(r.nextPlan, 90),
		widget.NewLabel(tr("reports.notes.training_hours")), container.NewBorder(nil, nil, nil, r.hoursErr, r.hours),
		container.NewHBox(save, r.notesMsg),
	)
	split := container.NewHSplit(r.list, newVScroll(notes))
	split.Offset = 0.62
	return container.NewBorder(top, nil, nil, nil, split)
}

// sized gives a multi-line entry a readable height.
func repSized(o fyne.CanvasObject, h float32) fyne.CanvasObject {
	return container.New(&repMinHeight{h: h}, o)
}

type repMinHeight struct{ h float32 }

func (m *repMinHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := objs[0].MinSize()
	s.Height = max(s.Height, m.h)
	return s
}

func (m *repMinHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

func (r *reportsScreen) fillRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(r.rows) {
		return
	}
	row := r.rows[id]
	c := o.(*fyne.Container)
	lbl := c.Objects[0].(*widget.Label)
	right := c.Objects[1].(*fyne.Container)
	val := right.Objects[0].(*widget.Label)
	btn := right.Objects[1].(*fyne.Container).Objects[1].(*widget.Button)
	if row.Code == "" { // section header
		lbl.TextStyle = fyne.TextStyle{Bold: true}
		lbl.Importance = widget.HighImportance
		lbl.SetText(row.Label)
		val.SetText("")
		btn.Hide()
		return
	}
	lbl.TextStyle = fyne.TextStyle{}
	lbl.Importance = widget.MediumImportance
	code, _, _ := strings.Cut(row.Code, ".") // F2.red prints as F2 with the level's label
	if prev, _, _ := strings.Cut(r.rows[max(id-1, 0)].Code, "."); id > 0 && prev == code {
		code = strings.Repeat(" ", len(code)) // C1's second part: the code once, as on the PDF
	}
	lbl.SetText(code + "  " + row.Label)
	val.SetText(row.Value)
	r.fitRow(id, lbl.Text, row.Value)
	if row.Drill {
		btn.Show()
		code := row.Code
		btn.OnTapped = func() {
			r.a.touched()
			r.showDrill(code, row.Label)
		}
	} else {
		btn.Hide()
	}
}

// onMonth loads a month, after asking when the notes are not saved.
func (r *reportsScreen) onMonth(m casework.Month) {
	if m == r.month {
		return
	}
	if r.notesDirty {
		prev := r.month
		showConfirmMessage(tr("reports.notes.dirty_title"), tr("reports.notes.dirty_body"), func(ok bool) {
			if !ok {
				for i, x := range r.months {
					if x == prev {
						r.monthSel.SetSelectedIndex(i)
					}
				}
				return
			}
			r.notesDirty = false
			r.load(m)
		}, r.a.win)
		return
	}
	r.load(m)
}

func (r *reportsScreen) load(m casework.Month) {
	if m != r.month {
		r.notesMsg.SetText("")
	}
	r.month = m
	r.status.SetText(tr("reports.loading"))
	setError(r.changed, "")
	r.a.d.Go(func() {
		v, err := r.svc.MonthFigures(context.Background(), m)
		fyne.Do(func() {
			if r.month != m {
				return
			}
			if err != nil {
				r.status.SetText(errorMessage("compute monthly figures", err))
				return
			}
			r.show(v)
		})
	})
}

func (r *reportsScreen) show(v MonthView) {
	r.view = v
	r.rows = r.rows[:0]
	last := ""
	for _, row := range v.Rows {
		if row.Section != last {
			last = row.Section
			r.rows = append(r.rows, FigureRow{Section: row.Section, Label: row.Section + "  " + tr("reports.section."+row.Section)})
		}
		r.rows = append(r.rows, row)
	}
	r.list.Refresh()
	if !r.notesDirty { // a refresh after another save keeps what is being typed
		r.loading = true
		r.highlights.SetText(v.Notes.Highlights)
		r.problems.SetText(v.Notes.Problems)
		r.nextPlan.SetText(v.Notes.NextPlan)
		r.hours.SetText(repHours(v.Notes.TrainingHours))
		r.loading = false
		setError(r.hoursErr, "")
	}
	r.showFrozen(v.Frozen, v.Changed)
}

// showFrozen says whether the month was frozen and what changed since.
func (r *reportsScreen) showFrozen(f *FrozenReturn, changed []string) {
	defer func() {
		if r.changed.Text == "" {
			r.changed.Hide()
		} else {
			r.changed.Show()
		}
	}()
	switch {
	case f == nil:
		r.status.SetText(tr("reports.monthly.not_frozen"))
		setError(r.changed, "")
	case len(changed) == 0:
		r.status.SetText(tr("reports.monthly.frozen_same", map[string]any{"At": f.GeneratedAt.Local().Format("2006-01-02 15:04")}))
		setError(r.changed, "")
	default:
		r.status.SetText(tr("reports.monthly.frozen_at", map[string]any{"At": f.GeneratedAt.Local().Format("2006-01-02 15:04")}))
		setError(r.changed, tr("reports.monthly.changed", map[string]any{"Codes": strings.Join(changed, "、")}))
	}
	if f != nil && f.DataCode != "" { // the code under the PDF's title, to match a paper return
		r.status.SetText(r.status.Text + "　" + tr("lists2.monthly.code", map[string]any{"Code": f.DataCode}))
	}
}

func repHours(h float64) string {
	if h == 0 {
		return "0"
	}
	return strconv.FormatFloat(h, 'f', -1, 64)
}

func (r *reportsScreen) onSaveNotes() {
	h, err := strconv.ParseFloat(strings.TrimSpace(r.hours.Text), 64)
	if strings.TrimSpace(r.hours.Text) == "" {
		h, err = 0, nil
	}
	if err != nil || h < 0 || h > 1000 {
		setError(r.hoursErr, tr("reports.notes.hours_invalid"))
		return
	}
	setError(r.hoursErr, "")
	n := r.view.Notes
	n.Month = r.month
	n.Highlights, n.Problems, n.NextPlan, n.TrainingHours = r.highlights.Text, r.problems.Text, r.nextPlan.Text, h
	m := r.month
	r.a.d.Go(func() {
		err := r.svc.SaveMonthNotes(context.Background(), n)
		fyne.Do(func() {
			if err != nil {
				r.notesMsg.SetText(settingsErr("save month notes", err))
				return
			}
			r.notesDirty = false
			r.notesMsg.SetText(tr("reports.notes.saved"))
			if r.month == m {
				r.load(m)
			}
		})
	})
}

func (r *reportsScreen) showDrill(code, label string) {
	m := r.month
	r.a.d.Go(func() {
		rows, err := r.svc.Drill(context.Background(), m, code)
		fyne.Do(func() {
			if err != nil {
				dialog.ShowError(fmt.Errorf("%s", errorMessage("drill figure", err)), r.a.win)
				return
			}
			repShowRecords(r.a, tr("reports.drill_title", map[string]any{"Code": code, "Label": label, "N": len(rows)}), rows)
		})
	})
}

// showRecordRows lists records in a dialog (kind, date, detail).
func repShowRecords(a *App, title string, rows []ReportRecordRow) {
	list := widget.NewList(
		func() int { return len(rows) },
		func() fyne.CanvasObject {
			return container.NewGridWithColumns(3, widget.NewLabel(""), widget.NewLabel(""), widget.NewLabel(""))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			c := o.(*fyne.Container)
			c.Objects[0].(*widget.Label).SetText(tr("record." + string(rows[id].Kind)))
			c.Objects[1].(*widget.Label).SetText(string(rows[id].Date))
			c.Objects[2].(*widget.Label).SetText(rows[id].Detail)
		},
	)
	var body fyne.CanvasObject = list
	if len(rows) == 0 {
		body = widget.NewLabel(tr("reports.drill_empty"))
	}
	d := dialog.NewCustom(title, tr("reports.close"), body, a.win)
	list.OnSelected = func(id widget.ListItemID) {
		list.UnselectAll()
		if id < len(rows) && a.canOpenRecord(rows[id].Kind, rows[id].ID) {
			d.Hide()
			a.openAnyRecord(rows[id].Kind, rows[id].ID)
		}
	}
	d.Resize(fyne.NewSize(720, 480))
	d.Show()
}

// saveDialog asks where to write a file named name and calls f with the
// path.
func repSaveDialog(a *App, name string, f func(path string)) {
	if a.d.PickSave != nil {
		a.d.PickSave(name, f)
		return
	}
	d := dialog.NewFileSave(func(u fyne.URIWriteCloser, err error) {
		if err != nil || u == nil {
			return
		}
		path := u.URI().Path()
		_ = u.Close()
		a.touched()
		f(path)
	}, a.win)
	d.SetFileName(name)
	showFileDialog(d)
}

// offerOpen tells where a file was written and offers to open it.
func repOfferOpen(a *App, msg, path string) {
	showSavedFile(a, msg, path)
}

func (r *reportsScreen) onGenerate() {
	repSaveDialog(r.a, "月报"+string(r.month)+".pdf", r.generateTo)
}

// withExt replaces the extension of path.
func repWithExt(path, ext string) string {
	return strings.TrimSuffix(path, filepath.Ext(path)) + ext
}

// generateTo prints the month's return to path (and the JSON/Excel
// beside it when ticked).
func (r *reportsScreen) generateTo(path string) {
	out := ReturnFiles{PDF: path}
	if r.withJSON.Checked {
		out.JSON = repWithExt(path, ".json")
	}
	if r.withXLSX.Checked {
		out.XLSX = repWithExt(path, ".xlsx")
	}
	if r.withPkg.Checked {
		out.Package = repWithExt(path, "-上报.json")
	}
	m := r.month
	r.genBtn.Disable()
	r.progress.SetValue(0)
	r.progress.Show()
	r.a.d.Go(func() {
		g, err := r.svc.GenerateMonthly(context.Background(), m, out, func(f float64) {
			fyne.Do(func() { r.progress.SetValue(f) })
		})
		fyne.Do(func() {
			r.genBtn.Enable()
			r.progress.Hide()
			if err != nil {
				r.status.SetText(settingsErr("generate monthly return", err))
				return
			}
			if r.month == m {
				r.frzBtn.Enable()
				r.showFrozen(g.Frozen, g.Changed)
			}
			msg := tr("reports.monthly.written", map[string]any{"Path": path})
			if out.Package != "" {
				msg += "\n" + tr("reports.monthly.package_written", map[string]any{"Path": out.Package, "Fingerprint": g.Fingerprint})
			}
			repOfferOpen(r.a, msg, path)
		})
	})
}

func (r *reportsScreen) onFreeze() {
	showConfirmMessage(tr("reports.monthly.freeze_title"), tr("reports.monthly.freeze_body", map[string]any{"Month": repMonthLabel(r.month)}),
		func(ok bool) {
			if ok {
				r.freeze()
			}
		}, r.a.win)
}

func (r *reportsScreen) freeze() {
	m := r.month
	r.a.d.Go(func() {
		f, err := r.svc.FreezeMonthly(context.Background(), m)
		fyne.Do(func() {
			if err != nil {
				r.status.SetText(settingsErr("freeze monthly return", err))
				return
			}
			r.frzBtn.Disable()
			if r.month == m {
				r.showFrozen(&f, nil)
			}
		})
	})
}

// ---- frozen returns ----

func (r *reportsScreen) frozenView() fyne.CanvasObject {
	r.frozenMsg = widget.NewLabel("")
	r.frozenList = widget.NewList(
		func() int { return len(r.frozen) },
		func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, nil,
				widget.NewButtonWithIcon(tr("reports.frozen.reprint"), theme.DocumentPrintIcon(), nil),
				widget.NewLabel(""))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			f := r.frozen[id]
			c := o.(*fyne.Container)
			c.Objects[0].(*widget.Label).SetText(tr("lists.frozen.row", map[string]any{
				"Month": repMonthLabel(f.Month), "At": f.GeneratedAt.Local().Format("2006-01-02 15:04"), "Code": f.DataCode,
				"Hash": repShort(f.PDFSHA256)}))
			c.Objects[1].(*widget.Button).OnTapped = func() {
				r.a.touched()
				repSaveDialog(r.a, "月报"+string(f.Month)+"-重印.pdf", func(p string) { r.reprintTo(f.ID, p) })
			}
		},
	)
	return container.NewBorder(container.NewVBox(message(tr("reports.frozen.body")), r.frozenMsg), nil, nil, nil, r.frozenList)
}

func repShort(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

func (r *reportsScreen) loadFrozen() {
	r.a.d.Go(func() {
		fs, err := r.svc.FrozenReturns(context.Background())
		fyne.Do(func() {
			if err != nil {
				r.frozenMsg.SetText(errorMessage("list frozen returns", err))
				return
			}
			r.frozen = fs
			if len(fs) == 0 {
				r.frozenMsg.SetText(tr("reports.frozen.none"))
			} else {
				r.frozenMsg.SetText("")
			}
			r.frozenList.Refresh()
		})
	})
}

func (r *reportsScreen) reprintTo(id, path string) {
	r.a.d.Go(func() {
		same, err := r.svc.Reprint(context.Background(), id, path)
		fyne.Do(func() {
			if err != nil {
				r.frozenMsg.SetText(errorMessage("reprint return", err))
				return
			}
			msg := tr("reports.frozen.reprinted", map[string]any{"Path": path})
			if !same {
				msg += "\n" + tr("reports.frozen.not_same")
			}
			repOfferOpen(r.a, msg, path)
		})
	})
}

// ---- term statistics and the named list ----

func (r *reportsScreen) termView() fyne.CanvasObject {
	var terms []casework.Term
	termSel := widget.NewSelect(nil, nil)
	termSel.PlaceHolder = tr("reports.sc.pick_term")
	from, to, name := newEntry(r.a.act), newEntry(r.a.act), newEntry(r.a.act)
	from.SetPlaceHolder("2026-09-01")
	to.SetPlaceHolder("2027-01-20")
	fromErr, toErr := errorText(), errorText()
	msg := refusalBlock()
	termSel.OnChanged = func(string) {
		i := termSel.SelectedIndex()
		if i >= 0 && i < len(terms) {
			from.SetText(string(terms[i].Start))
			to.SetText(string(terms[i].End))
			name.SetText(terms[i].Name)
		}
	}
	r.a.d.Go(func() {
		ts, err := r.svc.Terms(context.Background())
		fyne.Do(func() {
			if err != nil {
				setError(msg, errorMessage("read terms", err))
				return
			}
			terms = ts
			var opts []string
			for _, t := range ts {
				opts = append(opts, t.Name)
			}
			termSel.SetOptions(opts)
			if len(opts) == 0 {
				termSel.PlaceHolder = tr("reports.term.no_terms")
				termSel.Refresh()
			} else if i := currentTerm(ts, casework.DateOf(r.a.d.Clock.Now())); i >= 0 {
				termSel.SetSelectedIndex(i)
			}
		})
	})
	gen := r.a.act.button(tr("reports.term.generate"), theme.DocumentPrintIcon(), func() {
		p, ok := repReadPeriod(from, to, fromErr, toErr)
		if !ok {
			return
		}
		nm := strings.TrimSpace(name.Text)
		repSaveDialog(r.a, "工作统计"+string(p.From)+"至"+string(p.To)+".pdf", func(path string) {
			r.a.d.Go(func() {
				err := r.svc.TermStatistics(context.Background(), p, nm, path)
				fyne.Do(func() {
					if err != nil {
						setError(msg, settingsErr("term statistics", err))
						return
					}
					setError(msg, "")
					repOfferOpen(r.a, tr("reports.term.written", map[string]any{"Path": path}), path)
				})
			})
		})
	})
	gen.Importance = widget.HighImportance
	form := container.New(layout.NewFormLayout(),
		widget.NewLabel(tr("reports.term.term")), termSel,
		widget.NewLabel(tr("reports.term.from")), container.NewBorder(nil, nil, nil, fromErr, dateField(from, r.a.d.Clock.Now)),
		widget.NewLabel(tr("reports.term.to")), container.NewBorder(nil, nil, nil, toErr, dateField(to, r.a.d.Clock.Now)),
		widget.NewLabel(tr("reports.term.name")), name,
	)
	keyList := r.a.act.button(tr("reports.keylist.button"), theme.WarningIcon(), r.onKeyList)
	return newVScroll(container.NewVBox(
		textCard(tr("reports.term.title"), tr("reports.term.body"), container.NewVBox(form, container.NewHBox(gen), msg)),
		textCard(tr("reports.keylist.title"), tr("reports.keylist.body"), container.NewHBox(keyList)),
	))
}

// readPeriod reads two date entries, typed as people write dates
// (2026/9/1, 2026.9.1, 2026年9月1日…); each problem is shown beside its
// field.
func repReadPeriod(from, to *entry, fromErr, toErr *widget.Label) (casework.Period, bool) {
	a, ok1 := readRequiredDate(from)
	b, ok2 := readRequiredDate(to)
	setError(fromErr, "")
	setError(toErr, "")
	if !ok1 {
		setError(fromErr, tr("reports.term.date_invalid"))
	}
	if !ok2 {
		setError(toErr, tr("reports.term.date_invalid"))
	}
	if !ok1 || !ok2 {
		return casework.Period{}, false
	}
	p := casework.Period{From: a, To: b}
	if !p.Valid() {
		setError(toErr, tr("reports.date_order"))
		return p, false
	}
	return p, true
}

// onKeyList asks purpose and recipient (both required) before the named
// list is printed.
func (r *reportsScreen) onKeyList() {
	purpose, recipient := newEntry(r.a.act), newEntry(r.a.act)
	pErr, rErr := errorText(), errorText()
	form := container.NewVBox(
		message(tr("reports.keylist.warning")),
		widget.NewLabel(tr("reports.keylist.purpose")), container.NewBorder(nil, nil, nil, pErr, purpose),
		widget.NewLabel(tr("reports.keylist.recipient")), container.NewBorder(nil, nil, nil, rErr, recipient),
	)
	var d dialog.Dialog
	d = dialog.NewCustomConfirm(tr("reports.keylist.title"), tr("reports.keylist.print"), tr("reports.cancel"), form, func(ok bool) {
		if !ok {
			return
		}
		p, rc := strings.TrimSpace(purpose.Text), strings.TrimSpace(recipient.Text)
		if !repKeyListFilled(p, rc, pErr, rErr) {
			d.Show()
			return
		}
		r.printKeyList(p, rc)
	}, r.a.win)
	d.Resize(fyne.NewSize(520, 360))
	d.Show()
}

func repKeyListFilled(p, rc string, pErr, rErr *widget.Label) bool {
	setError(pErr, "")
	setError(rErr, "")
	if p == "" {
		setError(pErr, tr("reports.required"))
	}
	if rc == "" {
		setError(rErr, tr("reports.required"))
	}
	return p != "" && rc != ""
}

func (r *reportsScreen) printKeyList(purpose, recipient string) {
	repSaveDialog(r.a, "重点学生名单.pdf", func(path string) { r.keyListTo(purpose, recipient, path) })
}

func (r *reportsScreen) keyListTo(purpose, recipient, path string) {
	r.a.d.Go(func() {
		err := r.svc.KeyStudentList(context.Background(), purpose, recipient, path)
		fyne.Do(func() {
			if err != nil {
				dialog.ShowError(fmt.Errorf("%s", settingsErr("key student list", err)), r.a.win)
				return
			}
			repOfferOpen(r.a, tr("reports.keylist.written", map[string]any{"Path": path}), path)
		})
	})
}

// ReportsScreen is 月报与报表, for the composition root's tests.
func ReportsScreen(a *App) Screen { return newReports(a) }

// repRowLayout puts the label on the left 55% of a figure row and the
// value (with its drill button) on the rest; each wraps in its part.
type repRowLayout struct{}

const repLabelShare = 0.55

func (repRowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(objs[1].(*fyne.Container).Objects[1].MinSize().Width+120, h)
}

func (repRowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	lw := size.Width * repLabelShare
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(lw, size.Height))
	right := objs[1].(*fyne.Container)
	btn := right.Objects[1]
	bw := btn.MinSize().Width
	val := right.Objects[0]
	right.Move(fyne.NewPos(lw, 0))
	right.Resize(fyne.NewSize(size.Width-lw, size.Height))
	// the HBox would give the value only its one-line width
	val.Move(fyne.NewPos(0, 0))
	val.Resize(fyne.NewSize(max(size.Width-lw-bw-theme.Padding(), 0), size.Height))
	btn.Move(fyne.NewPos(size.Width-lw-bw, 0))
	btn.Resize(fyne.NewSize(bw, btn.MinSize().Height))
}

// fitRow makes a figure row tall enough for its wrapped label and value.
func (r *reportsScreen) fitRow(id widget.ListItemID, label, value string) {
	w := r.list.Size().Width
	if w <= 0 {
		return
	}
	pad := 2 * theme.InnerPadding()
	lines := func(text string, width float32) int {
		if width <= pad {
			return 1
		}
		return max(1, int(fyne.MeasureText(text, theme.TextSize(), fyne.TextStyle{}).Width/(width-pad))+1)
	}
	btn := widget.NewButtonWithIcon(tr("reports.drill"), theme.SearchIcon(), nil).MinSize()
	btnW := btn.Width
	n := max(lines(label, w*repLabelShare), lines(value, w*(1-repLabelShare)-btnW))
	line := fyne.MeasureText("国", theme.TextSize(), fyne.TextStyle{}).Height + theme.LineSpacing()
	h := float32(0)
	if n > 1 {
		h = float32(n)*line + pad
	}
	if h == 0 {
		if _, set := r.tallRows[id]; !set {
			return
		}
		delete(r.tallRows, id)
		r.list.SetItemHeight(id, btn.Height) // back to one line
		return
	}
	if r.tallRows == nil {
		r.tallRows = map[widget.ListItemID]bool{}
	}
	r.tallRows[id] = true
	r.list.SetItemHeight(id, h)
}
