package ui

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// The casework forms are built from the record structs themselves: one
// form row per JSON key, in the order of docs/DOMAIN.md "Records" (the struct order), labelled
// "field.<group>.<key>" from assets/labels, with the widget the Go type
// asks for. That keeps every field of the contract on screen and the
// validation keys of casework (FieldError.Key) next to the right widget.

// fieldOpts tunes a generated form.
type fieldOpts struct {
	skip     map[string]bool   // keys not shown (ids, private data elsewhere)
	multi    map[string]bool   // multi-line text
	hints    map[string]string // translation keys of a hint under the field
	readOnly map[string]bool
	custom   map[string]func() customField // string keys with their own widget
	groups   map[reflect.Type]string       // label groups of nested structs
	levels   []casework.RiskLevel          // the configured levels, for labels

	labelPrefix string // the name of the sub-object being built
}

// customField is a widget bound to a string field.
type customField struct {
	obj fyne.CanvasObject
	get func() string
	set func(string)
	// onChange is set by the form to learn about edits.
	onChange *func()
}

// formField is one row of a recForm.
type formField struct {
	key   string // JSON key path, e.g. "plan.review_on"
	label string // the row's label, which refusals name
	entry *entry // the text input, when the field is typed
	index []int
	obj   fyne.CanvasObject
	err   *msgText
	item  *widget.FormItem
	load  func(v reflect.Value)
	store func(v reflect.Value) (msg string) // a message when the text does not parse
}

// recForm edits one value of a struct type.
type recForm struct {
	a       *App
	group   string
	levels  []casework.RiskLevel
	fields  []*formField
	byKey   map[string]*formField
	form    *widget.Form
	dirty   bool
	loading bool
	changed func()
}

func defaultGroups() map[reflect.Type]string {
	return map[reflect.Type]string{
		reflect.TypeFor[casework.Plan]():        "plan",
		reflect.TypeFor[casework.LevelEntry]():  "level_entry",
		reflect.TypeFor[casework.FollowUp]():    "follow_up",
		reflect.TypeFor[casework.Disclosure]():  "disclosure",
		reflect.TypeFor[casework.Responsible](): "responsible",
	}
}

// newRecForm builds the form of struct type typ whose labels are in group.
func newRecForm(a *App, group string, typ reflect.Type, o fieldOpts) *recForm {
	if o.groups == nil {
		o.groups = defaultGroups()
	}
	f := &recForm{a: a, group: group, levels: o.levels, byKey: map[string]*formField{}, form: widget.NewForm()}
	f.build(typ, group, "", nil, o)
	return f
}

func (f *recForm) markDirty() {
	if f.loading {
		return
	}
	f.dirty = true
	if f.changed != nil {
		f.changed()
	}
}

func jsonKey(sf reflect.StructField) string {
	tag := sf.Tag.Get("json")
	name, _, _ := strings.Cut(tag, ",")
	if name == "" {
		return sf.Name
	}
	return name
}

var (
	dateType  = reflect.TypeFor[casework.Date]()
	clockType = reflect.TypeFor[casework.Clock]()
	codedType = reflect.TypeFor[interface{ Enum() string }]()
)

func (f *recForm) build(typ reflect.Type, group, prefix string, index []int, o fieldOpts) {
	for i := range typ.NumField() {
		sf := typ.Field(i)
		if sf.Anonymous || !sf.IsExported() {
			continue // Meta: id and timestamps are the store's
		}
		key := prefix + jsonKey(sf)
		idx := append(slices.Clone(index), i)
		if o.skip[key] {
			continue
		}
		if st := sf.Type; st.Kind() == reflect.Struct && st != dateType || st.Kind() == reflect.Pointer && st.Elem().Kind() == reflect.Struct {
			if st.Kind() == reflect.Pointer {
				st = st.Elem() // an optional sub-object (a case's profile)
			}
			if sub, ok := o.groups[st]; ok {
				// the rows of a sub-object carry its name: 干预方案·目标
				o.labelPrefix = tr("field."+group+"."+jsonKey(sf)) + "·"
				f.build(st, sub, key+".", idx, o)
				o.labelPrefix = ""
				continue
			}
		}
		label := o.labelPrefix + tr("field."+group+"."+jsonKey(sf))
		ff := &formField{key: key, label: label, index: idx, err: refusalBlock()}
		ff.err.Hide()
		f.bind(ff, sf.Type, key, o)
		if ff.obj == nil {
			continue
		}
		view := ff.obj
		if g, ok := view.(*widget.CheckGroup); ok && g.Horizontal && len(g.Options) > 4 {
			view = container.NewHScroll(g) // a long row must not widen the window past 1024
		}
		ff.item = widget.NewFormItem(label, container.NewVBox(view, ff.err))
		if h, ok := o.hints[key]; ok {
			ff.item.HintText = tr(h)
		}
		if o.readOnly[key] {
			if d, ok := ff.obj.(fyne.Disableable); ok {
				d.Disable()
			}
		}
		f.fields = append(f.fields, ff)
		f.byKey[key] = ff
		f.form.AppendItem(ff.item)
	}
}

