// Package cli is the terminal side of the command-line companion, as
// internal/desktop is the window side of the desktop app: the environment
// a command may touch (streams, environment variables, the Ctrl-C
// context), bilingual messages, stable exit codes, flags, prompts for
// secrets, backup progress lines, and the mapping of the application
// layer's error kinds to exit codes. cmd/xinqingctl holds only its
// commands; the use cases are internal/app's.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"

	"golang.org/x/term"

	"xinqing/internal/app"
	"xinqing/internal/backup"
	"xinqing/internal/passphrase"
)

// Exit codes, stable for scripts.
const (
	ExitOK       = 0
	ExitError    = 1
	ExitUsage    = 2
	ExitWrongKey = 3
	ExitDamaged  = 4
	// ExitPanic is a bug in the program (EX_SOFTWARE): never 2, the code
	// of a usage error, which Go's runtime uses for an unrecovered panic.
	ExitPanic = 70
)

// Env is what a command may touch of the outside world, so that tests run
// commands in-process. Ctx ends with Ctrl-C: every slow step (the key
// derivation, a save, a backup) stops and leaves nothing half done.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Ctx            context.Context
}

// OS is the environment of the running process.
func OS() *Env {
	return &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}

// ExitErr carries an exit code and a bilingual message.
type ExitErr struct {
	Code   int
	ZH, EN string
	Cause  error
}

func (e *ExitErr) Error() string { return e.EN }
func (e *ExitErr) Unwrap() error { return e.Cause }

// Fail is an error that ends the command with code and says zh (and en).
func Fail(code int, cause error, zh, en string) error {
	return &ExitErr{Code: code, ZH: zh, EN: en, Cause: cause}
}

// UsageErr is a usage error (exit 2).
func UsageErr(zh, en string) error { return Fail(ExitUsage, nil, zh, en) }

// Chinese reports whether the user's locale is Chinese; otherwise the
// English text is printed beside the Chinese.
func (e *Env) Chinese() bool {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := e.Getenv(k); v != "" {
			return strings.HasPrefix(strings.ToLower(v), "zh")
		}
	}
	return false
}

// Say prints a message in Chinese, with the English beside it when the
// locale is not Chinese.
func (e *Env) Say(w io.Writer, zh, en string) {
	if e.Chinese() || en == "" {
		fmt.Fprintln(w, zh)
		return
	}
	fmt.Fprintf(w, "%s (%s)\n", zh, en)
}

// Command is one subcommand; Run gets the arguments after its name.
type Command struct {
	SummaryZH, SummaryEN string
	Run                  func(args []string) error
}

// Main runs the command args name with the rest of args and returns the
// exit code: help and version, unknown commands, errors said in Chinese
// (and English), and a panic reported by its type only (it may hold data).
func (e *Env) Main(program, version string, commands map[string]Command, args []string) (code int) {
	defer func() {
		if r := recover(); r != nil {
			e.Say(e.Stderr, fmt.Sprintf("内部错误（程序缺陷，%T），操作没有完成；已保存的数据不受影响，请把这条信息告诉维护人员", r),
				fmt.Sprintf("internal error (a bug, %T); saved data is unaffected", r))
			code = ExitPanic
		}
	}()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		e.usage(e.Stdout, program, commands)
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	if args[0] == "version" || args[0] == "--version" {
		fmt.Fprintln(e.Stdout, program, version)
		return ExitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		e.Say(e.Stderr, "未知命令: "+args[0], "unknown command: "+args[0])
		e.usage(e.Stderr, program, commands)
		return ExitUsage
	}
	if e.Ctx == nil {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		e.Ctx = ctx
	}
	err := c.Run(args[1:])
	if err == nil {
		return ExitOK
	}
	var x *ExitErr
	if errors.As(Err(err), &x) {
		e.Say(e.Stderr, "错误: "+x.ZH, "error: "+x.EN)
		return x.Code
	}
	e.Say(e.Stderr, "错误: "+err.Error(), "")
	return ExitError
}

func (e *Env) usage(w io.Writer, program string, commands map[string]Command) {
	e.Say(w, "用法: "+program+" <命令> [参数]", "usage: "+program+" <command> [flags]")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c := commands[n]
		if e.Chinese() {
			fmt.Fprintf(w, "  %-16s %s\n", n, c.SummaryZH)
		} else {
			fmt.Fprintf(w, "  %-16s %s (%s)\n", n, c.SummaryZH, c.SummaryEN)
		}
	}
}

