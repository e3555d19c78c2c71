package ui

import (
	"context"

	"xinqing/internal/casework"
)

// CaseService is what the casework screens (个案, 个别辅导记录, 重点学生,
// 危机事件, 转介, 沟通记录) need from the vault. Records travel as the
// casework types; the adapter validates them again in the store.
type CaseService interface {
	// Records lists the records of kind that pass f (sessions of a case,
	// records of a student), ordered by their date.
	Records(ctx context.Context, kind casework.Kind, f RecordFilter) ([]casework.Record, error)
	// Record returns one record.
	Record(ctx context.Context, kind casework.Kind, id string) (casework.Record, error)
	// SaveRecord creates rec when it has no id (the store gives it an id
	// and, for a case, its case number, written back into rec) or updates
	// it; the vault then saves.
	SaveRecord(ctx context.Context, rec casework.Record) error
	// DeleteRecord removes a record; it is refused (casework ECONFLICT)
	// while other records refer to it.
	DeleteRecord(ctx context.Context, kind casework.Kind, id string) error
	// ViewedCase writes the audit entry view_case for a case opened on
	// screen.
	ViewedCase(ctx context.Context, id string) error
	// FindStudents finds students by name, pinyin, initials or student
	// number; at most limit.
	FindStudents(ctx context.Context, q string, limit int) ([]casework.Student, error)
	// StudentsByID returns the students of ids that exist.
	StudentsByID(ctx context.Context, ids []string) (map[string]casework.Student, error)
	// RiskLevels is the configured level set (settings risk_levels).
	RiskLevels(ctx context.Context) ([]casework.RiskLevel, error)
	// WriteCaseRecord writes the 个案辅导记录表 of a case as a PDF to path
	// and audits the print.
	WriteCaseRecord(ctx context.Context, caseID, path string) error
	// WriteReferralLetter writes the 学校转介建议书 of a referral as a PDF to
	// path and audits the print.
	WriteReferralLetter(ctx context.Context, referralID, path string) error
}

// RecordFilter narrows CaseService.Records; empty fields do not filter.
type RecordFilter struct {
	StudentID string
	CaseID    string // sessions only
}
