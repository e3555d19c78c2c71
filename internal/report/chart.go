package report

import (
	"math"
	"strconv"
)

// barSeries is one series of a grouped bar chart: one value per category.
type barSeries struct {
	name   string
	values []float64
}

// barChart is a grouped bar chart: one group of bars per category (a
// month), one bar per series, with value labels, a legend and axis labels.
type barChart struct {
	title      string
	categories []string
	series     []barSeries
	xLabel     string  // under the categories, e.g. 月份
	yLabel     string  // above the value axis, e.g. 人次
	height     float64 // mm; 0 means 80
}

// barColour returns the colour of series i: print-friendly colours that
// stay distinguishable in greyscale.
func barColour(i int) [3]int {
	colours := [...][3]int{
		{47, 85, 151}, {237, 125, 49}, {165, 165, 165}, {112, 173, 71}, {255, 192, 0}, {91, 155, 213},
	}
	return colours[i%len(colours)]
}

// formatValue prints a chart value: integers without decimals, 0 as 0.
func formatValue(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// niceStep returns a round tick step (1, 2 or 5 × 10^k) giving about n
// ticks up to maxV.
func niceStep(maxV float64, n int) float64 {
	if maxV <= 0 {
		return 1
	}
	raw := maxV / float64(n)
	exp := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*exp {
			return math.Max(m*exp, 1)
		}
	}
	return 10 * exp
}

// drawBarChart draws c across the content width.
func (d *doc) drawBarChart(c barChart) {
	pdf := d.pdf
	height := c.height
	if height == 0 {
		height = 80
	}
	titleH := lineHeight(sizeBody)
	d.ensure(titleH + height + 4)
	if c.title != "" {
		d.setSize(sizeBody)
		d.record(c.title)
		d.bold(marginLeft, d.y, contentW, titleH, c.title, 'C')
		d.y += titleH
	}
	top := d.y

	// Legend on its own line at the top right.
	d.setSize(sizeSmall)
	lh := lineHeight(sizeSmall)
	x := marginLeft + contentW
	for i := len(c.series) - 1; i >= 0; i-- {
		s := c.series[i]
		w := d.width(s.name)
		x -= w
		d.record(s.name)
		// Right-aligned so that the cell margin stays inside the page.
		d.textBox(x-2, top, w+2, lh, s.name, 'R')
		x -= 5
		col := barColour(i)
		pdf.SetFillColor(col[0], col[1], col[2])
		pdf.Rect(x, top+lh/2-1.5, 3.5, 3, "F")
		x -= 5
	}
	if c.yLabel != "" {
		d.record(c.yLabel)
		d.textBox(marginLeft, top, 40, lh, "（"+c.yLabel+"）", 'L')
	}

	// Plot area.
	maxV := 0.0
	for _, s := range c.series {
		for _, v := range s.values {
			maxV = math.Max(maxV, v)
		}
	}
	step := niceStep(maxV, 5)
	top2 := math.Ceil(maxV/step) * step
	if top2-maxV < step*0.2 { // leave room for the tallest bar's label
		top2 += step
	}
	axisW := 10.0
	plotX, plotW := marginLeft+axisW, contentW-axisW
	plotY := top + lh + 3 // top of the plot area
	bottomLabels := lh * 2
	if c.xLabel != "" {
		bottomLabels += lh
	}
	plotH := height - (plotY - top) - bottomLabels
	base := plotY + plotH
	yOf := func(v float64) float64 { return base - v/top2*plotH }

	pdf.SetLineWidth(0.15)
	for v := 0.0; v <= top2+step/2; v += step {
		y := yOf(v)
		pdf.SetDrawColor(210, 210, 210)
		if v > 0 {
			pdf.Line(plotX, y, plotX+plotW, y)
		}
		label := formatValue(v)
		d.record(label)
		d.textBox(marginLeft, y-lh/2, axisW-1.5, lh, label, 'R')
	}
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetLineWidth(0.3)
	pdf.Line(plotX, plotY, plotX, base)
	pdf.Line(plotX, base, plotX+plotW, base)

	n := max(len(c.categories), 1)
	groupW := plotW / float64(n)
	nSeries := max(len(c.series), 1)
	barW := math.Min(groupW*0.75/float64(nSeries), 12)
	for i, cat := range c.categories {
		gx := plotX + float64(i)*groupW
		bx := gx + (groupW-barW*float64(nSeries))/2
		for j, s := range c.series {
			v := 0.0
			if i < len(s.values) {
				v = s.values[i]
			}
			col := barColour(j)
			pdf.SetFillColor(col[0], col[1], col[2])
			y := yOf(v)
			if v > 0 {
				pdf.Rect(bx, y, barW, base-y, "F")
			}
			label := formatValue(v)
			d.setSize(7)
			d.record(label)
			d.textBox(bx-2, y-3.2, barW+4, 3, label, 'C')
			d.setSize(sizeSmall)
			bx += barW
		}
		d.record(cat)
		d.textBox(gx, base+1, groupW, lh, cat, 'C')
	}
	if c.xLabel != "" {
		d.record(c.xLabel)
		d.textBox(plotX, base+1+lh, plotW, lh, c.xLabel, 'C')
	}
	pdf.SetLineWidth(0.2)
	d.y = top + height + 2
}
