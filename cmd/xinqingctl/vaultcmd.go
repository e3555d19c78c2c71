package main

import (
	"errors"
	"flag"
	"fmt"
	"os"

	"golang.org/x/term"

	"xinqing/internal/app"
	"xinqing/internal/passphrase"
	"xinqing/internal/vault"
	"xinqing/internal/vault/keyslot"
	"xinqing/internal/workspace"
)

func init() {
	register("init", command{"新建加密档案库并生成恢复密钥单", "create a vault and its recovery sheet", runInit})
	register("check", command{"打开并校验每个保存版本和附件", "open and verify every generation and blob", runCheck})
	register("passwd", command{"修改密码", "change the passphrase", runPasswd})
	register("recover", command{"用恢复密钥单设置新密码", "set a new passphrase with the recovery sheet", runRecover})
}

// newFlags returns a flag set whose errors become usage errors.
func newFlags(e *env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return usageErr("参数有误: "+err.Error(), "bad arguments: "+err.Error())
	}
	return nil
}

// vaultOnly parses the arguments of a command whose only flag is --vault.
func vaultOnly(e *env, name string, args []string) (string, error) {
	fs := newFlags(e, name)
	dir := fs.String("vault", "", "档案库文件夹")
	if err := parseFlags(fs, args); err != nil {
		return "", err
	}
	return *dir, needVault(*dir)
}

func needVault(dir string) error {
	if dir == "" {
		return usageErr("缺少 --vault 档案库文件夹", "missing --vault DIR")
	}
	return nil
}

// secret reads a secret from the environment variable or, on a terminal,
// from a prompt without echo. It is never printed or logged.
func (e *env) secret(envName, promptZH, promptEN string) (string, error) {
	if v := e.getenv(envName); v != "" {
		return v, nil
	}
	f, ok := e.stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", usageErr("请设置环境变量 "+envName, "set "+envName)
	}
	e.say(e.stderr, promptZH, promptEN)
	b, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(e.stderr)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// newSecret reads a new passphrase (twice on a terminal) and applies the policy.
func (e *env) newSecret(envName string, userWords []string) (string, error) {
	p, err := e.secret(envName, "请输入新密码:", "new passphrase:")
	if err != nil {
		return "", err
	}
	if e.getenv(envName) == "" {
		again, err := e.secret(envName, "请再输入一次:", "again:")
		if err != nil {
			return "", err
		}
		if again != p {
			return "", usageErr("两次输入的密码不一致", "the passphrases differ")
		}
	}
	if r := passphrase.Check(p, userWords); !r.OK {
		return "", usageErr("密码不符合要求: "+r.ReasonZH, "passphrase refused: "+r.ReasonEN)
	}
	return p, nil
}

// vaultErr maps the application's error kinds to exit codes and
// sentences; an error it cannot name passes through (exit 1).
func vaultErr(err error) error {
	var x *exitErr
	if err == nil || errors.As(err, &x) {
		return err
	}
	p := app.Classify(err)
	if p.Kind == app.KindOther {
		return err
	}
	return fail(exitCode(p.Kind), err, p.ZH, p.EN)
}

// exitCode is the stable exit code of an error kind.
func exitCode(k app.Kind) int {
	switch k {
	case app.KindWrongKey, app.KindSheetTypo:
		return exitWrongKey
	case app.KindDamaged, app.KindNoGeneration, app.KindIncomplete, app.KindBackupDamaged, app.KindSlotDamaged:
		return exitDamaged
	}
	return exitError
}

// unlock opens the vault with XINQING_PASSPHRASE or a prompt and warns of
// lost saves and failed attempts.
func (e *env) unlock(dir string) (*app.App, error) {
	p, err := e.secret("XINQING_PASSPHRASE", "请输入密码:", "passphrase:")
	if err != nil {
		return nil, err
	}
	a := app.New(workspace.Options{})
	u, err := a.Unlock(e.ctx, dir, p)
	if err != nil {
		return nil, vaultErr(err)
	}
	for _, l := range u.Lost {
		e.say(e.stderr, fmt.Sprintf("警告: 第 %d 次保存（%s）已损坏，已移到 quarantine 文件夹", l.Gen, l.Time.Format("2006-01-02 15:04:05")),
			fmt.Sprintf("warning: save %d is damaged and was quarantined", l.Gen))
	}
	if n := u.FailedAttempts; n > 0 {
		e.say(e.stderr, fmt.Sprintf("注意: 自上次解锁以来有 %d 次失败的解锁尝试", n), fmt.Sprintf("%d failed unlock attempts since the last unlock", n))
	}
	return a, nil
}

// withVault unlocks dir, runs f and locks again, saving what f changed:
// a failed save at the lock fails the command.
func (e *env) withVault(dir string, f func(a *app.App) error) error {
	a, err := e.unlock(dir)
	if err != nil {
		return err
	}
	err = f(a)
	if lerr := a.Lock(e.ctx); err == nil {
		err = vaultErr(lerr)
	}
	return err
}

// openWorkspace is unlock for the commands that work on the workspace
// itself; they lock it with w.Lock(e.ctx).
func (e *env) openWorkspace(dir string) (*workspace.Workspace, error) {
	a, err := e.unlock(dir)
	if err != nil {
		return nil, err
	}
	return a.Workspace()
}

