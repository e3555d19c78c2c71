package app

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"xinqing/internal/casework"
	"xinqing/internal/demo"
	"xinqing/internal/interchange"
	"xinqing/internal/report"
	"xinqing/internal/store"
	"xinqing/internal/vault"
	"xinqing/internal/vault/keyslot"
	"xinqing/internal/workspace"
)

const testPass = "qing-tian-shan-shui-yun-feng"

// demoSession is an unlocked real vault in a temporary folder holding the
// small demo school as of 2026-11-20.
func demoSession(t *testing.T) *Session {
	t.Helper()
	o := workspace.Options{Vault: vault.Options{KDF: keyslot.Params{MemoryKiB: 1024, Time: 1, Threads: 1}, AllowWeakKDF: true}}
	ws, _, err := workspace.Create(context.Background(), filepath.Join(t.TempDir(), "vault"), testPass, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Lock(context.Background()) })
	if _, err := demo.Import(interchange.Adapt[*store.Tx](ws.Store()), demo.Small, 5, "2026-11-20"); err != nil {
		t.Fatal(err)
	}
	a := New(o)
	a.Attach(ws)
	s, err := a.Session(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func pdfWords(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-raw", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return strings.Join(strings.Fields(string(out)), "")
}

// auditCount counts the prints and exports logged.
func auditCount(t *testing.T, s *Session) int {
	t.Helper()
	log, err := s.Store.AuditLog(0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, a := range log {
		if a.Action == casework.AuditActionPrint || a.Action == casework.AuditActionExport {
			n++
		}
	}
	return n
}

func first[T casework.Record](t *testing.T, s *Session) T {
	t.Helper()
	list, err := store.ListAs[T](s.Store, store.Filter{})
	if err != nil || len(list) == 0 {
		t.Fatalf("got %d records (%v), want the demo school's", len(list), err)
	}
	return list[0]
}

type document struct {
	name, want string
	write      func(ctx context.Context, path string, over Overwrite) error
}

func documents(t *testing.T, s *Session) []document {
	c := first[*casework.Case](t, s)
	g := first[*casework.GroupSession](t, s)
	r := first[*casework.Referral](t, s)
	term := casework.Period{From: "2026-09-01", To: "2027-01-20"}
	return []document{
		{"case", "个案辅导记录表", func(ctx context.Context, p string, o Overwrite) error { return s.CaseRecord(ctx, c.ID, p, o) }},
		{"referral", "学校转介建议书", func(ctx context.Context, p string, o Overwrite) error { return s.ReferralLetter(ctx, r.ID, p, o) }},
		{"group", "团体辅导记录表", func(ctx context.Context, p string, o Overwrite) error { return s.GroupRecord(ctx, g.ID, p, o) }},
		{"roster", "班级心理委员名册", func(ctx context.Context, p string, o Overwrite) error {
			return s.CommitteeRoster(ctx, "2026-11-20", p, o)
		}},
		{"keylist", "期中家访安排", func(ctx context.Context, p string, o Overwrite) error {
			return s.KeyStudentList(ctx, "期中家访安排", "德育处", p, o)
		}},
		{"term", "各月个别辅导、团体辅导与重点学生在册", func(ctx context.Context, p string, o Overwrite) error {
			return s.TermStatistics(ctx, term, "", p, o)
		}},
		{"selfcheck", "学校心理健康工作专项自查表", func(ctx context.Context, p string, o Overwrite) error {
			_, err := s.SelfCheckReport(ctx, "2026-2027学年第一学期", "2026-11-20", p, "", o)
			return err
		}},
		{"monthly", "学生心理健康工作月报（2026年10月）", func(ctx context.Context, p string, o Overwrite) error {
			_, err := s.GenerateReturn(ctx, MonthlyParams{Month: "2026-10"}, ReturnFiles{PDF: p}, o)
			return err
		}},
	}
}

func TestEveryDocumentWritesOnceRefusesAnExistingFileAndAuditsOnce(t *testing.T) {
	s := demoSession(t)
	ctx := context.Background()
	for _, d := range documents(t, s) {
		t.Run(d.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, d.name+".pdf")
			n := auditCount(t, s)
			if err := d.write(ctx, p, Exclusive); err != nil {
				t.Fatal(err)
			}
			if got := auditCount(t, s); got != n+1 {
				t.Fatalf("got %d audit entries after one print, want %d", got, n+1)
			}
			if !strings.Contains(pdfWords(t, p), d.want) {
				t.Errorf("got no %q in the PDF", d.want)
			}
			if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o600 {
				t.Fatalf("got %v (%v), want a file only its owner reads", fi, err)
			}
			before, _ := os.ReadFile(p)
			if err := d.write(ctx, p, Exclusive); !errors.Is(err, ErrOutputExists) {
				t.Fatalf("got %v writing over the document, want ErrOutputExists", err)
			}
			if after, _ := os.ReadFile(p); !bytes.Equal(before, after) || auditCount(t, s) != n+1 {
				t.Fatal("a refused write changed the file or logged a print")
			}
			if err := d.write(ctx, p, Replace); err != nil || auditCount(t, s) != n+2 {
				t.Fatalf("got %v replacing the document (audit %d), want it replaced and logged", err, auditCount(t, s))
			}

			done, cancel := context.WithCancel(ctx)
			cancel()
			q := filepath.Join(dir, "cancelled.pdf")
			if err := d.write(done, q, Exclusive); !errors.Is(err, context.Canceled) {
				t.Fatalf("got %v with a cancelled context, want context.Canceled", err)
			}
			assertOnly(t, dir, d.name+".pdf")
			if auditCount(t, s) != n+2 {
				t.Fatal("a cancelled document logged a print")
			}
		})
	}
}

