package ui

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// GroupService is what the groups area (团体辅导, 心理委员, 班级周报,
// 活动与日志) needs from the vault. Records are the casework records
// themselves; the adapter validates, stores, audits and schedules the
// autosave.
type GroupService interface {
	// Records lists every record of kind (group sessions, committee
	// members, class reports, activities, duty days, visits, mailbox
	// openings, screenings, month notes).
	Records(ctx context.Context, kind casework.Kind) ([]casework.Record, error)
	// SaveRecord creates rec (empty id) or updates it; rec gets its id
	// and timestamps. Validation failures are casework.ValidationErrors.
	SaveRecord(ctx context.Context, rec casework.Record) error
	// SaveRecords writes all of recs in one transaction: all or nothing.
	SaveRecords(ctx context.Context, recs []casework.Record) error
	// DeleteRecord removes a record (ECONFLICT while another refers to it).
	DeleteRecord(ctx context.Context, kind casework.Kind, id string) error
	// Students lists every student (their classes make the school's
	// class list; names label attendance and the roster).
	Students(ctx context.Context) ([]*casework.Student, error)
	// SearchStudents finds students by name, pinyin or student number.
	SearchStudents(ctx context.Context, q string, limit int) ([]*casework.Student, error)
	// PrintGroupRecord writes the 团体辅导记录表 of a stored session to path.
	PrintGroupRecord(ctx context.Context, id, path string) error
	// PrintCommitteeRoster writes the 班级心理委员名册 as of on to path.
	PrintCommitteeRoster(ctx context.Context, on casework.Date, path string) error
}

// grpClass is one class of the school, from the students' classes.
type grpClass struct {
	Grade, Class string
}

// grpSchoolClasses are the classes of the enrolled students in the
// school's grade and class order (casework.CompareClass).
func grpSchoolClasses(students []*casework.Student) []grpClass {
	seen := map[grpClass]bool{}
	var out []grpClass
	for _, s := range students {
		if !s.Enrolled() || s.Class == "" {
			continue
		}
		c := grpClass{s.Grade, s.Class}
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b grpClass) int {
		return casework.CompareClass(a.Grade, a.Class, b.Grade, b.Class)
	})
	return out
}

// groupsScreen lists the group sessions and edits one at a time.
type groupsScreen struct {
	a        *App
	ed       *grpEditor
	students []*casework.Student
	byID     map[string]*casework.Student
}

func newGroupsScreen(a *App) Screen {
	g := &groupsScreen{a: a, byID: map[string]*casework.Student{}}
	g.ed = newGrpEditor(a, a.d.Groups, casework.KindGroupSession)
	g.ed.fresh = func() casework.Record {
		return &casework.GroupSession{Date: casework.DateOf(a.d.Clock.Now()), GroupType: casework.GroupTypeClass, DurationMin: 40}
	}
	g.ed.line = func(rec casework.Record) string {
		x := rec.(*casework.GroupSession)
		s := fmt.Sprintf("%s  %s  %s", x.Date, grpEnumLabel("group_type", string(x.GroupType)), x.Title)
		if x.Series != "" {
			s += "  " + tr("groups.series_no", map[string]any{"Series": x.Series, "N": x.SeriesNo})
		}
		return s + "  " + tr("groups.participants_n", map[string]any{"N": x.Participants})
	}
	gs := func(field string, key bool, text func(*casework.GroupSession) string) tableCol[casework.Record] {
		return recCol(casework.KindGroupSession, field, key, text)
	}
	g.ed.cols = []tableCol[casework.Record]{
		gs("date", true, func(x *casework.GroupSession) string { return string(x.Date) }),
		gs("group_type", true, func(x *casework.GroupSession) string { return grpEnumLabel("group_type", string(x.GroupType)) }),
		gs("title", true, func(x *casework.GroupSession) string { return x.Title }),
		gs("series", false, func(x *casework.GroupSession) string {
			if x.Series == "" {
				return ""
			}
			return tr("groups.series_no", map[string]any{"Series": x.Series, "N": x.SeriesNo})
		}),
		{title: grpFieldLabel(casework.KindGroupSession, "participants"), key: true, text: func(r casework.Record) string {
			return tr("groups.participants_n", map[string]any{"N": r.(*casework.GroupSession).Participants})
		}, order: func(a, b casework.Record) int {
			return a.(*casework.GroupSession).Participants - b.(*casework.GroupSession).Participants
		}},
		gs("leader", false, func(x *casework.GroupSession) string { return x.Leader }),
	}
	g.ed.form = g.form
	return g
}

