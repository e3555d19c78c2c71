package report

import (
	"fmt"
	"strings"

	"xinqing/internal/casework"
)

// Labels maps label keys ("enum.<enum>.<code>", as in assets/labels
// zh-CN.json; casework.LoadLabels reads them) to what is printed. A code
// without a label is printed as the code itself.
type Labels map[string]string

// Enum returns the printed label of code in enum (学段 初中 for "junior").
func (l Labels) Enum(enum, code string) string { return l.enum(enum, code) }

// enum returns the label of code in enum, "" for an empty code.
func (l Labels) enum(enum, code string) string {
	if code == "" {
		return ""
	}
	if s, ok := l["enum."+enum+"."+code]; ok && s != "" {
		return s
	}
	return code
}

// enumList joins the labels of codes with 、.
func enumList[T ~string](l Labels, enum string, codes []T) string {
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		out = append(out, l.enum(enum, string(c)))
	}
	return strings.Join(out, "、")
}

// levelLabel returns the printed label of a risk level code: the
// configured label, else the label file's, else the code.
func (l Labels) levelLabel(levels []casework.RiskLevel, code string) string {
	if lv, ok := casework.LevelByCode(levels, code); ok && lv.Label != "" {
		return lv.Label
	}
	return l.enum("risk_level", code)
}

// longDate prints a date as 2026年11月3日; an invalid date is printed as
// stored and an empty one as "".
func longDate(d casework.Date) string {
	t, ok := d.Time()
	if !ok {
		return string(d)
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}

// count prints a count; 0 is printed as 0.
func count(n int) string { return fmt.Sprint(n) }

// hours prints a number of hours without trailing zeros.
func hours(h float64) string { return formatValue(h) }

// classOf joins a grade and a class (初二 + （3）班).
// A class that already names its grade (七(1)班 in 七年级) does not
// repeat it: 七年级(1)班.
func classOf(grade, class string) string {
	grade, class = strings.TrimSpace(grade), strings.TrimSpace(class)
	switch {
	case grade == "" || class == "":
	case strings.HasPrefix(class, grade):
		return class
	default:
		g, c := []rune(grade), []rune(class)
		if len(c) > 1 && c[0] == g[0] && (c[1] == '(' || c[1] == '（') {
			return grade + string(c[1:])
		}
	}
	return strings.TrimSpace(grade + class)
}

// classOn is the class a document prints for s: the class of the record's
// own day d, and a mark when the student has left since (docs/DOMAIN.md
// "Time"): 七年级七(3)班（2024届毕业）.
func classOn(s *casework.Student, d casework.Date) string {
	g, c := s.ClassOn(d)
	return classOf(g, c) + s.LeaverMark()
}
