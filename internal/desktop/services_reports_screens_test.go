package desktop

import (
	"reflect"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"xinqing/internal/casework"
	"xinqing/internal/store"
	"xinqing/internal/ui"
	"xinqing/internal/ui/uitest"
)

// TestMonthNotesTypedOnTheScreenAreInTheStore drives 月报与报表 over the
// real adapter and store: the figures of this month are listed, and the
// notes typed and saved are a month_notes record afterwards.
func TestMonthNotesTypedOnTheScreenAreInTheStore(t *testing.T) {
	s, _, _ := demoServices(t)
	app := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1300, 900))
	d := s.deps()
	d.Go = func(f func()) { f() }
	a := ui.New(app, w, d)
	w.SetContent(ui.ReportsScreen(a).Content())
	drv := uitest.New(t, w)
	if !drv.Shows("学校基本情况") || !drv.Shows("A4  在校学生数") {
		t.Fatal("the figures of the month are not listed")
	}
	// The notes are the multi-line entries; the hours entry shows 0.
	type textEntry interface {
		fyne.Focusable
		SetText(string)
	}
	var fields []textEntry
	var hours textEntry
	for _, o := range drv.Visible() {
		e, ok := o.(textEntry)
		if !ok {
			continue
		}
		v := reflect.ValueOf(e).Elem()
		if !v.FieldByName("MultiLine").IsValid() {
			continue
		}
		switch {
		case v.FieldByName("MultiLine").Bool():
			fields = append(fields, e)
		case hours == nil && v.FieldByName("Text").String() == "0":
			hours = e
		}
	}
	if len(fields) < 3 || hours == nil {
		t.Fatalf("got %d note fields and hours %v, want three notes and the hours", len(fields), hours != nil)
	}
	test.Type(fields[0], "开展心理健康月主题活动")
	hours.SetText("")
	test.Type(hours, "4.5")
	drv.Tap("保存文字部分")
	if !drv.Shows("已保存。") {
		t.Fatal("the screen does not say the notes were saved")
	}
	ws, _ := s.workspace()
	notes, err := store.ListAs[*casework.MonthNotes](ws.Store(), store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	m := casework.MonthOf(time.Now())
	var got *casework.MonthNotes
	for _, n := range notes {
		if n.Month == m {
			got = n
		}
	}
	if got == nil || got.Highlights != "开展心理健康月主题活动" || got.TrainingHours != 4.5 {
		t.Fatalf("got notes %+v in the store, want the typed highlights and 4.5 hours", got)
	}
}
