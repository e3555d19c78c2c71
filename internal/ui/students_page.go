package ui

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// studentPage is one student: 基本信息 (the editable profile) and the
// lists of the records about the student, and the attachments.
type studentPage struct {
	s    *studentsScreen
	st   *casework.Student // as stored (ID empty for a new student)
	form *studentForm
	tabs *container.AppTabs

	recs     StudentRecords
	recLists map[casework.Kind]*recordList
	// editing shows the profile form instead of the file.
	editing  bool
	summary  *fyne.Container
	timeline *fyne.Container
	att      *attachmentsTab
	title    *widget.Label
}

func newStudentPage(s *studentsScreen, st *casework.Student) *studentPage {
	p := &studentPage{s: s, st: st, recLists: map[casework.Kind]*recordList{}}
	p.form = newStudentForm(s.a, st, p.save)
	return p
}

func (p *studentPage) isNew() bool { return p.st.ID == "" }

func (p *studentPage) view() fyne.CanvasObject {
	a := p.s.a
	p.title = heading(p.titleText())
	if p.isNew() || p.editing {
		return p.editView()
	}
	back := a.act.button(tr("students.back"), theme.NavigateBackIcon(), func() { p.s.leavePage(p.s.showList) })
	edit := a.act.button(tr("students.edit"), theme.DocumentCreateIcon(), func() {
		p.editing = true
		p.s.showPage(p)
	})
	p.summary = container.NewVBox(widget.NewLabel(tr("students.loading")))
	p.timeline = container.NewVBox()
	file := newVScroll(container.NewVBox(
		widget.NewCard(tr("students.file.now"), "", p.summary),
		widget.NewCard(tr("students.file.timeline"), "", p.timeline),
	))
	p.tabs = container.NewAppTabs(container.NewTabItem(tr("students.tab.file"), file))
	for _, k := range []casework.Kind{casework.KindCase, casework.KindKeyStudent, casework.KindCrisis,
		casework.KindReferral, casework.KindContact} {
		l := newRecordList(p, k)
		p.recLists[k] = l
		p.tabs.Append(container.NewTabItem(tr("students.tab."+string(k)), l.view()))
	}
	p.att = newAttachmentsTab(a, a.d.Students, casework.KindStudent, p.st.ID)
	p.tabs.Append(container.NewTabItem(tr("students.tab.attachments"), p.att.view()))
	p.loadRecords()
	right := fyne.CanvasObject(edit)
	if leave := p.leaveButton(); leave != nil { // 转出 / 返校
		right = container.NewHBox(leave, edit)
	}
	top := container.NewBorder(nil, nil, back, right, p.title)
	return container.NewBorder(top, nil, nil, nil, p.tabs)
}

// editView is the profile form; 删除学生 sits at its foot, away from
// everyday use, and asks first.
func (p *studentPage) editView() fyne.CanvasObject {
	a := p.s.a
	var back *widget.Button
	if p.isNew() {
		back = a.act.button(tr("students.back"), theme.NavigateBackIcon(), func() { p.s.leavePage(p.s.showList) })
	} else {
		back = a.act.button(tr("students.back_to_file"), theme.NavigateBackIcon(), func() {
			p.s.leavePage(func() {
				p.form = newStudentForm(a, p.st, p.save) // drop the unsaved typing
				p.editing = false
				p.s.showPage(p)
			})
		})
	}
	top := container.NewBorder(nil, nil, back, nil, p.title)
	body := p.form.view()
	if p.isNew() {
		return container.NewBorder(top, nil, nil, nil, body)
	}
	del := a.act.button(tr("students.delete"), theme.DeleteIcon(), p.confirmDelete)
	del.Importance = widget.LowImportance
	foot := container.NewVBox(widget.NewSeparator(), container.NewHBox(layout.NewSpacer(), del))
	return container.NewBorder(top, foot, nil, nil, body)
}

func (p *studentPage) titleText() string {
	if p.isNew() {
		return tr("students.new_title")
	}
	return tr("students.page_title", map[string]any{"Name": p.st.Name, "Class": p.st.Class + p.st.LeaverMark()})
}

// loadRecords reads the student's records off the Fyne goroutine.
func (p *studentPage) loadRecords() {
	id := p.st.ID
	p.s.a.d.Go(func() {
		recs, err := p.s.svc.StudentRecords(context.Background(), id)
		fyne.Do(func() {
			if p.s.page != p {
				return
			}
			for _, l := range p.recLists {
				l.loaded(recs, err)
			}
			if err == nil {
				p.recs = recs
				p.showFile(recs)
			}
		})
	})
}

