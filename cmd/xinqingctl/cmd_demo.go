package main

import (
	"errors"
	"fmt"
	"strconv"
	"xinqing/internal/cli"

	"xinqing/internal/app"
	"xinqing/internal/casework"
	"xinqing/internal/demo"
)

func init() {
	register("demo", command{"向空档案库填入合成的演示学校数据", "fill an empty vault with a synthetic demo school", runDemo})
}

func runDemo(e *env, args []string) error {
	fs := e.Flags("demo")
	dir := fs.String("vault", "", "档案库文件夹（须已用 init 新建且没有记录）")
	scaleName := fs.String("scale", "small", "规模: small（约300名学生，一学年）或 big（3000名学生，十学年）")
	seed := fs.String("seed", "1", "随机种子（同一种子生成同样的数据）")
	date := fs.String("date", "", "数据截止日期 YYYY-MM-DD（默认今天）")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	if err := cli.NeedVault(*dir); err != nil {
		return err
	}
	scale, err := demo.ParseScale(*scaleName)
	if err != nil {
		return cli.UsageErr("--scale 应为 small 或 big", "--scale must be small or big")
	}
	n, err := strconv.ParseInt(*seed, 10, 64)
	if err != nil {
		return cli.UsageErr("--seed 应为整数", "--seed must be an integer")
	}
	return e.withVault(*dir, func(a *app.App) error {
		now := a.Today()
		if *date != "" {
			if now, err = casework.ParseDate(*date); err != nil {
				return cli.UsageErr("--date 应为 YYYY-MM-DD", "--date must be YYYY-MM-DD")
			}
		}
		res, err := a.FillDemo(e.Ctx, scale, n, now)
		switch {
		case errors.Is(err, app.ErrNotEmpty):
			// Demo data must never mix with real records.
			return cli.Fail(cli.ExitError, err, "该档案库已有记录；演示数据只能放进新建的空档案库", "the vault holds records; demo data goes into an empty vault only")
		case err != nil && app.ErrorKind(err) == app.KindOther:
			return cli.Fail(cli.ExitError, err, "生成演示数据失败，未写入任何数据", "demo generation failed; nothing was written")
		case err != nil:
			return cli.Err(err)
		}
		e.Say(e.Stdout, fmt.Sprintf("已生成演示学校（%s）：共 %d 条记录，其中学生 %d 名", scale, res.Added, res.Counts["students"]),
			fmt.Sprintf("demo school (%s): %d records, %d students", scale, res.Added, res.Counts["students"]))
		return nil
	})
}
