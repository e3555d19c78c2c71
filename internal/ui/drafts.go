package ui

import (
	"reflect"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// drafter is a screen that hands over its unsaved edits before a lock
// and takes them back after the unlock. The draft is kept in this
// process's memory only, never written anywhere: locking must not lose
// typing, and plaintext must not reach the disk.
type drafter interface {
	// Draft is the unsaved edit, nil when there is none.
	Draft() any
	// RestoreDraft shows d (from Draft of the same screen type) again,
	// still unsaved.
	RestoreDraft(d any)
}

// heldDraft is a screen's draft across a lock.
type heldDraft struct {
	dir  string // the vault it belongs to
	key  string // navigation key of the screen
	data any
}

// keepDraft asks the current screen for its unsaved edits before the
// shell is dropped by a lock.
func (a *App) keepDraft() {
	a.draft = nil
	s := a.shell
	if s == nil || s.current == nil || s.currentID >= len(s.specs) {
		return
	}
	if u, ok := s.current.(unsaved); ok && !u.Unsaved() {
		return
	}
	d, ok := s.current.(drafter)
	if !ok {
		return
	}
	if data := d.Draft(); data != nil {
		a.draft = &heldDraft{dir: a.dir, key: s.specs[s.currentID].key, data: data}
	}
}

// restoreDraft reopens the screen that held a draft before the lock,
// with the draft, and says so. A draft of another vault is dropped.
func (a *App) restoreDraft() {
	d := a.draft
	a.draft = nil
	s := a.shell
	if d == nil || s == nil || d.dir != a.dir {
		return
	}
	for i, sp := range s.specs {
		if sp.key != d.key {
			continue
		}
		s.nav.Select(i)
		if dr, ok := s.current.(drafter); ok && s.currentID == i {
			dr.RestoreDraft(d.data)
			s.notice(tr("draft.restored"))
		}
		return
	}
}

// notice shows a dismissable line above the screen.
func (s *shell) notice(text string) {
	var card *widget.Card
	card = widget.NewCard("", "", container.NewBorder(nil, nil,
		widget.NewIcon(theme.InfoIcon()),
		s.a.act.button(tr("shell.dismiss"), theme.ConfirmIcon(), func() {
			s.banner.Remove(card)
			s.relayout()
		}),
		widget.NewLabel(text),
	))
	s.banner.Add(card)
	s.notices = append(s.notices, card)
	s.relayout()
}

// dropNotices removes the lines about the screen that was open.
func (s *shell) dropNotices() {
	if len(s.notices) == 0 {
		return
	}
	for _, n := range s.notices {
		s.banner.Remove(n)
	}
	s.notices = nil
	s.relayout()
}

// hasUnsaved reports edits that closing the window would lose: on the
// open screen, or held from before a lock.
func (a *App) hasUnsaved() bool {
	if a.draft != nil {
		return true
	}
	if a.shell == nil {
		return false
	}
	u, ok := a.shell.current.(unsaved)
	return ok && u.Unsaved()
}

// confirmClose asks before closing a window with unsaved edits.
func (a *App) confirmClose(then func()) {
	dialog.ShowConfirm(tr("exit.unsaved_title"), tr("exit.unsaved_body"), func(ok bool) {
		if ok {
			a.draft = nil
			then()
		}
	}, a.win)
}

// ---- the casework panes ----

// paneDraft is the form of a record pane: the record with what was
// typed, and which pane it belongs to.
type paneDraft struct {
	kind casework.Kind
	rec  casework.Record
}

// draft is the open record with the form's contents, nil when clean.
func (p *recordPane) draft() *paneDraft {
	if p.cur == nil || !p.form.dirty {
		return nil
	}
	rec := casework.NewRecord(p.spec.kind)
	reflect.ValueOf(rec).Elem().Set(reflect.ValueOf(p.cur).Elem())
	p.form.collect(rec) // a field that does not parse keeps its stored value
	return &paneDraft{kind: p.spec.kind, rec: rec}
}

// restore opens d's record with the typed contents, still unsaved.
func (p *recordPane) restore(d *paneDraft) {
	if d.rec.Base().ID == "" {
		p.startNewWith(d.rec)
	} else {
		p.open(d.rec)
		p.selectCurrent()
	}
	p.form.dirty = true
	p.msg.SetText(tr("cases.unsaved"))
}

// sessionDraft is a session being typed, with the case it belongs to.
type sessionDraft struct {
	caseID string
	d      *paneDraft
}

// Draft is the case, or else the session, being edited.
func (s *casesScreen) Draft() any {
	if d := s.cases.draft(); d != nil {
		return d
	}
	if d := s.sessions.pane.draft(); d != nil && s.sessions.c != nil {
		return &sessionDraft{caseID: s.sessions.c.ID, d: d}
	}
	return nil
}

// RestoreDraft reopens the case, or the case and then its session.
func (s *casesScreen) RestoreDraft(d any) {
	switch x := d.(type) {
	case *paneDraft:
		if x.kind == casework.KindCase {
			s.tabs.SelectIndex(0)
			s.cases.restore(x)
		}
	case *sessionDraft:
		s.sessions.draft = x.d
		s.sessions.onDraft = func() { s.tabs.SelectIndex(1) }
		s.tabs.SelectIndex(0)
		s.cases.openID(x.caseID) // opening the case reads its sessions, then the draft shows
	}
}

// Draft is the key-student record being edited.
func (s *keyStudentsScreen) Draft() any {
	if d := s.pane.draft(); d != nil {
		return d
	}
	return nil
}

// RestoreDraft reopens the key-student record.
func (s *keyStudentsScreen) RestoreDraft(d any) {
	if pd, ok := d.(*paneDraft); ok && pd.kind == s.pane.spec.kind {
		s.pane.restore(pd)
	}
}

// Draft is the crisis, referral or contact being edited.
func (s *crisisScreen) Draft() any {
	for _, p := range []*recordPane{s.crises, s.referrals, s.contacts} {
		if d := p.draft(); d != nil {
			return d
		}
	}
	return nil
}

// RestoreDraft reopens the record on its tab.
func (s *crisisScreen) RestoreDraft(d any) {
	pd, ok := d.(*paneDraft)
	if !ok {
		return
	}
	if p, tab := s.paneOf(pd.kind); p != nil {
		s.tabs.SelectIndex(tab)
		p.restore(pd)
	}
}

// ---- the student page ----

// studentDraft is the student page's form: the stored student and the
// typed one.
type studentDraft struct {
	stored, typed *casework.Student
}

// Draft is the student being edited.
func (s *studentsScreen) Draft() any {
	if s.page == nil || !s.page.form.dirty {
		return nil
	}
	typed, _ := s.page.form.value()
	stored := *s.page.st
	return &studentDraft{stored: &stored, typed: typed}
}

// RestoreDraft reopens the student page with the typed fields.
func (s *studentsScreen) RestoreDraft(d any) {
	sd, ok := d.(*studentDraft)
	if !ok {
		return
	}
	p := newStudentPage(s, sd.stored)
	p.form = newStudentForm(s.a, sd.typed, p.save)
	p.form.dirty = true
	p.editing = true
	s.showPage(p)
}

// RequestClose is what the window's close button does: ask when edits
// would be lost, then save, lock and close.
func (a *App) RequestClose() { a.onClose() }
