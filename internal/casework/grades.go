package casework

import (
	"cmp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Grades and classes: one canonical spelling and one order, used by every
// list, sort and print (docs/DOMAIN.md "Time").
//
// Canonical grades are 一年级 … 九年级 and 高一 … 高三 (a vocational school
// uses 一年级 … 三年级). Canonical classes are 七(3)班 and 高一(3)班. A label
// the rules below do not recognise is kept as typed and sorts after the
// recognised ones.

// cnDigits are the Chinese numerals 一 … 九 at index 1 … 9.
var cnDigits = []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// gradeNames are the canonical grades; the index + 1 is the rank.
var gradeNames = []string{
	"一年级", "二年级", "三年级", "四年级", "五年级", "六年级",
	"七年级", "八年级", "九年级", "高一", "高二", "高三",
}

// gradeAliases maps every spelling the rules accept to a rank (1 … 12).
// Single numerals (七) are included: they start class labels (七3班).
var gradeAliases = func() map[string]int {
	m := map[string]int{}
	for n := 1; n <= 9; n++ {
		cn, d := cnDigits[n], strconv.Itoa(n)
		m[cn+"年级"] = n
		m[d+"年级"] = n
		m[cn] = n
		if n <= 6 {
			m["小学"+cn+"年级"] = n
			m["小学"+d+"年级"] = n
		}
		if n >= 7 {
			j, dj := cnDigits[n-6], strconv.Itoa(n-6)
			m["初"+j] = n
			m["初"+dj] = n
			m["初中"+j+"年级"] = n
			m["初中"+dj+"年级"] = n
		}
		if n <= 3 {
			m["中职"+cn+"年级"] = n
			m["中职"+d+"年级"] = n
		}
	}
	for j := 1; j <= 3; j++ {
		cn, d, n := cnDigits[j], strconv.Itoa(j), 9+j
		m["高"+cn] = n
		m["高"+d] = n
		m["高中"+cn+"年级"] = n
		m["高中"+d+"年级"] = n
		m[strconv.Itoa(n)+"年级"] = n
	}
	m["十年级"], m["十一年级"], m["十二年级"] = 10, 11, 12
	return m
}()

// maxAliasLen is the longest alias in runes, for prefix matching.
const maxAliasLen = 6

// fold makes full-width digits, letters and brackets half-width and drops
// white space, so ７年级（３）班 reads as 7年级(3)班.
func fold(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			continue
		case r >= '！' && r <= '～':
			r -= 0xFEE0 // full-width ASCII block
		case r == '—' || r == '－':
			r = '-'
		case r == '。':
			r = '.'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// gradePrefix finds the longest grade alias at the start of s and returns
// its rank and the rest of s; rank 0 when s starts with none.
func gradePrefix(s string) (int, string) {
	r := []rune(s)
	for n := min(len(r), maxAliasLen); n > 0; n-- {
		if rank, ok := gradeAliases[string(r[:n])]; ok {
			return rank, string(r[n:])
		}
	}
	return 0, s
}

// NormalizeGrade returns the canonical spelling of a grade (初一,
// 初中一年级, 7年级 → 七年级; 高中一年级, 高1 → 高一); a label it does not
// recognise comes back as typed, trimmed.
func NormalizeGrade(s string) string {
	if rank := gradeRank(s); rank > 0 {
		return gradeNames[rank-1]
	}
	return strings.TrimSpace(s)
}

// gradeRank is the rank of a grade (1 = 一年级 … 12 = 高三), 0 unknown.
// A bare number 1 … 12 names a grade too (a roster's grade column), but
// not at the start of a class label, where 12 is a class.
func gradeRank(s string) int {
	f := fold(s)
	if rank, ok := gradeAliases[f]; ok {
		return rank
	}
	if n, err := strconv.Atoi(f); err == nil && n >= 1 && n <= 12 && f[0] != '0' {
		return n
	}
	return 0
}

// GradeRank returns the position of a grade in the school order (1 =
// 一年级 … 9 = 九年级, 10 = 高一 … 12 = 高三), 0 for an unknown label.
func GradeRank(s string) int { return gradeRank(s) }

// NormalizeClass returns the canonical grade and class of a pair as typed.
// The class is written 七(3)班 (高一(3)班) from 7.3, 7-3, 七3班, 七年级3班,
// 初一(3)班 or a bare 3 with the grade beside it; when the class names a
// grade (初二(2)班), that grade is returned, so the two always agree. A
// cohort label (2024级3班, 2024届3班) and any label not recognised are
// kept as typed, trimmed; the grade is then only normalised.
func NormalizeClass(grade, class string) (string, string) {
	g, c := NormalizeGrade(grade), strings.TrimSpace(class)
	rank, n, ok := parseClass(gradeRank(grade), class)
	if !ok {
		return g, c
	}
	return gradeNames[rank-1], classLabel(rank, n)
}

// classLabel writes class n of the grade of rank: 七(3)班, 高一(3)班.
func classLabel(rank, n int) string {
	prefix := cnDigits[min(rank, 9)]
	if rank > 9 {
		prefix = gradeNames[rank-1]
	}
	return prefix + "(" + strconv.Itoa(n) + ")班"
}

// parseClass reads a class label; rank is the grade's rank beside it (0
// unknown). It returns the class's grade rank and number.
func parseClass(rank int, class string) (int, int, bool) {
	f := fold(class)
	if f == "" || isCohort(f) {
		return 0, 0, false
	}
	// 7.3, 7-3, 10.2, 7.3班
	if i := strings.IndexAny(f, ".-_/"); i > 0 {
		g, err1 := strconv.Atoi(f[:i])
		n, ok := classNumber(f[i+1:])
		if err1 == nil && ok && g >= 1 && g <= 12 {
			return g, n, true
		}
		return 0, 0, false
	}
	if gr, rest := gradePrefix(f); gr > 0 {
		if n, ok := classNumber(rest); ok {
			return gr, n, true
		}
		return 0, 0, false
	}
	if n, ok := classNumber(f); ok && rank > 0 {
		return rank, n, true
	}
	return 0, 0, false
}

// isCohort reports a label that starts with a year and 级 or 届
// (2024级3班): it names the cohort, not the grade, and is kept as typed.
func isCohort(f string) bool {
	r := []rune(f)
	if len(r) < 5 || r[4] != '级' && r[4] != '届' {
		return false
	}
	for _, d := range r[:4] {
		if d < '0' || d > '9' {
			return false
		}
	}
	return true
}

// classNumber reads "3", "(3)", "3班", "(3)班", "三班", "(十二)班".
func classNumber(s string) (int, bool) {
	s = strings.TrimSuffix(s, "班")
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		s = s[1 : len(s)-1]
	}
	if s == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(s); err == nil && n > 0 && n < 100 {
		return n, true
	}
	return chineseNumber(s)
}

// chineseNumber reads 一 … 九十九.
func chineseNumber(s string) (int, bool) {
	digit := func(r rune) int {
		for i := 1; i <= 9; i++ {
			if string(r) == cnDigits[i] {
				return i
			}
		}
		return 0
	}
	r := []rune(s)
	switch {
	case len(r) == 1 && digit(r[0]) > 0:
		return digit(r[0]), true
	case len(r) == 1 && r[0] == '十':
		return 10, true
	case len(r) == 2 && r[0] == '十' && digit(r[1]) > 0:
		return 10 + digit(r[1]), true
	case len(r) == 2 && r[1] == '十' && digit(r[0]) > 0:
		return 10 * digit(r[0]), true
	case len(r) == 3 && r[1] == '十' && digit(r[0]) > 0 && digit(r[2]) > 0:
		return 10*digit(r[0]) + digit(r[2]), true
	}
	return 0, false
}

// CompareGrade orders grades in school order (一年级 … 九年级, 高一 … 高三,
// whatever the spelling); unknown labels come after them in natural order
// (numbers by value). Two spellings of one grade differ only by their text,
// so a sort never depends on the input order.
func CompareGrade(a, b string) int {
	if c := compareGradeRank(a, b); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// compareGradeRank is CompareGrade without the final tie-break on the
// spelling: 初一 and 七年级 are equal.
func compareGradeRank(a, b string) int {
	ra, rb := gradeRank(a), gradeRank(b)
	switch {
	case ra > 0 && rb > 0:
		return ra - rb
	case ra > 0:
		return -1
	case rb > 0:
		return 1
	}
	return naturalCompare(a, b)
}

// CompareClass orders classes by grade (as CompareGrade, spellings of one
// grade together), then by class number (七(2)班 before 七(10)班); within a
// grade, labels without a number (cohort labels, free text) come last in
// natural order.
func CompareClass(gradeA, classA, gradeB, classB string) int {
	if c := compareGradeRank(gradeA, gradeB); c != 0 {
		return c
	}
	_, na, oka := parseClass(gradeRank(gradeA), classA)
	_, nb, okb := parseClass(gradeRank(gradeB), classB)
	switch {
	case oka && okb && na != nb:
		return na - nb
	case oka && !okb:
		return -1
	case !oka && okb:
		return 1
	}
	if c := naturalCompare(classA, classB); c != 0 {
		return c
	}
	return cmp.Or(strings.Compare(gradeA, gradeB), strings.Compare(classA, classB))
}

// TopGrades returns the last grades of a stage, whose students graduate on
// promotion. A complete school (完全中学) has two (九年级, 高三), and a
// nine-year school moves 六年级 on to 七年级.
func TopGrades(stage Stage) []string {
	switch stage {
	case StagePrimary:
		return []string{"六年级"}
	case StageJunior, StageNineYear:
		return []string{"九年级"}
	case StageSenior:
		return []string{"高三"}
	case StageComplete:
		return []string{"九年级", "高三"}
	case StageVocational:
		return []string{"三年级"}
	}
	return nil
}

// NextGrade returns the grade a student of grade moves up to at the start
// of a school year, or graduates true when grade is a top grade of the
// stage (TopGrades). An unknown grade returns "" and false: the caller
// asks the counselor.
func NextGrade(stage Stage, grade string) (next string, graduates bool) {
	rank := gradeRank(grade)
	if rank == 0 {
		return "", false
	}
	for _, top := range TopGrades(stage) {
		if gradeRank(top) == rank {
			return "", true
		}
	}
	if rank == len(gradeNames) {
		return "", true
	}
	return gradeNames[rank], false
}

// NextClass returns the grade and class a class moves up to (七(3)班 →
// 八年级, 八(3)班), or graduates true. A cohort or unrecognised class label
// keeps its text; only the grade moves.
func NextClass(stage Stage, grade, class string) (nextGrade, nextClass string, graduates bool) {
	g, c := NormalizeClass(grade, class)
	next, grad := NextGrade(stage, g)
	if grad || next == "" {
		return next, "", grad
	}
	if _, n, ok := parseClass(gradeRank(g), c); ok {
		return next, classLabel(gradeRank(next), n), false
	}
	return next, c, false
}

// naturalCompare compares strings with runs of ASCII digits compared by
// value (2班 before 10班), the rest by code point.
func naturalCompare(a, b string) int {
	a, b = fold(a), fold(b)
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if len(na) != len(nb) {
				return len(na) - len(nb)
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			a, b = a[da:], b[db:]
			continue
		}
		ra, sa := utf8.DecodeRuneInString(a)
		rb, sb := utf8.DecodeRuneInString(b)
		if ra != rb {
			if ra < rb {
				return -1
			}
			return 1
		}
		a, b = a[sa:], b[sb:]
	}
	return len(a) - len(b)
}

func digitRun(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}
