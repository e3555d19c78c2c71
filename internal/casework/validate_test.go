package casework

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// refs is a set of existing records, the way the importer sees a document.
type refs map[Kind]map[string]bool

func (r refs) Exists(k Kind, id string) bool { return r[k][id] }

const (
	stuID    = "7b0e7f5c-5a7e-4c61-9a39-3f0c7e8d1a01"
	caseID   = "7b0e7f5c-5a7e-4c61-9a39-3f0c7e8d1a02"
	memberID = "7b0e7f5c-5a7e-4c61-9a39-3f0c7e8d1a03"
	attID    = "7b0e7f5c-5a7e-4c61-9a39-3f0c7e8d1a04"
	missing  = "7b0e7f5c-5a7e-4c61-9a39-3f0c7e8d1aff"
	hash64   = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
)

func testEnv() Env {
	return Env{Refs: refs{
		KindStudent:         {stuID: true},
		KindCase:            {caseID: true},
		KindCommitteeMember: {memberID: true},
		KindAttachment:      {attID: true},
	}}
}

func mod[T any](base func() *T) func(...func(*T)) *T {
	return func(fs ...func(*T)) *T {
		x := base()
		for _, f := range fs {
			f(x)
		}
		return x
	}
}

var (
	student = mod(func() *Student {
		return &Student{Name: "测试学生甲", Gender: GenderFemale, BirthDate: "2012-05-04", Grade: "七年级", Class: "七(3)班",
			SpecialGroups: []SpecialGroup{SpecialGroupLeftBehind}, Status: StudentStatusEnrolled, FamilyStructure: FamilyStructureNuclear}
	})
	kase = mod(func() *Case {
		return &Case{StudentID: stuID, ClientKind: ClientKindStudent, CaseNo: "2026-001", OpenedOn: "2026-03-02",
			Source: CaseSourceSelf, ProblemTypes: []ProblemType{ProblemTypeStudy, ProblemTypeEmotion}, Status: CaseStatusOpen}
	})
	session = mod(func() *Session {
		return &Session{CaseID: caseID, Date: "2026-03-03", Start: "14:30", DurationMin: 40, Place: SessionPlaceRoom,
			Mode: SessionModeInPerson, Form: SessionFormIndividual, Risk: SessionRiskNone, NextAppointment: "2026-03-10"}
	})
	keyStudent = mod(func() *KeyStudent {
		return &KeyStudent{StudentID: stuID, IncludedOn: "2026-03-01", InclusionSource: InclusionSourceScreening,
			Reasons: []KeyReason{KeyReasonEmotion}, Plan: Plan{Measures: "每周面谈", ReviewOn: "2026-04-01"},
			Levels:    []LevelEntry{{Date: "2026-03-01", Level: LevelYellow}},
			FollowUps: []FollowUp{{Date: "2026-03-08", Method: FollowUpMethodMeeting}}}
	})
	crisis = mod(func() *Crisis {
		return &Crisis{StudentID: stuID, DiscoveredOn: "2026-03-05", RiskType: RiskTypeSelfHarm, Level: LevelRed,
			Disclosures: []Disclosure{{To: DisclosureRecipientGuardian, On: "2026-03-05"}}, GuardianHandoverOn: "2026-03-05"}
	})
	referral = mod(func() *Referral {
		return &Referral{StudentID: stuID, SuggestedOn: "2026-03-06", Reason: "建议到医院做进一步检查",
			Status: ReferralStatusVisited, VisitedOn: "2026-03-09", LeaveFrom: "2026-03-10", ReturnedOn: "2026-04-10"}
	})
	contact = mod(func() *Contact {
		return &Contact{StudentID: stuID, Date: "2026-03-07", Counterpart: CounterpartGuardian, Method: ContactMethodPhone}
	})
	group = mod(func() *GroupSession {
		return &GroupSession{Title: "情绪小管家", GroupType: GroupTypeClass, Date: "2026-03-11", Start: "15:00", DurationMin: 40,
			Leader: "测试教师乙", Stage: GroupStageForming, Process: []ProcessSegment{{Segment: "热身", Minutes: 5}},
			Participants: 45, Attendance: []Attendance{{StudentID: stuID, Present: true}}, FollowUpStudentIDs: []string{stuID}}
	})
	member = mod(func() *CommitteeMember {
		return &CommitteeMember{StudentID: stuID, Grade: "七年级", Class: "七(3)班", Role: CommitteeRoleMember,
			AppointedOn: "2026-02-20", Trainings: []Training{{Date: "2026-03-01", Topic: "识别情绪", Hours: 1.5}}}
	})
	classReport = mod(func() *ClassReport {
		return &ClassReport{Class: "七(3)班", WeekStart: "2026-03-02", MemberID: memberID, Mood: MoodGood, Concerns: 0}
	})
	activity = mod(func() *Activity {
		return &Activity{Kind: ActivityKindLesson, Date: "2026-03-04", Title: "认识自我", Classes: 2, Lessons: 2, Participants: 90}
	})
	dutyDay = mod(func() *DutyDay { return &DutyDay{Date: "2026-03-04", OpenHours: "12:00-13:30"} })
	visit   = mod(func() *Visit {
		return &Visit{Date: "2026-03-04", Time: "12:10", VisitorType: VisitorTypeStudent, Method: VisitMethodWalkIn}
	})
	mailbox   = mod(func() *Mailbox { return &Mailbox{OpenedOn: "2026-03-06", Letters: 0} })
	screening = mod(func() *Screening {
		return &Screening{Name: "春季心理普查", DateFrom: "2026-03-01", DateTo: "2026-03-10", Expected: 900, Tested: 880, Valid: 870, Flagged: 40, Confirmed: 12}
	})
	consent = mod(func() *Consent {
		return &Consent{StudentID: stuID, Kind: ConsentKindScreening, Date: "2026-02-28", AttachmentID: attID}
	})
	attachment = mod(func() *Attachment {
		return &Attachment{OwnerType: KindStudent, OwnerID: stuID, Filename: "consent.pdf", Size: 1024, SHA256: hash64, AddedOn: "2026-02-28"}
	})
	monthNotes = mod(func() *MonthNotes { return &MonthNotes{Month: "2026-03", TrainingHours: 4} })
	ret        = mod(func() *Return {
		return &Return{Month: "2026-03", GeneratedAt: time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC), PDFSHA256: hash64, Figures: []byte(`{"C2":3}`)}
	})
)

