package casework

import (
	"bytes"
	"strings"
	"testing"
)

func TestNewIDIsARandomUUIDv4(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := NewID()
		if !ValidID(id) {
			t.Fatalf("got %q, want a canonical UUID", id)
		}
		if id[14] != '4' || !strings.ContainsRune("89ab", rune(id[19])) {
			t.Fatalf("got %q, want version 4 and the RFC 9562 variant", id)
		}
		if seen[id] {
			t.Fatalf("got %q twice", id)
		}
		seen[id] = true
	}
	id, err := NewIDFrom(bytes.NewReader(make([]byte, 16)))
	if err != nil || id != "00000000-0000-4000-8000-000000000000" {
		t.Errorf("got %q %v, want the zero UUID with version and variant bits", id, err)
	}
	if _, err := NewIDFrom(bytes.NewReader(make([]byte, 3))); err == nil {
		t.Error("got nil, want an error from a short source")
	}
	if ValidID("7B0E7F5C-5A7E-4C61-9A39-3F0C7E8D1A01") {
		t.Error("got an uppercase UUID valid, want lowercase only")
	}
}

func TestNextCaseNo(t *testing.T) {
	cases := []struct {
		name     string
		year     int
		existing []string
		want     string
	}{
		{"the first case of a year is 001", 2026, nil, "2026-001"},
		{"the next number follows the highest", 2026, []string{"2026-001", "2026-007", "2026-003"}, "2026-008"},
		{"numbers of other years are ignored", 2027, []string{"2026-041"}, "2027-001"},
		{"malformed numbers are ignored", 2026, []string{"2026-x", "26-100", "", "2026-002"}, "2026-003"},
		{"a year past 999 cases keeps counting", 2026, []string{"2026-999"}, "2026-1000"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := NextCaseNo(tc.year, tc.existing); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func FuzzParseCaseNo(f *testing.F) {
	for _, s := range []string{"2026-001", "2026-1000", "2026-0001", "26-1", "2026-", "-001", "2026-+01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		y, n, ok := ParseCaseNo(s)
		if !ok {
			return
		}
		if got := FormatCaseNo(y, n); got != s {
			t.Fatalf("got %q formatted back, want %q (one spelling per number)", got, s)
		}
	})
}

func TestKeyStudentLevelAt(t *testing.T) {
	k := &KeyStudent{IncludedOn: "2026-03-01", Levels: []LevelEntry{
		{Date: "2026-04-10", Level: LevelOrange},
		{Date: "2026-03-01", Level: LevelYellow},
		{Date: "2026-04-10", Level: LevelRed}, // same day, later entry wins
		{Date: "2026-05-20", Level: LevelWatch},
	}}
	cases := []struct {
		name string
		d    Date
		want string
		ok   bool
	}{
		{"before the first entry there is no level", "2026-02-28", "", false},
		{"on the first entry's day its level holds", "2026-03-01", LevelYellow, true},
		{"between entries the earlier one holds", "2026-04-09", LevelYellow, true},
		{"of two entries on one day the later in the list holds", "2026-04-30", LevelRed, true},
		{"after the last entry it holds", "2026-12-31", LevelWatch, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := k.LevelAt(tc.d)
			if got != tc.want || ok != tc.ok {
				t.Errorf("got %q %v, want %q %v", got, ok, tc.want, tc.ok)
			}
		})
	}
	changes := k.LevelChangesIn(Month("2026-04").Period())
	if len(changes) != 2 {
		t.Errorf("got %d changes in April, want 2", len(changes))
	}
	if got := k.LevelChangesIn(Month("2026-03").Period()); len(got) != 0 {
		t.Errorf("got %v in March, want the first entry not counted as a change", got)
	}
}

func TestKeyStudentOnRollAt(t *testing.T) {
	k := &KeyStudent{IncludedOn: "2026-03-10", ReleasedOn: "2026-05-31"}
	cases := []struct {
		name string
		d    Date
		want bool
	}{
		{"before inclusion the student is not on the register", "2026-03-09", false},
		{"on the inclusion day the student is on it", "2026-03-10", true},
		{"the day before release the student is on it", "2026-05-30", true},
		{"on the release day the student is off it", "2026-05-31", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := k.OnRollAt(tc.d); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
	open := &KeyStudent{IncludedOn: "2026-03-10"}
	if !open.OnRollAt("2030-01-01") {
		t.Error("got false, want a student never released to stay on the register")
	}
}

func TestCommitteeMemberActiveAt(t *testing.T) {
	m := &CommitteeMember{AppointedOn: "2026-02-20", LeftOn: "2026-07-01"}
	for _, c := range []struct {
		d    Date
		want bool
	}{{"2026-02-19", false}, {"2026-02-20", true}, {"2026-06-30", true}, {"2026-07-01", false}} {
		if got := m.ActiveAt(c.d); got != c.want {
			t.Errorf("on %s: got %v, want %v", c.d, got, c.want)
		}
	}
}

func TestFollowUpDue(t *testing.T) {
	levels := DefaultRiskLevels()
	k := &KeyStudent{IncludedOn: "2026-03-01", Levels: []LevelEntry{{Date: "2026-03-01", Level: LevelRed}}}
	if due, ok := k.FollowUpDue("2026-03-03", levels); !ok || due != "2026-03-08" {
		t.Errorf("got %s %v, want 7 days after inclusion", due, ok)
	}
	k.FollowUps = []FollowUp{{Date: "2026-03-06"}, {Date: "2026-03-20"}}
	if due, ok := k.FollowUpDue("2026-03-10", levels); !ok || due != "2026-03-13" {
		t.Errorf("got %s %v, want 7 days after the last follow-up so far", due, ok)
	}
	k.Levels = append(k.Levels, LevelEntry{Date: "2026-03-09", Level: LevelWatch})
	if due, _ := k.FollowUpDue("2026-03-10", levels); due != "2026-05-05" {
		t.Errorf("got %s, want the watch level's 60 days", due)
	}
	k.ReleasedOn = "2026-03-10"
	if _, ok := k.FollowUpDue("2026-03-10", levels); ok {
		t.Error("got a due date for a released student, want none")
	}
}

func TestWeeksAndTerms(t *testing.T) {
	for _, c := range []struct{ d, want Date }{{"2026-03-02", "2026-03-02"}, {"2026-03-08", "2026-03-02"}, {"2026-03-04", "2026-03-02"}, {"2026-01-01", "2025-12-29"}} {
		if got := WeekStartOf(c.d); got != c.want {
			t.Errorf("week of %s: got %s, want %s", c.d, got, c.want)
		}
	}
	terms := []Term{{Name: "2026-2027学年第一学期", Start: "2026-09-01", End: "2027-01-20"}}
	if p := terms[0].Period(); !p.Contains("2027-01-20") || p.Contains("2027-01-21") {
		t.Errorf("got period %+v, want the term's days inclusive", p)
	}
	cases := []struct {
		name string
		d    Date
		week int
		ok   bool
	}{
		{"the first day is in week 1", "2026-09-01", 1, true},
		{"the Sunday of the first week is in week 1", "2026-09-06", 1, true},
		{"the next Monday starts week 2", "2026-09-07", 2, true},
		{"a day before the term is in no term", "2026-08-31", 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, w, ok := TermAt(terms, tc.d)
			if w != tc.week || ok != tc.ok {
				t.Errorf("got week %d %v, want %d %v", w, ok, tc.week, tc.ok)
			}
		})
	}
}

func TestSmallRules(t *testing.T) {
	if !(&Student{}).Enrolled() || (&Student{Status: StudentStatusGraduated}).Enrolled() {
		t.Error("got Enrolled wrong, want empty and enrolled status at school")
	}
	if !(&Student{SpecialGroups: []SpecialGroup{SpecialGroupMigrant}}).HasSpecialGroup() || (&Student{}).HasSpecialGroup() {
		t.Error("got HasSpecialGroup wrong, want it true with a flag only")
	}
	closed := &Case{ClosedOn: "2026-03-31"}
	if closed.ClosedAt("2026-03-30") || !closed.ClosedAt("2026-03-31") || (&Case{}).ClosedAt("2030-01-01") {
		t.Error("got ClosedAt wrong, want closed from the closing day on")
	}
	var r Record = &Visit{Meta: Meta{ID: "v1"}}
	if r.Base().ID != "v1" {
		t.Errorf("got id %q through Base, want v1", r.Base().ID)
	}
	if (&Case{}).Client() != ClientKindStudent || (&Case{ClientKind: ClientKindStaff}).Client() != ClientKindStaff {
		t.Error("got Client wrong, want empty to mean a student case")
	}
	if (&KeyStudent{Plan: Plan{Goals: "目标"}}).HasPlan() || !(&KeyStudent{Plan: Plan{Measures: "每周面谈"}}).HasPlan() {
		t.Error("got HasPlan wrong, want it to follow plan.measures")
	}
	cr := &Crisis{Disclosures: []Disclosure{{To: DisclosureRecipientHomeroomTeacher}}}
	if cr.GuardianTold() {
		t.Error("got GuardianTold true, want false without a guardian disclosure")
	}
	if got := (Hotline{Name: "青少年服务台", Number: "12355"}).String(); got != "青少年服务台 12355" {
		t.Errorf("got %q, want name and number", got)
	}
}

func TestPrintableCopiesDropWhatIsNeverPrinted(t *testing.T) {
	s := Session{CaseID: caseID, PrivateNote: "备忘"}
	if p := s.Printable(); p.PrivateNote != "" || p.CaseID != caseID || s.PrivateNote == "" {
		t.Errorf("got %+v from %+v, want the note dropped from the copy only", p, s)
	}
	g := GroupSession{Title: "情绪小管家", FollowUpStudentIDs: []string{stuID}}
	if p := g.Printable(); len(p.FollowUpStudentIDs) != 1 || p.FollowUpStudentIDs[0] != "" || p.Title != g.Title || len(g.FollowUpStudentIDs) != 1 || g.FollowUpStudentIDs[0] == "" {
		t.Errorf("got %+v, want the follow-up ids dropped from the copy only", p)
	}
}

func TestStudentAgeAt(t *testing.T) {
	s := &Student{BirthDate: "2012-05-04"}
	cases := []struct {
		name string
		d    Date
		want int
		ok   bool
	}{
		{"the day before the birthday is still the younger age", "2026-05-03", 13, true},
		{"on the birthday the age goes up", "2026-05-04", 14, true},
		{"a date before birth has no age", "2011-01-01", 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := s.AgeAt(tc.d)
			if got != tc.want || ok != tc.ok {
				t.Errorf("got %d %v, want %d %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestNormalizeOrdersSetsAsTheDomain(t *testing.T) {
	c := &Case{ProblemTypes: []ProblemType{ProblemTypeOther, "zzz", ProblemTypeStudy, ProblemTypeFamily}}
	c.Normalize()
	if got := strings.Join(codes(c.ProblemTypes), ","); got != "study,family,other,zzz" {
		t.Errorf("got %s, want the order of docs/DOMAIN.md, Enums, with unknown codes last", got)
	}
	s := &Student{SpecialGroups: []SpecialGroup{SpecialGroupSingleParent, SpecialGroupLeftBehind}}
	s.Normalize()
	if s.SpecialGroups[0] != SpecialGroupLeftBehind {
		t.Errorf("got %v, want left_behind first", s.SpecialGroups)
	}
	k := &KeyStudent{Reasons: []KeyReason{KeyReasonOther, KeyReasonSelfHarmIdeation}}
	k.Normalize()
	if k.Reasons[0] != KeyReasonSelfHarmIdeation {
		t.Errorf("got %v, want self_harm_ideation first", k.Reasons)
	}
}
