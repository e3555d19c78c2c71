package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"xinqing/internal/ui/uitest"
)

const testPass = "correct horse battery staple"

// lockedHarness starts with an existing vault, so the unlock screen shows.
func lockedHarness(t *testing.T, prepare func(h *harness, d *fakeVaultDir)) *harness {
	t.Helper()
	return newHarness(t, func(h *harness) {
		d := h.vault.add(h.vault.DefaultDir(), testPass)
		h.settings.school = School{Name: "晴川实验中学"}
		if prepare != nil {
			prepare(h, d)
		}
	})
}

func (h *harness) unlock(pass string) {
	h.t.Helper()
	e := h.entry("密码（按回车解锁）")
	uitest.TypeInto(e, pass)
	uitest.Submit(e)
}

func (h *harness) wantShell() {
	h.t.Helper()
	if h.ui.shell == nil {
		h.t.Fatalf("got no main window after unlock; screen shows:\n%s", h.Texts())
	}
	h.WantText("工作台")
}

func (h *harness) wantLocked() {
	h.t.Helper()
	if h.ui.shell != nil || h.ui.currentUnlock == nil {
		h.t.Fatalf("got no unlock screen; screen shows:\n%s", h.Texts())
	}
	h.WantText("解锁档案库")
	h.WantNoText("工作台")
	h.WantNoText("晴川实验中学")
}

func TestUnlockWithThePassphrase(t *testing.T) {
	h := lockedHarness(t, nil)
	h.WantText("解锁档案库")
	if h.win.Canvas().Focused() != h.ui.currentUnlock.pass {
		t.Fatal("the passphrase field does not have the focus")
	}

	h.unlock("not the passphrase")
	h.WantText("密码不正确")
	if h.ui.shell != nil {
		t.Fatal("a wrong passphrase unlocked")
	}
	if got := h.entry("密码（按回车解锁）").Text; got != "" {
		t.Fatalf("got %q left in the passphrase field after a wrong try, want it cleared", got)
	}
	h.unlock("still wrong")

	h.unlock(testPass)
	h.wantShell()
	h.WantText("自上次解锁以来有 2 次失败的解锁尝试")
	h.WantText("晴川实验中学")
	h.Tap("知道了")
	h.WantNoText("失败的解锁尝试")
}

func TestNoFailedAttemptsNoticeWhenThereWereNone(t *testing.T) {
	h := lockedHarness(t, nil)
	h.unlock(testPass)
	h.wantShell()
	h.WantNoText("失败的解锁尝试")
}

func TestUnlockErrorsAreToldApart(t *testing.T) {
	for _, tc := range []struct {
		name    string
		prepare func(d *fakeVaultDir)
		pass    string
		want    string
	}{
		{"a wrong passphrase says so and points to the sheet", nil, "nope nope nope", "如果忘记了密码，请点“忘记密码”"},
		{"damaged data says to restore from a backup", func(d *fakeVaultDir) { d.damaged = true }, testPass, "档案库数据已损坏，无法打开。请不要删除任何文件：用“从备份恢复”"},
		{"a vault in use says to close the other window", func(d *fakeVaultDir) { d.inUse = true }, testPass, "档案库正在另一个心晴窗口中使用"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := lockedHarness(t, func(_ *harness, d *fakeVaultDir) {
				if tc.prepare != nil {
					tc.prepare(d)
				}
			})
			h.unlock(tc.pass)
			h.WantText(tc.want)
			if h.ui.shell != nil {
				t.Fatal("got unlocked, want refused")
			}
		})
	}
}

func TestErrorMessagesForEveryKind(t *testing.T) {
	test.NewTempApp(t)
	if err := UseLanguage(LangChinese); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("open: %w", ErrWrongPassphrase), "密码不正确"},
		{fmt.Errorf("open: %w", ErrDamaged), "档案库数据已损坏"},
		{fmt.Errorf("open: %w", ErrInUse), "另一个心晴窗口"},
		{fmt.Errorf("open: %w", ErrNoVault), "这个文件夹里没有档案库"},
		{fmt.Errorf("create: %w", ErrVaultExists), "已经有档案库"},
		{fmt.Errorf("write: %w", ErrDiskFull), "磁盘空间不足"},
		{fmt.Errorf("write: %w", ErrPermission), "没有权限"},
		{fmt.Errorf("sheet: %w", &SheetError{Group: 7}), "恢复密钥第 7 组有误"},
		{fmt.Errorf("sheet: %w", &SheetError{}), "组数不对"},
		{fmt.Errorf("save elsewhere: %w", ErrNotAvailable), "当前版本中还不可用"},
		{errors.New("something else"), "发生了意外错误"},
	} {
		if got := errorMessage("test", tc.err); !strings.Contains(got, tc.want) {
			t.Errorf("error %v: got %q, want it to contain %q", tc.err, got, tc.want)
		}
	}
}

