package casework

import (
	"slices"
	"testing"
)

func TestAStudentsRecordsAreListedNewestFirst(t *testing.T) {
	r := StudentRecords{
		Cases:    []*Case{{OpenedOn: "2026-09-01"}, {OpenedOn: "2026-11-02"}, {OpenedOn: "2026-10-08"}},
		Contacts: []*Contact{{Date: "2026-10-01", Purpose: "a"}, {Date: "2026-10-01", Purpose: "b"}, {Date: "2026-10-02"}},
	}
	r.SortNewestFirst()
	var opened []Date
	for _, c := range r.Cases {
		opened = append(opened, c.OpenedOn)
	}
	if !slices.Equal(opened, []Date{"2026-11-02", "2026-10-08", "2026-09-01"}) {
		t.Fatalf("got cases opened on %v, want newest first", opened)
	}
	if r.Contacts[0].Date != "2026-10-02" || r.Contacts[1].Purpose != "a" || r.Contacts[2].Purpose != "b" {
		t.Fatalf("got contacts %+v %+v %+v, want newest first and one day's in their order", *r.Contacts[0], *r.Contacts[1], *r.Contacts[2])
	}
}
