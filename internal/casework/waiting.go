package casework

import "strings"

// AwaitingFeedback reports whether a referral is still waiting for word
// from the family or the institution: it is only suggested (or its status
// was never set) and no feedback has been written.
func (r *Referral) AwaitingFeedback() bool {
	suggested := r.Status == "" || r.Status == ReferralStatusSuggested
	return suggested && strings.TrimSpace(r.Feedback) == ""
}

// Open reports whether a crisis is still being handled: it has no
// closing date.
func (c *Crisis) Open() bool { return c.ClosedOn == "" }
