package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// crisisScreen is 危机与转介: crisis events with their 保密突破记录, the
// referrals and the contact log, one tab each.
type crisisScreen struct {
	a         *App
	svc       CaseService
	crises    *recordPane
	referrals *recordPane
	contacts  *recordPane
	tabs      *container.AppTabs
	warn      *widget.Label
}

func (s *crisisScreen) release() {
	for _, p := range []*recordPane{s.crises, s.referrals, s.contacts} {
		if p != nil {
			p.release()
		}
	}
}

func newCrisisScreen(a *App) Screen {
	svc := a.d.Cases
	if svc == nil {
		return pending{key: "nav.crisis"}
	}
	levels := loadLevels(svc)
	s := &crisisScreen{a: a, svc: svc}
	var p *recordPane
	spec := paneSpec{
		kind:   casework.KindCrisis,
		newKey: "crisis.new",
		blank: func() casework.Record {
			return &casework.Crisis{DiscoveredOn: today(a)}
		},
		opts: fieldOpts{
			multi: map[string]bool{"description": true, "actions": true, "follow_up_plan": true, "conclusion": true},
			hints: map[string]string{
				"description": "crisis.hint_description",
				"disclosures": "crisis.hint_disclosures",
			},
		},
		cols: []tableCol[casework.Record]{
			recCol(casework.KindCrisis, "discovered_on", true, func(x *casework.Crisis) string { return string(x.DiscoveredOn) }),
			recCol(casework.KindCrisis, "student_id", true, func(x *casework.Crisis) string { return p.studentName(x.StudentID) }),
			recCol(casework.KindCrisis, "risk_type", true, func(x *casework.Crisis) string { return enumLabel("risk_type", string(x.RiskType)) }),
			{title: tr("lists.col.state"), key: true, text: func(r casework.Record) string {
				if r.(*casework.Crisis).ClosedOn.IsZero() {
					return tr("crisis.state_open")
				}
				return tr("crisis.state_closed")
			}},
			recCol(casework.KindCrisis, "description", false, func(x *casework.Crisis) string { return oneLine(x.Description) }),
		},
		filters: []string{"cases.filter.all", "crisis.state_open", "crisis.state_closed"},
		filter: func(r casework.Record, i int) bool {
			closed := !r.(*casework.Crisis).ClosedOn.IsZero()
			return i == 0 || (i == 1) != closed
		},
		searchKey: "crisis.search",
		search: func(r casework.Record, q string) bool {
			return strings.Contains(p.studentName(r.(*casework.Crisis).StudentID), q)
		},
	}
	p = newRecordPane(a, svc, levels, spec)
	s.crises = p
	s.warn = widget.NewLabel("")
	s.warn.Wrapping = fyne.TextWrapBreak
	s.warn.Importance = widget.DangerImportance
	p.extra.Add(s.warn)
	p.onOpen = func(r casework.Record, _ bool) { s.showWarning(r.(*casework.Crisis)) }
	p.onSaved = func(r casework.Record) { s.showWarning(r.(*casework.Crisis)) }
	s.referrals = newReferralsPane(a, svc, levels)
	s.contacts = newContactsPane(a, svc, levels)
	s.tabs = container.NewAppTabs(
		container.NewTabItem(tr("crisis.tab.crises"), s.crises.view()),
		container.NewTabItem(tr("crisis.tab.referrals"), s.referrals.view()),
		container.NewTabItem(tr("crisis.tab.contacts"), s.contacts.view()),
	)
	s.tabs.OnSelected = func(*container.TabItem) { a.touched() }
	s.crises.reload(nil)
	s.referrals.reload(nil)
	s.contacts.reload(nil)
	return s
}

// showWarning reminds that telling the guardian must be recorded.
func (s *crisisScreen) showWarning(x *casework.Crisis) {
	if x.ID != "" && !x.GuardianTold() {
		s.warn.SetText(tr("crisis.guardian_not_told"))
		return
	}
	s.warn.SetText("")
}

func (s *crisisScreen) Content() fyne.CanvasObject {
	return container.NewBorder(heading(tr("nav.crisis")), nil, nil, nil, s.tabs)
}

func (s *crisisScreen) dirty() bool {
	return s.crises.dirty() || s.referrals.dirty() || s.contacts.dirty()
}

func (s *crisisScreen) paneOf(kind casework.Kind) (*recordPane, int) {
	switch kind {
	case casework.KindCrisis:
		return s.crises, 0
	case casework.KindReferral:
		return s.referrals, 1
	case casework.KindContact:
		return s.contacts, 2
	}
	return nil, -1
}

func (s *crisisScreen) openRecord(kind casework.Kind, id string) {
	p, tab := s.paneOf(kind)
	if p == nil {
		return
	}
	s.tabs.SelectIndex(tab)
	p.guard(func() { p.openID(id) }, nil)
}

func (s *crisisScreen) newRecordFor(kind casework.Kind, studentID string) {
	p, tab := s.paneOf(kind)
	if p == nil {
		return
	}
	s.tabs.SelectIndex(tab)
	p.guard(func() {
		rec := p.spec.blank()
		switch x := rec.(type) {
		case *casework.Crisis:
			x.StudentID = studentID
		case *casework.Referral:
			x.StudentID = studentID
		case *casework.Contact:
			x.StudentID = studentID
		}
		p.startNewWith(rec)
		p.form.dirty = true
	}, nil)
}
