package ui

import (
	"context"
	"math/rand/v2"
	"net/url"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"xinqing/assets"
)

// Preference keys (fyne.App preferences, outside the vault: nothing in
// them is confidential).
const (
	prefVaultDir    = "vault.dir"
	prefLanguage    = "ui.language"
	prefIdleMinutes = "ui.idle_minutes"
)

// Idle lock bounds (SECURITY.md, "Session hygiene").
const (
	defaultIdleMinutes = 5
	minIdleMinutes     = 1
	maxIdleMinutes     = 30
	clipboardClear     = 30 * time.Second
)

// Deps are the services the screens use. Vault, Passphrase, Printer and
// Settings are required; Demo and Restorer are optional (their choices
// are hidden without them); Clock and Rand default to the real ones.
type Deps struct {
	Vault      Vault
	Passphrase Passphrase
	Printer    SheetPrinter
	Settings   Settings
	Demo       Demo
	Restorer   Restorer
	Cases      CaseService // 个案, 重点学生, 危机与转介; optional
	// Students backs the workbench, the student list and the student
	// page; optional (the screens say they are not available without it).
	Students StudentService
	// Groups backs 团体辅导, 心理委员, 班级周报 and 活动与日志; optional.
	Groups GroupService
	// Reports backs 月报与报表, 备份 and 设置; optional.
	Reports ReportsService
	// Years backs 设置 → 学年 (升年级) and the student page's 转出 / 返校;
	// optional.
	Years YearService
	// Places chooses where the vault lives and checks it for a
	// rollback; optional.
	Places Places
	// Results backs the screening work list and paper entry; optional.
	Results ResultsService
	// County backs the county vault (县（区）汇总库); optional.
	County CountyService
	// Appointments backs 预约 and the workbench's today block; optional.
	Appointments AppointmentService
	// ResultsImport backs 导入平台结果 on the screening form; optional.
	ResultsImport ResultsImportService
	// PickOpen replaces the open-file dialog of 导入平台结果 (tests,
	// scripted screenshots).
	PickOpen func(f func(path string))
	// Changes tells the open screen about every committed edit; optional.
	Changes Changes
	// Search backs the top bar's search (Ctrl+F); optional.
	Search SearchService
	// FilePrinter prints saved PDFs the system's way; optional (打印 then
	// says there is no print path).
	FilePrinter FilePrinter
	// OpenURL replaces the system's opener (tests); nil: fyne's.
	OpenURL func(*url.URL) error
	// PickSave replaces the save dialog (tests, scripted screenshots):
	// it calls f with the path a file named name goes to.
	PickSave func(name string, f func(path string))
	// PickFolder replaces the folder dialog of the restore (tests).
	PickFolder func(f func(dir string))
	// Screen is the room a window has on the screen (nil or !ok:
	// unknown); the first window is shrunk to it when it is smaller than
	// the size the app opens at.
	Screen func() (width, height float32, ok bool)
	Clock  Clock
	// Rand returns a number in [0, n); it picks the recovery sheet
	// groups the user types back.
	Rand func(n int) int
	// Go runs slow work (KDF, saving, PDF) off the Fyne goroutine; the
	// work reports back through fyne.Do. Default: a new goroutine.
	Go func(func())
}

// Restorer copies a verified backup into a new vault folder (the key is
// not needed for that; the unlock that follows decrypts and checks it).
type Restorer interface {
	RestoreFrom(ctx context.Context, backupDir, vaultDir string) error
	// ListBackups lists every backup under backupDir, newest first, each
	// checked against its manifest (no key needed).
	ListBackups(ctx context.Context, backupDir string) ([]FoundBackup, error)
	// RestoreBackup lays out a new vault in vaultDir from one listed
	// backup (FoundBackup.File).
	RestoreBackup(ctx context.Context, file, vaultDir string) error
	// PreviewBackup opens one listed backup in memory with the passphrase
	// or the typed recovery sheet of its time and says what it holds
	// (record counts); nothing is written.
	PreviewBackup(ctx context.Context, file, passphrase, sheet string) (RestoreSummary, error)
}