func TestUnlockWithTheRecoverySheet(t *testing.T) {
	h := lockedHarness(t, nil)
	h.Tap("使用恢复密钥")
	sheet := fakeSheet()
	typed := append([]string(nil), sheet.Groups...)
	typed[6] = "QQQQQ"
	e := h.entry("恢复密钥单上的全部分组")
	uitest.TypeInto(e, strings.Join(typed, " "))
	h.Tap("解锁")
	h.WantText("恢复密钥第 7 组有误")
	if e.Text == "" {
		t.Fatal("the typed sheet was cleared after an error; want it kept for correcting one group")
	}

	// Line breaks and lower case are fine.
	uitest.TypeInto(e, strings.ToLower(strings.Join(sheet.Groups[:8], " ")+"\n"+strings.Join(sheet.Groups[8:], " ")))
	h.Tap("解锁")
	h.wantShell()
	h.WantText("自上次解锁以来有 1 次失败的解锁尝试")
}

func TestForgotPassphraseSetsANewOne(t *testing.T) {
	h := lockedHarness(t, nil)
	h.Tap("忘记密码")
	uitest.TypeInto(h.entry("恢复密钥单上的全部分组"), strings.Join(fakeSheet().Groups, " "))
	uitest.TypeInto(h.entry("新密码"), "short")
	uitest.TypeInto(h.entry("再输入一次"), "short")
	h.Tap("设置新密码并解锁")
	h.WantText("这个密码太容易被猜到")
	if got := h.vault.vaults[h.vault.DefaultDir()].pass; got != testPass {
		t.Fatalf("a refused new passphrase was set: got %q", got)
	}

	const next = "山高月小 水落石出 二〇二六"
	uitest.TypeInto(h.entry("新密码"), next)
	h.WantNoText("这个密码太容易被猜到") // a strong one drops the refusal
	if !strings.Contains(h.Texts(), "强度：") || strings.Contains(h.Texts(), "（强度：") {
		t.Fatalf("the strength is not said once:\n%s", h.Texts())
	}
	uitest.TypeInto(h.entry("再输入一次"), next)
	h.Tap("设置新密码并解锁")
	h.wantShell()
	if got := h.vault.vaults[h.vault.DefaultDir()].pass; got != next {
		t.Fatalf("got passphrase %q after the reset, want the new one", got)
	}

	h.ui.lockNow()
	h.wantLocked()
	h.unlock(next)
	h.wantShell()
}

func TestIdleLock(t *testing.T) {
	for _, tc := range []struct {
		name    string
		minutes int // 0: the default
		want    time.Duration
	}{
		{"locks after the default five idle minutes", 0, 5 * time.Minute},
		{"locks after one minute when so configured", 1, time.Minute},
		{"locks after thirty minutes when so configured", 30, 30 * time.Minute},
		{"a setting above thirty minutes is held to thirty", 90, 30 * time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := lockedHarness(t, func(h *harness, _ *fakeVaultDir) {
				if tc.minutes != 0 {
					h.app.Preferences().SetInt(prefIdleMinutes, tc.minutes)
				}
			})
			h.unlock(testPass)
			h.wantShell()
			h.clock.Advance(tc.want - time.Second)
			h.wantShell()
			if n := h.vault.lockCount(); n != 0 {
				t.Fatalf("got %d locks before the timeout, want 0", n)
			}
			h.clock.Advance(time.Second)
			h.wantLocked()
			if n := h.vault.lockCount(); n != 1 {
				t.Fatalf("got %d calls of Vault.Lock, want 1", n)
			}
			if n := h.vault.watcherCount(); n != 0 {
				t.Fatalf("got %d save-state subscriptions left after lock, want 0", n)
			}
		})
	}
}

