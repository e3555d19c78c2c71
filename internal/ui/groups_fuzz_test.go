package ui

import (
	"testing"

	"xinqing/internal/casework"
)

// FuzzGroupsClassOrder checks that the school order of class names is a
// consistent order whatever a roster holds: never both a < b and b < a,
// and a name equals itself.
func FuzzGroupsClassOrder(f *testing.F) {
	for _, seed := range [][2]string{
		{"七(2)班", "七(10)班"}, {"七年级", "高一"}, {"九(3)班", "八(12)班"}, {"高三(1)班", "高三1班"},
		{"", "一年级"}, {"Class 7B", "7(12)"}, {"12345678901234567890", "1"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		ab, ba := grpNaturalCompare(a, b), grpNaturalCompare(b, a)
		if (ab < 0 && ba < 0) || (ab > 0 && ba > 0) || (ab == 0) != (ba == 0) {
			t.Fatalf("got compare(%q, %q) = %d and the reverse %d, want opposite signs", a, b, ab, ba)
		}
		if c := grpNaturalCompare(a, a); c != 0 {
			t.Fatalf("got compare(%q, itself) = %d, want 0", a, c)
		}
	})
}

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