type vcase struct {
	name string
	rec  Record
	key  string // "" means the record is valid
	rule string
}

func runValidation(t *testing.T, cases []vcase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.rec.Validate(testEnv())
			if tc.key == "" {
				if err != nil {
					t.Fatalf("got %v, want a valid record", err)
				}
				return
			}
			ves, ok := AsValidationErrors(err)
			if !ok {
				t.Fatalf("got %v, want ValidationErrors with %s %s", err, tc.key, tc.rule)
			}
			if ErrorCode(err) != EINVALID {
				t.Errorf("got code %q, want %q", ErrorCode(err), EINVALID)
			}
			for _, fe := range ves {
				if fe.Key == tc.key && fe.Rule == tc.rule {
					if fe.Kind != tc.rec.RecordKind() {
						t.Errorf("got kind %q, want %q", fe.Kind, tc.rec.RecordKind())
					}
					if fe.MessageZH == "" || fe.MessageEN == "" || strings.Contains(fe.MessageZH, "field.") {
						t.Errorf("got messages %q / %q, want both written with labels", fe.MessageZH, fe.MessageEN)
					}
					return
				}
			}
			t.Fatalf("got %v, want an error on %s (%s)", ves, tc.key, tc.rule)
		})
	}
}

func TestStudentValidation(t *testing.T) {
	runValidation(t, []vcase{
		{"a complete student is valid", student(), "", ""},
		{"a student with only the required fields is valid", &Student{Name: "测试学生乙", Gender: GenderMale, Grade: "高一", Class: "高一(2)班"}, "", ""},
		{"a student without a name is rejected", student(func(s *Student) { s.Name = " " }), "name", RuleRequired},
		{"a student without a gender is rejected", student(func(s *Student) { s.Gender = "" }), "gender", RuleRequired},
		{"a student without a grade is rejected", student(func(s *Student) { s.Grade = "" }), "grade", RuleRequired},
		{"a student without a class is rejected", student(func(s *Student) { s.Class = "" }), "class", RuleRequired},
		{"a birth date that does not exist is rejected", student(func(s *Student) { s.BirthDate = "2012-02-30" }), "birth_date", RuleDate},
		{"a birth date in another format is rejected", student(func(s *Student) { s.BirthDate = "2012/5/4" }), "birth_date", RuleDate},
		{"an unknown gender code is rejected", student(func(s *Student) { s.Gender = "男" }), "gender", RuleEnum},
		{"an unknown family structure is rejected", student(func(s *Student) { s.FamilyStructure = "big" }), "family_structure", RuleEnum},
		{"an unknown special group is rejected", student(func(s *Student) { s.SpecialGroups = []SpecialGroup{"rich"} }), "special_groups", RuleEnum},
		{"a special group listed twice is rejected", student(func(s *Student) { s.SpecialGroups = []SpecialGroup{SpecialGroupOrphan, SpecialGroupOrphan} }), "special_groups", RuleDuplicate},
		{"an unknown status is rejected", student(func(s *Student) { s.Status = "expelled" }), "status", RuleEnum},
		{"a two-digit graduation year is rejected", student(func(s *Student) { s.GraduationYear = 29 }), "graduation_year", RuleFormat},
	})
}

