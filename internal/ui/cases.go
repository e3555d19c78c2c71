package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// casesScreen is 个案: the list of cases (open, closed, referred; search by
// case number or student) and the opened case with its sessions.
type casesScreen struct {
	a        *App
	svc      CaseService
	cases    *recordPane
	sessions *sessionsPane
	tabs     *container.AppTabs
	printBtn *widget.Button
	printMsg *widget.Label
}

func (s *casesScreen) release() {
	if s.cases != nil {
		s.cases.release()
	}
}

func newCasesScreen(a *App) Screen {
	svc := a.d.Cases
	if svc == nil {
		return pending{key: "nav.cases"}
	}
	levels := loadLevels(svc)
	s := &casesScreen{a: a, svc: svc}
	var p *recordPane
	spec := paneSpec{
		kind:   casework.KindCase,
		newKey: "cases.case.new",
		blank: func() casework.Record {
			return &casework.Case{ClientKind: casework.ClientKindStudent, OpenedOn: today(a), Status: casework.CaseStatusOpen}
		},
		opts: fieldOpts{
			multi: map[string]bool{"presenting_problem": true, "background": true, "goals": true, "closing_summary": true,
				"profile.family_members": true, "profile.parenting_style": true, "profile.major_events": true,
				"profile.growth_history": true, "profile.health": true, "profile.school_performance": true},
			groups:   caseGroups(),
			readOnly: map[string]bool{"case_no": true},
			hints: map[string]string{
				"case_no":     "cases.case.hint_case_no",
				"client_name": "cases.case.hint_client_name",
				"closed_on":   "cases.case.hint_closed_on",
			},
		},
		cols: []tableCol[casework.Record]{
			recCol(casework.KindCase, "case_no", true, func(c *casework.Case) string { return c.CaseNo }),
			{title: tr("lists.col.client"), key: true, text: func(r casework.Record) string {
				c := r.(*casework.Case)
				if c.Client() == casework.ClientKindStudent {
					return p.studentName(c.StudentID)
				}
				return c.ClientName
			}},
			recCol(casework.KindCase, "status", true, func(c *casework.Case) string {
				st := c.Status
				if st == "" {
					st = casework.CaseStatusOpen
				}
				return enumLabel("case_status", string(st))
			}),
			recCol(casework.KindCase, "opened_on", true, func(c *casework.Case) string { return string(c.OpenedOn) }),
			recCol(casework.KindCase, "problem_types", false, func(c *casework.Case) string {
				var ls []string
				for _, t := range c.ProblemTypes {
					ls = append(ls, enumLabel("problem_type", string(t)))
				}
				return strings.Join(ls, "、")
			}),
		},
		filters: []string{"cases.filter.all", "enum.case_status.open", "enum.case_status.closed", "enum.case_status.referred"},
		filter: func(r casework.Record, i int) bool {
			if i == 0 {
				return true
			}
			st := r.(*casework.Case).Status
			if st == "" {
				st = casework.CaseStatusOpen
			}
			return string(st) == []string{"", "open", "closed", "referred"}[i]
		},
		search: func(r casework.Record, q string) bool {
			c := r.(*casework.Case)
			return strings.Contains(c.CaseNo, q) || strings.Contains(c.ClientName, q) ||
				strings.Contains(p.studentName(c.StudentID), q)
		},
	}
	p = newRecordPane(a, svc, levels, spec)
	s.cases = p
	// closing a case dates it today unless a date is there already
	if st, ok := p.form.byKey["status"].obj.(*widget.Select); ok {
		changed := st.OnChanged
		closedOn := p.form.byKey["closed_on"].entry
		st.OnChanged = func(v string) {
			changed(v)
			if v == enumLabel("case_status", string(casework.CaseStatusClosed)) && !p.form.loading && closedOn.Text == "" {
				closedOn.SetText(string(today(a)))
			}
		}
	}
	s.sessions = newSessionsPane(a, svc, levels)
	p.alsoDirty = s.sessions.pane.dirty
	s.printMsg = widget.NewLabel("")
	s.printMsg.Wrapping = fyne.TextWrapBreak
	s.printBtn = a.act.button(tr("cases.case.print"), theme.DocumentPrintIcon(), s.print)
	p.extra.Add(container.NewVBox(widget.NewSeparator(), container.NewHBox(s.printBtn), s.printMsg))
	p.titleOf = func(r casework.Record) string {
		c := r.(*casework.Case)
		if c.ID == "" {
			return tr("cases.case.new_title")
		}
		return tr("cases.case.title", map[string]any{"No": c.CaseNo})
	}
	p.onOpen = func(r casework.Record, isNew bool) {
		c := r.(*casework.Case)
		s.printMsg.SetText("")
		if isNew {
			s.printBtn.Disable()
			s.tabs.DisableIndex(1)
			s.sessions.setCase(nil)
			return
		}
		s.printBtn.Enable()
		s.tabs.EnableIndex(1)
		s.sessions.setCase(c)
		id := c.ID
		a.d.Go(func() { // opening a case is audited (view_case)
			if err := svc.ViewedCase(context.Background(), id); err != nil {
				fyne.LogError("audit view_case", err)
			}
		})
	}
	p.onSaved = func(r casework.Record) {
		c := r.(*casework.Case)
		s.printBtn.Enable()
		s.tabs.EnableIndex(1)
		if s.sessions.c == nil || s.sessions.c.ID != c.ID {
			s.sessions.setCase(c)
		} else {
			s.sessions.c = c
		}
	}
	s.tabs = container.NewAppTabs(
		container.NewTabItem(tr("cases.tab.case"), container.NewStack()),
		container.NewTabItem(tr("cases.tab.sessions"), s.sessions.view()),
	)
	s.tabs.DisableIndex(1)
	p.reload(nil)
	return s
}

