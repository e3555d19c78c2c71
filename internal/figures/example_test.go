package figures_test

import (
	"fmt"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
)

func ExampleCompute() {
	d := &figures.Dataset{
		Settings: casework.Settings{RiskLevels: casework.DefaultRiskLevels()},
		Cases: []*casework.Case{
			{Meta: casework.Meta{ID: "c1"}, StudentID: "s1", OpenedOn: "2026-10-08", Source: casework.CaseSourceTeacher},
			{Meta: casework.Meta{ID: "c2"}, ClientKind: casework.ClientKindParent, OpenedOn: "2026-10-09", Source: casework.CaseSourceParent},
		},
		Sessions: []*casework.Session{
			{Meta: casework.Meta{ID: "x1"}, CaseID: "c1", Date: "2026-10-08"},
			{Meta: casework.Meta{ID: "x2"}, CaseID: "c1", Date: "2026-10-31"},
			{Meta: casework.Meta{ID: "x3"}, CaseID: "c2", Date: "2026-10-09"},
			{Meta: casework.Meta{ID: "x4"}, CaseID: "c1", Date: "2026-11-01"},
		},
	}
	october := casework.Month("2026-10").Period()
	r, _ := figures.Compute(d, october, nil)
	fmt.Println("G1", r.G1, "G2", r.G2, "G6", r.G6.Parent)
	fmt.Println(figures.Drill(d, october, "G1"))
	b, _ := r.JSON()
	fmt.Println(len(b) > 0, len(figures.Hash(r)))
	// Output:
	// G1 2 G2 1 G6 1
	// [{session x1 0 } {session x2 0 }]
	// true 64
}