// enumCodes returns the codes of the enum named name.
func enumCodes(name string) []string {
	for _, e := range casework.Enums() {
		if e.Name == name {
			return e.Codes
		}
	}
	return nil
}

func enumLabel(enum, code string) string {
	if code == "" {
		return ""
	}
	return tr("enum." + enum + "." + code)
}

// bind makes the widget of one field and its load/store functions.
func (f *recForm) bind(ff *formField, t reflect.Type, key string, o fieldOpts) {
	short := key[strings.LastIndex(key, ".")+1:]
	if mk, ok := o.custom[key]; ok && t.Kind() == reflect.String {
		c := mk()
		if c.onChange != nil {
			*c.onChange = f.markDirty
		}
		ff.obj = c.obj
		ff.load = func(v reflect.Value) { c.set(v.String()) }
		ff.store = func(v reflect.Value) string { v.SetString(c.get()); return "" }
		return
	}
	switch {
	case t == dateType || t == clockType:
		e := newEntry(f.a.act)
		if t == dateType {
			e.SetPlaceHolder(tr("cases.placeholder.date"))
		} else {
			e.SetPlaceHolder(tr("cases.placeholder.clock"))
		}
		e.OnChanged = func(string) { f.markDirty() }
		ff.entry = e
		label := ff.label
		if t == dateType {
			ff.obj = dateField(e, f.a.d.Clock.Now)
		} else {
			canonicalOnBlur(e, true)
			ff.obj = e
		}
		ff.load = func(v reflect.Value) { e.SetText(v.String()) }
		ff.store = func(v reflect.Value) string {
			var s string
			var msg string
			if t == dateType {
				var d casework.Date
				d, msg = readDate(label, e.Text)
				s = string(d)
			} else {
				var c casework.Clock
				c, msg = readClock(label, e.Text)
				s = string(c)
			}
			if msg != "" {
				return msg
			}
			v.SetString(s)
			if s != "" && s != e.Text {
				e.SetText(s)
			}
			return ""
		}
	case t.Kind() == reflect.String && t.Implements(codedType):
		enum := reflect.Zero(t).Interface().(interface{ Enum() string }).Enum()
		codes := enumCodes(enum)
		opts := []string{tr("cases.unset")}
		for _, c := range codes {
			opts = append(opts, enumLabel(enum, c))
		}
		s := widget.NewSelect(opts, nil)
		s.OnChanged = func(string) { f.markDirty() }
		ff.obj = s
		ff.load = func(v reflect.Value) {
			i := slices.Index(codes, v.String())
			s.SetSelectedIndex(i + 1)
		}
		ff.store = func(v reflect.Value) string {
			i := s.SelectedIndex()
			if i <= 0 {
				v.SetString("")
			} else {
				v.SetString(codes[i-1])
			}
			return ""
		}
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String && t.Elem().Implements(codedType):
		enum := reflect.Zero(t.Elem()).Interface().(interface{ Enum() string }).Enum()
		codes := enumCodes(enum)
		labels := make([]string, len(codes))
		for i, c := range codes {
			labels[i] = enumLabel(enum, c)
		}
		g := widget.NewCheckGroup(labels, nil)
		g.OnChanged = func([]string) { f.markDirty() }
		ff.obj = g
		ff.load = func(v reflect.Value) {
			var sel []string
			for i := range v.Len() {
				if j := slices.Index(codes, v.Index(i).String()); j >= 0 {
					sel = append(sel, labels[j])
				}
			}
			g.SetSelected(sel)
		}
		ff.store = func(v reflect.Value) string {
			out := reflect.MakeSlice(t, 0, len(g.Selected))
			for i, l := range labels { // domain order
				if slices.Contains(g.Selected, l) {
					out = reflect.Append(out, reflect.ValueOf(codes[i]).Convert(t.Elem()))
				}
			}
			if out.Len() == 0 {
				out = reflect.Zero(t)
			}
			v.Set(out)
			return ""
		}
	case t.Kind() == reflect.String:
		var e *entry
		if o.multi[key] {
			e = newMultiLineEntry(f.a.act)
			e.SetMinRowsVisible(3)
		} else {
			e = newEntry(f.a.act)
		}
		e.OnChanged = func(string) { f.markDirty() }
		ff.obj, ff.entry = e, e
		ff.load = func(v reflect.Value) { e.SetText(v.String()) }
		ff.store = func(v reflect.Value) string { v.SetString(strings.TrimSpace(e.Text)); return "" }
	case t.Kind() == reflect.Int:
		e := newEntry(f.a.act)
		e.OnChanged = func(string) { f.markDirty() }
		ff.obj, ff.entry = e, e
		ff.load = func(v reflect.Value) {
			if v.Int() == 0 {
				e.SetText("")
				return
			}
			e.SetText(strconv.FormatInt(v.Int(), 10))
		}
		ff.store = func(v reflect.Value) string {
			s := strings.TrimSpace(e.Text)
			if s == "" {
				v.SetInt(0)
				return ""
			}
			n, err := strconv.Atoi(s)
			if err != nil {
				return tr("cases.err.integer")
			}
			v.SetInt(int64(n))
			return ""
		}
	case t.Kind() == reflect.Bool:
		c := widget.NewCheck("", func(bool) { f.markDirty() })
		ff.obj = c
		ff.load = func(v reflect.Value) { c.SetChecked(v.Bool()) }
		ff.store = func(v reflect.Value) string { v.SetBool(c.Checked); return "" }
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct:
		group, ok := o.groups[t.Elem()]
		if !ok {
			return
		}
		le := newListEditor(f, t, group, short, o)
		ff.obj = le.box
		ff.load = le.load
		ff.store = le.store
	}
}

