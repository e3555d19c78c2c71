package main

import (
	"xinqing/internal/app"
	"xinqing/internal/cli"
	"xinqing/internal/safefs"
)

func init() {
	register("import-results", command{"导入测评平台导出的结果表（.xlsx）", "import a screening platform's results sheet (.xlsx)", runImportResults})
}

func runImportResults(e *env, args []string) error {
	fs := e.Flags("import-results")
	dir := fs.String("vault", "", "档案库文件夹")
	o := cli.ResultsFlags(fs)
	files, err := cli.ParseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if err := cli.NeedVault(*dir); err != nil {
		return err
	}
	if len(files) != 1 || o.Screening == "" {
		return cli.ResultsUsage()
	}
	f, err := safefs.OpenChosen(files[0])
	if err != nil {
		return cli.Fail(cli.ExitError, err, "无法打开结果表文件: "+files[0], "cannot open the results sheet")
	}
	defer f.Close()
	return e.withVault(*dir, func(a *app.App) error { return e.ImportResults(a, f, *o) })
}
