package casework

import (
	"fmt"
	"time"
)

// Date is a calendar date in the school's local calendar, written
// YYYY-MM-DD. The zero value "" means "no date".
//
// Date is a string type on purpose: a document being imported may hold a
// malformed date, and validation must be able to name the key that holds
// it ("出生日期不是有效日期") instead of failing inside the JSON decoder.
// Records that passed validation hold only valid dates, and for valid
// dates the string order is the calendar order.
type Date string

const (
	dateLayout  = "2006-01-02"
	monthLayout = "2006-01"
	clockLayout = "15:04"
)

// ParseDate parses YYYY-MM-DD and rejects dates that do not exist
// (2026-02-30) or are not in the canonical form (2026-2-3).
func ParseDate(s string) (Date, error) {
	if !validDate(s) {
		return "", fmt.Errorf("parse date %q: want an existing date written YYYY-MM-DD", s)
	}
	return Date(s), nil
}

// validDate checks YYYY-MM-DD without allocating: validation and the
// figures call it for every date of every record.
func validDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	num := func(b string) int {
		n := 0
		for i := 0; i < len(b); i++ {
			if b[i] < '0' || b[i] > '9' {
				return -1
			}
			n = n*10 + int(b[i]-'0')
		}
		return n
	}
	y, m, d := num(s[:4]), num(s[5:7]), num(s[8:])
	if y < 0 || m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= daysIn(y, time.Month(m))
}

