package app

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestTheRosterTemplateHasTheColumnsTheImportReads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "模板.xlsx")
	if err := WriteRosterTemplate(path); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("got %v (%v), want a private file", fi, err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || len(rows[0]) != len(RosterTemplateColumns) || rows[0][0] != "姓名*" || rows[0][2] != "班级*" {
		t.Fatalf("got rows %q, want only the header %q", rows, RosterTemplateColumns)
	}
}
