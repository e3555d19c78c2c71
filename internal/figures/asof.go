package figures

import (
	"fmt"

	"xinqing/internal/casework"
)

// AsOf bounds period p by today (docs/DOMAIN.md "Time": a period not yet
// over runs to today). unfinished is true when p ends after today; the
// printed return then says 数据截至 <today>（本月尚未结束）. A period that
// starts after today is refused: there is nothing to report yet.
func AsOf(p casework.Period, today casework.Date) (bounded casework.Period, unfinished bool, err error) {
	if !p.Valid() || !today.Valid() {
		return p, false, fmt.Errorf("figures as of %s: invalid period %s–%s", today, p.From, p.To)
	}
	if p.From > today {
		return p, false, &casework.Error{Code: casework.EINVALID, Field: "period",
			MessageZH: fmt.Sprintf("%s 至 %s 尚未开始（今天是 %s），不能生成报表", p.From, p.To, today),
			MessageEN: fmt.Sprintf("the period %s to %s has not started yet (today is %s); nothing can be reported", p.From, p.To, today)}
	}
	if p.To > today {
		return casework.Period{From: p.From, To: today}, true, nil
	}
	return p, false, nil
}

// AsOfNote is the line a return or a statistics report prints when its
// period is not over: 数据截至 2026-12-07（本月尚未结束）, or 本学期 for a
// period longer than a month.
func AsOfNote(p casework.Period, today casework.Date) string {
	if _, unfinished, err := AsOf(p, today); err != nil || !unfinished {
		return ""
	}
	what := "本学期"
	if oneMonth(p) {
		what = "本月"
	}
	return "数据截至 " + string(today) + "（" + what + "尚未结束）"
}
