package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"xinqing/internal/cli"

	"xinqing/internal/app"
	"xinqing/internal/backup"
	"xinqing/internal/casework"
	"xinqing/internal/store"
	"xinqing/internal/vault"
)

func init() {
	register("backup", command{"备份到U盘（写入后完整校验）", "back up to a USB stick, verified", runBackup})
	register("verify-backups", command{"检查U盘上的每个备份", "verify every backup on a stick", runVerifyBackups})
	register("restore", command{"从备份恢复（先校验，再确认）", "restore from a backup", runRestore})
	register("drives", command{"列出可移动磁盘", "list removable drives", runDrives})
}

func runBackup(e *env, args []string) error {
	fs := e.Flags("backup")
	dir := fs.String("vault", "", "档案库文件夹")
	to := fs.String("to", "", "U盘或目标文件夹")
	keep := fs.Int("keep", backup.DefaultKeep, "U盘上保留的备份个数（至少 3）")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	if err := cli.NeedVault(*dir); err != nil {
		return err
	}
	if *to == "" {
		return cli.UsageErr("缺少 --to 目标文件夹", "missing --to DIR")
	}
	return e.withVault(*dir, func(a *app.App) error {
		res, err := a.BackupNow(e.Ctx, *to, *keep, e.Progress())
		if err != nil {
			return cli.Err(err)
		}
		file := filepath.Join(filepath.FromSlash(res.Dir), res.Name.String()+".age")
		if res.Existing {
			e.Say(e.Stdout, "该版本已有完好的备份: "+file, "already backed up: "+file)
		} else {
			e.Say(e.Stdout, fmt.Sprintf("备份完成并已校验（第 %d 次保存，%s）: %s", res.Name.Gen, cli.Size(res.Size), file),
				"backup written and verified: "+file)
		}
		e.Say(e.Stdout, fmt.Sprintf("附件文件 %d 个（本次新写入 %d 个）", res.Blobs, res.Written),
			fmt.Sprintf("attachment files: %d (%d written now)", res.Blobs, res.Written))
		if len(res.Missing) > 0 {
			e.Say(e.Stderr, fmt.Sprintf("注意: %d 个附件文件在档案库中缺失或已损坏，未能备份；其余内容已完整备份", len(res.Missing)),
				fmt.Sprintf("warning: %d attachment files missing or damaged in the vault were not backed up", len(res.Missing)))
		}
		if len(res.Pruned) > 0 {
			e.Say(e.Stdout, fmt.Sprintf("已按保留策略删除 %d 个旧备份", len(res.Pruned)), fmt.Sprintf("%d old backups pruned", len(res.Pruned)))
		}
		if res.PruneErr != nil {
			e.Say(e.Stderr, "注意: 清理旧备份失败: "+res.PruneErr.Error(), "pruning failed")
		}
		// The backup's journal entry is saved with the lock, before the
		// drive may go.
		if err := a.Lock(e.Ctx); err != nil {
			return cli.Err(err)
		}
		e.Say(e.Stdout, "请先安全弹出U盘再拔下", "eject the drive before unplugging it")
		return nil
	})
}

func runVerifyBackups(e *env, args []string) error {
	fs := e.Flags("verify-backups")
	dir := fs.String("dir", "", "U盘、心晴备份文件夹或某个档案库的备份文件夹")
	full := fs.Bool("full", false, "同时用密码解密并校验内容（读取 XINQING_PASSPHRASE）")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	if *dir == "" {
		return cli.UsageErr("缺少 --dir 文件夹", "missing --dir DIR")
	}
	var pass string
	if *full {
		var err error
		if pass, err = e.Secret("XINQING_PASSPHRASE", "请输入密码:", "passphrase:"); err != nil {
			return err
		}
	}
	rep, err := app.VerifyBackupsWith(e.Ctx, *dir, pass, e.Progress())
	if err != nil {
		return cli.Err(err)
	}
	for _, it := range rep.Items {
		line := fmt.Sprintf("%s  %s/%s", it.Status, it.VaultID, it.Base)
		if it.Blobs > 0 {
			line += fmt.Sprintf("  附件 %d", it.Blobs)
		}
		switch {
		case it.Status == backup.Verified && it.Full:
			line += "（已解密校验）"
		case it.Status == backup.Verified && errors.Is(it.Err, vault.ErrWrongKey):
			line += "（校验值正确；密码打不开这个备份）"
		case it.Err != nil && it.Status != backup.Verified:
			line += ": " + it.Err.Error()
		}
		e.Say(e.Stdout, line, "")
	}
	if len(rep.Items) == 0 {
		return cli.Fail(cli.ExitError, backup.ErrNoBackup, "没有找到备份", "no backup found")
	}
	e.Say(e.Stdout, fmt.Sprintf("完好 %d 个，损坏 %d 个，不完整 %d 个", rep.Verified, rep.Damaged, rep.Incomplete),
		fmt.Sprintf("%d verified, %d damaged, %d incomplete", rep.Verified, rep.Damaged, rep.Incomplete))
	if rep.Damaged > 0 {
		return cli.Fail(cli.ExitDamaged, nil, fmt.Sprintf("%d 个备份已损坏", rep.Damaged), fmt.Sprintf("%d backups damaged", rep.Damaged))
	}
	if n := len(rep.Unverified); n > 0 {
		return cli.Fail(cli.ExitDamaged, nil, fmt.Sprintf("%d 个档案库在这个U盘上没有一个完好的备份", n), fmt.Sprintf("%d vaults have no verified backup here", n))
	}
	return nil
}

