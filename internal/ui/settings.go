package ui

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"net/url"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// settingsScreen is 设置: the school profile, the risk levels, the
// terms, the session, the passphrase and recovery sheet, where the vault
// lives, and the Excel roster import and list export.
type settingsScreen struct {
	a   *App
	svc ReportsService

	school    *schoolForm
	schoolMsg *widget.Label

	levels    []*levelRow
	inUse     map[string]bool
	levelBox  *fyne.Container
	levelMsg  *widget.Label
	terms     []*termRow
	termBox   *fyne.Container
	termMsg   *widget.Label
	loadedSet bool

	// edits not saved yet, per form
	schoolDirty, levelsDirty, termsDirty bool

	roster *rosterTab
	year   *yearTab // 学年, with the school-year service
}

func newSettings(a *App) Screen {
	s := &settingsScreen{a: a, svc: a.d.Reports, school: newSchoolForm(a.act), schoolMsg: errorBlock(),
		levelBox: container.NewVBox(), levelMsg: errorBlock(), termBox: container.NewVBox(), termMsg: errorBlock()}
	s.roster = newRosterTab(a)
	return s
}

// Unsaved reports edits of the school, the levels or the terms not saved
// yet (the shell asks before leaving).
func (s *settingsScreen) Unsaved() bool { return s.schoolDirty || s.levelsDirty || s.termsDirty }

func (s *settingsScreen) Content() fyne.CanvasObject {
	tabs := container.NewAppTabs(
		container.NewTabItem(tr("settings.tab.school"), s.schoolView()),
	)
	if s.svc != nil {
		tabs.Append(container.NewTabItem(tr("settings.tab.levels"), s.levelsView()))
		tabs.Append(container.NewTabItem(tr("settings.tab.terms"), s.termsView()))
	}
	tabs.Append(container.NewTabItem(tr("settings.tab.session"), s.sessionView()))
	if s.svc != nil {
		tabs.Append(container.NewTabItem(tr("settings.tab.security"), s.securityView()))
		tabs.Append(container.NewTabItem(tr("settings.tab.roster"), s.roster.view()))
		s.load()
	}
	if s.a.d.Years != nil {
		s.year = newYearTab(s.a)
		tabs.Append(container.NewTabItem(tr("settings.tab.year"), s.year.view()))
	}
	tabs.OnSelected = func(*container.TabItem) { s.a.touched() }
	return tabs
}

// ---- school ----

func (s *settingsScreen) schoolView() fyne.CanvasObject {
	s.a.d.Go(func() {
		sc, err := s.a.d.Settings.School(context.Background())
		fyne.Do(func() {
			if err != nil {
				setError(s.schoolMsg, errorMessage("read school profile", err))
				return
			}
			s.school.set(sc)
			for _, fl := range s.school.order {
				if e, ok := fl.in.(*entry); ok {
					e.OnChanged = func(string) { s.schoolDirty = true }
				}
			}
		})
	})
	save := s.a.act.button(tr("settings.save"), theme.DocumentSaveIcon(), s.onSaveSchool)
	save.Importance = widget.HighImportance
	return page(720, s.school.view(), s.school.status, s.schoolMsg, container.NewHBox(layout.NewSpacer(), save))
}

func (s *settingsScreen) onSaveSchool() {
	sc, ok := s.school.validate()
	if !ok {
		setError(s.school.status, tr("school.fix_errors"))
		return
	}
	setError(s.school.status, "")
	s.a.d.Go(func() {
		err := s.a.d.Settings.SaveSchool(context.Background(), sc)
		fyne.Do(func() {
			if err != nil {
				setError(s.schoolMsg, errorMessage("save school profile", err))
				return
			}
			s.schoolDirty = false
			s.schoolMsg.Importance = widget.SuccessImportance
			s.schoolMsg.SetText(tr("settings.saved"))
		})
	})
}

// ---- risk levels and terms ----

func (s *settingsScreen) load() {
	s.a.d.Go(func() {
		lv, inUse, err := s.svc.RiskLevels(context.Background())
		ts, terr := s.svc.Terms(context.Background())
		fyne.Do(func() {
			if err != nil {
				setError(s.levelMsg, errorMessage("read risk levels", err))
			} else {
				s.inUse = inUse
				s.levels = nil
				for _, l := range lv {
					s.levels = append(s.levels, s.newLevelRow(l))
				}
				s.rebuildLevels()
			}
			if terr != nil {
				setError(s.termMsg, errorMessage("read terms", terr))
			} else {
				s.terms = nil
				for _, t := range ts {
					s.terms = append(s.terms, s.newTermRow(t))
				}
				s.rebuildTerms()
			}
			s.loadedSet = true
		})
	})
}

