package ui

import (
	"context"
	"fmt"
	"image/color"
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
	"xinqing/internal/figures"
	"xinqing/internal/selfcheck"
)

// selfCheckTab is 专项自查: the items of a term with their status,
// figures, reasons and evidence, the export, and the editors of the
// "八个一" checklist and the norms.
type selfCheckTab struct {
	a       *App
	svc     ReportsService
	terms   []casework.Term
	termSel *widget.Select
	result  *selfcheck.Result
	items   *widget.List
	check   *widget.List
	msg     *msgText
	export  *widget.Button
	started bool // the terms were read (shown)
}

func newSelfCheckTab(a *App) *selfCheckTab {
	t := &selfCheckTab{a: a, svc: a.d.Reports, msg: refusalBlock()}
	t.termSel = widget.NewSelect(nil, func(string) { t.compute() })
	t.termSel.PlaceHolder = tr("reports.sc.pick_term")
	t.items = widget.NewList(
		func() int {
			if t.result == nil {
				return 0
			}
			return len(t.result.Items)
		},
		func() fyne.CanvasObject {
			st := widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
			reasons := widget.NewLabel("")
			reasons.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, container.NewHBox(statusCell(st), widget.NewLabel("")),
				widget.NewButtonWithIcon(tr("reports.sc.details"), theme.InfoIcon(), nil), reasons)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			it := t.result.Items[id]
			c := o.(*fyne.Container)
			reasons := c.Objects[0].(*widget.Label)
			left := c.Objects[1].(*fyne.Container)
			btn := c.Objects[2].(*widget.Button)
			statusLabel(left.Objects[0].(*fyne.Container).Objects[1].(*widget.Label), it.Status)
			left.Objects[1].(*widget.Label).SetText(tr("selfcheck.item." + string(it.Code)))
			reasons.SetText(strings.Join(it.Reasons, "；"))
			btn.OnTapped = func() {
				t.a.touched()
				t.showItem(it)
			}
		},
	)
	t.check = widget.NewList(
		func() int {
			if t.result == nil {
				return 0
			}
			return len(t.result.Checklist)
		},
		func() fyne.CanvasObject {
			st := widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
			lbl := widget.NewLabel("")
			lbl.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, statusCell(st), widget.NewButtonWithIcon(tr("reports.sc.records"), theme.SearchIcon(), nil), lbl)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			e := t.result.Checklist[id]
			c := o.(*fyne.Container)
			c.Objects[0].(*widget.Label).SetText(e.Label + "（" + e.Evidence + "）")
			statusLabel(c.Objects[1].(*fyne.Container).Objects[1].(*widget.Label), e.Status)
			btn := c.Objects[2].(*widget.Button)
			btn.OnTapped = func() { t.showRefs(e.Label, e.Refs) }
		},
	)
	return t
}

// statusCell gives the status a column of its own width, so the names
// after it align.
func statusCell(l *widget.Label) fyne.CanvasObject {
	room := canvas.NewRectangle(color.Transparent)
	room.SetMinSize(fyne.NewSize(72, 1))
	return container.NewStack(room, l)
}

// statusLabel colours a status: 达标 green, 需改进 orange, 未开展 red.
func statusLabel(l *widget.Label, s selfcheck.Status) {
	switch s {
	case selfcheck.Pass:
		l.Importance = widget.SuccessImportance
	case selfcheck.Improve:
		l.Importance = widget.WarningImportance
	default:
		l.Importance = widget.DangerImportance
	}
	l.SetText(tr("selfcheck.status." + string(s)))
}

