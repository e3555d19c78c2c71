package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"xinqing/internal/cli"
)

// run executes the companion in-process with the given environment.
func run(t *testing.T, vars map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{&cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(k string) string {
		if k == "LANG" {
			if v, ok := vars[k]; ok {
				return v
			}
			return "zh_CN.UTF-8"
		}
		return vars[k]
	}}}
	code = e.main(args)
	return code, out.String(), errb.String()
}

const goodPass = "qingtian-xiaoyu-chunfeng-shanhe-mingyue-xingchen"

func TestInitCheckPasswdRecover(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	sheetFile := filepath.Join(t.TempDir(), "sheet.txt")
	code, out, errs := run(t, map[string]string{"XINQING_PASSPHRASE": goodPass}, "init", "--vault", dir, "--kdf-memory", "64", "--sheet-out", sheetFile)
	if code != cli.ExitOK {
		t.Fatalf("init: exit %d, stderr %q", code, errs)
	}
	if !strings.Contains(out, "已新建档案库") {
		t.Errorf("init output: %q", out)
	}
	typed, err := os.ReadFile(sheetFile)
	if err != nil {
		t.Fatal(err)
	}

	if code, out, errs := run(t, map[string]string{"XINQING_PASSPHRASE": goodPass}, "check", "--vault", dir); code != cli.ExitOK || !strings.Contains(out, "校验通过") {
		t.Fatalf("check: exit %d, out %q, err %q", code, out, errs)
	}
	if code, _, errs := run(t, map[string]string{"XINQING_PASSPHRASE": "wrong wrong wrong wrong"}, "check", "--vault", dir); code != cli.ExitWrongKey || !strings.Contains(errs, "密码或恢复密钥不正确") {
		t.Fatalf("check with a wrong passphrase: exit %d, err %q; want %d", code, errs, cli.ExitWrongKey)
	}

	const second = "lanshan-baiyun-qiushui-dongxue-songlin-zhuhai"
	if code, _, errs := run(t, map[string]string{"XINQING_PASSPHRASE": goodPass, "XINQING_NEW_PASSPHRASE": second}, "passwd", "--vault", dir); code != cli.ExitOK {
		t.Fatalf("passwd: exit %d, err %q", code, errs)
	}
	if code, _, _ := run(t, map[string]string{"XINQING_PASSPHRASE": goodPass}, "check", "--vault", dir); code != cli.ExitWrongKey {
		t.Fatalf("old passphrase after passwd: exit %d, want %d", code, cli.ExitWrongKey)
	}
	code, _, errs = run(t, map[string]string{"XINQING_PASSPHRASE": second}, "check", "--vault", dir)
	if code != cli.ExitOK {
		t.Fatalf("new passphrase: exit %d, err %q", code, errs)
	}
	if !strings.Contains(errs, "1 次失败的解锁尝试") {
		t.Errorf("the failed attempt is not reported after unlocking: %q", errs)
	}

	const third = "hongye-qingcao-xiyang-wanxia-chenguang-yueguang"
	if code, _, errs := run(t, map[string]string{"XINQING_SHEET": string(typed), "XINQING_NEW_PASSPHRASE": third}, "recover", "--vault", dir); code != cli.ExitOK {
		t.Fatalf("recover: exit %d, err %q", code, errs)
	}
	if code, _, errs := run(t, map[string]string{"XINQING_PASSPHRASE": third}, "check", "--vault", dir); code != cli.ExitOK {
		t.Fatalf("passphrase set by recover: exit %d, err %q", code, errs)
	}

	// A typo on the sheet is rejected naming its group.
	bad := []byte(string(typed))
	for i, c := range bad {
		if c != ' ' && c != '\n' {
			if c == 'Q' {
				bad[i] = 'P'
			} else {
				bad[i] = 'Q'
			}
			break
		}
	}
	code, _, errs = run(t, map[string]string{"XINQING_SHEET": string(bad), "XINQING_NEW_PASSPHRASE": third}, "recover", "--vault", dir)
	if code != cli.ExitWrongKey || !strings.Contains(errs, "第1组") {
		t.Fatalf("sheet typo: exit %d, err %q; want %d naming 第1组", code, errs, cli.ExitWrongKey)
	}
}

func TestInitRefusesAWeakPassphraseAndBadFlags(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	if code, _, errs := run(t, map[string]string{"XINQING_PASSPHRASE": "12345678"}, "init", "--vault", dir, "--kdf-memory", "64"); code != cli.ExitUsage || !strings.Contains(errs, "密码不符合要求") {
		t.Fatalf("weak passphrase: exit %d, err %q", code, errs)
	}
	if code, _, _ := run(t, map[string]string{"XINQING_PASSPHRASE": goodPass}, "init", "--vault", dir, "--kdf-memory", "8"); code != cli.ExitUsage {
		t.Fatalf("kdf below the floor: exit %d, want %d", code, cli.ExitUsage)
	}
	if code, _, _ := run(t, nil, "init"); code != cli.ExitUsage {
		t.Fatalf("missing --vault: exit %d, want %d", code, cli.ExitUsage)
	}
	if code, _, _ := run(t, nil, "no-such-command"); code != cli.ExitUsage {
		t.Fatalf("unknown command: exit %d, want %d", code, cli.ExitUsage)
	}
}

func TestEnglishIsShownBesideChineseOutsideAChineseLocale(t *testing.T) {
	_, _, errs := run(t, map[string]string{"LANG": "C.UTF-8"}, "init")
	if !strings.Contains(errs, "缺少 --vault") || !strings.Contains(errs, "missing --vault") {
		t.Fatalf("got %q, want Chinese and English", errs)
	}
}

// runCtx is run with the command's context (Ctrl-C) given.
func runCtx(t *testing.T, ctx context.Context, vars map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{&cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Ctx: ctx, Getenv: func(k string) string {
		if k == "LANG" {
			return "zh_CN.UTF-8"
		}
		return vars[k]
	}}}
	code = e.main(args)
	return code, out.String(), errb.String()
}

// Ctrl-C reaches every slow step: an init interrupted during its key
// derivation leaves no folder, a backup leaves nothing on the stick, and
// the vault still opens afterwards.
func TestCtrlCStopsTheCommandsAndLeavesNothingHalfDone(t *testing.T) {
	parent := filepath.Join(t.TempDir(), "new")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	vars := map[string]string{"XINQING_PASSPHRASE": goodPass}
	// No --kdf-memory: the real calibration runs Argon2id several times.
	code, _, errs := runCtx(t, ctx, vars, "init", "--vault", filepath.Join(parent, "vault"))
	if code != cli.ExitError || !strings.Contains(errs, "已取消") {
		t.Fatalf("init: exit %d, err %q; want %d and the cancellation", code, errs, cli.ExitError)
	}
	if _, err := os.Stat(parent); !os.IsNotExist(err) {
		t.Fatalf("got %v for the folder after Ctrl-C, want nothing made", err)
	}

	dir, vars := newVault(t)
	stick := t.TempDir()
	if code, _, errs := runCtx(t, ctx, vars, "backup", "--vault", dir, "--to", stick); code != cli.ExitError || !strings.Contains(errs, "已取消") {
		t.Fatalf("backup: exit %d, err %q; want the cancellation", code, errs)
	}
	if entries, _ := os.ReadDir(stick); len(entries) != 0 {
		t.Fatalf("got %d entries on the stick after Ctrl-C, want none", len(entries))
	}
	if code, _, errs := run(t, vars, "check", "--vault", dir); code != cli.ExitOK {
		t.Fatalf("check after Ctrl-C: exit %d, %q", code, errs)
	}
}
