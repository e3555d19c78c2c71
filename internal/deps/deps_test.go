package deps

import (
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
)

type pkg struct {
	ImportPath string
	Imports    []string
	Standard   bool
}

// list returns every package of the module with its non-test imports.
func list(t *testing.T) []pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-e", "-json=ImportPath,Imports", "xinqing/...")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < 3 {
		t.Fatalf("go list found %d packages", len(pkgs))
	}
	return pkgs
}

func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".") && first != "xinqing"
}

func under(path string, roots ...string) bool {
	for _, r := range roots {
		if path == r || strings.HasPrefix(path, r+"/") {
			return true
		}
	}
	return false
}

// rule: packages importing a prefix must be under one of the allowed roots.
type rule struct {
	prefix  string
	allowed []string
	denied  []string // under an allowed root, yet not allowed
}

func TestDependencyRules(t *testing.T) {
	rules := []rule{
		{"fyne.io/fyne/v2/app", []string{"xinqing/cmd/xinqing"}, nil},
		// The pre-window checks run before Fyne starts and must not need it.
		{"fyne.io/fyne", []string{"xinqing/internal/ui", "xinqing/internal/desktop", "xinqing/cmd/xinqing"},
			[]string{"xinqing/internal/desktop/startup"}},
		{"modernc.org/sqlite", []string{"xinqing/internal/store"}, nil},
		{"filippo.io/age", []string{"xinqing/internal/vault", "xinqing/internal/backup"}, nil},
		{"github.com/jung-kurt/gofpdf", []string{"xinqing/internal/report"}, nil},
		{"github.com/xuri/excelize", []string{"xinqing/internal/interchange"}, nil},
	}
	for _, p := range list(t) {
		for _, imp := range p.Imports {
			for _, r := range rules {
				if under(imp, r.prefix) && (!under(p.ImportPath, r.allowed...) || under(p.ImportPath, r.denied...)) {
					t.Errorf("%s imports %s; only %v may", p.ImportPath, imp, r.allowed)
				}
			}
			// casework may read its label files from assets, which is itself
			// standard library only (checked below).
			if under(p.ImportPath, "xinqing/internal/casework", "xinqing/assets") && !isStd(imp) && imp != "xinqing/assets" {
				t.Errorf("%s imports %s; casework imports only the standard library", p.ImportPath, imp)
			}
			if under(p.ImportPath, "xinqing/internal/vault") && under(imp, "xinqing") && !under(imp, "xinqing/internal/vault") {
				t.Errorf("%s imports %s; vault imports no project package", p.ImportPath, imp)
			}
		}
	}
}

// TestProjectImportGraph checks every import between project packages
// against the allow-list of graph.go: an edge not listed fails, and so
// does a package the list does not know.
func TestProjectImportGraph(t *testing.T) {
	pkgs := list(t)
	for _, e := range graphErrors(allowed, pkgs) {
		t.Error(e)
	}
	seen := map[string]bool{}
	for _, p := range pkgs {
		seen[p.ImportPath] = true
	}
	for from := range allowed {
		if !seen[module+from] {
			t.Errorf("the allow-list names %s, which is no package of the module any more", from)
		}
	}
}

func TestGraphCheckerCatchesViolations(t *testing.T) {
	allow := map[string][]string{"internal/casework": {"assets"}, "assets": nil}
	pkgs := []pkg{
		{ImportPath: "xinqing/assets"},
		{ImportPath: "xinqing/internal/casework", Imports: []string{"strings", "xinqing/assets", "xinqing/internal/store"}},
		{ImportPath: "xinqing/internal/new", Imports: []string{"fmt"}},
	}
	errs := graphErrors(allow, pkgs)
	if len(errs) != 2 || !strings.Contains(errs[0], "internal/casework imports internal/store") ||
		!strings.Contains(errs[1], "internal/new") {
		t.Fatalf("got %q, want the edge casework → store and the unlisted package flagged", errs)
	}
}

func TestRuleCheckerCatchesViolations(t *testing.T) {
	// The checker itself must flag what it is meant to flag.
	if isStd("fyne.io/fyne/v2") || !isStd("crypto/sha256") || isStd("xinqing/internal/store") {
		t.Fatal("isStd misclassifies")
	}
	if !under("fyne.io/fyne/v2/widget", "fyne.io/fyne") || under("xinqing/internal/uix", "xinqing/internal/ui") {
		t.Fatal("under misclassifies")
	}
}

func TestCompanionBuildsWithoutCgo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	cmd := exec.Command("go", "build", "-o", os.DevNull, "xinqing/cmd/xinqingctl")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build ./cmd/xinqingctl: %v\n%s", err, out)
	}
}
