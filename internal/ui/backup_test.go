package ui

import (
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"

	"xinqing/internal/casework"
	"xinqing/internal/ui/uitest"
)

func TestBackupShowsTheOverdueAgeInRedAndBacksUpToTheDrive(t *testing.T) {
	h, f := newReportsHarness(t)
	b := newBackup(h.ui).(*backupScreen)
	h.repShow(b)
	if !strings.Contains(b.age.Text, "18 天前") || !strings.Contains(b.age.Text, "已超过 14 天") {
		t.Fatalf("got %q, want the age and the overdue reminder", b.age.Text)
	}
	if b.age.Color != theme.Color(theme.ColorNameError) {
		t.Fatalf("got colour %v for an overdue backup, want the error colour", b.age.Color)
	}
	if b.folder != f.drives[0].Path {
		t.Fatalf("got folder %q, want the only drive chosen", b.folder)
	}
	if !strings.Contains(b.driveSel.Selected, "KINGSTON") || !strings.Contains(b.driveSel.Selected, "FAT32：单个文件不超过 4 GB") {
		t.Fatalf("got drive %q, want its label and the FAT32 limit", b.driveSel.Selected)
	}
	h.Tap("立即备份")
	h.WantText("备份完成并已校验")
	h.WantText("附件文件 3 个，本次新写入 2 个。")
	h.WantText("有 1 个附件文件在本机已丢失或损坏，未能备份")
	h.WantText("请先安全弹出U盘再拔下")
	if _, err := os.Stat(f.backups[0].File); err != nil {
		t.Fatalf("got %v, want the backup file on the stick", err)
	}
	if strings.Contains(b.age.Text, "已超过") || b.age.Color == theme.Color(theme.ColorNameError) {
		t.Fatalf("got %q in %v after the backup, want no reminder", b.age.Text, b.age.Color)
	}

	h.Tap("校验U盘上的备份")
	h.WantText("完好 1 个，损坏 1 个，不完整 0 个。")
	h.WantText("已损坏")
	h.Tap("恢复演练")
	h.WantText("恢复演练 2026-11-28：成功")
}

func TestABackupCanBeCancelled(t *testing.T) {
	h, f := newReportsHarness(t)
	f.block, f.waiting = make(chan struct{}), make(chan struct{})
	b := newBackup(h.ui).(*backupScreen)
	h.repShow(b)
	// Only the backup runs in its own goroutine; the test waits for it to
	// end before it looks at the screen again, as Fyne's test driver runs
	// fyne.Do on the calling goroutine.
	done := make(chan struct{})
	h.ui.d.Go = func(fn func()) {
		go func() {
			defer close(done)
			fn()
		}()
	}
	h.Tap("立即备份")
	select {
	case <-f.waiting:
	case <-time.After(5 * time.Second):
		t.Fatal("the backup never started")
	}
	b.onCancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the backup was not cancelled")
	}
	f.mu.Lock()
	cancelled, backups := f.cancelled, len(f.backups)
	f.mu.Unlock()
	if !cancelled || backups != 0 {
		t.Fatalf("got cancelled %v and %d backups, want cancelled and none", cancelled, backups)
	}
	h.WantText("立即备份")
}

func TestRestoringAsksForTheKeyShowsTheSummaryThenRestores(t *testing.T) {
	h, f := newReportsHarness(t)
	b := newBackup(h.ui).(*backupScreen)
	h.repShow(b)
	b.startRestore("/media/stick/心晴备份/v1/20261128T0900-g000007.age")
	for _, o := range h.Visible() {
		if e, ok := o.(*entry); ok && e.Password {
			uitest.TypeInto(e, "not the passphrase")
		}
	}
	h.Tap("检查备份")
	h.WantText("密码或恢复密钥单打不开这个备份")
	for _, o := range h.Visible() {
		if e, ok := o.(*entry); ok && e.Password {
			uitest.TypeInto(e, f.pass)
		}
	}
	h.Tap("检查备份")
	h.WantText("第 7 次保存")
	h.WantText("学生：120")
	h.WantText("恢复前")
	if f.restores != 0 {
		t.Fatal("restored before the summary was confirmed")
	}
	h.Tap("恢复")
	if f.restores != 1 {
		t.Fatalf("got %d restores, want 1 after confirming", f.restores)
	}
	h.WantText("已恢复")

	// Cancelling the summary restores nothing.
	b.startRestore("x.age")
	h.Tap("检查备份")
	h.Tap("取消")
	if f.restores != 1 || f.pending {
		t.Fatalf("got %d restores, pending %v after cancelling, want nothing more", f.restores, f.pending)
	}
}

func TestTheDrillAndAgeTextsForNoBackupYet(t *testing.T) {
	h, f := newReportsHarness(t)
	f.status = BackupStatus{DrillDue: true}
	b := newBackup(h.ui).(*backupScreen)
	h.repShow(b)
	if b.age.Text != "还没有备份过。请插入U盘，立即备份。" {
		t.Fatalf("got %q, want the never-backed-up reminder", b.age.Text)
	}
	h.WantText("还没有做过恢复演练")
	h.WantText("本月还没有做恢复演练")
	for _, o := range h.Visible() {
		if tx, ok := o.(*canvas.Text); ok && tx == b.age && tx.Color != theme.Color(theme.ColorNameError) {
			t.Fatal("the never-backed-up reminder is not red")
		}
	}
}

func TestTheRestoreSummaryCountsAttachmentFiles(t *testing.T) {
	s := RestoreSummary{SavedAt: time.Date(2026, 11, 28, 9, 0, 0, 0, time.Local), Gen: 7,
		Counts: map[casework.Kind]int{casework.KindStudent: 120}, Blobs: 5, BlobsAbsent: 1}
	got := restoreSummaryText(s)
	for _, want := range []string{"第 7 次保存", "120", "附件文件：5", "此备份不含 1 个附件文件"} {
		if !strings.Contains(got, want) {
			t.Errorf("got %q, want %q in it", got, want)
		}
	}
	s.Blobs, s.BlobsAbsent = 0, 0
	if got := restoreSummaryText(s); strings.Contains(got, "附件") {
		t.Errorf("got %q for a backup without attachments, want no attachment line", got)
	}
}
