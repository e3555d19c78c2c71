package main

import (
	"errors"
	"fmt"
	"xinqing/internal/cli"

	"xinqing/internal/app"
)

func init() {
	register("export", command{"导出全部记录为 JSON 交换文件", "export every record as a JSON interchange document", runExport})
}

func runExport(e *env, args []string) error {
	fs := e.Flags("export")
	dir := fs.String("vault", "", "档案库文件夹")
	out := fs.String("out", "", "输出文件 (.json)，不能是已有文件")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	if err := cli.NeedVault(*dir); err != nil {
		return err
	}
	if *out == "" || fs.NArg() != 0 {
		return cli.UsageErr("用法: xinqingctl export --vault DIR --out FILE.json", "usage: xinqingctl export --vault DIR --out FILE.json")
	}
	a, err := e.unlock(*dir)
	if err != nil {
		return err
	}
	defer a.Lock(e.Ctx)
	// A typo must never replace another file: the export is Exclusive.
	switch err := a.Export(e.Ctx, *out, app.Exclusive); {
	case errors.Is(err, app.ErrOutputExists):
		return cli.Fail(cli.ExitError, err, "输出文件已存在，请换一个文件名: "+*out, "the output file exists")
	case app.IsAuditError(err):
		return cli.Fail(cli.ExitError, err, "导出已完成，但写入审计日志失败", "exported, but the audit entry failed")
	case err != nil:
		return cli.Fail(cli.ExitError, err, "导出失败: "+*out, "export failed")
	}
	if err := a.Lock(e.Ctx); err != nil {
		return cli.Err(err)
	}
	e.Say(e.Stdout, "已导出到 "+*out+"（明文文件，请妥善保管，用完及时删除）", fmt.Sprintf("exported to %s (plaintext: keep it safe)", *out))
	return nil
}
