package report

import (
	"strings"
	"testing"
)

func TestNiceStep(t *testing.T) {
	tests := []struct {
		name string
		max  float64
		want float64
	}{
		{"an empty chart steps by 1", 0, 1},
		{"small counts step by whole numbers", 3, 1},
		{"37 steps by 10", 37, 10},
		{"120 steps by 50", 120, 50},
		{"fractions never step below 1", 0.4, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := niceStep(tt.max, 5); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestBarChartPrintsEveryValueLabelAndLegend(t *testing.T) {
	c := barChart{
		title:      "各月个别辅导人次",
		categories: []string{"9月", "10月", "11月", "12月"},
		series: []barSeries{
			{name: "学生", values: []float64{12, 0, 25, 7}},
			{name: "家长", values: []float64{3, 1, 0}}, // a missing value is 0
		},
		xLabel: "月份",
		yLabel: "人次",
	}
	pdf, err := render(docOptions{title: "图表", now: fixedNow()}, func(d *doc) {
		d.newPage()
		d.drawBarChart(c)
	})
	if err != nil {
		t.Fatal(err)
	}
	savePDF(t, "chart.pdf", pdf)
	raw := pdfRawText(t, pdf)
	var words []string
	for _, l := range strings.Split(raw, "\n") {
		words = append(words, strings.Fields(l)...)
	}
	counts := map[string]int{}
	for _, w := range words {
		counts[w]++
	}
	for _, want := range []string{"各月个别辅导人次", "9月", "10月", "11月", "12月", "学生", "家长", "月份", "（人次）", "12", "25", "7", "3"} {
		if counts[want] == 0 {
			t.Errorf("chart lacks %q", want)
		}
	}
	// Zero bars are labelled 0: two zero values, one missing value and
	// the axis's 0 tick.
	if counts["0"] != 4 {
		t.Errorf("got 0 printed %d times, want 4 (three bars and the axis)", counts["0"])
	}
}
