package main

import (
	"errors"
	"fmt"
	"xinqing/internal/cli"

	"xinqing/internal/app"
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

// unlock opens the vault with XINQING_PASSPHRASE or a prompt and warns of
// lost saves and failed attempts.
func (e *env) unlock(dir string) (*app.App, error) {
	p, err := e.Secret("XINQING_PASSPHRASE", "请输入密码:", "passphrase:")
	if err != nil {
		return nil, err
	}
	a := app.New(workspace.Options{})
	u, err := a.Unlock(e.Ctx, dir, p)
	if err != nil {
		return nil, cli.Err(err)
	}
	for _, n := range u.Notices() {
		e.Say(e.Stderr, "警告: "+n.ZH, "warning: "+n.EN)
	}
	if n := u.FailedAttempts; n > 0 {
		e.Say(e.Stderr, fmt.Sprintf("注意: 自上次解锁以来有 %d 次失败的解锁尝试", n), fmt.Sprintf("%d failed unlock attempts since the last unlock", n))
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
	if lerr := a.Lock(e.Ctx); err == nil {
		err = cli.Err(lerr)
	}
	return err
}

// openWorkspace is unlock for the commands that work on the workspace
// itself; they lock it with w.Lock(e.Ctx).
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
			return o, cli.UsageErr("--kdf-memory 至少为 64 MiB", "--kdf-memory must be at least 64 MiB")
		}
	}
	return o, nil
}

func runInit(e *env, args []string) error {
	fs := e.Flags("init")
	dir := fs.String("vault", "", "档案库文件夹")
	mem := fs.Int("kdf-memory", 0, "Argon2id 内存 (MiB, 至少 64)")
	out := fs.String("sheet-out", "", "恢复密钥单输出文件 (.pdf 或 .txt)")
	school := fs.String("school", "", "学校名称（印在恢复密钥单上）")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	if err := cli.NeedVault(*dir); err != nil {
		return err
	}
	o, err := kdfOptions(*mem)
	if err != nil {
		return err
	}
	a := app.New(o)
	pass, err := e.NewSecret("XINQING_PASSPHRASE", a.SchoolWords(*school))
	if err != nil {
		return err
	}
	identity, err := a.Create(e.Ctx, *dir, pass, *school)
	if err != nil {
		return cli.Err(err)
	}
	return e.created(a, identity, *school, *out, "恢复密钥单", "recovery sheet", "已新建档案库 %s", "vault created: %s")
}

// created locks a vault just made, shows its recovery sheet on
// stdout, or writes it to out (PDF or text), which must not exist yet: a
// sheet never replaces another one silently. done names the vault (%s).
func (e *env) created(a *app.App, identity, school, out, sheetZH, sheetEN, doneZH, doneEN string) error {
	id := a.VaultID()
	if err := a.Lock(e.Ctx); err != nil {
		return cli.Err(err)
	}
	groups, err := app.SheetGroups(identity)
	if err != nil {
		return err
	}
	if out == "" {
		e.Say(e.Stdout, sheetZH+"（请抄写或打印后锁入保密柜，不要拍照或存在电脑里）:", sheetEN+" (print it and lock it away):")
		for _, l := range app.SheetLines(groups) {
			fmt.Fprintln(e.Stdout, l)
		}
	} else if err := e.GlyphNote(a.WriteRecoverySheet(out, app.Exclusive, groups, school, id)); err != nil {
		return cli.Fail(cli.ExitError, err, "无法写入 "+out+": "+err.Error(), "cannot write "+out)
	}
	e.Say(e.Stdout, fmt.Sprintf(doneZH, id), fmt.Sprintf(doneEN, id))
	return nil
}

func runCheck(e *env, args []string) error {
	dir, err := e.VaultOnly("check", args)
	if err != nil {
		return err
	}
	return e.withVault(dir, func(a *app.App) error {
		rep, err := a.Check(e.Ctx)
		if err != nil {
			return cli.Err(err)
		}
		items := append(append([]vault.CheckItem{}, rep.Generations...), rep.Blobs...)
		if o := rep.Open; o != nil {
			for _, l := range o.Lost {
				e.Say(e.Stdout, fmt.Sprintf("损坏  第 %d 次保存（打开时已移到 quarantine）", l.Gen), "damaged: save lost at open")
			}
			if o.Missing > 0 {
				e.Say(e.Stdout, fmt.Sprintf("缺失  第 %d 次保存的文件不见了", o.Missing), "missing: newest save")
			}
		}
		for _, it := range items {
			switch {
			case errors.Is(it.Err, app.ErrAttachmentMissing):
				e.Say(e.Stdout, "缺失  "+it.Name+": 数据中引用的附件文件不见了", "missing attachment")
			case it.Err != nil:
				e.Say(e.Stdout, fmt.Sprintf("损坏  %s: %v", it.Name, it.Err), "damaged")
			default:
				e.Say(e.Stdout, "完好  "+it.Name, "ok")
			}
		}
		if rep.Damaged > 0 {
			return cli.Fail(cli.ExitDamaged, nil, fmt.Sprintf("%d 处损坏或缺失；请从U盘备份恢复缺失的部分", rep.Damaged), fmt.Sprintf("%d files damaged or missing", rep.Damaged))
		}
		e.Say(e.Stdout, fmt.Sprintf("全部 %d 个文件校验通过（保存版本 %d 个，附件 %d 个）", len(items), len(rep.Generations), len(rep.Blobs)),
			fmt.Sprintf("all %d files verified", len(items)))
		return nil
	})
}

func runPasswd(e *env, args []string) error {
	dir, err := e.VaultOnly("passwd", args)
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
	np, err := e.NewSecret("XINQING_NEW_PASSPHRASE", a.SchoolWords())
	if err != nil {
		return err
	}
	if err := a.ChangePassphrase(e.Ctx, "", np); err != nil {
		return cli.Err(err)
	}
	e.Say(e.Stdout, doneZH, doneEN)
	return nil
}

func runRecover(e *env, args []string) error {
	dir, err := e.VaultOnly("recover", args)
	if err != nil {
		return err
	}
	typed, err := e.sheet()
	if err != nil {
		return err
	}
	a := app.New(workspace.Options{})
	if _, err := a.UnlockWithSheet(e.Ctx, dir, typed); err != nil {
		return cli.Err(err)
	}
	defer a.Lock(e.Ctx)
	return e.setPassphrase(a, "已用恢复密钥设置新密码", "new passphrase set with the recovery sheet")
}

// sheet reads the typed recovery sheet (XINQING_SHEET or a prompt); a typo
// is refused naming its group before anything is tried with it.
func (e *env) sheet() (string, error) {
	typed, err := e.Secret("XINQING_SHEET", "请输入恢复密钥单上的全部字符:", "type the recovery sheet:")
	if err != nil {
		return "", err
	}
	return typed, cli.Err(app.CheckSheet(typed))
}
