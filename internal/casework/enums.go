// The enums of docs/DOMAIN.md "Enums", one named string type each. A new code needs its
// labels in assets/labels/zh-CN.json and en.json (a test checks).

package casework

// Gender is a student's gender. Codes are stored and exported; labels live in assets/labels ("enum.gender.<code>").
type Gender string

const (
	GenderMale   Gender = "male"
	GenderFemale Gender = "female"
)

// AllGenders returns every Gender code in docs/DOMAIN.md "Enums" order.
func AllGenders() []Gender {
	return []Gender{GenderMale, GenderFemale}
}

// Valid reports whether v is a known Gender code.
func (v Gender) Valid() bool {
	switch v {
	case GenderMale, GenderFemale:
		return true
	}
	return false
}

// Enum returns the name of the enum in label keys ("enum.gender.<code>").
func (Gender) Enum() string { return "gender" }

// Stage is a school's stage (学段). Codes are stored and exported; labels live in assets/labels ("enum.stage.<code>").
type Stage string

const (
	StagePrimary    Stage = "primary"
	StageJunior     Stage = "junior"
	StageNineYear   Stage = "nine_year"
	StageSenior     Stage = "senior"
	StageComplete   Stage = "complete"
	StageVocational Stage = "vocational"
)

// AllStages returns every Stage code in docs/DOMAIN.md "Enums" order.
func AllStages() []Stage {
	return []Stage{StagePrimary, StageJunior, StageNineYear, StageSenior, StageComplete, StageVocational}
}

// Valid reports whether v is a known Stage code.
func (v Stage) Valid() bool {
	switch v {
	case StagePrimary, StageJunior, StageNineYear, StageSenior, StageComplete, StageVocational:
		return true
	}
	return false
}

// Enum returns the name of the enum in label keys ("enum.stage.<code>").
func (Stage) Enum() string { return "stage" }

// FamilyStructure is a student's family structure. Codes are stored and exported; labels live in assets/labels ("enum.family_structure.<code>").
type FamilyStructure string

const (
	FamilyStructureNuclear      FamilyStructure = "nuclear"
	FamilyStructureSingleParent FamilyStructure = "single_parent"
	FamilyStructureBlended      FamilyStructure = "blended"
	FamilyStructureGrandparent  FamilyStructure = "grandparent"
	FamilyStructureOther        FamilyStructure = "other"
)

// AllFamilyStructures returns every FamilyStructure code in docs/DOMAIN.md "Enums" order.
func AllFamilyStructures() []FamilyStructure {
	return []FamilyStructure{FamilyStructureNuclear, FamilyStructureSingleParent, FamilyStructureBlended, FamilyStructureGrandparent, FamilyStructureOther}
}

// Valid reports whether v is a known FamilyStructure code.
func (v FamilyStructure) Valid() bool {
	switch v {
	case FamilyStructureNuclear, FamilyStructureSingleParent, FamilyStructureBlended, FamilyStructureGrandparent, FamilyStructureOther:
		return true
	}
	return false
}

// Enum returns the name of the enum in label keys ("enum.family_structure.<code>").
func (FamilyStructure) Enum() string { return "family_structure" }

// SpecialGroup is one flag of a student's special groups (特殊群体). Codes are stored and exported; labels live in assets/labels ("enum.special_group.<code>").
type SpecialGroup string

const (
	SpecialGroupLeftBehind   SpecialGroup = "left_behind"
	SpecialGroupMigrant      SpecialGroup = "migrant"
	SpecialGroupOrphan       SpecialGroup = "orphan"
	SpecialGroupHardship     SpecialGroup = "hardship"
	SpecialGroupDisabled     SpecialGroup = "disabled"
	SpecialGroupSingleParent SpecialGroup = "single_parent"
)

// AllSpecialGroups returns every SpecialGroup code in docs/DOMAIN.md "Enums" order.
func AllSpecialGroups() []SpecialGroup {
	return []SpecialGroup{SpecialGroupLeftBehind, SpecialGroupMigrant, SpecialGroupOrphan, SpecialGroupHardship, SpecialGroupDisabled, SpecialGroupSingleParent}
}

// Valid reports whether v is a known SpecialGroup code.
func (v SpecialGroup) Valid() bool {
	switch v {
	case SpecialGroupLeftBehind, SpecialGroupMigrant, SpecialGroupOrphan, SpecialGroupHardship, SpecialGroupDisabled, SpecialGroupSingleParent:
		return true
	}
	return false
}

// Enum returns the name of the enum in label keys ("enum.special_group.<code>").
func (SpecialGroup) Enum() string { return "special_group" }

// StudentStatus is a student's enrolment status. Codes are stored and exported; labels live in assets/labels ("enum.student_status.<code>").
type StudentStatus string

