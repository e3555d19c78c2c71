package ui

import (
	"context"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// The record forms of the groups area (group sessions, committee members,
// activities and the room's logs) are built from the casework structs
// themselves: every scalar field with a JSON key becomes an input labelled
// "field.<kind>.<key>", so no docs/DOMAIN.md "Records" field can be forgotten and a field
// added to a record appears on its form. Lists of sub-rows (the process
// table, attendance, trainings) have their own editors.

// grpEnumCodes are the codes of each enum a form can offer, by enum name.
func grpEnumCodes(enum string) []string {
	switch enum {
	case "group_type":
		return grpCodes(casework.AllGroupTypes())
	case "group_stage":
		return grpCodes(casework.AllGroupStages())
	case "committee_role":
		return grpCodes(casework.AllCommitteeRoles())
	case "mood":
		return grpCodes(casework.AllMoods())
	case "activity_kind":
		return grpCodes(casework.AllActivityKinds())
	case "visitor_type":
		return grpCodes(casework.AllVisitorTypes())
	case "visit_method":
		return grpCodes(casework.AllVisitMethods())
	}
	return nil
}

func grpCodes[T ~string](all []T) []string {
	out := make([]string, len(all))
	for i, c := range all {
		out[i] = string(c)
	}
	return out
}

// grpEnumLabel is the shown label of an enum code.
func grpEnumLabel(enum, code string) string {
	if code == "" {
		return ""
	}
	return tr("enum." + enum + "." + code)
}

// grpFieldLabel is the shown label of a record's field.
func grpFieldLabel(kind casework.Kind, key string) string {
	return tr("field." + string(kind) + "." + key)
}

// grpLabel is the label of a record (grpLabel("record", kind)) or of a
// sub-record's field (grpLabel("process_segment", "minutes")) from the
// label tables.
func grpLabel(record, key string) string {
	if record == "record" {
		return tr("record." + key)
	}
	return tr("field." + record + "." + key)
}

// grpEnglish reports whether the UI speaks English (validation messages
// come in both languages from casework).
func grpEnglish() bool { return tr("groups.lang") == "en" }

// grpFieldMessage is a validation message in the UI's language.
func grpFieldMessage(f casework.FieldError) string {
	if grpEnglish() {
		return f.MessageEN
	}
	return f.MessageZH
}

// grpLongText are the keys edited in a multi-line entry.
var grpLongText = []string{"goals", "preparation", "opening_words", "evaluation", "reflection", "notes", "handling",
	"actions", "highlights", "problems", "next_plan", "concern_notes"}

type grpEnumType interface{ Enum() string }

var (
	grpDateType  = reflect.TypeFor[casework.Date]()
	grpClockType = reflect.TypeFor[casework.Clock]()
	grpMonthType = reflect.TypeFor[casework.Month]()
	grpEnumIface = reflect.TypeFor[grpEnumType]()
)

// grpField is one input of a grpForm.
type grpField struct {
	key   string
	label string
	input fyne.CanvasObject
	view  fyne.CanvasObject // what the form shows, when not input alone (a date with its calendar)
	err   *widget.Label
	// read stores the input into the record field; it returns a message
	// when the text does not parse (the record field is then unchanged).
	read func(v reflect.Value) string
	// write shows the record field in the input.
	write func(v reflect.Value)
}

// grpForm edits the scalar fields of one record in place.
type grpForm struct {
	act    *activity
	kind   casework.Kind
	rec    casework.Record
	fields []*grpField
	byKey  map[string]*grpField
	// general shows the messages that belong to no single input.
	general *msgText
	grid    *fyne.Container // the inputs, laid out again when messages come and go
	dirty   bool
	onDirty func()
}

// newGrpForm builds inputs for every scalar field of rec except skip.
func newGrpForm(act *activity, rec casework.Record, skip ...string) *grpForm {
	f := &grpForm{act: act, kind: rec.RecordKind(), rec: rec, byKey: map[string]*grpField{}, general: refusalBlock()}
	t := reflect.TypeOf(rec).Elem()
	for i := range t.NumField() {
		sf := t.Field(i)
		if sf.Anonymous {
			continue
		}
		key, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if key == "" || key == "-" || slices.Contains(skip, key) {
			continue
		}
		ff := f.input(sf, key)
		if ff == nil {
			continue // lists and sub-objects have their own editors
		}
		f.fields = append(f.fields, ff)
		f.byKey[key] = ff
	}
	f.load()
	return f
}

func (f *grpForm) changed() {
	f.act.seen()
	f.dirty = true
	if f.onDirty != nil {
		f.onDirty()
	}
}

func (f *grpForm) input(sf reflect.StructField, key string) *grpField {
	idx := sf.Index
	ff := &grpField{key: key, label: grpFieldLabel(f.kind, key), err: errorText()}
	ff.err.Hide()
	t := sf.Type
	switch {
	case t.Kind() == reflect.String && t.Implements(grpEnumIface):
		enum := reflect.Zero(t).Interface().(grpEnumType).Enum()
		codes := grpEnumCodes(enum)
		labels := []string{tr("groups.none")}
		for _, c := range codes {
			labels = append(labels, grpEnumLabel(enum, c))
		}
		sel := widget.NewSelect(labels, nil)
		ff.input = sel
		ff.write = func(v reflect.Value) {
			code := v.FieldByIndex(idx).String()
			i := slices.Index(codes, code)
			sel.OnChanged = nil
			sel.SetSelectedIndex(i + 1)
			sel.OnChanged = func(string) { f.changed() }
		}
		ff.read = func(v reflect.Value) string {
			i := sel.SelectedIndex()
			code := ""
			if i > 0 {
				code = codes[i-1]
			}
			v.FieldByIndex(idx).SetString(code)
			return ""
		}
	case t.Kind() == reflect.String:
		var e *entry
		if slices.Contains(grpLongText, key) {
			e = newMultiLineEntry(f.act)
			e.SetMinRowsVisible(3)
		} else {
			e = newEntry(f.act)
		}
		switch t {
		case grpDateType:
			e.SetPlaceHolder("YYYY-MM-DD")
		case grpClockType:
			e.SetPlaceHolder("HH:MM")
		case grpMonthType:
			e.SetPlaceHolder("YYYY-MM")
		default:
			e.SetPlaceHolder(ff.label)
		}
		ff.input = e
		switch t {
		case grpDateType:
			ff.view = dateField(e, time.Now)
		case grpClockType:
			canonicalOnBlur(e, true)
		}
		ff.write = func(v reflect.Value) {
			e.OnChanged = nil
			e.SetText(v.FieldByIndex(idx).String())
			e.OnChanged = func(string) { f.changed() }
		}
		ff.read = func(v reflect.Value) string {
			s := strings.TrimSpace(e.Text)
			var msg string
			switch t {
			case grpDateType:
				var d casework.Date
				d, msg = readDate(ff.label, s)
				s = string(d)
			case grpClockType:
				var c casework.Clock
				c, msg = readClock(ff.label, s)
				s = string(c)
			}
			if msg != "" {
				return msg
			}
			v.FieldByIndex(idx).SetString(s)
			return ""
		}
	case t.Kind() == reflect.Int:
		e := newEntry(f.act)
		e.SetPlaceHolder(ff.label)
		ff.input = e
		ff.write = func(v reflect.Value) {
			e.OnChanged = nil
			n := v.FieldByIndex(idx).Int()
			if n == 0 && key == "series_no" {
				e.SetText("")
			} else {
				e.SetText(strconv.FormatInt(n, 10))
			}
			e.OnChanged = func(string) { f.changed() }
		}
		ff.read = func(v reflect.Value) string {
			s := strings.TrimSpace(e.Text)
			if s == "" {
				v.FieldByIndex(idx).SetInt(0)
				return ""
			}
			n, err := strconv.Atoi(s)
			if err != nil {
				return tr("groups.err.integer")
			}
			v.FieldByIndex(idx).SetInt(int64(n))
			return ""
		}
	case t.Kind() == reflect.Float64:
		e := newEntry(f.act)
		e.SetPlaceHolder(ff.label)
		ff.input = e
		ff.write = func(v reflect.Value) {
			e.OnChanged = nil
			e.SetText(strconv.FormatFloat(v.FieldByIndex(idx).Float(), 'f', -1, 64))
			e.OnChanged = func(string) { f.changed() }
		}
		ff.read = func(v reflect.Value) string {
			s := strings.TrimSpace(e.Text)
			if s == "" {
				v.FieldByIndex(idx).SetFloat(0)
				return ""
			}
			n, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return tr("groups.err.number")
			}
			v.FieldByIndex(idx).SetFloat(n)
			return ""
		}
	case t.Kind() == reflect.Bool:
		c := widget.NewCheck(ff.label, nil)
		ff.input = c
		ff.write = func(v reflect.Value) {
			c.OnChanged = nil
			c.SetChecked(v.FieldByIndex(idx).Bool())
			c.OnChanged = func(bool) { f.changed() }
		}
		ff.read = func(v reflect.Value) string {
			v.FieldByIndex(idx).SetBool(c.Checked)
			return ""
		}
	default:
		return nil
	}
	return ff
}

