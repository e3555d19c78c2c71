package desktop

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"

	"xinqing/internal/casework"
	"xinqing/internal/ui"
	"xinqing/internal/ui/uitest"
)

// demoPlatformSheet writes a platform's export for students of the demo
// school: a merged title, two header rows, 学籍号 written as numbers
// (leading zeros lost) and once in full-width digits, one row without a
// number, a student twice, a student unknown to the vault, a hidden
// column and a total row.
func demoPlatformSheet(t *testing.T, students []*casework.Student, on casework.Date) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	set := func(cell string, v any) {
		if err := f.SetCellValue("Sheet1", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	set("A1", "学生心理健康测评结果（平台导出）")
	_ = f.MergeCell("Sheet1", "A1", "I1")
	for col, h := range map[string]string{"A": "学籍号", "B": "姓名", "C": "班级", "G": "总分", "H": "预警等级", "I": "内部编号"} {
		set(col+"2", h)
		_ = f.MergeCell("Sheet1", col+"2", col+"3")
	}
	set("D2", "因子分")
	_ = f.MergeCell("Sheet1", "D2", "F2")
	set("D3", "焦虑")
	set("E3", "抑郁")
	set("F3", "躯体化")
	_ = f.SetColVisible("Sheet1", "I", false)
	row, total := 4, 0
	add := func(no any, name, class string, score int, flag string) {
		x, y, z := score/3, score/3+score%3, score/3
		cells := []any{no, name, class, x, y, z, score, flag, 9000 + row}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := f.SetSheetRow("Sheet1", cell, &cells); err != nil {
			t.Fatal(err)
		}
		row++
		total += score
	}
	for i, s := range students {
		_, class := s.ClassOn(on)
		var no any = s.StudentNo
		n, err := strconv.Atoi(s.StudentNo)
		switch {
		case i == 1:
			no = width.Widen.String(s.StudentNo)
		case i == 2:
			no = ""
		case err == nil:
			no = n // the platform wrote it as a number
		}
		score, flag := (i*7)%22, "无"
		if score >= 15 {
			flag = "二级预警"
		} else if score >= 10 {
			flag = "三级预警"
		}
		add(no, s.Name, class, score, flag)
	}
	_, class := students[0].ClassOn(on)
	add(students[3].StudentNo, students[3].Name, class, 4, "无")
	add("", "魏不在", class, 6, "无")
	cell, _ := excelize.CoordinatesToCellName(1, row)
	if err := f.SetSheetRow("Sheet1", cell, &[]any{"合计", nil, nil, nil, nil, nil, total}); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "平台导出.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestResultsImportScreenshot renders the import preview over the real
// services and the demo school at 1024×600 into $XINQING_SHOTS (skipped
// without it).
func TestResultsImportScreenshot(t *testing.T) {
	out := shotsDir(t)
	ctx := context.Background()
	s, _ := unlockedDemo(t, true)
	deps := s.deps()
	recs, err := deps.Groups.Records(ctx, casework.KindScreening)
	if err != nil || len(recs) == 0 {
		t.Fatalf("demo screenings: %d, %v", len(recs), err)
	}
	slices.SortFunc(recs, func(a, b casework.Record) int {
		return strings.Compare(string(b.(*casework.Screening).DateTo), string(a.(*casework.Screening).DateTo))
	})
	sc := recs[0].(*casework.Screening)
	students, err := deps.Groups.Students(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var class []*casework.Student
	for _, st := range students {
		if st.OnRoll(sc.DateTo) && len(class) < 14 {
			if _, c := st.ClassOn(sc.DateTo); len(class) == 0 || func() bool { _, c0 := class[0].ClassOn(sc.DateTo); return c == c0 }() {
				class = append(class, st)
			}
		}
	}
	sheet := demoPlatformSheet(t, class, sc.DateTo)
	sc.ConsentCollected = false // shows the mark of results without consent
	if err := deps.Groups.SaveRecord(ctx, sc); err != nil {
		t.Fatal(err)
	}
	if err := s.Lock(ctx); err != nil {
		t.Fatal(err)
	}

	app := test.NewTempApp(t)
	app.Settings().SetTheme(ui.NewTheme())
	win := test.NewTempWindow(t, nil)
	win.Resize(fyne.NewSize(1024, 600))
	deps = s.deps()
	deps.Go = func(f func()) { f() }
	deps.PickOpen = func(f func(string)) { f(sheet) }
	a := ui.New(app, win, deps)
	a.Start()
	d := uitest.New(t, win)
	capture := func(name string) {
		t.Helper()
		f, err := os.Create(filepath.Join(out, name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, win.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
	}
	d.Tap("试用演示学校")
	d.Tap("填入演示密码并解锁")
	d.WantText("活动与日志")
	d.Nav("活动与日志")
	d.Tabs().SelectIndex(4)
	lists := d.Lists()
	if len(lists) == 0 {
		t.Fatal("no list of screenings")
	}
	lists[len(lists)-1].Select(0)
	d.Tap("编辑")
	d.Tap("导入平台结果")
	d.Tap("选择结果表…")
	d.WantText("表头在第 3 行")
	capture("results-import-mapping")
	d.Tap("预览匹配结果")
	d.WantText("已匹配 (14)")
	d.WantText("未匹配 (1)")
	d.WantText("重名 (1)")
	d.WantText("仅供参考，不作为诊断依据")
	capture("results-import-preview")
}
