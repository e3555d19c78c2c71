package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"xinqing/internal/cli"

	"xinqing/internal/casework"
	"xinqing/internal/selfcheck"
	"xinqing/internal/store"
)

func TestSelfCheckPrintsTheFormAndItsJSONFromTheVault(t *testing.T) {
	dir, vars := newVault(t)
	if code, _, errs := run(t, vars, "demo", "--vault", dir, "--scale", "small", "--date", "2026-11-20"); code != cli.ExitOK {
		t.Fatalf("demo: exit %d, stderr %q", code, errs)
	}
	outDir := t.TempDir()
	pdf, js := filepath.Join(outDir, "selfcheck.pdf"), filepath.Join(outDir, "selfcheck.json")
	code, out, errs := run(t, vars, "report", "selfcheck", "--vault", dir, "--term", "2026-2027学年第一学期", "--on", "2026-11-20", "--out", pdf, "--json", js)
	if code != cli.ExitOK || !strings.Contains(out, "已生成专项自查表") || !strings.Contains(out, "项") {
		t.Fatalf("selfcheck: exit %d, out %q, stderr %q", code, out, errs)
	}
	text := pdfWords(t, pdf)
	labels, err := casework.LoadLabels(casework.LangZH)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range casework.AllSelfCheckItems() {
		if w := labels["selfcheck.item."+string(it)]; !strings.Contains(text, w) {
			t.Errorf("got no %q in the PDF, want every item", w)
		}
	}
	if !strings.Contains(text, "学校心理健康工作专项自查表") || !strings.Contains(text, "学校（盖章）") {
		t.Errorf("got text without the title or the stamp box")
	}
	b, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	var r selfcheck.Result
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("got %v reading the JSON", err)
	}
	if len(r.Items) != 8 || r.Period.To != "2026-11-20" || r.Term != "2026-2027学年第一学期" {
		t.Errorf("got %d items over %v for %q, want 8 up to the check date", len(r.Items), r.Period, r.Term)
	}
	var names []string
	inVault(t, dir, func(st *store.Store) {
		students, err := store.ListAs[*casework.Student](st, store.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range students {
			names = append(names, s.Name)
		}
	})
	if len(names) == 0 {
		t.Fatal("got no students in the demo vault")
	}
	for _, n := range names {
		if strings.Contains(text, n) || strings.Contains(string(b), n) {
			t.Errorf("got student name %s in the output, want none", n)
		}
	}
}

func TestSelfCheckRefusesAnUnknownTermAndMissingFlags(t *testing.T) {
	dir, vars := newVault(t)
	out := filepath.Join(t.TempDir(), "x.pdf")
	if code, _, errs := run(t, vars, "report", "selfcheck", "--vault", dir, "--term", "不存在的学期", "--out", out); code != cli.ExitUsage || !strings.Contains(errs, "找不到学期") {
		t.Errorf("unknown term: exit %d, stderr %q; want a usage error naming the term", code, errs)
	}
	if code, _, _ := run(t, vars, "report", "selfcheck", "--vault", dir, "--out", out); code != cli.ExitUsage {
		t.Errorf("no --term: exit %d, want usage", code)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("got %v for the output, want no file written", err)
	}
}
