package report

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"

	"xinqing/assets"
	"xinqing/internal/county"
)

// The county table is the one landscape document: its own page geometry
// (A4 landscape, millimetres), with every cell's text fitted to its
// column (smaller, then cut with "…") so that nothing runs past a margin
// whatever the names.
const (
	cPageW, cPageH   = 297.0, 210.0
	cMargin          = 12.0
	cTop, cBottom    = 12.0, 16.0
	cContentW        = cPageW - 2*cMargin
	cRowH, cHeaderH  = 5.6, 10.0
	cBodyPt, cHeadPt = 8.0, 7.5
	cMinPt           = 5.5
	cPad             = 1.0
)

// CountyBox is one text drawn on the county table: where its box is and
// how wide its text came out, for the layout check of the tests.
type CountyBox struct {
	Page    int
	X, W, T float64 // box left, box width, text width (mm)
	Text    string
}

// RenderCountyTable returns the 县（区）学生心理健康工作汇总表 of t as a PDF
// (A4 landscape) generated at now: one row per school, the county total,
// then the schools that have not returned and the flags. It prints
// aggregate figures only.
func RenderCountyTable(t *county.Table, now time.Time) ([]byte, error) {
	pdf, _, err := renderCounty(t, now)
	return pdf, err
}

// CountyLayout renders t and returns every text box drawn, for tests.
func CountyLayout(t *county.Table, now time.Time) ([]CountyBox, error) {
	_, boxes, err := renderCounty(t, now)
	return boxes, err
}

func renderCounty(t *county.Table, now time.Time) ([]byte, []CountyBox, error) {
	title := t.County + "学生心理健康工作汇总表"
	first := newCountyDoc(title, now, 0)
	first.build(t)
	pages := first.pdf.PageNo()
	d := newCountyDoc(title, now, pages)
	d.build(t)
	if err := d.pdf.Error(); err != nil {
		return nil, nil, fmt.Errorf("lay out %s: %w", title, err)
	}
	if d.pdf.PageNo() != pages {
		return nil, nil, fmt.Errorf("%s: %w", title, ErrLayout)
	}
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		return nil, nil, fmt.Errorf("write %s: %w", title, err)
	}
	return buf.Bytes(), d.boxes, nil
}

type countyDoc struct {
	pdf   *gofpdf.Fpdf
	title string
	now   time.Time
	total int
	y     float64
	xs    []float64
	boxes []CountyBox
	// header redraws the table header on a new page (nil outside it).
	header func()
}

func newCountyDoc(title string, now time.Time, total int) *countyDoc {
	pdf := gofpdf.NewCustom(&gofpdf.InitType{OrientationStr: "L", UnitStr: "mm", Size: gofpdf.SizeType{Wd: cPageH, Ht: cPageW}})
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(now.UTC())
	pdf.SetModificationDate(now.UTC())
	pdf.SetCompression(true)
	pdf.SetTitle(title, true)
	pdf.SetCreator("心晴", true)
	pdf.SetProducer("心晴", true)
	pdf.SetMargins(cMargin, cTop, cMargin)
	pdf.SetAutoPageBreak(false, cBottom)
	pdf.AddUTF8FontFromBytes(fontFamily, "", assets.FontCJK)
	pdf.SetFont(fontFamily, "", cBodyPt)
	var sum float64
	for _, c := range county.Columns {
		sum += c.Width
	}
	xs := []float64{cMargin}
	for _, c := range county.Columns {
		xs = append(xs, xs[len(xs)-1]+c.Width/sum*cContentW)
	}
	return &countyDoc{pdf: pdf, title: title, now: now, total: total, xs: xs}
}

// text draws s fitted into the box x..x+w (smaller down to cMinPt, then
// cut), aligned 'L', 'C' or 'R', at pt points.
func (d *countyDoc) text(x, y, w, h float64, s string, pt float64, align string) {
	inner := w - 2*cPad
	d.pdf.SetFontSize(pt)
	for d.pdf.GetStringWidth(s) > inner && pt > cMinPt {
		pt = max(cMinPt, pt-0.5)
		d.pdf.SetFontSize(pt)
	}
	if d.pdf.GetStringWidth(s) > inner {
		r := []rune(s)
		for len(r) > 0 && d.pdf.GetStringWidth(string(r)+"…") > inner {
			r = r[:len(r)-1]
		}
		s = string(r) + "…"
	}
	d.boxes = append(d.boxes, CountyBox{Page: d.pdf.PageNo(), X: x + cPad, W: inner, T: d.pdf.GetStringWidth(s), Text: s})
	d.pdf.SetXY(x+cPad, y)
	d.pdf.CellFormat(inner, h, s, "", 0, align+"M", false, 0, "")
}

func (d *countyDoc) newPage() {
	if d.pdf.PageNo() > 0 {
		d.footer()
	}
	d.pdf.AddPage()
	d.y = cTop
	if d.header != nil {
		d.header()
	}
}