// load shows rec (a pointer to the form's struct) and clears the errors.
func (f *recForm) load(rec any) {
	f.loading = true
	v := reflect.ValueOf(rec).Elem()
	for _, ff := range f.fields {
		ff.load(fieldAt(v, ff.index, false))
	}
	f.clearErrors()
	f.loading = false
	f.dirty = false
}

// collect writes the widgets into rec; false when a field does not
// parse (its message is shown).
func (f *recForm) collect(rec any) bool {
	v := reflect.ValueOf(rec).Elem()
	f.clearErrors()
	ok := true
	for _, ff := range f.fields {
		if msg := ff.store(fieldAt(v, ff.index, true)); msg != "" {
			ff.showError(msg)
			ok = false
		}
	}
	// An optional sub-object left empty stays absent.
	for i := range v.NumField() {
		if fv := v.Field(i); fv.Kind() == reflect.Pointer && !fv.IsNil() && fv.Elem().Kind() == reflect.Struct && fv.Elem().IsZero() {
			fv.SetZero()
		}
	}
	return ok
}

// fieldAt returns the field of v at index, passing through the pointer of
// an optional sub-object: a nil one reads as empty, and is made when alloc
// is set (the form stores into it).
func fieldAt(v reflect.Value, index []int, alloc bool) reflect.Value {
	for _, i := range index {
		if v.Kind() == reflect.Pointer {
			if v.IsNil() {
				if !alloc {
					v = reflect.New(v.Type().Elem())
				} else {
					v.Set(reflect.New(v.Type().Elem()))
				}
			}
			v = v.Elem()
		}
		v = v.Field(i)
	}
	return v
}

func (f *recForm) clearErrors() {
	for _, ff := range f.fields {
		ff.showError("")
	}
}

func (ff *formField) showError(msg string) {
	setError(ff.err, msg)
	if msg == "" {
		ff.err.Hide()
	} else {
		ff.err.Show()
	}
}

// fieldMessage is the message of e in the language in use.
func (f *recForm) fieldMessage(e casework.FieldError) string {
	if f.a.language() == LangEnglish {
		return e.MessageEN
	}
	return e.MessageZH
}