func runRestore(e *env, args []string) error {
	fs := e.Flags("restore")
	dir := fs.String("vault", "", "档案库文件夹（不存在时从备份新建）")
	from := fs.String("from", "", "备份文件（.age）")
	yes := fs.Bool("yes", false, "不再询问，直接恢复")
	useSheet := fs.Bool("sheet", false, "用恢复密钥单解锁备份（读取 XINQING_SHEET）")
	mem := fs.Int("kdf-memory", 0, "新建档案库时的 Argon2id 内存 (MiB, 至少 64)")
	sheetOut := fs.String("sheet-out", "", "新建档案库时恢复密钥单的输出文件 (.pdf 或 .txt)")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	if err := cli.NeedVault(*dir); err != nil {
		return err
	}
	if *from == "" {
		return cli.UsageErr("缺少 --from 备份文件", "missing --from FILE")
	}
	// Phase one: the manifest, before any passphrase is asked for.
	b, err := app.InspectBackup(e.Ctx, *from, e.Progress())
	if err != nil {
		return cli.Err(err)
	}
	if b.SlotDamaged() && !*useSheet {
		e.Say(e.Stderr, "注意: 该备份的密码槽已损坏，只能用恢复密钥单恢复（加 --sheet）", "the backup's key slot is damaged; use --sheet")
	}
	var typed string
	if *useSheet {
		if typed, err = e.sheet(); err != nil {
			return err
		}
	}
	if app.HasVault(*dir) {
		return e.restoreInto(*dir, b, typed, *yes)
	}
	return e.restoreNew(*dir, b, typed, *yes, *mem, *sheetOut)
}

func (e *env) restoreInto(dir string, b *app.Backup, typed string, yes bool) error {
	return e.withVault(dir, func(a *app.App) error {
		k := app.RestoreKeys{Sheet: typed}
		if typed == "" {
			// A backup made under an older passphrase of another vault.
			k.Passphrase = e.Getenv("XINQING_BACKUP_PASSPHRASE")
		}
		p, err := a.OpenBackup(e.Ctx, b, k)
		if app.ErrorKind(err) == app.KindWrongKey && k == (app.RestoreKeys{}) {
			return cli.Fail(cli.ExitWrongKey, err, "这个备份不属于当前档案库；请设置 XINQING_BACKUP_PASSPHRASE 为备份时的密码，或用 --sheet",
				"the backup is not of this vault; set XINQING_BACKUP_PASSPHRASE or use --sheet")
		}
		if err != nil {
			return cli.Err(err)
		}
		defer p.Close()
		if ok, err := e.confirmSummary(p, yes); err != nil || !ok {
			return err
		}
		if err := a.ConfirmRestore(e.Ctx, p); err != nil {
			return cli.Err(err)
		}
		gen := a.SavedGeneration()
		if err := a.Lock(e.Ctx); err != nil {
			return cli.Err(err)
		}
		e.Say(e.Stdout, fmt.Sprintf("已恢复为第 %d 次保存。恢复前的数据已另存为第 %d 次保存。", gen, gen-1),
			"restored; the state before was sealed as a pre-restore generation")
		return nil
	})
}