func TestDocumentsOfMissingRecordsLeaveNothing(t *testing.T) {
	s := demoSession(t)
	ctx := context.Background()
	dir := t.TempDir()
	n := auditCount(t, s)
	for _, f := range []func(string) error{
		func(p string) error { return s.CaseRecord(ctx, casework.NewID(), p, Exclusive) },
		func(p string) error { return s.ReferralLetter(ctx, casework.NewID(), p, Exclusive) },
		func(p string) error { return s.GroupRecord(ctx, casework.NewID(), p, Exclusive) },
	} {
		if err := f(filepath.Join(dir, "x.pdf")); casework.ErrorCode(err) != casework.ENOTFOUND {
			t.Errorf("got %v, want not found", err)
		}
	}
	if err := s.KeyStudentList(ctx, " ", "德育处", filepath.Join(dir, "k.pdf"), Exclusive); !errors.Is(err, report.ErrNoPurpose) {
		t.Errorf("got %v for a list without purpose, want ErrNoPurpose", err)
	}
	assertOnly(t, dir)
	if auditCount(t, s) != n {
		t.Error("a refused document logged a print")
	}
}

func TestMonthlyReturnFreezesReprintsAndWritesItsFiguresOnce(t *testing.T) {
	s := demoSession(t)
	ctx := context.Background()
	dir := t.TempDir()
	p := func(n string) string { return filepath.Join(dir, n) }
	files := ReturnFiles{PDF: p("m.pdf"), JSON: p("m.json"), XLSX: p("m.xlsx")}
	n := auditCount(t, s)

	// An existing side file refuses the whole return before anything is written.
	if err := os.WriteFile(files.XLSX, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GenerateReturn(ctx, MonthlyParams{Month: "2026-10", Freeze: true}, files, Exclusive); !errors.Is(err, ErrOutputExists) {
		t.Fatalf("got %v, want ErrOutputExists for the existing sheet", err)
	}
	assertOnly(t, dir, "m.xlsx")
	os.Remove(files.XLSX)

	var steps []float64
	g, err := s.GenerateReturn(ctx, MonthlyParams{Month: "2026-10", Freeze: true, Progress: func(f float64) { steps = append(steps, f) }}, files, Exclusive)
	if err != nil {
		t.Fatal(err)
	}
	if g.Return == nil || g.Frozen != nil || len(steps) == 0 || steps[len(steps)-1] != 1 {
		t.Fatalf("got frozen %v (before: %v), progress %v; want a new frozen return and progress to 1", g.Return, g.Frozen, steps)
	}
	if got := auditCount(t, s); got != n+3 {
		t.Fatalf("got %d audit entries, want print, JSON and sheet: %d", got, n+3)
	}
	js, _ := os.ReadFile(files.JSON)
	if !bytes.Equal(js, append(slices.Clone(g.Return.Figures), '\n')) {
		t.Fatalf("got JSON %s, want the frozen figures byte for byte", js)
	}

	f, err := excelize.OpenFile(files.XLSX)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("月报2026-10")
	f.Close()
	want := s.FigureRows(g.Figures)
	if len(rows) != len(want)+1 || rows[0][0] != "代码" {
		t.Fatalf("got %d sheet rows, want a header and %d figures", len(rows), len(want))
	}
	for i, r := range want {
		if rows[i+1][0] != r.Code {
			t.Fatalf("sheet row %d: got %q, want %q in code order", i+1, rows[i+1][0], r.Code)
		}
	}
	for _, r := range rows {
		if r[0] == "G1" && (r[1] != "个别辅导人次" || r[2] == "") {
			t.Errorf("got G1 row %q, want its label and count", r)
		}
		if r[0] == "C1.has_room" && (len(r) < 3 || r[2] != "是" && r[2] != "否") {
			t.Errorf("got C1.has_room %q, want 是 or 否", r)
		}
	}

	// A reprint of the latest frozen return is the uploaded PDF.
	rp, err := s.ReprintReturn(ctx, "", "2026-10", ReturnFiles{PDF: p("r.pdf"), JSON: p("r.json")}, Exclusive)
	if err != nil || !rp.Same || rp.Return.ID != g.Return.ID {
		t.Fatalf("got %+v, %v; want the identical reprint of the frozen return", rp, err)
	}
	a, _ := os.ReadFile(files.PDF)
	b, _ := os.ReadFile(p("r.pdf"))
	rj, _ := os.ReadFile(p("r.json"))
	if !bytes.Equal(a, b) || !bytes.Equal(js, rj) {
		t.Error("got a reprint or its JSON that differs from the frozen one")
	}
	if _, err := s.ReprintReturn(ctx, "", "2026-09", ReturnFiles{PDF: p("none.pdf")}, Exclusive); !errors.Is(err, ErrNoFrozenReturn) {
		t.Errorf("got %v reprinting an unfrozen month, want ErrNoFrozenReturn", err)
	}

	// Generating again compares with the frozen return.
	again, err := s.GenerateReturn(ctx, MonthlyParams{Month: "2026-10"}, ReturnFiles{PDF: p("m2.pdf")}, Exclusive)
	if err != nil || again.Frozen == nil || again.Frozen.ID != g.Return.ID || len(again.Changed) != 0 {
		t.Fatalf("got %+v, %v; want no change against the frozen return", again, err)
	}
	list, err := s.FrozenReturns(ctx)
	if err != nil || len(list) != 1 {
		t.Fatalf("got %d frozen returns (%v), want 1", len(list), err)
	}
}

func TestMonthFiguresAreLabelledAndDrillToRecords(t *testing.T) {
	s := demoSession(t)
	ctx := context.Background()
	v, err := s.MonthFigures(ctx, "2026-10")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]FigureRow{}
	for _, r := range v.Rows {
		rows[r.Code] = r
	}
	if r := rows["G1"]; r.Label != "个别辅导人次" || r.Value == "0" || !r.Drill || r.Section != "G" {
		t.Fatalf("got G1 %+v, want the printed label, a count and a drill", r)
	}
	if r := rows["A2"]; r.Value != s.Labels["enum.stage."+string(s.Settings.School.Stage)] || r.Drill {
		t.Errorf("got A2 %+v, want the stage's label", r)
	}
	if r := rows["M1"]; r.Value == "" {
		t.Errorf("got an empty M1 value, want — for no text")
	}
	recs, err := s.Drill(ctx, "2026-10", "G1")
	if err != nil || len(recs) == 0 || recs[0].Kind != casework.KindSession || recs[0].Detail == "" {
		t.Fatalf("got %+v (%v), want the sessions with their student", recs, err)
	}
	if !slices.IsSortedFunc(recs, func(a, b RecordRow) int { return strings.Compare(string(a.Date), string(b.Date)) }) {
		t.Error("got drill rows out of date order")
	}
}

