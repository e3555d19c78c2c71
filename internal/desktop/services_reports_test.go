package desktop

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/demo"
	"xinqing/internal/interchange"
	"xinqing/internal/store"
	"xinqing/internal/ui"
)

// demoServices is an unlocked real vault holding the small demo school
// (dates around today), with its reports adapter.
func demoServices(t *testing.T) (*services, *reportsService, ui.Sheet) {
	t.Helper()
	s := testServices()
	sh, err := s.Create(context.Background(), filepath.Join(t.TempDir(), "vault"), realPass)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Lock(context.Background()) })
	ws, _ := s.workspace()
	if _, err := demo.Import(interchange.Adapt[*store.Tx](ws.Store()), demo.Small, 1, casework.DateOf(time.Now())); err != nil {
		t.Fatal(err)
	}
	ws.Changed()
	return s, s.reports(), sh
}

// busiestMonth is the month of the last year with the most sessions.
func busiestMonth(t *testing.T, s *services) casework.Month {
	t.Helper()
	ws, _ := s.workspace()
	sessions, err := store.ListAs[*casework.Session](ws.Store(), store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	n := map[casework.Month]int{}
	for _, x := range sessions {
		n[x.Date.Month()]++
	}
	best := casework.MonthOf(time.Now())
	for m, c := range n {
		if c > n[best] {
			best = m
		}
	}
	return best
}

func pdfText(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(out)
}

func TestReportsAdapterGeneratesFreezesAndNamesTheChangedCodes(t *testing.T) {
	ctx := context.Background()
	s, r, _ := demoServices(t)
	m := busiestMonth(t, s)

	v, err := r.MonthFigures(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	var g1 ui.FigureRow
	for _, row := range v.Rows {
		if row.Code == "G1" {
			g1 = row
		}
	}
	if g1.Label != "个别辅导人次" || g1.Value == "0" || !g1.Drill {
		t.Fatalf("got G1 row %+v, want the printed label, a count above 0 and a drill", g1)
	}
	if v.Frozen != nil {
		t.Fatalf("got a frozen return %+v before any freeze", v.Frozen)
	}
	drill, err := r.Drill(ctx, m, "G1")
	if err != nil {
		t.Fatal(err)
	}
	if len(drill) == 0 || drill[0].Kind != casework.KindSession || drill[0].Detail == "" {
		t.Fatalf("got drill rows %+v, want sessions with the student named", drill)
	}

	if _, err := r.FreezeMonthly(ctx, m); err == nil {
		t.Fatal("froze a return that was never generated")
	}
	dir := t.TempDir()
	out := ui.ReturnFiles{PDF: filepath.Join(dir, "m.pdf"), JSON: filepath.Join(dir, "m.json"), XLSX: filepath.Join(dir, "m.xlsx")}
	var steps []float64
	if _, err := r.GenerateMonthly(ctx, m, out, func(f float64) { steps = append(steps, f) }); err != nil {
		t.Fatal(err)
	}
	if len(steps) == 0 || steps[len(steps)-1] != 1 {
		t.Fatalf("got progress %v, want it to end at 1", steps)
	}
	if txt := pdfText(t, out.PDF); !strings.Contains(txt, "个别辅导人次") || !strings.Contains(txt, g1.Value) {
		t.Fatalf("the PDF lacks G1 (%s):\n%s", g1.Value, txt)
	}
	for _, p := range []string{out.JSON, out.XLSX} {
		if fi, err := os.Stat(p); err != nil || fi.Size() == 0 {
			t.Fatalf("got %v for %s, want a written file", err, p)
		}
	}
	fz, err := r.FreezeMonthly(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	ws, _ := s.workspace()
	ret, err := store.GetAs[*casework.Return](ws.Store(), fz.ID)
	if err != nil || ret.Month != m {
		t.Fatalf("got %v, %+v for the frozen return in the store, want month %s", err, ret, m)
	}
	list, err := r.FrozenReturns(ctx)
	if err != nil || len(list) != 1 || list[0].ID != fz.ID {
		t.Fatalf("got %v, %+v, want the one frozen return", err, list)
	}
	same, err := r.Reprint(ctx, fz.ID, filepath.Join(dir, "reprint.pdf"))
	if err != nil || !same {
		t.Fatalf("got same=%v, %v for the reprint, want the identical PDF", same, err)
	}

	// The training hours of the month change B4 after the freeze.
	if err := r.SaveMonthNotes(ctx, casework.MonthNotes{Month: m, Highlights: "开展了主题班会", TrainingHours: 6}); err != nil {
		t.Fatal(err)
	}
	v, err = r.MonthFigures(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	if v.Frozen == nil || !slices.Contains(v.Changed, "B4") || v.Notes.TrainingHours != 6 {
		t.Fatalf("got frozen %+v, changed %v, notes %+v; want B4 changed since the freeze", v.Frozen, v.Changed, v.Notes)
	}
	if err := r.SaveMonthNotes(ctx, casework.MonthNotes{Month: m, TrainingHours: 8}); err != nil {
		t.Fatal(err)
	}
	notes, _ := store.ListAs[*casework.MonthNotes](ws.Store(), store.Filter{})
	if n := 0; true {
		for _, x := range notes {
			if x.Month == m {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("got %d month notes for %s, want the one updated in place", n, m)
		}
	}
}

func TestReportsAdapterKeyListNeedsPurposeAndRecipient(t *testing.T) {
	ctx := context.Background()
	_, r, _ := demoServices(t)
	path := filepath.Join(t.TempDir(), "list.pdf")
	var inv *ui.SettingsInvalid
	if err := r.KeyStudentList(ctx, " ", "区教育局", path); !errors.As(err, &inv) {
		t.Fatalf("got %v without a purpose, want a refusal", err)
	}
	if err := r.KeyStudentList(ctx, "期末家访安排", "德育处", path); err != nil {
		t.Fatal(err)
	}
	if txt := pdfText(t, path); !strings.Contains(txt, "期末家访安排") || !strings.Contains(txt, "德育处") {
		t.Fatalf("the list does not print its purpose and recipient:\n%s", txt)
	}
}

func TestBackupAdapterBacksUpVerifiesAndRestores(t *testing.T) {
	ctx := context.Background()
	s, r, _ := demoServices(t)
	stick := t.TempDir()
	var stages []string
	done, err := r.BackupNow(ctx, stick, func(st string, _ float64) {
		if len(stages) == 0 || stages[len(stages)-1] != st {
			stages = append(stages, st)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(done.File); err != nil || len(stages) < 2 {
		t.Fatalf("got %v for the backup file, stages %v; want a file and several stages", err, stages)
	}
	items, err := r.VerifyBackups(ctx, stick)
	if err != nil || len(items) != 1 || items[0].Status != "verified" {
		t.Fatalf("got %v, %+v, want one verified backup", err, items)
	}
	st, err := r.BackupStatus(ctx)
	if err != nil || st.Last.IsZero() || st.Reminder != 0 {
		t.Fatalf("got %+v, %v, want a recent backup without a reminder", st, err)
	}

	// Terms changed after the backup are back as backed up after the
	// restore.
	before, err := r.Terms(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.SaveTerms(ctx, []casework.Term{{Name: "临时学期", Start: "2026-09-01", End: "2027-01-20"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.OpenBackup(ctx, done.File, "", "wrong-sheet"); err == nil {
		t.Fatal("opened a backup with a sheet that does not parse")
	}
	sum, err := r.OpenBackup(ctx, done.File, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if sum.Gen != done.Gen || sum.Counts[casework.KindStudent] == 0 || sum.OtherVault {
		t.Fatalf("got summary %+v, want generation %d with students of this vault", sum, done.Gen)
	}
	if err := r.ConfirmRestore(ctx); err != nil {
		t.Fatal(err)
	}
	terms, err := r.Terms(ctx)
	if err != nil || !slices.Equal(terms, before) {
		t.Fatalf("got terms %+v, %v after the restore, want those of the backup %+v", terms, err, before)
	}
	ws, _ := s.workspace()
	if n, _ := ws.Store().Count(casework.KindStudent); n != sum.Counts[casework.KindStudent] {
		t.Fatalf("got %d students after the restore, want %d", n, sum.Counts[casework.KindStudent])
	}
	var be *ui.BackupError
	if err := r.ConfirmRestore(ctx); !errors.As(err, &be) || be.Kind != "no_pending" {
		t.Fatalf("got %v confirming twice, want no_pending", err)
	}
	d, err := r.RunDrill(ctx, stick)
	if err != nil || !d.OK {
		t.Fatalf("got drill %+v, %v, want it to pass", d, err)
	}
}

func TestRosterAdapterImportsTheTestRoster(t *testing.T) {
	ctx := context.Background()
	s := testServices()
	if _, err := s.Create(ctx, filepath.Join(t.TempDir(), "vault"), realPass); err != nil {
		t.Fatal(err)
	}
	defer s.Lock(ctx)
	r := s.reports()
	p, err := r.PreviewRoster(ctx, filepath.Join("..", "..", "internal", "interchange", "testdata", "roster.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Adds == 0 || len(p.Columns) == 0 || len(p.Rows) == 0 {
		t.Fatalf("got preview %+v, want students to add and the columns found", p)
	}
	added, _, skipped, err := r.ApplyRoster(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	ws, _ := s.workspace()
	n, err := ws.Store().Count(casework.KindStudent)
	if err != nil || n != added || added != p.Adds || skipped != p.Bad {
		t.Fatalf("got %d students in the store (%v), added %d skipped %d; want %d added, %d skipped", n, err, added, skipped, p.Adds, p.Bad)
	}
	out := filepath.Join(t.TempDir(), "students.xlsx")
	if k, err := r.ExportRecords(ctx, casework.KindStudent, out); err != nil || k != n {
		t.Fatalf("got %d, %v exporting, want %d students", k, err, n)
	}
}

func TestSettingsAdapterShowsTheSheetOnlyForThePassphraseAndKeepsLevelsInUse(t *testing.T) {
	ctx := context.Background()
	_, r, sh := demoServices(t)
	if _, err := r.RecoverySheet(ctx, "wrong wrong wrong wrong"); !errors.Is(err, ui.ErrWrongPassphrase) {
		t.Fatalf("got %v for a wrong passphrase, want ui.ErrWrongPassphrase", err)
	}
	got, err := r.RecoverySheet(ctx, realPass)
	if err != nil || !slices.Equal(got.Groups, sh.Groups) {
		t.Fatalf("got %v, %v, want the sheet printed at creation", got.Groups, err)
	}
	levels, inUse, err := r.RiskLevels(ctx)
	if err != nil || len(levels) == 0 {
		t.Fatal(err)
	}
	var used string
	for _, l := range levels {
		if inUse[l.Code] {
			used = l.Code
		}
	}
	if used == "" {
		t.Fatal("the demo school uses no level")
	}
	var keep []casework.RiskLevel
	for _, l := range levels {
		if l.Code != used {
			keep = append(keep, l)
		}
	}
	var inv *ui.SettingsInvalid
	if err := r.SaveRiskLevels(ctx, keep); !errors.As(err, &inv) {
		t.Fatalf("got %v removing a level in use, want a refusal", err)
	}
	levels[0].FollowUpDays = 5
	if err := r.SaveRiskLevels(ctx, levels); err != nil {
		t.Fatal(err)
	}
	if err := r.ChangePassphrase(ctx, "wrong wrong wrong wrong", "xin-de-mi-ma-shan-shui-qing"); !errors.Is(err, ui.ErrWrongPassphrase) {
		t.Fatalf("got %v changing with a wrong old passphrase, want ui.ErrWrongPassphrase", err)
	}
	if err := r.ChangePassphrase(ctx, realPass, "xin-de-mi-ma-shan-shui-qing"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.RecoverySheet(ctx, "xin-de-mi-ma-shan-shui-qing"); err != nil {
		t.Fatalf("got %v showing the sheet under the new passphrase", err)
	}
	nsh, err := r.Rekey(ctx, "ling-yi-ge-mi-ma-feng-yun-qi")
	if err != nil || slices.Equal(nsh.Groups, sh.Groups) || len(nsh.Groups) != len(sh.Groups) {
		t.Fatalf("got %v, %v re-keying, want a new sheet", nsh.Groups, err)
	}
}
