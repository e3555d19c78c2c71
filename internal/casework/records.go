package casework

import (
	"encoding/json"
	"time"
)

// Meta is what every record carries: a UUID and when it was created and
// last changed. It is embedded, so its keys sit at the top of the
// record's JSON object ("id", "created_at", "updated_at").
//
// The interchange document keeps created_at and updated_at: a successor
// inherits the history of when records were written, and an
// export → import → export round trip stays byte-identical. Timestamps
// are UTC with second precision (see Stamp); the zero time is omitted.
type Meta struct {
	ID        string    `json:"id"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// Base returns the record's common part, so code that handles any record
// (the store, the importer) reaches id and timestamps through Record.
func (m *Meta) Base() *Meta { return m }

// Touch stamps a save at now: created_at once, updated_at every time.
func (m *Meta) Touch(now time.Time) {
	now = Stamp(now)
	if m.CreatedAt.IsZero() {
		m.CreatedAt = now
	}
	m.UpdatedAt = now
}

// Stamp returns t as stored: UTC, whole seconds, so that a timestamp
// written and read back compares equal and prints the same.
func Stamp(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }

// Record is any record of the vault.
type Record interface {
	RecordKind() Kind
	Base() *Meta
	Validate(env Env) error
}

// JSON conventions, one canonical form so that export → import → export is
// byte-identical: required keys are always written; optional text, dates,
// sets, lists and sub-objects are omitted when empty (a missing key means
// empty); counts and booleans are always written because 0 and false are
// answers ("concerns": 0 says a class reported nobody), except numbers that
// are identifiers rather than counts (graduation_year, series_no), which are
// omitted when 0 (unknown).

// Student is a pupil of the school (学生).
type Student struct {
	Meta
	Name             string          `json:"name"`
	Gender           Gender          `json:"gender"`
	BirthDate        Date            `json:"birth_date,omitempty"`
	StudentNo        string          `json:"student_no,omitempty"`
	Grade            string          `json:"grade"`
	Class            string          `json:"class"`
	HomeroomTeacher  string          `json:"homeroom_teacher,omitempty"`
	Boarding         bool            `json:"boarding"`
	GuardianName     string          `json:"guardian_name,omitempty"`
	GuardianRelation string          `json:"guardian_relation,omitempty"`
	GuardianPhone    string          `json:"guardian_phone,omitempty"`
	FamilyStructure  FamilyStructure `json:"family_structure,omitempty"`
	SpecialGroups    []SpecialGroup  `json:"special_groups,omitempty"`
	Status           StudentStatus   `json:"status,omitempty"`
	GraduationYear   int             `json:"graduation_year,omitempty"`
	Notes            string          `json:"notes,omitempty"`
	// LeftOn is the first day the student is no longer on roll (离校日期);
	// set with status graduated or transferred (docs/DOMAIN.md "Time").
	LeftOn Date `json:"left_on,omitempty"`
	// ClassHistory is the class in force from each date, oldest first; the
	// student's Grade and Class are its latest entry.
	ClassHistory []ClassEntry `json:"class_history,omitempty"`
}

// ClassEntry is one entry of a student's class history: the grade and
// class in force from From on.
type ClassEntry struct {
	From  Date   `json:"from"`
	Grade string `json:"grade"`
	Class string `json:"class"`
}

// Case is a counseling case (个案). A student case names its student by
// StudentID; staff and parent cases name the client in ClientName and
// have no StudentID.
type Case struct {
	Meta
	StudentID         string        `json:"student_id,omitempty"`
	ClientKind        ClientKind    `json:"client_kind,omitempty"`
	ClientName        string        `json:"client_name,omitempty"`
	CaseNo            string        `json:"case_no,omitempty"`
	OpenedOn          Date          `json:"opened_on"`
	Source            CaseSource    `json:"source"`
	ProblemTypes      []ProblemType `json:"problem_types"`
	PresentingProblem string        `json:"presenting_problem,omitempty"`
	Background        string        `json:"background,omitempty"`
	Goals             string        `json:"goals,omitempty"`
	Status            CaseStatus    `json:"status,omitempty"`
	ClosedOn          Date          `json:"closed_on,omitempty"`
	ClosingSummary    string        `json:"closing_summary,omitempty"`
	// Counselor (辅导教师) and Recorder (记录人) are printed on the case
	// record; Profile is the structured background a school's template
	// asks for (casework/profile.go).
	Counselor string       `json:"counselor,omitempty"`
	Recorder  string       `json:"recorder,omitempty"`
	Profile   *CaseProfile `json:"profile,omitempty"`
}

// Session is one individual counseling session of a case (个别辅导记录).
// PrivateNote is a memory aid: never printed, never in a report.
type Session struct {
	Meta
	CaseID          string       `json:"case_id"`
	Date            Date         `json:"date"`
	Start           Clock        `json:"start,omitempty"`
	DurationMin     int          `json:"duration_min"`
	Place           SessionPlace `json:"place,omitempty"`
	Mode            SessionMode  `json:"mode,omitempty"`
	Form            SessionForm  `json:"form,omitempty"`
	Observations    string       `json:"observations,omitempty"`
	Interventions   string       `json:"interventions,omitempty"`
	Assessment      string       `json:"assessment,omitempty"`
	Risk            SessionRisk  `json:"risk,omitempty"`
	Effect          string       `json:"effect,omitempty"`
	NextAppointment Date         `json:"next_appointment,omitempty"`
	Homework        string       `json:"homework,omitempty"`
	PrivateNote     string       `json:"private_note,omitempty"`
}

// KeyStudent is a student on the key-student register (重点学生, 一生一策).
// Levels is a history: a change of level is a new entry, never an edit.
type KeyStudent struct {
	Meta
	StudentID        string          `json:"student_id"`
	IncludedOn       Date            `json:"included_on"`
	InclusionSource  InclusionSource `json:"inclusion_source,omitempty"`
	Reasons          []KeyReason     `json:"reasons,omitempty"`
	ReasonText       string          `json:"reason_text,omitempty"`
	InitialInterview string          `json:"initial_interview,omitempty"`
	Responsible      []Responsible   `json:"responsible,omitempty"`
	Plan             Plan            `json:"plan,omitzero"`
	Levels           []LevelEntry    `json:"levels,omitempty"`
	FollowUps        []FollowUp      `json:"follow_ups,omitempty"`
	ReleasedOn       Date            `json:"released_on,omitempty"`
	ReleaseBasis     string          `json:"release_basis,omitempty"`
	// Handover is the hand-over note for the next school (转衔建议) of a
	// student released because they left.
	Handover string `json:"handover,omitempty"`
}

// Responsible is one person who looks after a key student (帮扶责任人).
type Responsible struct {
	Role string `json:"role,omitempty"`
	Name string `json:"name,omitempty"`
}

// Plan is a key student's intervention plan (干预方案, the 一生一策).
type Plan struct {
	Goals    string `json:"goals,omitempty"`
	Measures string `json:"measures,omitempty"`
	ReviewOn Date   `json:"review_on,omitempty"`
}

// LevelEntry is one entry of a key student's level history (等级历史).
// Level is a code of the configured risk levels.
type LevelEntry struct {
	Date      Date   `json:"date"`
	Level     string `json:"level"`
	Reason    string `json:"reason,omitempty"`
	DecidedBy string `json:"decided_by,omitempty"`
}

// FollowUp is one follow-up of a key student (跟踪记录).
type FollowUp struct {
	Date      Date           `json:"date"`
	Method    FollowUpMethod `json:"method,omitempty"`
	Situation string         `json:"situation,omitempty"`
}

// Crisis is a crisis event (危机事件). Every breach of confidentiality is
// its own Disclosure entry (who was told, when, what scope, on what basis).
type Crisis struct {
	Meta
	StudentID          string       `json:"student_id"`
	DiscoveredOn       Date         `json:"discovered_on"`
	DiscoveredBy       string       `json:"discovered_by,omitempty"`
	Place              string       `json:"place,omitempty"`
	RiskType           RiskType     `json:"risk_type"`
	Level              string       `json:"level,omitempty"`
	Description        string       `json:"description,omitempty"`
	Actions            string       `json:"actions,omitempty"`
	Disclosures        []Disclosure `json:"disclosures,omitempty"`
	GuardianHandoverOn Date         `json:"guardian_handover_on,omitempty"`
	HospitalEscort     bool         `json:"hospital_escort"`
	FollowUpPlan       string       `json:"follow_up_plan,omitempty"`
	ClosedOn           Date         `json:"closed_on,omitempty"`
	Conclusion         string       `json:"conclusion,omitempty"`
}

// Disclosure records one breach of confidentiality (保密突破记录).
type Disclosure struct {
	To    DisclosureRecipient `json:"to"`
	On    Date                `json:"on"`
	Scope string              `json:"scope,omitempty"`
	Basis string              `json:"basis,omitempty"`
}

// Referral is a suggestion to see a doctor (转介, 建议就医检查), tracked
// until feedback. Reason and Feedback use non-diagnostic wording.
type Referral struct {
	Meta
	StudentID          string         `json:"student_id"`
	SuggestedOn        Date           `json:"suggested_on"`
	Reason             string         `json:"reason"`
	Institution        string         `json:"institution,omitempty"`
	Department         string         `json:"department,omitempty"`
	GuardianInformedOn Date           `json:"guardian_informed_on,omitempty"`
	ReceiptSigned      bool           `json:"receipt_signed"`
	Status             ReferralStatus `json:"status,omitempty"`
	VisitedOn          Date           `json:"visited_on,omitempty"`
	Feedback           string         `json:"feedback,omitempty"`
	LeaveFrom          Date           `json:"leave_from,omitempty"`
	ReturnedOn         Date           `json:"returned_on,omitempty"`
	ReturnAssessment   string         `json:"return_assessment,omitempty"`
	// InstitutionAddress and InstitutionPhone are printed on the referral
	// letter under the institution's name.
	InstitutionAddress string `json:"institution_address,omitempty"`
	InstitutionPhone   string `json:"institution_phone,omitempty"`
}

// Contact is a conversation with a guardian, teacher or agency
// (家校沟通/教师沟通记录). StudentID is optional.
type Contact struct {
	Meta
	StudentID   string        `json:"student_id,omitempty"`
	Date        Date          `json:"date"`
	Counterpart Counterpart   `json:"counterpart"`
	Method      ContactMethod `json:"method,omitempty"`
	Purpose     string        `json:"purpose,omitempty"`
	Summary     string        `json:"summary,omitempty"`
	FollowUp    string        `json:"follow_up,omitempty"`
}

// GroupSession is one group counseling session (团体辅导).
// FollowUpStudentIDs is never printed in group outputs.
type GroupSession struct {
	Meta
	Title              string           `json:"title"`
	Series             string           `json:"series,omitempty"`
	SeriesNo           int              `json:"series_no,omitempty"`
	GroupType          GroupType        `json:"group_type"`
	Target             string           `json:"target,omitempty"`
	Date               Date             `json:"date"`
	Start              Clock            `json:"start,omitempty"`
	DurationMin        int              `json:"duration_min"`
	Place              string           `json:"place,omitempty"`
	Leader             string           `json:"leader"`
	Stage              GroupStage       `json:"stage,omitempty"`
	Goals              string           `json:"goals,omitempty"`
	Preparation        string           `json:"preparation,omitempty"`
	Process            []ProcessSegment `json:"process,omitempty"`
	Participants       int              `json:"participants"`
	Attendance         []Attendance     `json:"attendance,omitempty"`
	Evaluation         string           `json:"evaluation,omitempty"`
	Reflection         string           `json:"reflection,omitempty"`
	FollowUpStudentIDs []string         `json:"follow_up_student_ids,omitempty"`
	// Recorder (记录者) and OpeningWords (引导语) are printed on the group
	// record.
	Recorder     string `json:"recorder,omitempty"`
	OpeningWords string `json:"opening_words,omitempty"`
}

// ProcessSegment is one step of a group session's process (环节).
type ProcessSegment struct {
	Segment      string `json:"segment,omitempty"`
	Minutes      int    `json:"minutes"`
	Activity     string `json:"activity,omitempty"`
	Observations string `json:"observations,omitempty"`
}

// Attendance is one student's attendance at a group session.
type Attendance struct {
	StudentID string `json:"student_id"`
	Present   bool   `json:"present"`
	Reason    string `json:"reason,omitempty"`
}

// CommitteeMember is a class's mental-health committee member (心理委员).
// Grade and Class are copied at appointment so the roster stays true
// after the student moves up.
type CommitteeMember struct {
	Meta
	StudentID   string        `json:"student_id"`
	Grade       string        `json:"grade,omitempty"`
	Class       string        `json:"class"`
	Role        CommitteeRole `json:"role,omitempty"`
	AppointedOn Date          `json:"appointed_on"`
	LeftOn      Date          `json:"left_on,omitempty"`
	Trainings   []Training    `json:"trainings,omitempty"`
	Notes       string        `json:"notes,omitempty"`
	// TermEnd is the end of the appointed term (任期至); LeftOn is when the
	// member actually left. Phone is the member's contact (联系方式).
	TermEnd Date   `json:"term_end,omitempty"`
	Phone   string `json:"phone,omitempty"`
}

// Training is one training a committee member attended.
type Training struct {
	Date  Date    `json:"date,omitempty"`
	Topic string  `json:"topic,omitempty"`
	Hours float64 `json:"hours"`
}

// ClassReport is a class's weekly mood report (班级心理晴雨表/周报).
// ConcernNotes holds initials or student ids only, never names.
type ClassReport struct {
	Meta
	Class          string `json:"class"`
	WeekStart      Date   `json:"week_start"`
	MemberID       string `json:"member_id,omitempty"`
	Mood           Mood   `json:"mood,omitempty"`
	Concerns       int    `json:"concerns"`
	ConcernNotes   string `json:"concern_notes,omitempty"`
	Actions        string `json:"actions,omitempty"`
	NeedsCounselor bool   `json:"needs_counselor"`
	HomeroomSigned bool   `json:"homeroom_signed"`
}

// Activity is a mental-health education activity (心理健康教育活动).
type Activity struct {
	Meta
	Kind         ActivityKind `json:"kind"`
	Date         Date         `json:"date"`
	Title        string       `json:"title"`
	Target       string       `json:"target,omitempty"`
	Classes      int          `json:"classes"`
	Lessons      int          `json:"lessons"`
	Participants int          `json:"participants"`
	Hours        float64      `json:"hours"`
	Notes        string       `json:"notes,omitempty"`
}

// DutyDay is a day the counseling room was open (值班).
type DutyDay struct {
	Meta
	Date      Date   `json:"date"`
	OpenHours string `json:"open_hours,omitempty"`
	OnDuty    string `json:"on_duty,omitempty"`
	Notes     string `json:"notes,omitempty"`
}

// Visit is one entry of the visitor log (来访登记).
type Visit struct {
	Meta
	Date        Date        `json:"date"`
	Time        Clock       `json:"time,omitempty"`
	VisitorType VisitorType `json:"visitor_type,omitempty"`
	Method      VisitMethod `json:"method,omitempty"`
	Category    string      `json:"category,omitempty"`
	Handling    string      `json:"handling,omitempty"`
}

// Mailbox is one opening of the mental-health mailbox (心理信箱).
type Mailbox struct {
	Meta
	OpenedOn Date   `json:"opened_on"`
	Letters  int    `json:"letters"`
	Handling string `json:"handling,omitempty"`
}

// Screening is a screening or survey (测评/普查); the results usually come
// from a city or county platform and are entered as totals.
type Screening struct {
	Meta
	Name             string `json:"name"`
	Instrument       string `json:"instrument,omitempty"`
	DateFrom         Date   `json:"date_from,omitempty"`
	DateTo           Date   `json:"date_to"`
	Grades           string `json:"grades,omitempty"`
	Expected         int    `json:"expected"`
	Tested           int    `json:"tested"`
	Valid            int    `json:"valid"`
	Flagged          int    `json:"flagged"`
	Confirmed        int    `json:"confirmed"`
	ConsentCollected bool   `json:"consent_collected"`
}

// Consent is an informed consent (知情同意), optionally with the scanned
// form as an attachment.
type Consent struct {
	Meta
	StudentID      string      `json:"student_id"`
	Kind           ConsentKind `json:"kind,omitempty"`
	Date           Date        `json:"date"`
	GuardianSigned bool        `json:"guardian_signed"`
	StudentSigned  bool        `json:"student_signed"`
	AttachmentID   string      `json:"attachment_id,omitempty"`
}

// Attachment describes a file attached to a record. The bytes are sealed
// separately, outside the database image; SHA256 is hex of the plaintext.
type Attachment struct {
	Meta
	OwnerType Kind   `json:"owner_type"`
	OwnerID   string `json:"owner_id"`
	Filename  string `json:"filename"`
	MIME      string `json:"mime,omitempty"`
	Size      int64  `json:"size"`
	SHA256    string `json:"sha256"`
	AddedOn   Date   `json:"added_on,omitempty"`
}

// MonthNotes holds the written part of a month's return (月报文字部分).
type MonthNotes struct {
	Meta
	Month         Month   `json:"month"`
	Highlights    string  `json:"highlights,omitempty"`
	Problems      string  `json:"problems,omitempty"`
	NextPlan      string  `json:"next_plan,omitempty"`
	TrainingHours float64 `json:"training_hours"`
}

// Return is a generated monthly return, frozen: the exact figures and the
// hash of the PDF that was uploaded (已报送月报).
type Return struct {
	Meta
	Month       Month           `json:"month"`
	GeneratedAt time.Time       `json:"generated_at"`
	PDFSHA256   string          `json:"pdf_sha256"`
	Figures     json.RawMessage `json:"figures"`
	// Trend is the 上月/本学期累计 printed beside the figures (package
	// figures' Trend), frozen with them; empty for a return frozen before
	// the trend was printed.
	Trend json.RawMessage `json:"trend,omitempty"`
}

// AuditEntry is one link of the audit log's SHA-256 chain (审计日志).
// ObjectID is an id, never a name. Entries are append-only and identified
// by Seq, so they carry no Meta.
type AuditEntry struct {
	Seq        int64       `json:"seq"`
	At         time.Time   `json:"at"`
	Action     AuditAction `json:"action"`
	ObjectType Kind        `json:"object_type,omitempty"`
	ObjectID   string      `json:"object_id,omitempty"`
	PrevHash   string      `json:"prev_hash"`
	Hash       string      `json:"hash"`
}
