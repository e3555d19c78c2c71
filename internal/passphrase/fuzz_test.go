package passphrase

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

var update = flag.Bool("update", false, "rewrite the fuzz seeds")

// TestWriteFuzzSeeds rewrites testdata/fuzz/FuzzCheck with -update.
func TestWriteFuzzSeeds(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite the seeds")
	}
	seeds := map[string][2]string{
		"pinyin":      {"woaini1314woaini", ""},
		"school":      {"北京四中2024年毕业了", "北京市第四中学"},
		"chinese":     {"窗外的梧桐树在秋天落满了金黄叶子", ""},
		"date":        {"1988年3月5日和2001年12月25日", ""},
		"generated":   {"lan-hua-xiao-gou-mi-fan", ""},
		"full_width":  {"ｍｉｍａ１２３４５６７", "ｍｉｍａ"},
		"decomposed":  {strings.Repeat("e\u0301", 11), ""},
		"invalid_utf": {"abc\xff\xfedef\xc3", "\xff"},
		"emoji":       {"🌳月光🐟照进了旧书店的窗🌙", "🌙"},
		"empty":       {"", ""},
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzCheck")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, s := range seeds {
		body := fmt.Sprintf("go test fuzz v1\nstring(%q)\nstring(%q)\n", s[0], s[1])
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// FuzzCheck: any passphrase and school word are judged without a panic, and
// the verdict keeps the policy's own promises.
func FuzzCheck(f *testing.F) {
	f.Fuzz(func(t *testing.T, p, word string) {
		r := Check(p, []string{word})
		if r.Level < 0 || r.Level > 4 || r.ReasonZH == "" || r.ReasonEN == "" || !(r.Guesses >= 1) {
			t.Fatalf("got level %d guesses %v reasons %q/%q", r.Level, r.Guesses, r.ReasonZH, r.ReasonEN)
		}
		if r.OK && (r.Guesses < MinGuesses || utf8.RuneCountInString(norm.NFKC.String(p)) < MinLength) {
			t.Fatalf("got OK for %d characters and %.3g guesses", utf8.RuneCountInString(p), r.Guesses)
		}
	})
}