// levelColors are the colours offered for a level.
var levelColors = []struct{ key, hex string }{
	{"red", "#D32F2F"}, {"orange", "#F57C00"}, {"yellow", "#FBC02D"}, {"blue", "#1976D2"},
	{"green", "#388E3C"}, {"purple", "#7B1FA2"}, {"grey", "#616161"},
}

type levelRow struct {
	lv                casework.RiskLevel
	label, days       *entry
	colour            *widget.Select
	swatch            *canvas.Rectangle
	labelErr, daysErr *widget.Label
}

func parseHex(h string) color.Color {
	var r, g, b uint8
	if _, err := fmt.Sscanf(h, "#%02x%02x%02x", &r, &g, &b); err != nil {
		return color.Gray{Y: 128}
	}
	return color.NRGBA{R: r, G: g, B: b, A: 255}
}

func (s *settingsScreen) newLevelRow(l casework.RiskLevel) *levelRow {
	r := &levelRow{lv: l, label: newEntry(s.a.act), days: newEntry(s.a.act), labelErr: errorText(), daysErr: errorText()}
	r.label.SetText(l.Label)
	r.days.SetText(strconv.Itoa(l.FollowUpDays))
	r.label.OnChanged = func(string) { s.levelsDirty = true }
	r.days.OnChanged = func(string) { s.levelsDirty = true }
	r.swatch = canvas.NewRectangle(parseHex(l.Color))
	r.swatch.SetMinSize(fyne.NewSize(24, 24))
	var names []string
	sel := -1
	for i, c := range levelColors {
		names = append(names, tr("settings.colour."+c.key))
		if strings.EqualFold(c.hex, l.Color) {
			sel = i
		}
	}
	r.colour = widget.NewSelect(names, func(string) {
		i := r.colour.SelectedIndex()
		if i >= 0 && r.lv.Color != levelColors[i].hex {
			s.levelsDirty = true
			r.lv.Color = levelColors[i].hex
			r.swatch.FillColor = parseHex(r.lv.Color)
			r.swatch.Refresh()
		}
	})
	if sel >= 0 {
		r.colour.SetSelectedIndex(sel)
	} else {
		r.colour.PlaceHolder = l.Color
	}
	return r
}

func (s *settingsScreen) levelsView() fyne.CanvasObject {
	add := s.a.act.button(tr("settings.levels.add"), theme.ContentAddIcon(), func() {
		code := fmt.Sprintf("level_%d", len(s.levels)+1)
		for s.levelCodeTaken(code) {
			code += "x"
		}
		s.levels = append(s.levels, s.newLevelRow(casework.RiskLevel{Code: code, Color: levelColors[4].hex, FollowUpDays: 30}))
		s.levelsDirty = true
		s.rebuildLevels()
	})
	save := s.a.act.button(tr("settings.save"), theme.DocumentSaveIcon(), s.onSaveLevels)
	save.Importance = widget.HighImportance
	return container.NewBorder(paragraph(tr("settings.levels.body")),
		container.NewVBox(s.levelMsg, container.NewHBox(add, layout.NewSpacer(), save)), nil, nil,
		newVScroll(s.levelBox))
}

func (s *settingsScreen) levelCodeTaken(code string) bool {
	for _, r := range s.levels {
		if r.lv.Code == code {
			return true
		}
	}
	return false
}

func (s *settingsScreen) rebuildLevels() {
	s.levelBox.RemoveAll()
	for i, r := range s.levels {
		i, r := i, r
		up := widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { s.moveLevel(i, -1) })
		down := widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { s.moveLevel(i, 1) })
		if i == 0 {
			up.Disable()
		}
		if i == len(s.levels)-1 {
			down.Disable()
		}
		del := widget.NewButtonWithIcon(tr("settings.remove"), theme.DeleteIcon(), func() { s.removeLevel(i) })
		if s.inUse[r.lv.Code] {
			del.Disable()
			del.SetText(tr("settings.levels.in_use"))
		}
		form := container.New(layout.NewFormLayout(),
			widget.NewLabel(tr("settings.levels.label")), container.NewBorder(nil, nil, nil, r.labelErr, r.label),
			widget.NewLabel(tr("settings.levels.colour")), container.NewHBox(r.swatch, r.colour),
			widget.NewLabel(tr("settings.levels.days")), container.NewBorder(nil, nil, nil, r.daysErr, r.days),
		)
		head := widget.NewLabelWithStyle(tr("settings.levels.rank", map[string]any{"N": i + 1}), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		s.levelBox.Add(widget.NewCard("", "", container.NewBorder(head, nil, nil, container.NewVBox(up, down, del), form)))
	}
	s.levelBox.Refresh()
}