const (
	StudentStatusEnrolled    StudentStatus = "enrolled"
	StudentStatusGraduated   StudentStatus = "graduated"
	StudentStatusTransferred StudentStatus = "transferred"
)

// AllStudentStatuses returns every StudentStatus code in docs/DOMAIN.md "Enums" order.
func AllStudentStatuses() []StudentStatus {
	return []StudentStatus{StudentStatusEnrolled, StudentStatusGraduated, StudentStatusTransferred}
}

// Valid reports whether v is a known StudentStatus code.
func (v StudentStatus) Valid() bool {
	switch v {
	case StudentStatusEnrolled, StudentStatusGraduated, StudentStatusTransferred:
		return true
	}
	return false
}

// Enum returns the name of the enum in label keys ("enum.student_status.<code>").
func (StudentStatus) Enum() string { return "student_status" }

// ClientKind is who a case is about. Codes are stored and exported; labels live in assets/labels ("enum.client_kind.<code>").
type ClientKind string

const (
	ClientKindStudent ClientKind = "student"
	ClientKindStaff   ClientKind = "staff"
	ClientKindParent  ClientKind = "parent"
)

// AllClientKinds returns every ClientKind code in docs/DOMAIN.md "Enums" order.
func AllClientKinds() []ClientKind {
	return []ClientKind{ClientKindStudent, ClientKindStaff, ClientKindParent}
}

// Valid reports whether v is a known ClientKind code.
func (v ClientKind) Valid() bool {
	switch v {
	case ClientKindStudent, ClientKindStaff, ClientKindParent:
		return true
	}
	return false
}

// Enum returns the name of the enum in label keys ("enum.client_kind.<code>").
func (ClientKind) Enum() string { return "client_kind" }

// CaseSource is how a case came to the counselor. Codes are stored and exported; labels live in assets/labels ("enum.case_source.<code>").
type CaseSource string

const (
	CaseSourceSelf        CaseSource = "self"
	CaseSourceTeacher     CaseSource = "teacher"
	CaseSourceParent      CaseSource = "parent"
	CaseSourceScreening   CaseSource = "screening"
	CaseSourceCommittee   CaseSource = "committee"
	CaseSourceObservation CaseSource = "observation"
	CaseSourceOther       CaseSource = "other"
)

// AllCaseSources returns every CaseSource code in docs/DOMAIN.md "Enums" order.
func AllCaseSources() []CaseSource {
	return []CaseSource{CaseSourceSelf, CaseSourceTeacher, CaseSourceParent, CaseSourceScreening, CaseSourceCommittee, CaseSourceObservation, CaseSourceOther}
}

// Valid reports whether v is a known CaseSource code.
func (v CaseSource) Valid() bool {
	switch v {
	case CaseSourceSelf, CaseSourceTeacher, CaseSourceParent, CaseSourceScreening, CaseSourceCommittee, CaseSourceObservation, CaseSourceOther:
		return true
	}
	return false
}

// Enum returns the name of the enum in label keys ("enum.case_source.<code>").
func (CaseSource) Enum() string { return "case_source" }

// ProblemType is one problem type of a case. Codes are stored and exported; labels live in assets/labels ("enum.problem_type.<code>").
type ProblemType string

const (
	ProblemTypeStudy        ProblemType = "study"
	ProblemTypeRelationship ProblemType = "relationship"
	ProblemTypeEmotion      ProblemType = "emotion"
	ProblemTypeFamily       ProblemType = "family"
	ProblemTypeAdolescence  ProblemType = "adolescence"
	ProblemTypeInternet     ProblemType = "internet"
	ProblemTypeSelf         ProblemType = "self"
	ProblemTypeOther        ProblemType = "other"
)

// AllProblemTypes returns every ProblemType code in docs/DOMAIN.md "Enums" order.
func AllProblemTypes() []ProblemType {
	return []ProblemType{ProblemTypeStudy, ProblemTypeRelationship, ProblemTypeEmotion, ProblemTypeFamily, ProblemTypeAdolescence, ProblemTypeInternet, ProblemTypeSelf, ProblemTypeOther}
}

// Valid reports whether v is a known ProblemType code.
func (v ProblemType) Valid() bool {
	switch v {
	case ProblemTypeStudy, ProblemTypeRelationship, ProblemTypeEmotion, ProblemTypeFamily, ProblemTypeAdolescence, ProblemTypeInternet, ProblemTypeSelf, ProblemTypeOther:
		return true
	}
	return false
}

// Enum returns the name of the enum in label keys ("enum.problem_type.<code>").
func (ProblemType) Enum() string { return "problem_type" }

// CaseStatus is a case's status. Codes are stored and exported; labels live in assets/labels ("enum.case_status.<code>").
type CaseStatus string

