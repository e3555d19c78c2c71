// Package passphrase is the vault's passphrase policy: how long, how
// guessable, and the generated passphrase offered by default.
//
// A passphrase is NFKC-normalised (as the key slot does) and must then have
// at least 12 characters; there are no composition rules and any Unicode is
// welcome. Its strength is estimated with zxcvbn's matchers and guess
// figures, with three changes for a Chinese school:
//
//   - Local dictionaries, each ranked on its own: common pinyin words and
//     password phrases (woaini, 1314 …), surnames and given names in pinyin,
//     every pinyin syllable, the generator's word list, and the years
//     1930–2049 (zxcvbn's year pattern stops at 2019). The caller's words
//     (the school's name in Chinese and pinyin, the counselor's name) are
//     zxcvbn's "user inputs", whole, in pieces, as pinyin and as initials.
//   - zxcvbn misreads text beyond ASCII, so it sees an ASCII form: Chinese
//     dates (1985年6月12日) become 1985-6-12, Chinese characters their
//     toneless pinyin (张伟 is as weak as zhangwei), other characters a
//     two-digit code. Only the first 64 characters of that form are judged.
//   - The estimate is the fewest guesses over every cut of the form into
//     matches and brute-forced characters, without zxcvbn's l! bonus for the
//     number of pieces (see estimate).
//
// Below 10¹² guesses is refused. Generate draws six words from an embedded
// list of exactly 2,048 pinyin words (66 bits) and joins them with "-". Its
// output passes: a listed word counts at least 50 guesses and a dash 10, so
// six words and five dashes count at least 1.5·10¹⁵ (a word drawn twice in a
// row, a repeat, still leaves more than 10¹²).
package passphrase

import (
	"cmp"
	_ "embed"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
	"github.com/trustelem/zxcvbn/match"
	"github.com/trustelem/zxcvbn/matching"
	"github.com/trustelem/zxcvbn/scoring"
	"golang.org/x/text/unicode/norm"
)

const (
	// MinLength is the least number of characters after NFKC.
	MinLength = 12
	// MinGuesses is the least strength estimate accepted.
	MinGuesses = 1e12
	// Words is how many words Generate draws.
	Words = 6
	// maxEstimated bounds the estimator's work (zxcvbn's dictionary
	// matcher is quadratic): a passphrase whose estimator form (see form)
	// is longer is judged on its first maxEstimated characters only, which
	// can only lower the estimate.
	maxEstimated = 64
)

// Result is the verdict on a passphrase.
type Result struct {
	OK       bool
	Guesses  float64 // estimated guesses needed (see estimate)
	Level    int     // 0 very weak … 4 very strong; OK implies Level >= 3
	ReasonZH string  // for the counselor
	ReasonEN string
}

var (
	//go:embed wordlist.txt
	wordlistTxt string
	//go:embed syllables.txt
	syllablesTxt string
	//go:embed common.txt
	commonTxt string
	//go:embed surnames.txt
	surnamesTxt string
	//go:embed givennames.txt
	givennamesTxt string
)

// category says which kind of guessable material a match is.
type category int

const (
	catNone category = iota
	catUser
	catName
	catDate
	catPinyin
	catCommon
	catRepeat
	catKeyboard
)

// list is one local dictionary: word → rank (1 = commonest).
type list struct {
	name   string
	cat    category
	rank   map[string]int
	maxLen int
}

func newList(name string, cat category, words []string) list {
	l := list{name: name, cat: cat, rank: make(map[string]int, len(words))}
	for _, w := range words {
		if _, ok := l.rank[w]; !ok {
			l.rank[w] = len(l.rank) + 1
			l.maxLen = max(l.maxLen, len(w))
		}
	}
	return l
}

// lists are the parsed embedded word lists; parsed once, never changed.
type lists struct {
	wordlist []string
	local    []list
}

var loadLists = sync.OnceValue(func() *lists {
	l := &lists{wordlist: parseList(wordlistTxt)}
	l.local = []list{
		newList("pinyin_common", catPinyin, parseList(commonTxt)),
		newList("pinyin_surnames", catName, parseList(surnamesTxt)),
		newList("pinyin_given_names", catName, parseList(givennamesTxt)),
		newList("pinyin_syllables", catPinyin, parseList(syllablesTxt)),
		newList("pinyin_wordlist", catPinyin, l.wordlist),
		newList("years", catDate, years()),
	}
	return l
})

