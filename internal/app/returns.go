package app

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"io"
	"slices"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
	"xinqing/internal/interchange"
	"xinqing/internal/report"
	"xinqing/internal/returns"
	"xinqing/internal/store"
)

// ErrNoFrozenReturn: a reprint was asked of a month with no frozen return.
var ErrNoFrozenReturn = errors.New("no frozen return for this month")

// ReturnFiles are where a monthly return goes; JSON (the figures as
// frozen), XLSX (the figures sheet) and Package (the signed return
// package for the county, docs/DOMAIN.md "County roll-up") are optional.
type ReturnFiles struct {
	PDF, JSON, XLSX, Package string
}

// FigureRow is one figure as the screen shows it: its code ("F2.red"),
// section letter, label as printed and value as printed.
type FigureRow struct {
	Code, Section, Label, Value string
	Drill                       bool // Drill lists the records it counts
}

// MonthView is a month's figures beside its latest frozen return.
type MonthView struct {
	Month   casework.Month
	Rows    []FigureRow
	Notes   casework.MonthNotes // the month's notes (empty with Month set when none)
	Frozen  *casework.Return    // the month's latest frozen return, nil if none
	Changed []string            // codes that differ from Frozen
}

// MonthFigures computes month m's figures (A–M) and compares them with
// the month's latest frozen return.
func (s *Session) MonthFigures(ctx context.Context, m casework.Month) (*MonthView, error) {
	d, err := s.App.windowDataset(s.Store, m.Period())
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f, err := figures.Compute(d, m.Period(), nil)
	if err != nil {
		return nil, err
	}
	v := &MonthView{Month: m, Notes: casework.MonthNotes{Month: m}, Rows: s.FigureRows(f)}
	for _, n := range d.MonthNotes {
		if n.Month == m {
			v.Notes = *n
		}
	}
	if v.Frozen, v.Changed, err = returns.Compare(s.Store, m, f); err != nil {
		return nil, err
	}
	return v, nil
}

// FigureRows labels and prints the rows of f for the screen: "—" for an
// empty text, the label of a code (the stage of A2).
func (s *Session) FigureRows(f *figures.Return) []FigureRow {
	names := report.FigureLabels(f, s.Labels, s.Settings.RiskLevels)
	rows := f.Rows()
	out := make([]FigureRow, 0, len(rows))
	for _, r := range rows {
		id := r.ID()
		label := names[id]
		if label == "" {
			label = id
		}
		value := r.Value.Format()
		if r.Value.Kind == figures.Code {
			if l := s.Labels["enum."+r.Value.Enum+"."+r.Value.Text]; l != "" {
				value = l
			}
		}
		if value == "" {
			value = "—"
		}
		out = append(out, FigureRow{Code: id, Section: r.Section(), Label: label, Value: value, Drill: r.Drill})
	}
	return out
}

// MonthlyParams say which return to generate.
type MonthlyParams struct {
	Month casework.Month
	// Freeze stores the return as reported (已报送) once its PDF is written.
	Freeze bool
	// Progress, when set, hears the fraction done.
	Progress func(float64)
}

// GeneratedReturn is a return just generated and written.
type GeneratedReturn struct {
	*returns.Monthly
	// Return is the frozen return stored when Freeze was asked.
	Return *casework.Return
}

// GenerateReturn computes and prints the monthly return (月报), writes it
// with its optional JSON and figures sheet, freezes it when asked and
// logs the print and each export. It compares the figures with the
// month's latest frozen return (GeneratedReturn.Frozen, Changed).
func (s *Session) GenerateReturn(ctx context.Context, p MonthlyParams, files ReturnFiles, over Overwrite) (*GeneratedReturn, error) {
	progress := p.Progress
	if progress == nil {
		progress = func(float64) {}
	}
	if err := refuseExisting(over, files.PDF, files.JSON, files.XLSX, files.Package); err != nil {
		return nil, err
	}
	if _, err := s.signingKey(); files.Package != "" && err != nil {
		return nil, err
	}
	progress(0.1)
	g, err := returns.Generate(s.Store, p.Month, s.Labels, s.now())
	if err != nil {
		return nil, err
	}
	progress(0.6)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := WriteBytes(files.PDF, over, g.PDF); err != nil {
		return nil, err
	}
	out := &GeneratedReturn{Monthly: g}
	id := ""
	// Frozen only once the PDF to upload is on disk.
	if p.Freeze {
		if out.Return, err = s.FreezeReturn(ctx, g); err != nil {
			return nil, err
		}
		id = out.Return.ID
	}
	if err := s.Audit(casework.AuditActionPrint, casework.KindReturn, id); err != nil {
		return nil, err
	}
	figJSON, err := g.Figures.JSON()
	if err != nil {
		return nil, err
	}
	if err := s.figureFiles(p.Month, g.Figures, figJSON, files, over, id, func() { progress(0.8) }); err != nil {
		return nil, err
	}
	if err := s.writePackage(ctx, files.Package, over, p.Month, g.At, sha256Hex(g.PDF), figJSON, p.Freeze, id); err != nil {
		return nil, err
	}
	progress(1)
	if len(g.Missing) > 0 {
		return out, &GlyphGaps{Missing: g.Missing}
	}
	return out, nil
}