// kdfOptions are the workspace options for --kdf-memory (0: calibrated).
func kdfOptions(mem int) (workspace.Options, error) {
	o := workspace.Options{}
	if mem != 0 {
		o.Vault.KDF = keyslot.Params{MemoryKiB: uint32(mem) * 1024, Time: 3, Threads: 4}
		if !o.Vault.KDF.MeetsFloor() {
			return o, usageErr("--kdf-memory 至少为 64 MiB", "--kdf-memory must be at least 64 MiB")
		}
	}
	return o, nil
}

func runInit(e *env, args []string) error {
	fs := newFlags(e, "init")
	dir := fs.String("vault", "", "档案库文件夹")
	mem := fs.Int("kdf-memory", 0, "Argon2id 内存 (MiB, 至少 64)")
	out := fs.String("sheet-out", "", "恢复密钥单输出文件 (.pdf 或 .txt)")
	school := fs.String("school", "", "学校名称（印在恢复密钥单上）")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := needVault(*dir); err != nil {
		return err
	}
	o, err := kdfOptions(*mem)
	if err != nil {
		return err
	}
	a := app.New(o)
	pass, err := e.newSecret("XINQING_PASSPHRASE", a.SchoolWords(*school))
	if err != nil {
		return err
	}
	identity, err := a.Create(e.ctx, *dir, pass)
	if err != nil {
		return vaultErr(err)
	}
	return e.created(a, identity, *school, *out, "恢复密钥单", "recovery sheet", "已新建档案库 %s", "vault created: %s")
}

// created locks a vault just made, shows its recovery sheet on
// stdout, or writes it to out (PDF or text), which must not exist yet: a
// sheet never replaces another one silently. done names the vault (%s).
func (e *env) created(a *app.App, identity, school, out, sheetZH, sheetEN, doneZH, doneEN string) error {
	id := a.VaultID()
	if err := a.Lock(e.ctx); err != nil {
		return vaultErr(err)
	}
	groups, err := app.SheetGroups(identity)
	if err != nil {
		return err
	}
	if out == "" {
		e.say(e.stdout, sheetZH+"（请抄写或打印后锁入保密柜，不要拍照或存在电脑里）:", sheetEN+" (print it and lock it away):")
		for _, l := range app.SheetLines(groups) {
			fmt.Fprintln(e.stdout, l)
		}
	} else if err := e.glyphNote(a.WriteRecoverySheet(out, app.Exclusive, groups, school, id)); err != nil {
		return fail(exitError, err, "无法写入 "+out+": "+err.Error(), "cannot write "+out)
	}
	e.say(e.stdout, fmt.Sprintf(doneZH, id), fmt.Sprintf(doneEN, id))
	return nil
}

func runCheck(e *env, args []string) error {
	dir, err := vaultOnly(e, "check", args)
	if err != nil {
		return err
	}
	return e.withVault(dir, func(a *app.App) error {
		rep, err := a.Check(e.ctx)
		if err != nil {
			return vaultErr(err)
		}
		items := append(append([]vault.CheckItem{}, rep.Generations...), rep.Blobs...)
		for _, it := range items {
			if it.Err != nil {
				e.say(e.stdout, fmt.Sprintf("损坏  %s: %v", it.Name, it.Err), "damaged")
			} else {
				e.say(e.stdout, "完好  "+it.Name, "ok")
			}
		}
		if rep.Damaged > 0 {
			return fail(exitDamaged, nil, fmt.Sprintf("%d 个文件损坏", rep.Damaged), fmt.Sprintf("%d files damaged", rep.Damaged))
		}
		e.say(e.stdout, fmt.Sprintf("全部 %d 个文件校验通过（保存版本 %d 个，附件 %d 个）", len(items), len(rep.Generations), len(rep.Blobs)),
			fmt.Sprintf("all %d files verified", len(items)))
		return nil
	})
}

func runPasswd(e *env, args []string) error {
	dir, err := vaultOnly(e, "passwd", args)
	if err != nil {
		return err
	}
	return e.withVault(dir, func(a *app.App) error {
		return e.setPassphrase(a, "密码已修改", "passphrase changed")
	})
}

// setPassphrase asks for a new passphrase under the school's policy and
// sets it for the open vault.
func (e *env) setPassphrase(a *app.App, doneZH, doneEN string) error {
	np, err := e.newSecret("XINQING_NEW_PASSPHRASE", a.SchoolWords())
	if err != nil {
		return err
	}
	if err := a.ChangePassphrase(e.ctx, "", np); err != nil {
		return vaultErr(err)
	}
	e.say(e.stdout, doneZH, doneEN)
	return nil
}

func runRecover(e *env, args []string) error {
	dir, err := vaultOnly(e, "recover", args)
	if err != nil {
		return err
	}
	typed, err := e.sheet()
	if err != nil {
		return err
	}
	a := app.New(workspace.Options{})
	if _, err := a.UnlockWithSheet(e.ctx, dir, typed); err != nil {
		return vaultErr(err)
	}
	defer a.Lock(e.ctx)
	return e.setPassphrase(a, "已用恢复密钥设置新密码", "new passphrase set with the recovery sheet")
}

// sheet reads the typed recovery sheet (XINQING_SHEET or a prompt); a typo
// is refused naming its group before anything is tried with it.
func (e *env) sheet() (string, error) {
	typed, err := e.secret("XINQING_SHEET", "请输入恢复密钥单上的全部字符:", "type the recovery sheet:")
	if err != nil {
		return "", err
	}
	return typed, vaultErr(app.CheckSheet(typed))
}
