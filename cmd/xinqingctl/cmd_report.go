package main

import (
	"context"
	"errors"
	"io/fs"
	"strings"
	"time"
	"xinqing/internal/cli"

	"xinqing/internal/app"
	"xinqing/internal/casework"
)

func init() {
	register("report", command{"打印月报、学期统计、个案记录表等 PDF", "print the monthly return, term statistics, case records and other PDFs", runReport})
}

// reportCommands are the documents of "xinqingctl report".
func reportCommands() map[string]func(e *env, args []string) error {
	return map[string]func(e *env, args []string) error{
		"monthly":   runReportMonthly,
		"term":      runReportTerm,
		"case":      runRecordDoc("case"),
		"group":     runRecordDoc("group"),
		"roster":    runReportRoster,
		"referral":  runRecordDoc("referral"),
		"keylist":   runReportKeyList,
		"selfcheck": runReportSelfCheck,
	}
}

const reportUsageZH = "用法: xinqingctl report <monthly|term|case|group|roster|referral|keylist|selfcheck> --vault DIR --out FILE.pdf …"
const reportUsageEN = "usage: xinqingctl report <monthly|term|case|group|roster|referral|keylist|selfcheck> --vault DIR --out FILE.pdf …"

func runReport(e *env, args []string) error {
	if len(args) == 0 {
		return cli.UsageErr(reportUsageZH, reportUsageEN)
	}
	run, ok := reportCommands()[args[0]]
	if !ok {
		return cli.UsageErr("未知的报表: "+args[0]+"\n"+reportUsageZH, "unknown report: "+args[0])
	}
	return run(e, args[1:])
}

// written is what the closing sentence says of a document:
// "已生成<zh> <out><tailZH>"; what names the record of --id.
type written struct{ zh, en, tailZH, tailEN, what string }

// writeDoc unlocks the vault in dir, writes a document with write, saves
// and locks, and says what it wrote (nothing when w.zh is empty).
func (e *env) writeDoc(dir, out string, w written, write func(context.Context, *app.Session) error) error {
	if err := cli.NeedVault(dir); err != nil {
		return err
	}
	a, err := e.unlock(dir)
	if err != nil {
		return err
	}
	defer a.Lock(e.Ctx)
	s, err := a.Session(e.Ctx)
	if err == nil {
		err = write(e.Ctx, s)
	}
	if err := docErr(e.GlyphNote(err), w.what); err != nil {
		return err
	}
	// The lock saves the audit entries; a failed save fails the command.
	if err := cli.Err(a.Lock(e.Ctx)); err != nil {
		return err
	}
	if w.zh != "" {
		e.Say(e.Stdout, "已生成"+w.zh+" "+out+w.tailZH, w.en+" written to "+out+w.tailEN)
	}
	return nil
}

// docErr turns what a document refused into a sentence.
func docErr(err error, what string) error {
	var pe *fs.PathError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, app.ErrOutputExists):
		path := ""
		if errors.As(err, &pe) {
			path = pe.Path
		}
		return cli.Fail(cli.ExitError, err, "输出文件已存在，请换一个文件名: "+path, "the output file exists")
	case errors.Is(err, app.ErrNoFrozenReturn):
		return cli.Fail(cli.ExitError, err, "该月还没有存档的月报（生成时加 --freeze 存档）", "no frozen return for this month")
	case app.IsAuditError(err):
		return cli.Fail(cli.ExitError, err, "文件已生成，但写入审计日志失败", "written, but the audit entry failed")
	case what != "" && casework.ErrorCode(err) == casework.ENOTFOUND:
		return cli.Fail(cli.ExitError, err, "找不到该"+what+"（请检查 --id）", what+" not found")
	case casework.ErrorCode(err) == casework.EINVALID: // e.g. a month that starts after today
		return cli.Fail(cli.ExitError, err, casework.ErrorMessageZH(err), err.Error())
	}
	return err
}