func (g *groupsScreen) Content() fyne.CanvasObject {
	c := g.ed.content()
	g.loadStudents()
	return container.NewBorder(heading(tr("nav.groups")), nil, nil, nil, c)
}

func (g *groupsScreen) loadStudents() {
	loadGroupStudents(g.a, g.ed, func(st []*casework.Student, byID map[string]*casework.Student) {
		g.students, g.byID = st, byID
	})
}

// loadGroupStudents reads the school's students off the UI goroutine and
// hands them, with an index by id, to done on the Fyne goroutine; a failure
// is shown in the editor's status line.
func (g *groupsScreen) release() {
	g.ed.release()
	g.students, g.byID = nil, map[string]*casework.Student{}
}

func loadGroupStudents(a *App, ed *grpEditor, done func([]*casework.Student, map[string]*casework.Student)) {
	if a.d.Groups == nil {
		return
	}
	a.d.Go(func() {
		st, err := a.d.Groups.Students(context.Background())
		fyne.Do(func() {
			if ed.released {
				return
			}
			if err != nil {
				ed.status.SetText(errorMessage("list students", err))
				return
			}
			byID := make(map[string]*casework.Student, len(st))
			for _, s := range st {
				byID[s.ID] = s
			}
			done(st, byID)
		})
	})
}

// nextSeriesNo is one more than the highest number stored in series.
func (g *groupsScreen) nextSeriesNo(series, exceptID string) int {
	n := 0
	for _, r := range g.ed.records {
		x := r.(*casework.GroupSession)
		if x.Series == series && x.ID != exceptID {
			n = max(n, x.SeriesNo)
		}
	}
	return n + 1
}

func (g *groupsScreen) form(rec casework.Record) *grpParts {
	x := rec.(*casework.GroupSession)
	f := newGrpForm(g.a.act, x)
	p := &grpParts{form: f}
	// 第几次 follows the series: a new session of a series is the next one.
	if series, no := f.entry("series"), f.entry("series_no"); series != nil && no != nil {
		series.OnChanged = func(s string) {
			f.changed()
			if s = strings.TrimSpace(s); s != "" && (x.ID == "" || strings.TrimSpace(no.Text) == "") {
				no.SetText(strconv.Itoa(g.nextSeriesNo(s, x.ID)))
			}
		}
	}
	proc := newGrpProcessEditor(g.a.act, x.Process)
	att := newGrpAttendanceEditor(g, x)
	att.participants = f.entry("participants")
	p.extra = []fyne.CanvasObject{proc.view(), att.view()}
	p.dirty = func() bool { return proc.dirty || att.dirty }
	p.read = func() bool {
		okp := proc.read()
		if okp {
			x.Process = proc.rows()
		}
		x.Attendance, x.FollowUpStudentIDs = att.result()
		return okp
	}
	p.claim = func(fe casework.FieldError) bool {
		if strings.HasPrefix(fe.Key, "process[") {
			proc.showError(grpFieldMessage(fe))
			return true
		}
		return false
	}
	status := widget.NewLabel("")
	print := g.a.act.button(tr("groups.print_record"), theme.DocumentPrintIcon(), func() {
		if x.ID == "" || p.isDirty() {
			status.SetText(tr("groups.save_before_print"))
			return
		}
		name := fmt.Sprintf("团体辅导记录表-%s.pdf", x.Date)
		g.ed.pickSave(name, func(path string) {
			grpPrintTo(g.a, status, path, func(ctx context.Context, path string) error {
				return g.a.d.Groups.PrintGroupRecord(ctx, x.ID, path)
			})
		})
	})
	p.buttons = []fyne.CanvasObject{print, status}
	return p
}

// ---- process table (环节, 分钟, 活动, 观察) ----

type grpProcessRow struct {
	segment, minutes, activity, observations *entry
}

