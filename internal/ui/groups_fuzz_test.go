package ui

import (
	"testing"

	"xinqing/internal/casework"
)

// FuzzGroupsMondayOf checks that any valid date maps to the Monday of
// its week, at most six days before it.
func FuzzGroupsMondayOf(f *testing.F) {
	for _, s := range []string{"2026-11-26", "2026-11-23", "2026-11-29", "2024-02-29", "2027-01-03", "not a date"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := casework.Date(s)
		m := mondayOf(d)
		if !d.Valid() {
			if m != d {
				t.Fatalf("got %q for the invalid date %q, want it unchanged", m, d)
			}
			return
		}
		wd, _ := m.Weekday()
		n, _ := m.DaysUntil(d)
		if wd != 1 || n < 0 || n > 6 {
			t.Fatalf("got Monday %s (weekday %d, %d days before) for %s", m, wd, n, d)
		}
	})
}
