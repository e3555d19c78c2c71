package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"xinqing/internal/vault"
)

func testEnv(lang string) (*Env, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	return &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Ctx: context.Background(),
		Getenv: func(k string) string {
			if k == "LANG" {
				return lang
			}
			return ""
		}}, &out, &errb
}

// Errors of the application layer end the command with their stable exit
// code and the Chinese sentence; an unknown error exits 1 as it is.
func TestMainSaysErrorsWithTheirExitCodes(t *testing.T) {
	for _, tt := range []struct {
		err  error
		code int
		zh   string
	}{
		{fmt.Errorf("unlock: %w", vault.ErrWrongKey), ExitWrongKey, "密码或恢复密钥不正确"},
		{fmt.Errorf("open: %w", vault.ErrDamaged), ExitDamaged, "数据已损坏"},
		{UsageErr("缺少 --vault 档案库文件夹", "missing --vault DIR"), ExitUsage, "缺少 --vault"},
		{errors.New("something else"), ExitError, "something else"},
	} {
		e, _, errb := testEnv("zh_CN.UTF-8")
		code := e.Main("xinqingctl", "1", map[string]Command{"x": {Run: func([]string) error { return tt.err }}}, []string{"x"})
		if code != tt.code || !strings.Contains(errb.String(), tt.zh) {
			t.Errorf("%v: exit %d, said %q; want %d and %q", tt.err, code, errb.String(), tt.code, tt.zh)
		}
	}
}

// A panic exits 70, never 2, and prints only the panic's type.
func TestMainPanicExitsWithItsOwnCode(t *testing.T) {
	e, _, errb := testEnv("zh_CN.UTF-8")
	code := e.Main("xinqingctl", "1", map[string]Command{"x": {Run: func([]string) error { panic("学生 测试甲") }}}, []string{"x"})
	if code != ExitPanic || strings.Contains(errb.String(), "测试甲") {
		t.Fatalf("exit %d, said %q; want %d without the panic's text", code, errb.String(), ExitPanic)
	}
}

// English is said beside the Chinese outside a Chinese locale.
func TestSayAddsEnglishOutsideAChineseLocale(t *testing.T) {
	e, out, _ := testEnv("en_US.UTF-8")
	e.Say(e.Stdout, "已保存", "saved")
	if out.String() != "已保存 (saved)\n" {
		t.Fatalf("got %q", out.String())
	}
}

// Without a terminal, a confirmation needs --yes and says what to check.
func TestConfirmWithoutATerminalNeedsYes(t *testing.T) {
	e, _, _ := testEnv("zh_CN.UTF-8")
	if ok, err := e.Confirm(true, "确认？", "请加 --yes", "未执行"); !ok || err != nil {
		t.Fatalf("--yes: %v %v", ok, err)
	}
	_, err := e.Confirm(false, "确认？", "请加 --yes", "未执行")
	var x *ExitErr
	if !errors.As(err, &x) || x.Code != ExitUsage || x.ZH != "请加 --yes" {
		t.Fatalf("got %v, want the usage error", err)
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{12: "12 字节", 2048: "2 KB", 3 << 20: "3.0 MB"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}