func (s *settingsScreen) moveLevel(i, d int) {
	j := i + d
	if j < 0 || j >= len(s.levels) {
		return
	}
	s.levels[i], s.levels[j] = s.levels[j], s.levels[i]
	s.levelsDirty = true
	s.rebuildLevels()
}

func (s *settingsScreen) removeLevel(i int) {
	if s.inUse[s.levels[i].lv.Code] {
		setError(s.levelMsg, tr("settings.levels.in_use_msg"))
		return
	}
	dialog.ShowConfirm(tr("settings.remove"), tr("settings.levels.remove_body", map[string]any{"Label": s.levels[i].label.Text}), func(ok bool) {
		if ok && i < len(s.levels) {
			s.levels = append(s.levels[:i], s.levels[i+1:]...)
			s.levelsDirty = true
			s.rebuildLevels()
		}
	}, s.a.win)
}

// readLevels reads the level rows; the order is the rank.
func (s *settingsScreen) readLevels() ([]casework.RiskLevel, bool) {
	ok := len(s.levels) > 0
	var out []casework.RiskLevel
	for i, r := range s.levels {
		l := r.lv
		l.Label = strings.TrimSpace(r.label.Text)
		l.Rank = i + 1
		setError(r.labelErr, "")
		setError(r.daysErr, "")
		if l.Label == "" {
			setError(r.labelErr, tr("reports.required"))
			ok = false
		}
		d, err := strconv.Atoi(strings.TrimSpace(r.days.Text))
		if err != nil || d < 1 || d > 365 {
			setError(r.daysErr, tr("settings.levels.days_invalid"))
			ok = false
		}
		l.FollowUpDays = d
		out = append(out, l)
	}
	return out, ok
}

func (s *settingsScreen) onSaveLevels() {
	lv, ok := s.readLevels()
	if !ok {
		if len(s.levels) == 0 {
			setError(s.levelMsg, tr("settings.levels.none"))
		} else {
			setError(s.levelMsg, tr("school.fix_errors"))
		}
		return
	}
	s.a.d.Go(func() {
		err := s.svc.SaveRiskLevels(context.Background(), lv)
		fyne.Do(func() {
			if err != nil {
				setError(s.levelMsg, settingsErr("save risk levels", err))
				return
			}
			s.levelsDirty = false
			s.levelMsg.Importance = widget.SuccessImportance
			s.levelMsg.SetText(tr("settings.saved"))
		})
	})
}

// settingsErr shows a validation message of the settings as it is (it
// is Chinese already), anything else through errorMessage.
func settingsErr(op string, err error) string {
	var ve *SettingsInvalid
	if errors.As(err, &ve) {
		return ve.Message
	}
	return errorMessage(op, err)
}

type termRow struct {
	name, start, end          *entry
	nameErr, startErr, endErr *widget.Label
}

func (s *settingsScreen) newTermRow(t casework.Term) *termRow {
	r := &termRow{name: newEntry(s.a.act), start: newEntry(s.a.act), end: newEntry(s.a.act),
		nameErr: errorText(), startErr: errorText(), endErr: errorText()}
	r.name.SetText(t.Name)
	r.name.SetPlaceHolder("2026-2027学年第一学期")
	r.start.SetText(string(t.Start))
	r.start.SetPlaceHolder("2026-09-01")
	r.end.SetText(string(t.End))
	r.end.SetPlaceHolder("2027-01-20")
	for _, e := range []*entry{r.name, r.start, r.end} {
		e.OnChanged = func(string) { s.termsDirty = true }
	}
	return r
}

