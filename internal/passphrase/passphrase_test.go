package passphrase

import (
	"bytes"
	"crypto/rand"
	"regexp"
	"strings"
	"testing"
)

var school = []string{"北京市第四中学", "Beijing No.4 High School", "四中", "王老师"}

func TestWordlistHasExactly2048UniqueLowercaseWords(t *testing.T) {
	words := Wordlist()
	if len(words) != 2048 {
		t.Fatalf("got %d words, want 2048", len(words))
	}
	seen := map[string]bool{}
	valid := regexp.MustCompile(`^[a-z]+$`)
	for _, w := range words {
		if !valid.MatchString(w) {
			t.Fatalf("got %q, want lowercase ASCII letters only", w)
		}
		if seen[w] {
			t.Fatalf("got %q twice, want unique words", w)
		}
		seen[w] = true
	}
	// The embedded file is the list: one word a line, nothing else.
	if got := strings.Count(wordlistTxt, "\n"); got != 2048 {
		t.Fatalf("wordlist.txt: got %d lines, want 2048", got)
	}
}

func TestGenerateMapsRandomBytesToWords(t *testing.T) {
	words := Wordlist()
	// Two bytes a word, big-endian, low 11 bits: 0x0000 → 0, 0x07ff → 2047,
	// 0xf801 → 1 (the high bits are masked off), 0x0400 → 1024.
	src := []byte{0x00, 0x00, 0x07, 0xff, 0xf8, 0x01, 0x04, 0x00, 0x00, 0x02, 0xff, 0xff}
	got := Generate(bytes.NewReader(src))
	want := strings.Join([]string{words[0], words[2047], words[1], words[1024], words[2], words[2047]}, "-")
	if got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestGenerateDrawsSixWordsFromTheList(t *testing.T) {
	inList := map[string]bool{}
	for _, w := range Wordlist() {
		inList[w] = true
	}
	seen := map[string]bool{}
	for range 200 {
		p := Generate(rand.Reader)
		parts := strings.Split(p, "-")
		if len(parts) != 6 {
			t.Fatalf("got %d words, want 6", len(parts))
		}
		for _, w := range parts {
			if !inList[w] {
				t.Fatalf("got %q, not in the word list", w)
			}
		}
		seen[p] = true
	}
	if len(seen) != 200 {
		t.Fatalf("got %d distinct passphrases out of 200, want 200", len(seen))
	}
}

func TestGenerateRefusesABrokenRandomSource(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("got no panic from a 3-byte random source")
		}
	}()
	Generate(bytes.NewReader([]byte{1, 2, 3}))
}

func TestGeneratedPassphrasesPass(t *testing.T) {
	for range 300 {
		p := Generate(rand.Reader)
		r := Check(p, school)
		if !r.OK || r.Level < 3 {
			t.Fatalf("generated passphrase refused: guesses %.3g level %d reason %s", r.Guesses, r.Level, r.ReasonEN)
		}
	}
}