func TestCaseValidation(t *testing.T) {
	runValidation(t, []vcase{
		{"a student case is valid", kase(), "", ""},
		{"a closed case with its closing date is valid", kase(func(c *Case) { c.Status, c.ClosedOn = CaseStatusClosed, "2026-03-02" }), "", ""},
		{"a staff case with a client name is valid", kase(func(c *Case) { c.ClientKind, c.StudentID, c.ClientName = ClientKindStaff, "", "测试教师丙" }), "", ""},
		{"a student case without a student is rejected", kase(func(c *Case) { c.StudentID = "" }), "student_id", RuleRequired},
		{"a case whose student does not exist is rejected", kase(func(c *Case) { c.StudentID = missing }), "student_id", RuleRef},
		{"a parent case naming a student is rejected", kase(func(c *Case) { c.ClientKind, c.ClientName = ClientKindParent, "测试家长" }), "student_id", RuleClient},
		{"a parent case without a client name is rejected", kase(func(c *Case) { c.ClientKind, c.StudentID = ClientKindParent, "" }), "client_name", RuleRequired},
		{"a case without an opening date is rejected", kase(func(c *Case) { c.OpenedOn = "" }), "opened_on", RuleRequired},
		{"a case opened on a bad date is rejected", kase(func(c *Case) { c.OpenedOn = "2026-13-01" }), "opened_on", RuleDate},
		{"a case without a source is rejected", kase(func(c *Case) { c.Source = "" }), "source", RuleRequired},
		{"a case with an unknown source is rejected", kase(func(c *Case) { c.Source = "friend" }), "source", RuleEnum},
		{"a case without problem types is rejected", kase(func(c *Case) { c.ProblemTypes = nil }), "problem_types", RuleRequired},
		{"a case with an unknown problem type is rejected", kase(func(c *Case) { c.ProblemTypes = []ProblemType{"depression"} }), "problem_types", RuleEnum},
		{"a case with an unknown client kind is rejected", kase(func(c *Case) { c.ClientKind = "alumni" }), "client_kind", RuleEnum},
		{"a case with an unknown status is rejected", kase(func(c *Case) { c.Status = "paused" }), "status", RuleEnum},
		{"a case closed before it was opened is rejected", kase(func(c *Case) { c.ClosedOn = "2026-03-01" }), "closed_on", RuleOrder},
		{"a closed case without a closing date is rejected", kase(func(c *Case) { c.Status = CaseStatusClosed }), "closed_on", RuleRequired},
		{"a malformed case number is rejected", kase(func(c *Case) { c.CaseNo = "26-1" }), "case_no", RuleFormat},
	})
}

func TestSessionValidation(t *testing.T) {
	runValidation(t, []vcase{
		{"a session is valid", session(), "", ""},
		{"a session without a case is rejected", session(func(s *Session) { s.CaseID = "" }), "case_id", RuleRequired},
		{"a session of a missing case is rejected", session(func(s *Session) { s.CaseID = missing }), "case_id", RuleRef},
		{"a session without a date is rejected", session(func(s *Session) { s.Date = "" }), "date", RuleRequired},
		{"a session on a bad date is rejected", session(func(s *Session) { s.Date = "2026-02-29" }), "date", RuleDate},
		{"a session starting at a bad time is rejected", session(func(s *Session) { s.Start = "25:00" }), "start", RuleClock},
		{"a session without a duration is rejected", session(func(s *Session) { s.DurationMin = 0 }), "duration_min", RulePositive},
		{"a session with a negative duration is rejected", session(func(s *Session) { s.DurationMin = -5 }), "duration_min", RulePositive},
		{"an unknown place is rejected", session(func(s *Session) { s.Place = "park" }), "place", RuleEnum},
		{"an unknown mode is rejected", session(func(s *Session) { s.Mode = "letter" }), "mode", RuleEnum},
		{"an unknown form is rejected", session(func(s *Session) { s.Form = "group" }), "form", RuleEnum},
		{"an unknown risk is rejected", session(func(s *Session) { s.Risk = "extreme" }), "risk", RuleEnum},
		{"a next appointment before the session is rejected", session(func(s *Session) { s.NextAppointment = "2026-03-01" }), "next_appointment", RuleOrder},
	})
}

func TestKeyStudentValidation(t *testing.T) {
	runValidation(t, []vcase{
		{"a key student is valid", keyStudent(), "", ""},
		{"a released key student is valid", keyStudent(func(k *KeyStudent) { k.ReleasedOn = "2026-06-01" }), "", ""},
		{"a key student without a student is rejected", keyStudent(func(k *KeyStudent) { k.StudentID = "" }), "student_id", RuleRequired},
		{"a key student of a missing student is rejected", keyStudent(func(k *KeyStudent) { k.StudentID = missing }), "student_id", RuleRef},
		{"a key student without an inclusion date is rejected", keyStudent(func(k *KeyStudent) { k.IncludedOn = "" }), "included_on", RuleRequired},
		{"a bad inclusion date is rejected", keyStudent(func(k *KeyStudent) { k.IncludedOn = "2026-3-1" }), "included_on", RuleDate},
		{"an unknown inclusion source is rejected", keyStudent(func(k *KeyStudent) { k.InclusionSource = "rumour" }), "inclusion_source", RuleEnum},
		{"an unknown reason is rejected", keyStudent(func(k *KeyStudent) { k.Reasons = []KeyReason{"diagnosis"} }), "reasons", RuleEnum},
		{"a level entry without a date is rejected", keyStudent(func(k *KeyStudent) { k.Levels[0].Date = "" }), "levels[0].date", RuleRequired},
		{"a level entry without a level is rejected", keyStudent(func(k *KeyStudent) { k.Levels[0].Level = "" }), "levels[0].level", RuleRequired},
		{"a level that is not configured is rejected", keyStudent(func(k *KeyStudent) {
			k.Levels = append(k.Levels, LevelEntry{Date: "2026-03-20", Level: "purple"})
		}), "levels[1].level", RuleLevel},
		{"a key student without a level is rejected", keyStudent(func(k *KeyStudent) { k.Levels = nil }), "levels", RuleRequired},
		{"a level history starting after the inclusion is rejected", keyStudent(func(k *KeyStudent) { k.Levels[0].Date = "2026-03-02" }), "levels", RuleOrder},
		{"a level history starting before the inclusion is valid", keyStudent(func(k *KeyStudent) { k.Levels[0].Date = "2026-02-20" }), "", ""},
		{"a follow-up on a bad date is rejected", keyStudent(func(k *KeyStudent) { k.FollowUps[0].Date = "2026-03-32" }), "follow_ups[0].date", RuleDate},
		{"a follow-up before the inclusion is rejected", keyStudent(func(k *KeyStudent) { k.FollowUps[0].Date = "2026-02-27" }), "follow_ups[0].date", RuleOrder},
		{"a follow-up with an unknown method is rejected", keyStudent(func(k *KeyStudent) { k.FollowUps[0].Method = "email" }), "follow_ups[0].method", RuleEnum},
		{"a plan review on a bad date is rejected", keyStudent(func(k *KeyStudent) { k.Plan.ReviewOn = "soon" }), "plan.review_on", RuleDate},
		{"a release before the inclusion is rejected", keyStudent(func(k *KeyStudent) { k.ReleasedOn = "2026-02-28" }), "released_on", RuleOrder},
	})
}

