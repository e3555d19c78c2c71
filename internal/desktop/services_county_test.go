package desktop

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xinqing/internal/figures"
	"xinqing/internal/returnpkg"
	"xinqing/internal/ui"
)

func TestRealCountyServiceMakesImportsAndPrints(t *testing.T) {
	ctx := context.Background()
	s, _, _ := unlockedServices(t)
	c := countyService{s: s}
	if ok, err := c.IsCounty(ctx); err != nil || ok {
		t.Fatalf("a new vault is a county vault: %v %v", ok, err)
	}
	dir := t.TempDir()
	list := filepath.Join(dir, "名单.csv")
	os.WriteFile(filepath.Join(dir, "dup.csv"), []byte("学校代码,学校名称\n01,甲\n01,乙\n"), 0o600)
	if err := c.MakeCounty(ctx, "某县", filepath.Join(dir, "dup.csv")); err == nil || !strings.Contains(err.Error(), "dup.csv") {
		t.Fatalf("a list with a duplicate code: %v", err)
	}
	os.WriteFile(list, []byte("学校代码,学校名称\n01,甲小学\n02,乙中学\n"), 0o600)
	if err := c.MakeCounty(ctx, "某县", list); err != nil {
		t.Fatal(err)
	}
	if ok, _ := c.IsCounty(ctx); !ok {
		t.Fatal("not a county vault after MakeCounty")
	}
	key := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	fig, _ := (&figures.Return{A1: "甲小学", A3: "2026-10", G1: 3}).JSON()
	pkg, err := returnpkg.Sign(returnpkg.Package{School: returnpkg.School{Code: "01", Name: "甲小学"}, Month: "2026-10",
		GeneratedAt: "2026-11-01T08:00:00Z", PDFSHA256: strings.Repeat("a", 64), Figures: json.RawMessage(fig)}, key)
	if err != nil {
		t.Fatal(err)
	}
	pkgs := filepath.Join(dir, "packages")
	os.Mkdir(pkgs, 0o700)
	os.WriteFile(filepath.Join(pkgs, "01.json"), pkg, 0o600)
	os.WriteFile(filepath.Join(pkgs, "bad.json"), pkg[:40], 0o600)
	lines, err := c.ImportPackages(ctx, []string{pkgs}, false)
	if err != nil || len(lines) != 2 || lines[0].Outcome != "added" || !lines[1].Refused || !strings.Contains(lines[1].Reason, "bad.json") {
		t.Fatalf("import: %+v %v", lines, err)
	}
	info, _ := c.CountySchools(ctx)
	if info.County != "某县" || info.Schools[0].Fingerprint != returnpkg.Fingerprint(key.Public().(ed25519.PublicKey)) || info.Schools[1].Fingerprint != "" {
		t.Fatalf("schools %+v", info)
	}
	g, err := c.PackagesGrid(ctx, "2026-09", "2026-10")
	if err != nil || g.Status[0][1] != "reported" || g.Status[1][1] != "missing" {
		t.Fatalf("grid %+v %v", g, err)
	}
	v, err := c.CountyTable(ctx, "2026-10", "2026-10")
	if err != nil || len(v.Rows) != 3 || v.Rows[2][8] != "3" || len(v.Missing) != 1 {
		t.Fatalf("table %+v %v", v, err)
	}
	figs, err := c.SchoolFigures(ctx, "01", "2026-10", "2026-10")
	g1 := ""
	for _, r := range figs {
		if r.Code == "G1" {
			g1 = r.Value
		}
	}
	if err != nil || g1 != "3" {
		t.Fatalf("drill-down: G1 %q, %v", g1, err)
	}
	out := filepath.Join(dir, "county.pdf")
	if err := c.WriteCountyTable(ctx, "2026-10", "2026-10", uiCountyFiles(out)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(pdfToText(t, out), "某县学生心理健康工作汇总表") {
		t.Fatal("the county table PDF lacks its title")
	}
}

func uiCountyFiles(pdf string) ui.CountyFiles { return ui.CountyFiles{PDF: pdf} }