func runReportMonthly(e *env, args []string) error {
	fs := e.Flags("report monthly")
	dir := fs.String("vault", "", "档案库文件夹")
	month := fs.String("month", "", "报告月份 YYYY-MM")
	out := fs.String("out", "", "输出 PDF 文件")
	jsonOut := fs.String("json", "", "同时把各项数字写入 JSON 文件")
	xlsxOut := fs.String("xlsx", "", "同时把各项数字写入 Excel 文件")
	pkgOut := fs.String("package", "", "同时写出签名的上报文件（JSON），供县（区）汇总")
	freeze := fs.Bool("freeze", false, "把本次生成的月报存档为已报送（之后可原样重印）")
	frozen := fs.Bool("frozen", false, "重印该月最近一次存档的月报，而不是重新计算")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	const zh, en = "用法: xinqingctl report monthly --vault DIR --month YYYY-MM --out FILE.pdf [--json FILE] [--xlsx FILE] [--package FILE.json] [--freeze | --frozen]",
		"usage: xinqingctl report monthly --vault DIR --month YYYY-MM --out FILE.pdf [--json FILE] [--xlsx FILE] [--package FILE.json] [--freeze | --frozen]"
	m, err := casework.ParseMonth(*month)
	if err != nil || *out == "" || fs.NArg() != 0 || *freeze && *frozen {
		return cli.UsageErr(zh, en)
	}
	files := app.ReturnFiles{PDF: *out, JSON: *jsonOut, XLSX: *xlsxOut, Package: *pkgOut}
	w := written{zh: "月报", en: "monthly return"}
	if *freeze {
		w.tailZH, w.tailEN = "（已存档为已报送月报）", " (frozen)"
	}
	return e.writeDoc(*dir, *out, w, func(ctx context.Context, s *app.Session) error {
		if *pkgOut != "" {
			e.Say(e.Stdout, "上报签名指纹: "+s.Fingerprint(), "signing key fingerprint: "+s.Fingerprint())
		}
		if *frozen {
			rp, err := s.ReprintReturn(ctx, "", m, files, app.Exclusive)
			if err == nil && !rp.Same {
				e.Say(e.Stderr, "注意: 关注等级名称或标签已改动，重印件与当时上传的 PDF 版式不完全相同，但各项数字为存档数字",
					"note: labels changed since; the reprint shows the frozen figures but is not byte-identical")
			}
			return err
		}
		g, err := s.GenerateReturn(ctx, app.MonthlyParams{Month: m, Freeze: *freeze}, files, app.Exclusive)
		switch {
		case err != nil || g.Frozen == nil:
		case len(g.Changed) == 0:
			e.Say(e.Stderr, "与已存档的月报相比，各项数字没有变化", "the figures equal the frozen return")
		default:
			e.Say(e.Stderr, "与已存档的月报相比，以下项目有变化: "+strings.Join(g.Changed, "、"),
				"changed since the frozen return: "+strings.Join(g.Changed, ", "))
		}
		return err
	})
}

func runReportTerm(e *env, args []string) error {
	fs := e.Flags("report term")
	dir := fs.String("vault", "", "档案库文件夹")
	from := fs.String("from", "", "起始日期 YYYY-MM-DD")
	to := fs.String("to", "", "结束日期 YYYY-MM-DD")
	name := fs.String("name", "", "统计名称，如 2026-2027学年第一学期（默认取设置中的学期名称）")
	out := fs.String("out", "", "输出 PDF 文件")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	a, err1 := casework.ParseDate(*from)
	b, err2 := casework.ParseDate(*to)
	p := casework.Period{From: a, To: b}
	if err1 != nil || err2 != nil || !p.Valid() || *out == "" || fs.NArg() != 0 {
		return cli.UsageErr("用法: xinqingctl report term --vault DIR --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.pdf（起始日期不晚于结束日期）",
			"usage: xinqingctl report term --vault DIR --from DATE --to DATE --out FILE.pdf")
	}
	return e.writeDoc(*dir, *out, written{zh: "工作统计", en: "term statistics"}, func(ctx context.Context, s *app.Session) error {
		return s.TermStatistics(ctx, p, *name, *out, app.Exclusive)
	})
}

