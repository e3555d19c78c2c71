package report

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// unitWidth measures ideographic characters as 1 and everything else as
// 0.5, like a monospaced CJK font.
func unitWidth(r rune) float64 {
	if isIdeographic(r) {
		return 1
	}
	return 0.5
}

// nonSpace returns the characters of s other than white space, sorted.
func nonSpace(s string) []rune {
	var rs []rune
	for _, r := range s {
		if !unicode.IsSpace(r) && r != '\u3000' {
			rs = append(rs, r)
		}
	}
	slices.Sort(rs)
	return rs
}

func lineWidth(s string) float64 {
	var w float64
	for _, r := range s {
		w += unitWidth(r)
	}
	return w
}

func TestWrapText(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width float64
		want  []string
	}{
		{"short text stays on one line", "心理辅导室", 10, []string{"心理辅导室"}},
		{"Chinese breaks between any two characters", "一二三四五六七", 3, []string{"一二三", "四五六", "七"}},
		{"a full stop never starts a line", "一二三。四五", 3, []string{"一二", "三。四", "五"}},
		{"a run of closing marks moves with the character before it", "一二三」。四", 3, []string{"一二", "三」。", "四"}},
		{"an opening bracket never ends a line", "一二（三）四", 3, []string{"一二", "（三）", "四"}},
		{"Latin words break at spaces", "age -d -i key.txt", 8, []string{"age -d -i", "key.txt"}},
		{"a Latin word next to Chinese breaks at the boundary", "请输入abcdef密码", 5, []string{"请输入", "abcdef密码"}},
		{"a word longer than the line is cut", "abcdefghij", 2, []string{"abcd", "efgh", "ij"}},
		{"a forced cut keeps a closing mark off the next line", "abcd,efgh", 2, []string{"abc", "d,ef", "gh"}},
		{"explicit newlines end lines", "一\n\n二", 5, []string{"一", "", "二"}},
		{"spaces at a break are dropped", "ab cd  ef", 2, []string{"ab", "cd", "ef"}},
		{"a leading full-width indent is kept", "\u3000\u3000一二三", 5, []string{"\u3000\u3000一二三"}},
		{"empty text is one empty line", "", 5, []string{""}},
		{"digits stay together with their unit boundary", "共12345人", 3, []string{"共", "12345", "人"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wrapText(tt.text, tt.width, unitWidth)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// checkWrap asserts the properties every wrapping must have: every
// non-space character kept exactly once and in order, lines no wider
// than width unless a single character is, and, if strict, no wrapped
// line starting with a 避头 character or ending with a 避尾 one.
func checkWrap(t *testing.T, text string, width float64, lines []string, strict bool) {
	t.Helper()
	join := strings.Join(lines, "\n")
	if got, want := strip(join), strip(text); got != want {
		t.Fatalf("characters changed:\ngot  %q\nwant %q", got, want)
	}
	paraStart := true
	for i, l := range lines {
		if lineWidth(l) > width && utf8.RuneCountInString(strings.TrimSpace(l)) > 1 {
			t.Errorf("line %d %q is %.1f wide, want at most %.1f", i, l, lineWidth(l), width)
		}
		if strict && !paraStart && l != "" {
			if r, _ := utf8.DecodeRuneInString(l); isNoLineStart(r) {
				t.Errorf("line %d %q starts with %q", i, l, r)
			}
		}
		paraStart = false
	}
}

func strip(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u3000' {
			return -1
		}
		return r
	}, s)
}

const longChinese = "本学期，学校心理辅导室共开放86天，接待来访学生312人次（其中初一年级128人次、初二年级104人次、初三年级80人次）；" +
	"开展“阳光心态·快乐成长”主题团体辅导12场，参与学生共计276人次。针对期中考试前后的焦虑情绪，心理教师在各班开设" +
	"《考试心理调适》专题课，并通过心理委员周报及时发现需关注的学生……同时，我们与市精神卫生中心（12356热线）建立了" +
	"转介绿色通道：对评估为高风险的学生，第一时间告知监护人，建议就医检查，并持续跟踪反馈。存在的问题：专职教师仅1人，" +
	"个案量大；部分家长对心理健康工作认识不足，说“孩子没病，不用看”！下月计划：①完成初一新生心理普查（SCL-90、MHT）；" +
	"②开展家长讲座2场；③组织心理委员培训。Mixed English words like counseling-room and long-identifier_with_underscores " +
	"also appear, e.g. https://age-encryption.org/v1 ，以及数字3.1415926和百分比95%。"

func TestWrapKeepsEveryCharacterAndHonoursClosingMarks(t *testing.T) {
	for _, width := range []float64{1.5, 2, 3, 4.5, 7, 12, 20, 33.5, 60} {
		lines := wrapText(longChinese, width, unitWidth)
		checkWrap(t, longChinese, width, lines, width >= 3)
	}
}

func FuzzWrap(f *testing.F) {
	f.Add("一二三。四五", 3.0)
	f.Add(longChinese, 7.0)
	f.Add("abc ，def（ghi）", 2.0)
	f.Add("。。。。。。", 1.0)
	f.Add("\u3000\u3000段落\r\n第二段", 4.0)
	f.Fuzz(func(t *testing.T, text string, width float64) {
		if !utf8.ValidString(text) || width < 1 || width > 1000 {
			t.Skip()
		}
		text = strings.ReplaceAll(text, "\r", "")
		lines := wrapText(text, width, unitWidth)
		checkWrap(t, text, width, lines, false)
	})
}
