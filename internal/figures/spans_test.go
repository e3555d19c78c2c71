package figures_test

import (
	"fmt"
	"strings"
	"testing"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
)

// decade has one student case with a session on the 10th of every month
// from 2016-09 to 2026-08, and notes for every month.
func decade() *figures.Dataset {
	d := &figures.Dataset{Settings: settings(), Cases: []*casework.Case{studentCase("c1", "A", "2016-09-01", casework.CaseSourceSelf)}}
	for m := casework.Month("2016-09"); m <= "2026-08"; m = m.Next() {
		d.Sessions = append(d.Sessions, session("x"+string(m), "c1", string(m)+"-10"))
		d.MonthNotes = append(d.MonthNotes, &casework.MonthNotes{Meta: meta("n" + string(m)), Month: m, Highlights: string(m) + "完成心理健康课"})
	}
	return d
}

func TestSpansOfADecadeAreSchoolYears(t *testing.T) {
	d := decade()
	p := casework.Period{From: "2016-09-01", To: "2026-08-31"}
	spans := figures.Spans(d, p, "")
	if len(spans) != 10 {
		t.Fatalf("got %d spans, want 10 school years", len(spans))
	}
	if s := spans[0]; s.Name != "2016-2017学年" || s.Short != "2016-17" || s.Period != (casework.Period{From: "2016-09-01", To: "2017-08-31"}) || s.Sessions != 12 || s.Students != 1 {
		t.Errorf("got first span %+v", s)
	}
	total := 0
	for _, s := range spans {
		total += s.Sessions
	}
	if total != 120 {
		t.Errorf("got %d sessions over the spans, want 120", total)
	}
	notes := figures.SpanNotes(d, spans, func(n *casework.MonthNotes) string { return n.Highlights })
	lines := strings.Split(notes, "\n")
	if len(lines) != 10 || !strings.HasPrefix(lines[0], "2016-2017学年（12个月）：2016-09完成心理健康课；") || !strings.HasSuffix(lines[0], "……") {
		t.Errorf("got notes summary %q", notes)
	}
}

func TestSpansOfThreeYearsAreTerms(t *testing.T) {
	d := decade()
	spans := figures.Spans(d, casework.Period{From: "2023-09-15", To: "2026-08-31"}, "")
	var names []string
	for _, s := range spans {
		names = append(names, fmt.Sprintf("%s %s %s–%s %d", s.Name, s.Short, s.Period.From, s.Period.To, s.Sessions))
	}
	want := []string{
		"2023-2024学年第一学期 2023秋 2023-09-15–2024-01-31 4", // clipped to the range (not 09-10); January is in the first term
		"2023-2024学年第二学期 2024春 2024-02-01–2024-08-31 7",
		"2024-2025学年第一学期 2024秋 2024-09-01–2025-01-31 5",
		"2024-2025学年第二学期 2025春 2025-02-01–2025-08-31 7",
		"2025-2026学年第一学期 2025秋 2025-09-01–2026-01-31 5",
		"2025-2026学年第二学期 2026春 2026-02-01–2026-08-31 7",
	}
	if strings.Join(names, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(names, "\n"), strings.Join(want, "\n"))
	}
	// Two years or less go month by month; a span not begun has no row.
	if s := figures.Spans(d, casework.Period{From: "2024-09-01", To: "2026-08-31"}, ""); s != nil {
		t.Errorf("got %d spans for 24 months, want none", len(s))
	}
	if s := figures.Spans(d, casework.Period{From: "2023-09-01", To: "2026-08-31"}, "2025-10-01"); len(s) != 5 || s[4].Period.To != "2026-01-31" || s[4].Sessions != 1 {
		t.Errorf("got %d spans to today, last %+v", len(s), s[len(s)-1])
	}
}
