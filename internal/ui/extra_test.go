package ui

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/assets"
	"xinqing/internal/casework"
)

func TestLockClosesOpenDialogs(t *testing.T) {
	h := lockedHarness(t, nil)
	h.unlock(testPass)
	h.vault.emit(SaveState{Status: SaveFailed, Err: ErrDiskFull})
	h.Tap("保存到其他位置…")
	if len(h.win.Canvas().Overlays().List()) == 0 {
		t.Fatal("no folder dialog opened")
	}
	h.win.Canvas().(fyne.Shortcutable).TypedShortcut(lockShortcut())
	h.wantLocked()
	if n := len(h.win.Canvas().Overlays().List()); n != 0 {
		t.Fatalf("got %d dialogs left over the unlock screen, want 0", n)
	}
}

func TestClosingTheWindowSavesAndLocks(t *testing.T) {
	h := lockedHarness(t, func(h *harness, _ *fakeVaultDir) {
		h.win = test.NewWindow(nil) // closed by the app itself
	})
	h.unlock(testPass)
	h.ui.onClose()
	if n := h.vault.lockCount(); n != 1 {
		t.Fatalf("got %d calls of Vault.Lock on close, want 1", n)
	}
	if h.ui.shell != nil {
		t.Fatal("the main window content survived the close")
	}
}

// fakeRestorer "restores" by making a vault in the target folder, after
// checking the backup folder holds a backup file.
type fakeRestorer struct{ v *FakeVault }

func (r fakeRestorer) RestoreFrom(_ context.Context, backupDir, vaultDir string) error {
	if _, err := os.Stat(filepath.Join(backupDir, "20261128T1530-g000124.sha256")); err != nil {
		return fmt.Errorf("no verified backup in %s: %w", backupDir, ErrDamaged)
	}
	r.v.add(vaultDir, testPass)
	return nil
}

func (r fakeRestorer) ListBackups(_ context.Context, backupDir string) ([]FoundBackup, error) {
	if _, err := os.Stat(filepath.Join(backupDir, "20261128T1530-g000124.sha256")); err != nil {
		return nil, fmt.Errorf("no verified backup in %s: %w", backupDir, ErrDamaged)
	}
	return []FoundBackup{{File: filepath.Join(backupDir, "20261128T1530-g000124.age"), Gen: 124,
		Time: time.Date(2026, 11, 28, 15, 30, 0, 0, time.Local), Verified: true, Attachments: 2}}, nil
}

func (r fakeRestorer) RestoreBackup(_ context.Context, file, vaultDir string) error {
	return r.RestoreFrom(context.Background(), filepath.Dir(file), vaultDir)
}

func (r fakeRestorer) PreviewBackup(_ context.Context, file, pass, sheet string) (RestoreSummary, error) {
	if pass != testPass && sheet == "" {
		return RestoreSummary{}, fmt.Errorf("open %s: %w", filepath.Base(file), ErrWrongPassphrase)
	}
	return RestoreSummary{SavedAt: time.Date(2026, 11, 28, 15, 30, 0, 0, time.Local), Gen: 124, Blobs: 2,
		Counts: map[casework.Kind]int{casework.KindStudent: 312, casework.KindCase: 41, casework.KindSession: 187}}, nil
}

