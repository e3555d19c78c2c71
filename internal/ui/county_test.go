package ui

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

type countyClock struct{}

func (countyClock) Now() time.Time { return time.Date(2026, 11, 20, 9, 0, 0, 0, time.Local) }
func (countyClock) AfterFunc(d time.Duration, f func()) Timer {
	return time.AfterFunc(time.Hour, func() {})
}

// fakeCounty is a county of four schools; importing adds a line per file.
type fakeCounty struct {
	imported [][]string
	written  []CountyFiles
	drilled  string
}

func (f *fakeCounty) IsCounty(context.Context) (bool, error)            { return true, nil }
func (f *fakeCounty) MakeCounty(context.Context, string, string) error  { return nil }
func (f *fakeCounty) CountySchools(context.Context) (CountyInfo, error) { return countyInfo(), nil }
func countyInfo() CountyInfo {
	return CountyInfo{County: "某某县", Schools: []CountySchoolRow{
		{Code: "3607210001", Name: "城关第一小学", Stage: "小学", Fingerprint: "3f2a 9c01 77de 0b4c 1a2b 3c4d 5e6f 7081", Active: true},
		{Code: "3607210002", Name: "实验中学", Stage: "初中", Fingerprint: "a1b2 c3d4 e5f6 0718 293a 4b5c 6d7e 8f90", Active: true},
		{Code: "3607210003", Name: "东风镇中心小学", Stage: "小学", Active: true},
		{Code: "3607210004", Name: "县第一高级中学", Stage: "高中", Fingerprint: "0f1e 2d3c 4b5a 6978 8796 a5b4 c3d2 e1f0", Active: true},
	}}
}
func (f *fakeCounty) ImportPackages(_ context.Context, paths []string, _ bool) ([]PackageLine, error) {
	f.imported = append(f.imported, paths)
	return []PackageLine{
		{File: "3607210001-2026-10.json", School: "3607210001", Month: "2026-10", Outcome: "added"},
		{File: "3607210002-2026-10.json", School: "3607210002", Month: "2026-10", Outcome: "superseded"},
		{File: "改过的.json", Refused: true, BySignature: true, Reason: "“改过的.json”：签名无效：文件在学校生成后被改动过。"},
	}, nil
}
func (f *fakeCounty) PackagesGrid(_ context.Context, from, to casework.Month) (CountyGrid, error) {
	g := CountyGrid{Schools: countyInfo().Schools}
	for m := from; m <= to; m = m.Next() {
		g.Months = append(g.Months, string(m))
	}
	for i := range g.Schools {
		var row []string
		for j := range g.Months {
			st := "reported"
			if i == 2 && j == len(g.Months)-1 {
				st = "missing"
			}
			if i == 1 && j == len(g.Months)-1 {
				st = "corrected"
			}
			row = append(row, st)
		}
		g.Status = append(g.Status, row)
	}
	return g, nil
}
func (f *fakeCounty) CountyTable(_ context.Context, from, to casework.Month) (CountyView, error) {
	return CountyView{Period: string(from),
		Header: []string{"序号", "学校代码", "学校名称", "在校学生", "开放天数", "心理课时", "重点学生", "其中一级", "个辅人次", "新开个案", "团辅场次", "危机事件", "建议转介", "设委员班级"},
		Rows: [][]string{
			{"1", "3607210001", "城关第一小学", "600", "18", "6", "2", "0", "4", "1", "1", "0", "0", "20/24"},
			{"2", "3607210002", "实验中学", "1570", "18", "7", "5", "1", "9", "2", "2", "1", "1", "24/28"},
			{"3", "3607210003", "东风镇中心小学", "—", "—", "—", "—", "—", "—", "—", "—", "—", "—", "—"},
			{"4", "3607210004", "县第一高级中学", "2055", "18", "12", "3", "0", "0", "1", "0", "0", "1", "23/27"},
			{"", "", "合计", "4225", "54", "25", "10", "1", "13", "4", "3", "1", "2", "67/79"},
		},
		Missing: []string{"3607210003　东风镇中心小学"},
		Flags:   []string{"县第一高级中学　2026-10：个别辅导和团体辅导均为 0（G1 + H1 = 0）"},
	}, nil
}
func (f *fakeCounty) SchoolFigures(_ context.Context, code string, _, _ casework.Month) ([]FigureRow, error) {
	f.drilled = code
	return []FigureRow{{Code: "G1", Label: "个别辅导人次", Value: "9"}, {Code: "F2.red", Label: "一级(红)", Value: "1"}}, nil
}

func (f *fakeCounty) WriteCountyTable(_ context.Context, _, _ casework.Month, out CountyFiles) error {
	f.written = append(f.written, out)
	return nil
}

func TestCountyScreensShowSchoolsPackagesAndTheTable(t *testing.T) {
	fa := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	fake := &fakeCounty{}
	a := New(fa, w, Deps{County: fake, Clock: countyClock{}, Go: func(f func()) { f() }})
	fa.Settings().SetTheme(NewTheme())
	w.Resize(fyne.NewSize(1100, 640))
	c := newCountyScreen(a)
	a.setContent(c.content())
	c.reload()
	if c.title.Text != "县（区）汇总库 · 某某县（学校 4 所）" || c.from.Text != "2026-10" {
		t.Fatalf("title %q, months %q", c.title.Text, c.from.Text)
	}
	shot(t, w, "county-schools.png")

	c.from.SetText("2026-06")
	c.reload()
	if len(c.grid.Months) != 5 || c.grid.Status[2][4] != "missing" {
		t.Fatalf("grid %+v", c.grid)
	}
	c.importPaths([]string{"/tmp/上报文件"})
	if len(fake.imported) != 1 || !strings.Contains(c.imported.Text, "已导入 3607210001-2026-10.json") ||
		!strings.Contains(c.imported.Text, "拒绝 “改过的.json”：签名无效") || !strings.Contains(c.imported.Text, "替换该月旧文件") {
		t.Fatalf("import lines %q", c.imported.Text)
	}
	c.countyTab.SelectIndex(1)
	shot(t, w, "county-packages.png")

	c.from.SetText("2026-10")
	c.reload()
	c.countyTab.SelectIndex(2)
	if !strings.Contains(c.missing.Text, "东风镇中心小学") || !strings.Contains(c.flags.Text, "G1 + H1 = 0") || len(c.view.Rows) != 5 {
		t.Fatalf("table: missing %q flags %q", c.missing.Text, c.flags.Text)
	}
	shot(t, w, "county-table-screen.png")
	c.tableTbl.OnSelected(widget.TableCellID{Row: 2, Col: 2})
	if fake.drilled != "3607210002" {
		t.Fatalf("drilled into %q", fake.drilled)
	}

	c.from.SetText("2026-13")
	c.reload()
	if c.msg.Text == "" {
		t.Fatal("a bad month was taken")
	}
}

// shot writes the window to dir $XINQING_SHOTS when set (the screenshots
// of docs/screenshots are made so).
func shot(t *testing.T, w fyne.Window, name string) {
	dir := os.Getenv("XINQING_SHOTS")
	if dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}
