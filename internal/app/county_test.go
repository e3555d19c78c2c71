package app

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/county"
	"xinqing/internal/returnpkg"
	"xinqing/internal/store"
)

// countyFigures is a plausible month of school i in the figures format.
func countyFigures(name, month string, i, g1 int) string {
	red, orange := i%3, i%4
	return fmt.Sprintf(`{"A1":%q,"A2":"junior","A3":%q,"A4":%d,"A5":24,"A6":"","B1":1,"B2":1,"B3":1,"B4":2,`+
		`"C1":{"has_room":true,"area_m2":60},"C2":20,"C3":9,"C4":1,"C5":["12356"],"D1":8,"D2":2,"D3":1,`+
		`"E1":{"expected":0,"tested":0,"valid":0,"flagged":0,"confirmed":0},"F1":%d,"F2":{"red":%d,"orange":%d,"yellow":0,"watch":0},`+
		`"F3":{"added":0,"released":0,"level_changed":0},"F4":0,"F5":10,"F6":%d,"G1":%d,"G2":1,"G3":{"opened":1,"closed":0},`+
		`"G4":{"self":1,"teacher":0},"G5":{"emotion":1,"study":0},"G6":{"staff":0,"parent":0},"H1":1,"H2":20,`+
		`"I1":{"self_harm":%d,"other":0},"I2":%d,"I3":0,"J1":0,"J2":0,"J3":0,"K1":{"sessions":0,"participants":0},"K2":1,"K3":0,`+
		`"L1":{"classes_with_member":20,"class_count":24},"L2":30,"L3":1,"L4":{"reports":4,"concerns":1},"M1":"","M2":"","M3":""}`,
		name, month, 1000+i, red+orange, red, orange, (red+orange)*2, g1, i%2, i%2)
}

func schoolKey(i int) ed25519.PrivateKey {
	seed := make([]byte, ed25519.SeedSize)
	copy(seed, fmt.Sprintf("school-%06d", i))
	return ed25519.NewKeyFromSeed(seed)
}

func schoolCode(i int) string { return fmt.Sprintf("36070%05d", i) }

