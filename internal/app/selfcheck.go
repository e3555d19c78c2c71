package app

import (
	"context"
	"fmt"

	"xinqing/internal/casework"
	"xinqing/internal/report"
	"xinqing/internal/selfcheck"
	"xinqing/internal/store"
)

// UnknownTermError: no term of the settings has the name asked for.
type UnknownTermError struct {
	Name  string
	Known []string // the names of the configured terms
}

func (e *UnknownTermError) Error() string { return fmt.Sprintf("no term %q in the settings", e.Name) }

// TermNotStartedError: the check date is before the term's start.
type TermNotStartedError struct{ Start casework.Date }

func (e *TermNotStartedError) Error() string {
	return "the term starts on " + string(e.Start) + ", after the check date"
}

// SelfCheck computes the 专项自查 of the configured term named term as of
// on. A zero on is today, and a term not running today is checked whole;
// an explicit on before the term's start is refused.
func (s *Session) SelfCheck(ctx context.Context, term string, on casework.Date) (*selfcheck.Result, error) {
	var t casework.Term
	var names []string
	found := false
	for _, x := range s.Settings.Terms {
		names = append(names, x.Name)
		if x.Name == term {
			t, found = x, true
		}
	}
	if !found {
		return nil, &UnknownTermError{Name: term, Known: names}
	}
	if on == "" {
		on = casework.DateOf(s.now())
		if on.Before(t.Start) || on.After(t.End) {
			on = t.End
		}
	} else if on.Before(t.Start) {
		return nil, &TermNotStartedError{Start: t.Start}
	}
	d, err := s.App.dataset(s.Store)
	if err != nil {
		return nil, err
	}
	atts, err := store.ListAs[*casework.Attachment](s.Store, store.Filter{})
	if err != nil {
		return nil, fmt.Errorf("read attachments: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return selfcheck.Compute(selfcheck.Input{Data: d, Attachments: atts, Term: t, On: on})
}

// SelfCheckReport writes the self-check form of term as of on (see
// SelfCheck) and, when jsonPath is set, its result as JSON; it logs the
// print and the export.
func (s *Session) SelfCheckReport(ctx context.Context, term string, on casework.Date, pdfPath, jsonPath string, over Overwrite) (*selfcheck.Result, error) {
	r, err := s.SelfCheck(ctx, term, on)
	if err != nil {
		return nil, err
	}
	if err := refuseExisting(over, pdfPath, jsonPath); err != nil {
		return nil, err
	}
	pdf, gaps, err := rendered(report.RenderSelfCheck(report.SelfCheckForm{Result: r, Preparer: s.Settings.School.Preparer}, s.Labels, s.now()))
	if err != nil {
		return nil, err
	}
	if err := s.deliver(ctx, pdfPath, over, pdf, casework.AuditActionPrint, "", ""); err != nil {
		return nil, err
	}
	if jsonPath == "" {
		return r, gaps.after(nil)
	}
	b, err := r.JSON()
	if err != nil {
		return nil, err
	}
	if err := s.Deliver(jsonPath, over, b, casework.AuditActionExport, "", ""); err != nil {
		return nil, err
	}
	return r, gaps.after(nil)
}

// SelfCheckSettings is the configured self-check, defaults filled in.
func (s *Session) SelfCheckSettings() casework.SelfCheck {
	if s.Settings.SelfCheck == nil {
		return casework.DefaultSelfCheck()
	}
	sc := *s.Settings.SelfCheck
	if len(sc.Checklist) == 0 {
		sc.Checklist = casework.DefaultSelfCheck().Checklist
	}
	return sc
}

// SaveSelfCheckSettings saves the self-check's norms and checklist.
func (s *Session) SaveSelfCheckSettings(sc casework.SelfCheck) error {
	return s.SaveSettings(func(x *casework.Settings) error {
		x.SelfCheck = &sc
		return nil
	})
}
