package report

import (
	"fmt"
	"strings"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
)

// MonthlyReturn is what the 月报 prints: the figures of one month (fresh
// or read back from a frozen return) and the configured levels, whose
// labels head F2's columns.
type MonthlyReturn struct {
	Month   casework.Month
	Figures *figures.Return
	Levels  []casework.RiskLevel
	// AsOf is the last day counted when the month is not over (today);
	// empty for a month that is over (figures.AsOf).
	AsOf casework.Date
	// Fingerprint is the school's signing key fingerprint (footer).
	Fingerprint string
	// Trend, when set, prints 上月 and 本学期累计 beside every count
	// (figures.ComputeTrend); nil for a return frozen without one.
	Trend *figures.Trend
}

// figureLabelList returns the printed labels of the codes and of the
// fixed sub-keys (docs/DOMAIN.md "Figures as data"); FigureLabels adds the enum ones.
func figureLabelList() [][2]string {
	return [][2]string{
		{"A1", "学校名称"}, {"A2", "学段"}, {"A3", "报告月份"}, {"A4", "在校学生数"}, {"A5", "班级数"},
		{"A6", "填报人/电话/审核人"},
		{"B1", "专职心理教师数"}, {"B2", "兼职心理教师数"}, {"B3", "持证心理教师数"}, {"B4", "本月专职教师培训学时"},
		{"C1", "心理辅导室"}, {"C1.has_room", "是否建有标准化心理辅导室"}, {"C1.area_m2", "使用面积（平方米）"},
		{"C2", "本月开放天数"}, {"C3", "来访登记人次"}, {"C4", "心理信箱来信数"}, {"C5", "公布的心理热线"},
		{"D1", "心理健康课课时"}, {"D2", "主题班团队会次数"}, {"D3", "专题活动次数"},
		{"E1", "本月测评"}, {"E1.expected", "应测人数"}, {"E1.tested", "实测人数"}, {"E1.valid", "有效人数"},
		{"E1.flagged", "初筛需关注人数"}, {"E1.confirmed", "访谈确认纳入人数"},
		{"F1", "重点学生在册（月末）"}, {"F2", "其中各等级人数"}, {"F3", "本月变动"}, {"F3.added", "本月新增"},
		{"F3.released", "本月解除"}, {"F3.level_changed", "等级调整"}, {"F4", "已建立“一生一策”人数"},
		{"F5", "特殊群体学生数"}, {"F6", "重点学生跟踪人次"},
		{"G1", "个别辅导人次"}, {"G2", "个别辅导人数"}, {"G3", "个案"}, {"G3.opened", "新开个案"}, {"G3.closed", "结案"},
		{"G4", "个案来源分布"}, {"G5", "问题类型分布"}, {"G6", "教职工/家长心理辅导人次"},
		{"G6.staff", "教职工心理辅导人次"}, {"G6.parent", "家长心理辅导人次"},
		{"H1", "团体辅导场次"}, {"H2", "团体辅导参与人次"},
		{"I1", "心理危机事件数"}, {"I2", "告知监护人次数"}, {"I3", "协助家长送医人次"},
		{"J1", "建议转介人数"}, {"J2", "已就诊人数"}, {"J3", "复学评估人数"},
		{"K1", "家长讲座"}, {"K1.sessions", "家长讲座场次"}, {"K1.participants", "家长讲座人次"},
		{"K2", "家长沟通/家访次数"}, {"K3", "外部机构联动次数"},
		{"L1", "心理委员班级"}, {"L1.classes_with_member", "已设心理委员班级数"}, {"L1.class_count", "班级总数"},
		{"L2", "心理委员人数"}, {"L3", "心理委员培训次数"}, {"L4", "晴雨表/周报"}, {"L4.reports", "晴雨表/周报份数"},
		{"L4.concerns", "上报需关注人数"},
		{"M1", "本月工作亮点"}, {"M2", "存在问题与困难"}, {"M3", "下月工作计划"},
	}
}

// FigureLabels returns the printed label of every code and of every row
// of r ("F2.red", "G4.teacher"), as the form and the figures sheet print
// them.
func FigureLabels(r *figures.Return, labels Labels, levels []casework.RiskLevel) map[string]string {
	m := make(map[string]string, 100)
	for _, kv := range figureLabelList() {
		m[kv[0]] = kv[1]
	}
	for _, row := range r.Rows() {
		m[row.ID()] = figureLabel(m, row, labels, levels)
	}
	return m
}