func (s *settingsScreen) termsView() fyne.CanvasObject {
	add := s.a.act.button(tr("settings.terms.add"), theme.ContentAddIcon(), func() {
		s.terms = append(s.terms, s.newTermRow(casework.Term{}))
		s.termsDirty = true
		s.rebuildTerms()
	})
	save := s.a.act.button(tr("settings.save"), theme.DocumentSaveIcon(), s.onSaveTerms)
	save.Importance = widget.HighImportance
	return container.NewBorder(paragraph(tr("settings.terms.body")),
		container.NewVBox(s.termMsg, container.NewHBox(add, layout.NewSpacer(), save)), nil, nil,
		newVScroll(s.termBox))
}

func (s *settingsScreen) rebuildTerms() {
	s.termBox.RemoveAll()
	for i, r := range s.terms {
		i := i
		del := widget.NewButtonWithIcon(tr("settings.remove"), theme.DeleteIcon(), func() {
			dialog.ShowConfirm(tr("settings.remove"), tr("settings.terms.remove_body", map[string]any{"Name": s.terms[i].name.Text}), func(ok bool) {
				if ok && i < len(s.terms) {
					s.terms = append(s.terms[:i], s.terms[i+1:]...)
					s.termsDirty = true
					s.rebuildTerms()
				}
			}, s.a.win)
		})
		form := container.New(layout.NewFormLayout(),
			widget.NewLabel(tr("settings.terms.name")), container.NewBorder(nil, nil, nil, r.nameErr, r.name),
			widget.NewLabel(tr("settings.terms.start")), container.NewBorder(nil, nil, nil, r.startErr, r.start),
			widget.NewLabel(tr("settings.terms.end")), container.NewBorder(nil, nil, nil, r.endErr, r.end),
		)
		s.termBox.Add(widget.NewCard("", "", container.NewBorder(nil, nil, nil, del, form)))
	}
	s.termBox.Refresh()
}

func (s *settingsScreen) readTerms() ([]casework.Term, bool) {
	ok := true
	seen := map[string]bool{}
	var out []casework.Term
	for _, r := range s.terms {
		t := casework.Term{Name: strings.TrimSpace(r.name.Text)}
		for _, l := range []*widget.Label{r.nameErr, r.startErr, r.endErr} {
			setError(l, "")
		}
		switch {
		case t.Name == "":
			setError(r.nameErr, tr("reports.required"))
			ok = false
		case seen[t.Name]:
			setError(r.nameErr, tr("settings.terms.duplicate"))
			ok = false
		}
		seen[t.Name] = true
		p, good := repReadPeriod(r.start, r.end, r.startErr, r.endErr)
		if !good {
			ok = false
		}
		t.Start, t.End = p.From, p.To
		out = append(out, t)
	}
	return out, ok
}

func (s *settingsScreen) onSaveTerms() {
	ts, ok := s.readTerms()
	if !ok {
		setError(s.termMsg, tr("school.fix_errors"))
		return
	}
	s.a.d.Go(func() {
		err := s.svc.SaveTerms(context.Background(), ts)
		fyne.Do(func() {
			if err != nil {
				setError(s.termMsg, settingsErr("save terms", err))
				return
			}
			s.termsDirty = false
			s.termMsg.Importance = widget.SuccessImportance
			s.termMsg.SetText(tr("settings.saved"))
		})
	})
}

// ---- session (the workbench's controls and preference keys) ----

func (s *settingsScreen) sessionView() fyne.CanvasObject {
	wb := &workbench{a: s.a}
	var opts []string
	mins := []int{1, 2, 3, 5, 10, 15, 20, 30}
	for _, m := range mins {
		opts = append(opts, tr("workbench.minutes", map[string]any{"N": m}))
	}
	idle := widget.NewSelect(opts, nil)
	cur := int(s.a.idleTimeout().Minutes())
	for i, m := range mins {
		if m == cur {
			idle.SetSelectedIndex(i)
		}
	}
	idle.OnChanged = func(string) { wb.onIdleChanged(mins[idle.SelectedIndex()]) }
	lang := widget.NewSelect([]string{tr("lang.zh"), tr("lang.en")}, nil)
	if s.a.language() == LangEnglish {
		lang.SetSelectedIndex(1)
	} else {
		lang.SetSelectedIndex(0)
	}
	lang.OnChanged = func(string) { wb.onLanguageChanged(lang.SelectedIndex()) }
	look := widget.NewSelect([]string{tr("appearance.system"), tr("appearance.light"), tr("appearance.dark")}, nil)
	size := widget.NewSelect([]string{tr("appearance.size_normal"), tr("appearance.size_large"), tr("appearance.size_larger")}, nil)
	v, sz := s.a.appearanceIndex()
	look.SetSelectedIndex(v)
	size.SetSelectedIndex(sz)
	apply := func(string) { s.a.touched(); s.a.setAppearance(look.SelectedIndex(), size.SelectedIndex()) }
	look.OnChanged, size.OnChanged = apply, apply
	return page(720, widget.NewCard(tr("workbench.session"), "", container.New(layout.NewFormLayout(),
		widget.NewLabel(tr("workbench.idle_lock")), idle,
		widget.NewLabel(tr("setup.welcome.language")), lang,
		widget.NewLabel(tr("appearance.colours")), look,
		widget.NewLabel(tr("appearance.text_size")), size,
	)))
}

