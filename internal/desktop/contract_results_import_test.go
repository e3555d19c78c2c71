package desktop

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"xinqing/internal/casework"
	"xinqing/internal/ui"
)

// writeFakeResultSheet writes ui.FakeResultSheet as a real workbook.
func writeFakeResultSheet(t *testing.T) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range ui.FakeResultSheet {
		cells := make([]any, len(row))
		for j, v := range row {
			cells[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &cells); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(t.TempDir(), "结果.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func contractResultsImport(t *testing.T, d ui.Deps) {
	created(t, d)
	ctx := context.Background()
	for _, s := range []*casework.Student{contractStudent("韩一诺", "七年级", "七(1)班"), contractStudent("韩二诺", "七年级", "七(1)班"),
		contractStudent("周同", "七年级", "七(2)班"), contractStudent("周同", "七年级", "七(2)班")} {
		if s.Name == "韩一诺" {
			s.StudentNo = "0701001"
		}
		if _, err := d.Students.SaveStudent(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	sc := &casework.Screening{Name: "秋季普查", DateTo: "2026-11-10", Expected: 4}
	if err := d.Groups.SaveRecord(ctx, sc); err != nil {
		t.Fatal(err)
	}
	ri := d.ResultsImport
	if ps, err := ri.ResultPlatforms(ctx); err != nil || len(ps) != 0 {
		t.Fatalf("platforms of a new vault: %v, %v", ps, err)
	}
	if _, err := ri.ReadResultSheet(ctx, filepath.Join(t.TempDir(), "missing.xlsx"), ""); err == nil {
		t.Fatal("a missing file reads")
	}
	path := writeFakeResultSheet(t)
	sh, err := ri.ReadResultSheet(ctx, path, "")
	if err != nil {
		t.Fatal(err)
	}
	var fields []string
	for _, c := range sh.Columns {
		fields = append(fields, c.Field)
	}
	if want := []string{"student_no", "name", "class", "score", "flag", "subscale"}; !slices.Equal(fields, want) {
		t.Fatalf("guessed %v, want %v", fields, want)
	}
	ignore := []string{"ignore", "ignore", "ignore", "score", "ignore", "ignore"}
	var si *ui.SettingsInvalid
	if _, err := ri.PreviewResultImport(ctx, sc.ID, ignore); !errors.As(err, &si) || !strings.Contains(si.Message, "学生列") {
		t.Fatalf("no student column: %v", err)
	}
	p, err := ri.PreviewResultImport(ctx, sc.ID, fields)
	if err != nil {
		t.Fatal(err)
	}
	if p.Matched != 2 || p.Unmatched != 1 || p.Ambiguous != 1 || p.Skipped != 1 || p.Adds != 2 || p.NoConsent != 2 {
		t.Fatalf("preview: %+v", p)
	}
	if _, err := ri.ApplyResultImport(ctx, "区测评平台", false); !errors.As(err, &si) || !strings.Contains(si.Message, "未写入任何数据") {
		t.Fatalf("unmatched rows not skipped: %v", err)
	}
	if ps, _ := ri.ResultPlatforms(ctx); len(ps) != 0 {
		t.Fatalf("a refused import remembered %v", ps)
	}
	done, err := ri.ApplyResultImport(ctx, "区测评平台", true)
	if err != nil || done.Added != 2 || done.Skipped != 2 {
		t.Fatalf("skipping: %+v, %v", done, err)
	}
	if ps, _ := ri.ResultPlatforms(ctx); !slices.Equal(ps, []string{"区测评平台"}) {
		t.Fatalf("platforms: %v", ps)
	}
	if _, err := ri.ReadResultSheet(ctx, path, "区测评平台"); err != nil {
		t.Fatal(err)
	}
	if _, err := ri.PreviewResultImport(ctx, sc.ID, fields); err != nil {
		t.Fatal(err)
	}
	done, err = ri.ApplyResultImport(ctx, "区测评平台", true)
	if err != nil || done.Added != 0 || done.Unchanged != 2 {
		t.Fatalf("the same sheet again: %+v, %v", done, err)
	}
}