func TestKeyStudentLevelsFollowTheConfiguredSet(t *testing.T) {
	k := keyStudent(func(k *KeyStudent) { k.Levels[0].Level = "level_2" })
	env := testEnv()
	env.Levels = []RiskLevel{{Code: "level_1", Label: "一级", Color: "#FF0000", Rank: 1}, {Code: "level_2", Label: "二级", Color: "#FFA500", Rank: 2}}
	if err := k.Validate(env); err != nil {
		t.Fatalf("got %v, want a level of the configured set accepted", err)
	}
	k.Levels[0].Level = LevelRed
	if err := k.Validate(env); err == nil {
		t.Fatal("got nil, want a default level rejected when the set is configured without it")
	}
	none := Settings{}
	if err := k.Validate(none.Env(nil)); err == nil {
		t.Fatal("got nil, want every level rejected when settings configure none")
	}
	def := DefaultSettings()
	if err := k.Validate(def.Env(testEnv().Refs)); err != nil {
		t.Fatalf("got %v, want the default levels of the default settings", err)
	}
}

func TestCrisisValidation(t *testing.T) {
	runValidation(t, []vcase{
		{"a crisis is valid", crisis(), "", ""},
		{"a crisis without a student is rejected", crisis(func(c *Crisis) { c.StudentID = "" }), "student_id", RuleRequired},
		{"a crisis without a discovery date is rejected", crisis(func(c *Crisis) { c.DiscoveredOn = "" }), "discovered_on", RuleRequired},
		{"a crisis discovered on a bad date is rejected", crisis(func(c *Crisis) { c.DiscoveredOn = "yesterday" }), "discovered_on", RuleDate},
		{"a crisis without a risk type is rejected", crisis(func(c *Crisis) { c.RiskType = "" }), "risk_type", RuleRequired},
		{"an unknown risk type is rejected", crisis(func(c *Crisis) { c.RiskType = "fight" }), "risk_type", RuleEnum},
		{"an unconfigured level is rejected", crisis(func(c *Crisis) { c.Level = "black" }), "level", RuleLevel},
		{"a disclosure without a recipient is rejected", crisis(func(c *Crisis) { c.Disclosures[0].To = "" }), "disclosures[0].to", RuleRequired},
		{"a disclosure to an unknown recipient is rejected", crisis(func(c *Crisis) { c.Disclosures[0].To = "press" }), "disclosures[0].to", RuleEnum},
		{"a disclosure without a date is rejected", crisis(func(c *Crisis) { c.Disclosures[0].On = "" }), "disclosures[0].on", RuleRequired},
		{"a bad handover date is rejected", crisis(func(c *Crisis) { c.GuardianHandoverOn = "2026-00-01" }), "guardian_handover_on", RuleDate},
		{"a disclosure before the discovery is rejected", crisis(func(c *Crisis) { c.Disclosures[0].On = "2026-03-04" }), "disclosures[0].on", RuleOrder},
		{"a handover before the discovery is rejected", crisis(func(c *Crisis) { c.GuardianHandoverOn = "2026-03-04" }), "guardian_handover_on", RuleOrder},
		{"a crisis closed before it was discovered is rejected", crisis(func(c *Crisis) { c.ClosedOn = "2026-03-04" }), "closed_on", RuleOrder},
	})
}

func TestReferralValidation(t *testing.T) {
	runValidation(t, []vcase{
		{"a referral is valid", referral(), "", ""},
		{"a referral without a student is rejected", referral(func(r *Referral) { r.StudentID = "" }), "student_id", RuleRequired},
		{"a referral without a suggestion date is rejected", referral(func(r *Referral) { r.SuggestedOn = "" }), "suggested_on", RuleRequired},
		{"a referral without a reason is rejected", referral(func(r *Referral) { r.Reason = "" }), "reason", RuleRequired},
		{"a bad date informing the guardian is rejected", referral(func(r *Referral) { r.GuardianInformedOn = "2026-02-31" }), "guardian_informed_on", RuleDate},
		{"an unknown status is rejected", referral(func(r *Referral) { r.Status = "cured" }), "status", RuleEnum},
		{"informing the guardian before the suggestion is rejected", referral(func(r *Referral) { r.GuardianInformedOn = "2026-03-05" }), "guardian_informed_on", RuleOrder},
		{"a visit before the suggestion is rejected", referral(func(r *Referral) { r.VisitedOn = "2026-03-01" }), "visited_on", RuleOrder},
		{"a return before the suggestion is rejected", referral(func(r *Referral) { r.LeaveFrom, r.ReturnedOn = "", "2026-03-01" }), "returned_on", RuleOrder},
		{"a return before the leave is rejected", referral(func(r *Referral) { r.ReturnedOn = "2026-03-09" }), "returned_on", RuleOrder},
	})
}