// figureLabel is the printed label of row: the table's, or its enum's
// (the configured level for F2).
func figureLabel(table map[string]string, row figures.Row, labels Labels, levels []casework.RiskLevel) string {
	enum, code, isEnum := strings.Cut(strings.TrimPrefix(row.LabelKey, "enum."), ".")
	switch {
	case !strings.HasPrefix(row.LabelKey, "enum.") || !isEnum:
		return table[row.LabelKey]
	case enum == "risk_level":
		return labels.levelLabel(levels, code)
	}
	return labels.enum(enum, code)
}

// monthText prints a month as 2026年10月.
func monthText(m casework.Month) string {
	t, ok := m.First().Time()
	if !ok {
		return string(m)
	}
	return fmt.Sprintf("%d年%d月", t.Year(), t.Month())
}

// shortHash is the part of figures.Hash printed on the form.
func shortHash(r *figures.Return) string { return figures.Hash(r)[:16] }

// RenderMonthlyReturn returns the 学生心理健康工作月报 of m as a PDF
// generated at now: sections A–M as ruled tables, every count printed
// (0 as 0), the signature lines and the school's stamp box. It prints
// aggregate figures only: no student is named. The short figures hash
// under the title lets a printed copy be matched with its frozen record.
func RenderMonthlyReturn(m MonthlyReturn, labels Labels, now time.Time) ([]byte, error) {
	r := m.Figures
	if r == nil {
		return nil, fmt.Errorf("render monthly return: no figures")
	}
	opt := docOptions{title: "学生心理健康工作月报", now: now, footerHash: shortHash(r), fingerprint: m.Fingerprint, balance: true}
	return render(opt, func(d *doc) {
		d.newPage()
		d.title(r.A1, "学生心理健康工作月报", "（"+monthText(m.Month)+"）")
		d.leftRight("填报单位（盖章）："+orDash(r.A1), "报告月份："+monthText(m.Month), sizeTable)
		asOf := "数据截至：" + longDate(m.Month.Last())
		if m.AsOf != "" {
			asOf = "数据截至：" + longDate(m.AsOf) + "（本月尚未结束）"
		}
		d.leftRight(asOf, "数据校验码："+shortHash(r), sizeSmall)
		words := monthWords()
		if m.Trend != nil {
			d.leftRight(trendNote(m.Trend, m.Month), "", sizeSmall)
			words.trend = m.Trend
		}
		d.space(1)
		d.figureSections(r, labels, m.Levels, words)
		preparer, phone, _ := splitA6(r.A6)
		d.signatures([]signField{
			{label: "填报人", value: preparer},
			{label: "联系电话", value: phone},
			{label: "审核人（签字）"},
			{label: "填报日期", value: longDate(casework.DateOf(now))},
		}, 2, "学校（盖章）")
	})
}

// splitA6 splits A6 ("填报人 / 联系电话 / 审核人") into its parts.
func splitA6(a6 string) (preparer, phone, reviewer string) {
	parts := strings.SplitN(a6, " / ", 3)
	for len(parts) < 3 {
		parts = append(parts, "")
	}
	return strings.TrimSpace(parts[0]), strings.TrimSpace(parts[1]), strings.TrimSpace(parts[2])
}

// pairRow is one row of a four-column form table: two label/value pairs;
// an empty second label leaves the row's right half blank.
func pairRow(l1, v1, l2, v2 string) []cell {
	if l2 == "" {
		return labelled(l1, v1, 3)
	}
	return append(labelled(l1, v1, 0), labelled(l2, v2, 0)...)
}

func pairTable(rows ...[]cell) table {
	return table{widths: []float64{45, 40, 45, 40}, rows: rows}
}

// countsTable is a distribution (the rows of one code) as a table: one
// column per key with its printed label as the header, the counts below,
// and a total column.
func countsTable(rows []figures.Row, names map[string]string, total string) table {
	header := make([]string, 0, len(rows)+1)
	row := make([]cell, 0, len(rows)+1)
	widths := make([]float64, 0, len(rows)+1)
	sum := 0
	for _, r := range rows {
		header = append(header, names[r.ID()])
		row = append(row, cell{text: count(r.Value.Int), align: 'C'})
		widths = append(widths, 1)
		sum += r.Value.Int
	}
	header = append(header, total)
	row = append(row, cell{text: count(sum), align: 'C'})
	widths = append(widths, 1)
	return table{widths: widths, header: header, rows: [][]cell{row}}
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// chineseNumbers number the sections (一、二、…).
func chineseNumber(n int) string {
	ones := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return ones[n]
	case n == 10:
		return "十"
	case n < 20:
		return "十" + ones[n-10]
	}
	return fmt.Sprint(n)
}

