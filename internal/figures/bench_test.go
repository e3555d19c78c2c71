package figures_test

import (
	"testing"

	"xinqing/internal/casework"
	"xinqing/internal/demo"
	"xinqing/internal/figures"
	"xinqing/internal/interchange"
)

// datasetOf fills a Dataset from an interchange document.
func datasetOf(doc *interchange.Document) *figures.Dataset {
	return &figures.Dataset{
		Settings: doc.Settings, Students: doc.Students, Cases: doc.Cases, Sessions: doc.Sessions,
		KeyStudents: doc.KeyStudents, Crises: doc.Crises, Referrals: doc.Referrals, Contacts: doc.Contacts,
		GroupSessions: doc.GroupSessions, CommitteeMembers: doc.CommitteeMembers, ClassReports: doc.ClassReports,
		Activities: doc.Activities, DutyDays: doc.DutyDays, Visits: doc.Visits, Mailbox: doc.Mailbox,
		Screenings: doc.Screenings, MonthNotes: doc.MonthNotes,
	}
}

// BenchmarkComputeBigSchoolMonth computes one month of the big synthetic
// school (3,000 students, 10 years of records).
func BenchmarkComputeBigSchoolMonth(b *testing.B) {
	d := datasetOf(demo.Generate(demo.Big, 1, "2026-11-20"))
	b.ResetTimer()
	for b.Loop() {
		if _, err := figures.Compute(d, casework.Month("2026-10").Period(), nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSeriesBigSchoolYear computes the twelve rows of a school year.
func BenchmarkSeriesBigSchoolYear(b *testing.B) {
	d := datasetOf(demo.Generate(demo.Big, 1, "2026-11-20"))
	b.ResetTimer()
	for b.Loop() {
		if rows := figures.Series(d, "2025-09", "2026-08", ""); len(rows) != 12 {
			b.Fatalf("got %d rows, want 12", len(rows))
		}
	}
}

// TestDemoSchoolFiguresAreConsistent checks a small synthetic school:
// F2 sums to F1 (every key student has a level), G2 ≤ G1, L1 ≤ classes.
func TestDemoSchoolFiguresAreConsistent(t *testing.T) {
	d := datasetOf(demo.Generate(demo.Small, 7, "2026-11-20"))
	for _, m := range []casework.Month{"2026-09", "2026-10", "2026-11"} {
		r, err := figures.Compute(d, m.Period(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if r.F2.Total() != r.F1 {
			t.Errorf("%s: got F2 total %d, want F1 %d", m, r.F2.Total(), r.F1)
		}
		if r.G2 > r.G1 || r.L1.ClassesWithMember > r.L1.ClassCount {
			t.Errorf("%s: got G1 %d G2 %d L1 %+v", m, r.G1, r.G2, r.L1)
		}
	}
}
