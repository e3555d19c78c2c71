package casework

import (
	"cmp"
	"slices"
)

// StudentRecords are the records about one student that the student page
// lists.
type StudentRecords struct {
	Cases       []*Case
	KeyStudents []*KeyStudent
	Crises      []*Crisis
	Referrals   []*Referral
	Contacts    []*Contact
	Consents    []*Consent
	// Levels is the configured risk level set, for the level labels.
	Levels []RiskLevel
}

// SortNewestFirst orders every list by its record's date, newest first
// (a case by its opening, a key student by the inclusion, a crisis by its
// discovery, a referral by the suggestion); records of one day keep their
// order.
func (r *StudentRecords) SortNewestFirst() {
	newestFirst(r.Cases, func(c *Case) Date { return c.OpenedOn })
	newestFirst(r.KeyStudents, func(k *KeyStudent) Date { return k.IncludedOn })
	newestFirst(r.Crises, func(c *Crisis) Date { return c.DiscoveredOn })
	newestFirst(r.Referrals, func(x *Referral) Date { return x.SuggestedOn })
	newestFirst(r.Contacts, func(c *Contact) Date { return c.Date })
	newestFirst(r.Consents, func(c *Consent) Date { return c.Date })
}

func newestFirst[T any](xs []T, date func(T) Date) {
	slices.SortStableFunc(xs, func(a, b T) int { return cmp.Compare(date(b), date(a)) })
}