func TestContactValidation(t *testing.T) {
	runValidation(t, []vcase{
		{"a contact is valid", contact(), "", ""},
		{"a contact about no student is valid", contact(func(c *Contact) { c.StudentID = "" }), "", ""},
		{"a contact about a missing student is rejected", contact(func(c *Contact) { c.StudentID = missing }), "student_id", RuleRef},
		{"a contact without a date is rejected", contact(func(c *Contact) { c.Date = "" }), "date", RuleRequired},
		{"a contact without a counterpart is rejected", contact(func(c *Contact) { c.Counterpart = "" }), "counterpart", RuleRequired},
		{"an unknown counterpart is rejected", contact(func(c *Contact) { c.Counterpart = "neighbour" }), "counterpart", RuleEnum},
		{"an unknown method is rejected", contact(func(c *Contact) { c.Method = "fax" }), "method", RuleEnum},
	})
}

func TestGroupSessionValidation(t *testing.T) {
	runValidation(t, []vcase{
		{"a group session is valid", group(), "", ""},
		{"a group session without a title is rejected", group(func(g *GroupSession) { g.Title = "" }), "title", RuleRequired},
		{"a group session without a type is rejected", group(func(g *GroupSession) { g.GroupType = "" }), "group_type", RuleRequired},
		{"an unknown group type is rejected", group(func(g *GroupSession) { g.GroupType = "sports" }), "group_type", RuleEnum},
		{"a group session without a date is rejected", group(func(g *GroupSession) { g.Date = "" }), "date", RuleRequired},
		{"a group session without a leader is rejected", group(func(g *GroupSession) { g.Leader = "" }), "leader", RuleRequired},
		{"a group session without participants is rejected", group(func(g *GroupSession) { g.Participants = 0 }), "participants", RulePositive},
		{"a negative duration is rejected", group(func(g *GroupSession) { g.DurationMin = -1 }), "duration_min", RuleNegative},
		{"a negative series number is rejected", group(func(g *GroupSession) { g.SeriesNo = -1 }), "series_no", RuleNegative},
		{"a segment of negative minutes is rejected", group(func(g *GroupSession) { g.Process[0].Minutes = -3 }), "process[0].minutes", RuleNegative},
		{"an unknown stage is rejected", group(func(g *GroupSession) { g.Stage = "storming" }), "stage", RuleEnum},
		{"a bad start time is rejected", group(func(g *GroupSession) { g.Start = "3pm" }), "start", RuleClock},
		{"attendance of a missing student is rejected", group(func(g *GroupSession) { g.Attendance[0].StudentID = missing }), "attendance[0].student_id", RuleRef},
		{"a follow-up of a missing student is rejected", group(func(g *GroupSession) { g.FollowUpStudentIDs = []string{missing} }), "follow_up_student_ids[0]", RuleRef},
	})
}

func TestCommitteeMemberValidation(t *testing.T) {
	runValidation(t, []vcase{
		{"a committee member is valid", member(), "", ""},
		{"a member without a student is rejected", member(func(m *CommitteeMember) { m.StudentID = "" }), "student_id", RuleRequired},
		{"a member without a class is rejected", member(func(m *CommitteeMember) { m.Class = "" }), "class", RuleRequired},
		{"a member without an appointment date is rejected", member(func(m *CommitteeMember) { m.AppointedOn = "" }), "appointed_on", RuleRequired},
		{"an unknown role is rejected", member(func(m *CommitteeMember) { m.Role = "chief" }), "role", RuleEnum},
		{"a member who left before the appointment is rejected", member(func(m *CommitteeMember) { m.LeftOn = "2026-02-19" }), "left_on", RuleOrder},
		{"a training on a bad date is rejected", member(func(m *CommitteeMember) { m.Trainings[0].Date = "2026-3-1" }), "trainings[0].date", RuleDate},
		{"a training of negative hours is rejected", member(func(m *CommitteeMember) { m.Trainings[0].Hours = -1 }), "trainings[0].hours", RuleNegative},
	})
}

func TestClassReportValidation(t *testing.T) {
	runValidation(t, []vcase{
		{"a class report with no concerns is valid", classReport(), "", ""},
		{"a report without a class is rejected", classReport(func(r *ClassReport) { r.Class = "" }), "class", RuleRequired},
		{"a report without a week is rejected", classReport(func(r *ClassReport) { r.WeekStart = "" }), "week_start", RuleRequired},
		{"a week starting on a Tuesday is rejected", classReport(func(r *ClassReport) { r.WeekStart = "2026-03-03" }), "week_start", RuleMonday},
		{"a week starting on a bad date is rejected", classReport(func(r *ClassReport) { r.WeekStart = "2026-02-30" }), "week_start", RuleDate},
		{"a report by a missing member is rejected", classReport(func(r *ClassReport) { r.MemberID = missing }), "member_id", RuleRef},
		{"an unknown mood is rejected", classReport(func(r *ClassReport) { r.Mood = "stormy" }), "mood", RuleEnum},
		{"a negative number of concerns is rejected", classReport(func(r *ClassReport) { r.Concerns = -1 }), "concerns", RuleNegative},
	})
}