// showErrors puts each validation error next to its field ("levels[2].date"
// next to the level history) and returns those with no field on the form.
func (f *recForm) showErrors(errs casework.ValidationErrors) []string {
	var rest []string
	shown := map[string][]string{}
	for _, e := range errs {
		key := e.Key
		ff := f.byKey[key]
		if ff == nil {
			if i := strings.IndexByte(key, '['); i >= 0 {
				ff = f.byKey[key[:i]]
			}
		}
		if ff == nil {
			rest = append(rest, f.fieldMessage(e))
			continue
		}
		shown[ff.key] = append(shown[ff.key], f.fieldMessage(e))
	}
	for k, msgs := range shown {
		if f.byKey[k].err.Visible() {
			continue // a date or number that did not parse says so first
		}
		f.byKey[k].showError(strings.Join(msgs, "；"))
	}
	return rest
}

// errorSummary repeats, in form order, every message shown beside a
// field, for the line under the form.
func (f *recForm) errorSummary() []string {
	var out []string
	for _, ff := range f.fields {
		if ff.err.Visible() && ff.err.Text != "" {
			out = append(out, ff.err.Text)
		}
	}
	return out
}

// focus moves the keyboard to the first field with an error.
func (f *recForm) focusFirstError() {
	for _, ff := range f.fields {
		if ff.err.Visible() {
			if ff.entry != nil {
				f.a.win.Canvas().Focus(ff.entry)
			} else if fo, ok := ff.obj.(fyne.Focusable); ok {
				f.a.win.Canvas().Focus(fo)
			}
			return
		}
	}
}

// ---- lists of sub-records (level history, follow-ups, disclosures, responsible) ----

// listEditor shows a list of sub-records with an add button; entries
// that were saved before can be removed unless the list is a history:
// the level history only grows (a change is a new entry) and each
// disclosure stays on record.
type listEditor struct {
	f       *recForm
	typ     reflect.Type
	group   string
	key     string
	history bool
	val     reflect.Value // the current slice
	saved   int           // entries loaded from the record
	rows    *fyne.Container
	box     *fyne.Container
	o       fieldOpts
}

func newListEditor(f *recForm, t reflect.Type, group, key string, o fieldOpts) *listEditor {
	le := &listEditor{f: f, typ: t, group: group, key: key, history: key == "levels" || key == "disclosures", o: o,
		val: reflect.MakeSlice(t, 0, 0), rows: container.NewVBox()}
	add := f.a.act.button(tr("cases.list.add"), theme.ContentAddIcon(), le.add)
	le.box = container.NewVBox(le.rows, container.NewHBox(add))
	return le
}

func (le *listEditor) load(v reflect.Value) {
	le.val = reflect.MakeSlice(le.typ, v.Len(), v.Len())
	reflect.Copy(le.val, v)
	le.saved = v.Len()
	le.refresh()
}

func (le *listEditor) store(v reflect.Value) string {
	if le.val.Len() == 0 {
		v.Set(reflect.Zero(le.typ))
		return ""
	}
	out := reflect.MakeSlice(le.typ, le.val.Len(), le.val.Len())
	reflect.Copy(out, le.val)
	v.Set(out)
	return ""
}

// summary is one line per entry: its fields' values with enum labels.
func (le *listEditor) summary(e reflect.Value) string {
	var parts []string
	for i := range e.NumField() {
		fv := e.Field(i)
		s := ""
		switch {
		case fv.Kind() == reflect.String && fv.Type().Implements(codedType):
			s = enumLabel(fv.Interface().(interface{ Enum() string }).Enum(), fv.String())
		case fv.Kind() == reflect.String && jsonKey(e.Type().Field(i)) == "level":
			s = levelLabel(le.f.levels, fv.String())
		case fv.Kind() == reflect.String:
			s = fv.String()
		}
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " · ")
}

func (le *listEditor) refresh() {
	le.rows.RemoveAll()
	order := make([]int, le.val.Len())
	for i := range order {
		order[i] = i
	}
	if le.history && le.typ.Elem().Field(0).Type == dateType {
		// a history reads as a timeline, oldest first, whatever the order of entry
		slices.SortStableFunc(order, func(a, b int) int {
			return strings.Compare(le.val.Index(a).Field(0).String(), le.val.Index(b).Field(0).String())
		})
	}
	for _, i := range order {
		l := widget.NewLabel(le.summary(le.val.Index(i)))
		l.Wrapping = fyne.TextWrapBreak
		var right fyne.CanvasObject
		if !le.history || i >= le.saved {
			i := i
			right = le.f.a.act.button("", theme.DeleteIcon(), func() { le.remove(i) })
		} else {
			right = widget.NewIcon(theme.HistoryIcon())
		}
		le.rows.Add(container.NewBorder(nil, nil, nil, right, l))
	}
	if le.val.Len() == 0 {
		le.rows.Add(widget.NewLabel(tr("cases.list.empty")))
	}
	le.rows.Refresh()
}