// load shows the record's values in the inputs.
func (f *grpForm) load() {
	v := reflect.ValueOf(f.rec).Elem()
	for _, ff := range f.fields {
		ff.write(v)
	}
}

// entry returns the text input of key (nil for selects and checks).
func (f *grpForm) entry(key string) *entry {
	if ff := f.byKey[key]; ff != nil {
		e, _ := ff.input.(*entry)
		return e
	}
	return nil
}

// read copies the inputs into the record. It returns false (and shows
// the messages) when some text does not parse; nothing typed is lost.
func (f *grpForm) read() bool {
	f.clearErrors()
	v := reflect.ValueOf(f.rec).Elem()
	ok := true
	var msgs []string
	for _, ff := range f.fields {
		if msg := ff.read(v); msg != "" {
			ff.showError(msg)
			msgs = append(msgs, msg)
			ok = false
		}
	}
	if !ok {
		setError(f.general, grpSummary(msgs))
	}
	f.relayout()
	return ok
}

// grpSummary is the line under the form: what to do, then every
// message, each naming its field.
func grpSummary(msgs []string) string {
	if len(msgs) == 0 {
		return tr("groups.err.fix_fields")
	}
	return tr("groups.err.fix_fields") + "\n" + strings.Join(msgs, "\n")
}

