package ui

import (
	"context"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The steps of the first-run setup.
const (
	stepWelcome = iota
	stepFolder
	stepPassphrase
	stepSheet
	stepSchool
)

// vaultFolderName is the folder made inside a folder the user picks.
const vaultFolderName = "xinqing-vault"

// setupWizard is the first-run setup. Its widgets live as long as the
// wizard so that going back and forth, or a refused input, loses nothing.
type setupWizard struct {
	a          *App
	step       int
	schoolOnly bool // the vault exists; only the profile is missing
	failed     int  // failed unlock attempts to tell once the shell shows
	root       *fyne.Container

	// folder
	dir      string
	dirLabel *widget.Label
	dirErr   *msgText
	openDir  *widget.Button
	// drives is the choice of drive (with Places); picked is set once the
	// counselor chose a folder, which the recommendation then leaves alone.
	drives *fyne.Container
	picked bool

	// passphrase
	generated string
	genText   *canvas.Text
	own       bool
	pass1     *entry
	pass2     *entry
	strength  *widget.Label
	passErr   *msgText
	busy      *fyne.Container
	cancel    context.CancelFunc
	nav       []*widget.Button

	// recovery sheet
	sheet      Sheet
	sheetSaved bool
	sheetMsg   *widget.Label
	handCopied *widget.Check
	confirmIdx [2]int
	confirm    [2]*entry
	sheetErr   *msgText
	// sheetSchool is the school's name printed on the sheet, and the
	// school step's first guess at it.
	sheetSchool *entry

	// welcome
	welcomeErr  *msgText
	welcomeBusy *fyne.Container

	school *schoolForm
	// newPass is the new vault's passphrase, checked once more with the
	// school's name when the profile is saved (the school is asked after
	// the vault exists), then cleared.
	newPass string

	// county makes a county vault (县（区）汇总库): its last step asks for
	// the county and the schools list instead of the school.
	county *countySetup
}

func newSetupWizard(a *App) *setupWizard {
	w := &setupWizard{a: a, root: container.NewStack(), dir: a.dir}
	w.dirLabel = widget.NewLabel(w.dir)
	w.dirLabel.Wrapping = fyne.TextWrapBreak
	w.dirErr = refusalBlock()
	w.openDir = a.act.button(tr("setup.folder.open_existing"), theme.FolderOpenIcon(), w.onOpenExisting)
	w.openDir.Hide()
	w.drives = container.NewVBox()
	w.loadPlaces()

	w.generated = a.d.Passphrase.Generate()
	w.genText = canvas.NewText(w.generated, theme.Color(theme.ColorNamePrimary))
	w.genText.TextSize = 24
	w.genText.TextStyle = fyne.TextStyle{Bold: true}
	w.pass1 = newPasswordEntry(a.act)
	w.pass1.SetPlaceHolder(tr("setup.pass.own_placeholder"))
	w.pass2 = newPasswordEntry(a.act)
	w.pass2.SetPlaceHolder(tr("setup.pass.repeat_placeholder"))
	w.strength = widget.NewLabel("")
	w.strength.Wrapping = fyne.TextWrapWord
	w.pass1.OnChanged = func(string) { w.showStrength() }
	w.pass2.OnSubmitted = func(string) { w.onCreate() }
	w.passErr = refusalBlock()

	w.sheetMsg = widget.NewLabel("")
	w.sheetMsg.Wrapping = fyne.TextWrapWord
	w.handCopied = widget.NewCheck(tr("setup.sheet.hand_copied"), func(bool) { a.touched() })
	w.confirm = [2]*entry{newEntry(a.act), newEntry(a.act)}
	w.confirm[1].OnSubmitted = func(string) { w.onConfirmSheet() }
	w.sheetErr = refusalBlock()
	w.welcomeErr = refusalBlock()
	w.welcomeBusy = container.NewVBox(widget.NewLabel(tr("setup.welcome.working")), widget.NewProgressBarInfinite())
	w.welcomeBusy.Hide()

	w.school = newSchoolForm(a.act)
	return w
}

// view is the wizard's content; show swaps what is inside it.
func (w *setupWizard) view() fyne.CanvasObject {
	w.show(w.step)
	return w.root
}

func (w *setupWizard) show(step int) {
	w.step = step
	var v fyne.CanvasObject
	switch step {
	case stepWelcome:
		v = w.welcomeView()
	case stepFolder:
		v = w.folderView()
	case stepPassphrase:
		v = w.passphraseView()
	case stepSheet:
		v = w.sheetView()
	default:
		v = w.schoolView()
	}
	w.root.Objects = []fyne.CanvasObject{v}
	w.root.Refresh()
}

func stepTitle(n int, title string) fyne.CanvasObject {
	return container.NewVBox(
		widget.NewLabel(tr("setup.step", map[string]any{"N": n, "Total": 4})),
		heading(title),
	)
}

// ---- welcome ----

func (w *setupWizard) welcomeView() fyne.CanvasObject {
	act := w.a.act
	create := act.button(tr("setup.welcome.create"), theme.ContentAddIcon(), func() { w.show(stepFolder) })
	create.Importance = widget.HighImportance
	objs := []fyne.CanvasObject{
		heading(tr("setup.welcome.title")),
		message(tr("setup.welcome.body")),
		create,
		message(tr("setup.welcome.create_hint")),
	}
	if w.a.d.County != nil {
		objs = append(objs,
			act.button(tr("setup.welcome.county"), theme.StorageIcon(), func() {
				w.county = newCountySetup()
				w.show(stepFolder)
			}),
			message(tr("setup.welcome.county_hint")))
	}
	if w.a.d.Restorer != nil {
		objs = append(objs,
			act.button(tr("setup.welcome.restore"), theme.HistoryIcon(), w.onRestore),
			message(tr("setup.welcome.restore_hint")))
	}
	if w.a.d.Demo != nil {
		objs = append(objs,
			act.button(tr("setup.welcome.demo"), theme.InfoIcon(), w.onDemo),
			message(tr("setup.welcome.demo_hint")))
	}
	langs := []string{tr("lang.zh"), tr("lang.en")}
	sel := widget.NewSelect(langs, func(s string) {
		code := LangChinese
		if s == langs[1] {
			code = LangEnglish
		}
		w.a.setLanguage(code, w.a.showSetup)
	})
	if w.a.language() == LangEnglish {
		sel.SetSelectedIndex(1)
	} else {
		sel.SetSelectedIndex(0)
	}
	objs = append(objs, w.welcomeErr, w.welcomeBusy, widget.NewSeparator(),
		container.NewHBox(widget.NewLabel(tr("setup.welcome.language")), sel))
	return page(560, objs...)
}

func (w *setupWizard) onDemo() {
	if w.welcomeBusy.Visible() {
		return
	}
	dir := w.a.demoDir()
	setError(w.welcomeErr, "")
	w.welcomeBusy.Show()
	w.a.d.Go(func() {
		pass, err := w.a.d.Demo.CreateDemo(context.Background(), dir)
		fyne.Do(func() {
			w.welcomeBusy.Hide()
			if err != nil {
				setError(w.welcomeErr, errorMessage("create demo", err))
				return
			}
			w.a.dir = dir
			w.a.showUnlockDemo(pass)
		})
	})
}

func (w *setupWizard) onRestore() {
	if w.a.d.PickFolder != nil {
		w.a.d.PickFolder(w.restoreFrom)
		return
	}
	pickFolder(w.a.win, w.restoreFrom)
}

// restoreFrom lists every backup in backupDir; the one chosen and
// confirmed is copied into the default vault folder, and the unlock that
// follows decrypts and checks it.
func (w *setupWizard) restoreFrom(backupDir string) {
	if w.welcomeBusy.Visible() {
		return
	}
	setError(w.welcomeErr, "")
	w.welcomeBusy.Show()
	w.a.d.Go(func() {
		found, err := w.a.d.Restorer.ListBackups(context.Background(), backupDir)
		fyne.Do(func() {
			w.welcomeBusy.Hide()
			if err != nil {
				setError(w.welcomeErr, errorMessage("list backups", err))
				return
			}
			showBackupChoice(w.a, found, w.restoreBackup)
		})
	})
}

// restoreBackup lays the confirmed backup out as this computer's vault
// and opens it with the key already given for its counts; should that
// unlock fail, the unlock screen asks again.
func (w *setupWizard) restoreBackup(b FoundBackup, k backupKey) {
	dir := w.dir
	setError(w.welcomeErr, "")
	w.welcomeBusy.Show()
	w.a.d.Go(func() {
		ctx := context.Background()
		err := w.a.d.Restorer.RestoreBackup(ctx, b.File, dir)
		failed, uerr := 0, error(nil)
		if err == nil {
			if k.sheet != "" {
				failed, uerr = w.a.d.Vault.UnlockWithSheet(ctx, dir, k.sheet)
			} else {
				failed, uerr = w.a.d.Vault.Unlock(ctx, dir, k.pass)
			}
		}
		fyne.Do(func() {
			w.welcomeBusy.Hide()
			if err != nil {
				setError(w.welcomeErr, errorMessage("restore from backup", err))
				return
			}
			w.a.useDir(dir)
			if uerr != nil {
				w.a.showUnlock(tr("setup.restore.done"))
				return
			}
			// A backup of the demo school opens with the demo's published
			// passphrase and keeps its badge.
			if k.pass != "" && w.a.d.Demo != nil && k.pass == w.a.d.Demo.DemoPassphrase() {
				w.a.demo, w.a.demoPass = true, k.pass
			}
			w.a.unlocked(failed)
		})
	})
}

// ---- folder ----

func (w *setupWizard) folderView() fyne.CanvasObject {
	act := w.a.act
	pick := act.button(tr("setup.folder.pick"), theme.FolderIcon(), func() {
		pickFolder(w.a.win, func(p string) { w.pickDir(filepath.Join(p, vaultFolderName)) })
	})
	def := act.button(tr("setup.folder.default"), theme.HomeIcon(), func() { w.pickDir(w.a.d.Vault.DefaultDir()) })
	back := act.button(tr("setup.back"), theme.NavigateBackIcon(), func() { w.show(stepWelcome) })
	next := act.button(tr("setup.next"), theme.NavigateNextIcon(), w.onFolderNext)
	next.Importance = widget.HighImportance
	return page(560,
		stepTitle(1, tr("setup.folder.title")),
		message(tr("setup.folder.body")),
		w.drives,
		widget.NewCard("", tr("setup.folder.current"), w.dirLabel),
		container.NewHBox(pick, def),
		w.dirErr, w.openDir,
		container.NewHBox(back, layoutSpacer(), next),
	)
}

func (w *setupWizard) setDir(dir string) {
	w.dir = dir
	w.dirLabel.SetText(dir)
	setError(w.dirErr, "")
	w.openDir.Hide()
}

// pickDir is a folder the counselor chose.
func (w *setupWizard) pickDir(dir string) {
	w.picked = true
	w.setDir(dir)
}

// loadPlaces lists the fixed drives and, unless the counselor has chosen
// already, proposes the recommended folder.
func (w *setupWizard) loadPlaces() {
	if w.a.d.Places == nil {
		return
	}
	def := w.a.d.Vault.DefaultDir()
	w.a.d.Go(func() {
		p, err := w.a.d.Places.VaultPlaces(context.Background())
		fyne.Do(func() {
			if err != nil {
				fyne.LogError("list fixed drives", err)
			}
			if len(p.Drives) == 0 {
				return
			}
			if !w.picked && w.dir == def {
				w.setDir(p.Recommended)
			}
			w.drives.Objects = []fyne.CanvasObject{drivePicker(p, def, w.dir, w.pickDir)}
			w.drives.Refresh()
		})
	})
}

// driveFolder is the vault folder offered on drive d.
func driveFolder(d FixedDrive, p VaultPlaces, def string) string {
	if d.System {
		return def
	}
	if p.OtherDrive && strings.HasPrefix(p.Recommended, d.Root) {
		return p.Recommended
	}
	return onDrive(d.Root)
}

// drivePicker shows the fixed drives with their free space, names the
// system drive and the recommended one, and says why in one sentence.
func drivePicker(p VaultPlaces, def, current string, pick func(string)) fyne.CanvasObject {
	var labels []string
	dirs := map[string]string{}
	selected := ""
	for _, d := range p.Drives {
		key := "place.drive"
		switch {
		case d.System:
			key = "place.drive_system"
		case driveFolder(d, p, def) == p.Recommended:
			key = "place.drive_recommended"
		}
		l := tr(key, map[string]any{"Root": d.Root, "Free": byteSize(int64(d.Free))})
		labels = append(labels, l)
		dirs[l] = driveFolder(d, p, def)
		if dirs[l] == current {
			selected = l
		}
	}
	radio := widget.NewRadioGroup(labels, nil)
	radio.SetSelected(selected)
	radio.OnChanged = func(l string) {
		if d, ok := dirs[l]; ok {
			pick(d)
		}
	}
	why := tr("place.why_system_only")
	if p.OtherDrive {
		why = tr("place.why_other_drive", map[string]any{"Dir": p.Recommended})
	}
	return widget.NewCard("", tr("place.drives"), container.NewVBox(radio, message(why)))
}

func (w *setupWizard) onFolderNext() {
	if w.a.d.Vault.Exists(w.dir) {
		setError(w.dirErr, tr("setup.folder.exists"))
		w.openDir.Show()
		return
	}
	w.show(stepPassphrase)
}

func (w *setupWizard) onOpenExisting() {
	w.a.useDir(w.dir)
	w.a.showUnlock("")
}

// ---- passphrase ----

func (w *setupWizard) passphraseView() fyne.CanvasObject {
	act := w.a.act
	var body fyne.CanvasObject
	if w.own {
		body = container.NewVBox(
			message(tr("setup.pass.own_body")),
			w.pass1, w.pass2, w.strength,
			act.button(tr("setup.pass.use_generated"), theme.ViewRefreshIcon(), func() {
				w.own = false
				setError(w.passErr, "")
				w.show(stepPassphrase)
			}),
		)
	} else {
		body = container.NewVBox(
			message(tr("setup.pass.generated_body")),
			container.NewCenter(w.genText),
			container.NewHBox(
				act.button(tr("setup.pass.copy"), theme.ContentCopyIcon(), func() {
					w.a.copySecret(w.generated)
					w.strength.SetText(tr("setup.pass.copied"))
				}),
				act.button(tr("setup.pass.another"), theme.ViewRefreshIcon(), func() {
					w.generated = w.a.d.Passphrase.Generate()
					w.genText.Text = w.generated
					w.genText.Refresh()
				}),
			),
			message(tr("setup.pass.write_down")),
			act.button(tr("setup.pass.use_own"), theme.DocumentCreateIcon(), func() {
				w.own = true
				setError(w.passErr, "")
				w.strength.SetText("")
				w.show(stepPassphrase)
				w.a.win.Canvas().Focus(w.pass1)
			}),
		)
		if w.strength.Text != tr("setup.pass.copied") {
			w.strength.SetText("")
		}
		body = container.NewVBox(body, w.strength)
	}
	back := act.button(tr("setup.back"), theme.NavigateBackIcon(), func() { w.show(stepFolder) })
	create := act.button(tr("setup.pass.create"), theme.ConfirmIcon(), w.onCreate)
	create.Importance = widget.HighImportance
	w.nav = []*widget.Button{back, create}
	progress := widget.NewProgressBarInfinite()
	cancel := act.button(tr("setup.cancel"), theme.CancelIcon(), func() {
		if w.cancel != nil {
			w.cancel()
		}
	})
	w.busy = container.NewVBox(widget.NewLabel(tr("setup.pass.creating")), progress, cancel)
	w.busy.Hide()
	return page(560,
		stepTitle(2, tr("setup.pass.title")),
		body, w.passErr, w.busy,
		container.NewHBox(back, layoutSpacer(), create),
	)
}

// strengthText is "强度：一般（reason）".
func strengthText(level int, reason string) string {
	level = min(max(level, 0), 4)
	names := [...]string{
		tr("strength.0"), tr("strength.1"), tr("strength.2"), tr("strength.3"), tr("strength.4"),
	}
	// A reason that only repeats the level (强度：很强) is not said twice.
	if reason == "" || strings.Contains(reason, names[level]) {
		return tr("setup.pass.strength", map[string]any{"Level": names[level]})
	}
	return tr("setup.pass.strength_reason", map[string]any{"Level": names[level], "Reason": reason})
}

func (w *setupWizard) showStrength() {
	if w.pass1.Text == "" {
		w.strength.SetText("")
		return
	}
	ok, level, reason := w.a.d.Passphrase.Check(w.pass1.Text)
	w.strength.SetText(strengthText(level, reason))
	if ok && w.passErr.Text == tr("setup.pass.too_weak") {
		setError(w.passErr, "") // the refusal no longer applies
	}
}

// chosenPassphrase applies the policy; it returns "" and shows why when
// the passphrase is refused.
func (w *setupWizard) chosenPassphrase() string {
	p := w.generated
	if w.own {
		p = w.pass1.Text
		if p == "" {
			setError(w.passErr, tr("setup.pass.empty"))
			return ""
		}
		if p != w.pass2.Text {
			setError(w.passErr, tr("setup.pass.mismatch"))
			return ""
		}
	}
	ok, level, reason := w.a.d.Passphrase.Check(p)
	if !ok {
		w.strength.SetText(strengthText(level, reason))
		setError(w.passErr, tr("setup.pass.too_weak"))
		return ""
	}
	return p
}

func (w *setupWizard) onCreate() {
	if w.cancel != nil {
		return // already creating
	}
	p := w.chosenPassphrase()
	if p == "" {
		return
	}
	setError(w.passErr, "")
	ctx, cancel := context.WithCancel(context.Background())
	w.cancel = cancel
	w.setBusy(true)
	dir := w.dir
	w.a.d.Go(func() {
		sheet, err := w.a.d.Vault.Create(ctx, dir, p)
		fyne.Do(func() {
			cancel()
			w.cancel = nil
			w.setBusy(false)
			if err != nil {
				setError(w.passErr, errorMessage("create vault", err))
				return
			}
			w.newPass = p
			w.created(sheet)
		})
	})
}

func (w *setupWizard) setBusy(on bool) {
	for _, b := range w.nav {
		if on {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	if on {
		w.busy.Show()
	} else {
		w.busy.Hide()
	}
}

// created drops the passphrase from the widgets, starts the idle lock
// and moves on to the recovery sheet.
func (w *setupWizard) created(sheet Sheet) {
	w.generated = ""
	w.genText.Text = ""
	w.pass1.SetText("")
	w.pass2.SetText("")
	w.a.useDir(w.dir)
	w.a.idle.start()
	w.sheet = sheet
	w.show(stepSheet)
}

// pickConfirmGroups picks two different groups to type back.
func (w *setupWizard) pickConfirmGroups() {
	n := len(w.sheet.Groups)
	if n < 2 {
		w.confirmIdx = [2]int{0, 0}
		return
	}
	i := w.a.d.Rand(n)
	j := w.a.d.Rand(n - 1)
	if j >= i {
		j++
	}
	if j < i {
		i, j = j, i
	}
	w.confirmIdx = [2]int{i, j}
}

// ---- recovery sheet ----

func (w *setupWizard) sheetView() fyne.CanvasObject {
	act := w.a.act
	grid := container.NewGridWithColumns(6)
	for i, g := range w.sheet.Groups {
		l := widget.NewLabelWithStyle(
			tr("setup.sheet.group_cell", map[string]any{"N": i + 1, "Group": g}),
			fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
		grid.Add(l)
	}
	if w.sheetSchool == nil {
		w.sheetSchool = newEntry(act)
		w.sheetSchool.SetPlaceHolder(tr("setup.sheet.school_placeholder"))
	}
	save := act.button(tr("setup.sheet.save_pdf"), theme.DocumentPrintIcon(), w.onSaveSheet)
	save.Importance = widget.HighImportance
	for k := range w.confirm {
		w.confirm[k].SetPlaceHolder(tr("setup.sheet.group_placeholder"))
	}
	next := act.button(tr("setup.next"), theme.NavigateNextIcon(), w.onConfirmSheet)
	next.Importance = widget.HighImportance
	// The groups are typed back with the sheet off the screen: copying
	// them from the screen would prove nothing.
	school := container.NewBorder(nil, nil, widget.NewLabel(tr("setup.sheet.school")), nil, w.sheetSchool)
	shown := container.NewVBox(widget.NewCard("", "", grid), school, save, w.sheetMsg, w.handCopied)
	labels := [2]*widget.Label{widget.NewLabel(""), widget.NewLabel("")}
	var check *fyne.Container
	check = container.NewVBox(
		message(tr("setup.sheet.confirm_body")),
		container.NewGridWithColumns(2, labels[0], w.confirm[0], labels[1], w.confirm[1]),
		container.NewHBox(act.button(tr("setup.sheet.show_again"), theme.VisibilityIcon(), func() {
			check.Hide()
			shown.Show()
		}), layoutSpacer(), next),
	)
	check.Hide()
	var toCheck *widget.Button
	toCheck = act.button(tr("setup.sheet.to_check"), theme.NavigateNextIcon(), func() {
		if !w.sheetSaved && !w.handCopied.Checked {
			setError(w.sheetErr, tr("setup.sheet.not_saved"))
			return
		}
		setError(w.sheetErr, "")
		w.pickConfirmGroups() // new groups each time the sheet was looked at again
		for k := range labels {
			labels[k].SetText(tr("setup.sheet.confirm_group", map[string]any{"N": w.confirmIdx[k] + 1}))
			w.confirm[k].SetText("")
		}
		shown.Hide()
		check.Show()
		w.a.win.Canvas().Focus(w.confirm[0])
	})
	toCheck.Importance = widget.HighImportance
	shown.Add(container.NewHBox(layoutSpacer(), toCheck))
	return page(720,
		stepTitle(3, tr("setup.sheet.title")),
		message(tr("setup.sheet.body")),
		shown,
		check,
		w.sheetErr,
	)
}

func (w *setupWizard) onSaveSheet() {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil || wc == nil {
			return
		}
		path := wc.URI().Path()
		if err := wc.Close(); err != nil {
			w.sheetMsg.SetText(errorMessage("prepare sheet file", err))
			return
		}
		w.writeSheet(path)
	}, w.a.win)
	d.SetFileName(tr("setup.sheet.filename"))
	showFileDialog(d)
}

// writeSheet writes the PDF in the background.
func (w *setupWizard) writeSheet(path string) {
	sheet := w.sheet
	if w.sheetSchool != nil {
		sheet.School = strings.TrimSpace(w.sheetSchool.Text)
	}
	w.sheetMsg.SetText(tr("setup.sheet.writing"))
	w.a.d.Go(func() {
		err := w.a.d.Printer.WriteSheet(context.Background(), path, sheet)
		fyne.Do(func() {
			if err != nil {
				w.sheetMsg.SetText(errorMessage("write recovery sheet", err))
				return
			}
			w.sheetSaved = true
			setError(w.sheetErr, "")
			w.sheetMsg.SetText(tr("setup.sheet.saved", map[string]any{"Path": path}))
		})
	})
}

// normalizeGroup makes typing forgiving: case, spaces and dashes do not
// matter.
func normalizeGroup(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	return strings.NewReplacer(" ", "", "-", "", "\u3000", "").Replace(s)
}

func (w *setupWizard) onConfirmSheet() {
	if !w.sheetSaved && !w.handCopied.Checked {
		setError(w.sheetErr, tr("setup.sheet.not_saved"))
		return
	}
	for k, idx := range w.confirmIdx {
		if idx >= len(w.sheet.Groups) || normalizeGroup(w.confirm[k].Text) != normalizeGroup(w.sheet.Groups[idx]) {
			setError(w.sheetErr, tr("setup.sheet.wrong_group", map[string]any{"N": idx + 1}))
			w.a.win.Canvas().Focus(w.confirm[k])
			return
		}
	}
	setError(w.sheetErr, "")
	w.sheet = Sheet{}
	w.confirm[0].SetText("")
	w.confirm[1].SetText("")
	if n := w.sheetSchool; n != nil && strings.TrimSpace(n.Text) != "" && w.school.name.Text == "" {
		w.school.name.SetText(strings.TrimSpace(n.Text)) // as printed on the sheet
	}
	w.show(stepSchool)
}

// ---- school profile ----

func (w *setupWizard) schoolView() fyne.CanvasObject {
	if w.county != nil {
		return w.countyView()
	}
	save := w.a.act.button(tr("setup.school.save"), theme.DocumentSaveIcon(), w.onSaveSchool)
	save.Importance = widget.HighImportance
	var title fyne.CanvasObject = stepTitle(4, tr("setup.school.title"))
	if w.schoolOnly {
		title = heading(tr("setup.school.title"))
	}
	return page(720,
		title,
		message(tr("setup.school.body")),
		w.school.view(),
		w.school.status,
		container.NewHBox(layoutSpacer(), save),
	)
}

// recheckPassphrase judges the new vault's passphrase again now that the
// school's name is known, and advises a change if it contains it.
func (w *setupWizard) recheckPassphrase() {
	p := w.newPass
	w.newPass = ""
	if p == "" {
		return
	}
	if ok, _, reason := w.a.d.Passphrase.Check(p); !ok {
		showMessage(tr("setup.pass.recheck_title"), tr("setup.pass.recheck_body", map[string]any{"Reason": reason}), w.a.win)
	}
}

func (w *setupWizard) onSaveSchool() {
	s, ok := w.school.validate()
	if !ok {
		setError(w.school.status, tr("school.fix_errors"))
		return
	}
	setError(w.school.status, "")
	w.a.d.Go(func() {
		err := w.a.d.Settings.SaveSchool(context.Background(), s)
		fyne.Do(func() {
			if err != nil {
				setError(w.school.status, errorMessage("save school profile", err))
				return
			}
			if !w.a.idle.running() {
				w.newPass = ""
				return // locked meanwhile
			}
			w.a.showShell(w.failed)
			w.recheckPassphrase()
		})
	})
}
