package casework

// Settings are the vault's settings (stored inside the vault, carried in
// the interchange document as "settings"). Room and hotlines belong to
// the school object, as docs/DOMAIN.md "Settings" lists them.
type Settings struct {
	School     School      `json:"school"`
	RiskLevels []RiskLevel `json:"risk_levels"`
	Terms      []Term      `json:"terms,omitempty"`
	// Periods and OpenHours shape the counselor's week (appointment.go).
	Periods   []ClassPeriod `json:"periods,omitempty"`
	OpenHours []OpenHours   `json:"open_hours,omitempty"`
	// SelfCheck is nil until changed; nil means DefaultSelfCheck()
	// (selfcheck.go).
	SelfCheck *SelfCheck `json:"self_check,omitempty"`
	// Scorings are the instruments typed from paper, beyond or replacing
	// (same code) the built-in ones (screening_result.go).
	Scorings []Scoring `json:"scorings,omitempty"`
	// Kind is empty for a school's vault, "county" for a county's
	// roll-up (county.go).
	Kind VaultKind `json:"kind,omitempty"`
	// SigningKey is the seed of the school's Ed25519 key that signs its
	// return packages. It never leaves the vault: exports drop it.
	SigningKey string `json:"signing_key,omitempty"`
	// County and Schools are a county vault's settings.
	County  string         `json:"county,omitempty"`
	Schools []CountySchool `json:"schools,omitempty"`
	// ResultMappings remember, per screening platform, which column of
	// its results sheet holds what: header → field (interchange.ResultField).
	ResultMappings map[string]map[string]string `json:"result_mappings,omitempty"`
}

// School describes the school and who fills in and reviews its returns.
type School struct {
	Name                string    `json:"name"`
	Code                string    `json:"code,omitempty"`
	County              string    `json:"county,omitempty"`
	Stage               Stage     `json:"stage,omitempty"`
	StudentCount        int       `json:"student_count"`
	ClassCount          int       `json:"class_count"`
	FulltimeCounselors  int       `json:"fulltime_counselors"`
	ParttimeCounselors  int       `json:"parttime_counselors"`
	CertifiedCounselors int       `json:"certified_counselors"`
	Room                Room      `json:"room"`
	Hotlines            []Hotline `json:"hotlines,omitempty"`
	Preparer            string    `json:"preparer,omitempty"`
	PreparerPhone       string    `json:"preparer_phone,omitempty"`
	Reviewer            string    `json:"reviewer,omitempty"`
}

// Room describes the counseling room (心理辅导室).
type Room struct {
	HasRoom bool     `json:"has_room"`
	AreaM2  float64  `json:"area_m2"`
	Zones   []string `json:"zones,omitempty"`
}

// Hotline is a published help line (12356, 12355, the school's own).
type Hotline struct {
	Name   string `json:"name"`
	Number string `json:"number"`
}

// String prints the hotline as the return's C5 shows it: "name number".
func (h Hotline) String() string {
	if h.Name == "" {
		return h.Number
	}
	return h.Name + " " + h.Number
}

// RiskLevel is one configured level of concern (关注等级). Rank 1 is the
// most serious; FollowUpDays is the longest gap between follow-ups
// before a key student at this level is shown as overdue.
type RiskLevel struct {
	Code         string `json:"code"`
	Label        string `json:"label"`
	Color        string `json:"color"`
	Rank         int    `json:"rank"`
	FollowUpDays int    `json:"follow_up_days"`
}

// Term is a school term, for 学期/周次 display.
type Term struct {
	Name  string `json:"name"`
	Start Date   `json:"start"`
	End   Date   `json:"end"`
}

// Default risk level codes (docs/DOMAIN.md rule 6). The set is configurable;
// these are only what a new vault starts with.
const (
	LevelRed    = "red"
	LevelOrange = "orange"
	LevelYellow = "yellow"
	LevelWatch  = "watch"
)

// Period returns the term as a closed date range, for term statistics.
func (t Term) Period() Period { return Period{From: t.Start, To: t.End} }

// Env returns the validation environment of these settings: their risk
// levels and refs for the existence of referenced records.
func (s *Settings) Env(refs Refs) Env {
	levels := s.RiskLevels
	if levels == nil {
		levels = []RiskLevel{} // configured as none: no level code is known
	}
	return Env{Levels: levels, Refs: refs}
}
