package desktop

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"xinqing/internal/app"
	"xinqing/internal/interchange"
	"xinqing/internal/safefs"
	"xinqing/internal/ui"
)

// resultsImportService adapts the import of a platform's results sheet:
// the sheet read and the preview are kept between the screen's steps.
type resultsImportService struct {
	s *services

	mu      sync.Mutex
	sheet   *interchange.ResultSheet
	preview *interchange.ResultsPreview
}

// resultsErr shows the importer's sentence (it names the row and column).
func resultsErr(err error) error {
	var re *interchange.ResultsError
	if errors.As(err, &re) {
		return &ui.SettingsInvalid{Message: re.ZH, Err: err}
	}
	return uiErr(err)
}

func (r *resultsImportService) ResultPlatforms(ctx context.Context) ([]string, error) {
	ps, err := r.s.app.ResultPlatforms(ctx)
	return ps, uiErr(err)
}

func (r *resultsImportService) ReadResultSheet(ctx context.Context, path, platform string) (ui.ResultSheetView, error) {
	f, err := safefs.OpenChosen(path)
	if err != nil {
		return ui.ResultSheetView{}, uiErr(fmt.Errorf("open results sheet: %w", err))
	}
	defer f.Close()
	sh, err := r.s.app.ReadResults(ctx, f, platform)
	if err != nil {
		return ui.ResultSheetView{}, resultsErr(err)
	}
	r.mu.Lock()
	r.sheet, r.preview = sh, nil
	r.mu.Unlock()
	v := ui.ResultSheetView{Sheet: sh.Sheet, HeaderRow: sh.HeaderRow, FirstRows: sh.FirstRows}
	for _, c := range sh.Columns {
		v.Columns = append(v.Columns, ui.ResultColumnView{Letter: c.Letter, Header: c.Header, Hidden: c.Hidden, Field: string(c.Field)})
	}
	return v, nil
}

func (r *resultsImportService) PreviewResultImport(ctx context.Context, screeningID string, fields []string) (ui.ResultImportPreview, error) {
	r.mu.Lock()
	sh := r.sheet
	r.mu.Unlock()
	if sh == nil {
		return ui.ResultImportPreview{}, &ui.SettingsInvalid{Message: "请先选择结果表。", Err: errors.New("no results sheet")}
	}
	choices := map[string]interchange.ResultField{}
	for i, f := range fields {
		field, ok := interchange.ParseResultField(f)
		if !ok || i >= len(sh.Columns) {
			return ui.ResultImportPreview{}, &ui.SettingsInvalid{Message: "列的对应无效：" + f, Err: errors.New("bad field " + f)}
		}
		choices[sh.Columns[i].Letter] = field
	}
	if err := sh.Remap(choices); err != nil {
		return ui.ResultImportPreview{}, resultsErr(err)
	}
	p, err := r.s.app.PreviewResults(ctx, sh, screeningID)
	if errors.Is(err, app.ErrLocked) {
		return ui.ResultImportPreview{}, err
	}
	if err != nil {
		return ui.ResultImportPreview{}, resultsErr(err)
	}
	names := map[string]string{}
	if students, err := r.s.app.Students(ctx); err == nil {
		for _, s := range students {
			names[s.ID] = s.Name
		}
	}
	r.mu.Lock()
	r.preview = p
	r.mu.Unlock()
	out := ui.ResultImportPreview{Matched: p.Matched, Unmatched: p.Unmatched, Ambiguous: p.Ambiguous, Skipped: p.Skipped,
		Adds: p.Adds, Updates: p.Updates, Unchanged: p.Unchanged, NoConsent: p.NoConsent}
	for _, row := range p.Rows {
		name := row.Name
		if n, ok := names[row.Result.StudentID]; ok && row.Status == interchange.ResultMatched {
			name = n
		}
		out.Rows = append(out.Rows, ui.ResultImportRow{Row: row.Row, Status: string(row.Status), Action: string(row.Action),
			Name: name, Class: row.Class, StudentNo: row.StudentNo, Score: row.Result.RawScore, Flagged: row.Result.Flagged,
			FlagReason: row.Result.FlagReason, NoConsent: row.NoConsent, Note: row.Note})
	}
	return out, nil
}

func (r *resultsImportService) ApplyResultImport(ctx context.Context, platform string, skipUnmatched bool) (ui.ResultImportDone, error) {
	r.mu.Lock()
	p := r.preview
	r.mu.Unlock()
	if p == nil {
		return ui.ResultImportDone{}, &ui.SettingsInvalid{Message: "请先选择结果表并查看预览。", Err: errors.New("no results preview")}
	}
	res, err := r.s.app.ApplyResults(ctx, p, skipUnmatched, platform)
	if err != nil {
		return ui.ResultImportDone{}, resultsErr(err)
	}
	r.mu.Lock()
	r.preview = nil
	r.mu.Unlock()
	return ui.ResultImportDone{Added: res.Added, Updated: res.Updated, Unchanged: res.Unchanged, Skipped: res.Skipped}, nil
}