// ---- passphrase, recovery sheet, re-key, vault folder ----

func (s *settingsScreen) securityView() fyne.CanvasObject {
	change := s.a.act.button(tr("settings.pass.change"), theme.AccountIcon(), s.onChangePassphrase)
	sheet := s.a.act.button(tr("settings.sheet.show"), theme.VisibilityIcon(), s.onShowSheet)
	rekey := s.a.act.button(tr("settings.rekey.button"), theme.WarningIcon(), s.onRekey)
	rekey.Importance = widget.DangerImportance
	dir := s.svc.VaultDir()
	open := s.a.act.button(tr("settings.vault.open"), theme.FolderOpenIcon(), func() {
		u, err := url.Parse(storage.NewFileURI(dir).String())
		if err == nil {
			err = s.a.fa.OpenURL(u)
		}
		if err != nil {
			fyne.LogError("open vault folder", err)
		}
	})
	dirLabel := widget.NewLabel(dir)
	dirLabel.Wrapping = fyne.TextWrapBreak
	moved := widget.NewLabel("")
	moved.Wrapping = fyne.TextWrapWord
	moved.Hide()
	return newVScroll(container.NewVBox(
		textCard(tr("settings.pass.title"), tr("settings.pass.body"), container.NewHBox(change)),
		textCard(tr("settings.sheet.title"), tr("settings.sheet.body"), container.NewHBox(sheet)),
		textCard(tr("settings.rekey.title"), tr("settings.rekey.body"), container.NewHBox(rekey)),
		widget.NewCard(tr("settings.vault.title"), "", container.NewVBox(dirLabel, container.NewHBox(open, s.moveVaultButton(dirLabel, moved)), moved)),
	))
}

// passForm is a new passphrase typed twice with the strength meter.
type passForm struct {
	p1, p2   *entry
	strength *widget.Label
	err      *widget.Label
}

func (s *settingsScreen) newPassForm() *passForm {
	f := &passForm{p1: newPasswordEntry(s.a.act), p2: newPasswordEntry(s.a.act), strength: widget.NewLabel(""), err: errorBlock()}
	f.strength.Wrapping = fyne.TextWrapWord
	f.p1.OnChanged = func(p string) {
		if p == "" {
			f.strength.SetText("")
			return
		}
		_, level, reason := s.a.d.Passphrase.Check(p)
		f.strength.SetText(strengthText(level, reason))
	}
	return f
}

// read checks the policy and the repetition.
func (s *settingsScreen) readPass(f *passForm) (string, bool) {
	p := f.p1.Text
	if ok, _, reason := s.a.d.Passphrase.Check(p); !ok {
		setError(f.err, reason)
		return "", false
	}
	if f.p2.Text != p {
		setError(f.err, tr("settings.pass.mismatch"))
		return "", false
	}
	setError(f.err, "")
	return p, true
}

func (s *settingsScreen) onChangePassphrase() {
	old := newPasswordEntry(s.a.act)
	f := s.newPassForm()
	var d *dialog.CustomDialog
	ok := s.a.act.button(tr("settings.pass.confirm"), theme.ConfirmIcon(), func() {
		np, good := s.readPass(f)
		if !good {
			return
		}
		op := old.Text
		setError(f.err, tr("settings.working"))
		s.a.d.Go(func() {
			err := s.svc.ChangePassphrase(context.Background(), op, np)
			fyne.Do(func() {
				if err != nil {
					setError(f.err, errorMessage("change passphrase", err))
					return
				}
				d.Hide()
				dialog.ShowInformation(tr("settings.pass.title"), tr("settings.pass.done"), s.a.win)
			})
		})
	})
	ok.Importance = widget.HighImportance
	cancel := s.a.act.button(tr("reports.cancel"), theme.CancelIcon(), func() { d.Hide() })
	body := container.NewVBox(
		widget.NewLabel(tr("settings.pass.old")), old,
		widget.NewLabel(tr("settings.pass.new")), f.p1, f.strength,
		widget.NewLabel(tr("settings.pass.repeat")), f.p2, f.err,
		container.NewHBox(layout.NewSpacer(), cancel, ok),
	)
	d = dialog.NewCustomWithoutButtons(tr("settings.pass.title"), body, s.a.win)
	d.Resize(fyne.NewSize(520, 420))
	d.Show()
}

