package report

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// footerLine matches the lines every page ends with.
var footerLine = regexp.MustCompile(`第\d+页/共\d+页|生成时间：`)

// bodyLines returns the non-empty lines of extracted text without the
// page footers.
func bodyLines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(strings.ReplaceAll(l, "\f", ""))
		if l == "" || footerLine.MatchString(l) {
			continue
		}
		out = append(out, l)
	}
	return out
}

func TestWrappedCellsPrintEveryCharacter(t *testing.T) {
	paragraphs := []string{
		longChinese,
		"心理委员周报显示：初二（3）班有2名同学近期情绪低落、睡眠差，已由班主任告知家长；建议家长带孩子到医院做进一步检查。" +
			"家长表示“会尽快安排”，并留下联系电话13800000000。",
		"Group sessions (团体辅导) were held on 2026-11-03, 2026-11-10 and 2026-11-17; attendance 24/26/25——平均约25人。",
	}
	tests := []struct {
		name   string
		widths []float64
	}{
		{"a narrow cell", []float64{1, 3}},
		{"a wide cell", []float64{0.001, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdf, err := render(docOptions{title: "wrap", now: fixedNow()}, func(d *doc) {
				d.newPage()
				for _, p := range paragraphs {
					// An empty first column narrows the text column.
					d.drawTable(table{widths: tt.widths, rows: [][]cell{{{}, {text: p}}}})
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			savePDF(t, "wrap-"+strings.ReplaceAll(tt.name, " ", "-")+".pdf", pdf)
			text, _ := pdfText(t, pdf)
			lines := bodyLines(text)
			got := nonSpace(strings.Join(lines, ""))
			want := nonSpace(strings.Join(paragraphs, ""))
			if !slices.Equal(got, want) {
				t.Errorf("got %d characters, want %d; missing %q, extra %q",
					len(got), len(want), string(diff(want, got)), string(diff(got, want)))
			}
			if len(lines) < len(paragraphs)*2 {
				t.Errorf("got %d lines, want the paragraphs wrapped onto more than %d", len(lines), len(paragraphs)*2)
			}
			for _, l := range lines {
				if r, _ := utf8.DecodeRuneInString(l); isNoLineStart(r) {
					t.Errorf("line %q starts with %q", l, r)
				}
			}
		})
	}
}

// diff returns the runes of a (sorted) that b (sorted) lacks, with
// multiplicity.
func diff(a, b []rune) []rune {
	var out []rune
	i := 0
	for _, r := range a {
		for i < len(b) && b[i] < r {
			i++
		}
		if i < len(b) && b[i] == r {
			i++
			continue
		}
		out = append(out, r)
	}
	return out
}

func longTable(rows int) table {
	tb := table{
		widths: []float64{8, 20, 14, 12, 46},
		align:  []byte{'C', 'L', 'C', 'R', 'L'},
		header: []string{"序号", "班级", "日期", "人次", "备注"},
	}
	for i := 1; i <= rows; i++ {
		tb.rows = append(tb.rows, texts(fmt.Sprint(i), fmt.Sprintf("初%d（%d）班", i%3+1, i%12+1),
			fmt.Sprintf("11月%d日", i%30+1), fmt.Sprint(i%4), fmt.Sprintf("第%d行", i)))
	}
	return tb
}

func TestLongTableRepeatsItsHeaderOnEveryPage(t *testing.T) {
	const rows = 70
	pdf, err := render(docOptions{title: "长表", now: fixedNow()}, func(d *doc) {
		d.newPage()
		d.title("长表格测试")
		d.drawTable(longTable(rows))
	})
	if err != nil {
		t.Fatal(err)
	}
	savePDF(t, "long-table.pdf", pdf)
	text, pages := pdfText(t, pdf)
	if pages != 3 {
		t.Fatalf("got %d pages, want 3", pages)
	}
	for _, want := range []string{"第1页/共3页", "第2页/共3页", "第3页/共3页"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	headers := 0
	for _, l := range bodyLines(text) {
		if strings.Join(strings.Fields(l), " ") == "序号 班级 日期 人次 备注" {
			headers++
		}
	}
	if headers != pages {
		t.Errorf("got the header %d times, want once on each of %d pages", headers, pages)
	}
	for i := 1; i <= rows; i++ {
		if n := strings.Count(text, fmt.Sprintf("第%d行\n", i)); n != 1 {
			t.Errorf("row %d printed %d times, want 1", i, n)
		}
	}
	// Zero is printed as 0.
	if !regexp.MustCompile(`11月5日\s+0\s+第4行`).MatchString(text) {
		t.Errorf("row 4 does not print its zero count as 0")
	}
}

func TestARowTallerThanAPageContinuesOnTheNext(t *testing.T) {
	long := strings.Repeat(longChinese, 6)
	pdf, err := render(docOptions{title: "长文本", now: fixedNow()}, func(d *doc) {
		d.newPage()
		d.drawTable(table{widths: []float64{1, 4}, header: []string{"项目", "内容"}, rows: [][]cell{labelled("本月工作亮点", long, 0)}})
	})
	if err != nil {
		t.Fatal(err)
	}
	savePDF(t, "tall-row.pdf", pdf)
	text, pages := pdfText(t, pdf)
	if pages < 2 {
		t.Fatalf("got %d pages, want the row to continue onto a second", pages)
	}
	got := nonSpace(strings.Join(bodyLines(text), ""))
	want := nonSpace("本月工作亮点" + long + strings.Repeat("项目内容", pages))
	if !slices.Equal(got, want) {
		t.Errorf("missing %q, extra %q", string(diff(want, got)), string(diff(got, want)))
	}
}

// sampleForm exercises every part of the toolkit the way the monthly
// return and the term statistics will.
func sampleForm(d *doc) {
	d.newPage()
	d.title("中小学心理健康工作月报表")
	d.leftRight("填报单位（盖章）：示例市第一实验中学", "报告月份：2026年11月", sizeTable)
	d.space(2)
	d.heading("一、学校基本情况")
	d.drawTable(table{
		widths: []float64{24, 61, 24, 61},
		rows: [][]cell{
			labelled("学校名称", "示例市第一实验中学", 3),
			append(labelled("学段", "初中", 0), labelled("在校学生数", "1260", 0)...),
			append(labelled("班级数", "24", 0), labelled("专职心理教师", "0", 0)...),
			labelled("公布的热线", "12356（全国心理援助热线）；12355（青少年服务台）；0000-12345678（学校心理辅导室）", 3),
		},
	})
	d.heading("二、个别辅导")
	d.drawTable(table{
		widths: []float64{40, 20, 20, 20},
		align:  []byte{'L', 'R', 'R', 'R'},
		header: []string{"项目", "学生", "教职工", "家长"},
		rows: [][]cell{
			texts("个别辅导人次", "37", "2", "0"),
			texts("新开个案", "5", "0", "0"),
		},
	})
	d.heading("三、本月工作亮点")
	d.drawTable(table{widths: []float64{1}, rows: [][]cell{{{text: longChinese}}}})
	d.drawBarChart(barChart{
		title:      "2026-2027学年第一学期 各月个别辅导与团体辅导",
		categories: []string{"9月", "10月", "11月", "12月", "1月"},
		series: []barSeries{
			{name: "个别辅导人次", values: []float64{12, 37, 25, 0, 8}},
			{name: "团体辅导场次", values: []float64{2, 3, 4, 1, 0}},
			{name: "家长沟通次数", values: []float64{5, 9, 14, 6, 3}},
		},
		xLabel: "月份",
		yLabel: "次数",
	})
	d.signatures([]signField{
		{label: "填报人", value: "王老师"},
		{label: "联系电话", value: "0000-12345678"},
		{label: "审核人（签字）"},
		{label: "填报日期", value: "2026年11月30日"},
	}, 2, "学校（盖章）")
	d.cutLine("沿此线剪开")
}

func TestSameInputsGiveIdenticalBytes(t *testing.T) {
	opt := docOptions{title: "月报", now: fixedNow(), confidential: true, watermark: "仅供示例县教育局 2026-11-28"}
	a, err := render(opt, sampleForm)
	if err != nil {
		t.Fatal(err)
	}
	b, err := render(opt, sampleForm)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Errorf("got two different PDFs (%d and %d bytes) from the same inputs", len(a), len(b))
	}
	sheetA, _ := RenderRecoverySheet(sampleSheet(), fixedNow())
	sheetB, _ := RenderRecoverySheet(sampleSheet(), fixedNow())
	if !bytes.Equal(sheetA, sheetB) || len(sheetA) == 0 {
		t.Errorf("got two different recovery sheets from the same inputs")
	}
}

func TestContentHashFollowsContentNotTime(t *testing.T) {
	hashOf := func(opt docOptions, build func(*doc)) string {
		t.Helper()
		pdf, err := render(opt, build)
		if err != nil {
			t.Fatal(err)
		}
		text, _ := pdfText(t, pdf)
		m := regexp.MustCompile(`校验码：([0-9a-f]{8})`).FindStringSubmatch(text)
		if m == nil {
			t.Fatalf("no content hash in the footer")
		}
		return m[1]
	}
	base := docOptions{title: "t", now: fixedNow()}
	later := base
	later.now = fixedNow().AddDate(0, 1, 0)
	one := func(d *doc) { d.newPage(); d.paragraph("内容一", sizeBody, 0) }
	two := func(d *doc) { d.newPage(); d.paragraph("内容二", sizeBody, 0) }
	if a, b := hashOf(base, one), hashOf(later, one); a != b {
		t.Errorf("got hashes %s and %s for the same content at different times, want equal", a, b)
	}
	if a, b := hashOf(base, one), hashOf(base, two); a == b {
		t.Errorf("got hash %s for different contents, want different", a)
	}
}

func TestWatermarkAndConfidentialMarkAreOnEveryPage(t *testing.T) {
	opt := docOptions{title: "名单", now: fixedNow(), confidential: true, watermark: "仅供示例县教育局 2026-11-28"}
	pdf, err := render(opt, func(d *doc) {
		d.newPage()
		d.drawTable(longTable(70))
	})
	if err != nil {
		t.Fatal(err)
	}
	savePDF(t, "watermark.pdf", pdf)
	text, pages := pdfText(t, pdf)
	if got := strings.Count(text, "保密"); got != pages {
		t.Errorf("got 保密 %d times, want once on each of %d pages", got, pages)
	}
	// Rotated text comes out one character per line; count a rare one.
	if got := strings.Count(text, "县"); got != 3*pages {
		t.Errorf("got the watermark %d times, want 3 on each of %d pages", got, pages)
	}
}
