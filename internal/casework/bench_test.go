package casework

import "testing"

// BenchmarkValidateDocument validates the records of a large school's
// year, the way an import does before writing anything.
func BenchmarkValidateDocument(b *testing.B) {
	env := testEnv()
	recs := []Record{student(), kase(), session(), keyStudent(), crisis(), referral(), contact(), group(), member(), classReport(), activity(), screening()}
	bad := student(func(s *Student) { s.BirthDate = "2012-02-30"; s.Gender = "x" })
	b.ReportAllocs()
	for b.Loop() {
		for range 100 {
			for _, r := range recs {
				if err := r.Validate(env); err != nil {
					b.Fatal(err)
				}
			}
		}
		if bad.Validate(env) == nil {
			b.Fatal("got nil, want errors")
		}
	}
}
