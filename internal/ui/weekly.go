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

// weeklyGrid enters a week of class reports (班级心理晴雨表/周签) at once:
// one row per class, and Save writes every changed row in one
// transaction. A week's existing reports are loaded for editing.
type weeklyGrid struct {
	a        *App
	week     casework.Date // a Monday
	classes  []grpClass
	members  []*casework.CommitteeMember
	byID     map[string]*casework.Student
	rows     []*weeklyRow
	list     *widget.List
	weekText *widget.Label
	status   *widget.Label
	// loaded is false until the first reload finished.
	loaded bool
}

// weeklyRow is one class's report of the week being edited.
type weeklyRow struct {
	rec      casework.ClassReport
	concerns string // as typed
	members  []*casework.CommitteeMember
	dirty    bool
}

// mondayOf returns the Monday of d's week.
func mondayOf(d casework.Date) casework.Date {
	wd, ok := d.Weekday()
	if !ok {
		return d
	}
	back := (int(wd) + 6) % 7 // Monday 0 … Sunday 6
	return d.AddDays(-back)
}

func newWeeklyGrid(a *App) *weeklyGrid {
	w := &weeklyGrid{a: a, byID: map[string]*casework.Student{}, weekText: widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true}), status: widget.NewLabel("")}
	w.status.Wrapping = fyne.TextWrapWord
	w.week = mondayOf(casework.DateOf(a.d.Clock.Now()))
	return w
}

func (w *weeklyGrid) dirty() bool {
	return slices.ContainsFunc(w.rows, func(r *weeklyRow) bool { return r.dirty })
}

// weeklyWidths are the grid's columns: 班级, 情绪, 人数, 说明, 措施,
// 需介入, 已签字, 心理委员.
// weeklyTextMin is the least width of 关注说明 and 处理措施.
const weeklyTextMin = 240

var weeklyWidths = []float32{90, 110, 100, 0, 0, 130, 120, 150}

