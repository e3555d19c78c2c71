package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"xinqing/internal/app"
	"xinqing/internal/casework"
	"xinqing/internal/county"
	"xinqing/internal/returnpkg"
)

func init() {
	register("county", command{"县（区）汇总：学校名单、导入各校上报文件、打印汇总表", "county roll-up: schools list, import the schools' return packages, print the county table", runCounty})
}

const countyUsageZH = "用法: xinqingctl county <init|import|report> --vault DIR …"
const countyUsageEN = "usage: xinqingctl county <init|import|report> --vault DIR …"

func runCounty(e *env, args []string) error {
	if len(args) == 0 {
		return usageErr(countyUsageZH, countyUsageEN)
	}
	run, ok := map[string]func(*env, []string) error{"init": runCountyInit, "import": runCountyImport, "report": runCountyReport}[args[0]]
	if !ok {
		return usageErr("未知的子命令: "+args[0]+"\n"+countyUsageZH, "unknown subcommand: "+args[0])
	}
	return run(e, args[1:])
}

// listErr turns a refused schools list into its sentence.
func listErr(err error) error {
	var le *county.ListError
	if errors.As(err, &le) {
		return fail(exitError, err, le.Chinese(), le.Error())
	}
	return err
}

func runCountyInit(e *env, args []string) error {
	fs := newFlags(e, "county init")
	dir := fs.String("vault", "", "新建的县（区）汇总库文件夹")
	name := fs.String("name", "", "县（市、区）名称")
	list := fs.String("schools", "", "学校名单（.csv 或 .xlsx，含“学校代码”“学校名称”列）")
	mem := fs.Int("kdf-memory", 0, "Argon2id 内存 (MiB, 至少 64)")
	out := fs.String("sheet-out", "", "恢复密钥单输出文件 (.pdf 或 .txt)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(*name) == "" || *list == "" || fs.NArg() != 0 {
		return usageErr("用法: xinqingctl county init --vault DIR --name 县名 --schools FILE.csv|.xlsx [--sheet-out FILE]",
			"usage: xinqingctl county init --vault DIR --name NAME --schools FILE.csv|.xlsx [--sheet-out FILE]")
	}
	if err := needVault(*dir); err != nil {
		return err
	}
	// The list is read before anything is made: a refused list leaves no vault.
	schools, err := app.ReadSchoolList(*list)
	if err != nil {
		return listErr(err)
	}
	o, err := kdfOptions(*mem)
	if err != nil {
		return err
	}
	a := app.New(o)
	pass, err := e.newSecret("XINQING_PASSPHRASE", a.SchoolWords(*name))
	if err != nil {
		return err
	}
	identity, err := a.CreateCounty(e.ctx, *dir, pass, strings.TrimSpace(*name), schools)
	if err != nil {
		return vaultErr(err)
	}
	return e.created(a, identity, *name, *out, "恢复密钥单", "recovery sheet",
		fmt.Sprintf("已新建县（区）汇总库 %%s，学校 %d 所", len(schools)), fmt.Sprintf("county vault created: %%s, %d schools", len(schools)))
}

// packageFiles expands folders into the .json files they hold.
func packageFiles(args []string) []string {
	var files []string
	for _, a := range args {
		if fi, err := os.Stat(a); err == nil && fi.IsDir() {
			found, _ := filepath.Glob(filepath.Join(a, "*.json"))
			sort.Strings(found)
			files = append(files, found...)
			continue
		}
		files = append(files, a)
	}
	return files
}