// Err maps the application's error kinds to exit codes and sentences; an
// error it cannot name passes through (exit 1).
func Err(err error) error {
	var x *ExitErr
	if err == nil || errors.As(err, &x) {
		return err
	}
	p := app.Classify(err)
	if p.Kind == app.KindOther && p.ZH == err.Error() {
		return err
	}
	return Fail(ExitCode(p.Kind), err, p.ZH, p.EN)
}

// ExitCode is the stable exit code of an error kind.
func ExitCode(k app.Kind) int {
	switch k {
	case app.KindWrongKey, app.KindSheetTypo:
		return ExitWrongKey
	case app.KindWeakPassphrase:
		return ExitUsage
	case app.KindDamaged, app.KindNoGeneration, app.KindIncomplete, app.KindBackupDamaged, app.KindSlotDamaged, app.KindSlotsDamaged:
		return ExitDamaged
	}
	return ExitError
}

// Flags returns a flag set whose errors become usage errors (ParseFlags).
func (e *Env) Flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	return fs
}

// ParseFlags parses args, a bad flag being a usage error.
func ParseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return UsageErr("参数有误: "+err.Error(), "bad arguments: "+err.Error())
	}
	return nil
}

// VaultOnly parses the arguments of a command whose only flag is --vault.
func (e *Env) VaultOnly(name string, args []string) (string, error) {
	fs := e.Flags(name)
	dir := fs.String("vault", "", "档案库文件夹")
	if err := ParseFlags(fs, args); err != nil {
		return "", err
	}
	return *dir, NeedVault(*dir)
}

// NeedVault refuses a missing --vault.
func NeedVault(dir string) error {
	if dir == "" {
		return UsageErr("缺少 --vault 档案库文件夹", "missing --vault DIR")
	}
	return nil
}

// Secret reads a secret from the environment variable or, on a terminal,
// from a prompt without echo. It is never printed or logged.
func (e *Env) Secret(envName, promptZH, promptEN string) (string, error) {
	if v := e.Getenv(envName); v != "" {
		return v, nil
	}
	f, ok := e.Stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", UsageErr("请设置环境变量 "+envName, "set "+envName)
	}
	e.Say(e.Stderr, promptZH, promptEN)
	b, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(e.Stderr)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// NewSecret reads a new passphrase (twice on a terminal) and applies the
// policy with the school's words.
func (e *Env) NewSecret(envName string, userWords []string) (string, error) {
	p, err := e.Secret(envName, "请输入新密码:", "new passphrase:")
	if err != nil {
		return "", err
	}
	if e.Getenv(envName) == "" {
		again, err := e.Secret(envName, "请再输入一次:", "again:")
		if err != nil {
			return "", err
		}
		if again != p {
			return "", UsageErr("两次输入的密码不一致", "the passphrases differ")
		}
	}
	if r := passphrase.Check(p, userWords); !r.OK {
		return "", UsageErr("密码不符合要求: "+r.ReasonZH, "passphrase refused: "+r.ReasonEN)
	}
	return p, nil
}

// Confirm asks question on a terminal and wants "yes"; elsewhere --yes
// (yes) is required, and without it needZH says what to check first.
func (e *Env) Confirm(yes bool, questionZH, needZH, noZH string) (bool, error) {
	if yes {
		return true, nil
	}
	f, ok := e.Stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return false, UsageErr(needZH, "confirm with --yes")
	}
	e.Say(e.Stderr, questionZH+" 输入 yes 确认:", "type yes to go on:")
	var answer string
	fmt.Fscanln(f, &answer)
	if strings.TrimSpace(strings.ToLower(answer)) != "yes" {
		e.Say(e.Stdout, noZH, "not done")
		return false, nil
	}
	return true, nil
}

var stageZH = map[backup.Stage]string{
	backup.StageBlobs: "正在复制并校验附件", backup.StageWrite: "正在写入", backup.StageRead: "正在读回", backup.StageDecrypt: "正在解密",
	backup.StageCheck: "正在校验数据库", backup.StagePrune: "正在清理旧备份",
}

// Progress prints each new stage of a backup or restore once; Ctrl-C
// cancels through Ctx.
func (e *Env) Progress() backup.Progress {
	var last backup.Stage
	return backup.ProgressFunc(func(s backup.Stage, done, total int64) {
		if s != last {
			last = s
			e.Say(e.Stderr, stageZH[s]+"…", string(s))
		}
	})
}

// Size is a file size as a person reads it.
func Size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d 字节", n)
}

// GlyphNote prints, as a note, that a document was written with characters
// no bundled font has (they printed as □), and lets the command go on.
func (e *Env) GlyphNote(err error) error {
	if g, ok := app.Written(err); ok && g != nil {
		e.Say(e.Stderr, "注意: "+g.Error(), "note: some characters have no glyph in the bundled fonts and printed as a box")
		return nil
	}
	return err
}