const (
	CaseStatusOpen     CaseStatus = "open"
	CaseStatusClosed   CaseStatus = "closed"
	CaseStatusReferred CaseStatus = "referred"
)

// AllCaseStatuses returns every CaseStatus code in docs/DOMAIN.md "Enums" order.
func AllCaseStatuses() []CaseStatus {
	return []CaseStatus{CaseStatusOpen, CaseStatusClosed, CaseStatusReferred}
}

// Valid reports whether v is a known CaseStatus code.
func (v CaseStatus) Valid() bool {
	switch v {
	case CaseStatusOpen, CaseStatusClosed, CaseStatusReferred:
		return true
	}
	return false
}

// Enum returns the name of the enum in label keys ("enum.case_status.<code>").
func (CaseStatus) Enum() string { return "case_status" }

// SessionPlace is where a session took place. Codes are stored and exported; labels live in assets/labels ("enum.session_place.<code>").
type SessionPlace string

const (
	SessionPlaceRoom   SessionPlace = "room"
	SessionPlaceOffice SessionPlace = "office"
	SessionPlaceOther  SessionPlace = "other"
)

// AllSessionPlaces returns every SessionPlace code in docs/DOMAIN.md "Enums" order.
func AllSessionPlaces() []SessionPlace {
	return []SessionPlace{SessionPlaceRoom, SessionPlaceOffice, SessionPlaceOther}
}

// Valid reports whether v is a known SessionPlace code.
func (v SessionPlace) Valid() bool {
	switch v {
	case SessionPlaceRoom, SessionPlaceOffice, SessionPlaceOther:
		return true
	}
	return false
}

// Enum returns the name of the enum in label keys ("enum.session_place.<code>").
func (SessionPlace) Enum() string { return "session_place" }

// SessionMode is how a session was held. Codes are stored and exported; labels live in assets/labels ("enum.session_mode.<code>").
type SessionMode string

const (
	SessionModeInPerson SessionMode = "in_person"
	SessionModeVideo    SessionMode = "video"
	SessionModePhone    SessionMode = "phone"
)

// AllSessionModes returns every SessionMode code in docs/DOMAIN.md "Enums" order.
func AllSessionModes() []SessionMode {
	return []SessionMode{SessionModeInPerson, SessionModeVideo, SessionModePhone}
}

// Valid reports whether v is a known SessionMode code.
func (v SessionMode) Valid() bool {
	switch v {
	case SessionModeInPerson, SessionModeVideo, SessionModePhone:
		return true
	}
	return false
}

// Enum returns the name of the enum in label keys ("enum.session_mode.<code>").
func (SessionMode) Enum() string { return "session_mode" }

// SessionForm is the form of a session. Codes are stored and exported; labels live in assets/labels ("enum.session_form.<code>").
type SessionForm string

const (
	SessionFormIndividual    SessionForm = "individual"
	SessionFormParentMeeting SessionForm = "parent_meeting"
)

// AllSessionForms returns every SessionForm code in docs/DOMAIN.md "Enums" order.
func AllSessionForms() []SessionForm {
	return []SessionForm{SessionFormIndividual, SessionFormParentMeeting}
}

// Valid reports whether v is a known SessionForm code.
func (v SessionForm) Valid() bool {
	switch v {
	case SessionFormIndividual, SessionFormParentMeeting:
		return true
	}
	return false
}

// Enum returns the name of the enum in label keys ("enum.session_form.<code>").
func (SessionForm) Enum() string { return "session_form" }

// SessionRisk is the self-harm or harm-to-others risk noted in a session. Codes are stored and exported; labels live in assets/labels ("enum.session_risk.<code>").
type SessionRisk string

const (
	SessionRiskNone   SessionRisk = "none"
	SessionRiskLow    SessionRisk = "low"
	SessionRiskMedium SessionRisk = "medium"
	SessionRiskHigh   SessionRisk = "high"
)

// AllSessionRisks returns every SessionRisk code in docs/DOMAIN.md "Enums" order.
func AllSessionRisks() []SessionRisk {
	return []SessionRisk{SessionRiskNone, SessionRiskLow, SessionRiskMedium, SessionRiskHigh}
}

// Valid reports whether v is a known SessionRisk code.
func (v SessionRisk) Valid() bool {
	switch v {
	case SessionRiskNone, SessionRiskLow, SessionRiskMedium, SessionRiskHigh:
		return true
	}
	return false
}

// Enum returns the name of the enum in label keys ("enum.session_risk.<code>").
func (SessionRisk) Enum() string { return "session_risk" }

// InclusionSource is how a student became a key student. Codes are stored and exported; labels live in assets/labels ("enum.inclusion_source.<code>").
type InclusionSource string

