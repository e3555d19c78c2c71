package main

import (
	"fmt"
	"xinqing/internal/cli"

	"xinqing/internal/app"
	"xinqing/internal/casework"
)

func init() {
	register("county", command{"县（区）汇总：新建汇总库、导入各校上报文件、打印汇总表", "county roll-up: new county vault, import return packages, print the county table", runCounty})
}

const countyUsageZH, countyUsageEN = "用法: xinqingctl county init --vault DIR --name 县名 --schools FILE.csv|.xlsx [--sheet-out FILE]\n" +
	"      xinqingctl county import --vault DIR [--confirm-key] FILE.json|文件夹…\n" +
	"      xinqingctl county report --vault DIR (--month YYYY-MM | --from YYYY-MM --to YYYY-MM) --out FILE.pdf [--xlsx FILE] [--json FILE]",
	"usage: xinqingctl county init|import|report … (see the Chinese line)"

func runCounty(e *env, args []string) error {
	sub := ""
	if len(args) > 0 {
		sub, args = args[0], args[1:]
	}
	fs := e.Flags("county " + sub)
	dir := fs.String("vault", "", "县（区）汇总库文件夹")
	name := fs.String("name", "", "init: 县（市、区）名称")
	list := fs.String("schools", "", "init: 学校名单（.csv 或 .xlsx，含“学校代码”“学校名称”列）")
	mem := fs.Int("kdf-memory", 0, "init: Argon2id 内存 (MiB, 至少 64)")
	sheet := fs.String("sheet-out", "", "init: 恢复密钥单输出文件 (.pdf 或 .txt)")
	confirm := fs.Bool("confirm-key", false, "import: 接受签名密钥已更换的学校的文件并登记新密钥（请先与学校核对指纹）")
	month := fs.String("month", "", "report: 统计月份 YYYY-MM")
	from, to := fs.String("from", "", "report: 起始月份 YYYY-MM"), fs.String("to", "", "report: 结束月份 YYYY-MM")
	out := fs.String("out", "", "report: 输出 PDF 文件（A4 横向）")
	xlsx, jsonOut := fs.String("xlsx", "", "report: 同时写出 Excel 工作簿"), fs.String("json", "", "report: 同时写出县级 JSON")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	if *month != "" && *from == "" && *to == "" {
		*from, *to = *month, *month
	}
	f, ferr := casework.ParseMonth(*from)
	t, terr := casework.ParseMonth(*to)
	switch {
	case sub == "init" && *name != "" && *list != "" && fs.NArg() == 0:
		return e.countyInit(*dir, *name, *list, *mem, *sheet)
	case sub == "import" && fs.NArg() > 0:
		return e.countyDo(*dir, func(s *app.Session) error { return e.countyImport(s, fs.Args(), *confirm) })
	case sub == "report" && ferr == nil && terr == nil && f <= t && *out != "" && fs.NArg() == 0:
		return e.countyDo(*dir, func(s *app.Session) error {
			tb, err := s.WriteCountyTable(e.Ctx, f, t, app.CountyFiles{PDF: *out, XLSX: *xlsx, JSON: *jsonOut}, app.Exclusive)
			if err == nil {
				e.Say(e.Stdout, fmt.Sprintf("已生成县（区）汇总表 %s：学校 %d 所，未报送 %d 所，提示 %d 条", *out, len(tb.Rows), len(tb.Missing), len(tb.Flags)),
					"county table written to "+*out)
			}
			return docErr(err, "")
		})
	}
	return cli.UsageErr(countyUsageZH, countyUsageEN)
}

func (e *env) countyInit(dir, name, list string, mem int, sheet string) error {
	if err := cli.NeedVault(dir); err != nil {
		return err
	}
	// The list is read first: a refused list leaves no vault behind.
	schools, err := app.ReadSchoolList(list)
	if err != nil {
		return cli.Err(err)
	}
	o, err := kdfOptions(mem)
	if err != nil {
		return err
	}
	a := app.New(o)
	pass, err := e.NewSecret("XINQING_PASSPHRASE", a.SchoolWords(name))
	if err != nil {
		return err
	}
	identity, err := a.CreateCounty(e.Ctx, dir, pass, name, schools)
	if err != nil {
		return cli.Err(err)
	}
	return e.created(a, identity, name, sheet, "恢复密钥单", "recovery sheet",
		fmt.Sprintf("已新建县（区）汇总库 %%s，学校 %d 所", len(schools)), fmt.Sprintf("county vault created: %%s, %d schools", len(schools)))
}

// countyDo runs f on the unlocked county vault in dir.
func (e *env) countyDo(dir string, f func(s *app.Session) error) error {
	if err := cli.NeedVault(dir); err != nil {
		return err
	}
	return cli.Err(e.withVault(dir, func(a *app.App) error {
		s, err := a.CountySession(e.Ctx)
		if err != nil {
			return cli.Err(err)
		}
		return f(s)
	}))
}

func (e *env) countyImport(s *app.Session, paths []string, confirm bool) error {
	res, err := s.ImportPackages(e.Ctx, paths, confirm)
	if err != nil {
		return err
	}
	for _, r := range res {
		zh, en := r.Sentences()
		e.Say(e.Stdout, zh, en)
	}
	refused, bySignature := app.Refused(res)
	switch {
	case bySignature > 0:
		return cli.Fail(cli.ExitDamaged, nil, fmt.Sprintf("%d 个文件被拒绝，其中 %d 个签名或密钥不符", refused, bySignature),
			fmt.Sprintf("%d files refused, %d for their signature or key", refused, bySignature))
	case refused > 0:
		return cli.Fail(cli.ExitError, nil, fmt.Sprintf("%d 个文件被拒绝", refused), fmt.Sprintf("%d files refused", refused))
	}
	return nil
}
