package desktop

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The setup wizard prints the recovery sheet before the school profile
// exists: the name typed beside the print button is on the sheet, and no
// empty 学校「—」 line is printed without one.
func TestTheSheetPrintedBeforeTheSchoolStepNamesTheSchool(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed")
	}
	ctx := context.Background()
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	s := testServices()
	sh, err := s.Create(ctx, filepath.Join(t.TempDir(), "vault"), realPass)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Lock(context.Background()) })
	text := func(school string) string {
		t.Helper()
		pdf := filepath.Join(t.TempDir(), "sheet.pdf")
		sh.School = school
		if err := s.WriteSheet(ctx, pdf, sh); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(strings.Fields(string(out)), "")
	}
	if got := text("晴川实验中学"); !strings.Contains(got, "晴川实验中学") {
		t.Fatalf("the sheet does not name the school:\n%s", got)
	}
	if got := text(""); strings.Contains(got, "—") {
		t.Fatalf("the sheet without a school prints a dash:\n%s", got)
	}
}
