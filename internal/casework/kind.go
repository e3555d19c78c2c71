package casework

// Kind names a kind of record. The code is the singular record name of
// docs/DOMAIN.md (used in label keys "record.<kind>", in attachment owner
// types and in the audit log); Array is its array in the interchange
// document.
type Kind string

const (
	KindStudent         Kind = "student"
	KindCase            Kind = "case"
	KindSession         Kind = "session"
	KindKeyStudent      Kind = "key_student"
	KindCrisis          Kind = "crisis"
	KindReferral        Kind = "referral"
	KindContact         Kind = "contact"
	KindGroupSession    Kind = "group_session"
	KindCommitteeMember Kind = "committee_member"
	KindClassReport     Kind = "class_report"
	KindActivity        Kind = "activity"
	KindDutyDay         Kind = "duty_day"
	KindVisit           Kind = "visit"
	KindMailbox         Kind = "mailbox"
	KindScreening       Kind = "screening"
	KindScreeningResult Kind = "screening_result"
	KindConsent         Kind = "consent"
	KindMonthNotes      Kind = "month_notes"
	KindAppointment     Kind = "appointment"
	// The kinds below are not in the interchange document: attachment
	// bytes live outside the database image, returns and the audit log
	// belong to the vault they were made in.
	KindAttachment Kind = "attachment"
	KindReturn     Kind = "return"
	KindAudit      Kind = "audit"

	// KindSettings is not a record kind: it names the settings object in
	// validation errors ("settings.school.class_count").
	KindSettings Kind = "settings"
)

// InterchangeKinds returns the kinds of the interchange document, in the
// order of its arrays. Importers validate and write in this order, which
// puts every referenced record before the records that refer to it.
func InterchangeKinds() []Kind {
	return []Kind{
		KindStudent, KindCase, KindSession, KindKeyStudent, KindCrisis,
		KindReferral, KindContact, KindGroupSession, KindCommitteeMember,
		KindClassReport, KindActivity, KindDutyDay, KindVisit, KindMailbox,
		KindScreening, KindScreeningResult, KindConsent, KindMonthNotes, KindAppointment,
	}
}

// AllKinds returns every kind: the interchange kinds, then attachment,
// return and audit.
func AllKinds() []Kind {
	return append(InterchangeKinds(), KindAttachment, KindReturn, KindAudit)
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, x := range AllKinds() {
		if k == x {
			return true
		}
	}
	return false
}

// Array returns the name of k's array in the interchange document, or ""
// for kinds that the document does not carry.
func (k Kind) Array() string {
	switch k {
	case KindStudent:
		return "students"
	case KindCase:
		return "cases"
	case KindSession:
		return "sessions"
	case KindKeyStudent:
		return "key_students"
	case KindCrisis:
		return "crises"
	case KindReferral:
		return "referrals"
	case KindContact:
		return "contacts"
	case KindGroupSession:
		return "group_sessions"
	case KindCommitteeMember:
		return "committee_members"
	case KindClassReport:
		return "class_reports"
	case KindActivity:
		return "activities"
	case KindDutyDay:
		return "duty_days"
	case KindVisit:
		return "visits"
	case KindMailbox:
		return "mailbox"
	case KindScreening:
		return "screenings"
	case KindScreeningResult:
		return "screening_results"
	case KindConsent:
		return "consents"
	case KindMonthNotes:
		return "month_notes"
	case KindAppointment:
		return "appointments"
	}
	return ""
}

// KindOfArray returns the kind whose interchange array is named name.
func KindOfArray(name string) (Kind, bool) {
	for _, k := range InterchangeKinds() {
		if k.Array() == name {
			return k, true
		}
	}
	return "", false
}

// NewRecord returns a new empty record of kind k, or nil for the audit
// kind (audit entries are not Records) and unknown kinds. Importers
// decode into it; stores scan into it.
func NewRecord(k Kind) Record {
	switch k {
	case KindStudent:
		return &Student{}
	case KindCase:
		return &Case{}
	case KindSession:
		return &Session{}
	case KindKeyStudent:
		return &KeyStudent{}
	case KindCrisis:
		return &Crisis{}
	case KindReferral:
		return &Referral{}
	case KindContact:
		return &Contact{}
	case KindGroupSession:
		return &GroupSession{}
	case KindCommitteeMember:
		return &CommitteeMember{}
	case KindClassReport:
		return &ClassReport{}
	case KindActivity:
		return &Activity{}
	case KindDutyDay:
		return &DutyDay{}
	case KindVisit:
		return &Visit{}
	case KindMailbox:
		return &Mailbox{}
	case KindScreening:
		return &Screening{}
	case KindScreeningResult:
		return &ScreeningResult{Valid: true}
	case KindConsent:
		return &Consent{}
	case KindMonthNotes:
		return &MonthNotes{}
	case KindAppointment:
		return &Appointment{}
	case KindAttachment:
		return &Attachment{}
	case KindReturn:
		return &Return{}
	}
	return nil
}

// RecordKind reports the kind of each record.
func (*Student) RecordKind() Kind         { return KindStudent }
func (*Case) RecordKind() Kind            { return KindCase }
func (*Session) RecordKind() Kind         { return KindSession }
func (*KeyStudent) RecordKind() Kind      { return KindKeyStudent }
func (*Crisis) RecordKind() Kind          { return KindCrisis }
func (*Referral) RecordKind() Kind        { return KindReferral }
func (*Contact) RecordKind() Kind         { return KindContact }
func (*GroupSession) RecordKind() Kind    { return KindGroupSession }
func (*CommitteeMember) RecordKind() Kind { return KindCommitteeMember }
func (*ClassReport) RecordKind() Kind     { return KindClassReport }
func (*Activity) RecordKind() Kind        { return KindActivity }
func (*DutyDay) RecordKind() Kind         { return KindDutyDay }
func (*Visit) RecordKind() Kind           { return KindVisit }
func (*Mailbox) RecordKind() Kind         { return KindMailbox }
func (*Screening) RecordKind() Kind       { return KindScreening }
func (*Consent) RecordKind() Kind         { return KindConsent }
func (*MonthNotes) RecordKind() Kind      { return KindMonthNotes }
func (*Appointment) RecordKind() Kind     { return KindAppointment }
func (*Attachment) RecordKind() Kind      { return KindAttachment }
func (*Return) RecordKind() Kind          { return KindReturn }
