package app

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"xinqing/internal/casework"
	"xinqing/internal/demo"
	"xinqing/internal/interchange"
	"xinqing/internal/store"
)

var exportedAt = regexp.MustCompile(`"exported_at": "[^"]*"`)

// demoSchool fills the open vault with the small synthetic school.
func demoSchool(t *testing.T, st *store.Store) {
	t.Helper()
	if _, err := demo.Import(interchange.Adapt[*store.Tx](st), demo.Small, 5, "2026-11-20"); err != nil {
		t.Fatal(err)
	}
}

func entries(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range des {
		out = append(out, d.Name())
	}
	return out
}

func TestAnExportImportedIntoAnotherVaultExportsTheSame(t *testing.T) {
	ctx := context.Background()
	a, ws := openSchool(t)
	demoSchool(t, ws.Store())
	out := t.TempDir()
	first := filepath.Join(out, "a.json")
	if err := a.Export(ctx, first, Exclusive); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(first); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("got %v (%v), want a plaintext export readable by its owner only", fi, err)
	}
	if !auditLogged(t, ws.Store(), casework.AuditActionExport, "", "") {
		t.Fatal("the export was not audited")
	}

	b, _ := openSchool(t)
	changes := watchChanges(b)
	f, err := os.Open(first)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := b.Import(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if res.Merged || res.Added == 0 {
		t.Fatalf("got %+v, want a whole import into the empty vault", res)
	}
	if got := changes.take(); len(got) != 1 || len(got[0].Kinds) != 0 {
		t.Fatalf("got changes %+v, want one that may touch anything", got)
	}
	second := filepath.Join(out, "b.json")
	if err := b.Export(ctx, second, Exclusive); err != nil {
		t.Fatal(err)
	}
	x, _ := os.ReadFile(first)
	y, _ := os.ReadFile(second)
	if !bytes.Equal(exportedAt.ReplaceAll(x, nil), exportedAt.ReplaceAll(y, nil)) {
		t.Fatal("got a different export from the vault the document was imported into, want identical apart from exported_at")
	}
}

func TestARefusedImportWritesNothingAndAnnouncesNothing(t *testing.T) {
	a, ws := openSchool(t)
	changes := watchChanges(a)
	doc := `{"format":"xinqing-interchange","version":1,
	"students":[{"id":"22222222-2222-4222-8222-222222222222","name":"林晓","gender":"female","grade":"七年级","class":"七(1)班","birth_date":"2012-02-30"}]}`
	_, err := a.Import(context.Background(), strings.NewReader(doc))
	var ie *interchange.ImportError
	if !errors.As(err, &ie) || !strings.Contains(ie.Error(), "students[0].birth_date") {
		t.Fatalf("got %v, want the bad key named", err)
	}
	if n, _ := ws.Store().Count(casework.KindStudent); n != 0 {
		t.Fatalf("got %d students after a refused import, want 0", n)
	}
	changes.none(t, "a refused import")
}

func TestAnExclusiveExportRefusesAnExistingFileAndAFailedExportLeavesNothing(t *testing.T) {
	ctx := context.Background()
	a, ws := openSchool(t)
	if _, err := a.SaveStudent(ctx, pupil("林小雨", "七年级", "七(3)班")); err != nil {
		t.Fatal(err)
	}
	audited := func() int {
		log, err := ws.Store().AuditLog(0, 10000)
		if err != nil {
			t.Fatal(err)
		}
		return len(log)
	}
	before := audited()
	dir := t.TempDir()
	taken := filepath.Join(dir, "taken.json")
	if err := os.WriteFile(taken, []byte("another document"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := a.Export(ctx, taken, Exclusive); !errors.Is(err, ErrOutputExists) {
		t.Fatalf("got %v exporting over a file, want ErrOutputExists", err)
	}
	if b, _ := os.ReadFile(taken); string(b) != "another document" {
		t.Fatalf("the existing file became %q", b)
	}
	if _, err := a.ExportRecords(ctx, casework.KindStudent, taken, Exclusive); !errors.Is(err, ErrOutputExists) {
		t.Fatalf("got %v exporting a list over a file, want ErrOutputExists", err)
	}
	// A kind that is no list fails before a byte is written.
	if _, err := a.ExportRecords(ctx, "no_such_kind", filepath.Join(dir, "x.xlsx"), Replace); err == nil {
		t.Fatal("got a list of an unknown kind exported")
	}
	if got := entries(t, dir); len(got) != 1 || got[0] != "taken.json" {
		t.Fatalf("got %v in the folder, want only the file that was there", got)
	}
	if audited() != before {
		t.Fatal("a refused export was audited")
	}

	// The desktop replaces a file its save dialog asked about.
	n, err := a.ExportRecords(ctx, casework.KindStudent, taken, Replace)
	if err != nil || n != 1 {
		t.Fatalf("got %d records (%v), want the one student", n, err)
	}
	if b, _ := os.ReadFile(taken); !bytes.HasPrefix(b, []byte("PK")) {
		t.Fatal("the replaced file is no Excel workbook")
	}
	if !auditLogged(t, ws.Store(), casework.AuditActionExport, casework.KindStudent, "") {
		t.Fatal("the list export was not audited")
	}
}

const rosterFixture = "../interchange/testdata/roster.xlsx"

func TestARosterIsPreviewedThenAppliedWholeOrWithoutItsBadRows(t *testing.T) {
	ctx := context.Background()
	a, ws := openSchool(t)
	changes := watchChanges(a)
	read := func() *interchange.Preview {
		f, err := os.Open(rosterFixture)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		p, err := a.PreviewRoster(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	p := read()
	if p.Adds != 25 || p.Bad != 5 {
		t.Fatalf("got %d adds and %d bad rows, want 25 and 5", p.Adds, p.Bad)
	}
	var re *interchange.RosterError
	if _, err := a.ApplyRoster(ctx, p, false); !errors.As(err, &re) {
		t.Fatalf("got %v applying a roster with bad rows, want a RosterError", err)
	}
	if n, _ := ws.Store().Count(casework.KindStudent); n != 0 {
		t.Fatalf("got %d students after a refused roster, want 0", n)
	}
	changes.none(t, "a refused roster")
	res, err := a.ApplyRoster(ctx, p, true)
	if err != nil || res.Added != 25 || res.Skipped != 5 {
		t.Fatalf("got %+v (%v), want 25 added and 5 skipped", res, err)
	}
	changes.announced(t, "a roster", casework.KindStudent)
	if p := read(); p.Unchanged != 25 || p.Adds != 0 {
		t.Fatalf("got %d unchanged and %d adds reading the roster again, want 25 and 0", p.Unchanged, p.Adds)
	}
}

func TestSearchFindsStudentsByPinyinAndRecordsByText(t *testing.T) {
	a, ws := openSchool(t)
	demoSchool(t, ws.Store())
	s := demo.Generate(demo.Small, 5, "2026-11-20").Students[42]
	found, err := a.Search(context.Background(), s.Name, 20)
	if err != nil {
		t.Fatal(err)
	}
	if len(found.Students) == 0 || found.Students[0].Name != s.Name {
		t.Fatalf("got %d students, want %s's first", len(found.Students), s.ID)
	}
	found, err = a.Search(context.Background(), "情绪日记", 20)
	if err != nil || len(found.Records) == 0 || !strings.Contains(found.Records[0].Snippet, "【情绪日记】") {
		t.Fatalf("got %d records (%v), want a highlighted snippet", len(found.Records), err)
	}
}