// FoundBackup is one backup found on a stick.
type FoundBackup struct {
	File        string
	VaultID     string
	Time        time.Time
	Gen         uint64
	Verified    bool
	Attachments int
}

// App is the running UI: one window whose content is the setup wizard,
// the unlock screen or the main shell.
type App struct {
	fa  fyne.App
	win fyne.Window
	d   Deps
	act *activity

	dir      string // the vault folder in use
	demo     bool   // the vault in use is the demo school
	demoPass string // its published passphrase

	idle          *idleLock
	shell         *shell        // nil unless unlocked
	currentUnlock *unlockScreen // the unlock screen when it is shown
	currentSetup  *setupWizard  // the setup wizard when it is shown
	// draft is the unsaved edit of the screen that was open when the
	// vault locked, in memory only (drafts.go).
	draft *heldDraft
	// searchEntry is the top bar's search field (nil while locked).
	searchEntry *entry
}

// lockShortcut is Ctrl+L (Cmd+L on macOS).
func lockShortcut() *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault}
}

// Create sets the theme, icon and language and shows the first screen:
// the unlock screen when a vault exists, the setup wizard otherwise.
func Create(fa fyne.App, w fyne.Window, d Deps) *App {
	fa.SetIcon(fyne.NewStaticResource("xinqing.png", assets.Icon))
	a := New(fa, w, d)
	fa.Settings().SetTheme(a.appTheme())
	w.SetTitle(tr("app.name"))
	size, shrunk := windowSize(d.Screen)
	w.Resize(size)
	if shrunk {
		w.CenterOnScreen()
	}
	a.Start()
	return a
}

// windowSize is the size the app opens at, shrunk to the screen's room
// when that is known and smaller.
func windowSize(screen func() (float32, float32, bool)) (fyne.Size, bool) {
	size := fyne.NewSize(1100, 720)
	if screen == nil {
		return size, false
	}
	w, h, ok := screen()
	if !ok || (w >= size.Width && h >= size.Height) {
		return size, false
	}
	return fyne.NewSize(min(w, size.Width), min(h, size.Height)), true
}

// New wires the app to the window without showing anything.
func New(fa fyne.App, w fyne.Window, d Deps) *App {
	if d.Clock == nil {
		d.Clock = SystemClock{}
	}
	if d.Rand == nil {
		d.Rand = rand.IntN
	}
	if d.Go == nil {
		d.Go = func(f func()) { go f() }
	}
	a := &App{fa: fa, win: w, d: d}
	if err := UseLanguage(a.language()); err != nil {
		fyne.LogError("load translations", err)
	}
	a.act = &activity{touch: a.touched, shortcut: a.shortcut}
	a.idle = newIdleLock(d.Clock, a.idleTimeout(), a.lockNow)
	c := w.Canvas()
	c.SetOnTypedKey(func(*fyne.KeyEvent) { a.touched() })
	c.SetOnTypedRune(func(rune) { a.touched() })
	if dc, ok := c.(desktop.Canvas); ok {
		dc.SetOnKeyDown(func(*fyne.KeyEvent) { a.touched() })
	}
	c.AddShortcut(lockShortcut(), func(fyne.Shortcut) { a.lockNow() })
	c.AddShortcut(searchShortcut(), func(fyne.Shortcut) { a.focusSearch() })
	w.SetCloseIntercept(a.onClose)
	// A closed window's idle lock never fires: it would lock and redraw a
	// window that is gone (and, in tests, race the next test's screens).
	w.SetOnClosed(a.idle.stop)
	return a
}

// Close saves and locks, then closes the window, as the window's close
// button does.
func (a *App) Close() { a.onClose() }

// onClose saves and locks before the window closes (SECURITY.md: the
// vault is always saved on exit).
func (a *App) onClose() {
	if a.hasUnsaved() {
		a.confirmClose(a.closeNow)
		return
	}
	a.closeNow()
}

