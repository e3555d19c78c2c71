package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"xinqing/internal/cli"

	"xinqing/internal/casework"
	"xinqing/internal/workspace"
)

// findBackup returns the one .age file under the stick.
func findBackup(t *testing.T, stick string) string {
	t.Helper()
	ms, _ := filepath.Glob(filepath.Join(stick, "心晴备份", "*", "*.age"))
	if len(ms) != 1 {
		t.Fatalf("got backups %v, want one", ms)
	}
	return ms[0]
}

func TestBackupVerifyRestoreFromTheCommandLine(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	stick := t.TempDir()
	pass := map[string]string{"XINQING_PASSPHRASE": goodPass}
	if code, _, errs := run(t, pass, "init", "--vault", dir, "--kdf-memory", "64", "--sheet-out", filepath.Join(t.TempDir(), "s.txt")); code != cli.ExitOK {
		t.Fatalf("init: exit %d, %q", code, errs)
	}
	code, out, errs := run(t, pass, "backup", "--vault", dir, "--to", stick)
	if code != cli.ExitOK || !strings.Contains(out, "备份完成并已校验") || !strings.Contains(out, "安全弹出") {
		t.Fatalf("backup: exit %d, out %q, err %q", code, out, errs)
	}
	file := findBackup(t, stick)
	if _, err := os.Stat(filepath.Join(stick, "心晴备份", "如何恢复.txt")); err != nil {
		t.Errorf("no 如何恢复.txt: %v", err)
	}

	if code, out, _ := run(t, nil, "verify-backups", "--dir", stick); code != cli.ExitOK || !strings.Contains(out, "完好 1 个，损坏 0 个，不完整 0 个") {
		t.Errorf("verify-backups: exit %d, out %q", code, out)
	}
	if code, out, _ := run(t, pass, "verify-backups", "--dir", stick, "--full"); code != cli.ExitOK || !strings.Contains(out, "已解密校验") {
		t.Errorf("verify-backups --full: exit %d, out %q", code, out)
	}

	// Without a terminal, restore shows the summary and wants --yes.
	code, out, errs = run(t, pass, "restore", "--vault", dir, "--from", file)
	if code != cli.ExitUsage || !strings.Contains(out, "第 1 次保存") || !strings.Contains(errs, "--yes") {
		t.Errorf("restore without --yes: exit %d, out %q, err %q; want the summary and a usage error", code, out, errs)
	}
	code, out, errs = run(t, pass, "restore", "--vault", dir, "--from", file, "--yes")
	if code != cli.ExitOK || !strings.Contains(out, "已恢复为第") {
		t.Fatalf("restore: exit %d, out %q, err %q", code, out, errs)
	}
	if code, _, errs := run(t, pass, "check", "--vault", dir); code != cli.ExitOK {
		t.Errorf("check after restore: exit %d, %q", code, errs)
	}

	// A new PC: no vault yet. A wrong passphrase is exit 3, the right one
	// creates the vault and a new recovery sheet.
	newDir := filepath.Join(t.TempDir(), "newpc")
	if code, _, errs := run(t, map[string]string{"XINQING_PASSPHRASE": "wrong wrong wrong wrong"}, "restore", "--vault", newDir, "--from", file, "--yes"); code != cli.ExitWrongKey {
		t.Errorf("new PC, wrong passphrase: exit %d (%q), want %d", code, errs, cli.ExitWrongKey)
	}
	sheetFile := filepath.Join(t.TempDir(), "new-sheet.txt")
	code, out, errs = run(t, pass, "restore", "--vault", newDir, "--from", file, "--yes", "--kdf-memory", "64", "--sheet-out", sheetFile)
	if code != cli.ExitOK || !strings.Contains(out, "已从备份新建档案库") {
		t.Fatalf("new PC restore: exit %d, out %q, err %q", code, out, errs)
	}
	if b, err := os.ReadFile(sheetFile); err != nil || len(strings.Fields(string(b))) != 15 {
		t.Errorf("got new sheet %q (%v), want 15 groups", b, err)
	}
	if code, _, errs := run(t, pass, "check", "--vault", newDir); code != cli.ExitOK {
		t.Errorf("check the new vault: exit %d, %q", code, errs)
	}

	// A flipped byte: verify-backups and restore both say damaged (exit 4).
	b, _ := os.ReadFile(file)
	b[len(b)/3] ^= 4
	os.WriteFile(file, b, 0o600)
	if code, out, _ := run(t, nil, "verify-backups", "--dir", stick); code != cli.ExitDamaged || !strings.Contains(out, "已损坏") {
		t.Errorf("verify-backups on damage: exit %d, out %q; want %d", code, out, cli.ExitDamaged)
	}
	if code, _, errs := run(t, pass, "restore", "--vault", dir, "--from", file, "--yes"); code != cli.ExitDamaged || strings.Contains(errs, "密码或恢复密钥不正确") {
		t.Errorf("restore of damage: exit %d, err %q; want %d and no wrong-passphrase message", code, errs, cli.ExitDamaged)
	}
}

