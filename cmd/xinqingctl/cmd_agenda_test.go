package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"xinqing/internal/cli"
)

func TestAgendaListsTheWeekAndWritesTheDoorCopy(t *testing.T) {
	dir, vars := newVault(t)
	doc := filepath.Join(t.TempDir(), "week.json")
	meta := `"created_at":"2026-12-01T08:00:00Z","updated_at":"2026-12-01T08:00:00Z"`
	os.WriteFile(doc, []byte(`{"format":"xinqing-interchange","version":2,
	"students":[{"id":"22222222-2222-4222-8222-222222222222",`+meta+`,"name":"测试学生甲","gender":"female","grade":"七年级","class":"七(1)班"}],
	"appointments":[
	 {"id":"33333333-3333-4333-8333-333333333333",`+meta+`,"student_id":"22222222-2222-4222-8222-222222222222","date":"2026-12-09","start":"14:00","duration_min":45,"status":"booked"},
	 {"id":"44444444-4444-4444-8444-444444444444",`+meta+`,"student_id":"22222222-2222-4222-8222-222222222222","date":"2026-12-07","start":"10:00","duration_min":40,"status":"booked"},
	 {"id":"55555555-5555-4555-8555-555555555555",`+meta+`,"student_id":"22222222-2222-4222-8222-222222222222","date":"2026-12-08","duration_min":40,"status":"requested"}]}`), 0o600)
	if code, _, errs := run(t, vars, "import", "--vault", dir, doc); code != cli.ExitOK {
		t.Fatalf("import: exit %d, stderr %q", code, errs)
	}
	code, out, errs := run(t, vars, "agenda", "--vault", dir, "--week", "2026-12-10")
	want := "2026-12-07\t10:00\t40\t七(1)班\t测试学生甲\n2026-12-09\t14:00\t45\t七(1)班\t测试学生甲\n"
	if code != cli.ExitOK || out != want {
		t.Fatalf("agenda: exit %d, stderr %q, got %q, want %q", code, errs, out, want)
	}
	pdf := filepath.Join(t.TempDir(), "door.pdf")
	if code, _, errs := run(t, vars, "agenda", "--vault", dir, "--week", "2026-12-10", "--out", pdf, "--door"); code != cli.ExitOK {
		t.Fatalf("agenda --door: exit %d, stderr %q", code, errs)
	}
	text, err := exec.Command("pdftotext", "-enc", "UTF-8", pdf, "-").Output()
	if err != nil || strings.Contains(string(text), "测试学生甲") || strings.Contains(string(text), "七(1)班") || !strings.Contains(string(text), "已约") {
		t.Fatalf("door copy: %v, got %q", err, text)
	}
	if code, _, _ := run(t, vars, "agenda", "--vault", dir, "--door"); code != cli.ExitUsage {
		t.Errorf("got exit %d for --door without --out, want usage", code)
	}
}
