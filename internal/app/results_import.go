package app

import (
	"context"
	"io"

	"xinqing/internal/casework"
	"xinqing/internal/interchange"
	"xinqing/internal/store"
)

// ResultPlatforms lists the screening platforms whose sheet mapping the
// vault remembers.
func (a *App) ResultPlatforms(ctx context.Context) ([]string, error) {
	st, err := a.records(ctx)
	if err != nil {
		return nil, err
	}
	set, err := st.Settings()
	if err != nil {
		return nil, err
	}
	return interchange.Platforms(set), nil
}

// ReadResults reads a platform's results sheet and maps its columns by
// the mapping remembered for platform, else by their headers; nothing is
// matched or written.
func (a *App) ReadResults(ctx context.Context, r io.Reader, platform string) (*interchange.ResultSheet, error) {
	st, err := a.records(ctx)
	if err != nil {
		return nil, err
	}
	set, err := st.Settings()
	if err != nil {
		return nil, err
	}
	return interchange.ReadResults(r, interchange.RememberedMapping(set, platform))
}

// PreviewResults matches a mapped sheet's rows with the students of the
// screening; nothing is written.
func (a *App) PreviewResults(ctx context.Context, sh *interchange.ResultSheet, screeningID string) (*interchange.ResultsPreview, error) {
	st, err := a.records(ctx)
	if err != nil {
		return nil, err
	}
	return interchange.PreviewResults(sh, interchange.Adapt[*store.Tx](st), screeningID, interchange.ResultsOptions{Now: a.now})
}

// ApplyResults writes the matched rows of a preview in one transaction
// and remembers the mapping for platform. Unmatched or ambiguous rows
// refuse the whole sheet (interchange.ResultsError) unless skipUnmatched.
func (a *App) ApplyResults(ctx context.Context, p *interchange.ResultsPreview, skipUnmatched bool, platform string) (interchange.ResultsApplied, error) {
	st, err := a.records(ctx)
	if err != nil {
		return interchange.ResultsApplied{}, err
	}
	res, err := interchange.ApplyResults(interchange.Adapt[*store.Tx](st), p, skipUnmatched, platform)
	if err != nil {
		return res, err
	}
	a.Changed(casework.KindScreeningResult, casework.KindSettings)
	return res, nil
}
