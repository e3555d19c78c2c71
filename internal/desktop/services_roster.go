package desktop

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"xinqing/internal/app"
	"xinqing/internal/casework"
	"xinqing/internal/interchange"
	"xinqing/internal/safefs"
	"xinqing/internal/ui"
)

// ---- the Excel roster and list export ----

func (r *reportsService) PreviewRoster(ctx context.Context, path string) (ui.RosterPreview, error) {
	f, err := safefs.OpenChosen(path)
	if err != nil {
		return ui.RosterPreview{}, uiErr(fmt.Errorf("open roster: %w", err))
	}
	defer f.Close()
	p, err := r.s.app.PreviewRoster(ctx, f)
	if errors.Is(err, app.ErrLocked) {
		return ui.RosterPreview{}, err
	}
	if err != nil {
		msg := "无法读取花名册：请确认是 Excel 工作簿（.xlsx），且前十行中有表头（姓名、班级等）。"
		return ui.RosterPreview{}, &ui.SettingsInvalid{Message: msg, Err: err}
	}
	r.mu.Lock()
	r.preview = p
	r.mu.Unlock()
	labels, err := casework.LoadLabels(casework.LangZH)
	if err != nil {
		return ui.RosterPreview{}, err
	}
	out := ui.RosterPreview{Sheet: p.Sheet, HeaderRow: p.HeaderRow, Adds: p.Adds, Updates: p.Updates, Unchanged: p.Unchanged, Bad: p.Bad}
	keys := make([]string, 0, len(p.Columns))
	for k := range p.Columns {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		out.Columns = append(out.Columns, [2]string{lbl(labels, "field.student."+k), p.Columns[k]})
	}
	for _, row := range p.Rows {
		msgs := append(slices.Clone(row.Errors), row.Warnings...)
		if row.Action == interchange.RowUpdate && len(row.Changed) > 0 {
			var ch []string
			for _, c := range row.Changed {
				ch = append(ch, lbl(labels, "field.student."+c))
			}
			msgs = append(msgs, "更新："+strings.Join(ch, "、"))
		}
		out.Rows = append(out.Rows, ui.RosterPreviewRow{Row: row.Row, Action: string(row.Action),
			Name: row.Student.Name, Class: row.Student.Grade + row.Student.Class, Messages: msgs})
	}
	return out, nil
}

func (r *reportsService) ApplyRoster(ctx context.Context, skipBad bool) (int, int, int, error) {
	r.mu.Lock()
	p := r.preview
	r.mu.Unlock()
	if p == nil {
		return 0, 0, 0, &ui.SettingsInvalid{Message: "请先选择花名册并查看预览。", Err: errors.New("no roster preview")}
	}
	res, err := r.s.app.ApplyRoster(ctx, p, skipBad)
	var re *interchange.RosterError
	if errors.As(err, &re) {
		return 0, 0, 0, &ui.SettingsInvalid{Message: re.Error(), Err: err}
	}
	if err != nil {
		return 0, 0, 0, uiErr(err)
	}
	r.mu.Lock()
	r.preview = nil
	r.mu.Unlock()
	return res.Added, res.Updated, res.Skipped, nil
}

// ExportRecords writes the list where the save dialog, which has already
// asked about an existing file, pointed.
func (r *reportsService) ExportRecords(ctx context.Context, kind casework.Kind, path string) (int, error) {
	n, err := r.s.app.ExportRecords(ctx, kind, path, app.Replace)
	return n, uiErr(err)
}
