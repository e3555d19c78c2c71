package main

import (
	"fmt"
	"strings"
	"xinqing/internal/cli"

	"xinqing/internal/casework"
)

func init() {
	register("promote", command{"升年级：预览（加 --yes 执行）新学年各班的去向", "promote every class on the first day of a school year (preview; --yes applies)", runPromote})
}

// moves is the repeatable --move OLD=NEW flag: a row of the promotion
// table edited (a class re-dealt).
type moves []string

func (m *moves) String() string     { return strings.Join(*m, ",") }
func (m *moves) Set(v string) error { *m = append(*m, v); return nil }

func runPromote(e *env, args []string) error {
	fs := e.Flags("promote")
	dir := fs.String("vault", "", "档案库文件夹")
	on := fs.String("on", "", "新学年第一天 (YYYY-MM-DD)")
	yes := fs.Bool("yes", false, "按预览表执行升年级")
	var mv moves
	fs.Var(&mv, "move", "修改一行：原班级=新班级，如 七(1)班=八(3)班（可重复）")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	if err := cli.NeedVault(*dir); err != nil {
		return err
	}
	day, err := casework.ParseDate(*on)
	if err != nil || fs.NArg() != 0 {
		return cli.UsageErr("用法: xinqingctl promote --vault DIR --on YYYY-MM-DD [--move 原班级=新班级] [--yes]",
			"usage: xinqingctl promote --vault DIR --on YYYY-MM-DD [--move OLD=NEW] [--yes]")
	}
	a, err := e.unlock(*dir)
	if err != nil {
		return err
	}
	defer a.Lock(e.Ctx)
	ctx := e.Ctx
	p, err := a.PreviewPromotion(ctx, day)
	for _, m := range mv {
		if err == nil {
			err = p.Move(m)
		}
	}
	if err == nil {
		// Check the edited table before it is printed as the plan.
		err = a.CheckPromotion(ctx, p)
	}
	printPromotion(e, p)
	if err != nil {
		return cli.Fail(cli.ExitError, err, casework.ErrorMessageZH(err)+"；未做任何修改", "promotion refused; nothing was written")
	}
	if !*yes {
		e.Say(e.Stdout, "以上为预览，未做任何修改；确认无误后加 --yes 执行", "preview only; add --yes to apply")
		return nil
	}
	res, err := a.ApplyPromotion(ctx, p)
	if err != nil {
		return cli.Fail(cli.ExitError, err, casework.ErrorMessageZH(err)+"；未做任何修改", "promotion failed; nothing was written")
	}
	e.Say(e.Stdout, fmt.Sprintf("已升年级：升级 %d 人，毕业 %d 人；解除重点学生 %d 人，心理委员离任 %d 人",
		res.Promoted, res.Graduated, res.KeyStudentsReleased, res.CommitteeMembersEnded),
		fmt.Sprintf("promoted %d, graduated %d; %d key students released, %d committee members ended",
			res.Promoted, res.Graduated, res.KeyStudentsReleased, res.CommitteeMembersEnded))
	if res.Before > 0 {
		e.Say(e.Stdout, fmt.Sprintf("升年级前的数据是第 %d 次保存；如需撤销，请恢复升年级前的备份", res.Before),
			fmt.Sprintf("the school before the promotion is saved generation %d; restore the backup made before it to undo", res.Before))
	}
	return nil
}

func printPromotion(e *env, p casework.Promotion) {
	e.Say(e.Stdout, fmt.Sprintf("升年级 %s：", p.On), fmt.Sprintf("promotion on %s:", p.On))
	for i, r := range p.Rows {
		to := r.NextGrade + " " + r.NextClass
		if r.Graduates {
			to = fmt.Sprintf("毕业（%d届）", p.On.Year())
		}
		fmt.Fprintf(e.Stdout, "%3d  %s %s（%d 人） → %s\n", i+1, r.Grade, r.Class, r.Students, to)
	}
}
