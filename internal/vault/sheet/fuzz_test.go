package sheet

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
)

// TestWriteFuzzSeeds rewrites testdata/fuzz/FuzzSheetParse with -update from
// the golden sheet and a typo of each kind.
func TestWriteFuzzSeeds(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite the seeds")
	}
	b, err := os.ReadFile(filepath.Join("testdata", "golden-sheet.txt"))
	if err != nil {
		t.Fatal(err)
	}
	_, printed, _ := strings.Cut(string(b), "\n")
	flat := strings.ReplaceAll(strings.ReplaceAll(printed, "\n", ""), " ", "")
	seeds := map[string]string{
		"printed":       printed,
		"flat_lower":    strings.ToLower(flat),
		"substitution":  flat[:12] + "Q" + flat[13:],
		"transposition": flat[:20] + flat[21:22] + flat[20:21] + flat[22:],
		"deletion":      flat[:33] + flat[34:],
		"insertion":     flat[:50] + "7" + flat[50:],
		"stray_o":       flat[:3] + "O" + flat[4:],
		"with_prefix":   Prefix + " " + printed,
		"full_width":    "ＡＢＣＤＥ　" + printed,
		"half":          flat[:37],
		"empty":         "",
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzSheetParse")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, s := range seeds {
		if err := os.WriteFile(filepath.Join(dir, name), fmt.Appendf(nil, "go test fuzz v1\nstring(%q)\n", s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// FuzzSheetParse: Parse never panics; it either returns an identity that age
// accepts and that formats back to the same sheet, or a GroupError naming a
// group of the sheet, or one of the package's sentinels.
func FuzzSheetParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, typed string) {
		id, err := Parse(typed)
		if err == nil {
			if _, perr := age.ParseHybridIdentity(id); perr != nil {
				t.Fatalf("Parse returned an identity age refuses: %v", perr)
			}
			s, ferr := Format(id)
			if ferr != nil || s.Identity() != id {
				t.Fatalf("the parsed identity does not format back: %v", ferr)
			}
			return
		}
		if id != "" {
			t.Fatal("Parse failed but returned an identity")
		}
		var ge *GroupError
		switch {
		case errors.As(err, &ge):
			if ge.Group < 1 || ge.Group > 15 || ge.Reason == "" {
				t.Fatalf("got group %d reason %q, want 1..15 and a reason", ge.Group, ge.Reason)
			}
		case errors.Is(err, ErrEmpty), errors.Is(err, ErrInvalid):
		default:
			t.Fatalf("got %v, want a GroupError or a sentinel", err)
		}
	})
}
