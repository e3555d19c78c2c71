package deps

import (
	"fmt"
	"slices"
	"strings"
)

const module = "xinqing/"

// domain are the packages below the programs that hold the school's data
// and rules; the application layer and the desktop adapters may use all of
// them.
var domain = []string{
	"internal/casework", "internal/figures", "internal/selfcheck", "internal/returns", "internal/report",
	"internal/interchange", "internal/demo", "internal/store", "internal/workspace", "internal/vault",
	"internal/vault/sheet", "internal/vault/keyslot", "internal/backup", "internal/passphrase", "internal/version",
	"internal/returnpkg", "internal/county", "internal/safefs",
}

// allowed is the project's import graph: each package (path below the
// module) with the project packages it may import. Arrows point down:
// programs → desktop → app → workspace → store/vault → casework. A new
// package or a new edge is a design decision, made here and in
// ARCHITECTURE.md.
var allowed = map[string][]string{
	"assets":            nil,
	"internal/casework": {"assets"},
	"internal/version":  nil,
	// Files on sticks and in folders someone else prepared.
	"internal/safefs":        nil,
	"internal/passphrase":    nil,
	"internal/vault/keyslot": nil,
	"internal/vault/sheet":   nil,
	"internal/vault":         {"internal/vault/keyslot", "internal/vault/sheet"},
	"internal/vault/faultfs": {"internal/vault"},
	"internal/figures":       {"internal/casework"},
	// The signed return package is pure: bytes in, bytes out.
	"internal/returnpkg": nil,
	// The county's side: schools list, import rules, the county table.
	"internal/county":    {"internal/casework", "internal/returnpkg"},
	"internal/selfcheck": {"internal/casework", "internal/figures"},
	"internal/report":    {"assets", "internal/casework", "internal/county", "internal/figures", "internal/returnpkg", "internal/selfcheck"},
	"internal/returns":   {"internal/casework", "internal/figures", "internal/report", "internal/returnpkg"},
	"internal/store":     {"internal/casework", "internal/textnorm"},
	// Memory measurement for the tests: standard library only.
	"internal/memtest": nil,
	// Prints make bench's table of memory and responsiveness figures.
	"internal/memtest/benchtable": nil,
	// Unicode composition for casework's text gate.
	"internal/textnorm": {"internal/casework"},
	// The figures sheet of an Excel export reads the figures' rows.
	"internal/interchange": {"internal/casework", "internal/county", "internal/figures", "internal/returnpkg", "internal/safefs", "internal/textnorm"},
	"internal/demo":        {"internal/casework", "internal/interchange"},
	"internal/backup": {"internal/casework", "internal/store", "internal/vault",
		"internal/vault/keyslot", "internal/vault/sheet", "internal/safefs"},
	"internal/workspace": {"internal/backup", "internal/casework", "internal/store", "internal/vault",
		"internal/vault/keyslot", "internal/vault/sheet"},
	"internal/app":     domain,
	"internal/ui":      {"assets", "internal/casework", "internal/figures", "internal/selfcheck"},
	"internal/desktop": append([]string{"internal/app", "internal/desktop/startup", "internal/ui"}, domain...),
	"internal/deps":    nil,
	// The screen driver of the ui and desktop tests: Fyne only.
	"internal/ui/uitest": nil,
	// What the desktop app checks before its first window.
	"internal/desktop/startup": {"assets", "internal/version"},
	"cmd/xinqing":              {"internal/desktop", "internal/desktop/startup", "internal/ui", "internal/workspace"},
	// The command line uses the application layer, its terminal side
	// (internal/cli) and the domain, never the screens.
	"internal/cli":         {"internal/app", "internal/backup", "internal/passphrase"},
	"cmd/xinqingctl":       append([]string{"internal/app", "internal/cli"}, domain...),
	"packaging":            nil,
	"packaging/cmd/pkgres": {"packaging"},
}

// graphErrors lists every import between project packages that allow does
// not hold, and every project package allow does not list.
func graphErrors(allow map[string][]string, pkgs []pkg) []string {
	var errs []string
	for _, p := range pkgs {
		from := strings.TrimPrefix(p.ImportPath, module)
		ok, listed := allow[from]
		if !listed {
			errs = append(errs, fmt.Sprintf("%s is not in the allow-list of internal/deps: add it with the packages it may import", from))
			continue
		}
		for _, imp := range p.Imports {
			if !strings.HasPrefix(imp, module) {
				continue
			}
			to := strings.TrimPrefix(imp, module)
			if !slices.Contains(ok, to) {
				errs = append(errs, fmt.Sprintf("%s imports %s, an edge the allow-list of internal/deps does not hold", from, to))
			}
		}
	}
	return errs
}