func runCountyImport(e *env, args []string) error {
	fs := newFlags(e, "county import")
	dir := fs.String("vault", "", "县（区）汇总库文件夹")
	confirm := fs.Bool("confirm-key", false, "接受签名密钥已更换的学校的文件，并登记新密钥（请先与学校核对指纹）")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageErr("用法: xinqingctl county import --vault DIR [--confirm-key] FILE.json|文件夹…",
			"usage: xinqingctl county import --vault DIR [--confirm-key] FILE.json|FOLDER…")
	}
	if err := needVault(*dir); err != nil {
		return err
	}
	var results []app.PackageResult
	err := e.withVault(*dir, func(a *app.App) error {
		s, err := a.Session(e.ctx)
		if err != nil {
			return err
		}
		if !s.IsCounty() {
			return fail(exitError, app.ErrNotCounty, "这不是县（区）汇总库", "not a county vault")
		}
		results, err = s.ImportPackages(e.ctx, packageFiles(fs.Args()), *confirm)
		return err
	})
	if err != nil {
		return vaultErr(err)
	}
	outcome := map[county.Outcome][2]string{
		county.Added: {"已导入", "added"}, county.Superseded: {"已导入（替换同月旧文件）", "added, supersedes the month's older package"},
		county.Older:     {"已存档（比已导入的同月文件旧，不计入）", "kept, older than the month's package held"},
		county.Duplicate: {"已导入过，跳过", "already imported, skipped"},
	}
	refused, bySignature := 0, false
	for _, r := range results {
		if r.Err != nil {
			refused++
			bySignature = bySignature || returnpkg.IsSignature(r.Err)
			var pe *returnpkg.Error
			if errors.As(r.Err, &pe) {
				e.say(e.stdout, "拒绝  "+pe.Chinese(), pe.Error())
			} else {
				e.say(e.stdout, "拒绝  “"+r.File+"”："+r.Err.Error(), "refused: "+r.File)
			}
			continue
		}
		t := outcome[r.Outcome]
		zh, en := fmt.Sprintf("%s  %s（%s，%s）", t[0], r.File, r.School, r.Month), t[1]+": "+r.File
		if r.KeyRegistered {
			zh, en = zh+"，已登记签名密钥", en+", key registered"
		}
		if r.KeyChanged {
			zh, en = zh+"，已更换登记的签名密钥", en+", registered key replaced"
		}
		e.say(e.stdout, zh, en)
	}
	switch {
	case bySignature:
		return fail(exitDamaged, nil, fmt.Sprintf("%d 个文件被拒绝，其中有签名或密钥不符的文件", refused),
			fmt.Sprintf("%d files refused, some for their signature or key", refused))
	case refused > 0:
		return fail(exitError, nil, fmt.Sprintf("%d 个文件被拒绝", refused), fmt.Sprintf("%d files refused", refused))
	}
	return nil
}

func runCountyReport(e *env, args []string) error {
	fs := newFlags(e, "county report")
	dir := fs.String("vault", "", "县（区）汇总库文件夹")
	month := fs.String("month", "", "统计月份 YYYY-MM")
	from := fs.String("from", "", "起始月份 YYYY-MM（学期、学年）")
	to := fs.String("to", "", "结束月份 YYYY-MM")
	out := fs.String("out", "", "输出 PDF 文件（A4 横向）")
	xlsx := fs.String("xlsx", "", "同时写出 Excel 工作簿（各校全部数字）")
	jsonOut := fs.String("json", "", "同时写出县级 JSON（schools、totals、missing、flags）")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	const zh, en = "用法: xinqingctl county report --vault DIR (--month YYYY-MM | --from YYYY-MM --to YYYY-MM) --out FILE.pdf [--xlsx FILE] [--json FILE]",
		"usage: xinqingctl county report --vault DIR (--month YYYY-MM | --from YYYY-MM --to YYYY-MM) --out FILE.pdf [--xlsx FILE] [--json FILE]"
	if *month != "" {
		if *from != "" || *to != "" {
			return usageErr(zh, en)
		}
		*from, *to = *month, *month
	}
	f, ferr := casework.ParseMonth(*from)
	t, terr := casework.ParseMonth(*to)
	if ferr != nil || terr != nil || t < f || *out == "" || fs.NArg() != 0 {
		return usageErr(zh, en)
	}
	if err := needVault(*dir); err != nil {
		return err
	}
	var tb *county.Table
	err := e.withVault(*dir, func(a *app.App) error {
		s, err := a.Session(e.ctx)
		if err != nil {
			return err
		}
		if !s.IsCounty() {
			return fail(exitError, app.ErrNotCounty, "这不是县（区）汇总库", "not a county vault")
		}
		tb, err = s.WriteCountyTable(e.ctx, f, t, app.CountyFiles{PDF: *out, XLSX: *xlsx, JSON: *jsonOut}, app.Exclusive)
		return docErr(err, "")
	})
	if err != nil {
		return vaultErr(err)
	}
	e.say(e.stdout, fmt.Sprintf("已生成县（区）汇总表 %s：学校 %d 所，未报送 %d 所，提示 %d 条", *out, len(tb.Rows), len(tb.Missing), len(tb.Flags)),
		fmt.Sprintf("county table written to %s", *out))
	return nil
}
