package main

import (
	"strings"
	"testing"
	"xinqing/internal/cli"
)

const rosterFixture = "../../internal/interchange/testdata/roster.xlsx"

func TestImportRosterRefusesBadRowsUnlessSkipped(t *testing.T) {
	dir, vars := newVault(t)
	code, out, errs := run(t, vars, "import-roster", "--vault", dir, rosterFixture)
	if code != cli.ExitError || !strings.Contains(errs, "第 29 行") || !strings.Contains(out, "有问题 5 行") {
		t.Fatalf("got exit %d, out %q, stderr %q; want the bad rows named and nothing written", code, out, errs)
	}
	code, out, errs = run(t, vars, "import-roster", "--vault", dir, "--skip-bad-rows", rosterFixture)
	if code != cli.ExitOK || !strings.Contains(out, "新增 25 人") || !strings.Contains(errs, "已跳过") {
		t.Fatalf("with --skip-bad-rows: exit %d, out %q, stderr %q", code, out, errs)
	}
	code, out, _ = run(t, vars, "import-roster", "--vault", dir, "--skip-bad-rows", rosterFixture)
	if code != cli.ExitOK || !strings.Contains(out, "无变化 25 人") {
		t.Errorf("the same roster again: exit %d, out %q; want 25 unchanged", code, out)
	}
}