func TestSelfCheckNeedsAConfiguredTermThatHasStarted(t *testing.T) {
	s := demoSession(t)
	ctx := context.Background()
	var unknown *UnknownTermError
	if _, err := s.SelfCheck(ctx, "不存在的学期", ""); !errors.As(err, &unknown) || len(unknown.Known) == 0 {
		t.Fatalf("got %v, want the configured terms named", err)
	}
	var early *TermNotStartedError
	if _, err := s.SelfCheck(ctx, "2026-2027学年第一学期", "2026-01-01"); !errors.As(err, &early) {
		t.Fatalf("got %v for a date before the term, want TermNotStartedError", err)
	}
	r, err := s.SelfCheck(ctx, "2026-2027学年第一学期", "")
	if err != nil || len(r.Items) != 8 {
		t.Fatalf("got %v, %v; want the eight items", r, err)
	}
	dir := t.TempDir()
	n := auditCount(t, s)
	if _, err := s.SelfCheckReport(ctx, "2026-2027学年第一学期", "2026-11-20", filepath.Join(dir, "s.pdf"), filepath.Join(dir, "s.json"), Exclusive); err != nil {
		t.Fatal(err)
	}
	if auditCount(t, s) != n+2 {
		t.Errorf("got %d new audit entries, want the print and the export", auditCount(t, s)-n)
	}
	// An existing JSON refuses the form before its PDF is written.
	if _, err := s.SelfCheckReport(ctx, "2026-2027学年第一学期", "2026-11-20", filepath.Join(dir, "t.pdf"), filepath.Join(dir, "s.json"), Exclusive); !errors.Is(err, ErrOutputExists) {
		t.Fatalf("got %v, want ErrOutputExists for the existing JSON", err)
	}
	assertOnly(t, dir, "s.json", "s.pdf")
}

