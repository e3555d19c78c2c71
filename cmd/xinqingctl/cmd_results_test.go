package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"xinqing/internal/casework"
	"xinqing/internal/cli"
	"xinqing/internal/store"
	"xinqing/internal/workspace"
)

const cliScreening = "5c5c5c5c-0000-4000-8000-0000000000c1"

// seedScreening puts a screening and three students (synthetic names)
// into the vault.
func seedScreening(t *testing.T, dir string) {
	t.Helper()
	w, err := workspace.Open(context.Background(), dir, goodPass, workspace.Options{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	m := func(id string) casework.Meta { return casework.Meta{ID: id, CreatedAt: now, UpdatedAt: now} }
	stu := func(id, name, no string) *casework.Student {
		return &casework.Student{Meta: m(id), Name: name, Gender: casework.GenderMale, StudentNo: no, Grade: "八年级", Class: "八(1)班", Status: casework.StudentStatusEnrolled}
	}
	err = w.Store().Tx(func(tx *store.Tx) error {
		for _, r := range []casework.Record{
			&casework.Screening{Meta: m(cliScreening), Name: "秋季普查", DateTo: "2026-11-10", Expected: 3, ConsentCollected: true},
			stu("a0000000-0000-4000-8000-0000000000c1", "甲同学", "0801001"),
			stu("a0000000-0000-4000-8000-0000000000c2", "乙同学", "0801002"),
			stu("a0000000-0000-4000-8000-0000000000c3", "丙同学", ""),
		} {
			if err := tx.Put(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	w.Changed()
	if err := w.Lock(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func resultsSheet(t *testing.T, rows [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "results.xlsx")
	if err := os.WriteFile(p, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func resultCount(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	inVault(t, dir, func(st *store.Store) {
		c, err := st.Count(casework.KindScreeningResult)
		if err != nil {
			t.Fatal(err)
		}
		n = c
	})
	return n
}

func TestImportResultsPreviewsThenWritesOnlyWithYes(t *testing.T) {
	dir, vars := newVault(t)
	seedScreening(t, dir)
	sheet := resultsSheet(t, [][]any{
		{"账号", "学生姓名", "班级", "测试得分", "结果判定", "焦虑"},
		{801001, "甲同学", "八（1）班", 15, "需关注", 6},
		{"０８０１００２", "乙同学", "八(1)班", 3, "正常", 1},
		{"", "丙同学", "8.1", 9, "正常", 2},
		{"", "丁同学", "八(1)班", 4, "正常", 1},
		{"合计", "", "", 31, "", 10},
	})
	args := []string{"import-results", "--vault", dir, "--screening", cliScreening, sheet, "--platform", "区测评平台", "--map", "测试得分=总分", "--map", "E=预警"}
	code, out, errs := run(t, vars, args...)
	if code != cli.ExitOK || !strings.Contains(out, "已匹配 3 行") || !strings.Contains(out, "未匹配 1 行") || !strings.Contains(out, "第 5 行 未匹配") ||
		!strings.Contains(out, "仅供参考，不作为诊断依据") || !strings.Contains(out, "未写入任何数据") {
		t.Fatalf("preview: exit %d, out %q, stderr %q", code, out, errs)
	}
	if strings.Contains(out, "丁同学") || strings.Contains(out, "甲同学") {
		t.Errorf("the preview prints a name: %q", out)
	}
	if n := resultCount(t, dir); n != 0 {
		t.Fatalf("%d results written by a preview", n)
	}
	code, _, errs = run(t, vars, append(args, "--yes")...)
	if code != cli.ExitError || !strings.Contains(errs, "第 5 行") {
		t.Fatalf("--yes with an unmatched row: exit %d, stderr %q; want a refusal", code, errs)
	}
	if n := resultCount(t, dir); n != 0 {
		t.Fatalf("%d results written by a refused import", n)
	}
	code, out, errs = run(t, vars, append(args, "--yes", "--skip-unmatched")...)
	if code != cli.ExitOK || !strings.Contains(out, "新增 3 条") {
		t.Fatalf("--skip-unmatched: exit %d, out %q, stderr %q", code, out, errs)
	}
	// The platform's mapping is remembered: no --map the second time,
	// and nothing doubles.
	code, out, errs = run(t, vars, "import-results", "--vault", dir, "--screening", cliScreening, "--platform", "区测评平台", "--yes", "--skip-unmatched", sheet)
	if code != cli.ExitOK || !strings.Contains(out, "无变化 3 条") {
		t.Fatalf("again: exit %d, out %q, stderr %q", code, out, errs)
	}
	if n := resultCount(t, dir); n != 3 {
		t.Errorf("%d results after two imports, want 3", n)
	}
}

func TestImportResultsRefusesBadInput(t *testing.T) {
	dir, vars := newVault(t)
	seedScreening(t, dir)
	bad := resultsSheet(t, [][]any{{"学籍号", "总分"}, {"0801001", 12}, {"0801002", "缺"}})
	code, _, errs := run(t, vars, "import-results", "--vault", dir, "--screening", cliScreening, "--yes", bad)
	if code != cli.ExitError || !strings.Contains(errs, "第 3 行 B 列") {
		t.Errorf("a score that is not a number: exit %d, stderr %q", code, errs)
	}
	noStudent := resultsSheet(t, [][]any{{"序号", "总分"}, {1, 12}})
	code, _, errs = run(t, vars, "import-results", "--vault", dir, "--screening", cliScreening, "--yes", noStudent)
	if code != cli.ExitError || !strings.Contains(errs, "学生列") {
		t.Errorf("no student column: exit %d, stderr %q", code, errs)
	}
	code, _, errs = run(t, vars, "import-results", "--vault", dir, "--screening", "春季普查", bad)
	if code != cli.ExitError || !strings.Contains(errs, "秋季普查（2026-11-10，编号 "+cliScreening+"）") {
		t.Errorf("an unknown screening: exit %d, stderr %q; want the screenings there are listed", code, errs)
	}
	good := resultsSheet(t, [][]any{{"学籍号", "总分"}, {"0801001", 12}})
	if code, out, errs := run(t, vars, "import-results", "--vault", dir, "--screening", "秋季普查", good); code != cli.ExitOK || !strings.Contains(out, "已匹配 1 行") {
		t.Errorf("the screening by its name: exit %d, out %q, stderr %q", code, out, errs)
	}
	if code, _, _ := run(t, vars, "import-results", "--vault", dir, bad); code != cli.ExitUsage {
		t.Errorf("no --screening: exit %d, want usage", code)
	}
	if code, _, _ := run(t, vars, "import-results", "--vault", dir, "--screening", cliScreening, "--map", "总分", bad); code != cli.ExitUsage {
		t.Errorf("a --map without a field: exit %d, want usage", code)
	}
	if n := resultCount(t, dir); n != 0 {
		t.Errorf("%d results written", n)
	}
}
