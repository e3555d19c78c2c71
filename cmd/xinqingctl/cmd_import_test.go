package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"xinqing/internal/cli"
)

// newVault makes a vault with the cheapest allowed KDF and returns its
// folder and the environment that unlocks it.
func newVault(t *testing.T) (string, map[string]string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "vault")
	vars := map[string]string{"XINQING_PASSPHRASE": goodPass}
	if code, _, errs := run(t, vars, "init", "--vault", dir, "--kdf-memory", "64", "--sheet-out", filepath.Join(t.TempDir(), "sheet.txt")); code != cli.ExitOK {
		t.Fatalf("init: exit %d, stderr %q", code, errs)
	}
	return dir, vars
}

var exportedAt = regexp.MustCompile(`"exported_at": "[^"]*"`)

func TestExportImportMovesAVaultToAnother(t *testing.T) {
	a, vars := newVault(t)
	if code, _, errs := run(t, vars, "demo", "--vault", a, "--scale", "small", "--seed", "3", "--date", "2026-11-20"); code != cli.ExitOK {
		t.Fatalf("demo: exit %d, stderr %q", code, errs)
	}
	first := filepath.Join(t.TempDir(), "a.json")
	if code, out, errs := run(t, vars, "export", "--vault", a, "--out", first); code != cli.ExitOK || !strings.Contains(out, "已导出") {
		t.Fatalf("export: exit %d, out %q, stderr %q", code, out, errs)
	}
	if code, _, errs := run(t, vars, "export", "--vault", a, "--out", first); code != cli.ExitError || !strings.Contains(errs, "已存在") {
		t.Errorf("export over an existing file: exit %d, stderr %q; want it refused", code, errs)
	}
	b, _ := newVault(t)
	code, out, errs := run(t, vars, "import", "--vault", b, first)
	if code != cli.ExitOK || !strings.Contains(out, "整体导入") {
		t.Fatalf("import: exit %d, out %q, stderr %q", code, out, errs)
	}
	second := filepath.Join(t.TempDir(), "b.json")
	if code, _, errs := run(t, vars, "export", "--vault", b, "--out", second); code != cli.ExitOK {
		t.Fatalf("second export: exit %d, stderr %q", code, errs)
	}
	x, _ := os.ReadFile(first)
	y, _ := os.ReadFile(second)
	x, y = exportedAt.ReplaceAll(x, nil), exportedAt.ReplaceAll(y, nil)
	if !bytes.Equal(x, y) {
		t.Error("got a different export from the vault the document was imported into, want identical apart from exported_at")
	}
	if info, _ := os.Stat(first); info.Mode().Perm() != 0o600 {
		t.Errorf("got mode %v, want 0600 for a plaintext export", info.Mode().Perm())
	}
}

func TestImportOfABadDocumentNamesTheKeyAndWritesNothing(t *testing.T) {
	dir, vars := newVault(t)
	doc := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(doc, []byte(`{"format":"xinqing-interchange","version":1,
	"students":[{"id":"22222222-2222-4222-8222-222222222222","name":"林晓","gender":"female","grade":"七年级","class":"七(1)班","birth_date":"2012-02-30"}]}`), 0o600)
	code, _, errs := run(t, vars, "import", "--vault", dir, doc)
	if code != cli.ExitError || !strings.Contains(errs, "students[0].birth_date: 出生日期不是有效日期") {
		t.Fatalf("got exit %d, stderr %q; want the key named", code, errs)
	}
	if code, _, errs := run(t, vars, "import", "--vault", dir); code != cli.ExitUsage {
		t.Errorf("import without a file: exit %d, stderr %q; want usage", code, errs)
	}
}
