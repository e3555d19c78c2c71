package app

import (
	"context"
	"errors"
	"fmt"

	"xinqing/internal/casework"
	"xinqing/internal/demo"
	"xinqing/internal/interchange"
	"xinqing/internal/store"
	"xinqing/internal/workspace"
)

// DemoPassphrase is published on the unlock screen of the demo school,
// which holds synthetic data only.
const DemoPassphrase = "yanshi-xuexiao-xinqing"

// ErrNotEmpty: demo data goes into an empty vault only, never beside real
// records.
var ErrNotEmpty = errors.New("the vault holds records; demo data goes into an empty vault only")

// FillDemo fills the open vault, which must hold no records, with a
// synthetic school of the given scale as of now, and saves it.
func (a *App) FillDemo(ctx context.Context, scale demo.Scale, seed int64, now casework.Date) (interchange.Result, error) {
	ws, err := a.Workspace()
	if err != nil {
		return interchange.Result{}, err
	}
	st := interchange.Adapt[*store.Tx](ws.Store())
	for _, k := range casework.InterchangeKinds() {
		n, err := st.Count(k)
		if err != nil {
			return interchange.Result{}, fmt.Errorf("count %s: %w", k, err)
		}
		if n > 0 {
			return interchange.Result{}, ErrNotEmpty
		}
	}
	if err := ctx.Err(); err != nil {
		return interchange.Result{}, err
	}
	res, err := demo.Import(st, scale, seed, now)
	if err != nil {
		return interchange.Result{}, fmt.Errorf("import demo school: %w", err)
	}
	a.Changed()
	if err := ws.Save(ctx); err != nil {
		return res, err
	}
	return res, nil
}

// CreateDemo makes the small synthetic school in dir (once) under
// DemoPassphrase and locks it again; it returns the passphrase. Demo data
// only ever goes into its own new vault.
func CreateDemo(ctx context.Context, dir string, o workspace.Options) (string, error) {
	if Exists(dir) {
		return DemoPassphrase, nil
	}
	a := New(o)
	if _, err := a.create(ctx, dir, DemoPassphrase); err != nil {
		return "", err
	}
	if _, err := a.FillDemo(ctx, demo.Small, 1, a.Today()); err != nil {
		// An empty demo school would be offered as the demo next time.
		if ws := a.Detach(); ws != nil {
			_ = ws.Discard()
		}
		return "", err
	}
	if err := a.Lock(ctx); err != nil {
		return "", err
	}
	return DemoPassphrase, nil
}
