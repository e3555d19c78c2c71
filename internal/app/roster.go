package app

import (
	"context"
	"io"

	"xinqing/internal/casework"
	"xinqing/internal/interchange"
	"xinqing/internal/store"
)

// PreviewRoster reads an Excel class roster and matches it against the
// students of the open vault; nothing is written.
func (a *App) PreviewRoster(ctx context.Context, r io.Reader) (*interchange.Preview, error) {
	st, err := a.records(ctx)
	if err != nil {
		return nil, err
	}
	return interchange.PreviewRoster(r, interchange.Adapt[*store.Tx](st), interchange.RosterOptions{})
}

// ApplyRoster writes the adds and updates of a preview in one
// transaction. Bad rows refuse the whole roster (interchange.RosterError)
// unless skipBad leaves them out.
func (a *App) ApplyRoster(ctx context.Context, p *interchange.Preview, skipBad bool) (interchange.RosterResult, error) {
	st, err := a.records(ctx)
	if err != nil {
		return interchange.RosterResult{}, err
	}
	res, err := interchange.ApplyRoster(interchange.Adapt[*store.Tx](st), p, skipBad)
	if err != nil {
		return res, err
	}
	a.Changed(casework.KindStudent)
	return res, nil
}
