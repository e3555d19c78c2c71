package desktop

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"xinqing/internal/casework"
	"xinqing/internal/ui"
	"xinqing/internal/ui/uitest"
)

// The 数据校验码 the 月报 screen shows for a reported month (on the 月报
// tab and in the list of reported returns) is the one under the title of
// the PDF that was printed (and of its reprint), so the county can match
// a paper return with the app.
func TestTheDataCodeOnScreenIsTheOneOnThePrintedReturn(t *testing.T) {
	ctx := context.Background()
	s, r, _ := demoServices(t)
	m := busiestMonth(t, s)
	dir := t.TempDir()
	out := ui.ReturnFiles{PDF: filepath.Join(dir, "m.pdf"), JSON: filepath.Join(dir, "m.json"), XLSX: filepath.Join(dir, "m.xlsx")}
	if _, err := r.GenerateMonthly(ctx, m, out, nil); err != nil {
		t.Fatal(err)
	}
	fz, err := r.FreezeMonthly(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	codeRe := regexp.MustCompile(`数据校验码：\s*([0-9a-f]{16})`)
	onPaper := codeRe.FindStringSubmatch(pdfText(t, out.PDF))
	if onPaper == nil {
		t.Fatal("the printed return carries no 数据校验码")
	}
	if fz.DataCode != onPaper[1] {
		t.Fatalf("the frozen return says %q, the PDF %q", fz.DataCode, onPaper[1])
	}
	reprint := filepath.Join(dir, "again.pdf")
	if _, err := r.Reprint(ctx, fz.ID, reprint); err != nil {
		t.Fatal(err)
	}
	if again := codeRe.FindStringSubmatch(pdfText(t, reprint)); again == nil || again[1] != onPaper[1] {
		t.Fatalf("the reprint carries %v, the first print %q", again, onPaper[1])
	}

	app := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1024, 600))
	d := s.deps()
	d.Go = func(f func()) { f() }
	w.SetContent(ui.ReportsScreen(ui.New(app, w, d)).Content())
	drv := uitest.New(t, w)
	label := func(m casework.Month) string {
		n, _ := strconv.Atoi(string(m)[5:])
		return fmt.Sprintf("%s年%d月", string(m)[:4], n)
	}
	if now := casework.MonthOf(time.Now()); now != m {
		drv.Select(label(now), label(m))
	}
	onTab := regexp.MustCompile(`数据校验码 ([0-9a-f]{16})`).FindStringSubmatch(drv.Texts())
	if onTab == nil || onTab[1] != onPaper[1] {
		t.Fatalf("the 月报 tab of %s shows %v, the printed return %s:\n%s", m, onTab, onPaper[1], drv.Texts())
	}
	drv.Tab("已报送月报")
	shown := regexp.MustCompile(`数据校验码\s*([0-9a-f]{16})`).FindStringSubmatch(drv.Texts())
	if shown == nil {
		t.Fatalf("the reported returns show no 数据校验码:\n%s", drv.Texts())
	}
	if shown[1] != onPaper[1] {
		t.Fatalf("the screen shows 数据校验码 %s, the printed return %s", shown[1], onPaper[1])
	}
}