// years lists 1930–2049, nearest to 2010 first: zxcvbn's own year pattern
// stops at 2019, and a birth year or a class year is the commonest date in a
// passphrase. The pivot is fixed so that the policy does not drift with the
// clock.
func years() []string {
	out := []string{"2010"}
	for d := 1; d <= 80; d++ {
		for _, y := range []int{2010 + d, 2010 - d} {
			if y >= 1930 && y <= 2049 {
				out = append(out, strconv.Itoa(y))
			}
		}
	}
	return out
}

// parseList reads an embedded list: fields separated by white space, lines
// starting with # ignored.
func parseList(txt string) []string {
	var out []string
	for line := range strings.Lines(txt) {
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, w := range strings.Fields(line) {
			out = append(out, strings.ToLower(w))
		}
	}
	return out
}

// Wordlist returns a copy of the generator's 2,048 words.
func Wordlist() []string { return append([]string(nil), loadLists().wordlist...) }

// Generate returns six words drawn uniformly from the 2,048-word pinyin list,
// joined with "-" (66 bits). rand must be a cryptographic source; a failing
// source is a broken machine and panics, as crypto/rand does.
func Generate(rand io.Reader) string {
	words := loadLists().wordlist
	buf := make([]byte, 2*Words)
	if _, err := io.ReadFull(rand, buf); err != nil {
		panic(fmt.Sprintf("passphrase: random source failed: %v", err))
	}
	out := make([]string, Words)
	for i := range out {
		// 2,048 divides 65,536, so masking keeps the draw uniform.
		out[i] = words[(int(buf[2*i])<<8|int(buf[2*i+1]))&(len(words)-1)]
	}
	return strings.Join(out, "-")
}

// Check applies the policy to p. userWords are words an attacker would
// know: the school's name in Chinese and pinyin, its town, the counselor's
// own name. They are matched case-insensitively, whole and in pieces.
func Check(p string, userWords []string) Result {
	n := norm.NFKC.String(p)
	length := utf8.RuneCountInString(n)
	var user []string
	for _, w := range userWords {
		if r := []rune(w); len(r) > maxEstimated {
			w = string(r[:maxEstimated]) // bounds the pieces a caller can make us try
		}
		user = append(user, variants(w)...)
	}
	f := form(n)
	guesses, seq := estimate(f, user, loadLists().local)
	// Pinyin typed a syllable at a time ("wo ai ni zhong guo") is the
	// phrase itself to an attacker: judged joined up, once more for the
	// choice of separator, it must pass too.
	if joined, ok := joinSyllables(f); ok {
		if g, s := estimate(joined, user, loadLists().local); g*sepGuesses < guesses {
			guesses, seq = g*sepGuesses, s
		}
	}
	res := Result{Guesses: guesses, Level: level(guesses)}
	switch {
	case length < MinLength:
		res.Level = 0
		res.ReasonZH = fmt.Sprintf("太短：至少需要%d个字符（现在%d个）", MinLength, length)
		res.ReasonEN = fmt.Sprintf("Too short: at least %d characters (now %d)", MinLength, length)
	case guesses < MinGuesses:
		res.ReasonZH, res.ReasonEN = weakReason(classify(seq, loadLists().local))
	default:
		res.OK = true
		if res.Level >= 4 {
			res.ReasonZH, res.ReasonEN = "强度：很强", "Strength: very strong"
		} else {
			res.ReasonZH, res.ReasonEN = "强度：强", "Strength: strong"
		}
	}
	return res
}

func level(guesses float64) int {
	switch {
	case guesses < 1e6:
		return 0
	case guesses < 1e9:
		return 1
	case guesses < MinGuesses:
		return 2
	case guesses < 1e16:
		return 3
	}
	return 4
}

func weakReason(c category) (zh, en string) {
	switch c {
	case catUser:
		return "太容易被猜到：包含学校名称或相关词语", "Too easy to guess: contains the school's name or related words"
	case catName, catPinyin:
		return "太容易被猜到：包含常见拼音或姓名", "Too easy to guess: contains common pinyin or names"
	case catDate:
		return "太容易被猜到：包含日期（如生日）", "Too easy to guess: contains a date (such as a birthday)"
	case catCommon:
		return "太容易被猜到：包含常用密码或常见单词", "Too easy to guess: contains a common password or word"
	case catRepeat:
		return "太容易被猜到：有重复的部分", "Too easy to guess: has repeated parts"
	case catKeyboard:
		return "太容易被猜到：包含连续或键盘上相邻的字符", "Too easy to guess: contains a sequence or neighbouring keys"
	}
	return "太容易被猜到：请再加长一些，或使用生成的口令", "Too easy to guess: make it longer, or use the generated passphrase"
}

