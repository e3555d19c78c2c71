package ui

import "xinqing/internal/casework"

// openGroupSession shows the 团体辅导 screen with the group session id
// open in its form (a search hit on a group record opens the record, not
// the page of one of its students).
func (a *App) openGroupSession(id string) {
	s := a.shell
	if s == nil {
		return
	}
	g, ok := s.current.(*groupsScreen)
	if !ok {
		for i, spec := range s.specs {
			if spec.key == "nav.groups" {
				s.nav.Select(i) // asks first when the current form has changes
				break
			}
		}
		if g, ok = s.current.(*groupsScreen); !ok {
			return
		}
	}
	g.ed.openByID(id)
}

// openByID opens the record with id, now when the list holds it or as
// soon as the list is loaded.
func (e *grpEditor) openByID(id string) {
	for _, r := range e.records {
		if r.Base().ID == id {
			e.pending = ""
			e.open(r)
			return
		}
	}
	e.pending = id
}

// openPending opens the record asked for before the list was loaded.
func (e *grpEditor) openPending() {
	if id := e.pending; id != "" {
		e.pending = ""
		for _, r := range e.records {
			if r.Base().ID == id {
				e.open(r)
				return
			}
		}
	}
}

// opensOnItsScreen reports whether a search hit of kind opens its record
// (the others open their student's page).
func opensOnItsScreen(kind casework.Kind) bool {
	return navKeyOf(kind) != "" || kind == casework.KindGroupSession
}