// relayout makes room for the messages shown or hidden under the
// inputs (a message must push the next row down, not cover it).
func (f *grpForm) relayout() {
	if f.grid != nil {
		f.grid.Refresh()
	}
}

func (ff *grpField) showError(msg string) {
	ff.err.SetText(msg)
	ff.err.Show()
}

func (f *grpForm) clearErrors() {
	for _, ff := range f.fields {
		ff.err.SetText("")
		ff.err.Hide()
	}
	setError(f.general, "")
}

// showSaveError puts validation messages next to their inputs; messages
// about sub-rows (process[2].minutes) and other failures go to general,
// or to extra when it claims the key.
func (f *grpForm) showSaveError(err error, extra func(casework.FieldError) bool) {
	ves, ok := casework.AsValidationErrors(err)
	if !ok {
		msg := casework.ErrorMessageZH(err)
		if msg == "" || grpEnglish() {
			msg = errorMessage("save "+string(f.kind), err)
		}
		setError(f.general, msg)
		return
	}
	var all []string
	for _, fe := range ves {
		all = append(all, grpFieldMessage(fe))
		if ff := f.byKey[fe.Key]; ff != nil {
			ff.showError(grpFieldMessage(fe))
			continue
		}
		if extra != nil && extra(fe) {
			continue
		}
	}
	setError(f.general, grpSummary(all))
	f.relayout()
}

