package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Screen is one page of the main window.
type Screen interface {
	Content() fyne.CanvasObject
}

// screenSpec is one row of the navigation table. A nil build hides the
// entry until the screen exists; later screens plug in here.
type screenSpec struct {
	key   string // translation key of the navigation label
	icon  fyne.Resource
	build func(a *App) Screen
}

func screenTable() []screenSpec {
	return []screenSpec{
		{"nav.workbench", theme.HomeIcon(), newDashboard},
		{"nav.appointments", theme.CalendarIcon(), newAgendaScreen},
		{"nav.students", theme.AccountIcon(), newStudentsScreen},
		{"nav.cases", theme.FolderIcon(), newCasesScreen},
		{"nav.key_students", theme.VisibilityIcon(), newKeyStudentsScreen},
		{"nav.crisis", theme.WarningIcon(), newCrisisScreen},
		{"nav.groups", theme.GridIcon(), newGroupsScreen},
		{"nav.committee", theme.AccountIcon(), newCommitteeScreen},
		{"nav.activities", theme.ListIcon(), newActivitiesScreen},
		{"nav.reports", theme.DocumentIcon(), newReports},
		{"nav.backup", theme.StorageIcon(), newBackup},
		{"nav.settings", theme.SettingsIcon(), newSettings},
	}
}

// visibleScreens is the navigation as shown.
func visibleScreens() []screenSpec {
	var out []screenSpec
	for _, s := range screenTable() {
		if s.build != nil {
			out = append(out, s)
		}
	}
	return out
}

// shell is the main window after unlock: toolbar, navigation, content
// and the save-state status bar.
type shell struct {
	a       *App
	specs   []screenSpec
	nav     *widget.List
	content *fyne.Container
	banner  *fyne.Container
	main    *fyne.Container // banner above content: re-laid out when the banner changes
	// rollback is the warning that the vault went back in time (or nil).
	rollback fyne.CanvasObject
	// notices are lines about the open screen; they go when it does.
	notices []fyne.CanvasObject
	current Screen
	// currentID is the navigation row of current.
	currentID int

	saveText      *canvas.Text
	saveElsewhere *widget.Button
	saveMsg       *widget.Label
	status        *fyne.Container
	stopWatch     func()
	stopChanges   func()
	closed        bool
}

func newShell(a *App, failed int) *shell {
	s := &shell{a: a, specs: visibleScreens(), content: container.NewStack(), banner: container.NewVBox()}
	if failed > 0 {
		s.banner.Add(widget.NewCard("", "", container.NewBorder(nil, nil,
			widget.NewIcon(theme.WarningIcon()),
			a.act.button(tr("shell.dismiss"), theme.ConfirmIcon(), func() {
				s.banner.RemoveAll()
				s.banner.Refresh()
			}),
			widget.NewLabel(tr("shell.failed_attempts", map[string]any{"N": failed})),
		)))
	}
	s.saveText = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	s.saveMsg = widget.NewLabel("")
	s.saveElsewhere = a.act.button(tr("save.elsewhere"), theme.DocumentSaveIcon(), s.onSaveElsewhere)
	s.saveElsewhere.Hide()
	s.setSave(a.d.Vault.SaveState())
	s.stopWatch = a.d.Vault.WatchSaveState(func(st SaveState) {
		fyne.Do(func() {
			if !s.closed {
				s.setSave(st)
			}
		})
	})
	s.stopChanges = s.watchChanges()
	s.nav = widget.NewList(
		func() int { return len(s.specs) },
		func() fyne.CanvasObject {
			// the template holds the longest name, so that the list asks
			// for room to show every name and never shrinks to icons
			return container.NewHBox(widget.NewIcon(theme.HomeIcon()), widget.NewLabel(s.longestName()))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*fyne.Container)
			row.Objects[0].(*widget.Icon).SetResource(s.specs[id].icon)
			row.Objects[1].(*widget.Label).SetText(tr(s.specs[id].key))
		},
	)
	s.nav.OnSelected = func(id widget.ListItemID) {
		a.touched()
		s.leaveTo(id)
	}
	s.nav.Select(0)
	return s
}

// longestName is the widest navigation name.
func (s *shell) longestName() string {
	var best string
	var w float32
	for _, sp := range s.specs {
		n := tr(sp.key)
		if m := fyne.MeasureText(n, theme.TextSize(), fyne.TextStyle{}).Width; m > w {
			best, w = n, m
		}
	}
	return best
}

