package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"xinqing/internal/cli"
)

func exportOf(t *testing.T, vars map[string]string, dir string) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "x.json")
	if code, _, errs := run(t, vars, "export", "--vault", dir, "--out", out); code != cli.ExitOK {
		t.Fatalf("export: exit %d, stderr %q", code, errs)
	}
	b, _ := os.ReadFile(out)
	return exportedAt.ReplaceAll(b, nil)
}

func TestPromoteThenUndoGivesTheSameExport(t *testing.T) {
	dir, vars := newVault(t)
	if code, _, errs := run(t, vars, "demo", "--vault", dir, "--scale", "small", "--seed", "3", "--date", "2026-11-20"); code != cli.ExitOK {
		t.Fatalf("demo: exit %d, stderr %q", code, errs)
	}
	before := exportOf(t, vars, dir)
	stick := t.TempDir()
	if code, _, errs := run(t, vars, "backup", "--vault", dir, "--to", stick); code != cli.ExitOK {
		t.Fatalf("backup: exit %d, stderr %q", code, errs)
	}

	// The preview prints the table and writes nothing.
	code, out, errs := run(t, vars, "promote", "--vault", dir, "--on", "2027-09-01")
	if code != cli.ExitOK || !strings.Contains(out, "→") || !strings.Contains(out, "未做任何修改") {
		t.Fatalf("preview: exit %d, out %q, stderr %q", code, out, errs)
	}
	// Two classes sent to one name: refused, naming the row.
	code, _, errs = run(t, vars, "promote", "--vault", dir, "--on", "2027-09-01", "--move", "七(1)班=八(2)班", "--yes")
	if code != cli.ExitError || !strings.Contains(errs, "行：") || !strings.Contains(errs, "同一个班级") {
		t.Fatalf("two classes to one: exit %d, stderr %q", code, errs)
	}
	if got := exportOf(t, vars, dir); !bytes.Equal(got, before) {
		t.Fatal("a refused promotion changed the vault")
	}

	code, out, errs = run(t, vars, "promote", "--vault", dir, "--on", "2027-09-01", "--yes")
	if code != cli.ExitOK || !strings.Contains(out, "已升年级") || !strings.Contains(out, "撤销") {
		t.Fatalf("apply: exit %d, out %q, stderr %q", code, out, errs)
	}
	promoted := exportOf(t, vars, dir)
	if bytes.Equal(promoted, before) || !bytes.Contains(promoted, []byte(`"from": "2027-09-01"`)) {
		t.Fatal("the promotion changed nothing")
	}
	// A second promotion on or before that day is refused.
	code, _, errs = run(t, vars, "promote", "--vault", dir, "--on", "2027-09-01", "--yes")
	if code != cli.ExitError || !strings.Contains(errs, "应晚于上一次升年级") {
		t.Fatalf("same day again: exit %d, stderr %q", code, errs)
	}

	// Undo: restore the backup of the school before the promotion.
	if code, _, errs := run(t, vars, "restore", "--vault", dir, "--from", findBackup(t, stick), "--yes"); code != cli.ExitOK {
		t.Fatalf("restore: exit %d, stderr %q", code, errs)
	}
	if after := exportOf(t, vars, dir); !bytes.Equal(after, before) {
		t.Error("the export after undoing the promotion differs from the one before it")
	}
}

func TestAReturnForAMonthThatStartsAfterTodayIsRefused(t *testing.T) {
	dir, vars := newVault(t)
	out := filepath.Join(t.TempDir(), "x.pdf")
	code, _, errs := run(t, vars, "report", "monthly", "--vault", dir, "--month", "2999-01", "--out", out)
	if code != cli.ExitError || !strings.Contains(errs, "尚未开始") {
		t.Errorf("exit %d, stderr %q; want the month refused", code, errs)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("got an output file from a refused return")
	}
}
