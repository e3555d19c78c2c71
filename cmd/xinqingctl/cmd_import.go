package main

import (
	"errors"
	"fmt"
	"xinqing/internal/cli"

	"xinqing/internal/interchange"
	"xinqing/internal/safefs"
)

func init() {
	register("import", command{"导入 JSON 交换文件（空库整体导入，非空库按编号合并）", "import a JSON interchange document", runImport})
}

func runImport(e *env, args []string) error {
	fs := e.Flags("import")
	dir := fs.String("vault", "", "档案库文件夹")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	if err := cli.NeedVault(*dir); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return cli.UsageErr("用法: xinqingctl import --vault DIR FILE.json", "usage: xinqingctl import --vault DIR FILE.json")
	}
	f, err := safefs.OpenChosen(fs.Arg(0))
	if err != nil {
		return cli.Fail(cli.ExitError, err, "无法打开导入文件: "+fs.Arg(0), "cannot open the file")
	}
	defer f.Close()
	a, err := e.unlock(*dir)
	if err != nil {
		return err
	}
	defer a.Lock(e.Ctx)
	res, err := a.Import(e.Ctx, f)
	var ie *interchange.ImportError
	if errors.As(err, &ie) {
		return cli.Fail(cli.ExitError, err, ie.Error(), fmt.Sprintf("the document was refused (%d problems); nothing was written", ie.Total))
	}
	if err != nil {
		return cli.Fail(cli.ExitError, err, "导入失败，未写入任何数据", "import failed; nothing was written")
	}
	if err := a.Lock(e.Ctx); err != nil {
		return cli.Err(err)
	}
	how := "空档案库，整体导入"
	if res.Merged {
		how = "已有数据，按编号合并"
	}
	e.Say(e.Stdout, fmt.Sprintf("已导入（%s）：新增 %d 条，更新 %d 条", how, res.Added, res.Updated),
		fmt.Sprintf("imported: %d added, %d updated", res.Added, res.Updated))
	if res.DroppedAttachmentRefs > 0 {
		e.Say(e.Stdout, fmt.Sprintf("注意: %d 份知情同意书的附件不在本档案库中，已去掉附件关联", res.DroppedAttachmentRefs),
			fmt.Sprintf("%d consent attachments are not in this vault and were unlinked", res.DroppedAttachmentRefs))
	}
	return nil
}