type grpProcessEditor struct {
	act   *activity
	items []*grpProcessRow
	box   *fyne.Container
	err   *msgText
	dirty bool
}

func newGrpProcessEditor(act *activity, rows []casework.ProcessSegment) *grpProcessEditor {
	p := &grpProcessEditor{act: act, box: container.NewVBox(), err: refusalBlock()}
	for _, r := range rows {
		p.add(r)
	}
	p.dirty = false
	p.layout()
	return p
}

func (p *grpProcessEditor) add(r casework.ProcessSegment) {
	row := &grpProcessRow{segment: newEntry(p.act), minutes: newEntry(p.act), activity: newMultiLineEntry(p.act), observations: newMultiLineEntry(p.act)}
	row.segment.SetPlaceHolder(grpLabel("process_segment", "segment"))
	row.minutes.SetPlaceHolder(tr("groups.minutes"))
	row.activity.SetPlaceHolder(grpLabel("process_segment", "activity"))
	row.observations.SetPlaceHolder(grpLabel("process_segment", "observations"))
	row.activity.SetMinRowsVisible(2)
	row.observations.SetMinRowsVisible(2)
	row.segment.SetText(r.Segment)
	if r.Minutes != 0 {
		row.minutes.SetText(strconv.Itoa(r.Minutes))
	}
	row.activity.SetText(r.Activity)
	row.observations.SetText(r.Observations)
	for _, e := range []*entry{row.segment, row.minutes, row.activity, row.observations} {
		e.OnChanged = func(string) { p.dirty = true }
	}
	p.items = append(p.items, row)
	p.dirty = true
}

func (p *grpProcessEditor) move(i, d int) {
	j := i + d
	if j < 0 || j >= len(p.items) {
		return
	}
	p.items[i], p.items[j] = p.items[j], p.items[i]
	p.dirty = true
	p.layout()
}

func (p *grpProcessEditor) remove(i int) {
	p.items = slices.Delete(p.items, i, i+1)
	p.dirty = true
	p.layout()
}

func (p *grpProcessEditor) layout() {
	p.box.RemoveAll()
	for i, row := range p.items {
		i := i
		grid := container.NewVBox(
			container.New(&grpColumns{widths: []float32{30, 0, 110}}, widget.NewLabel(fmt.Sprintf("%d.", i+1)), row.segment, row.minutes),
			container.New(layout.NewGridLayoutWithColumns(2), row.activity, row.observations))
		p.box.Add(container.NewBorder(nil, nil, nil,
			grpRowButtons(p.act, func() { p.move(i, -1) }, func() { p.move(i, 1) }, func() { p.remove(i) }), grid))
	}
	p.box.Refresh()
}

func (p *grpProcessEditor) view() fyne.CanvasObject {
	add := p.act.button(tr("groups.process_add"), theme.ContentAddIcon(), func() {
		p.add(casework.ProcessSegment{})
		p.layout()
	})
	return textCard(grpLabel("group_session", "process"), tr("groups.process_hint"),
		container.NewVBox(p.box, p.err, container.NewHBox(add)))
}

// read checks the minutes; false keeps the form open with a message.
func (p *grpProcessEditor) read() bool {
	setError(p.err, "")
	for i, row := range p.items {
		if s := strings.TrimSpace(row.minutes.Text); s != "" {
			if _, err := strconv.Atoi(s); err != nil {
				setError(p.err, tr("groups.err.process_minutes", map[string]any{"N": i + 1}))
				return false
			}
		}
	}
	return true
}

func (p *grpProcessEditor) showError(msg string) { setError(p.err, msg) }

// rows are the table as records; empty rows are dropped.
func (p *grpProcessEditor) rows() []casework.ProcessSegment {
	var out []casework.ProcessSegment
	for _, row := range p.items {
		n, _ := strconv.Atoi(strings.TrimSpace(row.minutes.Text))
		r := casework.ProcessSegment{Segment: strings.TrimSpace(row.segment.Text), Minutes: n,
			Activity: strings.TrimSpace(row.activity.Text), Observations: strings.TrimSpace(row.observations.Text)}
		if r != (casework.ProcessSegment{}) {
			out = append(out, r)
		}
	}
	return out
}

// ---- attendance (出勤) and follow-up (需跟进) ----