// recordDocs are the documents of one record and the use case that
// writes each.
var recordDocs = map[string]struct {
	w     written
	write func(s *app.Session, ctx context.Context, id, path string, over app.Overwrite) error
}{
	"case":     {written{zh: "个案辅导记录表", en: "case record", what: "个案"}, (*app.Session).CaseRecord},
	"group":    {written{zh: "团体辅导记录表", en: "group record", what: "团体辅导记录"}, (*app.Session).GroupRecord},
	"referral": {written{zh: "学校转介建议书", en: "referral letter", what: "转介记录"}, (*app.Session).ReferralLetter},
}

// runRecordDoc prints the document of one record: --vault, --id, --out.
func runRecordDoc(name string) func(e *env, args []string) error {
	return func(e *env, args []string) error {
		fs := e.Flags("report " + name)
		dir := fs.String("vault", "", "档案库文件夹")
		id := fs.String("id", "", "记录编号")
		out := fs.String("out", "", "输出 PDF 文件")
		if err := cli.ParseFlags(fs, args); err != nil {
			return err
		}
		if *id == "" || *out == "" || fs.NArg() != 0 {
			return cli.UsageErr("用法: xinqingctl report "+name+" --vault DIR --id ID --out FILE.pdf",
				"usage: xinqingctl report "+name+" --vault DIR --id ID --out FILE.pdf")
		}
		d := recordDocs[name]
		return e.writeDoc(*dir, *out, d.w, func(ctx context.Context, s *app.Session) error {
			return d.write(s, ctx, *id, *out, app.Exclusive)
		})
	}
}

// onFlag parses --on (today when empty).
func onFlag(on string) (casework.Date, error) {
	if on == "" {
		return casework.DateOf(time.Now()), nil
	}
	d, err := casework.ParseDate(on)
	if err != nil {
		return "", cli.UsageErr("--on 应为 YYYY-MM-DD", "--on must be YYYY-MM-DD")
	}
	return d, nil
}

func runReportRoster(e *env, args []string) error {
	fs := e.Flags("report roster")
	dir := fs.String("vault", "", "档案库文件夹")
	on := fs.String("on", "", "名册日期 YYYY-MM-DD（默认今天）")
	out := fs.String("out", "", "输出 PDF 文件")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	day, err := onFlag(*on)
	if err != nil {
		return err
	}
	if *out == "" || fs.NArg() != 0 {
		return cli.UsageErr("用法: xinqingctl report roster --vault DIR --out FILE.pdf [--on YYYY-MM-DD]",
			"usage: xinqingctl report roster --vault DIR --out FILE.pdf [--on DATE]")
	}
	return e.writeDoc(*dir, *out, written{zh: "班级心理委员名册", en: "committee roster"}, func(ctx context.Context, s *app.Session) error {
		return s.CommitteeRoster(ctx, day, *out, app.Exclusive)
	})
}

func runReportKeyList(e *env, args []string) error {
	fs := e.Flags("report keylist")
	dir := fs.String("vault", "", "档案库文件夹")
	purpose := fs.String("purpose", "", "用途（必填）")
	recipient := fs.String("recipient", "", "接收单位或接收人（必填）")
	grade, class := fs.String("grade", "", "只列此年级（如 七年级）"), fs.String("class", "", "只列此班级（如 七(1)班）")
	out := fs.String("out", "", "输出 PDF 文件")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(*purpose) == "" || strings.TrimSpace(*recipient) == "" || *out == "" || fs.NArg() != 0 {
		return cli.UsageErr("重点学生名单必须注明用途和接收人: xinqingctl report keylist --vault DIR --purpose 用途 --recipient 接收人 --out FILE.pdf",
			"the key-student list needs --purpose and --recipient")
	}
	w := written{zh: "重点学生名单", en: "key-student list",
		tailZH: "（含学生姓名，已加水印并记入审计日志，请按用途使用后销毁）", tailEN: " (named: watermarked and logged)"}
	return e.writeDoc(*dir, *out, w, func(ctx context.Context, s *app.Session) error {
		return s.KeyStudentListOf(ctx, *grade, *class, *purpose, *recipient, *out, app.Exclusive)
	})
}
