// Package sheet turns the vault identity into the printed recovery sheet and
// reads it back, naming the group that holds a typo.
//
// The vault identity is an age hybrid identity, "AGE-SECRET-KEY-PQ-1" followed
// by 58 bech32 characters (52 of key, 6 of bech32 checksum). The sheet prints
// only those 58 characters, uppercase, in 15 groups of five:
//
//	groups 1–14:  four identity characters, then one check character
//	group 15:     the last two identity characters, two sheet-check
//	              characters, then one check character
//
// Every character is one of bech32's 32 ("qpzry9x8gf2tvdw0s3jn54khce6mua7l",
// no 1, b, i or o) read as an element of GF(32) (x⁵+x³+1, as bech32). The
// check character of group g (1-based) over its first four characters t₀…t₃ is
//
//	c = α·t₀ + α²·t₁ + α³·t₂ + α⁴·t₃ + α^(5+g)      (α = x)
//
// The weights α…α⁴ and 1 (for c itself) are distinct and non-zero, so any
// single substitution and any swap of two unequal neighbours inside a group
// breaks the equation; the α^(5+g) term makes a group typed in the wrong
// place fail too. The two sheet-check characters of group 15 are
// s₀ = Σ αⁱ·pᵢ and s₁ = Σ α³ⁱ·pᵢ over the identity characters p₁…p₅₈: a
// second, sheet-wide line of defence before bech32's own checksum, which age
// verifies last. (Group 15's check character covers its four leading
// characters like any other group's.)
//
// Which group Parse names:
//   - a wrong character or a swap inside a group: that group;
//   - a swap across a boundary (last of g with first of g+1): g, the first
//     group that no longer checks;
//   - a character that is not on the sheet at all: the group at its position;
//   - one character too few or too many: Parse finds the single insertion or
//     deletion that makes the whole sheet valid and names the group where it
//     lies (an extra character between groups g and g+1 is named g+1, one
//     after the last group 15). Where the typo sits in a run of equal
//     characters every position of the run repairs it; the first group the
//     run touches is named;
//   - anything else: the first group that does not check.
//
// Without this program, the stock age tool reads the identity as
// "AGE-SECRET-KEY-PQ-1" followed by the first four characters of groups 1–14
// and the first two of group 15 (see Sheet.Identity).
package sheet

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"filippo.io/age"
	"golang.org/x/text/unicode/norm"
)

const (
	// Prefix is the fixed start of every age hybrid identity; it is not typed.
	Prefix = "AGE-SECRET-KEY-PQ-1"

	charset     = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
	payloadLen  = 58 // bech32 data + checksum of a 32-byte key
	groupLen    = 5
	payloadPer  = 4
	groupCount  = 15
	typedLen    = groupCount * groupLen
	lastPayload = payloadLen - (groupCount-1)*payloadPer // 2
)

var (
	// ErrEmpty means nothing was typed.
	ErrEmpty = errors.New("sheet: nothing typed")
	// ErrInvalid means every group checks but the whole does not: more than
	// one typo, or a sheet of another format. No single group can be named.
	ErrInvalid = errors.New("sheet: not a valid recovery sheet")
)

// GroupError names the group (1-based) that holds a typo.
type GroupError struct {
	Group  int
	Reason string // Simplified Chinese, for the counselor
}

func (e *GroupError) Error() string {
	return fmt.Sprintf("恢复表第%d组有误：%s", e.Group, e.Reason)
}

// Reasons given in GroupError.Reason.
const (
	ReasonWrong   = "有字符写错或顺序颠倒，请对照恢复表重新输入这一组"
	ReasonMissing = "少了一个字符，请对照恢复表重新输入这一组"
	ReasonExtra   = "多了一个字符，请对照恢复表重新输入这一组"
	ReasonShort   = "这一组及后面的组没有输入完整"
	ReasonLong    = "恢复表后面多了字符"
)

// Sheet is what is printed, in order.
type Sheet struct{ Groups []string }

// Format lays out identity as a recovery sheet.
func Format(identity string) (Sheet, error) {
	id, err := age.ParseHybridIdentity(identity)
	if err != nil {
		// age's message may quote key material; say one vague thing.
		return Sheet{}, errors.New("format recovery sheet: not an age hybrid identity")
	}
	canonical := strings.ToLower(id.String())
	payload, ok := strings.CutPrefix(canonical, strings.ToLower(Prefix))
	if !ok || len(payload) != payloadLen {
		return Sheet{}, errors.New("format recovery sheet: unexpected identity length")
	}
	syms := make([]byte, payloadLen)
	for i := range payload {
		syms[i] = byte(strings.IndexByte(charset, payload[i]))
	}
	full := layout(syms)
	s := Sheet{Groups: make([]string, groupCount)}
	for g := range groupCount {
		s.Groups[g] = strings.ToUpper(encode(full[g*groupLen : (g+1)*groupLen]))
	}
	return s, nil
}

