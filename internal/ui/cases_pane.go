package ui

import (
	"context"
	"errors"
	"image/color"
	"reflect"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// studentText is how a student is named in lists and pickers: name and
// class, never more.
func studentText(s casework.Student) string {
	if s.Class == "" {
		return s.Name
	}
	return s.Name + "（" + s.Class + "）"
}

// studentPicker chooses the student a record belongs to through a search
// dialog (name, pinyin, initials or student number).
type studentPicker struct {
	a       *App
	svc     CaseService
	id      string
	label   *widget.Label
	btn     *widget.Button
	clear   *widget.Button
	changed func()
	obj     fyne.CanvasObject
}

func newStudentPicker(a *App, svc CaseService) *studentPicker {
	p := &studentPicker{a: a, svc: svc, label: widget.NewLabel(tr("cases.student.none"))}
	p.btn = a.act.button(tr("cases.student.choose"), theme.SearchIcon(), p.open)
	// a staff or parent case names no student: the choice can be undone
	p.clear = a.act.button("", theme.ContentClearIcon(), func() {
		p.set("")
		if p.changed != nil {
			p.changed()
		}
	})
	p.clear.Hide()
	p.obj = container.NewBorder(nil, nil, nil, container.NewHBox(p.clear, p.btn), p.label)
	return p
}

func (p *studentPicker) field() customField {
	return customField{obj: p.obj, get: func() string { return p.id }, set: p.set, onChange: &p.changed}
}

func (p *studentPicker) set(id string) {
	p.id = id
	if id == "" {
		p.clear.Hide()
		p.label.SetText(tr("cases.student.none"))
		return
	}
	p.clear.Show()
	p.label.SetText(tr("cases.loading"))
	p.a.d.Go(func() {
		m, err := p.svc.StudentsByID(context.Background(), []string{id})
		fyne.Do(func() {
			if p.id != id {
				return
			}
			switch s, ok := m[id]; {
			case err != nil:
				p.label.SetText(errorMessage("read student", err))
			case !ok:
				p.label.SetText(tr("cases.student.missing"))
			default:
				p.label.SetText(studentText(s))
			}
		})
	})
}

func (p *studentPicker) choose(s casework.Student) {
	p.id = s.ID
	p.label.SetText(studentText(s))
	p.clear.Show()
	if p.changed != nil {
		p.changed()
	}
}

// open shows the search dialog.
func (p *studentPicker) open() {
	var found []casework.Student
	var d dialog.Dialog
	msg := widget.NewLabel(tr("cases.student.type"))
	list := widget.NewList(func() int { return len(found) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(studentText(found[i])) })
	list.OnSelected = func(i widget.ListItemID) {
		if i < len(found) {
			p.choose(found[i])
			d.Hide()
		}
	}
	q := newEntry(p.a.act)
	q.SetPlaceHolder(tr("cases.student.search"))
	seq := 0
	q.OnChanged = func(text string) {
		seq++
		mine := seq
		text = strings.TrimSpace(text)
		if text == "" {
			found = nil
			list.Refresh()
			return
		}
		p.a.d.Go(func() {
			res, err := p.svc.FindStudents(context.Background(), text, 50)
			fyne.Do(func() {
				if mine != seq {
					return // a newer search is on its way
				}
				if err != nil {
					msg.SetText(errorMessage("search students", err))
					return
				}
				found = res
				list.UnselectAll()
				list.Refresh()
				if len(res) == 0 {
					msg.SetText(tr("cases.student.no_match"))
				} else {
					msg.SetText(tr("cases.student.matches", map[string]any{"N": len(res)}))
				}
			})
		})
	}
	content := container.NewBorder(container.NewVBox(q, msg), nil, nil, nil, list)
	d = dialog.NewCustom(tr("cases.student.choose"), tr("cases.cancel"), content, p.a.win)
	d.Resize(fyne.NewSize(480, 460))
	d.Show()
	p.a.win.Canvas().Focus(q)
}

// ---- a list of records beside (or above) the form of the one opened ----

// paneSpec describes one kind of record on screen.
type paneSpec struct {
	kind      casework.Kind
	newKey    string                            // label of the "new" button
	blank     func() casework.Record            // a new record with its defaults
	opts      fieldOpts                         // the form
	cols      []tableCol[casework.Record]       // the list's columns
	mark      func(casework.Record) color.Color // a colour swatch in the row (levels), or nil
	alert     func(casework.Record) bool        // rows shown in red
	filters   []string                          // translation keys of the filter choices; the first shows all
	filter    func(casework.Record, int) bool
	search    func(casework.Record, string) bool // more than the columns' text and the student's name; nil: no search box
	searchKey string                             // placeholder of the search box
	order     func(a, b casework.Record) int     // the list order when the store's (date, id) is not enough
	vertical  bool                               // list above the form
}

// recordPane is a virtualised list of records and the form of the one
// being edited, with save, delete and the unsaved-changes guard.
type recordPane struct {
	a    *App
	svc  CaseService
	spec paneSpec

	scope  RecordFilter
	all    []casework.Record
	shown  []casework.Record
	names  map[string]casework.Student
	levels []casework.RiskLevel

	list  *widget.List
	table *listTable[casework.Record]
	query *entry
	// found are the students whose name (characters, pinyin or initials)
	// or number matches the search; nil while there is no search.
	found     map[string]bool
	searchSeq int
	filterSel *widget.Select
	count     *widget.Label

	form    *recForm
	picker  *studentPicker
	cur     casework.Record // being edited; nil when none
	title   *widget.Label
	msg     *widget.Label
	saveBtn *widget.Button
	delBtn  *widget.Button
	newBtn  *widget.Button
	editor  *fyne.Container // form and buttons, hidden while nothing is open
	empty   *widget.Label
	extra   *fyne.Container // what the screen adds under the buttons

	// hooks of the screen
	onOpen  func(rec casework.Record, isNew bool)
	onSaved func(rec casework.Record)
	onList  func()
	titleOf func(rec casework.Record) string
	// alsoDirty tells about unsaved edits elsewhere that opening another
	// record would drop (a session of the open case).
	alsoDirty func() bool
	// released: the screen was dropped (release); answers that come in
	// later are not kept.
	released bool
	// pickSave asks where a print goes (nil: the save dialog).
	pickSave saveChooser
	// prepare, when set, completes rec from inputs outside the record
	// (a new key student's initial level) before it is checked; false
	// keeps the form (prepare has shown why beside the input).
	prepare func(rec casework.Record) bool
	// hideError drops a rule's message that prepare has told already
	// beside its own input.
	hideError func(casework.FieldError) bool
	// moreErrors are the messages prepare showed, for the summary.
	moreErrors func() []string
}

func newRecordPane(a *App, svc CaseService, levels []casework.RiskLevel, spec paneSpec) *recordPane {
	p := &recordPane{a: a, svc: svc, spec: spec, levels: levels, names: map[string]casework.Student{}}
	p.picker = newStudentPicker(a, svc)
	o := spec.opts
	o.levels = levels
	custom := map[string]func() customField{
		"student_id": p.picker.field,
		"level":      func() customField { return levelSelect(levels) },
	}
	for k, v := range o.custom {
		custom[k] = v
	}
	o.custom = custom
	typ := reflect.TypeOf(casework.NewRecord(spec.kind)).Elem()
	p.form = newRecForm(a, string(spec.kind), typ, o)
	p.form.changed = func() { p.msg.SetText(tr("cases.unsaved")) }

	p.table = newListTable(&p.shown, spec.cols)
	p.table.mark, p.table.alert = spec.mark, spec.alert
	p.table.refill = p.applyFilter
	p.list = p.table.list
	p.list.OnSelected = func(i widget.ListItemID) {
		if i >= len(p.shown) {
			return
		}
		rec := p.shown[i]
		if p.cur != nil && p.cur.Base().ID == rec.Base().ID {
			return
		}
		p.guard(func() { p.open(rec) }, func() { p.selectCurrent() })
	}
	p.query = newEntry(a.act)
	// every list finds a student by characters, pinyin or initials and
	// any text of its columns
	p.query.SetPlaceHolder(tr("lists.search_records"))
	p.query.OnChanged = func(string) { p.search() }
	var fl []string
	for _, k := range spec.filters {
		fl = append(fl, tr(k))
	}
	p.filterSel = widget.NewSelect(fl, func(string) { p.applyFilter() })
	p.count = widget.NewLabel("")
	p.title = heading("")
	p.msg = widget.NewLabel("")
	p.msg.Wrapping = fyne.TextWrapBreak
	p.saveBtn = a.act.button(tr("cases.save"), theme.DocumentSaveIcon(), p.save)
	p.saveBtn.Importance = widget.HighImportance
	p.delBtn = a.act.button(tr("cases.delete"), theme.DeleteIcon(), p.confirmDelete)
	p.newBtn = a.act.button(tr(spec.newKey), theme.ContentAddIcon(), func() { p.guard(p.startNew, nil) })
	p.extra = container.NewVBox()
	p.empty = widget.NewLabel(tr("cases.nothing_open"))
	p.editor = container.NewVBox(p.title, fitForm(p.form.form), p.msg,
		container.NewHBox(p.saveBtn, p.delBtn), p.extra)
	p.editor.Hide()
	return p
}

// view lays out list and editor.
func (p *recordPane) view() fyne.CanvasObject {
	var tools []fyne.CanvasObject
	tools = append(tools, p.newBtn)
	if len(p.spec.filters) > 0 {
		p.filterSel.SetSelectedIndex(0)
		tools = append(tools, p.filterSel)
	}
	top := container.NewVBox(container.NewHBox(tools...))
	top.Add(p.query)
	left := container.NewBorder(top, p.count, nil, nil, p.table.view)
	right := newVScroll(container.NewPadded(container.NewStack(p.empty, p.editor)))
	if p.spec.vertical {
		s := container.NewVSplit(left, right)
		s.Offset = 0.3
		return s
	}
	s := container.NewHSplit(left, right)
	s.Offset = 0.42
	return s
}

// dirty reports unsaved edits.
func (p *recordPane) dirty() bool {
	return (p.cur != nil && p.form.dirty) || (p.alsoDirty != nil && p.alsoDirty())
}

// guard runs f, after asking when the open form has unsaved edits;
// cancel runs when the user keeps editing.
func (p *recordPane) guard(f, cancel func()) {
	if !p.dirty() {
		f()
		return
	}
	showConfirmMessage(tr("cases.discard_title"), tr("cases.discard_confirm"), func(ok bool) {
		if ok {
			p.form.dirty = false
			f()
		} else if cancel != nil {
			cancel()
		}
	}, p.a.win)
}

func (p *recordPane) selectCurrent() {
	if p.cur == nil {
		p.list.UnselectAll()
		return
	}
	for i, r := range p.shown {
		if r.Base().ID == p.cur.Base().ID {
			p.list.Select(i)
			return
		}
	}
	p.list.UnselectAll()
}

// reload reads the records of the pane's kind in scope, then the names
// of their students, off the UI goroutine.
// release lets go of the records (the screen was dropped).
func (p *recordPane) release() {
	p.released = true
	p.all, p.shown, p.names, p.cur = nil, nil, map[string]casework.Student{}, nil
}

func (p *recordPane) reload(then func()) {
	scope := p.scope
	p.count.SetText(tr("cases.loading"))
	p.a.d.Go(func() {
		ctx := context.Background()
		recs, err := p.svc.Records(ctx, p.spec.kind, scope)
		var names map[string]casework.Student
		if err == nil {
			var ids []string
			for _, r := range recs {
				if id := studentOf(r); id != "" {
					ids = append(ids, id)
				}
			}
			slices.Sort(ids)
			ids = slices.Compact(ids)
			if len(ids) > 0 {
				names, err = p.svc.StudentsByID(ctx, ids)
			}
		}
		fyne.Do(func() {
			if p.released {
				return
			}
			if err != nil {
				p.count.SetText(errorMessage("list records", err))
				return
			}
			if scope != p.scope {
				return // the scope changed meanwhile
			}
			if p.spec.order != nil {
				slices.SortStableFunc(recs, p.spec.order)
			}
			p.all = recs
			for id, s := range names {
				p.names[id] = s
			}
			p.applyFilter()
			if p.onList != nil {
				p.onList()
			}
			if then != nil {
				then()
			}
		})
	})
}

// studentOf returns the student a record belongs to, if any.
func studentOf(r casework.Record) string {
	v := reflect.ValueOf(r).Elem().FieldByName("StudentID")
	if !v.IsValid() {
		return ""
	}
	return v.String()
}

func (p *recordPane) studentName(id string) string {
	if s, ok := p.names[id]; ok {
		return studentText(s)
	}
	return ""
}

func (p *recordPane) applyFilter() {
	q := strings.TrimSpace(p.query.Text)
	fi := p.filterSel.SelectedIndex()
	p.shown = p.shown[:0:0]
	// newest first: the store orders by date ascending
	for i := len(p.all) - 1; i >= 0; i-- {
		r := p.all[i]
		if p.spec.filter != nil && !p.spec.filter(r, max(fi, 0)) {
			continue
		}
		if q != "" && !p.matches(r, q) {
			continue
		}
		p.shown = append(p.shown, r)
	}
	p.table.update()
	p.count.SetText(tr("cases.count", map[string]any{"N": len(p.shown), "Total": len(p.all)}))
	p.selectCurrent()
}

// matches reports whether r is found by q: its columns' text, its
// student (name, pinyin, initials, number) or the screen's own fields.
func (p *recordPane) matches(r casework.Record, q string) bool {
	if p.table.matchText(r, q) {
		return true
	}
	if id := studentOf(r); id != "" && p.found[id] {
		return true
	}
	return p.spec.search != nil && p.spec.search(r, q)
}

// search filters at once by text, then again when the students whose
// name or pinyin match are known.
func (p *recordPane) search() {
	q := strings.TrimSpace(p.query.Text)
	p.searchSeq++
	seq := p.searchSeq
	p.found = nil
	p.applyFilter()
	if q == "" {
		return
	}
	p.a.d.Go(func() {
		res, err := p.svc.FindStudents(context.Background(), q, studentSearchLimit)
		fyne.Do(func() {
			if err != nil || seq != p.searchSeq {
				return
			}
			p.found = map[string]bool{}
			for _, s := range res {
				p.found[s.ID] = true
			}
			p.applyFilter()
		})
	})
}

// open shows rec in the form.
func (p *recordPane) open(rec casework.Record) {
	p.cur = rec
	p.form.load(rec)
	p.msg.SetText("")
	p.delBtn.Show()
	p.setTitle()
	p.empty.Hide()
	p.editor.Show()
	if p.onOpen != nil {
		p.onOpen(rec, false)
	}
}

func (p *recordPane) setTitle() {
	if p.titleOf != nil {
		p.title.SetText(p.titleOf(p.cur))
		return
	}
	if p.cur.Base().ID == "" {
		p.title.SetText(tr("cases.new_title", map[string]any{"What": tr("record." + string(p.spec.kind))}))
		return
	}
	p.title.SetText(tr("record." + string(p.spec.kind)))
}

// startNew opens a blank record with its defaults.
func (p *recordPane) startNew() { p.startNewWith(p.spec.blank()) }

func (p *recordPane) startNewWith(rec casework.Record) {
	p.list.UnselectAll()
	p.cur = rec
	p.form.load(rec)
	p.form.dirty = false
	p.msg.SetText("")
	p.delBtn.Hide()
	p.setTitle()
	p.empty.Hide()
	p.editor.Show()
	if p.onOpen != nil {
		p.onOpen(rec, true)
	}
}

// close empties the editor.
func (p *recordPane) close() {
	p.cur = nil
	p.form.dirty = false
	p.editor.Hide()
	p.empty.Show()
	p.list.UnselectAll()
}

// save validates the form, shows each message beside its field and
// writes the record; nothing typed is lost on a refusal.
func (p *recordPane) save() {
	if p.cur == nil {
		return
	}
	rec := casework.NewRecord(p.spec.kind)
	reflect.ValueOf(rec).Elem().Set(reflect.ValueOf(p.cur).Elem()) // keeps id and timestamps
	collected := p.form.collect(rec)
	prepared := p.prepare == nil || p.prepare(rec)
	if !collected || !prepared {
		// the record's rules are told too, so that one refusal does not hide the next
		if ve, ok := casework.AsValidationErrors(rec.Validate(casework.Env{Levels: p.levels})); ok {
			if p.hideError != nil {
				ve = slices.DeleteFunc(ve, p.hideError)
			}
			p.form.showErrors(ve)
		}
		summary := append([]string{tr("cases.fix_errors")}, p.form.errorSummary()...)
		if p.moreErrors != nil {
			summary = append(summary, p.moreErrors()...)
		}
		p.msg.SetText(strings.Join(summary, "\n"))
		p.form.focusFirstError()
		return
	}
	if err := rec.Validate(casework.Env{Levels: p.levels}); err != nil {
		p.showSaveError(err)
		return
	}
	p.saveBtn.Disable()
	p.msg.SetText(tr("cases.saving"))
	p.a.d.Go(func() {
		err := p.svc.SaveRecord(context.Background(), rec)
		fyne.Do(func() {
			p.saveBtn.Enable()
			if err != nil {
				p.showSaveError(err)
				return
			}
			p.cur = rec
			p.form.load(rec) // shows what the store assigned (case number)
			p.delBtn.Show()
			p.setTitle()
			p.msg.SetText(tr("cases.saved"))
			if p.onSaved != nil {
				p.onSaved(rec)
			}
			p.reload(nil)
		})
	})
}

func (p *recordPane) showSaveError(err error) {
	if ve, ok := casework.AsValidationErrors(err); ok {
		rest := p.form.showErrors(ve)
		text := strings.Join(append([]string{tr("cases.fix_errors")}, p.form.errorSummary()...), "\n")
		if len(rest) > 0 {
			text += "\n" + fieldErrorsText(rest)
		}
		p.msg.SetText(text)
		p.form.focusFirstError()
		return
	}
	p.msg.SetText(caseErrorMessage("save record", err))
}

// caseErrorMessage explains a domain error (a conflict names what still
// refers to the record) or falls back to the service errors.
func caseErrorMessage(op string, err error) string {
	var de *casework.Error
	if errors.As(err, &de) {
		fyne.LogError(op, err)
		switch de.Code {
		case casework.ECONFLICT:
			return tr("cases.err.conflict")
		case casework.ENOTFOUND:
			return tr("cases.err.not_found")
		}
		if de.MessageZH != "" && de.Code == casework.EINVALID {
			return de.MessageZH
		}
	}
	return errorMessage(op, err)
}

func (p *recordPane) confirmDelete() {
	if p.cur == nil || p.cur.Base().ID == "" {
		return
	}
	rec := p.cur
	showConfirmMessage(tr("cases.delete_title"), tr("cases.delete_confirm", map[string]any{"What": tr("record." + string(p.spec.kind))}), func(ok bool) {
		if !ok {
			return
		}
		p.a.d.Go(func() {
			err := p.svc.DeleteRecord(context.Background(), p.spec.kind, rec.Base().ID)
			fyne.Do(func() {
				if err != nil {
					p.msg.SetText(caseErrorMessage("delete record", err))
					return
				}
				p.close()
				p.reload(nil)
			})
		})
	}, p.a.win)
}

// openID loads the record of id and opens it (from another screen).
func (p *recordPane) openID(id string) {
	p.a.d.Go(func() {
		rec, err := p.svc.Record(context.Background(), p.spec.kind, id)
		fyne.Do(func() {
			if err != nil {
				p.msg.SetText(caseErrorMessage("open record", err))
				return
			}
			p.open(rec)
			p.selectCurrent()
		})
	})
}

// ---- printing ----

// saveChooser asks where to save a file named name and calls f with the
// path; the screens use the Fyne save dialog, tests a fixed path.
type saveChooser func(a *App, name string, f func(path string))

// askSavePath shows Fyne's save dialog.
func askSavePath(a *App, name string, f func(path string)) {
	if a.d.PickSave != nil {
		a.d.PickSave(name, f)
		return
	}
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil || wc == nil {
			return
		}
		path := wc.URI().Path()
		if err := wc.Close(); err != nil {
			fyne.LogError("prepare pdf file", err)
			return
		}
		f(path)
	}, a.win)
	d.SetFileName(name)
	showFileDialog(d)
}

