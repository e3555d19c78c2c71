package ui

import (
	"slices"

	"fyne.io/fyne/v2"

	"xinqing/internal/casework"
)

// Changes tells about every committed edit, so that what is on screen
// never shows a figure a save has already changed.
type Changes interface {
	// WatchChanges calls f (from any goroutine) after every committed
	// edit, until stop is called.
	WatchChanges(f func(Change)) (stop func())
}

// Change says which kinds of record an edit touched; none means that
// anything may have changed (a restore, an import).
type Change struct {
	Kinds []casework.Kind
}

// Touches reports whether the change may concern any of kinds.
func (c Change) Touches(kinds ...casework.Kind) bool {
	if len(c.Kinds) == 0 {
		return true
	}
	for _, k := range kinds {
		if slices.Contains(c.Kinds, k) {
			return true
		}
	}
	return false
}

// changeListener is a screen that refreshes what a change touched.
type changeListener interface {
	onChange(c Change)
}

// watchChanges passes every change to the open screen on the Fyne
// goroutine until the shell closes.
func (s *shell) watchChanges() func() {
	if s.a.d.Changes == nil {
		return func() {}
	}
	return s.a.d.Changes.WatchChanges(func(c Change) {
		fyne.Do(func() {
			if s.closed {
				return
			}
			if l, ok := s.current.(changeListener); ok {
				l.onChange(c)
			}
		})
	})
}

// onChange reloads the dashboard: every figure on it may move.
func (d *dashboard) onChange(Change) { d.load() }

// onChange re-reads the month's figures (notes being typed are kept) and
// the self-check.
func (r *reportsScreen) onChange(Change) {
	if r.svc == nil {
		return
	}
	if r.month != "" {
		r.load(r.month)
	}
	if r.sc != nil && r.sc.result != nil {
		r.sc.compute()
	}
}

// onChange re-reads the list, or the records of the open student.
func (s *studentsScreen) onChange(c Change) {
	if s.page == nil {
		if c.Touches(casework.KindStudent) {
			s.reload()
		}
		return
	}
	if !s.page.isNew() {
		s.page.loadRecords()
	}
}

// onChange re-reads each pane's list; the open form is kept.
func (s *casesScreen) onChange(c Change) {
	if c.Touches(casework.KindCase, casework.KindSession, casework.KindStudent) {
		s.cases.reload(nil)
	}
}

func (s *keyStudentsScreen) onChange(c Change) {
	if c.Touches(casework.KindKeyStudent, casework.KindStudent) {
		s.pane.reload(nil)
	}
}

func (s *crisisScreen) onChange(c Change) {
	for _, p := range []*recordPane{s.crises, s.referrals, s.contacts} {
		if c.Touches(p.spec.kind, casework.KindStudent) {
			p.reload(nil)
		}
	}
}
