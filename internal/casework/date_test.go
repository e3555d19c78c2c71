package casework

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	cases := []struct {
		name string
		in   string
		ok   bool
	}{
		{"an ordinary date parses", "2026-03-05", true},
		{"a leap day of a leap year parses", "2028-02-29", true},
		{"a leap day of a common year is rejected", "2026-02-29", false},
		{"the thirty-first of April is rejected", "2026-04-31", false},
		{"month thirteen is rejected", "2026-13-01", false},
		{"a date without leading zeros is rejected", "2026-3-5", false},
		{"a date with slashes is rejected", "2026/03/05", false},
		{"a date with a time is rejected", "2026-03-05T00:00:00Z", false},
		{"a date with spaces is rejected", " 2026-03-05", false},
		{"the empty string is rejected", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, err := ParseDate(tc.in)
			if (err == nil) != tc.ok {
				t.Fatalf("got err %v, want ok=%v", err, tc.ok)
			}
			if tc.ok && d.String() != tc.in {
				t.Errorf("got %q, want %q", d, tc.in)
			}
			if Date(tc.in).Valid() != tc.ok {
				t.Errorf("got Valid %v, want %v", !tc.ok, tc.ok)
			}
		})
	}
}

func TestDateArithmetic(t *testing.T) {
	cases := []struct {
		name string
		d    Date
		n    int
		want Date
	}{
		{"a day forward crosses a month end", "2026-01-31", 1, "2026-02-01"},
		{"a day forward crosses a leap day", "2028-02-28", 1, "2028-02-29"},
		{"a week back crosses a year", "2026-01-03", -7, "2025-12-27"},
		{"a year of days lands on the same date", "2026-03-01", 365, "2027-03-01"},
		{"an invalid date stays as it is", "2026-02-30", 1, "2026-02-30"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.d.AddDays(tc.n); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
	if n, ok := Date("2026-02-01").DaysUntil("2026-03-01"); !ok || n != 28 {
		t.Errorf("got %d %v, want 28 days", n, ok)
	}
	if !Date("2026-03-01").Before("2026-03-02") || Date("2026-03-02").Before("2026-03-02") {
		t.Error("got Before wrong, want strict calendar order")
	}
	if !Date("2026-12-01").After("2026-09-30") {
		t.Error("got After false, want December after September")
	}
	if got := DateOf(time.Date(2026, 3, 5, 23, 59, 0, 0, time.FixedZone("CST", 8*3600))); got != "2026-03-05" {
		t.Errorf("got %s, want the date in the time's own zone", got)
	}
	if got := NewDate(2026, 13, 1); got != "2027-01-01" {
		t.Errorf("got %s, want month 13 normalised to January", got)
	}
	if wd, _ := Date("2026-03-02").Weekday(); wd != time.Monday {
		t.Errorf("got %s, want Monday", wd)
	}
	if Date("2026-03-05").Year() != 2026 || Date("bad").Year() != 0 {
		t.Error("got wrong years, want 2026 and 0")
	}
}

func TestPeriodsAndMonths(t *testing.T) {
	cases := []struct {
		name        string
		m           Month
		first, last Date
	}{
		{"February of a common year ends on the 28th", "2026-02", "2026-02-01", "2026-02-28"},
		{"February of a leap year ends on the 29th", "2028-02", "2028-02-01", "2028-02-29"},
		{"December ends on the 31st", "2026-12", "2026-12-01", "2026-12-31"},
		{"April ends on the 30th", "2026-04", "2026-04-01", "2026-04-30"},
		{"an invalid month has no days", "2026-13", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.m.First(); got != tc.first {
				t.Errorf("got first %s, want %s", got, tc.first)
			}
			if got := tc.m.Last(); got != tc.last {
				t.Errorf("got last %s, want %s", got, tc.last)
			}
		})
	}
	p := Month("2026-03").Period()
	for _, c := range []struct {
		d    Date
		want bool
	}{{"2026-02-28", false}, {"2026-03-01", true}, {"2026-03-31", true}, {"2026-04-01", false}, {"", false}} {
		if got := p.Contains(c.d); got != c.want {
			t.Errorf("March contains %q: got %v, want %v", c.d, got, c.want)
		}
	}
	if got := (Period{From: "2026-09-01", To: "2027-01-20"}).Months(); len(got) != 5 || got[0] != "2026-09" || got[4] != "2027-01" {
		t.Errorf("got months %v, want September to January", got)
	}
	if Month("2026-12").Next() != "2027-01" || Month("2026-01").Prev() != "2025-12" {
		t.Error("got wrong neighbouring months across a year")
	}
	if Date("2026-03-15").Month() != "2026-03" || Date("x").Month() != "" {
		t.Error("got wrong month of a date")
	}
	if MonthOf(time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)) != "2026-03" {
		t.Error("got wrong month of a time")
	}
	if _, err := ParseMonth("2026-3"); err == nil {
		t.Error("got 2026-3 accepted, want the canonical form only")
	}
}