func daysIn(year int, m time.Month) int {
	switch m {
	case time.February:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// DateOf returns the calendar date of t in t's own location. Callers pass
// a time already in the school's zone (the injected clock's Now()).
func DateOf(t time.Time) Date {
	return Date(t.Format(dateLayout))
}

// NewDate builds a date from its parts, normalising overflow the way
// time.Date does (month 13 is January of the next year).
func NewDate(year int, month time.Month, day int) Date {
	return DateOf(time.Date(year, month, day, 0, 0, 0, 0, time.UTC))
}

// String returns the date as YYYY-MM-DD, or "" for the zero date.
func (d Date) String() string { return string(d) }

// IsZero reports whether d is the empty date.
func (d Date) IsZero() bool { return d == "" }

// Valid reports whether d is an existing date in canonical form.
// The empty date is not valid; optional dates check IsZero first.
func (d Date) Valid() bool {
	_, err := ParseDate(string(d))
	return err == nil
}

// Time returns midnight UTC of d, a time suitable for calendar arithmetic
// (no daylight-saving surprises); ok is false for an invalid or empty date.
func (d Date) Time() (t time.Time, ok bool) {
	t, err := time.Parse(dateLayout, string(d))
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

// AddDays returns d moved by n days; an invalid date stays as it is.
func (d Date) AddDays(n int) Date {
	t, ok := d.Time()
	if !ok {
		return d
	}
	return DateOf(t.AddDate(0, 0, n))
}

// DaysUntil returns the number of days from d to e (negative when e is
// before d), and false when either date is invalid.
func (d Date) DaysUntil(e Date) (int, bool) {
	a, ok1 := d.Time()
	b, ok2 := e.Time()
	if !ok1 || !ok2 {
		return 0, false
	}
	return int(b.Sub(a).Hours() / 24), true
}

// Before reports whether d is strictly earlier than e. Both must be valid.
func (d Date) Before(e Date) bool { return d < e }

// After reports whether d is strictly later than e. Both must be valid.
func (d Date) After(e Date) bool { return d > e }

// InRange reports whether from ≤ d ≤ to. An empty d is in no range.
func (d Date) InRange(from, to Date) bool {
	return d != "" && from <= d && d <= to
}

// Weekday returns the day of the week; ok is false for an invalid date.
func (d Date) Weekday() (time.Weekday, bool) {
	t, ok := d.Time()
	if !ok {
		return 0, false
	}
	return t.Weekday(), true
}

// Month returns the month d falls in ("" for an invalid date).
func (d Date) Month() Month {
	if !d.Valid() {
		return ""
	}
	return Month(d[:7])
}

// Year returns the calendar year of d, 0 for an invalid date.
func (d Date) Year() int {
	t, ok := d.Time()
	if !ok {
		return 0
	}
	return t.Year()
}

// Month is a calendar month written YYYY-MM; "" means none.
type Month string

// ParseMonth parses YYYY-MM in canonical form.
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse(monthLayout, s)
	if err != nil || t.Format(monthLayout) != s {
		return "", fmt.Errorf("parse month %q: want a month written YYYY-MM", s)
	}
	return Month(s), nil
}

// MonthOf returns the month of t in t's own location.
func MonthOf(t time.Time) Month { return Month(t.Format(monthLayout)) }

// String returns the month as YYYY-MM.
func (m Month) String() string { return string(m) }

// Valid reports whether m is a month in canonical form.
func (m Month) Valid() bool {
	_, err := ParseMonth(string(m))
	return err == nil
}

// First returns the first day of m ("" for an invalid month).
func (m Month) First() Date {
	if !m.Valid() {
		return ""
	}
	return Date(string(m) + "-01")
}

// Last returns the last day of m, the "month end" of the return's
// figures ("" for an invalid month).
func (m Month) Last() Date {
	t, err := time.Parse(monthLayout, string(m))
	if err != nil {
		return ""
	}
	return DateOf(t.AddDate(0, 1, -1))
}

// Period returns the closed range [First, Last] of m.
func (m Month) Period() Period { return Period{From: m.First(), To: m.Last()} }

// Next returns the following month.
func (m Month) Next() Month {
	t, err := time.Parse(monthLayout, string(m))
	if err != nil {
		return ""
	}
	return MonthOf(t.AddDate(0, 1, 0))
}

// Prev returns the preceding month.
func (m Month) Prev() Month {
	t, err := time.Parse(monthLayout, string(m))
	if err != nil {
		return ""
	}
	return MonthOf(t.AddDate(0, -1, 0))
}

// Period is a closed range of dates [From, To]: a month, a term, a school
// year. "In the period" means From ≤ date ≤ To. An empty From leaves the
// range open at the start ("up to To"), which is how "on or before month
// end" reads.
type Period struct {
	From Date `json:"from"`
	To   Date `json:"to"`
}

// Contains reports whether d falls in p. An empty d is in no period.
func (p Period) Contains(d Date) bool { return d.InRange(p.From, p.To) }

// Valid reports whether both ends are valid dates and From ≤ To.
func (p Period) Valid() bool { return p.From.Valid() && p.To.Valid() && p.From <= p.To }

// Months returns every month that p touches, in order.
func (p Period) Months() []Month {
	if !p.Valid() {
		return nil
	}
	var ms []Month
	for m := p.From.Month(); m <= p.To.Month(); m = m.Next() {
		ms = append(ms, m)
	}
	return ms
}

// Clock is a time of day written HH:MM (24-hour); "" means none.
type Clock string

// ParseClock parses HH:MM in canonical form.
func ParseClock(s string) (Clock, error) {
	t, err := time.Parse(clockLayout, s)
	if err != nil || t.Format(clockLayout) != s {
		return "", fmt.Errorf("parse time %q: want a time written HH:MM", s)
	}
	return Clock(s), nil
}

// String returns the time as HH:MM.
func (c Clock) String() string { return string(c) }

// Valid reports whether c is a time of day in canonical form.
func (c Clock) Valid() bool {
	_, err := ParseClock(string(c))
	return err == nil
}

// Minutes returns the minutes since midnight; ok is false when invalid.
func (c Clock) Minutes() (int, bool) {
	t, err := time.Parse(clockLayout, string(c))
	if err != nil {
		return 0, false
	}
	return t.Hour()*60 + t.Minute(), true
}
