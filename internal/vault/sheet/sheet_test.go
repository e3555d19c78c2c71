package sheet

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
)

var update = flag.Bool("update", false, "rewrite the golden sheet and the fuzz seeds")

func newIdentity(t testing.TB) string {
	t.Helper()
	id, err := age.GenerateHybridIdentity()
	if err != nil {
		t.Fatal(err)
	}
	return id.String()
}

func mustFormat(t testing.TB, identity string) Sheet {
	t.Helper()
	s, err := Format(identity)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestIdentityHasTheExpectedShape(t *testing.T) {
	id := newIdentity(t)
	if len(id) != 77 || !strings.HasPrefix(id, Prefix) {
		t.Fatalf("got a %d-character identity, want 77 starting with %s", len(id), Prefix)
	}
}

func TestFormatLaysOutFifteenGroupsOfFive(t *testing.T) {
	id := newIdentity(t)
	s := mustFormat(t, id)
	if len(s.Groups) != 15 {
		t.Fatalf("got %d groups, want 15", len(s.Groups))
	}
	for i, g := range s.Groups {
		if len(g) != 5 || strings.Trim(strings.ToLower(g), charset) != "" || g != strings.ToUpper(g) {
			t.Fatalf("group %d: got %q, want five uppercase sheet characters", i+1, g)
		}
	}
	if got := s.Identity(); got != id {
		t.Fatalf("Identity: got a different string (%d chars), want the formatted identity", len(got))
	}
	got, err := Parse(strings.Join(s.Lines(5), "\n"))
	if err != nil || got != id {
		t.Fatalf("Parse of the printed lines: got error %v, want the identity", err)
	}
}

func TestParseForgivesLayout(t *testing.T) {
	id := newIdentity(t)
	s := mustFormat(t, id)
	joined := strings.Join(s.Groups, "")
	fullWidth := strings.Map(func(r rune) rune {
		if r >= '!' && r <= '~' {
			return r + 0xFEE0
		}
		return r
	}, strings.Join(s.Groups, " "))
	tests := []struct{ name, typed string }{
		{"groups separated by spaces", strings.Join(s.Groups, " ")},
		{"groups run together", joined},
		{"lower case", strings.ToLower(joined)},
		{"mixed case", strings.ToLower(joined[:30]) + joined[30:]},
		{"groups separated by dashes", strings.Join(s.Groups, "-")},
		{"lines separated by CRLF and tabs", strings.Join(s.Lines(3), "\r\n\t")},
		{"full-width letters and ideographic spaces", strings.ReplaceAll(fullWidth, " ", "\u3000")},
		{"the age prefix typed in front", Prefix + " " + strings.Join(s.Groups, " ")},
		{"leading and trailing blank lines", "\n\n " + joined + " \n"},
		{"en and em dashes between groups", strings.Join(s.Groups, "–") + "—"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.typed)
			if err != nil || got != id {
				t.Fatalf("got error %v, want the identity", err)
			}
		})
	}
}

// groupOfPos is the 1-based group of a position in the 75 typed characters.
func groupOfPos(p int) int { return min(p/5+1, 15) }

// runGroups returns the groups touched by the run of characters equal to
// s[p] around p: a typo anywhere in such a run gives the same typed text.
func runGroups(s string, p int) map[int]bool {
	lo, hi := p, p
	for lo > 0 && s[lo-1] == s[p] {
		lo--
	}
	for hi < len(s)-1 && s[hi+1] == s[p] {
		hi++
	}
	g := map[int]bool{}
	for k := lo; k <= hi; k++ {
		g[groupOfPos(k)] = true
	}
	return g
}

func wantGroup(t *testing.T, typed string, want map[int]bool, what string) {
	t.Helper()
	id, err := Parse(typed)
	var ge *GroupError
	if !errors.As(err, &ge) {
		t.Fatalf("%s: got identity=%v error %v, want a GroupError", what, id != "", err)
	}
	if !want[ge.Group] {
		t.Fatalf("%s: got group %d, want one of %v", what, ge.Group, want)
	}
	if id != "" {
		t.Fatalf("%s: got an identity together with an error", what)
	}
}

