package desktop

import (
	"context"

	"xinqing/internal/app"
	"xinqing/internal/casework"
	"xinqing/internal/ui"
)

// resultsService adapts the application layer to ui.ResultsService: the
// screening work list, interviews, paper entry and the named list.
type resultsService struct {
	s *services
}

func (s *services) results() ui.ResultsService { return resultsService{s: s} }

func (x resultsService) WorkList(ctx context.Context, screeningID string) (ui.ResultWorkList, error) {
	w, err := x.s.app.WorkList(ctx, screeningID)
	if err != nil {
		return ui.ResultWorkList{}, uiErr(err)
	}
	out := ui.ResultWorkList{Screening: w.Screening, Interviewed: w.Interviewed, Needed: w.Needed}
	for _, r := range w.Rows {
		out.Rows = append(out.Rows, ui.ResultRow{Result: r.Result, Name: r.Name, Grade: r.Grade, Class: r.Class, Consent: r.Consent})
	}
	return out, nil
}

func (x resultsService) OpenWorkLists(ctx context.Context) ([]ui.OpenWorkList, error) {
	list, err := x.s.app.OpenWorkLists(ctx)
	if err != nil {
		return nil, uiErr(err)
	}
	out := make([]ui.OpenWorkList, len(list))
	for i, o := range list {
		out[i] = ui.OpenWorkList(o)
	}
	return out, nil
}

func (x resultsService) ScheduleInterview(ctx context.Context, resultID string, on casework.Date) error {
	return uiErr(x.s.app.ScheduleInterview(ctx, resultID, on))
}

func (x resultsService) RecordInterview(ctx context.Context, resultID string, on casework.Date, outcome casework.InterviewOutcome, note string) (*casework.KeyStudent, error) {
	k, err := x.s.app.RecordInterview(ctx, resultID, on, outcome, note)
	return k, uiErr(err)
}

func (x resultsService) LinkKeyStudent(ctx context.Context, resultID, keyStudentID string) error {
	return uiErr(x.s.app.LinkKeyStudent(ctx, resultID, keyStudentID))
}

func (x resultsService) Instruments(ctx context.Context) ([]casework.Scoring, error) {
	list, err := x.s.app.Instruments(ctx)
	return list, uiErr(err)
}

func (x resultsService) SaveInstrument(ctx context.Context, sc casework.Scoring) error {
	return uiErr(x.s.app.SaveInstrument(ctx, sc))
}

func (x resultsService) SavePaperEntry(ctx context.Context, e ui.PaperEntry) (*casework.ScreeningResult, error) {
	r, err := x.s.app.SavePaperEntry(ctx, app.PaperEntry(e))
	return r, uiErr(err)
}

// PrintResultList writes the named list (watermarked, 保密) and audits
// the export.
func (x resultsService) PrintResultList(ctx context.Context, screeningID, purpose, recipient, path string) error {
	s, err := x.s.app.Session(ctx)
	if err != nil {
		return uiErr(err)
	}
	return uiErr(s.ResultList(ctx, screeningID, purpose, recipient, path, app.Replace))
}