// layout interleaves the check characters into the 58 identity symbols.
func layout(p []byte) []byte {
	out := make([]byte, 0, typedLen)
	for g := range groupCount - 1 {
		out = append(out, p[g*payloadPer:(g+1)*payloadPer]...)
		out = append(out, groupCheck(g+1, out[len(out)-payloadPer:]))
	}
	s0, s1 := sheetCheck(p)
	out = append(out, p[payloadLen-lastPayload:]...)
	out = append(out, s0, s1)
	return append(out, groupCheck(groupCount, out[len(out)-payloadPer:]))
}

// Identity is the age identity the sheet encodes, for the stock age tool.
func (s Sheet) Identity() string {
	var b strings.Builder
	b.WriteString(Prefix)
	for i, g := range s.Groups {
		n := payloadPer
		if i == len(s.Groups)-1 {
			n = lastPayload
		}
		b.WriteString(g[:min(n, len(g))])
	}
	return b.String()
}

// Lines lays the groups out perLine to a line ("ABCDE FGHIJ …"); perLine <= 0
// puts every group on one line.
func (s Sheet) Lines(perLine int) []string {
	if perLine <= 0 {
		perLine = max(len(s.Groups), 1)
	}
	var lines []string
	for g := range slices.Chunk(s.Groups, perLine) {
		lines = append(lines, strings.Join(g, " "))
	}
	return lines
}

// Confirm chooses two distinct groups (0-based indices into s.Groups, in
// ascending order) for the counselor to type back. pick(n) returns a random
// int in [0, n).
func Confirm(s Sheet, pick func(n int) int) (idx [2]int) {
	n := len(s.Groups)
	if n < 2 {
		return [2]int{0, 0}
	}
	i := mod(pick(n), n)
	j := mod(pick(n-1), n-1)
	if j >= i {
		j++
	}
	if j < i {
		i, j = j, i
	}
	return [2]int{i, j}
}

func mod(v, n int) int { return ((v % n) + n) % n }

// CheckGroup reports whether typed is group idx (0-based) of s, ignoring
// case, spaces, dashes and full-width forms.
func CheckGroup(s Sheet, idx int, typed string) bool {
	if idx < 0 || idx >= len(s.Groups) {
		return false
	}
	return clean(typed) == strings.ToLower(s.Groups[idx])
}

// clean folds what a person might type around the groups: full-width forms
// (NFKC), case, white space of any kind and dashes.
func clean(typed string) string {
	typed = strings.ToLower(norm.NFKC.String(typed))
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) || r == '_' {
			return -1
		}
		return r
	}, typed)
}

// Parse reads a typed recovery sheet and returns the vault identity. Case,
// spaces, dashes, new lines and full-width forms are ignored; the
// "AGE-SECRET-KEY-PQ-1" prefix may be typed or left out. A typo is reported
// as a *GroupError naming its group (see the package comment). The bare age
// identity (prefix and 58 characters, without check characters) is accepted
// too; a typo in it can only be reported as ErrInvalid.
func Parse(typed string) (identity string, err error) {
	s := clean(typed)
	s, prefixed := strings.CutPrefix(s, strings.ToLower(strings.ReplaceAll(Prefix, "-", "")))
	if s == "" {
		return "", ErrEmpty
	}
	if prefixed && len(s) == payloadLen {
		// The bare age identity (Sheet.Identity, or age-keygen's output):
		// no group checks to locate a typo, but bech32 still catches it.
		identity := Prefix + strings.ToUpper(s)
		if _, err := age.ParseHybridIdentity(identity); err != nil {
			return "", ErrInvalid
		}
		return identity, nil
	}
	syms := make([]byte, 0, len(s))
	for i, r := range []rune(s) {
		k := strings.IndexRune(charset, r)
		if k < 0 {
			return "", &GroupError{Group: min(i/groupLen+1, groupCount),
				Reason: fmt.Sprintf("含有恢复表上没有的字符“%c”%s", unicode.ToUpper(r), lookalike(r))}
		}
		syms = append(syms, byte(k))
	}
	switch len(syms) {
	case typedLen:
		if g := firstBadGroup(syms); g > 0 {
			return "", &GroupError{Group: g, Reason: ReasonWrong}
		}
		return verify(syms)
	case typedLen - 1:
		if q, ok := repairDeletion(syms); ok {
			return "", &GroupError{Group: groupOf(q), Reason: ReasonMissing}
		}
	case typedLen + 1:
		if q, ok := repairInsertion(syms); ok {
			return "", &GroupError{Group: groupOf(q), Reason: ReasonExtra}
		}
	}
	if g := firstBadGroup(syms); g > 0 {
		if len(syms) < typedLen && g > len(syms)/groupLen {
			return "", &GroupError{Group: g, Reason: ReasonShort}
		}
		return "", &GroupError{Group: g, Reason: ReasonWrong}
	}
	if len(syms) > typedLen {
		return "", &GroupError{Group: groupCount, Reason: ReasonLong}
	}
	return "", ErrInvalid
}

// lookalike suggests the sheet character a stray one was probably meant to be.
func lookalike(r rune) string {
	switch r {
	case 'o':
		return "（恢复表上只有数字0，没有字母O）"
	case 'i', '1':
		return "（恢复表上只有字母L，没有字母I和数字1）"
	case 'b':
		return "（恢复表上只有数字8，没有字母B）"
	}
	return ""
}

