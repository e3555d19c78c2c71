package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"xinqing/internal/app"
)

// ResultsImport are the choices of xinqingctl import-results.
type ResultsImport struct {
	Screening, Platform string
	Map                 strs // "列名=字段", repeatable
	Yes, SkipUnmatched  bool
}

type strs []string

func (s *strs) String() string     { return strings.Join(*s, ",") }
func (s *strs) Set(v string) error { *s = append(*s, v); return nil }

// ResultsFlags declares the flags of import-results on fs.
func ResultsFlags(fs *flag.FlagSet) *ResultsImport {
	o := &ResultsImport{}
	fs.StringVar(&o.Screening, "screening", "", "测评记录的编号（id）或名称")
	fs.StringVar(&o.Platform, "platform", "", "测评平台名称：按它记住并沿用列的对应")
	fs.Var(&o.Map, "map", "列名=字段（学籍号、姓名、班级、年级、总分、预警、是否有效、因子分、不导入），可重复")
	fs.BoolVar(&o.Yes, "yes", false, "确认导入（没有它只显示预览）")
	fs.BoolVar(&o.SkipUnmatched, "skip-unmatched", false, "跳过未匹配和重名的行，只导入其余各行")
	return o
}

// ResultsUsage is the usage error of import-results.
func ResultsUsage() error {
	u := "xinqingctl import-results --vault DIR --screening ID FILE.xlsx [--map 列名=字段 …] [--platform NAME] [--yes] [--skip-unmatched]"
	return UsageErr("用法: "+u, "usage: "+u)
}

// ParseInterspersed parses flags given before and after the positional
// arguments (FILE.xlsx --yes) and returns the positional ones.
func ParseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := ParseFlags(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos, args = append(pos, fs.Arg(0)), fs.Args()[1:]
	}
}

// ImportResults reads a platform's results sheet, prints the mapping and
// the preview (matched, unmatched, ambiguous) and writes only with Yes;
// unmatched or ambiguous rows refuse the import unless SkipUnmatched.
// Row numbers and classes are printed, never a name.
func (e *Env) ImportResults(a *app.App, r io.Reader, o ResultsImport) error {
	choices, err := app.ParseResultMap(o.Map)
	if err != nil {
		p := app.Classify(err)
		return UsageErr(p.ZH, p.EN)
	}
	sh, err := a.ReadResults(e.Ctx, r, o.Platform)
	if err == nil {
		err = sh.Remap(choices)
	}
	if err != nil {
		return Err(err)
	}
	e.say(app.MappingLines(sh))
	p, err := a.PreviewResults(e.Ctx, sh, o.Screening)
	if err != nil {
		return Err(err)
	}
	e.say(app.PreviewLines(p))
	if !o.Yes {
		e.Say(e.Stdout, "这是预览，未写入任何数据；核对无误后加 --yes 导入", "preview only, nothing written; add --yes to import")
		return nil
	}
	res, err := a.ApplyResults(e.Ctx, p, o.SkipUnmatched, o.Platform)
	if err != nil {
		return Err(err)
	}
	e.Say(e.Stdout, fmt.Sprintf("已导入测评结果：新增 %d 条，更新 %d 条，无变化 %d 条，跳过 %d 行", res.Added, res.Updated, res.Unchanged, res.Skipped),
		fmt.Sprintf("results imported: %d added, %d updated, %d unchanged, %d skipped", res.Added, res.Updated, res.Unchanged, res.Skipped))
	return nil
}

func (e *Env) say(lines []app.Line) {
	for _, l := range lines {
		e.Say(e.Stdout, l.ZH, l.EN)
	}
}
