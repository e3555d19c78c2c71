package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"xinqing/internal/passphrase"
	"xinqing/internal/report"
	"xinqing/internal/store"
	"xinqing/internal/vault"
	"xinqing/internal/vault/keyslot"
	"xinqing/internal/vault/sheet"
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

// vaultErr maps vault and workspace errors to exit codes and sentences.
func vaultErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, vault.ErrWrongKey):
		return fail(exitWrongKey, err, "密码或恢复密钥不正确", "wrong passphrase or recovery sheet")
	case errors.Is(err, vault.ErrInUse):
		return fail(exitError, err, "档案库正在被另一个心晴窗口使用，请先关闭它", "the vault is in use by another instance")
	case errors.Is(err, vault.ErrExists):
		return fail(exitError, err, "该文件夹中已有档案库", "a vault already exists there")
	case errors.Is(err, vault.ErrDamaged), errors.Is(err, store.ErrCorrupt), errors.Is(err, store.ErrSchema), errors.Is(err, store.ErrGeneration):
		return fail(exitDamaged, err, "数据已损坏: "+err.Error()+"；请从U盘备份恢复", "data damaged: "+err.Error())
	case errors.Is(err, vault.ErrNoGeneration):
		return fail(exitDamaged, err, "档案库中没有可以打开的保存版本；请从U盘备份恢复", "no generation opens")
	}
	return err
}

// openWorkspace unlocks the vault with XINQING_PASSPHRASE or a prompt.
func (e *env) openWorkspace(dir string) (*workspace.Workspace, error) {
	p, err := e.secret("XINQING_PASSPHRASE", "请输入密码:", "passphrase:")
	if err != nil {
		return nil, err
	}
	w, err := workspace.Open(dir, p, workspace.Options{})
	if err != nil {
		return nil, vaultErr(err)
	}
	if rep := w.Report(); rep != nil {
		for _, l := range rep.Lost {
			e.say(e.stderr, fmt.Sprintf("警告: 第 %d 次保存（%s）已损坏，已移到 quarantine 文件夹", l.Gen, l.Time.Format("2006-01-02 15:04:05")),
				fmt.Sprintf("warning: save %d is damaged and was quarantined", l.Gen))
		}
	}
	if n := w.FailedAttempts(); n > 0 {
		e.say(e.stderr, fmt.Sprintf("注意: 自上次解锁以来有 %d 次失败的解锁尝试", n), fmt.Sprintf("%d failed unlock attempts since the last unlock", n))
	}
	return w, nil
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
	o := workspace.Options{}
	if *mem != 0 {
		p := keyslot.Params{MemoryKiB: uint32(*mem) * 1024, Time: 3, Threads: 4}
		if !p.MeetsFloor() {
			return usageErr("--kdf-memory 至少为 64 MiB", "--kdf-memory must be at least 64 MiB")
		}
		o.Vault.KDF = p
	}
	var words []string
	if *school != "" {
		words = append(words, *school)
	}
	pass, err := e.newSecret("XINQING_PASSPHRASE", words)
	if err != nil {
		return err
	}
	w, identity, err := workspace.Create(*dir, pass, o)
	if err != nil {
		return vaultErr(err)
	}
	id := w.ID()
	if err := w.Lock(); err != nil {
		return vaultErr(err)
	}
	sh, err := sheet.Format(identity)
	if err != nil {
		return err
	}
	lines := sh.Lines(5)
	switch {
	case *out == "":
		e.say(e.stdout, "恢复密钥单（请抄写或打印后锁入保密柜，不要拍照或存在电脑里）:", "recovery sheet (print it and lock it away):")
		for _, l := range lines {
			fmt.Fprintln(e.stdout, l)
		}
	case strings.HasSuffix(strings.ToLower(*out), ".pdf"):
		pdf, err := report.RenderRecoverySheet(report.RecoverySheet{SchoolName: *school, VaultID: id, Created: time.Now(), Lines: lines}, time.Now())
		if err != nil {
			return err
		}
		if err := writeNew(*out, pdf); err != nil {
			return err
		}
	default:
		if err := writeNew(*out, []byte(strings.Join(lines, "\n")+"\n")); err != nil {
			return err
		}
	}
	e.say(e.stdout, "已新建档案库 "+id, "vault created: "+id)
	return nil
}

// writeNew writes a file that must not exist yet, so a sheet never
// replaces another one silently.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fail(exitError, err, "无法写入 "+path+": "+err.Error(), "cannot write "+path)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func runCheck(e *env, args []string) error {
	dir, err := vaultOnly(e, "check", args)
	if err != nil {
		return err
	}
	w, err := e.openWorkspace(dir)
	if err != nil {
		return err
	}
	defer w.Lock()
	rep, err := w.Vault().Check(func(gen uint64, image []byte) error {
		s, err := store.Load(image, gen)
		if err != nil {
			return err
		}
		return s.Close()
	})
	if err != nil {
		return vaultErr(err)
	}
	return e.printCheck(e.stdout, rep)
}

func (e *env) printCheck(w io.Writer, rep *vault.CheckReport) error {
	items := append(append([]vault.CheckItem{}, rep.Generations...), rep.Blobs...)
	for _, it := range items {
		if it.Err != nil {
			e.say(w, fmt.Sprintf("损坏  %s: %v", it.Name, it.Err), "damaged")
		} else {
			e.say(w, "完好  "+it.Name, "ok")
		}
	}
	if rep.Damaged > 0 {
		return fail(exitDamaged, nil, fmt.Sprintf("%d 个文件损坏", rep.Damaged), fmt.Sprintf("%d files damaged", rep.Damaged))
	}
	e.say(w, fmt.Sprintf("全部 %d 个文件校验通过（保存版本 %d 个，附件 %d 个）", len(items), len(rep.Generations), len(rep.Blobs)),
		fmt.Sprintf("all %d files verified", len(items)))
	return nil
}

func runPasswd(e *env, args []string) error {
	dir, err := vaultOnly(e, "passwd", args)
	if err != nil {
		return err
	}
	w, err := e.openWorkspace(dir)
	if err != nil {
		return err
	}
	defer w.Lock()
	np, err := e.newSecret("XINQING_NEW_PASSPHRASE", nil)
	if err != nil {
		return err
	}
	if err := w.ChangePassphrase(np); err != nil {
		return vaultErr(err)
	}
	e.say(e.stdout, "密码已修改", "passphrase changed")
	return nil
}

func runRecover(e *env, args []string) error {
	dir, err := vaultOnly(e, "recover", args)
	if err != nil {
		return err
	}
	typed, err := e.secret("XINQING_SHEET", "请输入恢复密钥单上的全部字符:", "type the recovery sheet:")
	if err != nil {
		return err
	}
	if _, err := sheet.Parse(typed); err != nil {
		var ge *sheet.GroupError
		if errors.As(err, &ge) {
			return fail(exitWrongKey, err, ge.Error(), fmt.Sprintf("typo in group %d", ge.Group))
		}
		return fail(exitWrongKey, err, "恢复密钥格式不正确", "the recovery sheet does not parse")
	}
	w, err := workspace.OpenWithSheet(dir, typed, workspace.Options{})
	if err != nil {
		return vaultErr(err)
	}
	defer w.Lock()
	np, err := e.newSecret("XINQING_NEW_PASSPHRASE", nil)
	if err != nil {
		return err
	}
	if err := w.ChangePassphrase(np); err != nil {
		return vaultErr(err)
	}
	e.say(e.stdout, "已用恢复密钥设置新密码", "new passphrase set with the recovery sheet")
	return nil
}
