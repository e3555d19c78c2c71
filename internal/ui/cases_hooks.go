package ui

import (
	"xinqing/internal/casework"
)

// recordScreen is a casework screen that other screens (the student
// page) can ask to open or start a record.
type recordScreen interface {
	Screen
	openRecord(kind casework.Kind, id string)
	newRecordFor(kind casework.Kind, studentID string)
	dirty() bool
}

// navKeyOf is the navigation entry of the screen that edits kind.
func navKeyOf(kind casework.Kind) string {
	switch kind {
	case casework.KindCase, casework.KindSession:
		return "nav.cases"
	case casework.KindKeyStudent:
		return "nav.key_students"
	case casework.KindCrisis, casework.KindReferral, casework.KindContact:
		return "nav.crisis"
	}
	return ""
}

// showRecordScreen switches the shell to the screen of kind and returns
// it, or nil when that screen is not available.
func (a *App) showRecordScreen(kind casework.Kind) recordScreen {
	s := a.shell
	key := navKeyOf(kind)
	if s == nil || key == "" {
		return nil
	}
	for i, spec := range s.specs {
		if spec.key != key {
			continue
		}
		if screenKey(s.current) == key {
			return s.current.(recordScreen)
		}
		s.nav.Select(i)
		rs, _ := s.current.(recordScreen)
		return rs
	}
	return nil
}

// openRecord shows the record of kind with id (case, session, key
// student, crisis, referral or contact) on its screen.
func (a *App) openRecord(kind casework.Kind, id string) {
	if rs := a.showRecordScreen(kind); rs != nil {
		rs.openRecord(kind, id)
	}
}

// newRecordFor starts a new record of kind for the student with
// studentID on its screen (case, key student, crisis, referral, contact).
func (a *App) newRecordFor(kind casework.Kind, studentID string) {
	if rs := a.showRecordScreen(kind); rs != nil {
		rs.newRecordFor(kind, studentID)
	}
}

// screenKey is the navigation key of a casework screen, "" for others.
func screenKey(sc Screen) string {
	switch sc.(type) {
	case *casesScreen:
		return "nav.cases"
	case *keyStudentsScreen:
		return "nav.key_students"
	case *crisisScreen:
		return "nav.crisis"
	}
	return ""
}

// CasesScreen, KeyStudentsScreen and CrisisScreen are the casework
// screens on a, for tests that drive them through the real services.
func CasesScreen(a *App) Screen { return newCasesScreen(a) }

// KeyStudentsScreen is the 重点学生 screen on a (see CasesScreen).
func KeyStudentsScreen(a *App) Screen { return newKeyStudentsScreen(a) }

// CrisisScreen is the 危机与转介 screen on a (see CasesScreen).
func CrisisScreen(a *App) Screen { return newCrisisScreen(a) }

// Unsaved lets the shell ask before it drops a casework screen with
// unsaved edits in one of its forms.
func (s *casesScreen) Unsaved() bool       { return s.dirty() }
func (s *keyStudentsScreen) Unsaved() bool { return s.dirty() }
func (s *crisisScreen) Unsaved() bool      { return s.dirty() }