func TestActivityValidation(t *testing.T) {
	runValidation(t, []vcase{
		{"an activity is valid", activity(), "", ""},
		{"an activity without a kind is rejected", activity(func(a *Activity) { a.Kind = "" }), "kind", RuleRequired},
		{"an unknown kind is rejected", activity(func(a *Activity) { a.Kind = "party" }), "kind", RuleEnum},
		{"an activity without a date is rejected", activity(func(a *Activity) { a.Date = "" }), "date", RuleRequired},
		{"an activity without a title is rejected", activity(func(a *Activity) { a.Title = "" }), "title", RuleRequired},
		{"negative classes are rejected", activity(func(a *Activity) { a.Classes = -1 }), "classes", RuleNegative},
		{"negative lessons are rejected", activity(func(a *Activity) { a.Lessons = -1 }), "lessons", RuleNegative},
		{"negative participants are rejected", activity(func(a *Activity) { a.Participants = -1 }), "participants", RuleNegative},
		{"negative hours are rejected", activity(func(a *Activity) { a.Hours = -0.5 }), "hours", RuleNegative},
	})
}

func TestSmallRecordsValidation(t *testing.T) {
	runValidation(t, []vcase{
		{"a duty day is valid", dutyDay(), "", ""},
		{"a duty day without a date is rejected", dutyDay(func(d *DutyDay) { d.Date = "" }), "date", RuleRequired},
		{"a duty day on a bad date is rejected", dutyDay(func(d *DutyDay) { d.Date = "2026-04-31" }), "date", RuleDate},
		{"a visit is valid", visit(), "", ""},
		{"a visit without a date is rejected", visit(func(v *Visit) { v.Date = "" }), "date", RuleRequired},
		{"a visit at a bad time is rejected", visit(func(v *Visit) { v.Time = "12:60" }), "time", RuleClock},
		{"a visit by an unknown visitor type is rejected", visit(func(v *Visit) { v.VisitorType = "alumni" }), "visitor_type", RuleEnum},
		{"a visit by an unknown method is rejected", visit(func(v *Visit) { v.Method = "email" }), "method", RuleEnum},
		{"an empty mailbox is valid", mailbox(), "", ""},
		{"a mailbox without an opening date is rejected", mailbox(func(m *Mailbox) { m.OpenedOn = "" }), "opened_on", RuleRequired},
		{"a negative number of letters is rejected", mailbox(func(m *Mailbox) { m.Letters = -2 }), "letters", RuleNegative},
		{"a consent is valid", consent(), "", ""},
		{"a consent without a student is rejected", consent(func(c *Consent) { c.StudentID = "" }), "student_id", RuleRequired},
		{"a consent without a date is rejected", consent(func(c *Consent) { c.Date = "" }), "date", RuleRequired},
		{"a consent of an unknown kind is rejected", consent(func(c *Consent) { c.Kind = "photo" }), "kind", RuleEnum},
		{"a consent with a missing attachment is rejected", consent(func(c *Consent) { c.AttachmentID = missing }), "attachment_id", RuleRef},
		{"an attachment is valid", attachment(), "", ""},
		{"an attachment without an owner type is rejected", attachment(func(a *Attachment) { a.OwnerType = "" }), "owner_type", RuleRequired},
		{"an attachment of an unknown owner type is rejected", attachment(func(a *Attachment) { a.OwnerType = "diary" }), "owner_type", RuleEnum},
		{"an attachment of a missing owner is rejected", attachment(func(a *Attachment) { a.OwnerID = missing }), "owner_id", RuleRef},
		{"an attachment without a file name is rejected", attachment(func(a *Attachment) { a.Filename = "" }), "filename", RuleRequired},
		{"an attachment of negative size is rejected", attachment(func(a *Attachment) { a.Size = -1 }), "size", RuleNegative},
		{"an attachment with a short hash is rejected", attachment(func(a *Attachment) { a.SHA256 = "abc" }), "sha256", RuleFormat},
		{"month notes are valid", monthNotes(), "", ""},
		{"month notes without a month are rejected", monthNotes(func(m *MonthNotes) { m.Month = "" }), "month", RuleRequired},
		{"month notes of a bad month are rejected", monthNotes(func(m *MonthNotes) { m.Month = "2026-3" }), "month", RuleMonth},
		{"negative training hours are rejected", monthNotes(func(m *MonthNotes) { m.TrainingHours = -1 }), "training_hours", RuleNegative},
		{"a return is valid", ret(), "", ""},
		{"a return without figures is rejected", ret(func(r *Return) { r.Figures = nil }), "figures", RuleRequired},
		{"a return whose figures are not an object is rejected", ret(func(r *Return) { r.Figures = []byte(`[1]`) }), "figures", RuleFormat},
		{"a return without a generation time is rejected", ret(func(r *Return) { r.GeneratedAt = time.Time{} }), "generated_at", RuleRequired},
		{"a return of a bad month is rejected", ret(func(r *Return) { r.Month = "March" }), "month", RuleMonth},
	})
}