const (
	InclusionSourceScreening  InclusionSource = "screening"
	InclusionSourceTeacher    InclusionSource = "teacher"
	InclusionSourceCommittee  InclusionSource = "committee"
	InclusionSourceParent     InclusionSource = "parent"
	InclusionSourceCase       InclusionSource = "case"
	InclusionSourceTransferIn InclusionSource = "transfer_in"
)

// AllInclusionSources returns every InclusionSource code in docs/DOMAIN.md "Enums" order.
func AllInclusionSources() []InclusionSource {
	return []InclusionSource{InclusionSourceScreening, InclusionSourceTeacher, InclusionSourceCommittee, InclusionSourceParent, InclusionSourceCase, InclusionSourceTransferIn}
}

// Valid reports whether v is a known InclusionSource code.
func (v InclusionSource) Valid() bool {
	switch v {
	case InclusionSourceScreening, InclusionSourceTeacher, InclusionSourceCommittee, InclusionSourceParent, InclusionSourceCase, InclusionSourceTransferIn:
		return true
	}
	return false
}

// Enum returns the name of the enum in label keys ("enum.inclusion_source.<code>").
func (InclusionSource) Enum() string { return "inclusion_source" }

// KeyReason is one reason a student is a key student. Codes are stored and exported; labels live in assets/labels ("enum.key_reason.<code>").
type KeyReason string

const (
	KeyReasonSelfHarmIdeation KeyReason = "self_harm_ideation"
	KeyReasonEmotion          KeyReason = "emotion"
	KeyReasonLifeEvent        KeyReason = "life_event"
	KeyReasonSpecialGroup     KeyReason = "special_group"
	KeyReasonPriorTreatment   KeyReason = "prior_treatment"
	KeyReasonOther            KeyReason = "other"
)

// AllKeyReasons returns every KeyReason code in docs/DOMAIN.md "Enums" order.
func AllKeyReasons() []KeyReason {
	return []KeyReason{KeyReasonSelfHarmIdeation, KeyReasonEmotion, KeyReasonLifeEvent, KeyReasonSpecialGroup, KeyReasonPriorTreatment, KeyReasonOther}
}

// Valid reports whether v is a known KeyReason code.
func (v KeyReason) Valid() bool {
	switch v {
	case KeyReasonSelfHarmIdeation, KeyReasonEmotion, KeyReasonLifeEvent, KeyReasonSpecialGroup, KeyReasonPriorTreatment, KeyReasonOther:
		return true
	}
	return false
}

// Enum returns the name of the enum in label keys ("enum.key_reason.<code>").
func (KeyReason) Enum() string { return "key_reason" }

// FollowUpMethod is how a key student was followed up. Codes are stored and exported; labels live in assets/labels ("enum.follow_up_method.<code>").
type FollowUpMethod string

const (
	FollowUpMethodMeeting         FollowUpMethod = "meeting"
	FollowUpMethodPhone           FollowUpMethod = "phone"
	FollowUpMethodHomeVisit       FollowUpMethod = "home_visit"
	FollowUpMethodTeacherFeedback FollowUpMethod = "teacher_feedback"
)

// AllFollowUpMethods returns every FollowUpMethod code in docs/DOMAIN.md "Enums" order.
func AllFollowUpMethods() []FollowUpMethod {
	return []FollowUpMethod{FollowUpMethodMeeting, FollowUpMethodPhone, FollowUpMethodHomeVisit, FollowUpMethodTeacherFeedback}
}

// Valid reports whether v is a known FollowUpMethod code.
func (v FollowUpMethod) Valid() bool {
	switch v {
	case FollowUpMethodMeeting, FollowUpMethodPhone, FollowUpMethodHomeVisit, FollowUpMethodTeacherFeedback:
		return true
	}
	return false
}

// Enum returns the name of the enum in label keys ("enum.follow_up_method.<code>").
func (FollowUpMethod) Enum() string { return "follow_up_method" }

// RiskType is the type of a crisis. Codes are stored and exported; labels live in assets/labels ("enum.risk_type.<code>").
type RiskType string

const (
	RiskTypeSelfHarm        RiskType = "self_harm"
	RiskTypeSuicideIdeation RiskType = "suicide_ideation"
	RiskTypeSuicidePlan     RiskType = "suicide_plan"
	RiskTypeSuicideAttempt  RiskType = "suicide_attempt"
	RiskTypeHarmOthers      RiskType = "harm_others"
	RiskTypeAbuse           RiskType = "abuse"
	RiskTypeOther           RiskType = "other"
)

