package app

import (
	"context"
	"fmt"
	"strings"

	"xinqing/internal/casework"
	"xinqing/internal/report"
	"xinqing/internal/store"
)

// ResultList writes the named 测评筛查需关注学生名单 of screening id (its
// flagged students, their scores, reasons, consent and interviews) for
// purpose and recipient, both required (report.ErrNoPurpose), under the
// rules of the named key-student list: watermarked, 保密, the export
// logged. It says 仅供参考，不作为诊断依据.
func (s *Session) ResultList(ctx context.Context, screeningID, purpose, recipient, path string, over Overwrite) error {
	purpose, recipient = strings.TrimSpace(purpose), strings.TrimSpace(recipient)
	if purpose == "" || recipient == "" {
		return report.ErrNoPurpose
	}
	w, err := workList(s.Store, screeningID)
	if err != nil {
		return err
	}
	now := s.now()
	l := report.ResultList{School: s.Settings.School.Name, Screening: w.Screening.Name, Instrument: w.Screening.Instrument,
		Purpose: purpose, Recipient: recipient, On: casework.DateOf(now)}
	for _, r := range w.Rows {
		row := report.ResultRow{Name: r.Name, Grade: r.Grade, Class: r.Class, Score: r.Result.RawScore,
			Reason: r.Result.FlagReason, Consent: r.Consent, InterviewedOn: r.Result.InterviewedOn,
			Outcome: r.Result.InterviewOutcome, OnRegister: r.Result.KeyStudentID != ""}
		if st, err := store.GetAs[*casework.Student](s.Store, r.Result.StudentID); err == nil {
			row.Gender = st.Gender
		}
		l.Rows = append(l.Rows, row)
	}
	pdf, gaps, err := rendered(report.RenderResultList(l, s.Labels, now))
	if err != nil {
		return fmt.Errorf("render result list: %w", err)
	}
	return gaps.after(s.deliver(ctx, path, over, pdf, casework.AuditActionExport, casework.KindScreening, screeningID))
}