func TestParseClock(t *testing.T) {
	cases := []struct {
		in   string
		ok   bool
		mins int
	}{{"00:00", true, 0}, {"14:30", true, 870}, {"23:59", true, 1439}, {"24:00", false, 0}, {"9:30", false, 0}, {"12:60", false, 0}, {"", false, 0}}
	for _, tc := range cases {
		c, err := ParseClock(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("%q: got err %v, want ok=%v", tc.in, err, tc.ok)
			continue
		}
		if m, _ := c.Minutes(); tc.ok && m != tc.mins {
			t.Errorf("%q: got %d minutes, want %d", tc.in, m, tc.mins)
		}
	}
}

// Fuzz targets: whatever a parser accepts it prints back unchanged, and
// what it accepts is a real date.

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-03-05", "2028-02-29", "2026-02-29", "2026-3-5", "", "0000-01-01", "9999-12-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		tm, terr := time.Parse("2006-01-02", s)
		if want := terr == nil && tm.Format("2006-01-02") == s; (err == nil) != want {
			t.Fatalf("got accepted=%v, want %v as the time package decides", err == nil, want)
		}
		if err != nil {
			return
		}
		if d.String() != s {
			t.Fatalf("got %q, want %q back", d, s)
		}
		// Years outside 0000..9999 have no YYYY spelling; stay inside.
		if d > "0000-01-01" && d < "9999-12-31" && d.AddDays(1).AddDays(-1) != d {
			t.Fatalf("got %s after a day there and back, want %s", d.AddDays(1).AddDays(-1), d)
		}
		if !d.Month().First().InRange("", d) || d.Month().Last() < d {
			t.Fatalf("got %s outside its own month", d)
		}
	})
}

func FuzzParseMonth(f *testing.F) {
	for _, s := range []string{"2026-03", "2026-13", "2026-3", "", "0001-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMonth(s)
		if err != nil {
			return
		}
		if m.String() != s || !m.First().Valid() || !m.Last().Valid() || m.Last().Month() != m {
			t.Fatalf("got month %q with days %s..%s, want a consistent month", m, m.First(), m.Last())
		}
	})
}

func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"14:30", "24:00", "9:30", "", "23:59"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseClock(s)
		if err != nil {
			return
		}
		m, ok := c.Minutes()
		if c.String() != s || !ok || m < 0 || m >= 24*60 {
			t.Fatalf("got %q = %d minutes, want a time of day", c, m)
		}
	})
}

func TestAPeriodWithoutAStartIsOpen(t *testing.T) {
	p := Period{To: "2026-03-31"}
	if !p.Contains("1999-01-01") || !p.Contains("2026-03-31") || p.Contains("2026-04-01") {
		t.Errorf("got %+v containing the wrong days, want everything up to To", p)
	}
	if p.Valid() || p.Months() != nil {
		t.Error("got an open period valid, want Valid false and no months")
	}
}
