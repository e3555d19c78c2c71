package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"xinqing/internal/casework"
)

// activitiesScreen is 活动与日志: education activities, duty days,
// visits, mailbox openings, screenings and the month notes (the text
// parts of the return), one tab each, every tab a list with
// add/edit/delete.
type activitiesScreen struct {
	a    *App
	tabs []*activityTab
}

func (s *activitiesScreen) release() {
	for _, t := range s.tabs {
		t.ed.release()
	}
}

type activityTab struct {
	title string
	ed    *grpEditor
	// opened is true once the tab's list was built and loaded.
	opened bool
}

func newActivitiesScreen(a *App) Screen {
	s := &activitiesScreen{a: a}
	today := func() casework.Date { return casework.DateOf(a.d.Clock.Now()) }
	add := func(kind casework.Kind, fresh func() casework.Record, line func(casework.Record) string) {
		ed := newGrpEditor(a, a.d.Groups, kind)
		ed.fresh = fresh
		ed.line = line
		ed.form = func(rec casework.Record) *grpParts { return &grpParts{form: newGrpForm(a.act, rec)} }
		s.tabs = append(s.tabs, &activityTab{title: tr("record." + string(kind)), ed: ed})
	}
	add(casework.KindActivity,
		func() casework.Record {
			return &casework.Activity{Kind: casework.ActivityKindLesson, Date: today(), Classes: 1, Lessons: 1}
		},
		func(r casework.Record) string {
			x := r.(*casework.Activity)
			return fmt.Sprintf("%s  %s  %s  %s", x.Date, grpEnumLabel("activity_kind", string(x.Kind)), x.Title,
				tr("groups.activities.line", map[string]any{"Lessons": x.Lessons, "Participants": x.Participants}))
		})
	add(casework.KindDutyDay,
		func() casework.Record { return &casework.DutyDay{Date: today()} },
		func(r casework.Record) string {
			x := r.(*casework.DutyDay)
			return fmt.Sprintf("%s  %s  %s", x.Date, x.OpenHours, x.OnDuty)
		})
	add(casework.KindVisit,
		func() casework.Record {
			return &casework.Visit{Date: today(), VisitorType: casework.VisitorTypeStudent, Method: casework.VisitMethodWalkIn}
		},
		func(r casework.Record) string {
			x := r.(*casework.Visit)
			return fmt.Sprintf("%s %s  %s  %s  %s", x.Date, x.Time, grpEnumLabel("visitor_type", string(x.VisitorType)),
				grpEnumLabel("visit_method", string(x.Method)), x.Category)
		})
	add(casework.KindMailbox,
		func() casework.Record { return &casework.Mailbox{OpenedOn: today()} },
		func(r casework.Record) string {
			x := r.(*casework.Mailbox)
			return fmt.Sprintf("%s  %s", x.OpenedOn, tr("groups.activities.letters", map[string]any{"N": x.Letters}))
		})
	add(casework.KindScreening,
		func() casework.Record { return &casework.Screening{DateTo: today()} },
		func(r casework.Record) string {
			x := r.(*casework.Screening)
			return fmt.Sprintf("%s  %s  %s", x.DateTo, x.Name, tr("groups.activities.screening_line",
				map[string]any{"Expected": x.Expected, "Tested": x.Tested, "Flagged": x.Flagged, "Confirmed": x.Confirmed}))
		})
	screeningButtons(a, s.tabs[len(s.tabs)-1].ed) // 排查名单, 纸质录入
	addResultsImport(a, s.tabs[len(s.tabs)-1].ed)
	add(casework.KindMonthNotes,
		func() casework.Record { return &casework.MonthNotes{Month: s.freeMonth()} },
		func(r casework.Record) string {
			x := r.(*casework.MonthNotes)
			return fmt.Sprintf("%s  %s", x.Month, tr("groups.activities.training_hours", map[string]any{"N": x.TrainingHours}))
		})
	// 问题类别 offers the categories of earlier visits
	for _, t := range s.tabs {
		if t.ed.kind != casework.KindVisit {
			continue
		}
		ed := t.ed
		ed.form = func(rec casework.Record) *grpParts {
			f := newGrpForm(a.act, rec)
			var vs []string
			for _, r := range ed.records {
				vs = append(vs, r.(*casework.Visit).Category)
			}
			grpSuggest(f, "category", vs)
			return &grpParts{form: f}
		}
	}
	return s
}

// freeMonth is the month a new 月报文字 is for: this month when it has
// no notes yet, else the latest month before it without notes (the notes
// of a month are written early in the next), else the next month.
func (s *activitiesScreen) freeMonth() casework.Month {
	have := map[casework.Month]bool{}
	for _, t := range s.tabs {
		if t.ed.kind != casework.KindMonthNotes {
			continue
		}
		for _, r := range t.ed.records {
			have[r.(*casework.MonthNotes).Month] = true
		}
	}
	now := casework.MonthOf(s.a.d.Clock.Now())
	m := now
	for range 12 {
		if !have[m] {
			return m
		}
		m = m.Prev()
	}
	for m = now.Next(); have[m]; m = m.Next() {
	}
	return m
}

func (s *activitiesScreen) Content() fyne.CanvasObject {
	var items []*container.TabItem
	for _, t := range s.tabs {
		items = append(items, container.NewTabItem(t.title, t.ed.root))
	}
	tabs := container.NewAppTabs(items...)
	open := func(i int) {
		if i < 0 || i >= len(s.tabs) || s.tabs[i].opened {
			return
		}
		s.tabs[i].opened = true
		s.tabs[i].ed.content()
	}
	tabs.OnSelected = func(*container.TabItem) {
		s.a.touched()
		open(tabs.SelectedIndex())
	}
	open(0)
	return tabs
}

// Unsaved reports edits in the form open on any tab.
func (s *activitiesScreen) Unsaved() bool {
	for _, t := range s.tabs {
		if t.ed != nil && t.ed.unsaved() {
			return true
		}
	}
	return false
}