func (s *settingsScreen) onShowSheet() {
	pass := newPasswordEntry(s.a.act)
	msg := errorBlock()
	var d *dialog.CustomDialog
	show := s.a.act.button(tr("settings.sheet.reveal"), theme.VisibilityIcon(), func() {
		p := pass.Text
		setError(msg, tr("settings.working"))
		s.a.d.Go(func() {
			sh, err := s.svc.RecoverySheet(context.Background(), p)
			fyne.Do(func() {
				if err != nil {
					setError(msg, errorMessage("show recovery sheet", err))
					return
				}
				d.Hide()
				s.showSheet(tr("settings.sheet.title"), sh)
			})
		})
	})
	show.Importance = widget.HighImportance
	cancel := s.a.act.button(tr("reports.cancel"), theme.CancelIcon(), func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons(tr("settings.sheet.title"), container.NewVBox(
		paragraph(tr("settings.sheet.ask")), pass, msg, container.NewHBox(layout.NewSpacer(), cancel, show)), s.a.win)
	d.Resize(fyne.NewSize(480, 260))
	d.Show()
}

// showSheet shows the groups, numbered, with "save as PDF".
func (s *settingsScreen) showSheet(title string, sh Sheet) {
	grid := container.NewGridWithColumns(5)
	for i, g := range sh.Groups {
		l := widget.NewLabelWithStyle(fmt.Sprintf("%d. %s", i+1, g), fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
		grid.Add(l)
	}
	msg := widget.NewLabel("")
	save := s.a.act.button(tr("settings.sheet.save"), theme.DocumentSaveIcon(), func() {
		repSaveDialog(s.a, "心晴恢复密钥单.pdf", func(path string) {
			s.a.d.Go(func() {
				err := s.a.d.Printer.WriteSheet(context.Background(), path, sh)
				fyne.Do(func() {
					if err != nil {
						msg.SetText(errorMessage("write recovery sheet", err))
						return
					}
					msg.SetText(tr("settings.sheet.saved", map[string]any{"Path": path}))
				})
			})
		})
	})
	d := dialog.NewCustom(title, tr("reports.close"), container.NewVBox(paragraph(tr("settings.sheet.keep")), grid, container.NewHBox(save), msg), s.a.win)
	d.Resize(fyne.NewSize(760, 420))
	d.Show()
}

func (s *settingsScreen) onRekey() {
	f := s.newPassForm()
	var d *dialog.CustomDialog
	ok := s.a.act.button(tr("settings.rekey.now"), theme.WarningIcon(), func() {
		np, good := s.readPass(f)
		if !good {
			return
		}
		dialog.ShowConfirm(tr("settings.rekey.title"), tr("settings.rekey.confirm"), func(yes bool) {
			if !yes {
				return
			}
			setError(f.err, tr("settings.working"))
			s.a.d.Go(func() {
				sh, err := s.svc.Rekey(context.Background(), np)
				fyne.Do(func() {
					if err != nil {
						setError(f.err, errorMessage("rekey", err))
						return
					}
					d.Hide()
					s.showSheet(tr("settings.rekey.new_sheet"), sh)
				})
			})
		}, s.a.win)
	})
	ok.Importance = widget.DangerImportance
	cancel := s.a.act.button(tr("reports.cancel"), theme.CancelIcon(), func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons(tr("settings.rekey.title"), container.NewVBox(
		paragraph(tr("settings.rekey.body")),
		widget.NewLabel(tr("settings.pass.new")), f.p1, f.strength,
		widget.NewLabel(tr("settings.pass.repeat")), f.p2, f.err,
		container.NewHBox(layout.NewSpacer(), cancel, ok)), s.a.win)
	d.Resize(fyne.NewSize(540, 420))
	d.Show()
}

// SettingsScreen is 设置, for the composition root's tests.
func SettingsScreen(a *App) Screen { return newSettings(a) }