// save stores the form's student; a new student's page then opens with
// every tab.
func (p *studentPage) save(st *casework.Student) {
	f := p.form
	f.saving(true)
	p.s.a.d.Go(func() {
		out, err := p.s.svc.SaveStudent(context.Background(), st)
		fyne.Do(func() {
			f.saving(false)
			if err != nil {
				f.showErrors(err)
				return
			}
			f.dirty = false
			wasNew := p.isNew()
			if p.s.page != p {
				return
			}
			if wasNew {
				p.s.showPage(newStudentPage(p.s, out))
				return
			}
			p.st = out
			f.st = out
			p.title.SetText(p.titleText())
			f.setSaved()
		})
	})
}

func (p *studentPage) confirmDelete() {
	a := p.s.a
	showConfirmMessage(tr("students.delete_title"), tr("students.delete_body", map[string]any{"Name": p.st.Name}),
		func(ok bool) {
			if !ok {
				return
			}
			id := p.st.ID
			a.d.Go(func() {
				err := p.s.svc.DeleteStudent(context.Background(), id)
				fyne.Do(func() {
					if err != nil {
						msg := recordError("delete student", err, a.language())
						showMessage(tr("students.delete_refused_title"), msg, a.win)
						return
					}
					if p.s.page == p {
						p.form.dirty = false
						p.s.showList()
					}
				})
			})
		}, a.win)
}

// ---- the profile form ----

// studentForm edits every field of a student. Bad input stays in the
// fields; the messages appear next to them.
type studentForm struct {
	a      *App
	st     *casework.Student
	onSave func(*casework.Student)
	dirty  bool

	name, birth, no, grade, class, homeroom *entry
	birthBox                                fyne.CanvasObject // the birth date with its calendar
	gName, gRelation, gPhone, gradYear      *entry
	notes                                   *entry
	gender                                  *widget.RadioGroup
	boarding                                *widget.Check
	family, status                          *widget.Select
	groups                                  *widget.CheckGroup

	errs    map[string]*widget.Label
	msg     *msgText
	saveBtn *widget.Button
	savedAt *widget.Label
}

func newStudentForm(a *App, st *casework.Student, onSave func(*casework.Student)) *studentForm {
	f := &studentForm{a: a, st: st, onSave: onSave, errs: map[string]*widget.Label{}}
	mk := func(text string) *entry {
		e := newEntry(a.act)
		e.SetText(text)
		e.OnChanged = func(string) { f.changed() }
		return e
	}
	f.name = mk(st.Name)
	f.birth = mk(string(st.BirthDate))
	f.birth.SetPlaceHolder(tr("students.date_hint"))
	f.birthBox = dateField(f.birth, a.d.Clock.Now)
	f.no = mk(st.StudentNo)
	f.grade = mk(st.Grade)
	f.grade.SetPlaceHolder(tr("students.grade_hint"))
	f.class = mk(st.Class)
	f.class.SetPlaceHolder(tr("students.class_hint"))
	f.homeroom = mk(st.HomeroomTeacher)
	f.gName = mk(st.GuardianName)
	f.gRelation = mk(st.GuardianRelation)
	f.gRelation.SetPlaceHolder(tr("students.relation_hint"))
	f.gPhone = mk(st.GuardianPhone)
	year := ""
	if st.GraduationYear != 0 {
		year = strconv.Itoa(st.GraduationYear)
	}
	f.gradYear = mk(year)
	f.notes = newMultiLineEntry(a.act)
	f.notes.SetText(st.Notes)
	f.notes.SetMinRowsVisible(3)
	f.notes.OnChanged = func(string) { f.changed() }

	var genders []string
	for _, g := range casework.AllGenders() {
		genders = append(genders, stuEnum("gender", string(g)))
	}
	f.gender = widget.NewRadioGroup(genders, nil)
	f.gender.Horizontal = true
	for i, g := range casework.AllGenders() {
		if g == st.Gender {
			f.gender.SetSelected(genders[i])
		}
	}
	f.gender.OnChanged = func(string) { f.changed() }
	f.boarding = widget.NewCheck(tr("students.boarding_yes"), nil)
	f.boarding.SetChecked(st.Boarding)
	f.boarding.OnChanged = func(bool) { f.changed() }

	fam := []string{tr("students.not_given")}
	for _, c := range casework.AllFamilyStructures() {
		fam = append(fam, stuEnum("family_structure", string(c)))
	}
	f.family = widget.NewSelect(fam, nil)
	f.family.SetSelectedIndex(0)
	for i, c := range casework.AllFamilyStructures() {
		if c == st.FamilyStructure {
			f.family.SetSelectedIndex(i + 1)
		}
	}
	f.family.OnChanged = func(string) { f.changed() }

	var sts []string
	for _, c := range casework.AllStudentStatuses() {
		sts = append(sts, stuEnum("student_status", string(c)))
	}
	f.status = widget.NewSelect(sts, nil)
	f.status.SetSelectedIndex(0)
	for i, c := range casework.AllStudentStatuses() {
		if c == studentStatus(st) {
			f.status.SetSelectedIndex(i)
		}
	}
	f.status.OnChanged = func(string) { f.changed() }

	var gs, sel []string
	for _, g := range casework.AllSpecialGroups() {
		l := stuEnum("special_group", string(g))
		gs = append(gs, l)
		for _, x := range st.SpecialGroups {
			if x == g {
				sel = append(sel, l)
			}
		}
	}
	f.groups = widget.NewCheckGroup(gs, nil)
	f.groups.Horizontal = true
	f.groups.SetSelected(sel)
	f.groups.OnChanged = func([]string) { f.changed() }

	f.msg = msgBlock()
	f.savedAt = widget.NewLabel("")
	f.saveBtn = a.act.button(tr("students.save"), theme.DocumentSaveIcon(), f.submit)
	f.saveBtn.Importance = widget.HighImportance
	f.dirty = false
	return f
}