type grpAttendanceRow struct {
	id       string
	present  bool
	reason   string
	followUp bool
}

type grpAttendanceEditor struct {
	g    *groupsScreen
	rows []*grpAttendanceRow
	// box holds one line per row: the whole attendance is on the form,
	// not in a small scroll of its own inside the form's scroll
	box     *fyne.Container
	classes *widget.Select
	summary *widget.Label
	dirty   bool
	// participants is the form's 参加人数 input, filled from the count present.
	participants *entry
	newRow       func() fyne.CanvasObject
	updateRow    func(i int, o fyne.CanvasObject)
}

func newGrpAttendanceEditor(g *groupsScreen, x *casework.GroupSession) *grpAttendanceEditor {
	e := &grpAttendanceEditor{g: g, summary: widget.NewLabel("")}
	for _, a := range x.Attendance {
		e.rows = append(e.rows, &grpAttendanceRow{id: a.StudentID, present: a.Present, reason: a.Reason,
			followUp: slices.Contains(x.FollowUpStudentIDs, a.StudentID)})
	}
	// Follow-up students outside the attendance stay picked.
	for _, id := range x.FollowUpStudentIDs {
		if !slices.ContainsFunc(e.rows, func(r *grpAttendanceRow) bool { return r.id == id }) {
			e.rows = append(e.rows, &grpAttendanceRow{id: id, present: true, followUp: true})
		}
	}
	return e
}

func (e *grpAttendanceEditor) name(id string) string {
	if s := e.g.byID[id]; s != nil {
		return s.Name + "  " + s.Class
	}
	return tr("groups.unknown_student")
}

func (e *grpAttendanceEditor) updateSummary() {
	present, follow := 0, 0
	for _, r := range e.rows {
		if r.present {
			present++
		}
		if r.followUp {
			follow++
		}
	}
	e.summary.SetText(tr("groups.attendance_summary", map[string]any{"Present": present, "Absent": len(e.rows) - present, "Follow": follow}))
}

func (e *grpAttendanceEditor) view() fyne.CanvasObject {
	var names []string
	classes := grpSchoolClasses(e.g.students)
	for _, c := range classes {
		names = append(names, c.Class)
	}
	e.classes = widget.NewSelect(names, nil)
	e.classes.PlaceHolder = tr("groups.pick_class")
	load := e.g.a.act.button(tr("groups.attendance_load"), theme.ContentAddIcon(), func() {
		e.loadClass(e.classes.Selected)
	})
	clear := e.g.a.act.button(tr("groups.attendance_clear"), theme.ContentClearIcon(), func() {
		e.rows = nil
		e.dirty = true
		e.refreshRows()
		e.updateSummary()
	})
	pick := e.g.a.act.button(tr("lists.attendance.add_student"), theme.AccountIcon(), e.pickStudent)
	e.box = container.NewVBox()
	e.newRow = func() fyne.CanvasObject {
		reason := newEntry(e.g.a.act)
		reason.SetPlaceHolder(grpLabel("attendance", "reason"))
		name := widget.NewLabel(tr("groups.unknown_student"))
		name.Truncation = fyne.TextTruncateEllipsis
		return container.New(&grpColumns{widths: []float32{170, 90, 0, 110, 40}},
			name, widget.NewCheck(grpLabel("attendance", "present"), nil), reason, widget.NewCheck(tr("groups.follow_up"), nil),
			widget.NewButtonWithIcon("", theme.DeleteIcon(), nil))
	}
	e.updateRow = func(id int, o fyne.CanvasObject) {
		r := e.rows[id]
		c := o.(*fyne.Container)
		c.Objects[0].(*widget.Label).SetText(e.name(r.id))
		present := c.Objects[1].(*widget.Check)
		reason := c.Objects[2].(*entry)
		follow := c.Objects[3].(*widget.Check)
		present.OnChanged = nil
		present.SetChecked(r.present)
		present.OnChanged = func(b bool) { r.present = b; e.dirty = true; e.updateSummary() }
		follow.OnChanged = nil
		follow.SetChecked(r.followUp)
		follow.OnChanged = func(b bool) { r.followUp = b; e.dirty = true; e.updateSummary() }
		reason.OnChanged = nil
		reason.SetText(r.reason)
		reason.OnChanged = func(s string) { r.reason = s; e.dirty = true }
		c.Objects[4].(*widget.Button).OnTapped = func() {
			e.rows = slices.Delete(e.rows, id, id+1)
			e.dirty = true
			e.refreshRows()
			e.updateSummary()
		}
	}
	count := e.g.a.act.button(tr("groups.attendance_count"), theme.ConfirmIcon(), func() {
		if e.participants == nil {
			return
		}
		n := 0
		for _, r := range e.rows {
			if r.present {
				n++
			}
		}
		e.participants.SetText(strconv.Itoa(n))
	})
	e.updateSummary()
	e.refreshRows()
	return textCard(grpLabel("group_session", "attendance"), tr("groups.attendance_hint"),
		container.NewVBox(container.New(layout.NewRowWrapLayout(), e.classes, load, pick, clear, count), e.summary, e.box))
}