// sectionWords are the words that differ between the monthly return and
// the term statistics.
type sectionWords struct {
	this, end string // 本月/月末, 本期/期末
	period    string // the label of A3
	first     int    // number of the first section
	// trend, when set, adds 上月 and 本学期累计 beside every count (the
	// monthly return).
	trend *figures.Trend
}

func monthWords() sectionWords {
	return sectionWords{this: "本月", end: "月末", period: "报告月份", first: 1}
}

// trendColumns are the headers of a table with trend columns.
var trendColumns = []string{"本月", "上月", "本学期累计"}

// trendWidths are the relative widths of a pair table with trend columns:
// label, 本月, 上月, 本学期累计, twice.
var trendWidths = []float64{36, 13, 13, 23, 36, 13, 13, 23}

// trendValues returns the printed 上月 and 本学期累计 of row id: "—" where
// the row has none (a count of what stands at the month's end has no sum).
func trendValues(t *figures.Trend, id string) (prev, term string) {
	c, ok := t.Cell(id)
	if !ok {
		return "—", "—"
	}
	prev, term = count(c.Previous), "—"
	if c.TermToDate != nil {
		term = count(*c.TermToDate)
	}
	return prev, term
}

// trendNote says what the trend columns count, under the title.
func trendNote(t *figures.Trend, m casework.Month) string {
	prev := "上月：" + monthText(m.Prev())
	if t.Term == "" {
		return prev + "；本学期累计：本月不在已设置的学期内，不累计"
	}
	return prev + "；本学期累计：" + t.Term + "，自" + longDate(t.From) + "起至数据截至日"
}

// countsTrendTable is countsTable with a first column naming the rows:
// 本月, 上月 and, when the counts have one, 本学期累计. total, when set,
// heads a total column.
func countsTrendTable(rows []figures.Row, names map[string]string, total string, t *figures.Trend) table {
	header := []string{"项目"}
	widths := []float64{2}
	lines := [3][]cell{texts(trendColumns[0]), texts(trendColumns[1]), texts(trendColumns[2])}
	for i := range lines {
		lines[i][0].label = true
	}
	var sums [3]int
	hasTerm := true
	for _, r := range rows {
		header = append(header, names[r.ID()])
		widths = append(widths, 1.2)
		c, ok := t.Cell(r.ID())
		vals := [3]int{r.Value.Int, c.Previous}
		if ok && c.TermToDate != nil {
			vals[2] = *c.TermToDate
		} else {
			hasTerm = false
		}
		for i := range lines {
			text := count(vals[i])
			if i > 0 && !ok || i == 2 && !hasTerm {
				text = "—"
			}
			lines[i] = append(lines[i], cell{text: text, align: 'C'})
			sums[i] += vals[i]
		}
	}
	if total != "" {
		header = append(header, total)
		widths = append(widths, 1.2)
		for i := range lines {
			lines[i] = append(lines[i], cell{text: count(sums[i]), align: 'C'})
		}
	}
	out := [][]cell{lines[0], lines[1]}
	if hasTerm && len(rows) > 0 {
		out = append(out, lines[2])
	}
	return table{widths: widths, header: header, rows: out}
}