func groupOf(pos int) int { return min(pos/groupLen+1, groupCount) }

// firstBadGroup returns the first 1-based group that does not check at the
// normal alignment (a partial group does not check), or 0 if all do.
func firstBadGroup(syms []byte) int {
	for g := range groupCount {
		lo := g * groupLen
		if lo+groupLen > len(syms) {
			return g + 1
		}
		grp := syms[lo : lo+groupLen]
		if groupCheck(g+1, grp[:payloadPer]) != grp[payloadPer] {
			return g + 1
		}
	}
	return 0
}

// valid reports whether a 75-symbol sheet passes every group check, the
// sheet check and the bech32 checksum. It stops short of age's parse, which
// costs a key expansion, because the repair search calls it thousands of
// times; Parse still lets age verify whatever it returns.
func valid(syms []byte) bool {
	if firstBadGroup(syms) != 0 {
		return false
	}
	p, ok := payload(syms)
	return ok && bech32Valid(p)
}

// repairDeletion finds the first position where inserting one symbol makes
// the sheet valid.
func repairDeletion(syms []byte) (int, bool) {
	cand := make([]byte, typedLen)
	for q := 0; q <= len(syms); q++ {
		copy(cand, syms[:q])
		copy(cand[q+1:], syms[q:])
		for c := range byte(len(charset)) {
			cand[q] = c
			if valid(cand) {
				return q, true
			}
		}
	}
	return 0, false
}

// repairInsertion finds the first position whose removal makes the sheet valid.
func repairInsertion(syms []byte) (int, bool) {
	cand := make([]byte, typedLen)
	for q := range syms {
		copy(cand, syms[:q])
		copy(cand[q:], syms[q+1:])
		if valid(cand) {
			return q, true
		}
	}
	return 0, false
}

// payload extracts the 58 identity symbols and checks the sheet-wide characters.
func payload(syms []byte) ([]byte, bool) {
	p := make([]byte, 0, payloadLen)
	for g := range groupCount - 1 {
		p = append(p, syms[g*groupLen:g*groupLen+payloadPer]...)
	}
	last := syms[(groupCount-1)*groupLen:]
	p = append(p, last[:lastPayload]...)
	s0, s1 := sheetCheck(p)
	return p, s0 == last[lastPayload] && s1 == last[lastPayload+1]
}

// verify checks the sheet-wide characters and lets age parse the identity.
func verify(syms []byte) (string, error) {
	p, ok := payload(syms)
	if !ok {
		return "", ErrInvalid
	}
	identity := Prefix + strings.ToUpper(encode(p))
	if _, err := age.ParseHybridIdentity(identity); err != nil {
		return "", ErrInvalid
	}
	return identity, nil
}

// bech32Valid checks the BIP 173 checksum of the identity symbols under the
// age hybrid identity's human-readable part.
func bech32Valid(p []byte) bool {
	hrp := strings.ToLower(strings.TrimSuffix(Prefix, "1"))
	values := make([]byte, 0, 2*len(hrp)+1+len(p))
	for i := range len(hrp) {
		values = append(values, hrp[i]>>5)
	}
	values = append(values, 0)
	for i := range len(hrp) {
		values = append(values, hrp[i]&31)
	}
	values = append(values, p...)
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	for _, v := range values {
		top := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(v)
		for i := range 5 {
			if top>>i&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	return chk == 1
}

func encode(syms []byte) string {
	b := make([]byte, len(syms))
	for i, s := range syms {
		b[i] = charset[s]
	}
	return string(b)
}

// gfMul multiplies in GF(32) = GF(2)[x]/(x⁵+x³+1).
func gfMul(a, b byte) byte {
	var r byte
	for ; b != 0; b >>= 1 {
		if b&1 != 0 {
			r ^= a
		}
		a <<= 1
		if a&0x20 != 0 {
			a ^= 0x29
		}
	}
	return r
}

// alphaExp lists α⁰…α³⁰ (α = x), a generator of GF(32)* (order 31); a
// constant string so the table cannot be mutated.
const alphaExp = "\x01\x02\x04\x08\x10\x09\x12\x0d\x1a\x1d\x13\x0f\x1e\x15\x03\x06\x0c\x18\x19\x1b\x1f\x17\x07\x0e\x1c\x11\x0b\x16\x05\x0a\x14"

// alphaPow returns αᵏ.
func alphaPow(k int) byte { return alphaExp[k%31] }

// groupCheck is the check character of 1-based group g over its four
// leading characters.
func groupCheck(g int, t []byte) byte {
	c := alphaPow(5 + g)
	for i, v := range t[:payloadPer] {
		c ^= gfMul(alphaPow(i+1), v)
	}
	return c
}

// sheetCheck is the two sheet-wide check characters over the 58 identity symbols.
func sheetCheck(p []byte) (byte, byte) {
	var s0, s1 byte
	for i, v := range p {
		s0 ^= gfMul(alphaPow(i+1), v)
		s1 ^= gfMul(alphaPow(3*(i+1)), v)
	}
	return s0, s1
}
