package main

import (
	"context"
	"strconv"
	"strings"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/report"
	"xinqing/internal/returns"
	"xinqing/internal/selfcheck"
	"xinqing/internal/store"
)

const selfCheckUsageZH = "用法: xinqingctl report selfcheck --vault DIR --term 学期名称 --out FILE.pdf [--json FILE] [--on YYYY-MM-DD]"
const selfCheckUsageEN = "usage: xinqingctl report selfcheck --vault DIR --term NAME --out FILE.pdf [--json FILE] [--on DATE]"

func runReportSelfCheck(e *env, args []string) error {
	fs := newFlags(e, "report selfcheck")
	dir := fs.String("vault", "", "档案库文件夹")
	termName := fs.String("term", "", "学期名称，须与设置中的学期一致，如 2026-2027学年第一学期")
	out := fs.String("out", "", "输出 PDF 文件")
	jsonOut := fs.String("json", "", "同时把自查结果写入 JSON 文件")
	on := fs.String("on", "", "自查日期 YYYY-MM-DD（默认今天；学期未结束时只统计到这一天）")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(*termName) == "" || *out == "" || fs.NArg() != 0 {
		return usageErr(selfCheckUsageZH, selfCheckUsageEN)
	}
	day := casework.DateOf(time.Now())
	if *on != "" {
		d, err := casework.ParseDate(*on)
		if err != nil {
			return usageErr("--on 应为 YYYY-MM-DD", "--on must be YYYY-MM-DD")
		}
		day = d
	}
	s, err := e.openReport(*dir)
	if err != nil {
		return err
	}
	defer s.w.Lock(context.Background())
	var term casework.Term
	var names []string
	found := false
	for _, t := range s.settings.Terms {
		names = append(names, t.Name)
		if t.Name == strings.TrimSpace(*termName) {
			term, found = t, true
		}
	}
	if !found {
		known := "设置中还没有学期"
		if len(names) > 0 {
			known = "设置中的学期: " + strings.Join(names, "、")
		}
		return fail(exitUsage, nil, "找不到学期“"+*termName+"”；"+known, "no such term in the settings")
	}
	if day < term.Start {
		return fail(exitUsage, nil, "该学期"+string(term.Start)+"才开始，自查日期不能早于学期开始（可用 --on 指定日期）",
			"the term starts after the check date")
	}
	data, err := returns.Load(s.st)
	if err != nil {
		return err
	}
	atts, err := store.ListAs[*casework.Attachment](s.st, store.Filter{})
	if err != nil {
		return err
	}
	r, err := selfcheck.Compute(selfcheck.Input{Data: data, Attachments: atts, Term: term, On: day})
	if err != nil {
		return err
	}
	pdf, err := report.RenderSelfCheck(report.SelfCheckForm{Result: r, Preparer: s.settings.School.Preparer}, s.labels, time.Now())
	if err != nil {
		return err
	}
	if err := writeOut(*out, pdf); err != nil {
		return err
	}
	if err := s.audit(casework.AuditActionPrint, "", ""); err != nil {
		return err
	}
	if *jsonOut != "" {
		b, err := r.JSON()
		if err != nil {
			return err
		}
		if err := writeOut(*jsonOut, b); err != nil {
			return err
		}
		if err := s.audit(casework.AuditActionExport, "", ""); err != nil {
			return err
		}
	}
	if err := s.close(); err != nil {
		return err
	}
	counts := map[selfcheck.Status]int{}
	for _, it := range r.Items {
		counts[it.Status]++
	}
	e.say(e.stdout, "已生成专项自查表 "+*out+"："+selfCheckSummary(counts), "self-check written to "+*out)
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