// view lays the inputs out as label | input, two columns per row when
// short inputs allow it.
func (f *grpForm) view() fyne.CanvasObject {
	grid := container.New(layout.NewFormLayout())
	f.grid = grid
	for _, ff := range f.fields {
		label := widget.NewLabel(ff.label)
		if _, isCheck := ff.input.(*widget.Check); isCheck {
			label = widget.NewLabel("")
		}
		grid.Add(label)
		in := ff.input
		if ff.view != nil {
			in = ff.view
		}
		cell := container.NewVBox(in, ff.err)
		if h, ok := grpHints[string(f.kind)+"."+ff.key]; ok {
			// Muted, not italic: Chinese has no italic, and every text
			// style Fyne draws decodes its faces again (some 18 MB).
			hint := widget.NewLabel(tr(h))
			hint.Wrapping = fyne.TextWrapWord
			hint.Importance = widget.LowImportance
			cell.Add(hint)
		}
		grid.Add(cell)
	}
	return grid
}

// grpHints explain the fields that are easily confused (课时 and 学时).
var grpHints = map[string]string{
	"activity.lessons": "lists.hint.lessons",
	"activity.hours":   "lists.hint.hours",
}

// ---- shared screen parts ----

// grpEditor is the list + form pair every record screen of the area
// uses: a virtualised list with 新增/编辑/删除, and the form shown in its
// place with 保存/返回 and an unsaved-changes guard.
type grpEditor struct {
	a    *App
	svc  GroupService
	kind casework.Kind
	// fresh makes a new record with sensible defaults.
	fresh func() casework.Record
	// line is one list row (no private text).
	line func(rec casework.Record) string
	// less orders the list (newest first by default).
	less func(a, b casework.Record) int
	// form builds the form of rec; extra parts (sub-row editors) come
	// from the returned grpParts.
	form func(rec casework.Record) *grpParts

	root    *fyne.Container
	list    *widget.List
	records []casework.Record
	// cols are the list's columns (nil: one column of line); shown are
	// the records that pass the search, in the list's order; sel is an
	// index of shown.
	cols   []tableCol[casework.Record]
	shown  []casework.Record
	table  *listTable[casework.Record]
	query  *entry
	count  *widget.Label
	sel    int
	status *widget.Label
	// editing is the open form (nil when the list is shown).
	editing *grpParts
	// released: the screen was dropped; later answers are not kept.
	released bool
	// pickSave asks where to save a file (a test replaces it).
	pickSave func(name string, f func(path string))
	// listView, when set, replaces the plain list (the committee roster).
	listView func() fyne.CanvasObject
	// afterLoad runs on the Fyne goroutine after the records are loaded.
	afterLoad func()
	// pending is the id of a record to open once the list is loaded.
	pending string
}

// grpParts is an open form: the scalar record form plus the editors
// of the record's lists, which copy themselves into the record on read.
type grpParts struct {
	form *grpForm
	// top is shown above the inputs (whose record it is).
	top []fyne.CanvasObject
	// extra is shown under the scalar inputs.
	extra []fyne.CanvasObject
	// read copies the sub-editors into the record; false keeps the form.
	read func() bool
	// dirty reports unsaved sub-row edits.
	dirty func() bool
	// claim shows a validation error of a sub-row next to it.
	claim func(casework.FieldError) bool
	// buttons are added beside 保存 (print).
	buttons []fyne.CanvasObject
}

func (p *grpParts) isDirty() bool {
	return p.form.dirty || (p.dirty != nil && p.dirty())
}