// printPDF asks where to save, writes the document there in the
// background, and offers to open it in the system PDF viewer.
func printPDF(a *App, pick saveChooser, filename string, status *widget.Label, write func(ctx context.Context, path string) error) {
	if pick == nil {
		pick = askSavePath
	}
	pick(a, filename, func(path string) {
		status.SetText(tr("cases.print.writing"))
		a.d.Go(func() {
			err := write(context.Background(), path)
			fyne.Do(func() {
				if err != nil {
					status.SetText(caseErrorMessage("write pdf", err))
					return
				}
				status.SetText(tr("cases.print.done", map[string]any{"Path": path}))
				showSavedFile(a, tr("cases.print.done", map[string]any{"Path": path}), path)
			})
		})
	})
}

// today is the date of the injected clock.
func today(a *App) casework.Date { return casework.DateOf(a.d.Clock.Now()) }

// loadLevels reads the configured levels; the defaults stand in on error.
func loadLevels(svc CaseService) []casework.RiskLevel {
	lv, err := svc.RiskLevels(context.Background())
	if err != nil || len(lv) == 0 {
		if err != nil {
			fyne.LogError("read risk levels", err)
		}
		return casework.DefaultRiskLevels()
	}
	return lv
}

// parseColor reads "#RRGGBB".
func parseColor(s string) color.Color {
	s = strings.TrimPrefix(s, "#")
	if len(s) != 6 {
		return nil
	}
	var rgb [3]uint8
	for i := range 3 {
		var v uint8
		for _, c := range s[i*2 : i*2+2] {
			v <<= 4
			switch {
			case c >= '0' && c <= '9':
				v |= uint8(c - '0')
			case c >= 'a' && c <= 'f':
				v |= uint8(c - 'a' + 10)
			case c >= 'A' && c <= 'F':
				v |= uint8(c - 'A' + 10)
			default:
				return nil
			}
		}
		rgb[i] = v
	}
	return color.NRGBA{R: rgb[0], G: rgb[1], B: rgb[2], A: 255}
}

// rowText is a record's row as one line (its columns' texts).
func (p *recordPane) rowText(r casework.Record) string {
	var parts []string
	for _, c := range p.spec.cols {
		parts = append(parts, c.text(r))
	}
	return strings.Join(nonEmpty(parts...), "  ")
}