// figureFiles writes the figures JSON and sheet that were asked for and
// logs each export.
func (s *Session) figureFiles(m casework.Month, f *figures.Return, figJSON []byte, files ReturnFiles, over Overwrite, id string, between func()) error {
	if files.JSON != "" {
		if err := s.Deliver(files.JSON, over, append(slices.Clone(figJSON), '\n'), casework.AuditActionExport, casework.KindReturn, id); err != nil {
			return err
		}
	}
	between()
	if files.XLSX != "" {
		var b bytes.Buffer
		if err := s.FiguresSheet(&b, "月报"+string(m), f); err != nil {
			return err
		}
		if err := s.Deliver(files.XLSX, over, b.Bytes(), casework.AuditActionExport, casework.KindReturn, id); err != nil {
			return err
		}
	}
	return nil
}

// FiguresSheet writes the figures as a sheet of three columns: code
// ("F2.red"), label as printed, value.
func (s *Session) FiguresSheet(w io.Writer, title string, f *figures.Return) error {
	names := report.FigureLabels(f, s.Labels, s.Settings.RiskLevels)
	var rows [][]string
	for _, r := range f.Rows() {
		v := r.Value.Format()
		if r.ID() == "A2" { // the sheet says 初中, as the PDF does, not the code
			v = report.Labels(s.Labels).Enum("stage", string(f.A2))
		}
		rows = append(rows, []string{r.ID(), names[r.ID()], v})
	}
	return interchange.ExportList(w, title, []string{"代码", "项目", "数值"}, rows)
}

// FreezeReturn stores a generated return as reported: its figures as
// computed and the hash of the PDF that was written.
func (s *Session) FreezeReturn(ctx context.Context, g *returns.Monthly) (*casework.Return, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r, err := returns.Freeze(s.Store, g)
	if err != nil {
		return nil, err
	}
	s.changed()
	return r, nil
}

// FrozenReturns lists the frozen returns, the newest month first.
func (s *Session) FrozenReturns(context.Context) ([]*casework.Return, error) {
	rs, err := store.ListAs[*casework.Return](s.Store, store.Filter{})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(rs, func(a, b *casework.Return) int {
		if c := cmp.Compare(b.Month, a.Month); c != 0 {
			return c
		}
		return b.GeneratedAt.Compare(a.GeneratedAt)
	})
	return rs, nil
}

// Reprinted is a frozen return printed again.
type Reprinted struct {
	Return *casework.Return
	// Same is true when the PDF is byte-identical to the one frozen; a
	// changed level name or label makes it differ, never a figure.
	Same bool
}

// ReprintReturn prints frozen return id again, or the latest of month
// when id is empty (ErrNoFrozenReturn when it has none), with the frozen
// figures' JSON and sheet when asked, and logs the print and exports.
func (s *Session) ReprintReturn(ctx context.Context, id string, month casework.Month, files ReturnFiles, over Overwrite) (*Reprinted, error) {
	var r *casework.Return
	var err error
	if id != "" {
		r, err = store.GetAs[*casework.Return](s.Store, id)
	} else {
		r, err = returns.Latest(s.Store, month)
	}
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, ErrNoFrozenReturn
	}
	if err := refuseExisting(over, files.PDF, files.JSON, files.XLSX, files.Package); err != nil {
		return nil, err
	}
	pdf, same, err := returns.Reprint(r, s.Settings, s.Labels, time.Local)
	// A reprint with characters printed as □ is still the frozen figures.
	missing, err := report.SplitMissing(err)
	if err != nil {
		return nil, err
	}
	if err := s.deliver(ctx, files.PDF, over, pdf, casework.AuditActionPrint, casework.KindReturn, r.ID); err != nil {
		return nil, err
	}
	f, err := figures.Parse(r.Figures)
	if err != nil {
		return nil, err
	}
	if err := s.figureFiles(r.Month, f, r.Figures, files, over, r.ID, func() {}); err != nil {
		return nil, err
	}
	// The frozen return's own time, hash and figures: the same package
	// byte for byte, whatever the reprinted PDF.
	if err := s.writePackage(ctx, files.Package, over, r.Month, r.GeneratedAt, r.PDFSHA256, r.Figures, true, r.ID); err != nil {
		return nil, err
	}
	out := &Reprinted{Return: r, Same: same}
	if len(missing) > 0 {
		return out, &GlyphGaps{Missing: missing}
	}
	return out, nil
}
