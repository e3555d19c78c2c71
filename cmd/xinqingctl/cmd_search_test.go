package main

import (
	"strings"
	"testing"
	"xinqing/internal/cli"

	"xinqing/internal/casework"
	"xinqing/internal/demo"
)

func TestSearchFindsAStudentAndRecordText(t *testing.T) {
	dir, vars := newVault(t)
	if code, _, errs := run(t, vars, "demo", "--vault", dir, "--scale", "small", "--seed", "9", "--date", "2026-11-20"); code != cli.ExitOK {
		t.Fatalf("demo: exit %d, stderr %q", code, errs)
	}
	s := demo.Generate(demo.Small, 9, casework.Date("2026-11-20")).Students[42]
	code, out, errs := run(t, vars, "search", "--vault", dir, s.Name)
	if code != cli.ExitOK || !strings.Contains(out, s.ID) {
		t.Fatalf("search by name: exit %d, stderr %q; want the student's id in the output", code, errs)
	}
	code, out, _ = run(t, vars, "search", "--vault", dir, "情绪日记")
	if code != cli.ExitOK || !strings.Contains(out, "【情绪日记】") {
		t.Errorf("full-text search: exit %d; want a highlighted snippet, got %q", code, firstLines(out, 5))
	}
}

func firstLines(s string, n int) string {
	ls := strings.SplitN(s, "\n", n+1)
	return strings.Join(ls[:min(n, len(ls))], "\n")
}
