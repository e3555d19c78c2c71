package main

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"xinqing/internal/cli"

	"xinqing/internal/app"
	"xinqing/internal/workspace"
)

// A panic exits with its own code, never 2 (a usage error), and prints no
// panic value.
func TestPanicExitsWithItsOwnCode(t *testing.T) {
	commands["test-panic"] = command{run: func(*env, []string) error { panic("secret 张三") }}
	defer delete(commands, "test-panic")
	code, _, errs := run(t, nil, "test-panic")
	if code != cli.ExitPanic || code == cli.ExitUsage {
		t.Fatalf("exit %d, want %d", code, cli.ExitPanic)
	}
	if strings.Contains(errs, "张三") || !strings.Contains(errs, "内部错误") {
		t.Fatalf("stderr %q", errs)
	}
}

// An OS error of any command reaches the user as a Chinese sentence, not
// as the OS's English text.
func TestOSErrorsReachTheUserInChinese(t *testing.T) {
	commands["test-oserr"] = command{run: func(*env, []string) error {
		return &fs.PathError{Op: "write", Path: "/media/u/心晴备份", Err: syscall.ENOSPC}
	}}
	defer delete(commands, "test-oserr")
	code, _, errs := run(t, nil, "test-oserr")
	if code != cli.ExitError || strings.Contains(errs, "no space left") || !strings.Contains(errs, "磁盘已满") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	// A real one: check on a folder that does not exist.
	dir := filepath.Join(t.TempDir(), "absent")
	code, _, errs = run(t, map[string]string{"XINQING_PASSPHRASE": goodPass}, "check", "--vault", dir)
	if code == cli.ExitOK || strings.Contains(errs, "no such file") || strings.Contains(errs, "does not exist") {
		t.Fatalf("check of a missing folder: exit %d, stderr %q", code, errs)
	}
	_ = os.Remove(dir)
}

// check fails (exit 4) when the newest save is gone, and every unlock
// prints the open report.
func TestCheckFailsWhenTheNewestSaveIsGone(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	vars := map[string]string{"XINQING_PASSPHRASE": goodPass, "XINQING_NEW_PASSPHRASE": "lanshan-baiyun-qiushui-dongxue-songlin-zhuhai"}
	if code, _, errs := run(t, vars, "init", "--vault", dir, "--kdf-memory", "64", "--sheet-out", filepath.Join(t.TempDir(), "s.txt")); code != cli.ExitOK {
		t.Fatalf("init: %d %q", code, errs)
	}
	// passwd, then a second save.
	if code, _, errs := run(t, vars, "passwd", "--vault", dir); code != cli.ExitOK {
		t.Fatalf("passwd: %d %q", code, errs)
	}
	a := app.New(workspace.Options{})
	if _, err := a.Unlock(context.Background(), dir, vars["XINQING_NEW_PASSPHRASE"]); err != nil {
		t.Fatal(err)
	}
	if err := a.Save(context.Background()); err != nil {
		t.Fatal(err)
	}
	a.Lock(context.Background())
	names, _ := filepath.Glob(filepath.Join(dir, "gen", "*.age"))
	if len(names) < 2 {
		t.Fatalf("generations %v, want two", names)
	}
	if err := os.Remove(names[len(names)-1]); err != nil {
		t.Fatal(err)
	}
	vars["XINQING_PASSPHRASE"] = vars["XINQING_NEW_PASSPHRASE"]
	code, out, errs := run(t, vars, "check", "--vault", dir)
	if code != cli.ExitDamaged || strings.Contains(out, "全部") || !strings.Contains(errs, "不见了") {
		t.Fatalf("check: exit %d, out %q, err %q; want %d and the missing save named", code, out, errs, cli.ExitDamaged)
	}
}
