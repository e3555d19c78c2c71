package interchange

import (
	"time"

	"xinqing/internal/casework"
)

// Format and Version identify an interchange document. Export writes
// Version; import reads every version from 1 on. Version 2 added the
// students' left_on and class_history, the key students' handover
// (docs/DOMAIN.md "Time") and the appointments; a version 1 document simply has none, and its
// graduated or transferred students are never on roll.
const (
	Format  = "xinqing-interchange"
	Version = 2
)

// Document is the interchange document: a whole vault's settings and
// records, arrays in the order of docs/DOMAIN.md ("JSON interchange"). Every
// array is written, empty or not.
type Document struct {
	Format           string                      `json:"format"`
	Version          int                         `json:"version"`
	ExportedAt       time.Time                   `json:"exported_at"`
	Settings         casework.Settings           `json:"settings"`
	Students         []*casework.Student         `json:"students"`
	Cases            []*casework.Case            `json:"cases"`
	Sessions         []*casework.Session         `json:"sessions"`
	KeyStudents      []*casework.KeyStudent      `json:"key_students"`
	Crises           []*casework.Crisis          `json:"crises"`
	Referrals        []*casework.Referral        `json:"referrals"`
	Contacts         []*casework.Contact         `json:"contacts"`
	GroupSessions    []*casework.GroupSession    `json:"group_sessions"`
	CommitteeMembers []*casework.CommitteeMember `json:"committee_members"`
	ClassReports     []*casework.ClassReport     `json:"class_reports"`
	Activities       []*casework.Activity        `json:"activities"`
	DutyDays         []*casework.DutyDay         `json:"duty_days"`
	Visits           []*casework.Visit           `json:"visits"`
	Mailbox          []*casework.Mailbox         `json:"mailbox"`
	Screenings       []*casework.Screening       `json:"screenings"`
	ScreeningResults []*casework.ScreeningResult `json:"screening_results"`
	Consents         []*casework.Consent         `json:"consents"`
	MonthNotes       []*casework.MonthNotes      `json:"month_notes"`
	Appointments     []*casework.Appointment     `json:"appointments"`
}

// NewDocument returns an empty document with its format and version set.
func NewDocument(settings casework.Settings) *Document {
	return &Document{Format: Format, Version: Version, Settings: settings}
}

func toRecords[T casework.Record](xs []T) []casework.Record {
	out := make([]casework.Record, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// Records returns the records of kind k held by the document, in order.
func (d *Document) Records(k casework.Kind) []casework.Record {
	switch k {
	case casework.KindStudent:
		return toRecords(d.Students)
	case casework.KindCase:
		return toRecords(d.Cases)
	case casework.KindSession:
		return toRecords(d.Sessions)
	case casework.KindKeyStudent:
		return toRecords(d.KeyStudents)
	case casework.KindCrisis:
		return toRecords(d.Crises)
	case casework.KindReferral:
		return toRecords(d.Referrals)
	case casework.KindContact:
		return toRecords(d.Contacts)
	case casework.KindGroupSession:
		return toRecords(d.GroupSessions)
	case casework.KindCommitteeMember:
		return toRecords(d.CommitteeMembers)
	case casework.KindClassReport:
		return toRecords(d.ClassReports)
	case casework.KindActivity:
		return toRecords(d.Activities)
	case casework.KindDutyDay:
		return toRecords(d.DutyDays)
	case casework.KindVisit:
		return toRecords(d.Visits)
	case casework.KindMailbox:
		return toRecords(d.Mailbox)
	case casework.KindScreening:
		return toRecords(d.Screenings)
	case casework.KindScreeningResult:
		return toRecords(d.ScreeningResults)
	case casework.KindConsent:
		return toRecords(d.Consents)
	case casework.KindMonthNotes:
		return toRecords(d.MonthNotes)
	case casework.KindAppointment:
		return toRecords(d.Appointments)
	}
	return nil
}

// Add appends rec to the array of its kind. Records of kinds the document
// does not carry (attachments, returns) are ignored and Add reports false.
func (d *Document) Add(rec casework.Record) bool {
	switch x := rec.(type) {
	case *casework.Student:
		d.Students = append(d.Students, x)
	case *casework.Case:
		d.Cases = append(d.Cases, x)
	case *casework.Session:
		d.Sessions = append(d.Sessions, x)
	case *casework.KeyStudent:
		d.KeyStudents = append(d.KeyStudents, x)
	case *casework.Crisis:
		d.Crises = append(d.Crises, x)
	case *casework.Referral:
		d.Referrals = append(d.Referrals, x)
	case *casework.Contact:
		d.Contacts = append(d.Contacts, x)
	case *casework.GroupSession:
		d.GroupSessions = append(d.GroupSessions, x)
	case *casework.CommitteeMember:
		d.CommitteeMembers = append(d.CommitteeMembers, x)
	case *casework.ClassReport:
		d.ClassReports = append(d.ClassReports, x)
	case *casework.Activity:
		d.Activities = append(d.Activities, x)
	case *casework.DutyDay:
		d.DutyDays = append(d.DutyDays, x)
	case *casework.Visit:
		d.Visits = append(d.Visits, x)
	case *casework.Mailbox:
		d.Mailbox = append(d.Mailbox, x)
	case *casework.Screening:
		d.Screenings = append(d.Screenings, x)
	case *casework.ScreeningResult:
		d.ScreeningResults = append(d.ScreeningResults, x)
	case *casework.Consent:
		d.Consents = append(d.Consents, x)
	case *casework.MonthNotes:
		d.MonthNotes = append(d.MonthNotes, x)
	case *casework.Appointment:
		d.Appointments = append(d.Appointments, x)
	default:
		return false
	}
	return true
}

// Len returns the number of records in the document.
func (d *Document) Len() int {
	n := 0
	for _, k := range casework.InterchangeKinds() {
		n += len(d.Records(k))
	}
	return n
}

// Counts returns the number of records of each kind, by array name.
func (d *Document) Counts() map[string]int {
	m := map[string]int{}
	for _, k := range casework.InterchangeKinds() {
		m[k.Array()] = len(d.Records(k))
	}
	return m
}