func TestPolicy(t *testing.T) {
	const (
		short   = "太短"
		pinyin  = "太容易被猜到：包含常见拼音或姓名"
		date    = "太容易被猜到：包含日期"
		schoolR = "太容易被猜到：包含学校名称或相关词语"
		common  = "太容易被猜到：包含常用密码或常见单词"
		repeat  = "太容易被猜到：有重复的部分"
		strong  = "强度："
	)
	tests := []struct {
		name   string
		p      string
		words  []string
		wantOK bool
		reason string
	}{
		{"an empty passphrase is too short", "", nil, false, short},
		{"eleven letters are too short", "abcdefghijk", nil, false, short},
		{"eleven random-looking characters are still too short", "x7#Kq2!vLm9", nil, false, short},
		{"ten Chinese characters are too short", "春眠不觉晓处处闻啼鸟", nil, false, short},
		{"eleven full-width characters are too short after NFKC", "ｍｉｍａ１２３４５６７", nil, false, short},
		{"woaini with 1314 is pinyin", "woaini1314woaini", nil, false, pinyin},
		{"woainizhongguo is pinyin", "woainizhongguo", nil, false, pinyin},
		{"woaini typed in Chinese is pinyin", "我爱你中国我爱你中国我爱你", nil, false, pinyin},
		{"three common pinyin words with dashes are pinyin", "woaini-zhongguo-beijing", nil, false, pinyin},
		{"a name and a birthday are refused", "zhangwei19850612", nil, false, pinyin},
		{"a name and a dashed birthday name the date", "wangfang1990-06-12", nil, false, date},
		{"a Chinese name and a Chinese date are refused", "李娜1988年3月5日生日快乐", nil, false, pinyin},
		{"two dates in Chinese characters name the date", "1988年3月5日和2001年12月25日", nil, false, date},
		{"the school's name in pinyin and a year", "beijingsizhong2024", school, false, schoolR},
		{"the school's name in Chinese and a year", "北京四中2024年毕业了", school, false, schoolR},
		{"the school's initials and digits", "bjsz123456789", school, false, schoolR},
		{"a common password made long", "password123456", nil, false, common},
		{"a repeated letter", "aaaaaaaaaaaaaaaa", nil, false, repeat},
		{"a keyboard row and digits", "qwertyuiop123", nil, false, ""},
		{"four unusual English words pass", "correct horse battery staple", nil, true, strong},
		{"a generated-style passphrase passes", "lanhua-xiaogou-mifan-shuye-qiushui-dongxue", nil, true, strong},
		// Pinyin typed a syllable at a time is the phrase it spells: a few
		// dictionary words, not random letters.
		{"syllables of a common phrase with spaces", "wo ai ni zhong guo bei jing", nil, false, pinyin},
		{"syllables of a common phrase with dashes", "wo-ai-ni-zhong-guo-bei-jing", nil, false, pinyin},
		{"the same phrase joined", "woainizhongguobeijing", nil, false, pinyin},
		{"syllables of a greeting", "ni hao shi jie ni hao ma", nil, false, pinyin},
		{"syllables repeated", "xin qing xin qing xin qing", nil, false, repeat},
		{"single syllables mixed with words", "wo ai ni zhongguo beijing", nil, false, pinyin},
		{"six syllables are three words", "lan-hua-xiao-gou-mi-fan", nil, false, pinyin},
		{"the school's name in syllables", "bei jing si zhong 2024 nian", school, false, schoolR},
		{"a long Chinese sentence passes", "窗外的梧桐树在秋天落满了金黄叶子", nil, true, strong},
		{"a Chinese sentence with punctuation passes", "去年夏天我们在青海湖边看见了三只黑颈鹤！", nil, true, strong},
		{"Greek words pass", "Γειά σου Κόσμε καλημέρα", nil, true, strong},
		{"emoji and words pass", "🌳月光🐟照进了旧书店的窗🌙", nil, true, strong},
		{"the school's words do not weaken an unrelated passphrase", "窗外的梧桐树在秋天落满了金黄叶子", school, true, strong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Check(tt.p, tt.words)
			if r.OK != tt.wantOK {
				t.Fatalf("got OK=%v (guesses %.3g, %s), want %v", r.OK, r.Guesses, r.ReasonZH, tt.wantOK)
			}
			if !strings.HasPrefix(r.ReasonZH, tt.reason) {
				t.Fatalf("got reason %q, want it to start with %q", r.ReasonZH, tt.reason)
			}
			if r.ReasonEN == "" {
				t.Fatal("got no English reason")
			}
			if r.OK && (r.Guesses < MinGuesses || r.Level < 3) {
				t.Fatalf("got OK with guesses %.3g level %d", r.Guesses, r.Level)
			}
			if !r.OK && !strings.HasPrefix(tt.reason, "太短") && r.Guesses >= MinGuesses {
				t.Fatalf("refused for strength with guesses %.3g", r.Guesses)
			}
		})
	}
}

func TestLengthIsCountedAfterNFKC(t *testing.T) {
	// Eleven é written as e + combining accent: 22 code points, 11 characters.
	decomposed := strings.Repeat("e\u0301", 11)
	if r := Check(decomposed, nil); r.OK || !strings.Contains(r.ReasonZH, "现在11个") {
		t.Fatalf("got %q, want too short with 11 characters", r.ReasonZH)
	}
	if r := Check("ｍｉｍａ１２３４５６７", nil); !strings.Contains(r.ReasonZH, "现在11个") {
		t.Fatalf("got %q, want 11 characters counted", r.ReasonZH)
	}
}

func TestFullWidthAndHalfWidthAreJudgedAlike(t *testing.T) {
	half := Check("woaini1314woaini", nil)
	full := Check("ｗｏａｉｎｉ１３１４ｗｏａｉｎｉ", nil)
	if half.Guesses != full.Guesses || half.OK != full.OK {
		t.Fatalf("got half-width %.3g/%v and full-width %.3g/%v, want equal", half.Guesses, half.OK, full.Guesses, full.OK)
	}
}