func (f *studentForm) changed() {
	f.dirty = true
	if f.savedAt != nil {
		f.savedAt.SetText("")
	}
}

// row is one labelled field with its error line.
func (f *studentForm) row(key string, required bool, o fyne.CanvasObject) []fyne.CanvasObject {
	label := studentField(key)
	if required {
		label += " *"
	}
	e := errorText()
	e.Hide()
	f.errs[key] = e
	return []fyne.CanvasObject{widget.NewLabel(label), container.NewVBox(o, e)}
}

func (f *studentForm) view() fyne.CanvasObject {
	var objs []fyne.CanvasObject
	add := func(key string, req bool, o fyne.CanvasObject) { objs = append(objs, f.row(key, req, o)...) }
	add("name", true, f.name)
	add("gender", true, f.gender)
	add("birth_date", false, f.birthBox)
	add("student_no", false, f.no)
	add("grade", true, f.grade)
	add("class", true, f.class)
	add("homeroom_teacher", false, f.homeroom)
	add("boarding", false, f.boarding)
	add("guardian_name", false, f.gName)
	add("guardian_relation", false, f.gRelation)
	add("guardian_phone", false, f.gPhone)
	add("family_structure", false, f.family)
	add("special_groups", false, f.groups)
	add("status", false, f.status)
	add("graduation_year", false, f.gradYear)
	add("notes", false, f.notes)
	grid := container.New(layout.NewFormLayout(), objs...)
	// Save stays in sight below the scrolling fields.
	bottom := container.NewVBox(widget.NewSeparator(), f.msg, container.NewHBox(f.saveBtn, f.savedAt))
	return container.NewBorder(nil, bottom, nil, nil, newVScroll(grid))
}

