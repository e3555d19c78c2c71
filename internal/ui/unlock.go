package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The modes of the unlock screen.
const (
	unlockPassphrase = iota
	unlockSheet
	unlockForgot
)

// unlockScreen opens the vault with the passphrase or the recovery
// sheet, or sets a new passphrase with the sheet ("忘记密码").
type unlockScreen struct {
	a        *App
	mode     int
	root     *fyne.Container
	notice   string
	demoPass string
	// demoOnSuccess: the passphrase being tried is the demo's.
	demoOnSuccess bool

	pass     *entry
	sheet    *entry
	new1     *entry
	new2     *entry
	strength *widget.Label
	msg      *msgText
	busy     *fyne.Container
	buttons  []*widget.Button
	working  bool
}

func newUnlockScreen(a *App, notice string) *unlockScreen {
	u := &unlockScreen{a: a, notice: notice, root: container.NewStack(), demoPass: a.demoPass}
	u.pass = newPasswordEntry(a.act)
	u.pass.SetPlaceHolder(tr("unlock.pass_placeholder"))
	u.pass.OnSubmitted = func(string) { u.onUnlock() }
	u.sheet = newMultiLineEntry(a.act)
	u.sheet.SetPlaceHolder(tr("unlock.sheet_placeholder"))
	u.sheet.SetMinRowsVisible(4)
	u.new1 = newPasswordEntry(a.act)
	u.new1.SetPlaceHolder(tr("setup.pass.own_placeholder"))
	u.new1.OnChanged = func(p string) {
		if p == "" {
			u.strength.SetText("")
			return
		}
		ok, level, reason := a.d.Passphrase.Check(p)
		u.strength.SetText(strengthText(level, reason))
		if ok && u.msg.Text == tr("setup.pass.too_weak") {
			setError(u.msg, "") // the refusal no longer applies
		}
	}
	u.new2 = newPasswordEntry(a.act)
	u.new2.SetPlaceHolder(tr("setup.pass.repeat_placeholder"))
	u.new2.OnSubmitted = func(string) { u.onReset() }
	u.strength = widget.NewLabel("")
	u.strength.Wrapping = fyne.TextWrapWord
	u.msg = refusalBlock()
	u.busy = container.NewVBox(widget.NewLabel(tr("unlock.working")), widget.NewProgressBarInfinite())
	u.busy.Hide()
	return u
}

func (u *unlockScreen) view() fyne.CanvasObject {
	u.show(u.mode)
	return u.root
}