func TestRestoreFromBackup(t *testing.T) {
	h := newHarness(t, func(h *harness) {
		h.restorer = fakeRestorer{h.vault}
		h.settings.school = School{Name: "晴川实验中学"} // the restored vault has its profile
	})
	h.WantText("从备份恢复")
	empty := t.TempDir()
	h.ui.currentSetup.restoreFrom(empty)
	h.WantText("档案库数据已损坏")
	if h.vault.Exists(h.vault.DefaultDir()) {
		t.Fatal("a failed restore left a vault")
	}

	backup := t.TempDir()
	if err := os.WriteFile(filepath.Join(backup, "20261128T1530-g000124.sha256"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	h.ui.currentSetup.restoreFrom(backup)
	h.WantText("2026-11-28 15:30  第 124 次保存  附件 2 个  ✓ 已校验")
	for _, o := range h.Dialog() {
		if l, ok := o.(*widget.List); ok {
			l.Select(0)
		}
	}
	// The counts are inside the backup: its passphrase first.
	h.WantText("输入备份时的密码")
	h.WantText("记录数在备份里加密保存")
	h.Tap("查看备份内容")
	h.WantText("请输入备份时的密码或恢复密钥单。")
	h.Fill("备份时的密码（按回车查看）", "not the passphrase")
	h.Tap("查看备份内容")
	h.WantText("密码不对。请输入做这份备份时使用的密码")
	if h.vault.Exists(h.vault.DefaultDir()) {
		t.Fatal("a wrong passphrase laid out a vault")
	}
	h.Fill("备份时的密码（按回车查看）", testPass)
	h.Tap("查看备份内容")
	// The confirmation names what will be restored, counts included.
	h.WantText("将把 2026-11-28 15:30 的备份（第 124 次保存）恢复为这台电脑上的档案库。")
	texts := h.Texts()
	for _, want := range []string{"学生：312", "个案：41", "个别辅导记录：187", "附件：2 个"} {
		if !strings.Contains(texts, want) {
			t.Errorf("the confirmation does not name %q:\n%s", want, texts)
		}
	}
	if h.vault.Exists(h.vault.DefaultDir()) {
		t.Fatal("a vault was laid out before the confirmation")
	}
	h.Tap("恢复")
	// Opened with the passphrase already given.
	h.wantShell()
}

func TestWithoutRestorerOrDemoTheirChoicesAreHidden(t *testing.T) {
	h := newHarness(t, nil)
	h.WantNoText("从备份恢复")
	h.ui.d.Demo = nil
	h.ui.showSetup()
	h.WantNoText("试用演示学校")
	h.WantText("新建加密档案库")
}

// slowVault blocks Create until the context is cancelled.
type slowVault struct {
	*FakeVault
	started chan struct{}
}

func (v slowVault) Create(ctx context.Context, dir, pass string) (Sheet, error) {
	close(v.started)
	<-ctx.Done()
	return Sheet{}, fmt.Errorf("derive key: %w", ctx.Err())
}

func TestCreateRunsInTheBackgroundAndCanBeCancelled(t *testing.T) {
	var mu sync.Mutex
	h := newHarness(t, func(h *harness) {
		h.goRun = func(f func()) {
			go func() {
				mu.Lock()
				defer mu.Unlock()
				f()
			}()
		}
	})
	sv := slowVault{FakeVault: h.vault, started: make(chan struct{})}
	h.ui.d.Vault = sv
	h.Tap("新建加密档案库")
	h.Tap("下一步")
	h.Tap("创建档案库")
	select {
	case <-sv.started:
	case <-time.After(5 * time.Second):
		t.Fatal("Create did not start")
	}
	h.WantText("正在创建加密档案库，请稍候…")
	if !h.Button("创建档案库").Disabled() || !h.Button("上一步").Disabled() {
		t.Fatal("the wizard's buttons stay enabled while the vault is being created")
	}
	h.Tap("取消")
	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		done := strings.Contains(h.Texts(), "操作已取消")
		mu.Unlock()
		if done {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no cancellation message; screen shows:\n%s", h.Texts())
		}
		time.Sleep(10 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if h.Button("创建档案库").Disabled() {
		t.Fatal("the create button stays disabled after cancelling")
	}
}

func TestThemeUsesTheBundledCJKFontForEveryTextStyle(t *testing.T) {
	th := NewTheme()
	for _, tc := range []struct {
		name  string
		style fyne.TextStyle
	}{
		{"regular", fyne.TextStyle{}},
		{"bold", fyne.TextStyle{Bold: true}},
		{"italic", fyne.TextStyle{Italic: true}},
		{"bold italic", fyne.TextStyle{Bold: true, Italic: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Regular text takes the whole face; bold and italic its
			// common part (the rest comes through the fallback).
			want := assets.FontCJK
			if tc.style != (fyne.TextStyle{}) {
				want = assets.FontCJKCommon()
			}
			f := th.Font(tc.style)
			if !bytes.Equal(f.Content(), want) {
				t.Fatalf("got font %q (%d bytes), want the bundled CJK font (%d bytes)", f.Name(), len(f.Content()), len(want))
			}
		})
	}
	if got := th.Font(fyne.TextStyle{Monospace: true}); got != theme.DefaultTheme().Font(fyne.TextStyle{Monospace: true}) {
		t.Fatalf("got monospace font %q, want Fyne's (the recovery sheet groups are ASCII)", got.Name())
	}
}

func TestIdleTimeoutChangedOnTheWorkbench(t *testing.T) {
	h := lockedHarness(t, nil)
	h.unlock(testPass)
	var idle *widget.Select
	for _, o := range h.Visible() {
		if s, ok := o.(*widget.Select); ok && s.Selected == "5 分钟" {
			idle = s
		}
	}
	if idle == nil {
		t.Fatalf("no idle-lock choice showing 5 分钟; screen shows:\n%s", h.Texts())
	}
	h.clock.Advance(30 * time.Second)
	idle.SetSelected("1 分钟")
	if got := h.app.Preferences().Int(prefIdleMinutes); got != 1 {
		t.Fatalf("got idle minutes preference %d, want 1", got)
	}
	h.clock.Advance(59 * time.Second) // the change itself counts as activity
	h.wantShell()
	h.clock.Advance(time.Second)
	h.wantLocked()
}