// AllRiskTypes returns every RiskType code in docs/DOMAIN.md "Enums" order.
func AllRiskTypes() []RiskType {
	return []RiskType{RiskTypeSelfHarm, RiskTypeSuicideIdeation, RiskTypeSuicidePlan, RiskTypeSuicideAttempt, RiskTypeHarmOthers, RiskTypeAbuse, RiskTypeOther}
}

// Valid reports whether v is a known RiskType code.
func (v RiskType) Valid() bool {
	switch v {
	case RiskTypeSelfHarm, RiskTypeSuicideIdeation, RiskTypeSuicidePlan, RiskTypeSuicideAttempt, RiskTypeHarmOthers, RiskTypeAbuse, RiskTypeOther:
		return true
	}
	return false
}

// Enum returns the name of the enum in label keys ("enum.risk_type.<code>").
func (RiskType) Enum() string { return "risk_type" }

// DisclosureRecipient is whom a confidentiality exception was disclosed to. Codes are stored and exported; labels live in assets/labels ("enum.disclosure_to.<code>").
type DisclosureRecipient string

const (
	DisclosureRecipientHomeroomTeacher DisclosureRecipient = "homeroom_teacher"
	DisclosureRecipientGuardian        DisclosureRecipient = "guardian"
	DisclosureRecipientSchoolLeader    DisclosureRecipient = "school_leader"
	DisclosureRecipientPolice          DisclosureRecipient = "police"
	DisclosureRecipientEmergency       DisclosureRecipient = "emergency"
)

// AllDisclosureRecipients returns every DisclosureRecipient code in docs/DOMAIN.md "Enums" order.
func AllDisclosureRecipients() []DisclosureRecipient {
	return []DisclosureRecipient{DisclosureRecipientHomeroomTeacher, DisclosureRecipientGuardian, DisclosureRecipientSchoolLeader, DisclosureRecipientPolice, DisclosureRecipientEmergency}
}

// Valid reports whether v is a known DisclosureRecipient code.
func (v DisclosureRecipient) Valid() bool {
	switch v {
	case DisclosureRecipientHomeroomTeacher, DisclosureRecipientGuardian, DisclosureRecipientSchoolLeader, DisclosureRecipientPolice, DisclosureRecipientEmergency:
		return true
	}
	return false
}

// Enum returns the name of the enum in label keys ("enum.disclosure_to.<code>").
func (DisclosureRecipient) Enum() string { return "disclosure_to" }

// ReferralStatus is where a referral stands. Codes are stored and exported; labels live in assets/labels ("enum.referral_status.<code>").
type ReferralStatus string

const (
	ReferralStatusSuggested  ReferralStatus = "suggested"
	ReferralStatusVisited    ReferralStatus = "visited"
	ReferralStatusNotVisited ReferralStatus = "not_visited"
	ReferralStatusDeclined   ReferralStatus = "declined"
)

// AllReferralStatuses returns every ReferralStatus code in docs/DOMAIN.md "Enums" order.
func AllReferralStatuses() []ReferralStatus {
	return []ReferralStatus{ReferralStatusSuggested, ReferralStatusVisited, ReferralStatusNotVisited, ReferralStatusDeclined}
}

// Valid reports whether v is a known ReferralStatus code.
func (v ReferralStatus) Valid() bool {
	switch v {
	case ReferralStatusSuggested, ReferralStatusVisited, ReferralStatusNotVisited, ReferralStatusDeclined:
		return true
	}
	return false
}

// Enum returns the name of the enum in label keys ("enum.referral_status.<code>").
func (ReferralStatus) Enum() string { return "referral_status" }

// Counterpart is whom a contact was with. Codes are stored and exported; labels live in assets/labels ("enum.contact_counterpart.<code>").
type Counterpart string

const (
	CounterpartGuardian        Counterpart = "guardian"
	CounterpartHomeroomTeacher Counterpart = "homeroom_teacher"
	CounterpartTeacher         Counterpart = "teacher"
	CounterpartSchoolLeader    Counterpart = "school_leader"
	CounterpartExternal        Counterpart = "external"
)

// AllCounterparts returns every Counterpart code in docs/DOMAIN.md "Enums" order.
func AllCounterparts() []Counterpart {
	return []Counterpart{CounterpartGuardian, CounterpartHomeroomTeacher, CounterpartTeacher, CounterpartSchoolLeader, CounterpartExternal}
}

// Valid reports whether v is a known Counterpart code.
func (v Counterpart) Valid() bool {
	switch v {
	case CounterpartGuardian, CounterpartHomeroomTeacher, CounterpartTeacher, CounterpartSchoolLeader, CounterpartExternal:
		return true
	}
	return false
}

// Enum returns the name of the enum in label keys ("enum.contact_counterpart.<code>").
func (Counterpart) Enum() string { return "contact_counterpart" }

