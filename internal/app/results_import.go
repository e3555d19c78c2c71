package app

import (
	"context"
	"fmt"
	"io"
	"strings"

	"xinqing/internal/casework"
	"xinqing/internal/interchange"
	"xinqing/internal/store"
)

// ResultPlatforms lists the screening platforms whose sheet mapping the
// vault remembers.
func (a *App) ResultPlatforms(ctx context.Context) ([]string, error) {
	st, err := a.records(ctx)
	if err != nil {
		return nil, err
	}
	set, err := st.Settings()
	if err != nil {
		return nil, err
	}
	return interchange.Platforms(set), nil
}

// ReadResults reads a platform's results sheet and maps its columns by
// the mapping remembered for platform, else by their headers; nothing is
// matched or written.
func (a *App) ReadResults(ctx context.Context, r io.Reader, platform string) (*interchange.ResultSheet, error) {
	st, err := a.records(ctx)
	if err != nil {
		return nil, err
	}
	set, err := st.Settings()
	if err != nil {
		return nil, err
	}
	return interchange.ReadResults(r, interchange.RememberedMapping(set, platform))
}

// PreviewResults matches a mapped sheet's rows with the students of the
// screening; nothing is written.
func (a *App) PreviewResults(ctx context.Context, sh *interchange.ResultSheet, screeningID string) (*interchange.ResultsPreview, error) {
	st, err := a.records(ctx)
	if err != nil {
		return nil, err
	}
	return interchange.PreviewResults(sh, interchange.Adapt[*store.Tx](st), screeningID, interchange.ResultsOptions{Now: a.now})
}

// ApplyResults writes the matched rows of a preview in one transaction
// and remembers the mapping for platform. Unmatched or ambiguous rows
// refuse the whole sheet (interchange.ResultsError) unless skipUnmatched.
func (a *App) ApplyResults(ctx context.Context, p *interchange.ResultsPreview, skipUnmatched bool, platform string) (interchange.ResultsApplied, error) {
	st, err := a.records(ctx)
	if err != nil {
		return interchange.ResultsApplied{}, err
	}
	res, err := interchange.ApplyResults(interchange.Adapt[*store.Tx](st), p, skipUnmatched, platform)
	if err != nil {
		return res, err
	}
	a.Changed(casework.KindScreeningResult, casework.KindSettings)
	return res, nil
}

// Line is one line of text said in Chinese and in English ("" when the
// line needs no translation).
type Line struct{ ZH, EN string }

// ParseResultMap reads the command line's "列名=字段" choices; a choice
// without a known field is refused naming it.
func ParseResultMap(specs []string) (map[string]interchange.ResultField, error) {
	out := map[string]interchange.ResultField{}
	for _, m := range specs {
		i := strings.LastIndex(m, "=")
		f, ok := interchange.ResultField(""), false
		if i > 0 {
			f, ok = interchange.ParseResultField(m[i+1:])
		}
		if !ok {
			return nil, &interchange.ResultsError{ZH: "--map 应写成 列名=字段，字段为 学籍号、姓名、班级、年级、总分、预警、是否有效、因子分 或 不导入：" + m,
				EN: "--map takes COLUMN=FIELD: " + m}
		}
		out[m[:i]] = f
	}
	return out, nil
}

// MappingLines describe how a sheet's columns are mapped (headers are no
// private data).
func MappingLines(sh *interchange.ResultSheet) []Line {
	out := []Line{{fmt.Sprintf("工作表“%s”，表头在第 %d 行；列的对应：", sh.Sheet, sh.HeaderRow), fmt.Sprintf("sheet %q, header on row %d; columns:", sh.Sheet, sh.HeaderRow)}}
	for _, c := range sh.Columns {
		hidden := ""
		if c.Hidden {
			hidden = "（隐藏列）"
		}
		out = append(out, Line{ZH: fmt.Sprintf("  %s “%s”%s → %s", c.Letter, c.Header, hidden, c.Field.Label())})
	}
	return out
}

// PreviewLines are the preview as the command line prints it: counts,
// the consent marks, every unmatched or ambiguous row by its number and
// reason (never a name), and the notice of every result view.
func PreviewLines(p *interchange.ResultsPreview) []Line {
	out := []Line{{fmt.Sprintf("已匹配 %d 行（新增 %d，更新 %d，无变化 %d），未匹配 %d 行，重名 %d 行，不导入 %d 行（合计、说明或未测）",
		p.Matched, p.Adds, p.Updates, p.Unchanged, p.Unmatched, p.Ambiguous, p.Skipped),
		fmt.Sprintf("%d matched (%d new, %d updated, %d unchanged), %d unmatched, %d ambiguous, %d skipped",
			p.Matched, p.Adds, p.Updates, p.Unchanged, p.Unmatched, p.Ambiguous, p.Skipped)}}
	if p.NoConsent > 0 {
		out = append(out, Line{fmt.Sprintf("其中 %d 人没有测评知情同意记录，结果将标注“未取得知情同意”", p.NoConsent), fmt.Sprintf("%d without consent on file", p.NoConsent)})
	}
	for _, row := range p.Problems() {
		label := map[interchange.ResultRowStatus]string{interchange.ResultUnmatched: "未匹配", interchange.ResultAmbiguous: "重名"}[row.Status]
		out = append(out, Line{ZH: fmt.Sprintf("  第 %d 行 %s：%s", row.Row, label, row.Note)})
	}
	return append(out, Line{casework.ResultNoticeZH, casework.ResultNoticeEN})
}
