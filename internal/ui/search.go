package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// SearchService finds students and records anywhere in the vault: the
// search box of the top bar (Ctrl+F). Optional.
type SearchService interface {
	// Search finds at most limit students (name, pinyin, initials or
	// 学籍号) and at most limit records whose text holds q.
	Search(ctx context.Context, q string, limit int) (SearchResult, error)
}

// SearchResult is what a search found.
type SearchResult struct {
	Students []casework.Student
	Records  []SearchHit
}

// SearchHit is one record whose text holds the query.
type SearchHit struct {
	Kind casework.Kind
	ID   string
	// Student names the record's student (name and class), "" when none.
	Student   string
	StudentID string
	// Snippet quotes the text around the match (【】 marks it); empty
	// when the match is in a private note, which is never quoted.
	Snippet       string
	InPrivateNote bool
}

// searchLimit is how many students and records a global search shows.
const searchLimit = 50

func searchShortcut() *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
}

// searchBox is the search field of the top bar; Enter (or Ctrl+F from
// anywhere, which focuses it) opens the results.
func (a *App) searchBox() fyne.CanvasObject {
	e := newEntry(a.act)
	e.SetPlaceHolder(tr("lists.global.placeholder"))
	e.OnSubmitted = func(q string) { a.showSearch(q) }
	a.searchEntry = e
	btn := a.act.button("", theme.SearchIcon(), func() { a.showSearch(e.Text) })
	return container.NewBorder(nil, nil, nil, btn, container.New(&minWidth{w: 220}, e))
}

// focusSearch is Ctrl+F: the top bar's search field gets the focus.
func (a *App) focusSearch() {
	if a.shell == nil || a.searchEntry == nil {
		return
	}
	a.win.Canvas().Focus(a.searchEntry)
}

// searchKinds is the order of the result groups.
var searchKinds = []casework.Kind{casework.KindCase, casework.KindSession, casework.KindKeyStudent, casework.KindCrisis,
	casework.KindReferral, casework.KindContact, casework.KindGroupSession, casework.KindCommitteeMember,
	casework.KindClassReport, casework.KindActivity, casework.KindScreening, casework.KindMonthNotes}

// showSearch runs the search and shows the results grouped by kind;
// each result opens its record.
func (a *App) showSearch(q string) {
	q = strings.TrimSpace(q)
	if q == "" || a.shell == nil {
		return
	}
	svc := a.d.Search
	body := container.NewVBox()
	status := widget.NewLabel(tr("lists.global.searching"))
	status.Wrapping = fyne.TextWrapWord
	d := newSearchDialog(a, q, status, body)
	if svc == nil {
		status.SetText(tr("err.not_available"))
		return
	}
	a.d.Go(func() {
		res, err := svc.Search(context.Background(), q, searchLimit)
		fyne.Do(func() {
			if err != nil {
				status.SetText(errorMessage("search", err))
				return
			}
			a.fillSearch(d, body, status, res)
		})
	})
}

// fillSearch lays the results out: students first, then each kind.
func (a *App) fillSearch(d *searchDialog, body *fyne.Container, status *widget.Label, res SearchResult) {
	n := len(res.Students) + len(res.Records)
	if n == 0 {
		status.SetText(tr("lists.global.none"))
		return
	}
	status.SetText(tr("lists.global.count", map[string]any{"N": n}))
	open := func(kind casework.Kind, id string) func() {
		return func() {
			d.hide()
			if kind == casework.KindGroupSession {
				a.openGroupSession(id)
				return
			}
			a.openAnyRecord(kind, id)
		}
	}
	group := func(title string, n int) {
		body.Add(widget.NewLabelWithStyle(tr("lists.global.group", map[string]any{"What": title, "N": n}),
			fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	if len(res.Students) > 0 {
		group(tr("record."+string(casework.KindStudent)), len(res.Students))
		for _, s := range res.Students {
			text := studentText(s)
			if s.StudentNo != "" {
				text += "  " + s.StudentNo
			}
			body.Add(searchRow(a, text, open(casework.KindStudent, s.ID)))
		}
	}
	byKind := map[casework.Kind][]SearchHit{}
	for _, h := range res.Records {
		byKind[h.Kind] = append(byKind[h.Kind], h)
	}
	for _, k := range searchKinds {
		hits := byKind[k]
		if len(hits) == 0 {
			continue
		}
		group(tr("record."+string(k)), len(hits))
		for _, h := range hits {
			text := h.Snippet
			if h.InPrivateNote {
				text = tr("lists.global.in_private")
			}
			if h.Student != "" {
				text = h.Student + "  " + text
			}
			var act func()
			if a.canOpenSearchHit(h.Kind) {
				act = open(h.Kind, h.ID)
			} else if h.StudentID != "" {
				act = open(casework.KindStudent, h.StudentID)
			}
			body.Add(searchRow(a, text, act))
		}
	}
	body.Refresh()
}

// canOpenSearchHit reports whether a record of kind opens on its own
// screen (the others open their student's page).
func (a *App) canOpenSearchHit(kind casework.Kind) bool { return opensOnItsScreen(kind) }

// searchRow is one result: a button that opens it, or a plain line.
func searchRow(a *App, text string, open func()) fyne.CanvasObject {
	if open == nil {
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	b := a.act.button(text, theme.NavigateNextIcon(), open)
	b.Alignment = widget.ButtonAlignLeading
	b.Importance = widget.LowImportance
	return b
}

// searchDialog holds the results over the window.
type searchDialog struct {
	pop *widget.PopUp
}

func (d *searchDialog) hide() { d.pop.Hide() }

func newSearchDialog(a *App, q string, status *widget.Label, body *fyne.Container) *searchDialog {
	d := &searchDialog{}
	title := widget.NewLabelWithStyle(tr("lists.global.title", map[string]any{"Q": q}), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	closeBtn := a.act.button(tr("lists.global.close"), theme.CancelIcon(), func() { d.hide() })
	content := container.NewBorder(container.NewVBox(container.NewBorder(nil, nil, nil, closeBtn, title), status),
		nil, nil, nil, newVScroll(body))
	d.pop = widget.NewModalPopUp(content, a.win.Canvas())
	size := a.win.Canvas().Size()
	d.pop.Resize(fyne.NewSize(min(720, size.Width-40), min(560, size.Height-40)))
	d.pop.Show()
	return d
}

// minWidth gives its single child at least w.
type minWidth struct{ w float32 }

func (m *minWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := objs[0].MinSize()
	return fyne.NewSize(max(s.Width, m.w), s.Height)
}

func (m *minWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}