func TestActivityPostponesTheIdleLock(t *testing.T) {
	for _, tc := range []struct {
		name string
		act  func(h *harness)
	}{
		{"a key typed with nothing focused", func(h *harness) { h.win.Canvas().OnTypedRune()('a') }},
		{"a tap on a navigation entry", func(h *harness) { h.ui.shell.nav.Select(1) }},
		{"a click on the window background", func(h *harness) { test.TapCanvas(h.win.Canvas(), fyne.NewPos(600, 600)) }},
		{"the pointer moving over the window", func(h *harness) { test.MoveMouse(h.win.Canvas(), fyne.NewPos(600, 5)) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := lockedHarness(t, nil)
			h.unlock(testPass)
			h.clock.Advance(4 * time.Minute)
			tc.act(h)
			h.clock.Advance(4 * time.Minute) // 8 min since unlock, 4 since activity
			h.wantShell()
			h.clock.Advance(time.Minute)
			h.wantLocked()
			if n := h.vault.lockCount(); n != 1 {
				t.Fatalf("got %d calls of Vault.Lock, want 1", n)
			}
		})
	}
}

func TestTypingInAFieldPostponesTheIdleLock(t *testing.T) {
	h := lockedHarness(t, func(h *harness, _ *fakeVaultDir) { h.settings.school = School{} })
	h.unlock(testPass)
	f := h.ui.currentSetup.school // the profile is missing: it is asked for
	h.clock.Advance(4 * time.Minute)
	test.Type(f.name, "晴")
	h.clock.Advance(4 * time.Minute)
	if h.ui.currentSetup == nil {
		t.Fatal("locked although the counselor was typing")
	}
	h.clock.Advance(time.Minute)
	h.wantLocked()
}

func TestCtrlLLocks(t *testing.T) {
	t.Run("on the window", func(t *testing.T) {
		h := lockedHarness(t, nil)
		h.unlock(testPass)
		h.wantShell()
		h.win.Canvas().(fyne.Shortcutable).TypedShortcut(lockShortcut())
		h.wantLocked()
		if n := h.vault.lockCount(); n != 1 {
			t.Fatalf("got %d calls of Vault.Lock, want 1", n)
		}
	})
	t.Run("while a field has the focus", func(t *testing.T) {
		h := lockedHarness(t, func(h *harness, _ *fakeVaultDir) { h.settings.school = School{} })
		h.unlock(testPass)
		f := h.ui.currentSetup.school
		h.win.Canvas().Focus(f.name)
		test.Type(f.name, "晴川")
		f.name.TypedShortcut(lockShortcut())
		h.wantLocked()
		if n := h.vault.lockCount(); n != 1 {
			t.Fatalf("got %d calls of Vault.Lock, want 1", n)
		}
		for _, o := range h.Visible() {
			if e, ok := o.(*entry); ok && strings.Contains(e.Text, "晴川") {
				t.Fatal("typed data is still in a widget after lock")
			}
		}
	})
	t.Run("the toolbar button", func(t *testing.T) {
		h := lockedHarness(t, nil)
		h.unlock(testPass)
		h.Tap("锁定（Ctrl+L）")
		h.wantLocked()
		if n := h.vault.lockCount(); n != 1 {
			t.Fatalf("got %d calls of Vault.Lock, want 1", n)
		}
	})
	t.Run("does nothing when already locked", func(t *testing.T) {
		h := lockedHarness(t, nil)
		h.win.Canvas().(fyne.Shortcutable).TypedShortcut(lockShortcut())
		if n := h.vault.lockCount(); n != 0 {
			t.Fatalf("got %d calls of Vault.Lock while locked, want 0", n)
		}
	})
}