// value reads the fields into a copy of the stored student; a
// graduation year that is not a number is reported without saving.
func (f *studentForm) value() (*casework.Student, casework.ValidationErrors) {
	st := *f.st
	st.Name = strings.TrimSpace(f.name.Text)
	st.Gender = ""
	for _, g := range casework.AllGenders() {
		if f.gender.Selected == stuEnum("gender", string(g)) {
			st.Gender = g
		}
	}
	var bad casework.ValidationErrors
	if d, msg := readDate(studentField("birth_date"), f.birth.Text); msg != "" {
		bad = append(bad, casework.FieldError{Kind: casework.KindStudent, Key: "birth_date", Rule: casework.RuleFormat,
			MessageZH: msg, MessageEN: msg})
	} else {
		st.BirthDate = d
	}
	st.StudentNo = strings.TrimSpace(f.no.Text)
	st.Grade = strings.TrimSpace(f.grade.Text)
	st.Class = strings.TrimSpace(f.class.Text)
	st.HomeroomTeacher = strings.TrimSpace(f.homeroom.Text)
	st.Boarding = f.boarding.Checked
	st.GuardianName = strings.TrimSpace(f.gName.Text)
	st.GuardianRelation = strings.TrimSpace(f.gRelation.Text)
	st.GuardianPhone = strings.TrimSpace(f.gPhone.Text)
	st.FamilyStructure = ""
	if i := f.family.SelectedIndex(); i > 0 {
		st.FamilyStructure = casework.AllFamilyStructures()[i-1]
	}
	st.SpecialGroups = nil
	for _, g := range casework.AllSpecialGroups() {
		for _, l := range f.groups.Selected {
			if l == stuEnum("special_group", string(g)) {
				st.SpecialGroups = append(st.SpecialGroups, g)
			}
		}
	}
	if i := f.status.SelectedIndex(); i >= 0 {
		st.Status = casework.AllStudentStatuses()[i]
	}
	st.Notes = strings.TrimSpace(f.notes.Text)
	st.GraduationYear = 0
	if y := strings.TrimSpace(f.gradYear.Text); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil {
			bad = append(bad, casework.FieldError{Kind: casework.KindStudent, Key: "graduation_year", Rule: casework.RuleFormat,
				MessageZH: tr("students.err.year"), MessageEN: tr("students.err.year")})
		}
		st.GraduationYear = n
	}
	return &st, bad
}

// submit checks the fields here (the same rules the store applies) and
// saves when they pass.
func (f *studentForm) submit() {
	st, bad := f.value()
	if err := st.Validate(casework.Env{}); err != nil {
		if v, ok := casework.AsValidationErrors(err); ok {
			bad = append(bad, v...)
		} else {
			f.showErrors(err)
			return
		}
	}
	if len(bad) > 0 {
		f.showErrors(bad)
		return
	}
	f.clearErrors()
	f.onSave(st)
}

func (f *studentForm) clearErrors() {
	for _, l := range f.errs {
		l.SetText("")
		l.Hide()
	}
	showMsg(f.msg, "")
}

// showErrors puts each field's message next to it; anything without a
// field goes under the form.
func (f *studentForm) showErrors(err error) {
	f.clearErrors()
	v, ok := casework.AsValidationErrors(err)
	if !ok {
		showMsg(f.msg, recordError("save student", err, f.a.language()))
		return
	}
	var rest []string
	for _, fe := range v {
		msg := fe.MessageZH
		if f.a.language() == LangEnglish {
			msg = fe.MessageEN
		}
		key, _, _ := strings.Cut(fe.Key, "[")
		if l, ok := f.errs[key]; ok {
			if l.Text == "" {
				l.SetText(msg)
				l.Show()
			}
			continue
		}
		rest = append(rest, msg)
	}
	if len(rest) > 0 {
		showMsg(f.msg, strings.Join(rest, "\n"))
	} else {
		showMsg(f.msg, tr("students.err.fix_fields", map[string]any{"N": len(v)}))
	}
}

func (f *studentForm) saving(on bool) {
	if on {
		f.saveBtn.Disable()
	} else {
		f.saveBtn.Enable()
	}
}

func (f *studentForm) setSaved() {
	f.savedAt.SetText(tr("students.saved", map[string]any{"Time": f.a.d.Clock.Now().Format("15:04")}))
}

// stuLevel is the label of a configured level ("" stays "").
func stuLevel(levels []casework.RiskLevel, code string) string {
	if code == "" {
		return ""
	}
	if lv, ok := casework.LevelByCode(levels, code); ok && lv.Label != "" {
		return lv.Label
	}
	return code
}

// ---- the record tabs ----

// recordList is one tab of the student page: the student's records of
// one kind, each opening its form, and a button for a new one.
type recordList struct {
	p     *studentPage
	kind  casework.Kind
	rows  []recordRow
	list  *widget.List
	state *widget.Label
}

type recordRow struct {
	id, text string
}