func TestScreeningValidation(t *testing.T) {
	runValidation(t, []vcase{
		{"a screening is valid", screening(), "", ""},
		{"a screening without a name is rejected", screening(func(s *Screening) { s.Name = "" }), "name", RuleRequired},
		{"a screening without an end date is rejected", screening(func(s *Screening) { s.DateTo = "" }), "date_to", RuleRequired},
		{"a screening ending on a bad date is rejected", screening(func(s *Screening) { s.DateTo = "2026-03-1" }), "date_to", RuleDate},
		{"a screening ending before it began is rejected", screening(func(s *Screening) { s.DateTo = "2026-02-28" }), "date_to", RuleOrder},
		{"a negative expected count is rejected", screening(func(s *Screening) { s.Expected = -1 }), "expected", RuleNegative},
		{"more tested than expected is rejected", screening(func(s *Screening) { s.Tested, s.Valid, s.Flagged = 120, 100, 5; s.Expected = 99 }), "tested", RuleCount},
		{"a negative confirmed count is rejected", screening(func(s *Screening) { s.Confirmed = -1 }), "confirmed", RuleNegative},
		{"more valid results than tested students are rejected", screening(func(s *Screening) { s.Valid = 881 }), "valid", RuleCount},
		{"more flagged than tested students are rejected", screening(func(s *Screening) { s.Flagged = 881 }), "flagged", RuleCount},
	})
}

func TestReferencesAreNotCheckedWithoutRefs(t *testing.T) {
	c := kase(func(c *Case) { c.StudentID = missing })
	if err := c.Validate(Env{}); err != nil {
		t.Fatalf("got %v, want no reference check without Refs", err)
	}
}

func TestValidationReportsEveryBrokenRule(t *testing.T) {
	s := &Student{BirthDate: "2012-13-01"}
	ves, ok := AsValidationErrors(s.Validate(Env{}))
	if !ok {
		t.Fatal("got no validation errors, want several")
	}
	var keys []string
	for _, f := range ves {
		keys = append(keys, f.Key)
	}
	if got, want := strings.Join(keys, ","), "name,gender,birth_date,grade,class"; got != want {
		t.Fatalf("got keys %s, want %s", got, want)
	}
}

func TestMessagesUseTheFieldLabels(t *testing.T) {
	s := student(func(s *Student) { s.BirthDate = "2012-02-30" })
	ves, _ := AsValidationErrors(s.Validate(Env{}))
	if len(ves) != 1 {
		t.Fatalf("got %d errors, want 1", len(ves))
	}
	if got, want := ves[0].MessageZH, "出生日期不是有效日期（应为 YYYY-MM-DD）"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := ves[0].MessageEN, "Date of birth is not a valid date (want YYYY-MM-DD)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	r := referral(func(r *Referral) { r.LeaveFrom, r.VisitedOn = "", "2026-03-01" })
	ves, _ = AsValidationErrors(r.Validate(Env{}))
	if len(ves) != 1 {
		t.Fatalf("got %v, want 1 error", ves)
	}
	if got, want := ves[0].MessageZH, "就诊日期不能早于建议日期"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := ves[0].MessageEN, "Visited on must not be before Suggested on"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	c := crisis(func(c *Crisis) { c.Disclosures[0].On = "2026-03-01" })
	ves, _ = AsValidationErrors(c.Validate(Env{}))
	if len(ves) != 1 || ves[0].MessageZH != "告知日期不能早于发现日期" {
		t.Errorf("got %v, want the disclosure date compared with the discovery by their labels", ves)
	}
}