// classify names the kind of material that covers most of the estimate's
// pieces; ties go to the earlier (more specific) category, and the school's
// own words are named whenever they appear: that advice matters most.
func classify(seq []*match.Match, local []list) category {
	cover := map[category]int{}
	for _, m := range seq {
		c := catNone
		switch m.Pattern {
		case "dictionary":
			c = catCommon
			if m.DictionaryName == "user_inputs" {
				c = catUser
			}
			for _, l := range local {
				if m.DictionaryName == l.name {
					c = l.cat
				}
			}
		case "date", "regex":
			c = catDate
		case "repeat":
			c = catRepeat
		case "sequence", "spatial":
			c = catKeyboard
		}
		if c != catNone {
			cover[c] += utf8.RuneCountInString(m.Token)
		}
	}
	if cover[catUser] > 0 {
		return catUser
	}
	best := catNone
	for c := catUser; c <= catKeyboard; c++ {
		if cover[c] > cover[best] {
			best = c
		}
	}
	return best
}

// variants are the forms in which a caller's word may turn up in a
// passphrase, as the estimator sees them (see form): whole, its pieces, and
// for Chinese its pinyin, its initials and the pinyin of every run of two to
// four characters (北京市第四中学 → beijingshidisizhongxue, bjsdszx, beijing,
// sizhong, zhongxue …).
func variants(w string) []string {
	w = strings.ToLower(norm.NFKC.String(w))
	var out []string
	add := func(s string) {
		if f := strings.ToLower(form(s)); len(f) >= 2 {
			out = append(out, f)
		}
	}
	add(strings.Join(strings.Fields(w), ""))
	for _, f := range strings.FieldsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if utf8.RuneCountInString(f) >= 3 {
			add(f)
		}
	}
	var han []rune
	flush := func() {
		if len(han) >= 2 {
			var initials strings.Builder
			for _, r := range han {
				initials.WriteByte(syllable(r)[0])
			}
			add(initials.String())
			for size := 2; size <= 4; size++ {
				for i := 0; i+size <= len(han); i++ {
					add(string(han[i : i+size]))
				}
			}
		}
		han = han[:0]
	}
	for _, r := range w {
		if unicode.Is(unicode.Han, r) {
			han = append(han, r)
		} else {
			flush()
		}
	}
	flush()
	return out
}

// sepGuesses is what the choice of one separator, used throughout a
// phrase, is worth.
const sepGuesses = 10

// isSeparator tells the characters people put between words.
func isSeparator(c byte) bool { return strings.IndexByte(" -_.,+/", c) >= 0 }

// joinSyllables drops the separators next to a single pinyin syllable
// (or a Chinese character's pinyin) in f: "wo ai ni zhongguo" becomes
// "woainizhongguo". Separators between longer words, such as the
// generator's two-syllable words, stay. ok is false when nothing changed.
func joinSyllables(f string) (string, bool) {
	var syl map[string]int
	for _, l := range loadLists().local {
		if l.name == "pinyin_syllables" {
			syl = l.rank
		}
	}
	type tok struct {
		s   string
		sep bool
	}
	var toks []tok
	for i := 0; i < len(f); {
		j := i
		sep := isSeparator(f[i])
		for j < len(f) && isSeparator(f[j]) == sep {
			j++
		}
		toks = append(toks, tok{f[i:j], sep})
		i = j
	}
	var b strings.Builder
	changed := false
	for i, t := range toks {
		if t.sep && i > 0 && i < len(toks)-1 {
			_, l := syl[strings.ToLower(toks[i-1].s)]
			_, r := syl[strings.ToLower(toks[i+1].s)]
			if l || r {
				changed = true
				continue
			}
		}
		b.WriteString(t.s)
	}
	return b.String(), changed
}

// syllable is the toneless pinyin of one Chinese character, or the
// character itself when it has none.
func syllable(r rune) string {
	if py := pinyin.SinglePinyin(r, pinyin.Args{Style: pinyin.Normal}); len(py) > 0 && py[0] != "" {
		return py[0]
	}
	return string(r)
}

// chineseDate matches 1985年6月12日, 85年6月12号, 6月12日.
var chineseDate = regexp.MustCompile(`(?:(\d{2,4})年)?(\d{1,2})月(\d{1,2})[日号]?`)