func (w *weeklyGrid) content() fyne.CanvasObject {
	prev := w.a.act.button(tr("groups.weekly.prev"), theme.NavigateBackIcon(), func() { w.goWeek(w.week.AddDays(-7)) })
	next := w.a.act.button(tr("groups.weekly.next"), theme.NavigateNextIcon(), func() { w.goWeek(w.week.AddDays(7)) })
	this := w.a.act.button(tr("groups.weekly.this_week"), theme.HistoryIcon(), func() { w.goWeek(mondayOf(casework.DateOf(w.a.d.Clock.Now()))) })
	pick := newEntry(w.a.act)
	pick.SetPlaceHolder(tr("groups.weekly.goto"))
	pick.OnSubmitted = func(s string) {
		d, err := casework.ParseDate(strings.TrimSpace(s))
		if err != nil {
			w.status.SetText(tr("groups.weekly.err.date"))
			return
		}
		w.goWeek(mondayOf(d))
	}
	save := w.a.act.button(tr("groups.weekly.save"), theme.DocumentSaveIcon(), w.save)
	save.Importance = widget.HighImportance
	bold := func(s string) fyne.CanvasObject {
		l := widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	k := casework.KindClassReport
	header := container.New(&grpColumns{widths: weeklyWidths, flexMin: weeklyTextMin},
		bold(grpFieldLabel(k, "class")), bold(tr("groups.weekly.mood")), bold(tr("groups.weekly.concerns")),
		bold(grpFieldLabel(k, "concern_notes")), bold(grpFieldLabel(k, "actions")),
		bold(tr("groups.weekly.needs")), bold(tr("groups.weekly.signed")), bold(grpFieldLabel(k, "member_id")))
	w.list = widget.NewList(func() int { return len(w.rows) }, w.newRow, w.updateRow)
	top := container.NewVBox(
		container.New(layout.NewRowWrapLayout(), w.weekText, prev, this, next, container.New(&grpColumns{widths: []float32{150}}, pick), save),
		w.status)
	// 关注说明 and 处理措施 keep a readable width: the grid scrolls sideways
	// on a narrow window rather than squeezing them
	return container.NewBorder(top, nil, nil, nil, container.NewHScroll(container.NewBorder(header, nil, nil, nil, w.list)))
}

func (w *weeklyGrid) newRow() fyne.CanvasObject {
	moods := []string{tr("groups.none")}
	for _, m := range casework.AllMoods() {
		moods = append(moods, grpEnumLabel("mood", string(m)))
	}
	concerns := newEntry(w.a.act)
	concerns.SetPlaceHolder("0")
	notes := newEntry(w.a.act)
	notes.SetPlaceHolder(tr("groups.weekly.notes_hint"))
	actions := newEntry(w.a.act)
	actions.SetPlaceHolder(grpFieldLabel(casework.KindClassReport, "actions"))
	return container.New(&grpColumns{widths: weeklyWidths, flexMin: weeklyTextMin},
		widget.NewLabel(""), widget.NewSelect(moods, nil), concerns, notes, actions,
		widget.NewCheck(tr("groups.weekly.needs_short"), nil), widget.NewCheck(tr("groups.weekly.signed_short"), nil),
		widget.NewSelect(nil, nil))
}

func (w *weeklyGrid) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(w.rows) {
		return
	}
	r := w.rows[id]
	objs := o.(*fyne.Container).Objects
	class := objs[0].(*widget.Label)
	mood := objs[1].(*widget.Select)
	concerns := objs[2].(*entry)
	notes := objs[3].(*entry)
	actions := objs[4].(*entry)
	needs := objs[5].(*widget.Check)
	signed := objs[6].(*widget.Check)
	member := objs[7].(*widget.Select)
	changed := func() { w.a.touched(); r.dirty = true }

	class.SetText(r.rec.Class)
	mood.OnChanged = nil
	mood.SetSelectedIndex(slices.Index(casework.AllMoods(), r.rec.Mood) + 1)
	mood.OnChanged = func(string) {
		i := mood.SelectedIndex()
		r.rec.Mood = ""
		if i > 0 {
			r.rec.Mood = casework.AllMoods()[i-1]
		}
		changed()
	}
	for _, x := range []struct {
		e   *entry
		val *string
	}{{concerns, &r.concerns}, {notes, &r.rec.ConcernNotes}, {actions, &r.rec.Actions}} {
		x.e.OnChanged = nil
		x.e.SetText(*x.val)
		val := x.val
		x.e.OnChanged = func(s string) { *val = s; changed() }
	}
	for _, x := range []struct {
		c   *widget.Check
		val *bool
	}{{needs, &r.rec.NeedsCounselor}, {signed, &r.rec.HomeroomSigned}} {
		x.c.OnChanged = nil
		x.c.SetChecked(*x.val)
		val := x.val
		x.c.OnChanged = func(b bool) { *val = b; changed() }
	}
	opts := []string{tr("groups.none")}
	for _, m := range r.members {
		opts = append(opts, w.memberName(m))
	}
	member.OnChanged = nil
	member.SetOptions(opts)
	member.SetSelectedIndex(slices.IndexFunc(r.members, func(m *casework.CommitteeMember) bool { return m.ID == r.rec.MemberID }) + 1)
	member.OnChanged = func(string) {
		i := member.SelectedIndex()
		r.rec.MemberID = ""
		if i > 0 {
			r.rec.MemberID = r.members[i-1].ID
		}
		changed()
	}
}

func (w *weeklyGrid) memberName(m *casework.CommitteeMember) string {
	if s := w.byID[m.StudentID]; s != nil {
		return s.Name
	}
	return tr("groups.unknown_student")
}

// goWeek shows another week, asking first when rows were changed.
func (w *weeklyGrid) goWeek(monday casework.Date) {
	if !w.dirty() {
		w.week = monday
		w.reload()
		return
	}
	dialog.ShowConfirm(tr("groups.discard_title"), tr("groups.weekly.discard_body"), func(ok bool) {
		if ok {
			w.week = monday
			w.reload()
		}
	}, w.a.win)
}

func (w *weeklyGrid) weekTitle() string {
	return tr("groups.weekly.week", map[string]any{"From": w.week, "To": w.week.AddDays(6)})
}

// reload reads the classes, members and the week's reports.
func (w *weeklyGrid) reload() {
	w.weekText.SetText(w.weekTitle())
	svc := w.a.d.Groups
	if svc == nil {
		w.status.SetText(tr("err.not_available"))
		return
	}
	week := w.week
	w.status.SetText(tr("groups.loading"))
	w.a.d.Go(func() {
		ctx := context.Background()
		students, err := svc.Students(ctx)
		var members, reports []casework.Record
		if err == nil {
			members, err = svc.Records(ctx, casework.KindCommitteeMember)
		}
		if err == nil {
			reports, err = svc.Records(ctx, casework.KindClassReport)
		}
		fyne.Do(func() {
			if err != nil {
				w.status.SetText(errorMessage("load class reports", err))
				return
			}
			if week != w.week {
				return // another week was picked meanwhile
			}
			w.fill(students, members, reports)
		})
	})
}

