package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"xinqing/internal/cli"

	"xinqing/internal/returnpkg"
)

func TestCountyRollUpFromTheCommandLine(t *testing.T) {
	school, vars := newVault(t)
	if code, _, errs := run(t, vars, "demo", "--vault", school, "--scale", "small", "--seed", "5", "--date", "2026-11-20"); code != cli.ExitOK {
		t.Fatalf("demo: exit %d, stderr %q", code, errs)
	}
	out := t.TempDir()
	p := func(name string) string { return filepath.Join(out, name) }

	// The school: the package beside the frozen return, and again from the frozen return.
	code, stdout, errs := run(t, vars, "report", "monthly", "--vault", school, "--month", "2026-10", "--out", p("m.pdf"), "--package", p("a.json"), "--freeze")
	if code != cli.ExitOK || !strings.Contains(stdout, "上报签名指纹") {
		t.Fatalf("report monthly --package: exit %d, out %q, stderr %q", code, stdout, errs)
	}
	fp := strings.TrimSpace(stdout[strings.Index(stdout, "上报签名指纹: ")+len("上报签名指纹: "):])
	fp = strings.SplitN(fp, "\n", 2)[0]
	if words := pdfWords(t, p("m.pdf")); !strings.Contains(words, "上报签名指纹："+strings.ReplaceAll(fp, " ", "")) {
		t.Errorf("the return's footer does not print the fingerprint %q", fp)
	}
	if code, _, errs := run(t, vars, "report", "monthly", "--vault", school, "--month", "2026-10", "--out", p("m2.pdf"), "--package", p("b.json"), "--frozen"); code != cli.ExitOK {
		t.Fatalf("reprint: exit %d, %q", code, errs)
	}
	a, _ := os.ReadFile(p("a.json"))
	b, _ := os.ReadFile(p("b.json"))
	if !bytes.Equal(a, b) {
		t.Fatal("the frozen return's package is not re-emitted byte for byte")
	}
	pkg, err := returnpkg.ParseBytes(a, "a.json")
	if err != nil || pkg.Fingerprint() != fp || !pkg.Frozen {
		t.Fatalf("package %+v: %v (fingerprint %q)", pkg, err, fp)
	}
	// A second month, and a tampered copy.
	if code, _, errs := run(t, vars, "report", "monthly", "--vault", school, "--month", "2026-09", "--out", p("s.pdf"), "--package", p("sep.json")); code != cli.ExitOK {
		t.Fatalf("september: exit %d, %q", code, errs)
	}
	os.WriteFile(p("tampered.json"), bytes.Replace(a, []byte(`"G1": `), []byte(`"G1": 9`), 1), 0o600)
	os.WriteFile(p("big.json"), bytes.Repeat([]byte(" "), returnpkg.MaxSize+1), 0o600)

	// The county: a list with a duplicate code is refused naming the row, and no vault is made.
	cdir := filepath.Join(t.TempDir(), "county")
	os.WriteFile(p("dup.csv"), []byte("学校代码,学校名称\n"+pkg.School.Code+",一中\n"+pkg.School.Code+",二中\n"), 0o600)
	code, _, errs = run(t, vars, "county", "init", "--vault", cdir, "--name", "某县", "--schools", p("dup.csv"), "--kdf-memory", "64", "--sheet-out", p("c-sheet.txt"))
	if code != cli.ExitError || !strings.Contains(errs, "dup.csv") || !strings.Contains(errs, "第 3 行") {
		t.Fatalf("duplicate codes: exit %d, stderr %q", code, errs)
	}
	if _, err := os.Stat(cdir); err == nil {
		t.Fatal("a refused list left a vault behind")
	}
	os.WriteFile(p("list.csv"), []byte("\ufeff学校代码,学校名称,学段\n"+pkg.School.Code+",一中,初中\n9999,二中,小学\n"), 0o600)
	if code, _, errs := run(t, vars, "county", "init", "--vault", cdir, "--name", "某县", "--schools", p("list.csv"), "--kdf-memory", "64", "--sheet-out", p("c-sheet.txt")); code != cli.ExitOK {
		t.Fatalf("county init: exit %d, %q", code, errs)
	}
	code, stdout, errs = run(t, vars, "county", "import", "--vault", cdir, p("a.json"), p("sep.json"), p("tampered.json"), p("big.json"))
	if code != cli.ExitDamaged || strings.Count(stdout, "已导入") != 2 || !strings.Contains(stdout, "tampered.json") || !strings.Contains(stdout, "签名无效") ||
		!strings.Contains(stdout, "big.json") || !strings.Contains(stdout, "1 MiB") || !strings.Contains(stdout, "已登记签名密钥") {
		t.Fatalf("county import: exit %d, out %q, stderr %q", code, stdout, errs)
	}
	code, stdout, _ = run(t, vars, "county", "import", "--vault", cdir, p("a.json"))
	if code != cli.ExitOK || !strings.Contains(stdout, "已导入过") {
		t.Fatalf("duplicate import: exit %d, out %q", code, stdout)
	}
	code, stdout, errs = run(t, vars, "county", "report", "--vault", cdir, "--month", "2026-10", "--out", p("county.pdf"), "--xlsx", p("county.xlsx"), "--json", p("county.json"))
	if code != cli.ExitOK || !strings.Contains(stdout, "未报送 1 所") {
		t.Fatalf("county report: exit %d, out %q, stderr %q", code, stdout, errs)
	}
	words := pdfWords(t, p("county.pdf"))
	for _, w := range []string{"某县学生心理健康工作汇总表", "全县（区）合计", "未报送学校（1所）", "二中"} {
		if !strings.Contains(words, w) {
			t.Errorf("no %q in the county table", w)
		}
	}
	var doc struct {
		Schools []struct {
			Code    string          `json:"code"`
			Figures json.RawMessage `json:"figures"`
		} `json:"schools"`
		Totals  map[string]any `json:"totals"`
		Missing []string       `json:"missing"`
	}
	jb, _ := os.ReadFile(p("county.json"))
	if err := json.Unmarshal(jb, &doc); err != nil || len(doc.Schools) != 1 || doc.Schools[0].Code != pkg.School.Code ||
		len(doc.Missing) != 1 || doc.Missing[0] != "9999" {
		t.Fatalf("county JSON %s: %v", jb, err)
	}
	if _, err := os.Stat(p("county.xlsx")); err != nil {
		t.Fatal(err)
	}
	// The school's vault is no county vault.
	if code, _, errs := run(t, vars, "county", "report", "--vault", school, "--month", "2026-10", "--out", p("x.pdf")); code != cli.ExitError || !strings.Contains(errs, "汇总库") {
		t.Fatalf("county report on a school: exit %d, %q", code, errs)
	}
}