// A stick whose only backup of a vault is incomplete (no manifest) holds
// nothing to restore: exit 4, not 0.
func TestVerifyBackupsFailsWhenNoBackupOfAVaultIsVerified(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	stick := t.TempDir()
	pass := map[string]string{"XINQING_PASSPHRASE": goodPass}
	if code, _, errs := run(t, pass, "init", "--vault", dir, "--kdf-memory", "64", "--sheet-out", filepath.Join(t.TempDir(), "s.txt")); code != cli.ExitOK {
		t.Fatalf("init: exit %d, %q", code, errs)
	}
	if code, _, errs := run(t, pass, "backup", "--vault", dir, "--to", stick); code != cli.ExitOK {
		t.Fatalf("backup: exit %d, %q", code, errs)
	}
	file := findBackup(t, stick)
	if err := os.Remove(strings.TrimSuffix(file, ".age") + ".sha256"); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := run(t, nil, "verify-backups", "--dir", stick); code != cli.ExitDamaged || !strings.Contains(out, "不完整 1 个") {
		t.Errorf("verify-backups with only an incomplete backup: exit %d, out %q; want %d", code, out, cli.ExitDamaged)
	}
}

func TestBackupCommandsWantTheirFolders(t *testing.T) {
	for _, args := range [][]string{
		{"backup", "--vault", "x"},
		{"backup", "--to", "x"},
		{"verify-backups"},
		{"restore", "--vault", "x"},
		{"drives", "--bogus"},
	} {
		if code, _, _ := run(t, nil, args...); code != cli.ExitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, cli.ExitUsage)
		}
	}
	if code, out, errs := run(t, nil, "drives"); code != cli.ExitOK || out == "" {
		t.Errorf("drives: exit %d, out %q, err %q", code, out, errs)
	}
	if code, _, _ := run(t, nil, "verify-backups", "--dir", t.TempDir()); code != cli.ExitError {
		t.Errorf("verify-backups on an empty folder: exit %d, want %d", code, cli.ExitError)
	}
}

// The attachment files travel with the backup: the commands count them,
// verify-backups finds one damaged (exit 4) and a new PC gets them back.
func TestBackupsCarryAttachmentFilesFromTheCommandLine(t *testing.T) {
	dir, vars := newVault(t)
	stick := t.TempDir()
	scan := []byte("synthetic consent scan 合成的知情同意书扫描件")
	var blobID string
	func() {
		w, err := workspace.Open(context.Background(), dir, goodPass, workspace.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer w.Lock(context.Background())
		s := &casework.Student{Name: "测试甲", Gender: casework.GenderFemale, Grade: "七年级", Class: "七(1)班"}
		if err := w.Store().Create(s); err != nil {
			t.Fatal(err)
		}
		if blobID, err = w.Vault().PutBlob(scan); err != nil {
			t.Fatal(err)
		}
		a := &casework.Attachment{Meta: casework.Meta{ID: casework.NewID()}, OwnerType: casework.KindStudent, OwnerID: s.ID,
			Filename: "consent.pdf", Size: int64(len(scan)), SHA256: blobID, AddedOn: "2026-11-20"}
		if err := w.Store().Create(a); err != nil {
			t.Fatal(err)
		}
		w.Changed()
		if err := w.Save(context.Background()); err != nil {
			t.Fatal(err)
		}
	}()
	code, out, errs := run(t, vars, "backup", "--vault", dir, "--to", stick)
	if code != cli.ExitOK || !strings.Contains(out, "附件文件 1 个（本次新写入 1 个）") {
		t.Fatalf("backup: exit %d, out %q, err %q", code, out, errs)
	}
	file := findBackup(t, stick)
	if code, out, _ := run(t, vars, "verify-backups", "--dir", stick, "--full"); code != cli.ExitOK || !strings.Contains(out, "附件 1") {
		t.Errorf("verify-backups: exit %d, out %q", code, out)
	}
	newDir := filepath.Join(t.TempDir(), "newpc")
	code, out, errs = run(t, vars, "restore", "--vault", newDir, "--from", file, "--yes", "--kdf-memory", "64",
		"--sheet-out", filepath.Join(t.TempDir(), "s.txt"))
	if code != cli.ExitOK || !strings.Contains(out, "附件文件") {
		t.Fatalf("new PC restore: exit %d, out %q, err %q", code, out, errs)
	}
	w, err := workspace.Open(context.Background(), newDir, goodPass, workspace.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := w.Vault().Blob(blobID)
	w.Lock(context.Background())
	if err != nil || string(got) != string(scan) {
		t.Errorf("got attachment %q (%v) on the new PC, want the scan", got, err)
	}

	blob := filepath.Join(filepath.Dir(file), "blobs", blobID[:2], blobID+".age")
	b, err := os.ReadFile(blob)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)-1] ^= 1
	os.WriteFile(blob, b, 0o600)
	if code, out, _ := run(t, nil, "verify-backups", "--dir", stick); code != cli.ExitDamaged || !strings.Contains(out, "已损坏") {
		t.Errorf("verify-backups with a damaged attachment file: exit %d, out %q; want %d", code, out, cli.ExitDamaged)
	}
	if code, _, errs := run(t, vars, "restore", "--vault", dir, "--from", file, "--yes"); code != cli.ExitDamaged {
		t.Errorf("restore with a damaged attachment file: exit %d, err %q; want %d", code, errs, cli.ExitDamaged)
	}
}