func (s *shell) view() fyne.CanvasObject {
	a := s.a
	title := widget.NewLabelWithStyle(tr("app.name"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	top := []fyne.CanvasObject{title}
	if a.demo {
		badge := canvas.NewText(tr("demo.badge"), theme.Color(theme.ColorNameError))
		badge.TextStyle = fyne.TextStyle{Bold: true}
		top = append(top, badge)
	}
	lock := a.act.button(tr("shell.lock"), theme.LogoutIcon(), a.lockNow)
	toolbar := container.NewBorder(nil, nil, container.NewHBox(top...), container.NewHBox(a.searchBox(), lock))
	s.status = container.NewBorder(nil, nil, nil, container.NewHBox(s.saveMsg, s.saveElsewhere), s.saveText)
	s.main = container.NewBorder(s.banner, nil, nil, nil, s.content)
	split := container.NewHSplit(s.nav, s.main)
	split.Offset = 0.18
	return container.NewBorder(
		container.NewVBox(toolbar, widget.NewSeparator()),
		container.NewVBox(widget.NewSeparator(), s.status),
		nil, nil, split)
}

// unsaved is a screen that may hold edits not saved yet; the shell asks
// before it drops such a screen for another one.
type unsaved interface{ Unsaved() bool }

// leaveTo opens the screen at id, first asking to discard unsaved edits
// of the current screen; "keep editing" puts the selection back.
func (s *shell) leaveTo(id int) {
	if id == s.currentID && s.current != nil {
		return
	}
	u, ok := s.current.(unsaved)
	if !ok || !u.Unsaved() {
		s.open(id)
		return
	}
	back := s.currentID
	dialog.ShowConfirm(tr("shell.unsaved_title"), tr("shell.unsaved_body"), func(discard bool) {
		if discard {
			s.open(id)
			return
		}
		s.nav.Select(back)
	}, s.a.win)
}

// releaser is a screen that lets go of its records when the shell drops
// it. Fyne keeps the widgets of a dropped screen for up to a minute in
// case they are drawn again, and through their callbacks the screen: on a
// big school the lists of a few screens visited in that minute would add
// up to tens of megabytes.
type releaser interface{ release() }

// open shows the screen at id, dropping the previous one.
func (s *shell) open(id int) {
	if id < 0 || id >= len(s.specs) {
		return
	}
	if r, ok := s.current.(releaser); ok {
		r.release()
	}
	s.current = s.specs[id].build(s.a)
	s.currentID = id
	s.dropNotices()
	s.content.Objects = []fyne.CanvasObject{s.current.Content()}
	s.content.Refresh()
}

// close stops the save-state subscription and drops every screen.
func (s *shell) close() {
	s.closed = true
	if s.stopWatch != nil {
		s.stopWatch()
	}
	if s.stopChanges != nil {
		s.stopChanges()
	}
	if r, ok := s.current.(releaser); ok {
		r.release()
	}
	s.current = nil
	s.content.RemoveAll()
}

func (s *shell) setSave(st SaveState) {
	fg := theme.Color(theme.ColorNameForeground)
	s.saveElsewhere.Hide()
	switch st.Status {
	case Saved:
		s.saveText.Text = tr("save.saved", map[string]any{"Time": st.At.Format("15:04:05")})
	case Saving:
		s.saveText.Text = tr("save.saving")
	case SaveFailed:
		s.saveText.Text = saveFailure(st.Err)
		fg = theme.Color(theme.ColorNameError)
		s.saveElsewhere.Show()
	default:
		s.saveText.Text = tr("save.idle")
	}
	s.saveText.Color = fg
	s.saveText.Refresh()
	if s.status != nil {
		s.status.Refresh() // the button's appearance changes the layout
	}
}

func (s *shell) onSaveElsewhere() {
	pickFolder(s.a.win, s.saveTo)
}

// saveTo writes a sealed copy to dir in the background.
func (s *shell) saveTo(dir string) {
	s.saveMsg.SetText(tr("save.elsewhere_running"))
	s.a.d.Go(func() {
		err := s.a.d.Vault.SaveElsewhere(context.Background(), dir)
		fyne.Do(func() {
			if s.closed {
				return
			}
			if err != nil {
				s.saveMsg.SetText(errorMessage("save elsewhere", err))
				return
			}
			s.saveMsg.SetText(tr("save.elsewhere_done", map[string]any{"Dir": dir}))
			s.status.Refresh()
		})
	})
}

// ---- screens ----

// workbench is the start page: the school, and the session settings.
type workbench struct {
	a      *App
	school *widget.Label
}

func newWorkbench(a *App) Screen {
	w := &workbench{a: a, school: heading("")}
	a.d.Go(func() {
		sc, err := a.d.Settings.School(context.Background())
		fyne.Do(func() {
			if err != nil {
				w.school.SetText(errorMessage("read school profile", err))
				return
			}
			w.school.SetText(sc.Name)
		})
	})
	return w
}

func (w *workbench) Content() fyne.CanvasObject {
	var opts []string
	var mins []int
	for _, m := range []int{1, 2, 3, 5, 10, 15, 20, 30} {
		mins = append(mins, m)
		opts = append(opts, tr("workbench.minutes", map[string]any{"N": m}))
	}
	idle := widget.NewSelect(opts, nil)
	cur := int(w.a.idleTimeout().Minutes())
	for i, m := range mins {
		if m == cur {
			idle.SetSelectedIndex(i)
		}
	}
	idle.OnChanged = func(string) { w.onIdleChanged(mins[idle.SelectedIndex()]) }
	langs := []string{tr("lang.zh"), tr("lang.en")}
	lang := widget.NewSelect(langs, nil)
	if w.a.language() == LangEnglish {
		lang.SetSelectedIndex(1)
	} else {
		lang.SetSelectedIndex(0)
	}
	lang.OnChanged = func(string) { w.onLanguageChanged(lang.SelectedIndex()) }
	settings := widget.NewCard(tr("workbench.session"), "", container.NewVBox(
		container.NewHBox(widget.NewLabel(tr("workbench.idle_lock")), idle),
		container.NewHBox(widget.NewLabel(tr("setup.welcome.language")), lang),
	))
	return newVScroll(container.NewVBox(
		w.school,
		paragraph(tr("workbench.body")),
		settings,
	))
}

func (w *workbench) onIdleChanged(m int) {
	w.a.touched()
	w.a.setIdleMinutes(m)
}

func (w *workbench) onLanguageChanged(i int) {
	code := LangChinese
	if i == 1 {
		code = LangEnglish
	}
	w.a.setLanguage(code, func() { w.a.showShell(0) })
}

// pending is a navigation entry whose records are not in the app yet.
type pending struct{ key string }

func pendingScreen(key string) func(*App) Screen {
	return func(*App) Screen { return pending{key: key} }
}

func (p pending) Content() fyne.CanvasObject {
	return container.NewVBox(heading(tr(p.key)), paragraph(tr("screen.pending")))
}
