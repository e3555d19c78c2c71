package main

import (
	"strings"
	"testing"
	"xinqing/internal/cli"
)

func TestDemoFillsOnlyAnEmptyVault(t *testing.T) {
	dir, vars := newVault(t)
	code, out, errs := run(t, vars, "demo", "--vault", dir, "--scale", "small", "--date", "2026-11-20")
	if code != cli.ExitOK || !strings.Contains(out, "学生 300 名") {
		t.Fatalf("demo: exit %d, out %q, stderr %q", code, out, errs)
	}
	if code, _, errs := run(t, vars, "demo", "--vault", dir); code != cli.ExitError || !strings.Contains(errs, "已有记录") {
		t.Errorf("demo into a vault with records: exit %d, stderr %q; want it refused", code, errs)
	}
	if code, _, _ := run(t, vars, "demo", "--vault", dir, "--scale", "huge"); code != cli.ExitUsage {
		t.Errorf("demo --scale huge: exit %d, want usage", code)
	}
}