// A4: every single substitution, adjacent transposition, insertion and
// deletion on 10 sheets is rejected with the group that holds it.
func TestEveryTypoIsRejectedWithItsGroup(t *testing.T) {
	counts := map[string]int{}
	for range 10 {
		s := strings.ToLower(strings.Join(mustFormat(t, newIdentity(t)).Groups, ""))
		if len(s) != 75 {
			t.Fatalf("got %d typed characters, want 75", len(s))
		}
		for p := range len(s) {
			for _, c := range charset {
				if byte(c) == s[p] {
					continue
				}
				typed := s[:p] + string(c) + s[p+1:]
				wantGroup(t, typed, map[int]bool{groupOfPos(p): true}, fmt.Sprintf("substitution at %d", p))
				counts["substitution"]++
			}
		}
		for p := range len(s) - 1 {
			if s[p] == s[p+1] {
				continue // swapping equal characters is no typo
			}
			typed := s[:p] + s[p+1:p+2] + s[p:p+1] + s[p+2:]
			wantGroup(t, typed, map[int]bool{groupOfPos(p): true}, fmt.Sprintf("transposition at %d", p))
			counts["transposition"]++
		}
		for p := range len(s) {
			typed := s[:p] + s[p+1:]
			wantGroup(t, typed, runGroups(s, p), fmt.Sprintf("deletion at %d", p))
			counts["deletion"]++
		}
		for p := 0; p <= len(s); p++ {
			for _, c := range charset {
				typed := s[:p] + string(c) + s[p:]
				// The extra character sits at typed position p; any equal
				// neighbour could be the one that is too many.
				wantGroup(t, typed, runGroups(typed, p), fmt.Sprintf("insertion of %c at %d", c, p))
				counts["insertion"]++
			}
		}
	}
	want := map[string]int{"substitution": 10 * 75 * 31, "deletion": 10 * 75, "insertion": 10 * 76 * 32}
	for k, n := range want {
		if counts[k] != n {
			t.Fatalf("%s: got %d cases, want %d", k, counts[k], n)
		}
	}
	if counts["transposition"] < 10*60 {
		t.Fatalf("transposition: got %d cases, want at least 600", counts["transposition"])
	}
	t.Logf("cases: %v", counts)
}

func TestOtherMistakesNameAGroup(t *testing.T) {
	s := mustFormat(t, newIdentity(t))
	g := s.Groups
	swapped := append([]string{}, g...)
	swapped[3], swapped[4] = swapped[4], swapped[3]
	twice := append(append([]string{}, g[:7]...), g[6:14]...) // group 7 typed twice, group 15 lost
	tests := []struct {
		name       string
		typed      string
		want       int
		wantReason string
	}{
		{"the last group left out", strings.Join(g[:14], " "), 15, ReasonShort},
		{"only ten groups typed", strings.Join(g[:10], " "), 11, ReasonShort},
		{"a whole group left out", strings.Join(append(append([]string{}, g[:5]...), g[6:]...), " "), 6, ReasonWrong},
		{"two groups typed in swapped order", strings.Join(swapped, " "), 4, ReasonWrong},
		{"a group typed twice", strings.Join(twice, " "), 8, ReasonWrong},
		{"an extra group after the last", strings.Join(append(append([]string{}, g...), g[0]), " "), 15, ReasonLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.typed)
			var ge *GroupError
			if !errors.As(err, &ge) || ge.Group != tt.want || ge.Reason != tt.wantReason {
				t.Fatalf("got %v, want group %d: %s", err, tt.want, tt.wantReason)
			}
		})
	}
}

func TestCharactersNotOnTheSheetAreNamed(t *testing.T) {
	s := mustFormat(t, newIdentity(t))
	tests := []struct {
		name    string
		stray   string
		group   int
		mention string
	}{
		{"a letter O", "O", 3, "数字0"},
		{"a letter I", "I", 1, "字母L"},
		{"a digit 1", "1", 15, "字母L"},
		{"a letter B", "b", 9, "数字8"},
		{"a Chinese character", "心", 5, "“心”"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := append([]string{}, s.Groups...)
			g[tt.group-1] = g[tt.group-1][:2] + tt.stray + g[tt.group-1][3:]
			_, err := Parse(strings.Join(g, " "))
			var ge *GroupError
			if !errors.As(err, &ge) || ge.Group != tt.group || !strings.Contains(ge.Reason, tt.mention) {
				t.Fatalf("got %v, want group %d mentioning %s", err, tt.group, tt.mention)
			}
		})
	}
}

