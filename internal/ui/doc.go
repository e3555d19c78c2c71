// Package ui holds the Fyne screens of 心晴. It takes the fyne.App, the
// window and the services as parameters; only cmd/xinqing creates the app.
//
// A tour:
//
//   - services.go declares what the screens consume (Vault, Passphrase,
//     SheetPrinter, Settings, Demo; Restorer in app.go) with the error kinds
//     the adapters map their failures to (ErrWrongPassphrase, ErrDamaged,
//     ErrInUse, SheetError, …) and the injected Clock.
//   - app.go is the controller: one window whose content is the setup
//     wizard (wizard.go, school.go), the unlock screen (unlock.go) or the
//     main shell (shell.go). Replacing the content drops the previous
//     screen, so nothing of a locked vault stays in a widget.
//   - idle.go locks after the idle timeout; widgets.go wraps entries,
//     buttons and the window background so keyboard and pointer activity
//     reach it, and lets Ctrl+L through a focused entry.
//   - i18n.go loads assets/i18n (with the labels of assets.Labels) so that
//     zh-CN is used whatever the OS locale, Fyne's own dialogs included.
//   - errors.go turns error kinds into sentences that say what to do.
//   - fake*.go are memory-only services with the real ones' rules
//     (FakeDeps links them): the screen tests and -preview run on them,
//     and the contract suite of internal/desktop holds them to the real
//     services. uitest is the screen-walking driver of every screen test.
//
// Slow work (key derivation, saving, PDF) runs through Deps.Go off the Fyne
// goroutine and comes back with fyne.Do; tests run it inline.
package ui