// figureSections draws sections A–M of r with the words w.
func (d *doc) figureSections(r *figures.Return, labels Labels, levels []casework.RiskLevel, w sectionWords) {
	names := FigureLabels(r, labels, levels)
	names["A3"] = w.period
	dist := map[string][]figures.Row{}
	values := map[string]string{}
	for _, row := range r.Rows() {
		dist[row.Code] = append(dist[row.Code], row)
		if row.Value.Kind == figures.Int {
			values[row.ID()] = count(row.Value.Int)
		}
	}
	this, end, tr := w.this, w.end, w.trend
	lbl := func(code string) string {
		s := names[code]
		s = strings.ReplaceAll(s, "本月", this)
		s = strings.ReplaceAll(s, "下月", "下"+strings.TrimPrefix(this, "本"))
		return strings.ReplaceAll(s, "月末", end)
	}
	// figs draws counts two to a row: label and value, or with a trend,
	// label, 本月, 上月 and 本学期累计. "L1" is the classes with a member
	// (out of the class count without a trend).
	figs := func(ids ...string) {
		var rows [][]cell
		for i := 0; i < len(ids); i += 2 {
			var row []cell
			for _, id := range ids[i:min(i+2, len(ids))] {
				label, value := lbl(id), values[id]
				if id == "L1" {
					id = "L1.classes_with_member"
					label, value = lbl(id), values[id]
					if tr == nil {
						label += " / " + lbl("L1.class_count")
						value += " / " + values["L1.class_count"]
					}
				}
				if tr == nil {
					row = append(row, labelled(label, value, 0)...)
					continue
				}
				prev, term := trendValues(tr, id)
				row = append(row, cell{text: label, label: true}, cell{text: value, align: 'C'},
					cell{text: prev, align: 'C'}, cell{text: term, align: 'C'})
			}
			switch {
			case tr != nil && len(row) == 4:
				row = append(row, texts("", "", "", "")...)
			case tr == nil && len(row) == 2:
				row[1].span = 3
			}
			rows = append(rows, row)
		}
		if tr == nil {
			d.drawTable(pairTable(rows...))
			return
		}
		header := append(append([]string{"项目"}, trendColumns...), append([]string{"项目"}, trendColumns...)...)
		d.drawTable(table{widths: trendWidths, header: header, rows: rows})
	}
	distTable := func(code, total string) table {
		if tr != nil {
			return countsTrendTable(dist[code], names, total, tr)
		}
		return countsTable(dist[code], names, total)
	}
	n := w.first
	heading := func(s string) {
		d.heading(chineseNumber(n) + "、" + s)
		n++
	}
	heading("学校基本情况")
	d.drawTable(pairTable(
		labelled(lbl("A1"), r.A1, 3),
		pairRow(lbl("A2"), labels.enum("stage", string(r.A2)), lbl("A3"), r.A3),
		pairRow(lbl("A4"), count(r.A4), lbl("A5"), count(r.A5)),
		labelled(lbl("A6"), orDash(r.A6), 3),
	))

	heading("心理健康教师队伍")
	d.drawTable(pairTable(
		pairRow(lbl("B1"), count(r.B1), lbl("B2"), count(r.B2)),
		pairRow(lbl("B3"), count(r.B3), lbl("B4"), hours(r.B4)),
	))

	heading("心理辅导室建设与开放")
	d.drawTable(pairTable(
		pairRow(lbl("C1.has_room"), yesNo(r.C1.HasRoom), lbl("C1.area_m2"), hours(r.C1.AreaM2)),
		labelled(lbl("C5"), orDash(strings.Join(r.C5, "；")), 3),
	))
	figs("C2", "C3", "C4")

	heading("心理健康课程与教育活动")
	figs("D1", "D2", "D3")

	heading("心理测评（" + this + "完成）")
	if tr != nil {
		d.drawTable(distTable("E1", ""))
	} else {
		d.drawTable(table{
			widths: []float64{1, 1, 1, 1, 1},
			header: []string{lbl("E1.expected"), lbl("E1.tested"), lbl("E1.valid"), lbl("E1.flagged"), lbl("E1.confirmed")},
			align:  []byte{'C', 'C', 'C', 'C', 'C'},
			rows:   [][]cell{texts(count(r.E1.Expected), count(r.E1.Tested), count(r.E1.Valid), count(r.E1.Flagged), count(r.E1.Confirmed))},
		})
	}

	heading("重点学生排查与建档")
	figs("F1", "F4", "F3.added", "F3.released", "F3.level_changed", "F6", "F5")
	d.space(1)
	d.caption(lbl("F2")+"（按"+end+"关注等级）", sizeTable)
	d.drawTable(distTable("F2", "合计"))

	heading("个别心理辅导")
	figs("G1", "G2", "G3.opened", "G3.closed", "G6.staff", "G6.parent")
	d.space(1)
	d.caption(lbl("G4")+"（"+this+"新开个案）", sizeTable)
	d.drawTable(distTable("G4", "合计"))
	d.space(1)
	d.caption(lbl("G5")+"（"+this+"新开个案，可多选）", sizeTable)
	d.drawTable(distTable("G5", "合计（人次）"))

	heading("团体心理辅导")
	figs("H1", "H2")

	heading("心理危机干预")
	d.caption(lbl("I1")+"（按类型）", sizeTable)
	d.drawTable(distTable("I1", "合计"))
	d.space(1)
	figs("I2", "I3")

	heading("转介（建议就医检查）")
	figs("J1", "J2", "J3")

	heading("家校社协同")
	figs("K1.sessions", "K1.participants", "K2", "K3")

	heading("心理委员队伍")
	figs("L1", "L2", "L3", "L4.reports", "L4.concerns")

	heading("工作总结")
	d.drawTable(table{widths: []float64{45, 125}, rows: [][]cell{
		labelled(lbl("M1"), orDash(r.M1), 0),
		labelled(lbl("M2"), orDash(r.M2), 0),
		labelled(lbl("M3"), orDash(r.M3), 0),
	}})
}