func (u *unlockScreen) show(mode int) {
	u.mode = mode
	act := u.a.act
	u.buttons = nil
	btn := func(label string, icon fyne.Resource, f func()) *widget.Button {
		b := act.button(label, icon, f)
		u.buttons = append(u.buttons, b)
		return b
	}
	objs := []fyne.CanvasObject{heading(tr("unlock.title"))}
	if u.a.demo {
		demo := widget.NewCard(tr("demo.badge"), tr("unlock.demo_body"), container.NewVBox(
			widget.NewLabelWithStyle(tr("unlock.demo_pass", map[string]any{"Pass": u.demoPass}), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			container.NewHBox(
				btn(tr("unlock.demo_fill"), theme.LoginIcon(), func() {
					u.pass.SetText(u.demoPass)
					u.onUnlock()
				}),
				btn(tr("unlock.demo_leave"), theme.LogoutIcon(), u.a.leaveDemo),
			),
		))
		objs = append(objs, demo)
	}
	objs = append(objs, widget.NewLabel(tr("unlock.folder", map[string]any{"Dir": u.a.dir})))
	var tail []fyne.CanvasObject
	if !u.a.demo && u.a.d.Demo != nil && mode == unlockPassphrase {
		// The demo school stays reachable once a real vault exists.
		demo := btn(tr("unlock.try_demo"), theme.HelpIcon(), u.onDemo)
		demo.Importance = widget.LowImportance
		tail = append(tail, widget.NewSeparator(), demo)
	}
	if u.notice != "" {
		objs = append(objs, message(u.notice))
	}
	switch mode {
	case unlockPassphrase:
		ok := btn(tr("unlock.submit"), theme.LoginIcon(), u.onUnlock)
		ok.Importance = widget.HighImportance
		objs = append(objs,
			u.pass,
			ok,
			container.NewHBox(
				btn(tr("unlock.use_sheet"), theme.DocumentIcon(), func() { u.switchTo(unlockSheet) }),
				btn(tr("unlock.forgot"), theme.QuestionIcon(), func() { u.switchTo(unlockForgot) }),
			),
		)
	case unlockSheet:
		ok := btn(tr("unlock.submit"), theme.LoginIcon(), u.onUnlockSheet)
		ok.Importance = widget.HighImportance
		objs = append(objs,
			message(tr("unlock.sheet_body")),
			u.sheet,
			ok,
			btn(tr("unlock.back_to_pass"), theme.NavigateBackIcon(), func() { u.switchTo(unlockPassphrase) }),
		)
	case unlockForgot:
		ok := btn(tr("unlock.reset_submit"), theme.ConfirmIcon(), u.onReset)
		ok.Importance = widget.HighImportance
		objs = append(objs,
			message(tr("unlock.forgot_body")),
			u.sheet,
			message(tr("unlock.forgot_new")),
			u.new1, u.new2, u.strength,
			ok,
			btn(tr("unlock.back_to_pass"), theme.NavigateBackIcon(), func() { u.switchTo(unlockPassphrase) }),
		)
	}
	objs = append(append(objs, u.msg, u.busy), tail...)
	u.root.Objects = []fyne.CanvasObject{page(520, objs...)}
	u.root.Refresh()
	if u.working {
		u.setBusy(true)
	}
}

func (u *unlockScreen) switchTo(mode int) {
	setError(u.msg, "")
	u.show(mode)
	switch mode {
	case unlockPassphrase:
		u.a.win.Canvas().Focus(u.pass)
	default:
		u.a.win.Canvas().Focus(u.sheet)
	}
}

func (u *unlockScreen) showError(msg string) { setError(u.msg, msg) }

func (u *unlockScreen) setBusy(on bool) {
	u.working = on
	for _, b := range u.buttons {
		if on {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	if on {
		u.busy.Show()
	} else {
		u.busy.Hide()
	}
}

// run does the slow work (the KDF takes about a second) off the Fyne
// goroutine and comes back with the result.
func (u *unlockScreen) run(op string, work func(ctx context.Context) (int, error), onErr func()) {
	if u.working {
		return
	}
	setError(u.msg, "")
	u.setBusy(true)
	u.a.d.Go(func() {
		failed, err := work(context.Background())
		fyne.Do(func() {
			u.setBusy(false)
			if err != nil {
				u.showError(errorMessage(op, err))
				if onErr != nil {
					onErr()
				}
				return
			}
			u.pass.SetText("")
			u.sheet.SetText("")
			u.new1.SetText("")
			u.new2.SetText("")
			if u.a.currentUnlock != u {
				// Another screen took over meanwhile; do not leave the
				// vault open behind it.
				u.a.d.Go(func() { _ = u.a.d.Vault.Lock(context.Background()) })
				return
			}
			if u.demoOnSuccess {
				// Opened with the published demo passphrase: the demo card
				// (and its passphrase) shows on the next lock.
				u.a.demo, u.a.demoPass = true, u.a.d.Demo.DemoPassphrase()
			}
			u.a.unlocked(failed)
		})
	})
}

func (u *unlockScreen) onUnlock() {
	p := u.pass.Text
	if p == "" {
		u.showError(tr("unlock.empty"))
		return
	}
	dir := u.a.dir
	u.demoOnSuccess = u.a.d.Demo != nil && p == u.a.d.Demo.DemoPassphrase()
	u.run("unlock", func(ctx context.Context) (int, error) {
		return u.a.d.Vault.Unlock(ctx, dir, p)
	}, func() {
		u.pass.SetText("")
		u.a.win.Canvas().Focus(u.pass)
	})
}

func (u *unlockScreen) onUnlockSheet() {
	s := u.sheet.Text
	if s == "" {
		u.showError(tr("unlock.sheet_empty"))
		return
	}
	dir := u.a.dir
	u.demoOnSuccess = false
	u.run("unlock with sheet", func(ctx context.Context) (int, error) {
		return u.a.d.Vault.UnlockWithSheet(ctx, dir, s)
	}, nil)
}

func (u *unlockScreen) onReset() {
	s, p := u.sheet.Text, u.new1.Text
	switch {
	case s == "":
		u.showError(tr("unlock.sheet_empty"))
		return
	case p == "":
		u.showError(tr("setup.pass.empty"))
		return
	case p != u.new2.Text:
		u.showError(tr("setup.pass.mismatch"))
		return
	}
	if ok, level, reason := u.a.d.Passphrase.Check(p); !ok {
		u.strength.SetText(strengthText(level, reason))
		u.showError(tr("setup.pass.too_weak"))
		return
	}
	dir := u.a.dir
	u.run("reset passphrase", func(ctx context.Context) (int, error) {
		if err := u.a.d.Vault.ResetPassphrase(ctx, dir, s, p); err != nil {
			return 0, err
		}
		return u.a.d.Vault.Unlock(ctx, dir, p)
	}, nil)
}

// onDemo opens the demo school's unlock screen; the real vault stays
// as it is and is offered again by 离开演示.
func (u *unlockScreen) onDemo() {
	dir := u.a.demoDir()
	u.setBusy(true)
	u.a.d.Go(func() {
		pass, err := u.a.d.Demo.CreateDemo(context.Background(), dir)
		fyne.Do(func() {
			u.setBusy(false)
			if err != nil {
				u.showError(errorMessage("create demo", err))
				return
			}
			if u.a.currentUnlock != u {
				return
			}
			u.a.dir = dir
			u.a.showUnlockDemo(pass)
		})
	})
}
