package ui

import (
	"image/color"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// keyStudentsScreen is 重点学生 (一生一策): the register by level, each
// entry's inclusion, plan, level history (a timeline that only grows),
// follow-ups with the due date by the level's follow_up_days, and release.
type keyStudentsScreen struct {
	a      *App
	svc    CaseService
	pane   *recordPane
	levels []casework.RiskLevel
	due    *widget.Label
	// initial is the required first level of a new key student, asked
	// at the top of the form (the level history below grows later).
	initial    customField
	initialBox *fyne.Container
	initialErr *msgText
	review     *widget.Label
}

func (s *keyStudentsScreen) release() {
	if s.pane != nil {
		s.pane.release()
	}
}

func newKeyStudentsScreen(a *App) Screen {
	svc := a.d.Cases
	if svc == nil {
		return pending{key: "nav.key_students"}
	}
	s := &keyStudentsScreen{a: a, svc: svc, levels: loadLevels(svc)}
	sorted := casework.SortLevels(slices.Clone(s.levels))
	filters := []string{"cases.filter.on_roll"}
	for _, l := range sorted {
		filters = append(filters, "enum.risk_level."+l.Code)
	}
	filters = append(filters, "keystudents.filter.due", "keystudents.filter.released", "cases.filter.all")
	var p *recordPane
	spec := paneSpec{
		kind:   casework.KindKeyStudent,
		newKey: "keystudents.new",
		blank: func() casework.Record {
			return &casework.KeyStudent{IncludedOn: today(a)}
		},
		opts: fieldOpts{
			multi: map[string]bool{"reason_text": true, "initial_interview": true, "plan.goals": true, "plan.measures": true, "release_basis": true, "handover": true},
			hints: map[string]string{
				"levels":      "keystudents.hint_levels",
				"follow_ups":  "keystudents.hint_follow_ups",
				"released_on": "keystudents.hint_released",
			},
		},
		cols: []tableCol[casework.Record]{
			recCol(casework.KindKeyStudent, "student_id", true, func(k *casework.KeyStudent) string { return p.studentName(k.StudentID) }),
			{title: tr("lists.col.level"), key: true, text: func(r casework.Record) string {
				if lv, ok := r.(*casework.KeyStudent).LevelAt(today(a)); ok {
					return levelLabel(s.levels, lv)
				}
				return ""
			}},
			{title: tr("lists.col.state"), key: true, text: func(r casework.Record) string {
				k := r.(*casework.KeyStudent)
				if !k.ReleasedOn.IsZero() {
					return tr("keystudents.released_on", map[string]any{"Date": string(k.ReleasedOn)})
				}
				if s.isDue(k) {
					return tr("keystudents.due")
				}
				if s.reviewPast(k) {
					return tr("lists.key.review_due")
				}
				return ""
			}},
			recCol(casework.KindKeyStudent, "included_on", true, func(k *casework.KeyStudent) string { return string(k.IncludedOn) }),
			recCol(casework.KindKeyStudent, "reason_text", false, func(k *casework.KeyStudent) string { return oneLine(k.ReasonText) }),
		},
		mark: func(r casework.Record) color.Color {
			if lv, ok := r.(*casework.KeyStudent).LevelAt(today(a)); ok {
				if l, ok := casework.LevelByCode(s.levels, lv); ok {
					return parseColor(l.Color)
				}
			}
			return nil
		},
		alert: func(r casework.Record) bool {
			k := r.(*casework.KeyStudent)
			return k.OnRollAt(today(a)) && s.isDue(k)
		},
		filters: filters,
		filter: func(r casework.Record, i int) bool {
			k := r.(*casework.KeyStudent)
			onRoll := k.OnRollAt(today(a))
			switch {
			case i == 0:
				return onRoll
			case i <= len(sorted):
				lv, _ := k.LevelAt(today(a))
				return onRoll && lv == sorted[i-1].Code
			case i == len(sorted)+1:
				return onRoll && s.isDue(k)
			case i == len(sorted)+2:
				return !k.ReleasedOn.IsZero()
			}
			return true
		},
		searchKey: "keystudents.search",
		search: func(r casework.Record, q string) bool {
			return strings.Contains(p.studentName(r.(*casework.KeyStudent).StudentID), q)
		},
	}
	p = newRecordPane(a, svc, s.levels, spec)
	s.pane = p
	s.due = widget.NewLabel("")
	s.due.Wrapping = fyne.TextWrapBreak
	p.extra.Add(s.due)
	s.addInitialLevel()
	p.onOpen = func(r casework.Record, isNew bool) {
		s.showDue(r.(*casework.KeyStudent))
		s.showInitialLevel(isNew && len(r.(*casework.KeyStudent).Levels) == 0)
	}
	p.onSaved = func(r casework.Record) {
		s.showDue(r.(*casework.KeyStudent))
		s.showInitialLevel(false)
	}
	p.titleOf = func(r casework.Record) string {
		k := r.(*casework.KeyStudent)
		if k.ID == "" {
			return tr("keystudents.new_title")
		}
		return tr("keystudents.title", map[string]any{"Name": p.studentName(k.StudentID)})
	}
	p.reload(nil)
	return s
}

// isDue reports a key student whose next follow-up date has come.
func (s *keyStudentsScreen) isDue(k *casework.KeyStudent) bool {
	d, ok := k.FollowUpDue(today(s.a), s.levels)
	return ok && !d.After(today(s.a))
}

func (s *keyStudentsScreen) showDue(k *casework.KeyStudent) {
	d, ok := k.FollowUpDue(today(s.a), s.levels)
	defer s.showReview(k)
	switch {
	case !ok:
		s.due.SetText("")
		s.due.Importance = widget.MediumImportance
	case !d.After(today(s.a)):
		s.due.SetText(tr("keystudents.due_since", map[string]any{"Date": string(d)}))
		s.due.Importance = widget.DangerImportance
	default:
		s.due.SetText(tr("keystudents.due_on", map[string]any{"Date": string(d)}))
		s.due.Importance = widget.MediumImportance
	}
	s.due.Refresh()
}

func (s *keyStudentsScreen) Content() fyne.CanvasObject {
	return container.NewBorder(heading(tr("nav.key_students")), nil, nil, nil, s.pane.view())
}

func (s *keyStudentsScreen) dirty() bool { return s.pane.dirty() }

func (s *keyStudentsScreen) openRecord(kind casework.Kind, id string) {
	if kind == casework.KindKeyStudent {
		s.pane.guard(func() { s.pane.openID(id) }, nil)
	}
}

// newRecordFor starts an inclusion of a student.
func (s *keyStudentsScreen) newRecordFor(kind casework.Kind, studentID string) {
	if kind != casework.KindKeyStudent {
		return
	}
	s.pane.guard(func() {
		k := s.pane.spec.blank().(*casework.KeyStudent)
		k.StudentID = studentID
		s.pane.startNewWith(k)
		s.pane.form.dirty = true
	}, nil)
}

// addInitialLevel puts 初始等级 under the inclusion date of the form; it
// shows for a new key student only and becomes the first entry of the
// level history, dated the inclusion day.
func (s *keyStudentsScreen) addInitialLevel() {
	p := s.pane
	s.initial = levelSelect(s.levels)
	s.initialErr = refusalBlock()
	s.initialErr.Hide()
	item := widget.NewFormItem(tr("lists.key.initial_level")+" *", container.NewVBox(s.initial.obj, s.initialErr))
	item.HintText = tr("lists.key.initial_level_hint")
	*s.initial.onChange = func() { p.form.markDirty() }
	s.initialBox = container.NewVBox(fitForm(widget.NewForm(item)))
	// first under the title: the level is asked before anything else
	p.editor.Objects = slices.Insert(p.editor.Objects, 1, fyne.CanvasObject(s.initialBox))
	p.editor.Refresh()
	p.prepare = func(r casework.Record) bool {
		k := r.(*casework.KeyStudent)
		s.initialErr.Hide()
		if k.ID != "" || len(k.Levels) > 0 {
			return true
		}
		lv := s.initial.get()
		if lv == "" {
			showMsg(s.initialErr, tr("lists.key.initial_level_required"))
			return false
		}
		k.Levels = []casework.LevelEntry{{Date: k.IncludedOn, Level: lv}}
		return true
	}
	p.hideError = func(e casework.FieldError) bool { return e.Key == "levels" && s.initialBox.Visible() }
	p.moreErrors = func() []string {
		if s.initialErr.Visible() {
			return []string{s.initialErr.Text}
		}
		return nil
	}
	s.review = widget.NewLabel("")
	s.review.Wrapping = fyne.TextWrapBreak
	s.review.Importance = widget.DangerImportance
	p.extra.Add(s.review)
}

func (s *keyStudentsScreen) showInitialLevel(show bool) {
	s.initialErr.Hide()
	onChange := *s.initial.onChange
	*s.initial.onChange = nil // emptying it is no edit
	s.initial.set("")
	*s.initial.onChange = onChange
	if show {
		s.initialBox.Show()
	} else {
		s.initialBox.Hide()
	}
}

// reviewPast reports a key student on roll whose plan's 复核日期 has passed.
func (s *keyStudentsScreen) reviewPast(k *casework.KeyStudent) bool {
	return k.ReleasedOn.IsZero() && !k.Plan.ReviewOn.IsZero() && today(s.a).After(k.Plan.ReviewOn)
}

func (s *keyStudentsScreen) showReview(k *casework.KeyStudent) {
	if s.review == nil {
		return
	}
	if s.reviewPast(k) {
		s.review.SetText(tr("lists.key.review_past", map[string]any{"Date": string(k.Plan.ReviewOn)}))
		s.review.Show()
		return
	}
	s.review.Hide()
}
