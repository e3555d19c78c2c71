package ui

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// committeeScreen is the 心理委员 page: the roster of every class (未设
// in red where a class has none), appointing from the student list,
// leaving and trainings; and the weekly class reports (班级周报) in a
// second tab.
type committeeScreen struct {
	a        *App
	ed       *grpEditor
	students []*casework.Student
	byID     map[string]*casework.Student
	rows     []committeeRow
	list     *widget.List
	summary  *widget.Label
	sel      int
	weekly   *weeklyGrid
}

// committeeRow is one line of the roster: a class and one of its
// members, or the class alone (未设).
type committeeRow struct {
	class  grpClass
	member *casework.CommitteeMember
}

func newCommitteeScreen(a *App) Screen {
	c := &committeeScreen{a: a, byID: map[string]*casework.Student{}, sel: -1, summary: widget.NewLabel("")}
	c.ed = newGrpEditor(a, a.d.Groups, casework.KindCommitteeMember)
	c.ed.line = func(rec casework.Record) string {
		m := rec.(*casework.CommitteeMember)
		return m.Class + " " + c.studentName(m.StudentID)
	}
	c.ed.form = c.form
	c.ed.listView = c.rosterView
	c.ed.afterLoad = c.rebuild
	c.weekly = newWeeklyGrid(a)
	return c
}

func (c *committeeScreen) Content() fyne.CanvasObject {
	c.loadStudents()
	roster := c.ed.content()
	tabs := container.NewAppTabs(
		container.NewTabItem(tr("groups.committee.tab_roster"), roster),
		container.NewTabItem(tr("groups.weekly.tab"), c.weekly.content()),
	)
	tabs.OnSelected = func(t *container.TabItem) {
		c.a.touched()
		// Coming back keeps unsaved rows; otherwise show what is stored now.
		if t.Text == tr("groups.weekly.tab") && !c.weekly.dirty() {
			c.weekly.reload()
		}
	}
	return tabs
}

func (c *committeeScreen) release() {
	c.ed.release()
	c.students, c.byID, c.rows = nil, map[string]*casework.Student{}, nil
}

func (c *committeeScreen) loadStudents() {
	loadGroupStudents(c.a, c.ed, func(st []*casework.Student, byID map[string]*casework.Student) {
		c.students, c.byID = st, byID
		c.rebuild()
	})
}

func (c *committeeScreen) studentName(id string) string {
	if s := c.byID[id]; s != nil {
		return s.Name
	}
	return tr("groups.unknown_student")
}

func (c *committeeScreen) today() casework.Date { return casework.DateOf(c.a.d.Clock.Now()) }

// rebuild makes the roster rows: every class of the school, with its
// active members, then its former members; classes without an active
// member show 未设.
func (c *committeeScreen) rebuild() {
	today := c.today()
	classes := grpSchoolClasses(c.students)
	var members []*casework.CommitteeMember
	for _, r := range c.ed.records {
		members = append(members, r.(*casework.CommitteeMember))
	}
	for _, m := range members {
		k := grpClass{m.Grade, m.Class}
		if !slices.Contains(classes, k) && m.ActiveAt(today) {
			classes = append(classes, k)
		}
	}
	c.rows = c.rows[:0]
	without := 0
	for _, k := range classes {
		var active, former []*casework.CommitteeMember
		for _, m := range members {
			if m.Class != k.Class {
				continue
			}
			if m.ActiveAt(today) {
				active = append(active, m)
			} else {
				former = append(former, m)
			}
		}
		if len(active) == 0 {
			without++
			c.rows = append(c.rows, committeeRow{class: k})
		}
		for _, m := range append(active, former...) {
			c.rows = append(c.rows, committeeRow{class: k, member: m})
		}
	}
	c.summary.SetText(tr("groups.committee.summary", map[string]any{"Classes": len(classes), "With": len(classes) - without, "Without": without}))
	c.sel = -1
	if c.list != nil {
		c.list.UnselectAll()
		c.list.Refresh()
	}
}

func (c *committeeScreen) rowText(r committeeRow) (grade, class, who, detail string, missing bool) {
	grade, class = r.class.Grade, r.class.Class
	if r.member == nil {
		return grade, class, tr("groups.committee.none"), "", true
	}
	m := r.member
	who = c.studentName(m.StudentID) + "（" + grpEnumLabel("committee_role", string(cmRole(m.Role))) + "）"
	detail = tr("groups.committee.appointed", map[string]any{"Date": m.AppointedOn, "N": len(m.Trainings)})
	if !m.LeftOn.IsZero() {
		detail += "  " + tr("groups.committee.left", map[string]any{"Date": m.LeftOn})
	}
	return grade, class, who, detail, false
}

