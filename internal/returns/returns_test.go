package returns_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/demo"
	"xinqing/internal/figures"
	"xinqing/internal/interchange"
	"xinqing/internal/report"
	"xinqing/internal/returns"
	"xinqing/internal/store"
)

var cst = time.FixedZone("CST", 8*3600)

func demoStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.New(store.WithClock(func() time.Time { return time.Date(2026, 11, 28, 3, 4, 5, 0, time.UTC) }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := demo.Import(interchange.Adapt[*store.Tx](st), demo.Small, 3, "2026-11-20"); err != nil {
		t.Fatal(err)
	}
	return st
}

func labels(t *testing.T) report.Labels {
	t.Helper()
	l, err := casework.LoadLabels(casework.LangZH)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-raw", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), "")
}

func TestLoadReadsEveryKindTheFiguresCount(t *testing.T) {
	st := demoStore(t)
	d, err := returns.Load(st)
	if err != nil {
		t.Fatal(err)
	}
	doc := demo.Generate(demo.Small, 3, "2026-11-20")
	got := []int{len(d.Students), len(d.Cases), len(d.Sessions), len(d.KeyStudents), len(d.GroupSessions), len(d.CommitteeMembers), len(d.MonthNotes)}
	want := []int{len(doc.Students), len(doc.Cases), len(doc.Sessions), len(doc.KeyStudents), len(doc.GroupSessions), len(doc.CommitteeMembers), len(doc.MonthNotes)}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v records, want %v", got, want)
	}
	if d.Settings.School.Name != doc.Settings.School.Name {
		t.Errorf("got school %q, want %q", d.Settings.School.Name, doc.Settings.School.Name)
	}
}

func TestFreezeThenRegenerateNamesTheChangedCodes(t *testing.T) {
	st := demoStore(t)
	l := labels(t)
	m := casework.Month("2026-10")
	at := time.Date(2026, 11, 2, 9, 30, 15, 500, cst)
	g, err := returns.Generate(st, m, l, at)
	if err != nil {
		t.Fatal(err)
	}
	if g.Frozen != nil || g.Changed != nil {
		t.Fatalf("got a frozen copy %v before any freeze", g.Frozen)
	}
	frozen, err := returns.Freeze(st, g)
	if err != nil {
		t.Fatal(err)
	}
	// Nothing changed: the regeneration equals the frozen copy.
	again, err := returns.Generate(st, m, l, at.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if again.Frozen == nil || again.Frozen.ID != frozen.ID || len(again.Changed) != 0 {
		t.Fatalf("got frozen %v changed %v, want the frozen copy and no change", again.Frozen, again.Changed)
	}
	// A visit and a guardian contact entered late change C3 and K2.
	for _, rec := range []casework.Record{
		&casework.Visit{Date: "2026-10-31"},
		&casework.Contact{Date: "2026-10-01", Counterpart: casework.CounterpartGuardian},
	} {
		if err := st.Create(rec); err != nil {
			t.Fatal(err)
		}
	}
	later, err := returns.Generate(st, m, l, at.Add(48*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"C3", "K2"}; !reflect.DeepEqual(later.Changed, want) {
		t.Errorf("got changed %v, want %v", later.Changed, want)
	}
	if later.Figures.C3 != g.Figures.C3+1 {
		t.Errorf("got C3 %d, want %d", later.Figures.C3, g.Figures.C3+1)
	}
	// The frozen copy prints again as the very PDF that was uploaded.
	settings, _ := st.Settings()
	pdf, same, err := returns.Reprint(again.Frozen, settings, l, cst)
	if err != nil {
		t.Fatal(err)
	}
	if !same || !bytes.Equal(pdf, g.PDF) {
		t.Errorf("got a reprint that differs from the frozen PDF (same=%v)", same)
	}
	text := pdfText(t, pdf)
	if !strings.Contains(text, "数据校验码："+figures.Hash(g.Figures)[:16]) {
		t.Error("got no figures hash of the frozen figures on the reprint")
	}
}

func TestTermStatisticsOverTheFirstTerm(t *testing.T) {
	st := demoStore(t)
	settings, _ := st.Settings()
	var term casework.Term
	for _, x := range settings.Terms {
		if x.Start <= "2026-11-20" && "2026-11-20" <= x.End {
			term = x
		}
	}
	if term.Name == "" {
		t.Fatalf("no term holds 2026-11-20 in %v", settings.Terms)
	}
	pdf, r, err := returns.Term(st, term.Period(), "", labels(t), time.Date(2026, 11, 28, 10, 0, 0, 0, cst))
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, pdf)
	if !strings.Contains(text, "（"+term.Name+"）") || !strings.Contains(text, "各月个别辅导、团体辅导与重点学生在册") {
		t.Errorf("got no term name or chart title in the statistics")
	}
	if r.G1 == 0 {
		t.Error("got G1 0 over the demo term, want sessions")
	}
	if !strings.Contains(strings.Join(strings.Fields(text), ""), "数据截至：2026年11月28日（本学期尚未结束）") {
		t.Error("got no 数据截至 note on a term not over")
	}
	d, _ := returns.Load(st)
	for _, s := range d.Students {
		if strings.Contains(text, s.Name) {
			t.Fatalf("got the name %q in the statistics", s.Name)
		}
	}
}

func TestAMonthNotOverRunsToTodayAndOneNotBegunIsRefused(t *testing.T) {
	st := demoStore(t)
	l := labels(t)
	at := time.Date(2026, 11, 20, 16, 0, 0, 0, cst)
	g, err := returns.Generate(st, "2026-11", l, at)
	if err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, g.PDF); !strings.Contains(strings.Join(strings.Fields(text), ""), "数据截至：2026年11月20日（本月尚未结束）") {
		t.Errorf("got no 数据截至 note on a month not over:\n%s", text)
	}
	frozen, err := returns.Freeze(st, g)
	if err != nil {
		t.Fatal(err)
	}
	settings, _ := st.Settings()
	if _, same, err := returns.Reprint(frozen, settings, l, cst); err != nil || !same {
		t.Errorf("the reprint of a return of a month not over differs (%v)", err)
	}
	_, err = returns.Generate(st, "2026-12", l, at)
	if err == nil || !strings.Contains(casework.ErrorMessageZH(err), "尚未开始") {
		t.Errorf("got %v for a month that starts after today, want a refusal", err)
	}
}

func TestTheTrendIsFrozenWithTheReturn(t *testing.T) {
	st := demoStore(t)
	l := labels(t)
	m := casework.Month("2026-10")
	g, err := returns.Generate(st, m, l, time.Date(2026, 11, 2, 9, 30, 15, 0, cst))
	if err != nil {
		t.Fatal(err)
	}
	if g.Trend == nil || !strings.Contains(pdfText(t, g.PDF), "本学期累计") {
		t.Fatal("got no trend on the return")
	}
	frozen, err := returns.Freeze(st, g)
	if err != nil {
		t.Fatal(err)
	}
	back, err := store.GetAs[*casework.Return](st, frozen.ID)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := figures.ParseTrend(back.Trend)
	if err != nil || !reflect.DeepEqual(tr, g.Trend) {
		t.Fatalf("got frozen trend %+v (%v), want %+v", tr, err, g.Trend)
	}
	// A return frozen before trends were printed reprints without them.
	back.Trend = nil
	settings, _ := st.Settings()
	pdf, _, err := returns.Reprint(back, settings, l, cst)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(pdfText(t, pdf), "本学期累计") {
		t.Error("got trend columns on a return frozen without a trend")
	}
}
