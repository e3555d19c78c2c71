package main

import (
	"fmt"
	"strings"
	"xinqing/internal/cli"

	"xinqing/internal/casework"
)

func init() {
	register("search", command{"按姓名、拼音、学籍号或记录内容查找", "search students by name, pinyin or number, and record text", runSearch})
}

func runSearch(e *env, args []string) error {
	fs := e.Flags("search")
	dir := fs.String("vault", "", "档案库文件夹")
	limit := fs.Int("limit", 20, "每类最多显示条数")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	if err := cli.NeedVault(*dir); err != nil {
		return err
	}
	q := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if q == "" {
		return cli.UsageErr("用法: xinqingctl search --vault DIR 查找内容", "usage: xinqingctl search --vault DIR TEXT")
	}
	a, err := e.unlock(*dir)
	if err != nil {
		return err
	}
	defer a.Lock(e.Ctx)
	found, err := a.Search(e.Ctx, q, *limit)
	if err != nil {
		return cli.Fail(cli.ExitError, err, "查找失败", "search failed")
	}
	students, hits := found.Students, found.Records
	e.Say(e.Stdout, fmt.Sprintf("学生 %d 名：", len(students)), fmt.Sprintf("%d students:", len(students)))
	for _, s := range students {
		fmt.Fprintf(e.Stdout, "  %s\t%s\t%s\t%s\n", s.Name, s.Class, s.StudentNo, s.ID)
	}
	e.Say(e.Stdout, fmt.Sprintf("记录 %d 条：", len(hits)), fmt.Sprintf("%d records:", len(hits)))
	for _, h := range hits {
		where := casework.Label(casework.LangZH, "record."+string(h.Kind))
		if h.InPrivateNote {
			where += "（备忘）"
		}
		fmt.Fprintf(e.Stdout, "  %s\t%s\t%s\n", where, h.ID, h.Snippet)
	}
	return nil
}