func (le *listEditor) remove(i int) {
	showConfirmMessage(tr("cases.list.remove_title"), tr("cases.list.remove_confirm"), func(ok bool) {
		if !ok {
			return
		}
		le.val = reflect.AppendSlice(le.val.Slice(0, i), le.val.Slice(i+1, le.val.Len()))
		if i < le.saved {
			le.saved--
		}
		le.refresh()
		le.f.markDirty()
	}, le.f.a.win)
}

// add asks for a new entry in a dialog made from the element type.
func (le *listEditor) add() {
	elem := reflect.New(le.typ.Elem())
	// A new entry is dated today.
	for i := range le.typ.Elem().NumField() {
		if le.typ.Elem().Field(i).Type == dateType {
			elem.Elem().Field(i).SetString(string(casework.DateOf(le.f.a.d.Clock.Now())))
			break
		}
	}
	le.addWith(elem, false)
}

// addWith shows the entry dialog over elem; refused is set when the
// entry came back without its level, which is then asked for again
// beside the level field (an entry of a level history without a level
// means nothing).
func (le *listEditor) addWith(elem reflect.Value, refused bool) {
	sub := newRecForm(le.f.a, le.group, le.typ.Elem(), fieldOpts{custom: le.o.custom, levels: le.o.levels, multi: map[string]bool{"situation": true, "scope": true, "basis": true, "reason": true}})
	sub.load(elem.Interface())
	level, hasLevel := sub.byKey["level"]
	if refused && hasLevel {
		showMsg(level.err, tr("lists.level.required"))
	}
	items := sub.form.Items
	d := dialog.NewForm(tr("cases.list.add_title", map[string]any{"What": tr("field." + le.f.group + "." + le.key)}),
		tr("cases.list.add_ok"), tr("cases.cancel"), items, func(ok bool) {
			if !ok {
				return
			}
			if !sub.collect(elem.Interface()) {
				return
			}
			if hasLevel && elem.Elem().FieldByIndex(level.index).String() == "" {
				le.addWith(elem, true)
				return
			}
			le.val = reflect.Append(le.val, elem.Elem())
			le.refresh()
			le.f.markDirty()
		}, le.f.a.win)
	d.Resize(fyne.NewSize(560, 420))
	d.Show()
}

// levelLabel is the label of a configured risk level.
func levelLabel(levels []casework.RiskLevel, code string) string {
	if code == "" {
		return ""
	}
	if t := tr("enum.risk_level." + code); t != "enum.risk_level."+code {
		return t
	}
	if l, ok := casework.LevelByCode(levels, code); ok && l.Label != "" {
		return l.Label
	}
	return code
}

// levelSelect is a custom field choosing one of the configured levels.
func levelSelect(levels []casework.RiskLevel) customField {
	var changed func()
	codes := []string{""}
	opts := []string{tr("cases.unset")}
	for _, l := range casework.SortLevels(slices.Clone(levels)) {
		codes = append(codes, l.Code)
		opts = append(opts, levelLabel(levels, l.Code))
	}
	s := widget.NewSelect(opts, nil)
	s.OnChanged = func(string) {
		if changed != nil {
			changed()
		}
	}
	return customField{
		obj: s,
		get: func() string {
			if i := s.SelectedIndex(); i > 0 {
				return codes[i]
			}
			return ""
		},
		set: func(c string) {
			i := slices.Index(codes, c)
			if i < 0 { // a code no longer configured stays visible
				codes = append(codes, c)
				s.Options = append(s.Options, c)
				i = len(codes) - 1
			}
			s.SetSelectedIndex(i)
		},
		onChange: &changed,
	}
}

// fieldErrorsText lists messages for the block under a form.
func fieldErrorsText(msgs []string) string {
	if len(msgs) == 0 {
		return ""
	}
	return fmt.Sprint(strings.Join(msgs, "\n"))
}

// caseGroups are the sub-object groups of the case form: the defaults and
// the structured background (profile).
func caseGroups() map[reflect.Type]string {
	g := defaultGroups()
	g[reflect.TypeFor[casework.CaseProfile]()] = "case_profile"
	return g
}