func newGrpEditor(a *App, svc GroupService, kind casework.Kind) *grpEditor {
	e := &grpEditor{a: a, svc: svc, kind: kind, sel: -1, status: widget.NewLabel(""), root: container.NewStack()}
	e.status.Wrapping = fyne.TextWrapWord
	e.less = func(x, y casework.Record) int { return strings.Compare(grpRecordDate(y), grpRecordDate(x)) }
	e.pickSave = func(name string, f func(path string)) {
		if a.d.PickSave != nil {
			a.d.PickSave(name, f)
			return
		}
		grpAskSave(a.win, name, f)
	}
	return e
}

// grpRecordDate is the record's filing date, for ordering.
func grpRecordDate(rec casework.Record) string {
	switch r := rec.(type) {
	case *casework.GroupSession:
		return string(r.Date) + string(r.Start)
	case *casework.Activity:
		return string(r.Date)
	case *casework.DutyDay:
		return string(r.Date)
	case *casework.Visit:
		return string(r.Date) + string(r.Time)
	case *casework.Mailbox:
		return string(r.OpenedOn)
	case *casework.Screening:
		return string(r.DateTo)
	case *casework.MonthNotes:
		return string(r.Month)
	case *casework.CommitteeMember:
		return string(r.AppointedOn)
	case *casework.ClassReport:
		return string(r.WeekStart) + r.Class
	}
	return ""
}

func (e *grpEditor) content() fyne.CanvasObject {
	e.showList()
	e.reload()
	return e.root
}

func (e *grpEditor) reload() { e.reloadWith("") }

// reloadWith reloads the list and then shows notice (已保存。) beside the
// count, so the notice outlives the reload.
// release lets go of the records (the screen was dropped).
func (e *grpEditor) release() {
	e.released = true
	e.records, e.shown, e.editing = nil, nil, nil
}

func (e *grpEditor) reloadWith(notice string) {
	if e.svc == nil {
		e.status.SetText(tr("err.not_available"))
		return
	}
	e.status.SetText(tr("groups.loading"))
	e.a.d.Go(func() {
		recs, err := e.svc.Records(context.Background(), e.kind)
		fyne.Do(func() {
			if e.released {
				return
			}
			if err != nil {
				e.status.SetText(errorMessage("list "+string(e.kind), err))
				return
			}
			slices.SortStableFunc(recs, e.less)
			e.records = recs
			e.sel = -1
			text := tr("groups.empty")
			if len(recs) > 0 {
				text = ""
			}
			if notice != "" {
				text = strings.TrimSpace(notice + "  " + text)
			}
			e.status.SetText(text)
			if e.list != nil {
				e.list.UnselectAll()
				e.applyFilter()
			}
			if e.afterLoad != nil {
				e.afterLoad()
			}
			e.openPending()
		})
	})
}

func (e *grpEditor) showList() {
	e.editing = nil
	if e.listView != nil {
		e.list = nil
		e.root.Objects = []fyne.CanvasObject{e.listView()}
		e.root.Refresh()
		return
	}
	cols := e.cols
	if cols == nil {
		cols = []tableCol[casework.Record]{{title: tr("record." + string(e.kind)), text: e.line}}
	}
	e.table = newListTable(&e.shown, cols)
	e.table.refill = e.applyFilter
	e.list = e.table.list
	e.query = newEntry(e.a.act)
	e.query.SetPlaceHolder(tr("lists.search"))
	e.query.OnChanged = func(string) { e.applyFilter() }
	e.count = widget.NewLabel("")
	e.list.OnSelected = func(id widget.ListItemID) {
		e.a.touched()
		e.sel = id
	}
	add := e.a.act.button(tr("groups.add"), theme.ContentAddIcon(), func() { e.open(e.fresh()) })
	add.Importance = widget.HighImportance
	edit := e.a.act.button(tr("groups.edit"), theme.DocumentCreateIcon(), func() {
		if e.sel < 0 || e.sel >= len(e.shown) {
			e.status.SetText(tr("groups.pick_first"))
			return
		}
		e.open(grpCopy(e.shown[e.sel]))
	})
	del := e.a.act.button(tr("groups.delete"), theme.DeleteIcon(), e.onDelete)
	e.list.OnSelected = func(id widget.ListItemID) {
		e.a.touched()
		e.sel = id
	}
	bar := container.New(layout.NewRowWrapLayout(), add, edit, del)
	e.root.Objects = []fyne.CanvasObject{container.NewBorder(
		container.NewVBox(bar, e.query, e.status), e.count, nil, nil, e.table.view)}
	e.root.Refresh()
	e.applyFilter()
}