func TestLevels(t *testing.T) {
	tests := []struct {
		guesses float64
		want    int
	}{{1, 0}, {999_999, 0}, {1e6, 1}, {1e9, 2}, {1e12 - 1, 2}, {1e12, 3}, {1e16, 4}, {1e30, 4}}
	for _, tt := range tests {
		if got := level(tt.guesses); got != tt.want {
			t.Fatalf("level(%.3g): got %d, want %d", tt.guesses, got, tt.want)
		}
	}
	if r := Check("lanhua-xiaogou-mifan-shuye-qiushui", nil); r.Level != 4 || r.ReasonZH != "强度：很强" {
		t.Fatalf("got level %d %q, want 4 强度：很强", r.Level, r.ReasonZH)
	}
}

func TestVariantsOfTheSchoolName(t *testing.T) {
	got := strings.Join(variants("北京市第四中学"), " ")
	for _, want := range []string{"beijingshidisizhongxue", "bjsdszx", "beijing", "sizhong", "zhongxue", "disizhongxue"} {
		if !strings.Contains(" "+got+" ", " "+want+" ") {
			t.Fatalf("got %q, want it to hold %q", got, want)
		}
	}
	got = strings.Join(variants("Beijing No.4 High School"), " ")
	for _, want := range []string{"beijingno.4highschool", "beijing", "high", "school"} {
		if !strings.Contains(" "+got+" ", " "+want+" ") {
			t.Fatalf("got %q, want it to hold %q", got, want)
		}
	}
}

func TestEstimatorForm(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"ASCII is kept", "Abc-123", "Abc-123"},
		{"Chinese becomes pinyin", "张伟", "zhangwei"},
		{"a Chinese date becomes digits", "1985年6月12日", "1985-6-12"},
		{"a Chinese month and day become digits", "6月12号", "6-12"},
		{"other scripts become two-digit codes", "αβ", "4546"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := form(tt.in); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestYears(t *testing.T) {
	y := years()
	if len(y) != 120 || y[0] != "2010" {
		t.Fatalf("got %d years starting %s, want 120 starting 2010", len(y), y[0])
	}
	seen := map[string]bool{}
	for _, s := range y {
		seen[s] = true
	}
	for _, want := range []string{"1930", "1985", "2024", "2049"} {
		if !seen[want] {
			t.Fatalf("got no %s", want)
		}
	}
}

func BenchmarkCheckLongChinese(b *testing.B) {
	p := strings.Repeat("窗外的梧桐树在秋天落满了金黄叶子", 8)
	for b.Loop() {
		Check(p, school)
	}
}

// The weakest draws the generator can make still pass: the first words of
// the list, and one word drawn twice in a row.
func TestWeakestGeneratedShapesPass(t *testing.T) {
	w := Wordlist()
	for name, p := range map[string]string{
		"the six first words":           strings.Join(w[:6], "-"),
		"a word drawn twice in a row":   strings.Join([]string{w[0], w[0], w[1], w[2], w[3], w[4]}, "-"),
		"two words each drawn twice":    strings.Join([]string{w[0], w[0], w[1], w[1], w[2], w[3]}, "-"),
		"the six last words":            strings.Join(w[len(w)-6:], "-"),
		"six short words from the list": shortest(w, 6),
	} {
		t.Run(name, func(t *testing.T) {
			if r := Check(p, school); !r.OK {
				t.Fatalf("got refused with %.3g guesses (%s), want OK", r.Guesses, r.ReasonEN)
			}
		})
	}
}

func shortest(words []string, n int) string {
	var out []string
	for _, w := range words {
		if len(w) == 4 && len(out) < n {
			out = append(out, w)
		}
	}
	return strings.Join(out, "-")
}

// zxcvbn works from maps; the verdict and its reason must not change from
// one call to the next.
func TestCheckIsDeterministic(t *testing.T) {
	for _, p := range []string{"woaini1314woaini", "password-zhongguo", "北京四中2024年毕业了", "zhangwei19850612", "qwertyuiop123"} {
		first := Check(p, school)
		for range 30 {
			if got := Check(p, school); got != first {
				t.Fatalf("%q: got %+v, then %+v", p, first, got)
			}
		}
	}
}
