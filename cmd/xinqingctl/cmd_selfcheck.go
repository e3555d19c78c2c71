package main

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"xinqing/internal/cli"

	"xinqing/internal/app"
	"xinqing/internal/selfcheck"
)

const selfCheckUsageZH = "用法: xinqingctl report selfcheck --vault DIR --term 学期名称 --out FILE.pdf [--json FILE] [--on YYYY-MM-DD]"
const selfCheckUsageEN = "usage: xinqingctl report selfcheck --vault DIR --term NAME --out FILE.pdf [--json FILE] [--on DATE]"

func runReportSelfCheck(e *env, args []string) error {
	fs := e.Flags("report selfcheck")
	dir := fs.String("vault", "", "档案库文件夹")
	termName := fs.String("term", "", "学期名称，须与设置中的学期一致，如 2026-2027学年第一学期")
	out := fs.String("out", "", "输出 PDF 文件")
	jsonOut := fs.String("json", "", "同时把自查结果写入 JSON 文件")
	on := fs.String("on", "", "自查日期 YYYY-MM-DD（默认今天；学期未结束时只统计到这一天）")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(*termName) == "" || *out == "" || fs.NArg() != 0 {
		return cli.UsageErr(selfCheckUsageZH, selfCheckUsageEN)
	}
	day, err := onFlag(*on)
	if err != nil {
		return err
	}
	var r *selfcheck.Result
	err = e.writeDoc(*dir, *out, written{}, func(ctx context.Context, s *app.Session) error {
		r, err = s.SelfCheckReport(ctx, strings.TrimSpace(*termName), day, *out, *jsonOut, app.Exclusive)
		return err
	})
	var unknown *app.UnknownTermError
	var early *app.TermNotStartedError
	switch {
	case errors.As(err, &unknown):
		known := "设置中还没有学期"
		if len(unknown.Known) > 0 {
			known = "设置中的学期: " + strings.Join(unknown.Known, "、")
		}
		return cli.Fail(cli.ExitUsage, nil, "找不到学期“"+*termName+"”；"+known, "no such term in the settings")
	case errors.As(err, &early):
		return cli.Fail(cli.ExitUsage, nil, "该学期"+string(early.Start)+"才开始，自查日期不能早于学期开始（可用 --on 指定日期）",
			"the term starts after the check date")
	case err != nil:
		return err
	}
	counts := map[selfcheck.Status]int{}
	for _, it := range r.Items {
		counts[it.Status]++
	}
	e.Say(e.Stdout, "已生成专项自查表 "+*out+"："+selfCheckSummary(counts), "self-check written to "+*out)
	return nil
}

// summary counts the items by status: 达标 5 项，需改进 2 项，未开展 1 项.
func selfCheckSummary(counts map[selfcheck.Status]int) string {
	var parts []string
	for _, s := range []struct {
		st    selfcheck.Status
		label string
	}{{selfcheck.Pass, "达标"}, {selfcheck.Improve, "需改进"}, {selfcheck.NotStarted, "未开展"}} {
		parts = append(parts, s.label+" "+strconv.Itoa(counts[s.st])+" 项")
	}
	return strings.Join(parts, "，")
}