// applyFilter shows the records whose columns hold the search text, in
// the list's order, and says how many of how many.
func (e *grpEditor) applyFilter() {
	if e.table == nil {
		return
	}
	q := strings.TrimSpace(e.query.Text)
	e.shown = e.shown[:0:0]
	for _, r := range e.records {
		if q == "" || e.table.matchText(r, q) {
			e.shown = append(e.shown, r)
		}
	}
	e.sel = -1
	e.list.UnselectAll()
	e.table.update()
	e.count.SetText(tr("cases.count", map[string]any{"N": len(e.shown), "Total": len(e.records)}))
}

// grpCopy returns a deep copy, so an abandoned form leaves the list's
// record untouched.
func grpCopy(rec casework.Record) casework.Record {
	out := casework.NewRecord(rec.RecordKind())
	if out == nil {
		return rec
	}
	grpDeepCopy(reflect.ValueOf(out).Elem(), reflect.ValueOf(rec).Elem())
	return out
}

func grpDeepCopy(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Slice:
		if src.IsNil() {
			return
		}
		s := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		for i := range src.Len() {
			grpDeepCopy(s.Index(i), src.Index(i))
		}
		dst.Set(s)
	case reflect.Struct:
		for i := range src.NumField() {
			if dst.Field(i).CanSet() {
				grpDeepCopy(dst.Field(i), src.Field(i))
			}
		}
	default:
		dst.Set(src)
	}
}

func (e *grpEditor) onDelete() {
	if e.sel < 0 || e.sel >= len(e.shown) {
		e.status.SetText(tr("groups.pick_first"))
		return
	}
	rec := e.shown[e.sel]
	showConfirmMessage(tr("groups.delete_title"), tr("groups.delete_body", map[string]any{"What": e.line(rec)}), func(ok bool) {
		if !ok {
			return
		}
		e.a.d.Go(func() {
			err := e.svc.DeleteRecord(context.Background(), e.kind, rec.Base().ID)
			fyne.Do(func() {
				if err != nil {
					e.status.SetText(grpDeleteMessage(err))
					return
				}
				e.reload()
			})
		})
	}, e.a.win)
}

// grpDeleteMessage explains a refused delete (a record still referenced).
func grpDeleteMessage(err error) string {
	if casework.ErrorCode(err) == casework.ECONFLICT {
		return tr("groups.err.referenced")
	}
	return errorMessage("delete record", err)
}

// open shows the form of rec in place of the list.
func (e *grpEditor) open(rec casework.Record) {
	p := e.form(rec)
	e.editing = p
	title := tr("groups.new_title", map[string]any{"What": tr("record." + string(e.kind))})
	if rec.Base().ID != "" {
		title = tr("groups.edit_title", map[string]any{"What": tr("record." + string(e.kind))})
	}
	save := e.a.act.button(tr("groups.save"), theme.DocumentSaveIcon(), func() { e.save(p) })
	save.Importance = widget.HighImportance
	back := e.a.act.button(tr("groups.back"), theme.NavigateBackIcon(), func() { e.leave(p) })
	buttons := append([]fyne.CanvasObject{save, back}, p.buttons...)
	body := container.NewVBox(heading(title))
	body.Objects = append(body.Objects, p.top...)
	body.Add(p.form.view())
	body.Objects = append(body.Objects, p.extra...)
	body.Add(p.form.general)
	e.root.Objects = []fyne.CanvasObject{container.NewBorder(nil,
		container.NewVBox(widget.NewSeparator(), container.NewHBox(buttons...)), nil, nil,
		newVScroll(body))}
	e.root.Refresh()
}

