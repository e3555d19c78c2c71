package county

import "strconv"

// Column is one column of the county table: its header lines, its
// relative width and its value in a school's row (i: the row number).
type Column struct {
	Head  [2]string
	Width float64
	Value func(r Row, i int) string
}

// Columns are the county table's columns, printed and shown alike: A1,
// A4, C2, D1, F1, F2 of the first level, G1, G3 opened, H1, ΣI1, J1, L1.
var Columns = []Column{
	{[2]string{"序号", ""}, 9, func(_ Row, i int) string { return strconv.Itoa(i) }},
	{[2]string{"学校代码", ""}, 24, func(r Row, _ int) string { return r.School.Code }},
	{[2]string{"学校名称", "A1"}, 60, func(r Row, _ int) string { return r.School.Name }},
	{[2]string{"在校学生", "A4"}, 17, num("A4")},
	{[2]string{"开放天数", "C2"}, 15, num("C2")},
	{[2]string{"心理课时", "D1"}, 15, num("D1")},
	{[2]string{"重点学生", "F1"}, 15, num("F1")},
	{[2]string{"其中一级", "F2"}, 15, func(r Row, _ int) string {
		if r.Figures == nil {
			return "—"
		}
		return fmtNum(r.Level1)
	}},
	{[2]string{"个辅人次", "G1"}, 15, num("G1")},
	{[2]string{"新开个案", "G3"}, 15, num("G3.opened")},
	{[2]string{"团辅场次", "H1"}, 15, num("H1")},
	{[2]string{"危机事件", "I1"}, 15, func(r Row, _ int) string {
		if r.Figures == nil {
			return "—"
		}
		return fmtNum(r.Figures.Total("I1"))
	}},
	{[2]string{"建议转介", "J1"}, 15, num("J1")},
	{[2]string{"设委员班级", "L1"}, 20, func(r Row, _ int) string {
		if r.Figures == nil {
			return "—"
		}
		return fmtNum(r.Figures.Get("L1.classes_with_member")) + "/" + fmtNum(r.Figures.Get("L1.class_count"))
	}},
}

func num(path string) func(Row, int) string {
	return func(r Row, _ int) string {
		if r.Figures == nil {
			return "—"
		}
		return fmtNum(r.Figures.Get(path))
	}
}

func fmtNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
