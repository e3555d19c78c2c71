package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"xinqing/internal/cli"

	"xinqing/internal/casework"
	"xinqing/internal/store"
	"xinqing/internal/workspace"
)

func pdfWords(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-raw", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return strings.Join(strings.Fields(string(out)), "")
}

// inVault opens the vault directly to look at what the commands left.
func inVault(t *testing.T, dir string, f func(st *store.Store)) {
	t.Helper()
	w, err := workspace.Open(context.Background(), dir, goodPass, workspace.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Lock(context.Background())
	f(w.Store())
}

func TestReportCommandsPrintLogAndFreeze(t *testing.T) {
	dir, vars := newVault(t)
	if code, _, errs := run(t, vars, "demo", "--vault", dir, "--scale", "small", "--seed", "5", "--date", "2026-11-20"); code != cli.ExitOK {
		t.Fatalf("demo: exit %d, stderr %q", code, errs)
	}
	var caseID, groupID, referralID string
	var names []string
	inVault(t, dir, func(st *store.Store) {
		cases, _ := store.ListAs[*casework.Case](st, store.Filter{})
		groups, _ := store.ListAs[*casework.GroupSession](st, store.Filter{})
		refs, _ := store.ListAs[*casework.Referral](st, store.Filter{})
		students, _ := store.ListAs[*casework.Student](st, store.Filter{})
		if len(cases) == 0 || len(groups) == 0 || len(refs) == 0 {
			t.Fatalf("demo has %d cases, %d groups, %d referrals", len(cases), len(groups), len(refs))
		}
		caseID, groupID, referralID = cases[0].ID, groups[0].ID, refs[0].ID
		for _, s := range students {
			names = append(names, s.Name)
		}
	})
	out := t.TempDir()
	p := func(name string) string { return filepath.Join(out, name) }

	code, stdout, errs := run(t, vars, "report", "monthly", "--vault", dir, "--month", "2026-10", "--out", p("m.pdf"),
		"--json", p("m.json"), "--xlsx", p("m.xlsx"), "--freeze")
	if code != cli.ExitOK || !strings.Contains(stdout, "已存档") {
		t.Fatalf("report monthly: exit %d, out %q, stderr %q", code, stdout, errs)
	}
	text := pdfWords(t, p("m.pdf"))
	for _, w := range []string{"学生心理健康工作月报（2026年10月）", "个别辅导人次", "学校（盖章）", "第1页/共"} {
		if !strings.Contains(text, w) {
			t.Errorf("got no %q in the monthly return", w)
		}
	}
	for _, n := range names {
		if strings.Contains(text, n) {
			t.Fatalf("got the student name %q in the monthly return", n)
		}
	}
	var figs map[string]json.RawMessage
	b, err := os.ReadFile(p("m.json"))
	if err != nil || json.Unmarshal(b, &figs) != nil || len(figs) != 49 {
		t.Fatalf("got figures JSON %q (%v), want the 49 codes", b, err)
	}
	if x, err := os.ReadFile(p("m.xlsx")); err != nil || !bytes.HasPrefix(x, []byte("PK")) {
		t.Errorf("got no xlsx (%v)", err)
	}

	// Regenerating compares with the frozen copy; --frozen reprints it.
	if code, _, errs := run(t, vars, "report", "monthly", "--vault", dir, "--month", "2026-10", "--out", p("m2.pdf")); code != cli.ExitOK || !strings.Contains(errs, "没有变化") {
		t.Errorf("regenerate: exit %d, stderr %q, want no change against the frozen return", code, errs)
	}
	if code, _, errs := run(t, vars, "report", "monthly", "--vault", dir, "--month", "2026-10", "--out", p("m3.pdf"), "--frozen"); code != cli.ExitOK {
		t.Fatalf("reprint: exit %d, stderr %q", code, errs)
	}
	first, _ := os.ReadFile(p("m.pdf"))
	reprint, _ := os.ReadFile(p("m3.pdf"))
	if !bytes.Equal(first, reprint) {
		t.Error("got a reprint that differs from the frozen PDF")
	}
	if code, _, errs := run(t, vars, "report", "monthly", "--vault", dir, "--month", "2026-09", "--out", p("none.pdf"), "--frozen"); code != cli.ExitError || !strings.Contains(errs, "还没有存档") {
		t.Errorf("reprint of an unfrozen month: exit %d, stderr %q", code, errs)
	}

	docs := []struct {
		args []string
		want string
	}{
		{[]string{"term", "--from", "2026-09-01", "--to", "2027-01-20", "--out", p("t.pdf")}, "各月个别辅导、团体辅导与重点学生在册"},
		{[]string{"case", "--id", caseID, "--out", p("c.pdf")}, "个案辅导记录表"},
		{[]string{"group", "--id", groupID, "--out", p("g.pdf")}, "团体辅导记录表"},
		{[]string{"referral", "--id", referralID, "--out", p("r.pdf")}, "学校转介建议书"},
		{[]string{"roster", "--on", "2026-11-20", "--out", p("ro.pdf")}, "班级心理委员名册"},
		{[]string{"keylist", "--purpose", "期中家访安排", "--recipient", "德育处", "--out", p("k.pdf")}, "重点学生名单"},
	}
	for _, d := range docs {
		args := append([]string{"report", d.args[0], "--vault", dir}, d.args[1:]...)
		if code, _, errs := run(t, vars, args...); code != cli.ExitOK {
			t.Errorf("report %s: exit %d, stderr %q", d.args[0], code, errs)
			continue
		}
		outFile := d.args[len(d.args)-1]
		if !strings.Contains(pdfWords(t, outFile), d.want) {
			t.Errorf("report %s: got no %q", d.args[0], d.want)
		}
	}
	// An existing output is never replaced; a return whose JSON exists
	// writes nothing at all.
	if code, _, errs := run(t, vars, "report", "case", "--vault", dir, "--id", caseID, "--out", p("c.pdf")); code != cli.ExitError || !strings.Contains(errs, "输出文件已存在，请换一个文件名: "+p("c.pdf")) {
		t.Errorf("case over an existing file: exit %d, stderr %q", code, errs)
	}
	if code, _, errs := run(t, vars, "report", "monthly", "--vault", dir, "--month", "2026-10", "--out", p("m4.pdf"), "--json", p("m.json")); code != cli.ExitError || !strings.Contains(errs, "已存在") {
		t.Errorf("monthly over an existing JSON: exit %d, stderr %q", code, errs)
	}
	if _, err := os.Stat(p("m4.pdf")); err == nil {
		t.Error("got a PDF from a return refused for its JSON")
	}
	if text := pdfWords(t, p("t.pdf")); strings.Contains(text, names[0]) {
		t.Error("got a student name in the term statistics")
	}

	inVault(t, dir, func(st *store.Store) {
		rets, _ := store.ListAs[*casework.Return](st, store.Filter{})
		if len(rets) != 1 || rets[0].Month != "2026-10" {
			t.Errorf("got %d frozen returns, want one of 2026-10", len(rets))
		}
		log, err := st.AuditLog(0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		n := map[casework.AuditAction]int{}
		for _, a := range log {
			n[a.Action]++
		}
		// print: 3 monthly, term, case, group, referral, roster; export: json, xlsx, keylist.
		if n[casework.AuditActionPrint] != 8 || n[casework.AuditActionExport] != 3 {
			t.Errorf("got %d print and %d export entries, want 8 and 3", n[casework.AuditActionPrint], n[casework.AuditActionExport])
		}
	})
}

func TestReportRefusesBadArguments(t *testing.T) {
	dir, vars := newVault(t)
	out := filepath.Join(t.TempDir(), "x.pdf")
	for _, args := range [][]string{
		{"report"},
		{"report", "weekly", "--vault", dir},
		{"report", "monthly", "--vault", dir, "--month", "2026-13", "--out", out},
		{"report", "monthly", "--vault", dir, "--month", "2026-10"},
		{"report", "monthly", "--vault", dir, "--month", "2026-10", "--out", out, "--freeze", "--frozen"},
		{"report", "term", "--vault", dir, "--from", "2027-01-20", "--to", "2026-09-01", "--out", out},
		{"report", "case", "--vault", dir, "--out", out},
		{"report", "keylist", "--vault", dir, "--purpose", " ", "--recipient", "德育处", "--out", out},
	} {
		if code, _, errs := run(t, vars, args...); code != cli.ExitUsage {
			t.Errorf("%v: exit %d (stderr %q), want usage", args, code, errs)
		}
	}
	if code, _, errs := run(t, vars, "report", "case", "--vault", dir, "--id", casework.NewID(), "--out", out); code != cli.ExitError || !strings.Contains(errs, "找不到") {
		t.Errorf("case of an unknown id: exit %d, stderr %q", code, errs)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("got an output file from a refused command")
	}
}