// loadClass adds the enrolled students of class (present by default).
func (e *grpAttendanceEditor) loadClass(class string) {
	if class == "" {
		return
	}
	for _, s := range e.g.students {
		if s.Class != class || !s.Enrolled() {
			continue
		}
		if slices.ContainsFunc(e.rows, func(r *grpAttendanceRow) bool { return r.id == s.ID }) {
			continue
		}
		e.rows = append(e.rows, &grpAttendanceRow{id: s.ID, present: true})
	}
	e.dirty = true
	e.refreshRows()
	e.updateSummary()
}

// refreshRows lays out one line per attendance row.
func (e *grpAttendanceEditor) refreshRows() {
	objs := make([]fyne.CanvasObject, len(e.rows))
	for i := range e.rows {
		objs[i] = e.newRow()
		e.updateRow(i, objs[i])
	}
	e.box.Objects = objs
	e.box.Refresh()
}

// pickStudent adds one student found by name, pinyin, initials or
// number (a group drawn from several classes).
func (e *grpAttendanceEditor) pickStudent() {
	a := e.g.a
	var found []*casework.Student
	var d dialog.Dialog
	msg := widget.NewLabel(tr("cases.student.type"))
	list := widget.NewList(func() int { return len(found) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(found[i].Name + "（" + found[i].Class + "）")
		})
	list.OnSelected = func(i widget.ListItemID) {
		if i >= len(found) {
			return
		}
		s := found[i]
		e.g.byID[s.ID] = s
		if !slices.ContainsFunc(e.rows, func(r *grpAttendanceRow) bool { return r.id == s.ID }) {
			e.rows = append(e.rows, &grpAttendanceRow{id: s.ID, present: true})
			e.dirty = true
			e.refreshRows()
			e.updateSummary()
		}
		d.Hide()
	}
	q := newEntry(a.act)
	q.SetPlaceHolder(tr("cases.student.search"))
	q.OnChanged = func(text string) {
		text = strings.TrimSpace(text)
		if text == "" || a.d.Groups == nil {
			found = nil
			list.Refresh()
			return
		}
		a.d.Go(func() {
			res, err := a.d.Groups.SearchStudents(context.Background(), text, 50)
			fyne.Do(func() {
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
	d = dialog.NewCustom(tr("lists.attendance.add_student"), tr("cases.cancel"), content, a.win)
	d.Resize(fyne.NewSize(480, 420))
	d.Show()
	a.win.Canvas().Focus(q)
}

// result is the attendance and the students picked for follow-up
// (picked only from the attendance).
func (e *grpAttendanceEditor) result() ([]casework.Attendance, []string) {
	var att []casework.Attendance
	var follow []string
	for _, r := range e.rows {
		reason := strings.TrimSpace(r.reason)
		if r.present {
			reason = ""
		}
		att = append(att, casework.Attendance{StudentID: r.id, Present: r.present, Reason: reason})
		if r.followUp {
			follow = append(follow, r.id)
		}
	}
	return att, follow
}

// Unsaved reports edits in the open group-session form.
func (g *groupsScreen) Unsaved() bool { return g.ed.unsaved() }

// unsaved reports whether the editor has a form open with changes.
func (e *grpEditor) unsaved() bool { return e.editing != nil && e.editing.isDirty() }
