package ui

import (
	"context"

	"xinqing/internal/casework"
)

// ResultsService is what the screening work list (排查名单) and the paper
// entry (纸质录入) need from the vault.
type ResultsService interface {
	// WorkList is a screening's flagged results with their students, the
	// class of that day, consent and interview, in class order.
	WorkList(ctx context.Context, screeningID string) (ResultWorkList, error)
	// OpenWorkLists are the screenings whose flagged students are not all
	// interviewed (the dashboard shows them until done).
	OpenWorkLists(ctx context.Context) ([]OpenWorkList, error)
	// ScheduleInterview sets the day of a flagged result's interview
	// (ECONFLICT once the interview's outcome is recorded).
	ScheduleInterview(ctx context.Context, resultID string, on casework.Date) error
	// RecordInterview records the outcome and note (on empty: the
	// scheduled day, else today). 确认纳入 of a student not yet on the
	// register returns a key-student draft (source 测评筛查) for the form.
	RecordInterview(ctx context.Context, resultID string, on casework.Date, outcome casework.InterviewOutcome, note string) (*casework.KeyStudent, error)
	// LinkKeyStudent links a confirmed result to the key student saved
	// from its draft.
	LinkKeyStudent(ctx context.Context, resultID, keyStudentID string) error
	// Instruments are the scoring definitions of the settings, then the
	// built-in PHQ-9 and GAD-7 not replaced there.
	Instruments(ctx context.Context) ([]casework.Scoring, error)
	// SaveInstrument adds a scoring definition to the settings or
	// replaces the one with its code (a cut-off changed, a county's
	// questionnaire added).
	SaveInstrument(ctx context.Context, sc casework.Scoring) error
	// SavePaperEntry scores a paper sheet and saves it as the student's
	// result (correcting one not yet interviewed).
	SavePaperEntry(ctx context.Context, e PaperEntry) (*casework.ScreeningResult, error)
	// PrintResultList writes the named 测评筛查需关注学生名单 of a screening
	// for purpose and recipient and audits the export.
	PrintResultList(ctx context.Context, screeningID, purpose, recipient, path string) error
}

// ResultRow is one flagged student of a work list.
type ResultRow struct {
	Result       casework.ScreeningResult
	Name         string
	Grade, Class string
	// Consent is false when no guardian consent covers the result: the
	// row is marked 未取得知情同意.
	Consent bool
}

// ResultWorkList is a screening's flagged results and its progress.
type ResultWorkList struct {
	Screening           casework.Screening
	Rows                []ResultRow
	Interviewed, Needed int
}

// OpenWorkList is a screening with flagged students still to interview.
type OpenWorkList struct {
	ScreeningID, Name   string
	Interviewed, Needed int
}

// PaperEntry is one answer sheet typed from paper: Answers[i] is the
// option index chosen for item i (-1 unanswered).
type PaperEntry struct {
	ScreeningID, StudentID string
	Date                   casework.Date
	Instrument             string
	Answers                []int
}