func TestStatusBarShowsTheSaveState(t *testing.T) {
	h := lockedHarness(t, nil)
	h.unlock(testPass)
	h.WantText("尚无更改")

	h.vault.emit(SaveState{Status: Saving})
	h.WantText("保存中…")

	h.vault.emit(SaveState{Status: Saved, At: time.Date(2026, 11, 28, 14, 3, 9, 0, time.Local)})
	h.WantText("已保存 14:03:09")
	if h.ui.shell.saveElsewhere.Visible() {
		t.Fatal("保存到其他位置 is offered although the save succeeded")
	}

	for _, tc := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("write gen: %w", ErrDiskFull), "未保存：磁盘已满 — 请清理磁盘空间，或立即保存到其他位置"},
		{fmt.Errorf("write gen: %w", ErrPermission), "未保存：没有写入权限 — 请立即保存到其他位置"},
		{errors.New("input/output error"), "未保存：写入磁盘失败 — 数据仍在内存中"},
	} {
		h.vault.emit(SaveState{Status: SaveFailed, Err: tc.err})
		h.WantText(tc.want)
		if got, want := h.ui.shell.saveText.Color, theme.Color(theme.ColorNameError); got != want {
			t.Fatalf("got status colour %v, want the error colour %v", got, want)
		}
	}
	h.Button("保存到其他位置…")
	dir := t.TempDir()
	h.ui.shell.saveTo(dir)
	h.WantText("已另存到 " + dir)
	if len(h.vault.elsewh) != 1 || h.vault.elsewh[0] != dir {
		t.Fatalf("got SaveElsewhere calls %v, want one to %s", h.vault.elsewh, dir)
	}
}

func TestCopiedPassphraseIsClearedAfterThirtySeconds(t *testing.T) {
	h := newHarness(t, nil)
	h.Tap("新建加密档案库")
	h.Tap("下一步")
	h.Tap("复制")
	cb := h.app.Clipboard()
	if got := cb.Content(); got != "lan-shan-he-yun-qing-feng-1" {
		t.Fatalf("got clipboard %q, want the generated passphrase", got)
	}
	h.WantText("剪贴板将在 30 秒后自动清空")
	h.clock.Advance(29 * time.Second)
	if cb.Content() == "" {
		t.Fatal("clipboard cleared before 30 s")
	}
	h.clock.Advance(time.Second)
	if got := cb.Content(); got != "" {
		t.Fatalf("got clipboard %q after 30 s, want it cleared", got)
	}

	h.Tap("复制")
	cb.SetContent("something the user copied since")
	h.clock.Advance(30 * time.Second)
	if got := cb.Content(); got != "something the user copied since" {
		t.Fatalf("got clipboard %q, want the user's own later copy kept", got)
	}
}

func TestDemoSchoolIsMarkedAndShowsItsPassphrase(t *testing.T) {
	h := newHarness(t, nil)
	h.Tap("试用演示学校")
	h.WantText("演示数据")
	h.WantText("演示密码：yan-shi-xue-xiao-2026")
	h.Tap("填入演示密码并解锁")
	// The demo has no profile in the fake: it is asked for, still marked.
	if h.ui.dir != h.ui.demoDir() {
		t.Fatalf("got vault folder %q, want the demo folder %q", h.ui.dir, h.ui.demoDir())
	}
	if got := h.app.Preferences().String(prefVaultDir); got != "" {
		t.Fatalf("the demo folder was remembered as the vault: %q", got)
	}
	h.settings.school = School{Name: "演示学校"}
	h.ui.showShell(0)
	h.WantText("演示数据")
	h.WantText("演示学校")

	// Locked again, the demo still says what it is and how to open it.
	h.ui.lockNow()
	h.WantText("演示密码：yan-shi-xue-xiao-2026")
	h.Tap("退出演示")
	h.WantText("欢迎使用心晴")
	if h.ui.demo || h.ui.dir != h.vault.DefaultDir() {
		t.Fatalf("got demo=%v dir=%q after leaving the demo, want the real default folder", h.ui.demo, h.ui.dir)
	}
}

func TestLanguageSwitchToEnglish(t *testing.T) {
	h := newHarness(t, nil)
	h.WantText("欢迎使用心晴")
	h.ui.setLanguage(LangEnglish, h.ui.showSetup)
	h.WantText("Welcome to XinQing")
	h.WantText("Create an encrypted vault")
	if got := h.app.Preferences().String(prefLanguage); got != LangEnglish {
		t.Fatalf("got language preference %q, want en", got)
	}
	h.ui.setLanguage(LangChinese, h.ui.showSetup)
	h.WantText("欢迎使用心晴")
}
