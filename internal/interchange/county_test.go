package interchange

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/xuri/excelize/v2"

	"xinqing/internal/casework"
	"xinqing/internal/county"
	"xinqing/internal/returnpkg"
)

func TestSchoolListFromExcelAndCSV(t *testing.T) {
	var b bytes.Buffer
	if err := ExportList(&b, "名单", []string{"学校代码", "学校名称", "学段"}, [][]string{{"0012", "甲小学", "小学"}, {"0013", "乙中学", "初中"}}); err != nil {
		t.Fatal(err)
	}
	rows, err := SchoolListRows("名单.xlsx", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	s, err := county.ReadSchools("名单.xlsx", rows)
	if err != nil || len(s) != 2 || s[0].Code != "0012" || s[1].Stage != casework.StageJunior {
		t.Fatalf("xlsx: %+v %v", s, err)
	}
	rows, err = SchoolListRows("名单.csv", []byte("\ufeff学校代码,学校名称\n0012,甲小学\n"))
	if err != nil || len(rows) != 2 || rows[0][0] != "学校代码" {
		t.Fatalf("csv: %q %v", rows, err)
	}
	if _, err := SchoolListRows("名单.csv", []byte("\xc9\xfa\xb4\xfa,x\n")); err == nil {
		t.Fatal("a GBK CSV was read")
	}
}

func TestCountyWorkbookHoldsEveryFigureOfEverySchool(t *testing.T) {
	f := returnpkg.Figures{"A1": "甲小学", "F1": json.Number("3"), "F2": map[string]any{"red": json.Number("1"), "orange": json.Number("2")},
		"C1": map[string]any{"has_room": true, "area_m2": json.Number("50.5")}}
	tb := &county.Table{County: "某县", From: "2026-10", To: "2026-10", Totals: f.Clone(),
		Rows:    []county.Row{{School: casework.CountySchool{Code: "0012", Name: "甲小学"}, Figures: f, Months: []string{"2026-10"}}},
		Missing: []county.Missing{{School: casework.CountySchool{Code: "0013", Name: "乙中学"}, Months: []string{"2026-10"}}},
		Flags:   []county.Flag{{School: casework.CountySchool{Code: "0013", Name: "乙中学"}, Month: "2026-10", Rule: county.FlagMissing}}}
	var b bytes.Buffer
	if err := ExportCountyWorkbook(&b, tb); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got := x.GetSheetList(); len(got) != 3 || got[0] != "汇总" {
		t.Fatalf("sheets %v", got)
	}
	rows, _ := x.GetRows("汇总")
	if len(rows) != 3 || rows[1][0] != "0012" {
		t.Fatalf("rows %q", rows)
	}
	head := map[string]int{}
	for i, h := range rows[0] {
		head[h] = i
	}
	for path, want := range map[string]string{"F2.orange": "2", "F1": "3", "C1.area_m2": "50.5", "C1.has_room": "是"} {
		if i, ok := head[path]; !ok || rows[1][i] != want {
			t.Errorf("%s: got %v, want %s", path, rows[1], want)
		}
	}
	if m, _ := x.GetRows("未报送"); len(m) != 2 || m[1][0] != "0013" {
		t.Errorf("未报送 %q", m)
	}
}