func TestMessagesNameOtherKeysInTheirOwnLanguage(t *testing.T) {
	c := kase(func(c *Case) { c.ClientKind, c.ClientName = ClientKindParent, "测试家长" })
	ves, _ := AsValidationErrors(c.Validate(Env{}))
	if len(ves) != 1 {
		t.Fatalf("got %v, want 1 error", ves)
	}
	if got, want := ves[0].MessageZH, "教职工或家长个案不关联学生，请填写来访者姓名"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := ves[0].MessageEN, "staff and parent cases name no Student; fill in Client's name"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestErrorTextForTheLogQuotesNoValue(t *testing.T) {
	s := student(func(s *Student) { s.Gender = "测试学生丙" })
	err := s.Validate(Env{})
	ves, _ := AsValidationErrors(err)
	if len(ves) != 1 || !strings.Contains(ves[0].MessageZH, "测试学生丙") {
		t.Fatalf("got %v, want the screen message to quote the code", ves)
	}
	if got, want := err.Error(), "student.gender: enum"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSettingsValidation(t *testing.T) {
	valid := func() *Settings {
		s := DefaultSettings()
		s.School.Name = "测试实验中学"
		s.School.StudentCount, s.School.ClassCount = 1200, 24
		s.Terms = []Term{{Name: "2026-2027学年第一学期", Start: "2026-09-01", End: "2027-01-20"}}
		return &s
	}
	cases := []struct {
		name string
		mod  func(*Settings)
		key  string
		rule string
	}{
		{"the default settings are valid", func(*Settings) {}, "", ""},
		{"a negative student count is rejected", func(s *Settings) { s.School.StudentCount = -1 }, "school.student_count", RuleNegative},
		{"an unknown stage is rejected", func(s *Settings) { s.School.Stage = "college" }, "school.stage", RuleEnum},
		{"a negative room area is rejected", func(s *Settings) { s.School.Room.AreaM2 = -3 }, "school.room.area_m2", RuleNegative},
		{"a hotline without a number is rejected", func(s *Settings) { s.School.Hotlines[0].Number = "" }, "school.hotlines[0].number", RuleRequired},
		{"no risk levels are rejected", func(s *Settings) { s.RiskLevels = nil }, "risk_levels", RuleRequired},
		{"a level code used twice is rejected", func(s *Settings) { s.RiskLevels[1].Code = LevelRed }, "risk_levels[1].code", RuleDuplicate},
		{"a level code with spaces is rejected", func(s *Settings) { s.RiskLevels[1].Code = "high risk" }, "risk_levels[1].code", RuleFormat},
		{"a level without a label is rejected", func(s *Settings) { s.RiskLevels[0].Label = "" }, "risk_levels[0].label", RuleRequired},
		{"a level colour by name is rejected", func(s *Settings) { s.RiskLevels[0].Color = "red" }, "risk_levels[0].color", RuleFormat},
		{"a rank used twice is rejected", func(s *Settings) { s.RiskLevels[2].Rank = 1 }, "risk_levels[2].rank", RuleDuplicate},
		{"a negative follow-up interval is rejected", func(s *Settings) { s.RiskLevels[0].FollowUpDays = -7 }, "risk_levels[0].follow_up_days", RuleNegative},
		{"a term ending before it starts is rejected", func(s *Settings) { s.Terms[0].End = "2026-08-01" }, "terms[0].end", RuleOrder},
		{"a term without a name is rejected", func(s *Settings) { s.Terms[0].Name = "" }, "terms[0].name", RuleRequired},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := valid()
			tc.mod(s)
			err := s.Validate()
			if tc.key == "" {
				if err != nil {
					t.Fatalf("got %v, want valid settings", err)
				}
				return
			}
			ves, _ := AsValidationErrors(err)
			for _, f := range ves {
				if f.Key == tc.key && f.Rule == tc.rule {
					return
				}
			}
			t.Fatalf("got %v, want %s (%s)", err, tc.key, tc.rule)
		})
	}
}

func TestAuditEntryValidation(t *testing.T) {
	e := AuditEntry{Seq: 1, At: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC), Action: AuditActionUnlock, Hash: hash64}
	if err := e.Validate(); err != nil {
		t.Fatalf("got %v, want a valid first entry", err)
	}
	e.Action = "peek"
	if err := e.Validate(); err == nil {
		t.Fatal("got nil, want an unknown action rejected")
	}
}

func TestErrorCodes(t *testing.T) {
	notFound := &Error{Code: ENOTFOUND, MessageZH: "记录不存在", MessageEN: "record not found"}
	cases := []struct {
		name string
		err  error
		code string
	}{
		{"no error has no code", nil, ""},
		{"a wrapped domain error keeps its code", wrap(notFound), ENOTFOUND},
		{"wrapped validation errors are invalid", wrap(ValidationErrors{{Kind: KindStudent, Key: "name"}}), EINVALID},
		{"any other error is internal", errors.New("disk full"), EINTERNAL},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := ErrorCode(tc.err); got != tc.code {
				t.Errorf("got %q, want %q", got, tc.code)
			}
		})
	}
	if got := ErrorMessageZH(wrap(notFound)); got != "记录不存在" {
		t.Errorf("got %q, want the domain message", got)
	}
	cause := errors.New("constraint failed")
	e := &Error{Code: ECONFLICT, Err: cause}
	if !errors.Is(wrap(e), cause) {
		t.Error("got errors.Is false, want the cause reachable")
	}
	pre := ValidationErrors{{Kind: KindStudent, Key: "name"}}.Prefix("students[3]")
	if got, want := pre[0].Key, "students[3].name"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func wrap(err error) error { return errors.Join(errors.New("context"), err) }

func TestDomainErrorText(t *testing.T) {
	cause := errors.New("unique constraint")
	e := &Error{Code: ECONFLICT, Field: "case_no", MessageEN: "case number in use", Err: cause}
	if got, want := e.Error(), "conflict case_no: case number in use: unique constraint"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := Errorf(ENOTFOUND, "no %s %s", KindCase, "c1"); got.Code != ENOTFOUND || got.MessageEN != "no case c1" {
		t.Errorf("got %+v, want a not-found error with its message", got)
	}
	if got := ErrorMessageZH(errors.New("disk")); got == "" || strings.Contains(got, "disk") {
		t.Errorf("got %q, want a generic Chinese sentence without the raw error", got)
	}
	if got := ErrorMessageZH(wrap(ValidationErrors{{MessageZH: "姓名为必填项"}})); got != "姓名为必填项" {
		t.Errorf("got %q, want the first validation message", got)
	}
	if got := (ValidationErrors{{Kind: KindStudent, Key: "name", Rule: RuleRequired}, {Kind: KindStudent, Key: "class", Rule: RuleRequired}}).Error(); got != "student.name: required (and 1 more)" {
		t.Errorf("got %q, want the first error and a count", got)
	}
}