// leave returns to the list, asking first when the form has changes.
func (e *grpEditor) leave(p *grpParts) {
	if !p.isDirty() {
		e.showList()
		e.reload()
		return
	}
	showConfirmMessage(tr("groups.discard_title"), tr("groups.discard_body"), func(ok bool) {
		if ok {
			e.showList()
			e.reload()
		}
	}, e.a.win)
}

func (e *grpEditor) save(p *grpParts) {
	okForm := p.form.read()
	okExtra := p.read == nil || p.read()
	if !okForm || !okExtra {
		setError(p.form.general, tr("groups.err.fix_fields"))
		return
	}
	rec := p.form.rec
	setError(p.form.general, "")
	e.a.d.Go(func() {
		err := e.svc.SaveRecord(context.Background(), rec)
		fyne.Do(func() {
			if e.editing != p {
				return
			}
			if err != nil {
				if m, ok := rec.(*casework.MonthNotes); ok && casework.ErrorCode(err) == casework.ECONFLICT {
					// one 月报文字 per month: say which month is taken
					msg := tr("lists.month_notes.exists", map[string]any{"Month": string(m.Month)})
					if ff := p.form.byKey["month"]; ff != nil {
						ff.showError(msg)
					}
					setError(p.form.general, grpSummary([]string{msg}))
					p.form.relayout()
					return
				}
				p.form.showSaveError(err, p.claim)
				return
			}
			p.form.dirty = false
			e.showList()
			e.reloadWith(tr("groups.saved"))
		})
	})
}

// grpAskSave shows Fyne's save dialog for a PDF named name.
func grpAskSave(w fyne.Window, name string, f func(path string)) {
	d := dialog.NewFileSave(func(u fyne.URIWriteCloser, err error) {
		if err != nil || u == nil {
			return
		}
		path := u.URI().Path()
		_ = u.Close()
		f(path)
	}, w)
	d.SetFileName(name)
	showFileDialog(d)
}

// grpPrintTo runs print off the UI goroutine and then offers to open the
// file with the system viewer.
func grpPrintTo(a *App, status *widget.Label, path string, print func(ctx context.Context, path string) error) {
	status.SetText(tr("groups.printing"))
	a.d.Go(func() {
		err := print(context.Background(), path)
		fyne.Do(func() {
			if err != nil {
				status.SetText(errorMessage("print", err))
				return
			}
			status.SetText(tr("groups.printed", map[string]any{"Path": path}))
			showSavedFile(a, tr("groups.printed", map[string]any{"Path": path}), path)
		})
	})
}

// grpRowButtons are the small up/down/remove buttons of an editable row.
func grpRowButtons(act *activity, up, down, remove func()) fyne.CanvasObject {
	b := func(icon fyne.Resource, f func()) *widget.Button {
		x := act.button("", icon, f)
		x.Importance = widget.LowImportance
		return x
	}
	return container.NewHBox(b(theme.MoveUpIcon(), up), b(theme.MoveDownIcon(), down), b(theme.DeleteIcon(), remove))
}

// grpSuggest puts beside the text input of key a choice of the values
// typed in earlier records (most used first); picking one fills the input.
func grpSuggest(f *grpForm, key string, values []string) {
	ff := f.byKey[key]
	e := f.entry(key)
	if ff == nil || e == nil {
		return
	}
	opts := distinctByUse(values)
	if len(opts) == 0 {
		return
	}
	pick := widget.NewSelect(opts, func(v string) {
		if v != "" {
			e.SetText(v)
		}
	})
	pick.PlaceHolder = tr("lists.suggest.earlier")
	in := ff.view
	if in == nil {
		in = ff.input
	}
	ff.view = container.NewBorder(nil, nil, nil, pick, in)
}