func newRecordList(p *studentPage, kind casework.Kind) *recordList {
	l := &recordList{p: p, kind: kind, state: widget.NewLabel(tr("students.loading"))}
	l.list = widget.NewList(
		func() int { return len(l.rows) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(l.rows) {
				o.(*widget.Label).SetText(l.rows[id].text)
			}
		})
	l.list.OnSelected = func(id widget.ListItemID) {
		p.s.a.touched()
		l.list.UnselectAll()
		if id < len(l.rows) && p.s.OnOpenRecord != nil {
			kind, rid := l.kind, l.rows[id].id
			p.s.leavePage(func() { p.s.OnOpenRecord(kind, rid) })
		}
	}
	return l
}

func (l *recordList) view() fyne.CanvasObject {
	p := l.p
	newBtn := p.s.a.act.button(tr("students.new_record", map[string]any{"Record": tr("record." + string(l.kind))}),
		theme.ContentAddIcon(), func() {
			if p.s.OnNewRecord != nil {
				kind, id := l.kind, p.st.ID
				p.s.leavePage(func() { p.s.OnNewRecord(kind, id) })
			}
		})
	var hint fyne.CanvasObject = layout.NewSpacer()
	if p.s.OnNewRecord == nil {
		newBtn.Disable()
	}
	if p.s.OnOpenRecord == nil || p.s.OnNewRecord == nil {
		h := widget.NewLabel(tr("students.forms_unavailable"))
		h.Importance = widget.LowImportance
		hint = h
	}
	return container.NewBorder(container.NewVBox(container.NewHBox(newBtn, hint), l.state), nil, nil, nil, l.list)
}

func (l *recordList) loaded(recs StudentRecords, err error) {
	if err != nil {
		l.state.SetText(errorMessage("read student records", err))
		return
	}
	l.rows = recordRows(l.kind, recs)
	if len(l.rows) == 0 {
		l.state.SetText(tr("students.no_records"))
	} else {
		l.state.SetText(tr("students.record_count", map[string]any{"N": len(l.rows)}))
	}
	l.list.Refresh()
}

// recordRows are the one-line summaries of one kind (never a private
// note, never free text beyond a short title).
func recordRows(kind casework.Kind, r StudentRecords) []recordRow {
	var out []recordRow
	switch kind {
	case casework.KindCase:
		for _, c := range r.Cases {
			st := c.Status
			if st == "" {
				st = casework.CaseStatusOpen
			}
			types := make([]string, 0, len(c.ProblemTypes))
			for _, t := range c.ProblemTypes {
				types = append(types, stuEnum("problem_type", string(t)))
			}
			out = append(out, recordRow{c.ID, fmt.Sprintf("%s  %s  %s  %s  %s", c.CaseNo, c.OpenedOn,
				stuEnum("case_source", string(c.Source)), strings.Join(types, "、"), stuEnum("case_status", string(st)))})
		}
	case casework.KindKeyStudent:
		for _, k := range r.KeyStudents {
			lv := ""
			if ls := k.SortedLevels(); len(ls) > 0 {
				lv = stuLevel(r.Levels, ls[len(ls)-1].Level)
			}
			state := tr("students.key_on_roll")
			if k.ReleasedOn != "" {
				state = tr("students.key_released", map[string]any{"Date": string(k.ReleasedOn)})
			}
			out = append(out, recordRow{k.ID, fmt.Sprintf("%s  %s  %s", k.IncludedOn, lv, state)})
		}
	case casework.KindCrisis:
		for _, c := range r.Crises {
			state := tr("students.crisis_open")
			if c.ClosedOn != "" {
				state = tr("students.crisis_closed", map[string]any{"Date": string(c.ClosedOn)})
			}
			out = append(out, recordRow{c.ID, strings.Join(slices.DeleteFunc([]string{string(c.DiscoveredOn),
				stuEnum("risk_type", string(c.RiskType)), stuLevel(r.Levels, c.Level), state},
				func(s string) bool { return s == "" }), "  ")})
		}
	case casework.KindReferral:
		for _, x := range r.Referrals {
			st := x.Status
			if st == "" {
				st = casework.ReferralStatusSuggested
			}
			out = append(out, recordRow{x.ID, fmt.Sprintf("%s  %s  %s", x.SuggestedOn, x.Institution,
				stuEnum("referral_status", string(st)))})
		}
	case casework.KindContact:
		for _, x := range r.Contacts {
			out = append(out, recordRow{x.ID, fmt.Sprintf("%s  %s  %s", x.Date,
				stuEnum("contact_counterpart", string(x.Counterpart)), stuEnum("contact_method", string(x.Method)))})
		}
	}
	return out
}
