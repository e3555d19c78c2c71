package figures

import (
	"encoding/json"
	"fmt"
	"strings"

	"xinqing/internal/casework"
)

// Trend is what the monthly return prints beside a month's counts so
// that the county can compare month to month: the month before (上月) and
// the term to date (本学期累计), by row id ("G1", "G3.opened",
// "I1.self_harm"). It is computed from the same records and rules as the
// return itself, only over other periods (docs/DOMAIN.md "The monthly
// return": trend columns).
type Trend struct {
	// Term is the name of the term that holds the month; empty when no
	// configured term does (then no row has a TermToDate).
	Term string `json:"term,omitempty"`
	// From is the first day counted for TermToDate: the first day of the
	// term's first month.
	From casework.Date        `json:"from,omitempty"`
	Rows map[string]TrendCell `json:"rows"`
}

// TrendCell is the trend of one row.
type TrendCell struct {
	Previous int `json:"previous"`
	// TermToDate is nil for a count of what stands at the period's end
	// (重点学生在册, 心理委员人数): it has no sum.
	TermToDate *int `json:"term_to_date,omitempty"`
}

// Cell returns the trend of row id and whether the row has one.
func (t *Trend) Cell(id string) (TrendCell, bool) {
	if t == nil {
		return TrendCell{}, false
	}
	c, ok := t.Rows[id]
	return c, ok
}

// trendFlows are the codes that count what happened in the period: over
// the term to date they count what happened from the term's first month
// to the month's end (a sum of the months for events; distinct persons
// for G2 and J1, distinct key students for F3.level_changed).
var trendFlows = map[string]bool{
	"C2": true, "C3": true, "C4": true, "D1": true, "D2": true, "D3": true, "E1": true,
	"F3": true, "F6": true, "G1": true, "G2": true, "G3": true, "G4": true, "G5": true, "G6": true,
	"H1": true, "H2": true, "I1": true, "I2": true, "I3": true, "J1": true, "J2": true, "J3": true,
	"K1": true, "K2": true, "K3": true, "L3": true, "L4": true,
}

// trendStocks are the codes that count what stands at the period's end:
// they get the previous month's value and no term sum.
var trendStocks = map[string]bool{"F1": true, "F2": true, "F4": true, "F5": true, "L1.classes_with_member": true, "L2": true}

// HasTrend reports whether row id of the return gets trend columns.
func HasTrend(id string) bool {
	code, _, _ := strings.Cut(id, ".")
	return trendFlows[code] || trendStocks[code] || trendStocks[id]
}

// ComputeTrend returns the trend of month m whose return counted period p
// (m's period, or up to today for a month not over): the figures of the
// month before, and those from the first month of the term holding p's
// end (or m's first day) to p's end.
func ComputeTrend(d *Dataset, m casework.Month, p casework.Period) (*Trend, error) {
	if !m.Valid() || !p.Valid() {
		return nil, fmt.Errorf("compute trend: invalid month %q or period", m)
	}
	prev, err := Compute(d, m.Prev().Period(), nil)
	if err != nil {
		return nil, err
	}
	t := &Trend{Rows: map[string]TrendCell{}}
	var term map[string]int
	if tm, ok := trendTerm(d.Settings.Terms, m, p); ok {
		t.Term, t.From = tm.Name, min(tm.Start.Month().First(), m.First())
		r, err := Compute(d, casework.Period{From: t.From, To: p.To}, nil)
		if err != nil {
			return nil, err
		}
		term = intRows(r)
	}
	for id, n := range intRows(prev) {
		if !HasTrend(id) {
			continue
		}
		c := TrendCell{Previous: n}
		code, _, _ := strings.Cut(id, ".")
		if v, in := term[id]; in && trendFlows[code] {
			c.TermToDate = &v
		}
		t.Rows[id] = c
	}
	return t, nil
}

// trendTerm is the term whose months ComputeTrend sums: the one holding
// p's end, else the one holding m's first day.
func trendTerm(terms []casework.Term, m casework.Month, p casework.Period) (casework.Term, bool) {
	tm, _, ok := casework.TermAt(terms, p.To)
	if !ok {
		tm, _, ok = casework.TermAt(terms, m.First())
	}
	return tm, ok
}

// ReturnWindow is the span of dates the figures of month m over period p
// (Compute) and their trend (ComputeTrend) look at: from the first day of
// the month before, or of the term's first month when earlier, to p's end.
// A record of a kind counted by its date (a session, a contact, a case by
// its opening or closing) outside the window counts in none of them.
func ReturnWindow(s casework.Settings, m casework.Month, p casework.Period) casework.Period {
	w := casework.Period{From: min(m.Prev().First(), p.From), To: p.To}
	if tm, ok := trendTerm(s.Terms, m, p); ok {
		w.From = min(w.From, tm.Start.Month().First())
	}
	return w
}

// intRows returns the whole-number rows of r by id.
func intRows(r *Return) map[string]int {
	out := map[string]int{}
	for _, row := range r.Rows() {
		if row.Value.Kind == Int {
			out[row.ID()] = row.Value.Int
		}
	}
	return out
}

// JSON returns the trend as stored with a frozen return (keys sorted).
func (t *Trend) JSON() ([]byte, error) { return json.Marshal(t) }

// ParseTrend reads a stored trend; empty data is no trend (a return
// frozen before trends were printed).
func ParseTrend(data []byte) (*Trend, error) {
	if len(data) == 0 {
		return nil, nil
	}
	var t Trend
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("parse trend: %w", err)
	}
	return &t, nil
}