func (a *App) closeNow() {
	if !a.idle.running() {
		a.win.Close()
		return
	}
	a.idle.stop()
	if a.shell != nil {
		a.shell.close()
	}
	a.shell = nil
	a.setContent(page(520, heading(tr("exit.title")), widget.NewProgressBarInfinite()))
	dir, demo := a.dir, a.demo
	a.d.Go(func() {
		err := a.d.Vault.Lock(context.Background())
		if err != nil {
			fyne.LogError("lock vault on exit", err)
		}
		if err == nil && !demo && a.d.Places != nil {
			a.d.Places.CleanExit(dir)
		}
		fyne.Do(a.win.Close)
	})
}

// Start shows the unlock screen if the remembered (or default) folder
// holds a vault, else the setup wizard.
func (a *App) Start() {
	dir := ""
	if a.d.Places != nil {
		dir = a.d.Places.RememberedDir()
	}
	if dir == "" {
		dir = a.fa.Preferences().String(prefVaultDir)
	}
	if dir == "" {
		dir = a.d.Vault.DefaultDir()
	}
	a.dir = dir
	if !a.d.Vault.Exists(dir) && a.d.Places != nil {
		// Re-installed, or the location file went back with the system
		// drive: the vault may wait in the recommended folder (D:\心晴档案库).
		if p, err := a.d.Places.VaultPlaces(context.Background()); err == nil && p.Recommended != dir && a.d.Vault.Exists(p.Recommended) {
			a.useDir(p.Recommended)
			dir = p.Recommended
		}
	}
	if a.d.Vault.Exists(dir) {
		notice := ""
		if a.d.Places != nil && a.d.Places.SystemDriveReverted(dir) {
			notice = tr("place.reverted_drive")
		}
		a.showUnlock(notice)
		return
	}
	a.showSetup()
}

func (a *App) language() string {
	if a.fa.Preferences().StringWithFallback(prefLanguage, LangChinese) == LangEnglish {
		return LangEnglish
	}
	return LangChinese
}

// setLanguage switches the language and rebuilds the current screen
// (only offered where no data is on screen).
func (a *App) setLanguage(code string, rebuild func()) {
	if code == a.language() {
		return
	}
	a.fa.Preferences().SetString(prefLanguage, code)
	if err := UseLanguage(code); err != nil {
		fyne.LogError("switch language", err)
		return
	}
	rebuild()
}

func (a *App) idleTimeout() time.Duration {
	m := a.fa.Preferences().IntWithFallback(prefIdleMinutes, defaultIdleMinutes)
	m = min(max(m, minIdleMinutes), maxIdleMinutes)
	return time.Duration(m) * time.Minute
}

func (a *App) setIdleMinutes(m int) {
	m = min(max(m, minIdleMinutes), maxIdleMinutes)
	a.fa.Preferences().SetInt(prefIdleMinutes, m)
	a.idle.setTimeout(time.Duration(m) * time.Minute)
}

func (a *App) touched() { a.idle.touch() }

func (a *App) shortcut(s fyne.Shortcut) bool {
	switch s.ShortcutName() {
	case lockShortcut().ShortcutName():
		a.lockNow()
		return true
	case searchShortcut().ShortcutName():
		if a.shell == nil {
			return false
		}
		a.focusSearch()
		return true
	}
	return false
}

// setContent replaces the whole window content; the previous screen is
// dropped so no case data stays referenced by a widget.
func (a *App) setContent(o fyne.CanvasObject) {
	c := a.win.Canvas()
	c.Unfocus()
	for _, ov := range c.Overlays().List() { // open dialogs go too
		ov.Hide()
		c.Overlays().Remove(ov)
	}
	a.currentUnlock = nil
	a.currentSetup = nil
	a.win.SetContent(tracked(a.act, o))
}

func (a *App) showSetup() {
	a.shell = nil
	w := newSetupWizard(a)
	a.setContent(w.view())
	a.currentSetup = w
}

func (a *App) showUnlock(notice string) {
	a.shell = nil
	u := newUnlockScreen(a, notice)
	a.setContent(u.view())
	a.currentUnlock = u
	a.win.Canvas().Focus(u.pass)
}