// form is the ASCII string the estimator sees. zxcvbn slices strings by
// bytes and misjudges anything beyond ASCII (Chinese text scores as 0
// guesses or as pure brute force), so Chinese dates become digits, Chinese
// characters their pinyin, and any other non-ASCII character a two-digit
// code (collisions only make the estimate lower, never higher).
func form(n string) string {
	if r := []rune(n); len(r) > maxEstimated {
		n = string(r[:maxEstimated]) // each rune gives at least one ASCII character
	}
	n = chineseDate.ReplaceAllStringFunc(n, func(m string) string {
		g := chineseDate.FindStringSubmatch(m)
		if g[1] == "" {
			return g[2] + "-" + g[3]
		}
		return g[1] + "-" + g[2] + "-" + g[3]
	})
	var b strings.Builder
	for _, r := range n {
		switch {
		case r < utf8.RuneSelf:
			b.WriteRune(r)
		case unicode.Is(unicode.Han, r):
			b.WriteString(syllable(r))
		default:
			fmt.Fprintf(&b, "%02d", r%100)
		}
	}
	f := b.String()
	return f[:min(len(f), maxEstimated)]
}

// estimate returns the fewest guesses over every way of cutting f into
// zxcvbn's matches and brute-forced characters (10 guesses each, zxcvbn's
// own cardinality), as the product of the pieces' guesses, and the pieces.
// zxcvbn itself multiplies by l! for l pieces, betting that an attacker does
// not know their order, and its optimiser then prefers few long brute-force
// runs; a counselor's phrase comes in natural order ("woaini-zhongguo-beijing"
// would pass at 9·10¹², "北京四中2024年毕业了" at 7·10¹³), so the bonus is
// dropped and the cut is re-optimised for the product alone.
func estimate(f string, user []string, local []list) (float64, []*match.Match) {
	n := len(f) // ASCII, so bytes are characters
	if n == 0 {
		return 1, nil
	}
	byEnd := make([][]*match.Match, n)
	for _, m := range append(matching.Omnimatch(f, user), localMatches(f, local)...) {
		if m.I >= 0 && m.J < n && m.I <= m.J {
			byEnd[m.J] = append(byEnd[m.J], m)
		}
	}
	// zxcvbn returns matches in map order; sort each bucket so that equal
	// costs always resolve the same way, the caller's words first, then the
	// local lists, then zxcvbn's own (the reason shown must not flicker).
	pref := func(m *match.Match) int {
		if m.DictionaryName == "user_inputs" {
			return 0
		}
		for i, l := range local {
			if m.DictionaryName == l.name {
				return 1 + i
			}
		}
		return 1 + len(local)
	}
	for _, b := range byEnd {
		slices.SortFunc(b, func(x, y *match.Match) int {
			return cmp.Or(cmp.Compare(pref(x), pref(y)), cmp.Compare(x.I, y.I),
				strings.Compare(x.Pattern, y.Pattern), strings.Compare(x.DictionaryName, y.DictionaryName),
				strings.Compare(x.MatchedWord, y.MatchedWord), cmp.Compare(x.Guesses, y.Guesses))
		})
	}
	logG := make([]float64, n+1) // log10 of the fewest guesses for f[:k]
	last := make([]*match.Match, n+1)
	for k := 1; k <= n; k++ {
		logG[k] = logG[k-1] + 1 // one brute-forced character
		last[k] = nil
		for _, m := range byEnd[k-1] {
			if c := logG[m.I] + math.Log10(max(scoring.EstimateGuesses(m, f), 1)); c < logG[k] {
				logG[k], last[k] = c, m
			}
		}
	}
	var seq []*match.Match
	for k := n; k > 0; {
		if m := last[k]; m != nil {
			seq = append(seq, m)
			k = m.I
		} else {
			k--
		}
	}
	slices.Reverse(seq)
	return max(math.Pow(10, logG[n]), 1), seq
}

// localMatches finds the words of the local lists in f, each list ranked on
// its own as zxcvbn ranks its built-in ones. (Handing them to zxcvbn as one
// "user inputs" list would rank a common surname behind every syllable.)
func localMatches(f string, local []list) []*match.Match {
	lower := strings.ToLower(f)
	var out []*match.Match
	for _, l := range local {
		for i := range len(lower) {
			for j := i + 1; j <= min(len(lower), i+l.maxLen); j++ {
				if r, ok := l.rank[lower[i:j]]; ok {
					out = append(out, &match.Match{
						Pattern: "dictionary", I: i, J: j - 1, Token: f[i:j],
						MatchedWord: lower[i:j], Rank: r, DictionaryName: l.name,
					})
				}
			}
		}
	}
	return out
}
