package figures

import (
	"fmt"
	"slices"
	"strings"

	"xinqing/internal/casework"
)

// Long ranges: a statistics report over more than about two years is not
// told month by month (a decade would be 120 bars and pages of monthly
// notes). Its table and chart go by term, or by school year past six
// years, and its notes are summarised per term or year.

// longRangeMonths and termRangeMonths: ranges over the first go by term,
// ranges over the second by school year.
const (
	longRangeMonths = 24
	termRangeMonths = 72
)

// SpanRow is one term or school year of a long range: the counts of its
// part of the range (MonthRow.Month is empty), F1 on its last day, G2 and
// J1 distinct within it.
type SpanRow struct {
	Name   string          // 2026-2027学年第一学期, or 2026-2027学年
	Short  string          // the chart's category: 2026秋, 2027春, or 2026-27
	Period casework.Period // clipped to the range
	MonthRow
}

// Spans splits p into the terms of the school calendar (第一学期 from
// September to January, 第二学期 from February to August) when p touches
// more than 24 months, into school years (September to August) past 72;
// nil for a shorter p, which goes month by month (Series). With today set
// the spans stop at today as Series does.
func Spans(d *Dataset, p casework.Period, today casework.Date) []SpanRow {
	if d == nil || !p.Valid() {
		return nil
	}
	n := len(p.Months())
	if n <= longRangeMonths {
		return nil
	}
	byYear := n > termRangeMonths
	var rows []SpanRow
	for from := p.From; from <= p.To; {
		s := spanOf(from, byYear)
		s.Period.From = max(s.Period.From, p.From)
		s.Period.To = min(s.Period.To, p.To)
		next := s.Period.To.AddDays(1)
		q := s.Period
		if today != "" {
			bounded, _, err := AsOf(q, today)
			if err != nil {
				break // the span has not begun
			}
			q = bounded
		}
		s.MonthRow = rowOver(d, q)
		rows = append(rows, s)
		from = next
	}
	return rows
}

// spanOf returns the term (or school year) holding d, unclipped.
func spanOf(d casework.Date, byYear bool) SpanRow {
	y, m := d.Year(), d.Month()
	month := int(m[5]-'0')*10 + int(m[6]-'0')
	start := y // the school year starts in September of start
	if month < 9 {
		start--
	}
	year := fmt.Sprintf("%d-%d学年", start, start+1)
	switch {
	case byYear:
		return SpanRow{Name: year, Short: fmt.Sprintf("%d-%02d", start, (start+1)%100),
			Period: casework.Period{From: casework.NewDate(start, 9, 1), To: casework.NewDate(start+1, 8, 31)}}
	case month >= 9 || month == 1:
		return SpanRow{Name: year + "第一学期", Short: fmt.Sprintf("%d秋", start),
			Period: casework.Period{From: casework.NewDate(start, 9, 1), To: casework.NewDate(start+1, 1, 31)}}
	}
	last := casework.Month(fmt.Sprintf("%d-08", start+1)).Last()
	return SpanRow{Name: year + "第二学期", Short: fmt.Sprintf("%d春", start+1),
		Period: casework.Period{From: casework.NewDate(start+1, 2, 1), To: last}}
}

// rowOver computes the counts of one row over p, with the walks of Compute.
func rowOver(d *Dataset, p casework.Period) MonthRow {
	x := newIndex(d, p, nil)
	g3 := x.tally("G3", p)
	g6 := x.tally("G6", p)
	row := MonthRow{
		Sessions:    x.n("G1", p),
		Students:    x.n("G2", p),
		Groups:      x.n("H1", p),
		GroupPart:   x.n("H2", p),
		KeyOnRoll:   x.n("F1", p),
		KeyAdded:    ints(x.tally("F3", p), "added"),
		Opened:      ints(g3, "opened"),
		Closed:      ints(g3, "closed"),
		Referrals:   x.n("J1", p),
		Lessons:     x.n("D1", p),
		Visits:      x.n("C3", p),
		Guardians:   x.n("K2", p),
		StaffParent: ints(g6, string(casework.ClientKindStaff)) + ints(g6, string(casework.ClientKindParent)),
	}
	for _, n := range x.tally("I1", p) {
		row.Crises += int(n)
	}
	return row
}

// noteSummaryRunes is how much of a span's notes its summary keeps.
const noteSummaryRunes = 60

// SpanNotes summarises one text of the month notes (M1 highlights, M2
// problems, M3 plans) span by span: one line per span with notes, its
// months' texts joined (each once) and cut at about 60 characters, saying how many
// months it covers ("2026-2027学年第一学期（5个月）：…").
func SpanNotes(d *Dataset, spans []SpanRow, text func(*casework.MonthNotes) string) string {
	notes := slices.Clone(d.MonthNotes)
	slices.SortStableFunc(notes, func(a, b *casework.MonthNotes) int { return strings.Compare(string(a.Month), string(b.Month)) })
	var lines []string
	for _, s := range spans {
		var parts []string
		months := 0
		for _, n := range notes {
			in := s.Period.Contains(n.Month.First()) || s.Period.Contains(n.Month.Last())
			t := strings.TrimRight(strings.TrimSpace(text(n)), "。；;")
			if t != "" && in {
				months++
				if !slices.Contains(parts, t) { // a text repeated month after month once
					parts = append(parts, t)
				}
			}
		}
		if len(parts) == 0 {
			continue
		}
		joined := []rune(strings.Join(parts, "；"))
		cut := string(joined)
		if len(joined) > noteSummaryRunes {
			cut = string(joined[:noteSummaryRunes]) + "……"
		} else {
			cut += "。"
		}
		lines = append(lines, fmt.Sprintf("%s（%d个月）：%s", s.Name, months, cut))
	}
	return strings.Join(lines, "\n")
}