// ContactMethod is how a contact was made. Codes are stored and exported; labels live in assets/labels ("enum.contact_method.<code>").
type ContactMethod string

const (
	ContactMethodMeeting   ContactMethod = "meeting"
	ContactMethodPhone     ContactMethod = "phone"
	ContactMethodHomeVisit ContactMethod = "home_visit"
	ContactMethodOnline    ContactMethod = "online"
)

// AllContactMethods returns every ContactMethod code in docs/DOMAIN.md "Enums" order.
func AllContactMethods() []ContactMethod {
	return []ContactMethod{ContactMethodMeeting, ContactMethodPhone, ContactMethodHomeVisit, ContactMethodOnline}
}

// Valid reports whether v is a known ContactMethod code.
func (v ContactMethod) Valid() bool {
	switch v {
	case ContactMethodMeeting, ContactMethodPhone, ContactMethodHomeVisit, ContactMethodOnline:
		return true
	}
	return false
}

// Enum returns the name of the enum in label keys ("enum.contact_method.<code>").
func (ContactMethod) Enum() string { return "contact_method" }

// GroupType is the type of a group session. Codes are stored and exported; labels live in assets/labels ("enum.group_type.<code>").
type GroupType string

const (
	GroupTypeClass             GroupType = "class"
	GroupTypeSmallGroup        GroupType = "small_group"
	GroupTypeCommitteeTraining GroupType = "committee_training"
	GroupTypeParent            GroupType = "parent"
	GroupTypeStaff             GroupType = "staff"
)

// AllGroupTypes returns every GroupType code in docs/DOMAIN.md "Enums" order.
func AllGroupTypes() []GroupType {
	return []GroupType{GroupTypeClass, GroupTypeSmallGroup, GroupTypeCommitteeTraining, GroupTypeParent, GroupTypeStaff}
}

// Valid reports whether v is a known GroupType code.
func (v GroupType) Valid() bool {
	switch v {
	case GroupTypeClass, GroupTypeSmallGroup, GroupTypeCommitteeTraining, GroupTypeParent, GroupTypeStaff:
		return true
	}
	return false
}

// Enum returns the name of the enum in label keys ("enum.group_type.<code>").
func (GroupType) Enum() string { return "group_type" }

// GroupStage is the stage of a group. Codes are stored and exported; labels live in assets/labels ("enum.group_stage.<code>").
type GroupStage string

const (
	GroupStageForming GroupStage = "forming"
	GroupStageWorking GroupStage = "working"
	GroupStageEnding  GroupStage = "ending"
)

// AllGroupStages returns every GroupStage code in docs/DOMAIN.md "Enums" order.
func AllGroupStages() []GroupStage {
	return []GroupStage{GroupStageForming, GroupStageWorking, GroupStageEnding}
}

// Valid reports whether v is a known GroupStage code.
func (v GroupStage) Valid() bool {
	switch v {
	case GroupStageForming, GroupStageWorking, GroupStageEnding:
		return true
	}
	return false
}

// Enum returns the name of the enum in label keys ("enum.group_stage.<code>").
func (GroupStage) Enum() string { return "group_stage" }

// CommitteeRole is a class committee member's role. Codes are stored and exported; labels live in assets/labels ("enum.committee_role.<code>").
type CommitteeRole string

const (
	CommitteeRoleMember CommitteeRole = "member"
	CommitteeRoleDeputy CommitteeRole = "deputy"
)

// AllCommitteeRoles returns every CommitteeRole code in docs/DOMAIN.md "Enums" order.
func AllCommitteeRoles() []CommitteeRole {
	return []CommitteeRole{CommitteeRoleMember, CommitteeRoleDeputy}
}

// Valid reports whether v is a known CommitteeRole code.
func (v CommitteeRole) Valid() bool {
	switch v {
	case CommitteeRoleMember, CommitteeRoleDeputy:
		return true
	}
	return false
}

// Enum returns the name of the enum in label keys ("enum.committee_role.<code>").
func (CommitteeRole) Enum() string { return "committee_role" }

// Mood is a class's overall mood in a weekly report. Codes are stored and exported; labels live in assets/labels ("enum.mood.<code>").
type Mood string

const (
	MoodGood Mood = "good"
	MoodFair Mood = "fair"
	MoodPoor Mood = "poor"
)

// AllMoods returns every Mood code in docs/DOMAIN.md "Enums" order.
func AllMoods() []Mood {
	return []Mood{MoodGood, MoodFair, MoodPoor}
}

// Valid reports whether v is a known Mood code.
func (v Mood) Valid() bool {
	switch v {
	case MoodGood, MoodFair, MoodPoor:
		return true
	}
	return false
}

// Enum returns the name of the enum in label keys ("enum.mood.<code>").
func (Mood) Enum() string { return "mood" }

