package casework

// CaseProfile is the structured background of a case, as the case record
// templates of many schools lay it out (个案辅导记录表: 家庭成员, 教养方式,
// 重大事件, 成长史, 健康状况/服药, 在校表现). Every field is optional; the
// free Background text of the case stays for what fits none of them.
type CaseProfile struct {
	FamilyMembers     string `json:"family_members,omitempty"`
	ParentingStyle    string `json:"parenting_style,omitempty"`
	MajorEvents       string `json:"major_events,omitempty"`
	GrowthHistory     string `json:"growth_history,omitempty"`
	Health            string `json:"health,omitempty"`
	SchoolPerformance string `json:"school_performance,omitempty"`
}

// ProfileKeys are the keys of a CaseProfile in printing order.
var ProfileKeys = []string{"family_members", "parenting_style", "major_events", "growth_history", "health", "school_performance"}

// Fields returns the profile's texts by key; a nil profile has none.
func (p *CaseProfile) Fields() map[string]string {
	if p == nil {
		return map[string]string{}
	}
	return map[string]string{
		"family_members": p.FamilyMembers, "parenting_style": p.ParentingStyle, "major_events": p.MajorEvents,
		"growth_history": p.GrowthHistory, "health": p.Health, "school_performance": p.SchoolPerformance,
	}
}

// Empty reports whether no field of the profile is filled.
func (p *CaseProfile) Empty() bool {
	for _, v := range p.Fields() {
		if v != "" {
			return false
		}
	}
	return true
}