// unlocked runs after a successful create or unlock: start the idle
// lock, then ask for the school profile if it is missing, else show the
// shell.
func (a *App) unlocked(failed int) {
	a.idle.start()
	ctx := context.Background()
	a.d.Go(func() {
		isCounty := false
		if a.d.County != nil {
			isCounty, _ = a.d.County.IsCounty(ctx)
		}
		s, err := a.d.Settings.School(ctx)
		fyne.Do(func() {
			if !a.idle.running() {
				return // locked meanwhile
			}
			if isCounty {
				a.showCounty()
				return
			}
			if err != nil {
				fyne.LogError("read school profile", err)
			}
			if err == nil && s.Name == "" {
				a.showSchoolSetup(failed, s)
			} else {
				a.showShell(failed)
			}
			a.showOpenReport()
		})
	})
}

// checkRollback asks, after an unlock, whether the vault here is older
// than a stick's verified backup or than what this PC opened last; the
// shell then says so above every screen.
func (a *App) checkRollback() {
	if a.d.Places == nil || a.demo {
		return
	}
	sh := a.shell
	a.d.Go(func() {
		r, err := a.d.Places.CheckRollback(context.Background())
		fyne.Do(func() {
			if err != nil {
				fyne.LogError("check for a rollback", err)
				return
			}
			if r.Found() && sh != nil && sh == a.shell {
				sh.showRollback(r)
			}
		})
	})
}

func (a *App) showSchoolSetup(failed int, s School) {
	a.shell = nil
	w := newSetupWizard(a)
	w.failed = failed
	w.school.set(s)
	w.step = stepSchool
	w.schoolOnly = true
	a.setContent(w.view())
	a.currentSetup = w
}

func (a *App) showShell(failed int) {
	a.shell = newShell(a, failed)
	a.setContent(a.shell.view())
	a.restoreDraft()
	a.checkRollback()
}

// lockNow locks the vault and leaves only the unlock screen. The vault
// saves and closes in the background; a failure is told on the unlock
// screen.
func (a *App) lockNow() {
	if !a.idle.running() {
		return // nothing unlocked
	}
	a.idle.stop()
	a.keepDraft()
	if a.shell != nil {
		a.shell.close()
	}
	a.shell = nil
	a.showUnlock("")
	u := a.unlockScreenInView()
	a.d.Go(func() {
		err := a.d.Vault.Lock(context.Background())
		if err == nil {
			return
		}
		fyne.LogError("lock vault", err)
		fyne.Do(func() {
			if u != nil && u == a.unlockScreenInView() {
				u.showError(tr("lock.save_failed"))
			}
		})
	})
}

// unlockScreenInView returns the unlock screen if it is what the window
// shows.
func (a *App) unlockScreenInView() *unlockScreen {
	return a.currentUnlock
}

// copySecret puts text on the clipboard and clears it after 30 s if it
// is still there.
func (a *App) copySecret(text string) {
	cb := a.fa.Clipboard()
	cb.SetContent(text)
	a.d.Clock.AfterFunc(clipboardClear, func() {
		fyne.Do(func() {
			if cb.Content() == text {
				cb.SetContent("")
			}
		})
	})
}

// demoDir is where the demo school lives, beside the real vault.
func (a *App) demoDir() string {
	return filepath.Join(filepath.Dir(a.d.Vault.DefaultDir()), "xinqing-demo")
}

// useDir makes dir the vault folder, remembered for the next start
// (the demo school is never remembered).
func (a *App) useDir(dir string) {
	a.dir = dir
	a.demo, a.demoPass = false, ""
	a.fa.Preferences().SetString(prefVaultDir, dir)
	if a.d.Places != nil {
		if err := a.d.Places.Remember(dir); err != nil {
			fyne.LogError("remember the vault folder", err)
		}
	}
}

// showUnlockDemo shows the unlock screen of the demo school with its
// published passphrase.
func (a *App) showUnlockDemo(pass string) {
	a.demo, a.demoPass = true, pass
	a.showUnlock("")
}

// leaveDemo returns to the real vault (or its setup).
func (a *App) leaveDemo() {
	a.demo, a.demoPass = false, ""
	a.Start()
}