// ActivityKind is the kind of an education activity. Codes are stored and exported; labels live in assets/labels ("enum.activity_kind.<code>").
type ActivityKind string

const (
	ActivityKindLesson            ActivityKind = "lesson"
	ActivityKindClassMeeting      ActivityKind = "class_meeting"
	ActivityKindSpecialEvent      ActivityKind = "special_event"
	ActivityKindParentLecture     ActivityKind = "parent_lecture"
	ActivityKindStaffTraining     ActivityKind = "staff_training"
	ActivityKindCommitteeTraining ActivityKind = "committee_training"
	ActivityKindExternal          ActivityKind = "external"
	ActivityKindOther             ActivityKind = "other"
)

// AllActivityKinds returns every ActivityKind code in docs/DOMAIN.md "Enums" order.
func AllActivityKinds() []ActivityKind {
	return []ActivityKind{ActivityKindLesson, ActivityKindClassMeeting, ActivityKindSpecialEvent, ActivityKindParentLecture, ActivityKindStaffTraining, ActivityKindCommitteeTraining, ActivityKindExternal, ActivityKindOther}
}

// Valid reports whether v is a known ActivityKind code.
func (v ActivityKind) Valid() bool {
	switch v {
	case ActivityKindLesson, ActivityKindClassMeeting, ActivityKindSpecialEvent, ActivityKindParentLecture, ActivityKindStaffTraining, ActivityKindCommitteeTraining, ActivityKindExternal, ActivityKindOther:
		return true
	}
	return false
}

// Enum returns the name of the enum in label keys ("enum.activity_kind.<code>").
func (ActivityKind) Enum() string { return "activity_kind" }

// VisitorType is who visited the counseling room. Codes are stored and exported; labels live in assets/labels ("enum.visitor_type.<code>").
type VisitorType string

const (
	VisitorTypeStudent VisitorType = "student"
	VisitorTypeParent  VisitorType = "parent"
	VisitorTypeTeacher VisitorType = "teacher"
)

// AllVisitorTypes returns every VisitorType code in docs/DOMAIN.md "Enums" order.
func AllVisitorTypes() []VisitorType {
	return []VisitorType{VisitorTypeStudent, VisitorTypeParent, VisitorTypeTeacher}
}

// Valid reports whether v is a known VisitorType code.
func (v VisitorType) Valid() bool {
	switch v {
	case VisitorTypeStudent, VisitorTypeParent, VisitorTypeTeacher:
		return true
	}
	return false
}

// Enum returns the name of the enum in label keys ("enum.visitor_type.<code>").
func (VisitorType) Enum() string { return "visitor_type" }

// VisitMethod is how a visit came about. Codes are stored and exported; labels live in assets/labels ("enum.visit_method.<code>").
type VisitMethod string

const (
	VisitMethodAppointment VisitMethod = "appointment"
	VisitMethodWalkIn      VisitMethod = "walk_in"
	VisitMethodReferral    VisitMethod = "referral"
	VisitMethodPhone       VisitMethod = "phone"
	VisitMethodMailbox     VisitMethod = "mailbox"
)

// AllVisitMethods returns every VisitMethod code in docs/DOMAIN.md "Enums" order.
func AllVisitMethods() []VisitMethod {
	return []VisitMethod{VisitMethodAppointment, VisitMethodWalkIn, VisitMethodReferral, VisitMethodPhone, VisitMethodMailbox}
}

// Valid reports whether v is a known VisitMethod code.
func (v VisitMethod) Valid() bool {
	switch v {
	case VisitMethodAppointment, VisitMethodWalkIn, VisitMethodReferral, VisitMethodPhone, VisitMethodMailbox:
		return true
	}
	return false
}

// Enum returns the name of the enum in label keys ("enum.visit_method.<code>").
func (VisitMethod) Enum() string { return "visit_method" }

// ConsentKind is what a consent covers. Codes are stored and exported; labels live in assets/labels ("enum.consent_kind.<code>").
type ConsentKind string

const (
	ConsentKindScreening  ConsentKind = "screening"
	ConsentKindCounseling ConsentKind = "counseling"
	ConsentKindReferral   ConsentKind = "referral"
	ConsentKindRecording  ConsentKind = "recording"
)

// AllConsentKinds returns every ConsentKind code in docs/DOMAIN.md "Enums" order.
func AllConsentKinds() []ConsentKind {
	return []ConsentKind{ConsentKindScreening, ConsentKindCounseling, ConsentKindReferral, ConsentKindRecording}
}

// Valid reports whether v is a known ConsentKind code.
func (v ConsentKind) Valid() bool {
	switch v {
	case ConsentKindScreening, ConsentKindCounseling, ConsentKindReferral, ConsentKindRecording:
		return true
	}
	return false
}