func TestGroupErrorNamesTheGroupInChinese(t *testing.T) {
	err := error(&GroupError{Group: 3, Reason: ReasonWrong})
	if got := err.Error(); !strings.Contains(got, "第3组") {
		t.Fatalf("got %q, want it to contain 第3组", got)
	}
}

func TestParseRefusesWhatIsNotASheet(t *testing.T) {
	tests := []struct {
		name  string
		typed string
		want  error
	}{
		{"nothing", "", ErrEmpty},
		{"only spaces and dashes", "  - \n -", ErrEmpty},
		{"only the prefix", Prefix, ErrEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Parse(tt.typed); !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
		})
	}
}

// A sheet whose group checks all pass but whose content is another key's
// (two compensating typos) must not yield an identity.
func TestTwoCompensatingTyposInOneGroupAreCaught(t *testing.T) {
	s := strings.ToLower(strings.Join(mustFormat(t, newIdentity(t)).Groups, ""))
	syms := make([]byte, len(s))
	for i := range s {
		syms[i] = byte(strings.IndexByte(charset, s[i]))
	}
	// Change character 0 of group 2 and fix its check character to match.
	syms[5] ^= 1
	syms[9] = groupCheck(2, syms[5:9])
	if firstBadGroup(syms) != 0 {
		t.Fatal("the doctored sheet should pass every group check")
	}
	if _, err := Parse(encode(syms)); !errors.Is(err, ErrInvalid) {
		t.Fatalf("got %v, want ErrInvalid", err)
	}
}

func TestFormatRefusesOtherKeys(t *testing.T) {
	x, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	for name, in := range map[string]string{
		"a classic X25519 identity": x.String(),
		"an empty string":           "",
		"a PQ identity with a typo": strings.Replace(newIdentity(t), "Q", "P", 3),
	} {
		t.Run(name, func(t *testing.T) {
			if s, err := Format(in); err == nil {
				t.Fatalf("got %d groups, want an error", len(s.Groups))
			}
		})
	}
}

func TestLines(t *testing.T) {
	s := mustFormat(t, newIdentity(t))
	tests := []struct {
		name     string
		perLine  int
		wantLens []int
	}{
		{"six per line gives 6, 6 and 3", 6, []int{6, 6, 3}},
		{"five per line gives three full lines", 5, []int{5, 5, 5}},
		{"zero puts all on one line", 0, []int{15}},
		{"twenty puts all on one line", 20, []int{15}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := s.Lines(tt.perLine)
			if len(lines) != len(tt.wantLens) {
				t.Fatalf("got %d lines, want %d", len(lines), len(tt.wantLens))
			}
			var all []string
			for i, l := range lines {
				f := strings.Fields(l)
				if len(f) != tt.wantLens[i] {
					t.Fatalf("line %d: got %d groups, want %d", i, len(f), tt.wantLens[i])
				}
				all = append(all, f...)
			}
			if strings.Join(all, "") != strings.Join(s.Groups, "") {
				t.Fatal("got groups out of order")
			}
		})
	}
}

func TestConfirmPicksTwoDistinctGroups(t *testing.T) {
	s := mustFormat(t, newIdentity(t))
	n := len(s.Groups)
	seen := map[[2]int]bool{}
	for a := range n {
		for b := range n - 1 {
			calls := 0
			idx := Confirm(s, func(k int) int {
				calls++
				if calls == 1 {
					return a % k
				}
				return b % k
			})
			if idx[0] >= idx[1] || idx[0] < 0 || idx[1] >= n {
				t.Fatalf("pick %d,%d: got %v, want two ascending distinct indices in [0,%d)", a, b, idx, n)
			}
			seen[idx] = true
		}
	}
	if want := n * (n - 1) / 2; len(seen) != want {
		t.Fatalf("got %d distinct pairs, want every one of %d", len(seen), want)
	}
	if got := Confirm(s, func(int) int { return -7 }); got[0] == got[1] {
		t.Fatalf("a negative pick: got %v, want distinct indices", got)
	}
}

