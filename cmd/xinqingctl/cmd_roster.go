package main

import (
	"errors"
	"fmt"
	"xinqing/internal/cli"

	"xinqing/internal/casework"
	"xinqing/internal/interchange"
	"xinqing/internal/safefs"
)

func init() {
	register("import-roster", command{"导入 Excel 学生花名册（.xlsx）", "import an Excel class roster (.xlsx)", runImportRoster})
}

func runImportRoster(e *env, args []string) error {
	fs := e.Flags("import-roster")
	dir := fs.String("vault", "", "档案库文件夹")
	skip := fs.Bool("skip-bad-rows", false, "跳过有问题的行，只导入其余各行")
	redeal := fs.String("redeal", "", "新学年重新分班：从该日 (YYYY-MM-DD) 起按学籍号调整在校学生的班级")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	if err := cli.NeedVault(*dir); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return cli.UsageErr("用法: xinqingctl import-roster --vault DIR FILE.xlsx [--skip-bad-rows]",
			"usage: xinqingctl import-roster --vault DIR FILE.xlsx [--skip-bad-rows]")
	}
	var redealDay casework.Date
	if *redeal != "" {
		var err error
		if redealDay, err = casework.ParseDate(*redeal); err != nil {
			return cli.UsageErr("--redeal 应为日期 YYYY-MM-DD", "--redeal must be a date YYYY-MM-DD")
		}
	}
	f, err := safefs.OpenChosen(fs.Arg(0))
	if err != nil {
		return cli.Fail(cli.ExitError, err, "无法打开花名册文件: "+fs.Arg(0), "cannot open the roster")
	}
	defer f.Close()
	a, err := e.unlock(*dir)
	if err != nil {
		return err
	}
	defer a.Lock(e.Ctx)
	var p *interchange.Preview
	if *redeal != "" {
		p, err = a.PreviewRedeal(e.Ctx, f, redealDay)
	} else {
		p, err = a.PreviewRoster(e.Ctx, f)
	}
	if err != nil {
		return cli.Fail(cli.ExitError, err, "无法读取花名册: "+err.Error(), "cannot read the roster")
	}
	e.Say(e.Stdout, fmt.Sprintf("工作表“%s”，表头在第 %d 行：新增 %d 人，更新 %d 人，无变化 %d 人，有问题 %d 行",
		p.Sheet, p.HeaderRow, p.Adds, p.Updates, p.Unchanged, p.Bad),
		fmt.Sprintf("%d to add, %d to update, %d unchanged, %d bad rows", p.Adds, p.Updates, p.Unchanged, p.Bad))
	for _, r := range p.Rows {
		for _, m := range r.Warnings {
			e.Say(e.Stderr, "提示: "+m, "")
		}
	}
	res, err := a.ApplyRoster(e.Ctx, p, *skip)
	var re *interchange.RosterError
	if errors.As(err, &re) {
		return cli.Fail(cli.ExitError, err, re.Error(), fmt.Sprintf("%d bad rows; nothing was written (use --skip-bad-rows)", len(re.Rows)))
	}
	if err != nil {
		return cli.Fail(cli.ExitError, err, "花名册导入失败，未写入任何数据", "roster import failed; nothing was written")
	}
	for _, r := range p.BadRows() {
		for _, m := range r.Errors {
			e.Say(e.Stderr, "已跳过: "+m, "")
		}
	}
	if err := a.Lock(e.Ctx); err != nil {
		return cli.Err(err)
	}
	e.Say(e.Stdout, fmt.Sprintf("已导入花名册：新增 %d 人，更新 %d 人，跳过 %d 行", res.Added, res.Updated, res.Skipped),
		fmt.Sprintf("roster imported: %d added, %d updated, %d skipped", res.Added, res.Updated, res.Skipped))
	return nil
}
