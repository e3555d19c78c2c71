package main

import (
	"context"
	"fmt"
	"xinqing/internal/app"
	"xinqing/internal/cli"
)

func init() {
	register("agenda", command{"列出或打印一周的预约", "list or print the appointments of a week", runAgenda})
}
func runAgenda(e *env, args []string) error {
	fs := e.Flags("agenda")
	dir, week := fs.String("vault", "", "档案库文件夹"), fs.String("week", "", "该周内的任一日期 YYYY-MM-DD（默认今天）")
	out, door := fs.String("out", "", "输出 PDF 文件（辅导员周表）"), fs.Bool("door", false, "与 --out 合用：门贴（只有时间和“已约”）")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	day, err := onFlag(*week)
	if err != nil || fs.NArg() != 0 || (*door && *out == "") {
		return cli.UsageErr("用法: xinqingctl agenda --vault DIR --week YYYY-MM-DD [--out FILE.pdf [--door]]", "usage: xinqingctl agenda --vault DIR --week DATE [--out FILE.pdf [--door]]")
	}
	return e.writeDoc(*dir, *out, map[bool]written{true: {zh: "预约周表", en: "week of appointments"}}[*out != ""], func(ctx context.Context, s *app.Session) error {
		if *out != "" {
			return s.AgendaWeek(ctx, day, *door, *out, app.Exclusive)
		}
		lines, err := s.App.AgendaLines(ctx, day)
		for _, l := range lines {
			fmt.Fprintln(e.Stdout, l)
		}
		return err
	})
}