func (t *selfCheckTab) view() fyne.CanvasObject {
	if t.svc == nil {
		return paragraph(tr("err.not_available"))
	}
	t.export = t.a.act.button(tr("reports.sc.export"), theme.DocumentPrintIcon(), t.onExport)
	t.export.Disable()
	edit := t.a.act.button(tr("reports.sc.edit_checklist"), theme.DocumentCreateIcon(), t.editChecklist)
	norms := t.a.act.button(tr("reports.sc.edit_norms"), theme.SettingsIcon(), t.editNorms)
	docs := t.a.act.button(tr("reports.sc.edit_documents"), theme.FileTextIcon(), t.editDocuments)
	wide := canvas.NewRectangle(color.Transparent)
	wide.SetMinSize(fyne.NewSize(280, 1))
	top := container.NewVBox(
		container.New(layout.NewRowWrapLayout(), widget.NewLabel(tr("reports.sc.term")), container.NewStack(wide, t.termSel), t.export, edit, docs, norms),
		t.msg,
	)
	split := container.NewVSplit(
		container.NewBorder(widget.NewLabelWithStyle(tr("reports.sc.items"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, t.items),
		container.NewBorder(widget.NewLabelWithStyle(tr("reports.sc.checklist"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, t.check),
	)
	split.Offset = 0.55
	return container.NewBorder(top, nil, nil, nil, split)
}

// shown is called each time the tab comes into view: the first time it
// reads the terms and computes the running one. The self-check reads every
// record of the school, so it waits until it is asked for instead of
// running whenever 月报与报表 opens.
func (t *selfCheckTab) shown() {
	if t.svc == nil || t.started {
		return
	}
	t.started = true
	t.loadTerms()
}

func (t *selfCheckTab) loadTerms() {
	t.a.d.Go(func() {
		ts, err := t.svc.Terms(context.Background())
		fyne.Do(func() {
			if err != nil {
				setError(t.msg, errorMessage("read terms", err))
				return
			}
			t.terms = ts
			var opts []string
			for _, x := range ts {
				opts = append(opts, x.Name)
			}
			t.termSel.SetOptions(opts)
			if len(opts) == 0 {
				setError(t.msg, tr("reports.sc.no_terms"))
				return
			}
			if i := currentTerm(ts, casework.DateOf(t.a.d.Clock.Now())); i >= 0 {
				t.termSel.SetSelectedIndex(i)
			}
		})
	})
}

func (t *selfCheckTab) term() string {
	i := t.termSel.SelectedIndex()
	if i < 0 || i >= len(t.terms) {
		return ""
	}
	return t.terms[i].Name
}

func (t *selfCheckTab) compute() {
	name := t.term()
	if name == "" {
		return
	}
	setError(t.msg, tr("reports.loading"))
	t.a.d.Go(func() {
		r, err := t.svc.SelfCheck(context.Background(), name)
		fyne.Do(func() {
			if err != nil {
				setError(t.msg, settingsErr("self-check", err))
				return
			}
			t.result = r
			counts := map[selfcheck.Status]int{}
			for _, it := range r.Items {
				counts[it.Status]++
			}
			setError(t.msg, "")
			t.msg.Importance = widget.MediumImportance
			t.msg.SetText(tr("reports.sc.summary", map[string]any{
				"Pass": counts[selfcheck.Pass], "Improve": counts[selfcheck.Improve], "None": counts[selfcheck.NotStarted],
				"From": string(r.Period.From), "To": string(r.Period.To)}))
			t.export.Enable()
			t.items.Refresh()
			t.check.Refresh()
		})
	})
}

// showItem lists an item's figures, reasons and evidence; each opens the
// records behind it.
func (t *selfCheckTab) showItem(it selfcheck.Item) {
	box := container.NewVBox()
	statusBox := widget.NewLabel("")
	statusLabel(statusBox, it.Status)
	box.Add(statusBox)
	box.Add(widget.NewLabelWithStyle(tr("reports.sc.figures"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, f := range it.Figures {
		txt := f.Label + "：" + f.Text
		if f.Norm != "" {
			txt += "（" + tr("reports.sc.norm") + " " + f.Norm + "）"
		}
		l := widget.NewLabel(txt)
		if f.Met != nil && !*f.Met {
			l.Importance = widget.WarningImportance
		}
		row := container.NewBorder(nil, nil, nil, nil, l)
		if len(f.Refs) > 0 {
			refs, label := f.Refs, f.Label
			row = container.NewBorder(nil, nil, nil,
				t.a.act.button(tr("reports.sc.records_n", map[string]any{"N": len(refs)}), theme.SearchIcon(), func() { t.showRefs(label, refs) }), l)
		}
		box.Add(row)
	}
	if len(it.Reasons) > 0 {
		box.Add(widget.NewLabelWithStyle(tr("reports.sc.reasons"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for _, r := range it.Reasons {
			box.Add(paragraph("· " + r))
		}
	}
	box.Add(widget.NewLabelWithStyle(tr("reports.sc.evidence"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, e := range it.Evidence {
		mark := "✓ "
		if !e.Present {
			mark = "✗ "
		}
		l := widget.NewLabel(mark + e.Text)
		row := container.NewBorder(nil, nil, nil, nil, l)
		if len(e.Refs) > 0 {
			refs, label := e.Refs, e.Text
			row = container.NewBorder(nil, nil, nil,
				t.a.act.button(tr("reports.sc.records_n", map[string]any{"N": len(refs)}), theme.SearchIcon(), func() { t.showRefs(label, refs) }), l)
		}
		box.Add(row)
	}
	d := dialog.NewCustom(tr("selfcheck.item."+string(it.Code)), tr("reports.close"), newVScroll(box), t.a.win)
	d.Resize(fyne.NewSize(760, 540))
	d.Show()
}

func toReportRefs(refs []figures.Ref) []ReportRef {
	out := make([]ReportRef, 0, len(refs))
	for _, r := range refs {
		out = append(out, ReportRef{Kind: r.Kind, ID: r.ID, Entry: r.Entry, Date: r.Date})
	}
	return out
}

func (t *selfCheckTab) showRefs(label string, refs []figures.Ref) {
	t.a.d.Go(func() {
		rows, err := t.svc.Records(context.Background(), toReportRefs(refs))
		fyne.Do(func() {
			if err != nil {
				setError(t.msg, errorMessage("records of a figure", err))
				return
			}
			repShowRecords(t.a, tr("reports.sc.records_title", map[string]any{"Label": label, "N": len(rows)}), rows)
		})
	})
}

func (t *selfCheckTab) onExport() {
	name := t.term()
	if name == "" {
		return
	}
	repSaveDialog(t.a, "专项自查-"+name+".pdf", func(path string) { t.exportTo(name, path, repWithExt(path, ".json")) })
}

func (t *selfCheckTab) exportTo(term, pdf, json string) {
	t.a.d.Go(func() {
		err := t.svc.ExportSelfCheck(context.Background(), term, pdf, json)
		fyne.Do(func() {
			if err != nil {
				setError(t.msg, settingsErr("export self-check", err))
				return
			}
			repOfferOpen(t.a, tr("reports.sc.written", map[string]any{"Path": pdf, "JSON": json}), pdf)
		})
	})
}

// ---- editors ----

// withSettings reads the self-check settings off the UI goroutine and
// hands them to show, or shows why they could not be read.
func (t *selfCheckTab) withSettings(show func(casework.SelfCheck)) {
	t.a.d.Go(func() {
		sc, err := t.svc.SelfCheckSettings(context.Background())
		fyne.Do(func() {
			if err != nil {
				setError(t.msg, errorMessage("read self-check settings", err))
				return
			}
			show(sc)
		})
	})
}

// saveSettings saves sc off the UI goroutine; then done (if any) runs and
// the self-check is computed again, or msg says why the save failed.
func (t *selfCheckTab) saveSettings(sc casework.SelfCheck, what string, msg *msgText, done func()) {
	t.a.d.Go(func() {
		err := t.svc.SaveSelfCheckSettings(context.Background(), sc)
		fyne.Do(func() {
			if err != nil {
				setError(msg, settingsErr(what, err))
				return
			}
			if done != nil {
				done()
			}
			t.compute()
		})
	})
}

// checklistRow is one editable "八个一" entry.
type checklistRow struct {
	item                   casework.ChecklistItem
	label, evidence, links *entry
	done                   *widget.Check
	err                    *widget.Label
}

func (t *selfCheckTab) editChecklist() { t.withSettings(t.showChecklistEditor) }

func (t *selfCheckTab) showChecklistEditor(sc casework.SelfCheck) {
	var rows []*checklistRow
	box := container.NewVBox()
	dirty := false
	var rebuild func()
	mkRow := func(it casework.ChecklistItem) *checklistRow {
		r := &checklistRow{item: it, label: newEntry(t.a.act), evidence: newEntry(t.a.act), links: newEntry(t.a.act), err: errorText()}
		r.label.SetText(it.Label)
		r.evidence.SetText(it.Evidence)
		r.links.SetText(strings.Join(it.Links, ", "))
		r.links.SetPlaceHolder(tr("reports.sc.links_placeholder"))
		r.done = widget.NewCheck(tr("reports.sc.done"), func(bool) { dirty = true })
		r.done.SetChecked(it.Done)
		for _, e := range []*entry{r.label, r.evidence, r.links} {
			e.OnChanged = func(string) { dirty = true }
		}
		return r
	}
	for _, it := range sc.Checklist {
		rows = append(rows, mkRow(it))
	}
	rebuild = func() {
		box.RemoveAll()
		for i, r := range rows {
			i := i
			del := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
				showConfirmMessage(tr("reports.sc.remove_title"), tr("reports.sc.remove_body", map[string]any{"Label": rows[i].label.Text}), func(ok bool) {
					if ok {
						rows = append(rows[:i], rows[i+1:]...)
						dirty = true
						rebuild()
					}
				}, t.a.win)
			})
			form := container.New(layout.NewFormLayout(),
				widget.NewLabel(tr("reports.sc.checklist_label")), container.NewBorder(nil, nil, nil, r.err, r.label),
				widget.NewLabel(tr("reports.sc.evidence")), r.evidence,
				widget.NewLabel(tr("reports.sc.checklist_links")), r.links,
				widget.NewLabel(""), container.NewHBox(r.done, layout.NewSpacer(), del),
			)
			box.Add(widget.NewCard("", "", form))
		}
		box.Refresh()
	}
	rebuild()
	add := t.a.act.button(tr("reports.sc.add_entry"), theme.ContentAddIcon(), func() {
		rows = append(rows, mkRow(casework.ChecklistItem{ID: fmt.Sprintf("custom-%d", len(rows)+1)}))
		dirty = true
		rebuild()
	})
	msg := refusalBlock()
	var d *dialog.CustomDialog
	save := t.a.act.button(tr("reports.sc.save"), theme.DocumentSaveIcon(), func() {
		out, ok := checklistFromRows(rows)
		if !ok {
			setError(msg, tr("reports.sc.fix_errors"))
			return
		}
		sc.Checklist = out
		t.saveSettings(sc, "save checklist", msg, d.Hide)
	})
	save.Importance = widget.HighImportance
	cancel := t.a.act.button(tr("reports.cancel"), theme.CancelIcon(), func() {
		if !dirty {
			d.Hide()
			return
		}
		showConfirmMessage(tr("reports.discard_title"), tr("reports.discard_body"), func(ok bool) {
			if ok {
				d.Hide()
			}
		}, t.a.win)
	})
	body := container.NewBorder(nil, container.NewVBox(msg, container.NewHBox(add, layout.NewSpacer(), cancel, save)), nil, nil, newVScroll(box))
	d = dialog.NewCustomWithoutButtons(tr("reports.sc.edit_checklist"), body, t.a.win)
	d.Resize(fyne.NewSize(820, 600))
	d.Show()
}

// checklistFromRows reads the editor; a label is required.
func checklistFromRows(rows []*checklistRow) ([]casework.ChecklistItem, bool) {
	ok := true
	var out []casework.ChecklistItem
	for _, r := range rows {
		it := r.item
		it.Label = strings.TrimSpace(r.label.Text)
		it.Evidence = strings.TrimSpace(r.evidence.Text)
		it.Links = nil
		for _, l := range strings.FieldsFunc(r.links.Text, func(c rune) bool { return c == ',' || c == '，' || c == ' ' || c == '、' }) {
			it.Links = append(it.Links, l)
		}
		it.Done = r.done.Checked
		setError(r.err, "")
		if it.Label == "" {
			setError(r.err, tr("reports.required"))
			ok = false
		}
		out = append(out, it)
	}
	return out, ok
}

// normField is one editable number of the norms.
type normField struct {
	key string
	get func(n *casework.SelfCheckNorms) float64
	set func(n *casework.SelfCheckNorms, v float64)
	int bool
}

func normFields() []normField {
	i := func(key string, p func(n *casework.SelfCheckNorms) *int) normField {
		return normField{key: key, int: true,
			get: func(n *casework.SelfCheckNorms) float64 { return float64(*p(n)) },
			set: func(n *casework.SelfCheckNorms, v float64) { *p(n) = int(v) }}
	}
	f := func(key string, p func(n *casework.SelfCheckNorms) *float64) normField {
		return normField{key: key,
			get: func(n *casework.SelfCheckNorms) float64 { return *p(n) },
			set: func(n *casework.SelfCheckNorms, v float64) { *p(n) = v }}
	}
	return []normField{
		i("students_per_counselor", func(n *casework.SelfCheckNorms) *int { return &n.StudentsPerCounselor }),
		i("fulltime_above_students", func(n *casework.SelfCheckNorms) *int { return &n.FulltimeAboveStudents }),
		f("training_hours_per_year", func(n *casework.SelfCheckNorms) *float64 { return &n.TrainingHoursPerYear }),
		i("terms_per_year", func(n *casework.SelfCheckNorms) *int { return &n.TermsPerYear }),
		f("room_min_area_m2", func(n *casework.SelfCheckNorms) *float64 { return &n.RoomMinAreaM2 }),
		i("room_min_zones", func(n *casework.SelfCheckNorms) *int { return &n.RoomMinZones }),
		i("room_open_percent", func(n *casework.SelfCheckNorms) *int { return &n.RoomOpenPercent }),
		i("lesson_every_weeks", func(n *casework.SelfCheckNorms) *int { return &n.LessonEveryWeeks }),
		i("class_meetings_per_grade", func(n *casework.SelfCheckNorms) *int { return &n.ClassMeetingsPerGrade }),
		i("special_events_per_grade", func(n *casework.SelfCheckNorms) *int { return &n.SpecialEventsPerGrade }),
		i("group_sessions_per_term", func(n *casework.SelfCheckNorms) *int { return &n.GroupSessionsPerTerm }),
		i("committee_trainings_per_term", func(n *casework.SelfCheckNorms) *int { return &n.CommitteeTrainingsPerTerm }),
		i("class_report_percent", func(n *casework.SelfCheckNorms) *int { return &n.ClassReportPercent }),
		i("screening_within_days", func(n *casework.SelfCheckNorms) *int { return &n.ScreeningWithinDays }),
		i("plan_percent", func(n *casework.SelfCheckNorms) *int { return &n.PlanPercent }),
	}
}

func (t *selfCheckTab) editNorms() { t.withSettings(t.showNormsEditor) }

func (t *selfCheckTab) showNormsEditor(sc casework.SelfCheck) {
	fields := normFields()
	entries := make([]*entry, len(fields))
	errs := make([]*widget.Label, len(fields))
	form := container.New(layout.NewFormLayout())
	for k, f := range fields {
		e := newEntry(t.a.act)
		e.SetText(strconv.FormatFloat(f.get(&sc.Norms), 'f', -1, 64))
		entries[k], errs[k] = e, errorText()
		form.Add(widget.NewLabel(tr("selfcheck.norm." + f.key)))
		form.Add(container.NewBorder(nil, nil, nil, errs[k], e))
	}
	hot := newEntry(t.a.act)
	hot.SetText(strings.Join(sc.Norms.Hotlines, ", "))
	form.Add(widget.NewLabel(tr("reports.sc.norm_hotlines")))
	form.Add(hot)
	dialog.ShowCustomConfirm(tr("reports.sc.edit_norms"), tr("reports.sc.save"), tr("reports.cancel"), newVScroll(form), func(ok bool) {
		if !ok {
			return
		}
		n, good := readNorms(sc.Norms, fields, entries, errs)
		n.Hotlines = strings.FieldsFunc(hot.Text, func(c rune) bool { return c == ',' || c == '，' || c == ' ' || c == '、' })
		if !good {
			sc.Norms = n
			t.showNormsEditor(sc) // show again with the messages
			return
		}
		sc.Norms = n
		t.saveSettings(sc, "save norms", t.msg, nil)
	}, t.a.win)
}

// readNorms reads the norm entries: each a number ≥ 0 (whole where the
// norm counts).
func readNorms(n casework.SelfCheckNorms, fields []normField, entries []*entry, errs []*widget.Label) (casework.SelfCheckNorms, bool) {
	ok := true
	for k, f := range fields {
		v, err := strconv.ParseFloat(strings.TrimSpace(entries[k].Text), 64)
		if err != nil || v < 0 || (f.int && v != float64(int(v))) {
			setError(errs[k], tr("reports.sc.norm_invalid"))
			ok = false
			continue
		}
		setError(errs[k], "")
		f.set(&n, v)
	}
	return n, ok
}

// currentTerm is the term holding today, else the latest that has
// started, else -1.
func currentTerm(ts []casework.Term, today casework.Date) int {
	best := -1
	for i, t := range ts {
		if today.InRange(t.Start, t.End) {
			return i
		}
		if !today.Before(t.Start) && (best < 0 || ts[best].Start.Before(t.Start)) {
			best = i
		}
	}
	return best
}

// docRow is the register entry of one kind of school document.
type docRow struct {
	kind                 casework.DocumentKind
	title, docNo, issued *entry
	issuedErr            *widget.Label
	attachment           string
}

func (t *selfCheckTab) editDocuments() {
	t.withSettings(func(sc casework.SelfCheck) { t.showDocumentsEditor(sc, false) })
}

// showDocumentsEditor registers the four documents of 工作机制: a kind is
// registered when its title is filled in.
// check shows the messages of what is filled in (when the editor opens
// again after a refused save).
func (t *selfCheckTab) showDocumentsEditor(sc casework.SelfCheck, check bool) {
	var rows []*docRow
	form := container.New(layout.NewFormLayout())
	for _, k := range casework.AllDocumentKinds() {
		r := &docRow{kind: k, title: newEntry(t.a.act), docNo: newEntry(t.a.act), issued: newEntry(t.a.act), issuedErr: errorText()}
		for _, d := range sc.Documents {
			if d.Kind == k {
				r.title.SetText(d.Title)
				r.docNo.SetText(d.DocNo)
				r.issued.SetText(string(d.IssuedOn))
				r.attachment = d.AttachmentID
			}
		}
		r.title.SetPlaceHolder(tr("reports.sc.doc_title"))
		r.docNo.SetPlaceHolder(tr("reports.sc.doc_no"))
		r.issued.SetPlaceHolder("2026-09-01")
		form.Add(widget.NewLabelWithStyle(tr("selfcheck.document."+string(k)), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		form.Add(container.NewGridWithColumns(3, r.title, r.docNo, container.NewBorder(nil, nil, nil, r.issuedErr, r.issued)))
		rows = append(rows, r)
	}
	if check {
		documentsFromRows(rows)
	}
	dialog.ShowCustomConfirm(tr("reports.sc.edit_documents"), tr("reports.sc.save"), tr("reports.cancel"),
		container.NewVBox(paragraph(tr("reports.sc.documents_body")), form), func(ok bool) {
			if !ok {
				return
			}
			docs, good := documentsFromRows(rows)
			if !good { // open again with what was typed and the messages
				again := sc
				again.Documents = docs
				t.showDocumentsEditor(again, true)
				return
			}
			sc.Documents = docs
			t.saveSettings(sc, "save documents", t.msg, nil)
		}, t.a.win)
}

// documentsFromRows reads the register: a row with a title is a
// document; a date, when given, must be a date.
func documentsFromRows(rows []*docRow) ([]casework.SchoolDocument, bool) {
	ok := true
	var out []casework.SchoolDocument
	for _, r := range rows {
		setError(r.issuedErr, "")
		title := strings.TrimSpace(r.title.Text)
		if title == "" {
			continue
		}
		d := casework.SchoolDocument{Kind: r.kind, Title: title, DocNo: strings.TrimSpace(r.docNo.Text), AttachmentID: r.attachment}
		if v := strings.TrimSpace(r.issued.Text); v != "" {
			day, err := casework.ParseDate(v)
			if err != nil {
				setError(r.issuedErr, tr("reports.date_invalid"))
				ok = false
				day = casework.Date(v) // kept as typed for the next try
			}
			d.IssuedOn = day
		}
		out = append(out, d)
	}
	return out, ok
}
