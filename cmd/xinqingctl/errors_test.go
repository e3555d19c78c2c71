package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A panic exits with its own code, never 2 (a usage error), and prints no
// panic value.
func TestPanicExitsWithItsOwnCode(t *testing.T) {
	commands["test-panic"] = command{run: func(*env, []string) error { panic("secret 张三") }}
	defer delete(commands, "test-panic")
	code, _, errs := run(t, nil, "test-panic")
	if code != exitPanic || code == exitUsage {
		t.Fatalf("exit %d, want %d", code, exitPanic)
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
	if code != exitError || strings.Contains(errs, "no space left") || !strings.Contains(errs, "磁盘已满") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	// A real one: check on a folder that does not exist.
	dir := filepath.Join(t.TempDir(), "absent")
	code, _, errs = run(t, map[string]string{"XINQING_PASSPHRASE": goodPass}, "check", "--vault", dir)
	if code == exitOK || strings.Contains(errs, "no such file") || strings.Contains(errs, "does not exist") {
		t.Fatalf("check of a missing folder: exit %d, stderr %q", code, errs)
	}
	_ = os.Remove(dir)
}
