package figures

import "xinqing/internal/casework"

// MonthRow is one month of 学期/学年工作统计: the totals the term report
// prints per month and charts (G1, H1, F1).
type MonthRow struct {
	Month       casework.Month `json:"month"`
	Sessions    int            `json:"sessions"`     // G1 个别辅导人次
	Students    int            `json:"students"`     // G2 个别辅导人数
	Groups      int            `json:"groups"`       // H1 团体辅导场次
	GroupPart   int            `json:"group_part"`   // H2 团体辅导参与人次
	KeyOnRoll   int            `json:"key_on_roll"`  // F1 重点学生在册 (月末)
	KeyAdded    int            `json:"key_added"`    // F3 本月新增
	Opened      int            `json:"opened"`       // G3 新开个案
	Closed      int            `json:"closed"`       // G3 结案
	Crises      int            `json:"crises"`       // I1 危机事件合计
	Referrals   int            `json:"referrals"`    // J1 建议转介人数
	Lessons     int            `json:"lessons"`      // D1 心理健康课课时
	Visits      int            `json:"visits"`       // C3 来访登记人次
	Guardians   int            `json:"guardians"`    // K2 家长沟通/家访次数
	StaffParent int            `json:"staff_parent"` // G6 教职工/家长心理辅导人次
}

// Series returns one row per month from from to to (inclusive), each
// computed over the calendar month with the same walks as Compute. With
// today set, the rows stop at today like the return (AsOf): the month not
// over counts up to today (its 月末 F1 taken today) and a month that
// starts after today has no row; a zero today counts whole months.
// Invalid months or from after to give no rows.
func Series(d *Dataset, from, to casework.Month, today casework.Date) []MonthRow {
	if d == nil || !from.Valid() || !to.Valid() || from > to || today != "" && !today.Valid() {
		return nil
	}
	var rows []MonthRow
	for m := from; m <= to; m = m.Next() {
		p := m.Period()
		if today != "" {
			bounded, _, err := AsOf(p, today)
			if err != nil {
				break // the month has not begun
			}
			p = bounded
		}
		row := rowOver(d, p)
		row.Month = m
		rows = append(rows, row)
	}
	return rows
}