// nonEmpty drops empty strings.
func nonEmpty(ss ...string) []string {
	out := ss[:0:0]
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (s *casesScreen) Content() fyne.CanvasObject {
	caseView := s.cases.view()
	s.tabs.Items[0].Content = caseView
	s.tabs.OnSelected = func(*container.TabItem) { s.a.touched() }
	return container.NewBorder(heading(tr("nav.cases")), nil, nil, nil, s.tabs)
}

// dirty reports unsaved edits on either form.
func (s *casesScreen) dirty() bool { return s.cases.dirty() || s.sessions.pane.dirty() }

func (s *casesScreen) print() {
	c, ok := s.cases.cur.(*casework.Case)
	if !ok || c.ID == "" {
		return
	}
	id := c.ID
	printPDF(s.a, s.cases.pickSave, tr("cases.case.print_file", map[string]any{"No": c.CaseNo}), s.printMsg,
		func(ctx context.Context, path string) error { return s.svc.WriteCaseRecord(ctx, id, path) })
}

// openRecord opens a case or a session (its case first).
func (s *casesScreen) openRecord(kind casework.Kind, id string) {
	switch kind {
	case casework.KindCase:
		s.tabs.SelectIndex(0)
		s.cases.guard(func() { s.cases.openID(id) }, nil)
	case casework.KindSession:
		s.a.d.Go(func() {
			rec, err := s.svc.Record(context.Background(), casework.KindSession, id)
			fyne.Do(func() {
				if err != nil {
					s.cases.msg.SetText(caseErrorMessage("open session", err))
					return
				}
				ses := rec.(*casework.Session)
				s.sessions.pending = ses.ID
				s.cases.guard(func() { s.cases.openID(ses.CaseID) }, nil)
			})
		})
	}
}

// newRecordFor starts a new case of a student.
func (s *casesScreen) newRecordFor(kind casework.Kind, studentID string) {
	if kind != casework.KindCase {
		return
	}
	s.tabs.SelectIndex(0)
	s.cases.guard(func() {
		c := s.cases.spec.blank().(*casework.Case)
		c.StudentID = studentID
		s.cases.startNewWith(c)
		s.cases.form.dirty = true // a new record is not saved yet
	}, nil)
}

// ---- 个别辅导记录 ----

// sessionsPane lists the sessions of the opened case and edits one. The
// private note is shown only here, marked as never printed or exported.
type sessionsPane struct {
	a       *App
	svc     CaseService
	c       *casework.Case
	pane    *recordPane
	number  *widget.Label
	pending string // a session to open once the list is read
	// draft is a session typed before a lock, shown once the list is read.
	draft *paneDraft
	// onDraft runs after the draft is back (the screen shows the tab).
	onDraft func()
}

func newSessionsPane(a *App, svc CaseService, levels []casework.RiskLevel) *sessionsPane {
	sp := &sessionsPane{a: a, svc: svc, number: heading("")}
	var p *recordPane
	spec := paneSpec{
		kind:   casework.KindSession,
		newKey: "cases.session.new",
		blank: func() casework.Record {
			ses := &casework.Session{Date: today(a), DurationMin: 45, Place: casework.SessionPlaceRoom,
				Mode: casework.SessionModeInPerson, Form: casework.SessionFormIndividual, Risk: casework.SessionRiskNone}
			if sp.c != nil {
				ses.CaseID = sp.c.ID
			}
			if n := len(p.all); n > 0 { // the last session's length is the usual one
				ses.DurationMin = p.all[n-1].(*casework.Session).DurationMin
			}
			return ses
		},
		opts: fieldOpts{
			skip:  map[string]bool{"case_id": true},
			multi: map[string]bool{"observations": true, "interventions": true, "assessment": true, "effect": true, "homework": true, "private_note": true},
			hints: map[string]string{
				"private_note":     "cases.session.private_hint",
				"assessment":       "cases.session.assessment_hint",
				"duration_min":     "cases.session.duration_hint",
				"next_appointment": "cases.session.next_hint",
			},
		},
		cols: []tableCol[casework.Record]{
			{title: tr("lists.col.nth"), key: true, text: func(r casework.Record) string {
				return tr("cases.session.nth", map[string]any{"N": sp.ordinal(r.(*casework.Session))})
			}, order: func(a, b casework.Record) int {
				return sp.ordinal(a.(*casework.Session)) - sp.ordinal(b.(*casework.Session))
			}},
			recCol(casework.KindSession, "date", true, func(x *casework.Session) string { return string(x.Date) }),
			recCol(casework.KindSession, "start", true, func(x *casework.Session) string { return string(x.Start) }),
			recCol(casework.KindSession, "duration_min", true, func(x *casework.Session) string {
				return tr("cases.session.minutes", map[string]any{"N": x.DurationMin})
			}),
			recCol(casework.KindSession, "risk", false, func(x *casework.Session) string { return enumLabel("session_risk", string(x.Risk)) }),
		},
		vertical: true,
		// 第N次 counts in the order the sessions took place
		order: func(a, b casework.Record) int {
			x, y := a.(*casework.Session), b.(*casework.Session)
			if c := strings.Compare(string(x.Date), string(y.Date)); c != 0 {
				return c
			}
			if c := strings.Compare(string(x.Start), string(y.Start)); c != 0 {
				return c
			}
			return x.CreatedAt.Compare(y.CreatedAt)
		},
	}
	p = newRecordPane(a, svc, levels, spec)
	sp.pane = p
	p.titleOf = func(r casework.Record) string {
		return tr("cases.session.title", map[string]any{"N": sp.ordinal(r.(*casework.Session))})
	}
	p.onList = func() {
		if d := sp.draft; d != nil {
			sp.draft = nil
			p.restore(d)
			if sp.onDraft != nil {
				sp.onDraft()
			}
			return
		}
		if sp.pending != "" {
			id := sp.pending
			sp.pending = ""
			for _, r := range p.all {
				if r.Base().ID == id {
					p.open(r)
					p.selectCurrent()
				}
			}
		}
	}
	return sp
}

// ordinal is 第N次: the place of ses among the case's sessions by date, or
// the next number for a new one.
func (sp *sessionsPane) ordinal(ses *casework.Session) int {
	for i, r := range sp.pane.all {
		if r.Base().ID == ses.ID && ses.ID != "" {
			return i + 1
		}
	}
	return len(sp.pane.all) + 1
}

func (sp *sessionsPane) view() fyne.CanvasObject { return sp.pane.view() }

// setCase shows the sessions of c (nil: none).
func (sp *sessionsPane) setCase(c *casework.Case) {
	sp.c = c
	sp.pane.close()
	sp.pane.all = nil
	if c == nil {
		sp.pane.scope = RecordFilter{CaseID: "-"}
		sp.pane.applyFilter()
		return
	}
	sp.pane.scope = RecordFilter{CaseID: c.ID}
	sp.pane.reload(nil)
}