func TestCheckGroup(t *testing.T) {
	s := mustFormat(t, newIdentity(t))
	g := s.Groups[4]
	other := s.Groups[5]
	tests := []struct {
		name  string
		idx   int
		typed string
		want  bool
	}{
		{"the group as printed", 4, g, true},
		{"the group in lower case with spaces", 4, " " + strings.ToLower(g[:2]) + " " + g[2:] + " ", true},
		{"the group in full-width letters", 4, strings.Map(func(r rune) rune { return r + 0xFEE0 }, g), true},
		{"the neighbouring group", 4, other, other == g},
		{"the group missing a character", 4, g[:4], false},
		{"an index below the sheet", -1, g, false},
		{"an index past the sheet", 15, g, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckGroup(s, tt.idx, tt.typed); got != tt.want {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// A printed sheet must stay readable forever: the committed golden sheet of
// format 1 must keep formatting and parsing the same way. The identity in
// testdata is a throwaway key made for this test only.
func TestGoldenSheet(t *testing.T) {
	path := filepath.Join("testdata", "golden-sheet.txt")
	if *update {
		id := newIdentity(t)
		s := mustFormat(t, id)
		body := id + "\n" + strings.Join(s.Lines(5), "\n") + "\n"
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run with -update to create): %v", err)
	}
	id, printed, _ := strings.Cut(string(b), "\n")
	s := mustFormat(t, id)
	if got := strings.Join(s.Lines(5), "\n") + "\n"; got != printed {
		t.Fatalf("Format changed: got\n%s\nwant\n%s", got, printed)
	}
	if got, err := Parse(printed); err != nil || got != id {
		t.Fatalf("Parse of the golden sheet: got error %v, want its identity", err)
	}
}

func BenchmarkParseWithDeletion(b *testing.B) {
	s := strings.Join(mustFormat(b, newIdentity(b)).Groups, "")
	typed := s[:40] + s[41:]
	for b.Loop() {
		if _, err := Parse(typed); err == nil {
			b.Fatal("got no error")
		}
	}
}

func TestAlphaTableMatchesMultiplication(t *testing.T) {
	r := byte(1)
	for k := range 62 {
		if got := alphaPow(k); got != r {
			t.Fatalf("α^%d: got %#x, want %#x", k, got, r)
		}
		r = gfMul(r, 2)
	}
}

func TestBech32ChecksumAgreesWithAge(t *testing.T) {
	s := strings.ToLower(strings.TrimPrefix(newIdentity(t), Prefix))
	p := make([]byte, len(s))
	for i := range s {
		p[i] = byte(strings.IndexByte(charset, s[i]))
	}
	if !bech32Valid(p) {
		t.Fatal("got an invalid checksum for a fresh age identity")
	}
	p[10] ^= 4
	if bech32Valid(p) {
		t.Fatal("got a valid checksum after a substitution")
	}
}

func TestParseAcceptsTheBareAgeIdentity(t *testing.T) {
	id := newIdentity(t)
	s := mustFormat(t, id)
	for name, typed := range map[string]string{
		"as age prints it":       id,
		"in lower case":          strings.ToLower(id),
		"as the sheet spells it": s.Identity(),
	} {
		t.Run(name, func(t *testing.T) {
			if got, err := Parse(typed); err != nil || got != id {
				t.Fatalf("got error %v, want the identity", err)
			}
		})
	}
	typo := []byte(id)
	typo[40] = map[bool]byte{true: 'Q', false: 'P'}[typo[40] != 'Q']
	if _, err := Parse(string(typo)); !errors.Is(err, ErrInvalid) {
		t.Fatalf("a typo in the bare identity: got %v, want ErrInvalid", err)
	}
}