func TestRiskLevelsInUseCannotBeRemoved(t *testing.T) {
	s := demoSession(t)
	levels, inUse, err := s.RiskLevels()
	if err != nil || len(inUse) == 0 {
		t.Fatalf("got %v levels in use (%v), want the demo's", inUse, err)
	}
	var kept []casework.RiskLevel
	for _, l := range levels {
		if !inUse[l.Code] {
			kept = append(kept, l)
		}
	}
	var e *LevelInUseError
	if err := s.SaveRiskLevels(kept); !errors.As(err, &e) || !inUse[e.Level.Code] {
		t.Fatalf("got %v, want a LevelInUseError", err)
	}
	if err := s.SaveRiskLevels(levels); err != nil {
		t.Fatal(err)
	}
}

func TestSchoolClassesInSchoolOrder(t *testing.T) {
	classes := SchoolClasses(map[string]casework.Student{
		"a": {Grade: "八年级", Class: "(1)班"}, "b": {Grade: "七年级", Class: "(10)班"}, "c": {Grade: "七年级", Class: "(2)班"},
		"d": {Grade: "七年级", Class: "(2)班"}, "e": {Grade: "七年级"},
	}, "2026-11-30")
	want := []report.Class{{Grade: "七年级", Class: "(2)班"}, {Grade: "七年级", Class: "(10)班"}, {Grade: "八年级", Class: "(1)班"}}
	if !slices.Equal(classes, want) {
		t.Errorf("got classes %v, want %v", classes, want)
	}
}

