package report

import (
	"fmt"
	"strings"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
)

// TermStatistics is what 学期/学年工作统计 prints: the figures over a term
// or a school year and one row per month for the table and the chart
// (figures.Series: each row is a whole calendar month, also the first and
// last month of a term that starts or ends mid-month, except the month
// not over, which stops at AsOf).
type TermStatistics struct {
	Name    string // 2026-2027学年第一学期; empty prints the dates
	Period  casework.Period
	Figures *figures.Return
	Months  []figures.MonthRow
	Levels  []casework.RiskLevel
	// AsOf is the last day counted when the period is not over (today).
	AsOf casework.Date
	// Spans, when set (figures.Spans: a range over about two years), are
	// the table's rows and the chart's bars instead of Months.
	Spans []figures.SpanRow
}

// RenderTermStatistics returns the 学生心理健康工作学期（学年）统计 of t as a
// PDF generated at now: the month-by-month table, a bar chart of 个别辅导
// 人次, 团体辅导场次 and 重点学生在册, then sections A–M over the whole
// period (end-of-period figures taken on its last day). No student is
// named.
func RenderTermStatistics(t TermStatistics, labels Labels, now time.Time) ([]byte, error) {
	r := t.Figures
	if r == nil {
		return nil, fmt.Errorf("render term statistics: no figures")
	}
	span := longDate(t.Period.From) + "至" + longDate(t.Period.To)
	name := t.Name
	if name == "" {
		name = span
	}
	opt := docOptions{title: "学生心理健康工作统计", now: now, footerHash: shortHash(r), balance: true}
	return render(opt, func(d *doc) {
		d.newPage()
		d.title(r.A1, "学生心理健康工作统计", "（"+name+"）")
		d.leftRight("统计期间："+span, "数据校验码："+shortHash(r), sizeTable)
		if t.AsOf != "" {
			d.leftRight("数据截至："+longDate(t.AsOf)+"（本学期尚未结束）", "", sizeSmall)
		}
		d.space(1)

		unit, first := "月", "月份"
		rows := make([][]cell, 0, len(t.Months)+1)
		var sum figures.MonthRow
		cats := make([]string, 0, len(t.Months))
		var g1, h1, f1 []float64
		type labelled struct {
			label, short string
			row          figures.MonthRow
		}
		var items []labelled
		for _, m := range t.Months {
			items = append(items, labelled{monthText(m.Month), monthShort(m.Month), m})
		}
		if len(t.Spans) > 0 {
			unit, first = "学期", "学期"
			if !strings.HasSuffix(t.Spans[0].Name, "学期") {
				unit, first = "学年", "学年"
			}
			items = items[:0]
			for _, s := range t.Spans {
				items = append(items, labelled{s.Name, s.Short, s.MonthRow})
			}
		}
		d.heading("一、各" + unit + "工作量")
		for _, it := range items {
			m := it.row
			rows = append(rows, texts(it.label, count(m.Sessions), count(m.Students), count(m.Groups), count(m.GroupPart),
				count(m.KeyOnRoll), count(m.Opened), count(m.Closed), count(m.Crises), count(m.Referrals), count(m.Guardians)))
			sum.Sessions += m.Sessions
			sum.Groups += m.Groups
			sum.GroupPart += m.GroupPart
			sum.Opened += m.Opened
			sum.Closed += m.Closed
			sum.Crises += m.Crises
			sum.Guardians += m.Guardians
			cats = append(cats, it.short)
			g1 = append(g1, float64(m.Sessions))
			h1 = append(h1, float64(m.Groups))
			f1 = append(f1, float64(m.KeyOnRoll))
		}
		end := "（月末）"
		if unit != "月" {
			end = "（期末）"
		}
		// Distinct counts (人数) and the register are not sums of rows:
		// the total row takes them from the whole period.
		rows = append(rows, texts("合计", count(sum.Sessions), count(r.G2), count(sum.Groups), count(sum.GroupPart),
			count(r.F1)+"（期末）", count(sum.Opened), count(sum.Closed), count(sum.Crises), count(r.J1), count(sum.Guardians)))
		widths := []float64{16, 11, 11, 11, 11, 13, 10, 10, 10, 10, 11}
		switch unit { // the span's name on one line
		case "学期":
			widths[0] = 44
		case "学年":
			widths[0] = 22
		}
		d.drawTable(table{
			widths: widths,
			align:  []byte{'C', 'R', 'R', 'R', 'R', 'R', 'R', 'R', 'R', 'R', 'R'},
			header: []string{first, "个别辅导人次", "个别辅导人数", "团体辅导场次", "团辅参与人次", "重点学生在册" + end,
				"新开个案", "结案", "危机事件", "建议转介人数", "家长沟通次数"},
			size: sizeSmall,
			rows: rows,
		})
		d.space(3)
		d.drawBarChart(barChart{
			title:      "各" + unit + "个别辅导、团体辅导与重点学生在册",
			categories: cats,
			series: []barSeries{
				{name: "个别辅导人次", values: g1},
				{name: "团体辅导场次", values: h1},
				{name: "重点学生在册" + end, values: f1},
			},
			xLabel: first,
			yLabel: "人次/场次/人数",
			height: 85,
		})

		d.figureSections(r, labels, t.Levels, sectionWords{this: "本期", end: "期末", period: "统计期间", first: 2})
		preparer, _, _ := splitA6(r.A6)
		d.signatures([]signField{
			{label: "统计人", value: preparer},
			{label: "审核人（签字）"},
			{label: "统计日期", value: longDate(casework.DateOf(now))},
		}, 2, "学校（盖章）")
	})
}

// monthShort prints a month as the chart's category: 10月, or 2027年1月
// when the series crosses a year.
func monthShort(m casework.Month) string {
	t, ok := m.First().Time()
	if !ok {
		return string(m)
	}
	if t.Month() == time.January {
		return fmt.Sprintf("%d年1月", t.Year())
	}
	return fmt.Sprintf("%d月", t.Month())
}
