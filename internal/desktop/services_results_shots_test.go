package desktop

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
	"xinqing/internal/ui"
	"xinqing/internal/ui/uitest"
)

// TestResultsScreenshots renders the screening work list and a scored
// paper entry over the real services and the demo school at 1024×600
// into $XINQING_SHOTS (skipped without it). A few sheets are typed first
// so that the list shows every state: to schedule, scheduled, outcome
// recorded, and the consent mark.
func TestResultsScreenshots(t *testing.T) {
	out := shotsDir(t)
	ctx := context.Background()
	s, _ := unlockedDemo(t, true)
	deps := s.deps()
	open, err := deps.Results.OpenWorkLists(ctx)
	if err != nil || len(open) == 0 {
		t.Fatalf("got %+v (%v), want the demo's screening with flagged results", open, err)
	}
	recs, err := deps.Groups.Records(ctx, casework.KindScreening)
	if err != nil {
		t.Fatal(err)
	}
	var sc *casework.Screening
	for _, r := range recs {
		if r.Base().ID == open[0].ScreeningID {
			sc = r.(*casework.Screening)
		}
	}
	sc.ConsentCollected = false // shows the mark of results without consent
	if err := deps.Groups.SaveRecord(ctx, sc); err != nil {
		t.Fatal(err)
	}
	students, err := deps.Groups.Students(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var enrolled []*casework.Student
	for _, st := range students {
		if st.Enrolled() {
			enrolled = append(enrolled, st)
		}
	}
	sheets := [][]int{{0, 1, 0, 1, 0, 0, 0, 0, 1}, {2, 2, 1, 2, 1, 1, 2, 1, 0}, {3, 2, 2, 3, 2, 1, 2, 1, 1}}
	var typed []*casework.ScreeningResult
	for i, a := range sheets {
		r, err := deps.Results.SavePaperEntry(ctx, ui.PaperEntry{ScreeningID: sc.ID, StudentID: enrolled[5+i].ID, Instrument: "phq9", Answers: a})
		if err != nil {
			t.Fatal(err)
		}
		typed = append(typed, r)
	}
	if err := deps.Results.ScheduleInterview(ctx, typed[0].ID, casework.DateOf(s.app.Now()).AddDays(1)); err != nil {
		t.Fatal(err)
	}
	if _, err := deps.Results.RecordInterview(ctx, typed[1].ID, "", casework.InterviewOutcomeWatch, "两周后复评"); err != nil {
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
	a := ui.New(app, win, deps)
	a.Start()
	d := uitest.New(t, win)
	save := func(name string) {
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
	d.WantText("排查待访谈")
	for _, o := range d.Visible() {
		if b, ok := o.(*widget.Button); ok && strings.HasPrefix(b.Text, "排查待访谈 ") {
			test.Tap(b)
			break
		}
	}
	d.WantText("仅供参考，不作为诊断依据")
	d.WantText("未取得知情同意")
	save("results-worklist")

	d.Tap("纸质录入")
	d.WantText("第9题")
	uitest.TypeInto(d.Input("姓名、拼音或学号"), enrolled[9].Name)
	var radios []*widget.RadioGroup
	for _, o := range d.Visible() {
		if r, ok := o.(*widget.RadioGroup); ok {
			radios = append(radios, r)
		}
	}
	for i, v := range []int{1, 2, 1, 2, 1, 0, 1, 0, 1} {
		radios[i].SetSelected(radios[i].Options[v])
	}
	d.WantText("需关注")
	save("results-paper-entry")
}