// The classes of a past day are that day's: a promoted class under its
// old name, a class whose students have all left since still listed, one
// that had already left not.
func TestSchoolClassesOfADay(t *testing.T) {
	students := map[string]casework.Student{
		"p": {Grade: "八年级", Class: "八(1)班", ClassHistory: []casework.ClassEntry{
			{From: "2025-09-01", Grade: "七年级", Class: "七(1)班"}, {From: "2026-09-01", Grade: "八年级", Class: "八(1)班"}}},
		"g": {Grade: "九年级", Class: "九(2)班", Status: casework.StudentStatusGraduated, LeftOn: "2026-07-01"},
		"t": {Grade: "九年级", Class: "九(3)班", Status: casework.StudentStatusTransferred, LeftOn: "2026-03-01"},
	}
	for on, want := range map[casework.Date][]report.Class{
		"2026-05-01": {{Grade: "七年级", Class: "七(1)班"}, {Grade: "九年级", Class: "九(2)班"}},
		"2026-11-30": {{Grade: "八年级", Class: "八(1)班"}},
	} {
		if got := SchoolClasses(students, on); !slices.Equal(got, want) {
			t.Errorf("classes on %s: got %v, want %v", on, got, want)
		}
	}
}

// A month still running, frozen today, shows no changed figure on the
// screen the same day: both count the month so far.
func TestAMonthFrozenBeforeItEndsShowsNoChange(t *testing.T) {
	s := demoSession(t)
	s.App.now = func() time.Time { return time.Date(2026, 11, 20, 15, 0, 0, 0, time.Local) }
	ctx := context.Background()
	p := func(n string) string { return filepath.Join(t.TempDir(), n) }
	g, err := s.GenerateReturn(ctx, MonthlyParams{Month: "2026-11", Freeze: true}, ReturnFiles{PDF: p("m.pdf")}, Exclusive)
	if err != nil || g.Return == nil {
		t.Fatalf("got %+v, %v; want a frozen return", g, err)
	}
	v, err := s.MonthFigures(ctx, "2026-11")
	if err != nil {
		t.Fatal(err)
	}
	if v.Frozen == nil || len(v.Changed) != 0 {
		t.Fatalf("got frozen %v and changed %v, want the frozen return and no change", v.Frozen != nil, v.Changed)
	}
}

// The self-check reads every kind whole but keeps none of them: after it
// the record cache holds only what it held before, and a second
// self-check, read again, says the same.
func TestTheSelfCheckKeepsNoRecordsInTheCache(t *testing.T) {
	s := demoSession(t)
	ctx := context.Background()
	cached := func() []casework.Kind {
		s.App.recs.mu.Lock()
		defer s.App.recs.mu.Unlock()
		return slices.Sorted(maps.Keys(s.App.recs.kinds))
	}
	before := cached()
	r1, err := s.SelfCheck(ctx, "2026-2027学年第一学期", "2026-11-20")
	if err != nil {
		t.Fatal(err)
	}
	if got := cached(); !slices.Equal(got, before) {
		t.Fatalf("the cache holds %v after the self-check, want %v as before", got, before)
	}
	r2, err := s.SelfCheck(ctx, "2026-2027学年第一学期", "2026-11-20")
	if err != nil {
		t.Fatal(err)
	}
	j1, _ := r1.JSON()
	j2, _ := r2.JSON()
	if !bytes.Equal(j1, j2) {
		t.Fatal("a second self-check says something else")
	}
}