// writePackage signs school i's package of month into dir and returns its path.
func writeCountyPackage(tb testing.TB, dir string, i int, month, at string, g1 int) string {
	tb.Helper()
	name := fmt.Sprintf("第%d学校", i)
	b, err := returnpkg.Sign(returnpkg.Package{School: returnpkg.School{Code: schoolCode(i), Name: name, Stage: "junior"},
		Month: month, GeneratedAt: at, Frozen: true, PDFSHA256: fmt.Sprintf("%064x", i),
		Figures: json.RawMessage(countyFigures(name, month, i, g1))}, schoolKey(i))
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(dir, fmt.Sprintf("%s-%s-%s.json", schoolCode(i), month, at[:10]))
	if err := os.WriteFile(path, b, 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

// countySession is a new county vault of n schools (no key registered)
// whose clock reads now.
func countySession(tb testing.TB, n int, now time.Time) *Session {
	tb.Helper()
	o := fastOptions(nil)
	o.Now = func() time.Time { return now }
	var schools []casework.CountySchool
	for i := range n {
		schools = append(schools, casework.CountySchool{Code: schoolCode(i), Name: fmt.Sprintf("第%d学校", i), Active: true})
	}
	a := New(o)
	if _, err := a.CreateCounty(context.Background(), filepath.Join(tb.TempDir(), "county"), testPass, "某县", schools); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { a.Lock(context.Background()) })
	s, err := a.Session(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func countRecords(t *testing.T, s *Session) (returnsN, auditN int) {
	t.Helper()
	rs, err := store.ListAs[*casework.Return](s.Store, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	log, err := s.Store.AuditLog(0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	return len(rs), len(log)
}

func TestCountyImportAddsSupersedesAndRefusesWritingNothing(t *testing.T) {
	ctx := context.Background()
	s := countySession(t, 3, time.Date(2026, 11, 15, 9, 0, 0, 0, time.UTC))
	dir := t.TempDir()
	a := writeCountyPackage(t, dir, 0, "2026-10", "2026-11-01T08:00:00Z", 5)
	b := writeCountyPackage(t, dir, 1, "2026-10", "2026-11-01T08:00:00Z", 5)
	res, err := s.ImportPackages(ctx, []string{a, b}, false)
	if err != nil || len(res) != 2 || res[0].Outcome != county.Added || !res[0].KeyRegistered || res[1].Err != nil {
		t.Fatalf("first import: %+v %v", res, err)
	}
	if s.Settings.Schools[0].PublicKey == "" {
		t.Fatal("the first package did not register its key")
	}
	n0, audit0 := countRecords(t, s)

	// Refusals: each names its file, and nothing is written.
	tampered := filepath.Join(dir, "tampered.json")
	data, _ := os.ReadFile(a)
	os.WriteFile(tampered, bytes.Replace(data, []byte(`"G1": 5`), []byte(`"G1": 6`), 1), 0o600)
	other := filepath.Join(dir, "otherkey.json")
	{
		name := "第0学校"
		pb, _ := returnpkg.Sign(returnpkg.Package{School: returnpkg.School{Code: schoolCode(0), Name: name}, Month: "2026-09",
			GeneratedAt: "2026-10-01T08:00:00Z", PDFSHA256: fmt.Sprintf("%064x", 0), Figures: json.RawMessage(countyFigures(name, "2026-09", 0, 1))}, schoolKey(99))
		os.WriteFile(other, pb, 0o600)
	}
	future := writeCountyPackage(t, dir, 2, "2026-12", "2026-11-01T08:00:00Z", 1)
	unknown := writeCountyPackage(t, dir, 7, "2026-10", "2026-11-01T08:00:00Z", 1)
	res, err = s.ImportPackages(ctx, []string{tampered, other, future, unknown, filepath.Join(dir, "none.json")}, false)
	if err != nil {
		t.Fatal(err)
	}
	want := []returnpkg.Reason{returnpkg.ReasonBadSignature, returnpkg.ReasonKeyChanged, returnpkg.ReasonFutureMonth, returnpkg.ReasonUnknown}
	for i, r := range res[:4] {
		var e *returnpkg.Error
		if !errors.As(r.Err, &e) || e.Reason != want[i] || e.File != filepath.Base([]string{tampered, other, future, unknown}[i]) {
			t.Errorf("file %d: got %v, want %s", i, r.Err, want[i])
		}
	}
	if res[4].Err == nil {
		t.Error("a missing file was not refused")
	}
	if n, audit := countRecords(t, s); n != n0 || audit != audit0 {
		t.Fatalf("refusals wrote: %d→%d packages, %d→%d audit entries", n0, n, audit0, audit)
	}

	// The same file again: a duplicate, nothing written. A newer one of the
	// month supersedes it: both kept, the change logged, flagged as corrected.
	if res, _ := s.ImportPackages(ctx, []string{a}, false); res[0].Outcome != county.Duplicate {
		t.Fatalf("duplicate: %+v", res)
	}
	newer := writeCountyPackage(t, dir, 0, "2026-10", "2026-11-05T08:00:00Z", 7)
	if res, _ := s.ImportPackages(ctx, []string{newer}, false); res[0].Outcome != county.Superseded {
		t.Fatalf("superseding: %+v", res)
	}
	if n, audit := countRecords(t, s); n != n0+1 || audit != audit0+2 {
		t.Fatalf("superseding: %d→%d packages, %d→%d audit entries; want one more package, its creation and the supersession", n0, n, audit0, audit)
	}
	// A changed key, confirmed, is accepted and registered.
	if res, _ := s.ImportPackages(ctx, []string{other}, true); res[0].Err != nil || !res[0].KeyChanged {
		t.Fatalf("confirmed key: %+v", res)
	}

	tb, err := s.CountyTable(ctx, "2026-10", "2026-10")
	if err != nil {
		t.Fatal(err)
	}
	if g1 := tb.Totals.Get("G1"); g1 != 12 {
		t.Fatalf("G1 total %v, want 7 + 5 (the newer package of school 0)", g1)
	}
	corrected := false
	for _, f := range tb.Flags {
		corrected = corrected || f.Rule == county.FlagCorrected && f.School.Code == schoolCode(0)
	}
	if !corrected || len(tb.Missing) != 1 {
		t.Fatalf("flags %+v, missing %+v", tb.Flags, tb.Missing)
	}
}

// BenchmarkCountyYear imports 300 schools × 12 months of packages into a
// new county vault and prints the year table (the target: under 3 s).
func BenchmarkCountyYear(b *testing.B) {
	dir := b.TempDir()
	months := county.Months("2026-09", "2027-08")
	var files []string
	for i := range 300 {
		for _, m := range months {
			files = append(files, writeCountyPackage(b, dir, i, m, "2027-08-20T08:00:00Z", 3))
		}
	}
	out := b.TempDir()
	b.ResetTimer()
	for n := range b.N {
		b.StopTimer()
		s := countySession(b, 300, time.Date(2027, 8, 25, 9, 0, 0, 0, time.UTC))
		b.StartTimer()
		res, err := s.ImportPackages(context.Background(), files, false)
		if err != nil || len(res) != 3600 || res[3599].Err != nil {
			b.Fatalf("import: %v", err)
		}
		tb, err := s.WriteCountyTable(context.Background(), "2026-09", "2027-08", CountyFiles{PDF: filepath.Join(out, fmt.Sprintf("y%d.pdf", n))}, Exclusive)
		if err != nil || len(tb.Rows) != 300 || len(tb.Missing) != 0 {
			b.Fatalf("table: %v", err)
		}
	}
}
