package casework

import "testing"

func TestAReferralAwaitsFeedbackUntilAStatusOrFeedbackComes(t *testing.T) {
	for _, c := range []struct {
		name string
		r    Referral
		want bool
	}{
		{"a new referral without status", Referral{}, true},
		{"a suggested referral", Referral{Status: ReferralStatusSuggested}, true},
		{"blank feedback is none", Referral{Status: ReferralStatusSuggested, Feedback: " \n"}, true},
		{"feedback written on a suggested referral", Referral{Status: ReferralStatusSuggested, Feedback: "已预约"}, false},
		{"visited", Referral{Status: ReferralStatusVisited}, false},
		{"not visited", Referral{Status: ReferralStatusNotVisited}, false},
		{"declined", Referral{Status: ReferralStatusDeclined}, false},
	} {
		if got := c.r.AwaitingFeedback(); got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

func TestACrisisIsOpenUntilClosed(t *testing.T) {
	if !(&Crisis{DiscoveredOn: "2026-11-12"}).Open() {
		t.Error("got a crisis without closing date closed, want open")
	}
	if (&Crisis{DiscoveredOn: "2026-11-03", ClosedOn: "2026-11-04"}).Open() {
		t.Error("got a closed crisis open")
	}
}