// Enum returns the name of the enum in label keys ("enum.consent_kind.<code>").
func (ConsentKind) Enum() string { return "consent_kind" }

// AuditAction is an audited action. Codes are stored and exported; labels live in assets/labels ("enum.audit_action.<code>").
type AuditAction string

const (
	AuditActionUnlock           AuditAction = "unlock"
	AuditActionLock             AuditAction = "lock"
	AuditActionViewCase         AuditAction = "view_case"
	AuditActionCreate           AuditAction = "create"
	AuditActionUpdate           AuditAction = "update"
	AuditActionDelete           AuditAction = "delete"
	AuditActionExport           AuditAction = "export"
	AuditActionPrint            AuditAction = "print"
	AuditActionBackup           AuditAction = "backup"
	AuditActionRestore          AuditAction = "restore"
	AuditActionPassphraseChange AuditAction = "passphrase_change"
	AuditActionSheetUsed        AuditAction = "sheet_used"
)

// AllAuditActions returns every AuditAction code in docs/DOMAIN.md "Enums" order.
func AllAuditActions() []AuditAction {
	return []AuditAction{AuditActionUnlock, AuditActionLock, AuditActionViewCase, AuditActionCreate, AuditActionUpdate, AuditActionDelete, AuditActionExport, AuditActionPrint, AuditActionBackup, AuditActionRestore, AuditActionPassphraseChange, AuditActionSheetUsed}
}

// Valid reports whether v is a known AuditAction code.
func (v AuditAction) Valid() bool {
	switch v {
	case AuditActionUnlock, AuditActionLock, AuditActionViewCase, AuditActionCreate, AuditActionUpdate, AuditActionDelete, AuditActionExport, AuditActionPrint, AuditActionBackup, AuditActionRestore, AuditActionPassphraseChange, AuditActionSheetUsed:
		return true
	}
	return false
}

// Enum returns the name of the enum in label keys ("enum.audit_action.<code>").
func (AuditAction) Enum() string { return "audit_action" }

// Enums lists every enum with its codes in docs/DOMAIN.md "Enums" order, for label checks,
// pickers and importers that work generically.
func Enums() []EnumInfo {
	return []EnumInfo{
		{Name: "gender", Codes: codes(AllGenders())},
		{Name: "stage", Codes: codes(AllStages())},
		{Name: "family_structure", Codes: codes(AllFamilyStructures())},
		{Name: "special_group", Codes: codes(AllSpecialGroups())},
		{Name: "student_status", Codes: codes(AllStudentStatuses())},
		{Name: "client_kind", Codes: codes(AllClientKinds())},
		{Name: "case_source", Codes: codes(AllCaseSources())},
		{Name: "problem_type", Codes: codes(AllProblemTypes())},
		{Name: "case_status", Codes: codes(AllCaseStatuses())},
		{Name: "session_place", Codes: codes(AllSessionPlaces())},
		{Name: "session_mode", Codes: codes(AllSessionModes())},
		{Name: "session_form", Codes: codes(AllSessionForms())},
		{Name: "session_risk", Codes: codes(AllSessionRisks())},
		{Name: "inclusion_source", Codes: codes(AllInclusionSources())},
		{Name: "key_reason", Codes: codes(AllKeyReasons())},
		{Name: "follow_up_method", Codes: codes(AllFollowUpMethods())},
		{Name: "risk_type", Codes: codes(AllRiskTypes())},
		{Name: "disclosure_to", Codes: codes(AllDisclosureRecipients())},
		{Name: "referral_status", Codes: codes(AllReferralStatuses())},
		{Name: "contact_counterpart", Codes: codes(AllCounterparts())},
		{Name: "contact_method", Codes: codes(AllContactMethods())},
		{Name: "group_type", Codes: codes(AllGroupTypes())},
		{Name: "group_stage", Codes: codes(AllGroupStages())},
		{Name: "committee_role", Codes: codes(AllCommitteeRoles())},
		{Name: "mood", Codes: codes(AllMoods())},
		{Name: "activity_kind", Codes: codes(AllActivityKinds())},
		{Name: "visitor_type", Codes: codes(AllVisitorTypes())},
		{Name: "visit_method", Codes: codes(AllVisitMethods())},
		{Name: "consent_kind", Codes: codes(AllConsentKinds())},
		{Name: "appointment_via", Codes: codes(AllAppointmentVias())},
		{Name: "appointment_status", Codes: codes(AllAppointmentStatuses())},
		{Name: "interview_outcome", Codes: codes(AllInterviewOutcomes())},
		{Name: "audit_action", Codes: codes(AllAuditActions())},
	}
}