// fill builds one row per class: the stored report of the week, or a
// new one with the class's active member preselected.
func (w *weeklyGrid) fill(students []*casework.Student, members, reports []casework.Record) {
	w.byID = map[string]*casework.Student{}
	for _, s := range students {
		w.byID[s.ID] = s
	}
	w.members = w.members[:0]
	for _, m := range members {
		w.members = append(w.members, m.(*casework.CommitteeMember))
	}
	w.classes = grpSchoolClasses(students)
	existing := map[string]*casework.ClassReport{}
	for _, r := range reports {
		cr := r.(*casework.ClassReport)
		if cr.WeekStart == w.week {
			existing[cr.Class] = cr
			if !slices.ContainsFunc(w.classes, func(c grpClass) bool { return c.Class == cr.Class }) {
				w.classes = append(w.classes, grpClass{Class: cr.Class})
			}
		}
	}
	w.rows = w.rows[:0]
	weekEnd := w.week.AddDays(6)
	done := 0
	for _, c := range w.classes {
		row := &weeklyRow{}
		for _, m := range w.members {
			if m.Class == c.Class && (m.ActiveAt(weekEnd) || m.ActiveAt(w.week)) {
				row.members = append(row.members, m)
			}
		}
		if cr := existing[c.Class]; cr != nil {
			row.rec = *cr
			done++
			row.concerns = strconv.Itoa(cr.Concerns)
			if cr.MemberID != "" && !slices.ContainsFunc(row.members, func(m *casework.CommitteeMember) bool { return m.ID == cr.MemberID }) {
				for _, m := range w.members {
					if m.ID == cr.MemberID {
						row.members = append(row.members, m)
					}
				}
			}
		} else {
			row.rec = casework.ClassReport{Class: c.Class, WeekStart: w.week}
			if len(row.members) > 0 {
				row.rec.MemberID = row.members[0].ID
			}
		}
		w.rows = append(w.rows, row)
	}
	w.loaded = true
	w.status.SetText(tr("groups.weekly.status", map[string]any{"Classes": len(w.rows), "Done": done}))
	w.list.Refresh()
}

// save validates every changed row, then writes them in one go.
func (w *weeklyGrid) save() {
	var recs []casework.Record
	var changed []*weeklyRow
	for _, r := range w.rows {
		if !r.dirty {
			continue
		}
		rec := r.rec // a copy: the row keeps what was typed if saving fails
		rec.Concerns = 0
		if s := strings.TrimSpace(r.concerns); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				w.status.SetText(tr("groups.weekly.err.concerns", map[string]any{"Class": r.rec.Class}))
				return
			}
			rec.Concerns = n
		}
		rec.ConcernNotes = strings.TrimSpace(rec.ConcernNotes)
		rec.Actions = strings.TrimSpace(rec.Actions)
		if err := rec.Validate(casework.Env{}); err != nil {
			msg := err.Error()
			if ves, ok := casework.AsValidationErrors(err); ok && len(ves) > 0 {
				msg = grpFieldMessage(ves[0])
			}
			w.status.SetText(fmt.Sprintf("%s：%s", r.rec.Class, msg))
			return
		}
		recs = append(recs, &rec)
		changed = append(changed, r)
	}
	if len(recs) == 0 {
		w.status.SetText(tr("groups.weekly.nothing"))
		return
	}
	w.status.SetText(tr("groups.weekly.saving"))
	week := w.week
	w.a.d.Go(func() {
		err := w.a.d.Groups.SaveRecords(context.Background(), recs)
		fyne.Do(func() {
			if week != w.week {
				return
			}
			if err != nil {
				if ves, ok := casework.AsValidationErrors(err); ok && len(ves) > 0 {
					w.status.SetText(grpFieldMessage(ves[0]))
					return
				}
				w.status.SetText(errorMessage("save class reports", err))
				return
			}
			for i, r := range changed {
				r.rec = *recs[i].(*casework.ClassReport)
				r.dirty = false
			}
			w.status.SetText(tr("groups.weekly.saved", map[string]any{"N": len(recs), "Week": w.week}))
			w.list.Refresh()
		})
	})
}