func (e *env) restoreNew(dir string, b *app.Backup, typed string, yes bool, mem int, sheetOut string) error {
	k := app.RestoreKeys{Sheet: typed}
	if typed == "" {
		var err error
		if k.Passphrase, err = e.Secret("XINQING_PASSPHRASE", "请输入备份时的密码:", "passphrase of the backup:"); err != nil {
			return err
		}
	}
	p, err := app.OpenBackupAlone(e.Ctx, b, k)
	if err != nil {
		return cli.Err(err)
	}
	defer p.Close()
	if ok, err := e.confirmSummary(p, yes, "这台电脑上还没有档案库：将新建档案库并导入这个备份，并生成一张新的恢复密钥单。",
		"no vault here: a new vault is created from the backup, with a new recovery sheet"); err != nil || !ok {
		return err
	}
	o, err := kdfOptions(mem)
	if err != nil {
		return err
	}
	a := app.New(o)
	// The new vault keeps the backup's passphrase unless another is given;
	// after the sheet a new one is required.
	pass := k.Passphrase
	if np := e.Getenv("XINQING_NEW_PASSPHRASE"); np != "" || pass == "" {
		if pass, err = e.NewSecret("XINQING_NEW_PASSPHRASE", nil); err != nil {
			return err
		}
	}
	identity, err := a.RestoreNew(e.Ctx, dir, pass, p)
	if err != nil {
		return cli.Err(err)
	}
	return e.created(a, identity, "", sheetOut, "新的恢复密钥单", "new recovery sheet",
		"已从备份新建档案库 %s。旧的恢复密钥单只能打开旧备份，请保管好新的这张。", "vault %s created from the backup; keep the new recovery sheet")
}

// confirmSummary shows what the backup holds (and any note), then asks.
func (e *env) confirmSummary(p *app.Pending, yes bool, note ...string) (bool, error) {
	e.printSummary(p)
	if len(note) == 2 {
		e.Say(e.Stdout, note[0], note[1])
	}
	return e.Confirm(yes, "确认用这个备份恢复？当前数据会先另存为“恢复前”版本。", "请核对以上内容后加 --yes 确认恢复", "未恢复")
}

func (e *env) printSummary(p *app.Pending) {
	s := p.Summary
	when := s.Name.Time.Format("2006-01-02 15:04")
	if !s.SavedAt.IsZero() {
		when = s.SavedAt.Local().Format("2006-01-02 15:04")
	}
	e.Say(e.Stdout, fmt.Sprintf("备份: %s（第 %d 次保存）", when, s.Gen), "backup summary")
	if p.OtherVault() {
		e.Say(e.Stdout, "注意: 这个备份来自另一个档案库 "+s.VaultID, "note: the backup is of another vault")
	}
	for _, k := range store.StoredKinds() {
		if n := s.Counts[k]; n > 0 {
			fmt.Fprintf(e.Stdout, "  %-12s %d\n", casework.Label(casework.LangZH, "record."+string(k)), n)
		}
	}
	if s.Blobs+s.BlobsAbsent > 0 {
		fmt.Fprintf(e.Stdout, "  %-12s %d\n", "附件文件", s.Blobs)
	}
	if s.BlobsAbsent > 0 {
		e.Say(e.Stdout, fmt.Sprintf("注意: 有 %d 个附件文件不在这个备份中（较早的备份不含附件文件）；档案库中已有的会保留", s.BlobsAbsent),
			fmt.Sprintf("note: %d attachment files are not in this backup", s.BlobsAbsent))
	}
}

func runDrives(e *env, args []string) error {
	fs := e.Flags("drives")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	ds, err := app.Drives(e.Ctx)
	if err != nil {
		return cli.Fail(cli.ExitError, err, "无法列出磁盘: "+err.Error(), "cannot list drives")
	}
	if len(ds) == 0 {
		e.Say(e.Stdout, "没有找到可移动磁盘；请插入U盘，或用 --to 指定文件夹", "no removable drive found")
		return nil
	}
	printDrives(e.Stdout, ds)
	return nil
}

func printDrives(w io.Writer, ds []backup.Drive) {
	for _, d := range ds {
		fat := ""
		if d.FAT {
			fat = "（FAT32：单个文件不超过 4 GB）"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t可用 %s%s\n", d.Path, d.Label, d.FS, cli.Size(int64(d.Free)), fat)
	}
}
