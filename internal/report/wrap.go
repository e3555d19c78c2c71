package report

import (
	"strings"
	"unicode"
)

// gofpdf's MultiCell and SplitText lose a character at every automatic
// break in UTF-8 text, so every wrapped line in this package comes from
// wrapText instead.

// noLineStart holds the characters that must never begin a line (避头).
const noLineStart = "。，、；：？！）》」』】〉〕〗〙〛］｝”’…—～·％‰℃°" +
	"．｡､﹐﹑﹒﹔﹕﹖﹗" +
	"!),:;?]}%"

// noLineEnd holds the characters that must never end a line (避尾).
const noLineEnd = "（《「『【〈〔〖〘〚［｛“‘" + "([{"

func isNoLineStart(r rune) bool { return strings.ContainsRune(noLineStart, r) }
func isNoLineEnd(r rune) bool   { return strings.ContainsRune(noLineEnd, r) }

// isIdeographic reports whether a line may break on either side of r,
// as between two Chinese characters.
func isIdeographic(r rune) bool {
	switch {
	case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo):
		return true
	case r >= 0x3000 && r <= 0x303F: // CJK symbols and punctuation
		return true
	case r >= 0xFF00 && r <= 0xFFEF: // full-width forms
		return true
	case r >= 0x2010 && r <= 0x2027: // dashes, quotes, ellipsis
		return true
	case r >= 0x2E80 && r <= 0x2FDF, r >= 0x31C0 && r <= 0x31EF, r >= 0xFE30 && r <= 0xFE4F:
		return true
	}
	return isNoLineStart(r) && r > 0x7F || isNoLineEnd(r) && r > 0x7F
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\u3000' }

// wrapText splits text into lines no wider than width, measuring each
// character with measure. Explicit newlines end a line. A line may break
// between any two ideographic characters and at spaces, never inside a
// Latin word unless the word alone is wider than the line; spaces at a
// break are dropped, every other character is kept exactly once. A
// character from noLineStart never starts a wrapped line and one from
// noLineEnd never ends one, unless a single unbreakable run is wider than
// the whole line.
func wrapText(text string, width float64, measure func(rune) float64) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		lines = append(lines, wrapParagraph([]rune(para), width, measure)...)
	}
	return lines
}

func wrapParagraph(rs []rune, width float64, measure func(rune) float64) []string {
	rs = trimRight(rs) // leading spaces are a paragraph indent (　　)
	if len(rs) == 0 {
		return []string{""}
	}
	w := make([]float64, len(rs))
	for i, r := range rs {
		w[i] = measure(r)
	}
	var lines []string
	s := 0
	for s < len(rs) {
		// e is the first character that does not fit on the line.
		e, sum := s, 0.0
		for e < len(rs) && (e == s || sum+w[e] <= width) {
			sum += w[e]
			e++
		}
		if e == len(rs) {
			lines = append(lines, string(rs[s:e]))
			break
		}
		b := lastBreak(rs, s, e)
		if b < 0 {
			// No permitted break: cut the run, but keep a closing mark
			// off the start of the next line while there is room to.
			b = e
			for b-1 > s && startsWithClosing(rs, b) {
				b--
			}
		}
		lines = append(lines, string(trimRight(rs[s:b])))
		s = skipSpaces(rs, b)
	}
	return lines
}

// startsWithClosing reports whether a line starting at b would begin with
// a noLineStart character.
func startsWithClosing(rs []rune, b int) bool {
	n := skipSpaces(rs, b)
	return n < len(rs) && isNoLineStart(rs[n])
}

// skipSpaces returns the index of the first non-space at or after i, or
// len(rs).
func skipSpaces(rs []rune, i int) int {
	for i < len(rs) && isSpace(rs[i]) {
		i++
	}
	return i
}

// lastBreak returns the largest b in (s, e] such that the line may end
// before rs[b], or -1.
func lastBreak(rs []rune, s, e int) int {
	for b := e; b > s; b-- {
		if canBreakBefore(rs, s, b) && !splitsNumber(rs, s, b) {
			return b
		}
	}
	for b := e; b > s; b-- {
		if canBreakBefore(rs, s, b) {
			return b
		}
	}
	return -1
}

// canBreakBefore reports whether a line starting at s may end just before
// rs[b]: the next line would start at the first non-space at or after b.
func canBreakBefore(rs []rune, s, b int) bool {
	next := skipSpaces(rs, b)
	last := b - 1
	for last >= s && isSpace(rs[last]) {
		last--
	}
	if last < s || next >= len(rs) {
		return false
	}
	if isNoLineStart(rs[next]) || isNoLineEnd(rs[last]) {
		return false
	}
	if next > last+1 { // spaces between them
		return true
	}
	return isIdeographic(rs[last]) || isIdeographic(rs[next])
}

// splitsNumber reports whether ending a line before rs[b] parts a number
// from its unit or its name (2024届, 热线12356): avoided where the line
// has another break.
func splitsNumber(rs []rune, s, b int) bool {
	if b <= s || b >= len(rs) {
		return false
	}
	l, n := rs[b-1], rs[b]
	return isDigit(l) && isIdeographic(n) || isIdeographic(l) && isDigit(n)
}

func trimRight(rs []rune) []rune {
	for len(rs) > 0 && isSpace(rs[len(rs)-1]) {
		rs = rs[:len(rs)-1]
	}
	return rs
}