func (d *countyDoc) ensure(h float64) {
	if d.pdf.PageNo() == 0 || d.y+h > cPageH-cBottom {
		d.newPage()
	}
}

func (d *countyDoc) footer() {
	total := "?"
	if d.total > 0 {
		total = strconv.Itoa(d.total)
	}
	d.pdf.SetTextColor(0, 0, 0)
	d.text(cMargin, cPageH-12, cContentW, 4, fmt.Sprintf("第%d页/共%s页", d.pdf.PageNo(), total), sizeSmall, "C")
	d.pdf.SetTextColor(110, 110, 110)
	d.text(cMargin, cPageH-8, cContentW/2, 4, "生成时间："+d.now.Format("2006-01-02 15:04"), sizeFooter, "L")
	d.text(cMargin+cContentW/2, cPageH-8, cContentW/2, 4, "心晴 · "+d.title, sizeFooter, "R")
	d.pdf.SetTextColor(0, 0, 0)
}

func (d *countyDoc) row(cells []string, h float64, pt float64, fill bool) {
	d.pdf.SetLineWidth(0.2)
	for i, s := range cells {
		x, w := d.xs[i], d.xs[i+1]-d.xs[i]
		style := "D"
		if fill {
			d.pdf.SetFillColor(235, 235, 235)
			style = "FD"
		}
		d.pdf.Rect(x, d.y, w, h, style)
		align := "R"
		if i <= 2 {
			align = "L"
		}
		if fill && strings.Contains(s, "\n") {
			top, bottom, _ := strings.Cut(s, "\n")
			d.text(x, d.y+0.6, w, h/2-0.6, top, pt, "C")
			d.text(x, d.y+h/2, w, h/2-0.6, bottom, pt, "C")
			continue
		}
		d.text(x, d.y, w, h, s, pt, align)
	}
	d.y += h
}

func (d *countyDoc) line(s string, pt float64) {
	h := lineHeight(pt)
	d.ensure(h)
	d.text(cMargin, d.y, cContentW, h, s, pt, "L")
	d.y += h
}

func (d *countyDoc) build(t *county.Table) {
	d.newPage()
	d.text(cMargin, d.y, cContentW, 9, d.title, sizeHeading, "C")
	d.y += 9
	returned := 0
	for _, r := range t.Rows {
		if r.Figures != nil {
			returned++
		}
	}
	d.text(cMargin, d.y, cContentW, 6, fmt.Sprintf("统计月份：%s　　学校 %d 所，已报送 %d 所，未报送 %d 所", t.Period(), len(t.Rows), returned, len(t.Missing)), sizeTable, "L")
	d.y += 7
	head := make([]string, len(county.Columns))
	for i, c := range county.Columns {
		head[i] = strings.TrimSuffix(c.Head[0]+"\n"+c.Head[1], "\n")
	}
	d.header = func() { d.row(head, cHeaderH, cHeadPt, true) }
	d.ensure(cHeaderH + cRowH)
	d.header()
	for i, r := range t.Rows {
		d.ensure(cRowH)
		cells := make([]string, len(county.Columns))
		for j, c := range county.Columns {
			cells[j] = c.Value(r, i+1)
		}
		d.row(cells, cRowH, cBodyPt, false)
	}
	d.ensure(cRowH)
	total := county.Row{Figures: t.Totals, Level1: t.Level1}
	cells := make([]string, len(county.Columns))
	for j, c := range county.Columns {
		cells[j] = c.Value(total, 0)
	}
	cells[0], cells[1], cells[2] = "", "", "全县（区）合计"
	d.row(cells, cRowH, cBodyPt, true)
	d.header = nil

	d.y += 3
	d.line(fmt.Sprintf("未报送学校（%d 所）", len(t.Missing)), sizeTable)
	if len(t.Missing) == 0 {
		d.line("无", cBodyPt)
	}
	for _, m := range t.Missing {
		d.line(m.School.Code+"　"+m.School.Name+"　未报送月份："+strings.Join(m.Months, "、"), cBodyPt)
	}
	d.y += 2
	flags := 0
	for _, f := range t.Flags {
		if f.Rule != county.FlagMissing {
			flags++
		}
	}
	d.line(fmt.Sprintf("提示（%d 条，仅供了解情况，不作为评价依据）", flags), sizeTable)
	if flags == 0 {
		d.line("无", cBodyPt)
	}
	for _, f := range t.Flags {
		if f.Rule == county.FlagMissing {
			continue
		}
		zh, _ := f.Rule.Text()
		s := f.School.Code + "　" + f.School.Name + "　" + f.Month + "：" + zh
		if f.Detail != "" {
			s += "（" + f.Detail + "）"
		}
		d.line(s, cBodyPt)
	}
	d.footer()
}
