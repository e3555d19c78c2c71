package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/interchange"
)

func init() {
	register("export", command{"导出全部记录为 JSON 交换文件", "export every record as a JSON interchange document", runExport})
}

func runExport(e *env, args []string) error {
	fs := newFlags(e, "export")
	dir := fs.String("vault", "", "档案库文件夹")
	out := fs.String("out", "", "输出文件 (.json)，不能是已有文件")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := needVault(*dir); err != nil {
		return err
	}
	if *out == "" || fs.NArg() != 0 {
		return usageErr("用法: xinqingctl export --vault DIR --out FILE.json", "usage: xinqingctl export --vault DIR --out FILE.json")
	}
	w, err := e.openWorkspace(*dir)
	if err != nil {
		return err
	}
	defer w.Lock(e.ctx)
	// The export is plaintext by nature: written only where asked, never
	// over an existing file, readable by the owner only.
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return fail(exitError, err, "输出文件已存在，请换一个文件名: "+*out, "the output file exists")
		}
		return fail(exitError, err, "无法创建输出文件: "+*out, "cannot create the output file")
	}
	st := w.Store()
	werr := interchange.Export(f, st, time.Now())
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(*out)
		return fail(exitError, werr, "导出失败", "export failed")
	}
	if err := st.Audit(casework.AuditActionExport, "", ""); err != nil {
		return fail(exitError, err, "导出已完成，但写入审计日志失败", "exported, but the audit entry failed")
	}
	if err := w.Save(context.Background()); err != nil {
		return vaultErr(err)
	}
	e.say(e.stdout, "已导出到 "+*out+"（明文文件，请妥善保管，用完及时删除）", fmt.Sprintf("exported to %s (plaintext: keep it safe)", *out))
	return nil
}