func cmRole(r casework.CommitteeRole) casework.CommitteeRole {
	if r == "" {
		return casework.CommitteeRoleMember
	}
	return r
}

func (c *committeeScreen) rosterView() fyne.CanvasObject {
	c.list = widget.NewList(
		func() int { return len(c.rows) },
		func() fyne.CanvasObject {
			return container.New(&grpColumns{widths: []float32{110, 110, 200, 0}},
				widget.NewLabel(""), widget.NewLabel(""), widget.NewLabel(""), widget.NewLabel(""))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(c.rows) {
				return
			}
			grade, class, who, detail, missing := c.rowText(c.rows[id])
			objs := o.(*fyne.Container).Objects
			for i, t := range []string{grade, class, who, detail} {
				l := objs[i].(*widget.Label)
				l.Importance = widget.MediumImportance
				if missing && i == 2 {
					l.Importance = widget.DangerImportance
					l.TextStyle = fyne.TextStyle{Bold: true}
				} else {
					l.TextStyle = fyne.TextStyle{}
				}
				l.Text = t
				l.Refresh()
			}
		},
	)
	c.list.OnSelected = func(id widget.ListItemID) {
		c.a.touched()
		c.sel = id
	}
	appoint := c.a.act.button(tr("groups.committee.appoint"), theme.ContentAddIcon(), c.showAppoint)
	appoint.Importance = widget.HighImportance
	edit := c.a.act.button(tr("groups.committee.edit"), theme.DocumentCreateIcon(), func() {
		if c.sel < 0 || c.sel >= len(c.rows) || c.rows[c.sel].member == nil {
			c.ed.status.SetText(tr("groups.committee.pick_member"))
			return
		}
		c.ed.open(grpCopy(c.rows[c.sel].member))
	})
	del := c.a.act.button(tr("groups.delete"), theme.DeleteIcon(), c.onDelete)
	print := c.a.act.button(tr("groups.committee.print"), theme.DocumentPrintIcon(), func() {
		on := c.today()
		c.ed.pickSave(fmt.Sprintf("班级心理委员名册-%s.pdf", on), func(path string) {
			grpPrintTo(c.a, c.ed.status, path, func(ctx context.Context, path string) error {
				return c.a.d.Groups.PrintCommitteeRoster(ctx, on, path)
			})
		})
	})
	header := container.New(&grpColumns{widths: []float32{110, 110, 200, 0}},
		widget.NewLabelWithStyle(grpFieldLabel(casework.KindCommitteeMember, "grade"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle(grpFieldLabel(casework.KindCommitteeMember, "class"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle(grpLabel("record", "committee_member"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle(tr("groups.committee.detail"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	top := container.NewVBox(container.New(layout.NewRowWrapLayout(), appoint, edit, del, print), c.summary, c.ed.status, header)
	c.rebuild()
	return container.NewBorder(top, nil, nil, nil, c.list)
}

// onDelete removes a mistaken appointment after confirmation; a member
// named by class reports cannot go (record the leaving date instead).
func (c *committeeScreen) onDelete() {
	if c.sel < 0 || c.sel >= len(c.rows) || c.rows[c.sel].member == nil {
		c.ed.status.SetText(tr("groups.committee.pick_member"))
		return
	}
	m := c.rows[c.sel].member
	showConfirmMessage(tr("groups.delete_title"), tr("groups.delete_body", map[string]any{"What": c.ed.line(m)}), func(ok bool) {
		if !ok {
			return
		}
		c.a.d.Go(func() {
			err := c.a.d.Groups.DeleteRecord(context.Background(), casework.KindCommitteeMember, m.ID)
			fyne.Do(func() {
				if err != nil {
					c.ed.status.SetText(grpDeleteMessage(err))
					return
				}
				c.ed.reload()
			})
		})
	}, c.a.win)
}

// showAppoint picks the student to appoint: the students of the selected
// class, or a search over the whole school.
func (c *committeeScreen) showAppoint() {
	var results []*casework.Student
	list := widget.NewList(
		func() int { return len(results) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(results) {
				s := results[id]
				o.(*widget.Label).SetText(fmt.Sprintf("%s  %s  %s  %s", s.Name, s.Grade, s.Class, s.StudentNo))
			}
		},
	)
	info := widget.NewLabel("")
	search := newEntry(c.a.act)
	search.SetPlaceHolder(tr("groups.committee.search"))
	show := func(st []*casework.Student) {
		results = slices.DeleteFunc(st, func(s *casework.Student) bool { return !s.Enrolled() })
		if len(results) == 0 {
			info.SetText(tr("groups.committee.no_students"))
		} else {
			info.SetText(tr("groups.committee.pick_student"))
		}
		list.UnselectAll()
		list.Refresh()
	}
	if c.sel >= 0 && c.sel < len(c.rows) {
		class := c.rows[c.sel].class.Class
		var st []*casework.Student
		for _, s := range c.students {
			if s.Class == class {
				st = append(st, s)
			}
		}
		show(st)
	}
	search.OnChanged = func(q string) {
		q = strings.TrimSpace(q)
		if q == "" {
			return
		}
		c.a.d.Go(func() {
			st, err := c.a.d.Groups.SearchStudents(context.Background(), q, 50)
			fyne.Do(func() {
				if err != nil {
					info.SetText(errorMessage("search students", err))
					return
				}
				if search.Text == q || strings.TrimSpace(search.Text) == q {
					show(st)
				}
			})
		})
	}
	list.OnSelected = func(id widget.ListItemID) {
		c.a.touched()
		if id >= len(results) {
			return
		}
		s := results[id]
		c.ed.open(&casework.CommitteeMember{StudentID: s.ID, Grade: s.Grade, Class: s.Class,
			Role: casework.CommitteeRoleMember, AppointedOn: c.today()})
	}
	back := c.a.act.button(tr("groups.back"), theme.NavigateBackIcon(), func() { c.ed.showList(); c.ed.reload() })
	top := container.NewVBox(heading(tr("groups.committee.appoint_title")), search, info)
	c.ed.root.Objects = []fyne.CanvasObject{container.NewBorder(top, container.NewHBox(back), nil, nil, list)}
	c.ed.root.Refresh()
	c.a.win.Canvas().Focus(search)
}

func (c *committeeScreen) form(rec casework.Record) *grpParts {
	m := rec.(*casework.CommitteeMember)
	f := newGrpForm(c.a.act, m, "student_id")
	p := &grpParts{form: f}
	who := widget.NewLabelWithStyle(tr("groups.committee.student", map[string]any{"Name": c.studentName(m.StudentID)}), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	te := newCmTrainingEditor(c.a.act, m.Trainings)
	leave := c.a.act.button(tr("groups.committee.leave_today"), theme.LogoutIcon(), func() {
		if e := f.entry("left_on"); e != nil {
			e.SetText(string(c.today()))
		}
	})
	// the student named first; 今天卸任 only for someone already appointed
	p.top = []fyne.CanvasObject{who}
	p.extra = []fyne.CanvasObject{te.view()}
	if m.ID != "" && m.LeftOn.IsZero() {
		p.extra = []fyne.CanvasObject{container.NewHBox(leave), te.view()}
	}
	// a second 心理委员 in a class is allowed (a large class may have two)
	// but never unnoticed
	warn := widget.NewLabel("")
	warn.Wrapping = fyne.TextWrapWord
	warn.Importance = widget.WarningImportance
	warn.Hide()
	p.top = append(p.top, warn)
	check := func() {
		class := m.Class
		if e := f.entry("class"); e != nil {
			class = strings.TrimSpace(e.Text)
		}
		var names []string
		for _, r := range c.ed.records {
			o := r.(*casework.CommitteeMember)
			if o.ID != m.ID && o.Class == class && o.ActiveAt(c.today()) {
				names = append(names, c.studentName(o.StudentID))
			}
		}
		if len(names) == 0 {
			warn.Hide()
			return
		}
		warn.SetText(tr("lists.committee.second", map[string]any{"Class": class, "Names": strings.Join(names, "、")}))
		warn.Show()
	}
	if e := f.entry("class"); e != nil {
		prev := e.OnChanged
		e.OnChanged = func(s string) {
			if prev != nil {
				prev(s)
			}
			check()
		}
	}
	check()
	p.dirty = func() bool { return te.dirty }
	p.read = func() bool {
		rows, ok := te.rows()
		if ok {
			m.Trainings = rows
		}
		return ok
	}
	p.claim = func(fe casework.FieldError) bool {
		if strings.HasPrefix(fe.Key, "trainings[") {
			setError(te.err, grpFieldMessage(fe))
			return true
		}
		return false
	}
	return p
}

// ---- trainings {date, topic, hours} ----

type cmTrainingRow struct {
	date, topic, hours *entry
	dateBox            fyne.CanvasObject // the date with its calendar
}

type cmTrainingEditor struct {
	act   *activity
	items []*cmTrainingRow
	box   *fyne.Container
	err   *msgText
	dirty bool
}

func newCmTrainingEditor(act *activity, ts []casework.Training) *cmTrainingEditor {
	t := &cmTrainingEditor{act: act, box: container.NewVBox(), err: refusalBlock()}
	for _, x := range ts {
		t.add(x)
	}
	t.dirty = false
	t.layout()
	return t
}

func (t *cmTrainingEditor) add(x casework.Training) {
	r := &cmTrainingRow{date: newEntry(t.act), topic: newEntry(t.act), hours: newEntry(t.act)}
	r.date.SetPlaceHolder("YYYY-MM-DD")
	r.topic.SetPlaceHolder(grpLabel("training", "topic"))
	r.hours.SetPlaceHolder(grpLabel("training", "hours"))
	r.date.SetText(string(x.Date))
	r.dateBox = dateField(r.date, time.Now)
	r.topic.SetText(x.Topic)
	if x.Hours != 0 {
		r.hours.SetText(strconv.FormatFloat(x.Hours, 'f', -1, 64))
	}
	for _, e := range []*entry{r.date, r.topic, r.hours} {
		e.OnChanged = func(string) { t.dirty = true }
	}
	t.items = append(t.items, r)
	t.dirty = true
}

func (t *cmTrainingEditor) layout() {
	t.box.RemoveAll()
	for i, r := range t.items {
		i := i
		t.box.Add(container.NewBorder(nil, nil, nil,
			grpRowButtons(t.act, func() { t.move(i, -1) }, func() { t.move(i, 1) }, func() {
				t.items = slices.Delete(t.items, i, i+1)
				t.dirty = true
				t.layout()
			}),
			container.New(layout.NewGridLayoutWithColumns(3), r.dateBox, r.topic, r.hours)))
	}
	t.box.Refresh()
}

func (t *cmTrainingEditor) move(i, d int) {
	j := i + d
	if j < 0 || j >= len(t.items) {
		return
	}
	t.items[i], t.items[j] = t.items[j], t.items[i]
	t.dirty = true
	t.layout()
}

func (t *cmTrainingEditor) view() fyne.CanvasObject {
	add := t.act.button(tr("groups.committee.training_add"), theme.ContentAddIcon(), func() {
		t.add(casework.Training{})
		t.layout()
	})
	return widget.NewCard(grpLabel("committee_member", "trainings"), "", container.NewVBox(t.box, t.err, container.NewHBox(add)))
}

func (t *cmTrainingEditor) rows() ([]casework.Training, bool) {
	setError(t.err, "")
	var out []casework.Training
	for i, r := range t.items {
		d, msg := readDate(grpLabel("training", "date"), r.date.Text)
		if msg != "" {
			setError(t.err, msg)
			return nil, false
		}
		x := casework.Training{Date: d, Topic: strings.TrimSpace(r.topic.Text)}
		if s := strings.TrimSpace(r.hours.Text); s != "" {
			h, err := strconv.ParseFloat(s, 64)
			if err != nil {
				setError(t.err, tr("groups.committee.err.hours", map[string]any{"N": i + 1}))
				return nil, false
			}
			x.Hours = h
		}
		if x != (casework.Training{}) {
			out = append(out, x)
		}
	}
	return out, true
}

// grpColumns lays children out in a row: fixed widths, and the columns
// of width 0 share what is left.
type grpColumns struct {
	widths []float32
	// flexMin is the least a shared column (width 0) asks for; 0: up to
	// 80 px of its content.
	flexMin float32
}

func (g *grpColumns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for i, o := range objs {
		m := o.MinSize()
		if i < len(g.widths) && g.widths[i] > 0 {
			w += g.widths[i]
		} else {
			w += max(min(m.Width, 80), g.flexMin)
		}
		h = max(h, m.Height)
	}
	return fyne.NewSize(w+theme.Padding()*float32(len(objs)), h)
}

func (g *grpColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	fixed, flex := float32(0), 0
	for i := range objs {
		if i < len(g.widths) && g.widths[i] > 0 {
			fixed += g.widths[i]
		} else {
			flex++
		}
	}
	rest := size.Width - fixed - pad*float32(len(objs)-1)
	each := float32(0)
	if flex > 0 {
		each = max(rest/float32(flex), 40, g.flexMin)
	}
	x := float32(0)
	for i, o := range objs {
		w := each
		if i < len(g.widths) && g.widths[i] > 0 {
			w = g.widths[i]
		}
		// each cell at its own height, centred: a check box is only
		// active over its own height
		h := min(o.MinSize().Height, size.Height)
		o.Move(fyne.NewPos(x, (size.Height-h)/2))
		o.Resize(fyne.NewSize(w, h))
		x += w + pad
	}
}

// Unsaved reports edits in the member form or unsaved rows of the week.
func (c *committeeScreen) Unsaved() bool {
	return c.ed.unsaved() || (c.weekly != nil && c.weekly.dirty())
}
