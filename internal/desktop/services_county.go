package desktop

import (
	"context"
	"errors"

	"xinqing/internal/app"
	"xinqing/internal/casework"
	"xinqing/internal/county"
	"xinqing/internal/returnpkg"
	"xinqing/internal/ui"
)

// countyService adapts the county use cases of internal/app to the
// county screens.
type countyService struct{ s *services }

func (c countyService) sess(ctx context.Context) (*app.Session, error) {
	s, err := c.s.app.Session(ctx)
	return s, uiErr(err)
}

func (c countyService) IsCounty(ctx context.Context) (bool, error) {
	s, err := c.sess(ctx)
	if err != nil {
		return false, err
	}
	return s.IsCounty(), nil
}

func (c countyService) MakeCounty(ctx context.Context, name, listFile string) error {
	s, err := c.sess(ctx)
	if err != nil {
		return err
	}
	err = s.MakeCounty(ctx, name, listFile)
	var le *county.ListError
	if errors.As(err, &le) {
		return &ui.SettingsInvalid{Message: le.Chinese(), Err: err}
	}
	return uiErr(err)
}

func (c countyService) CountySchools(ctx context.Context) (ui.CountyInfo, error) {
	s, err := c.sess(ctx)
	if err != nil {
		return ui.CountyInfo{}, err
	}
	info := ui.CountyInfo{County: s.Settings.County}
	for _, sc := range s.Settings.Schools {
		info.Schools = append(info.Schools, schoolRow(sc))
	}
	return info, nil
}

func schoolRow(sc casework.CountySchool) ui.CountySchoolRow {
	r := ui.CountySchoolRow{Code: sc.Code, Name: sc.Name, Contact: sc.Contact, Active: sc.Active}
	if sc.Stage != "" {
		r.Stage = casework.Label(casework.LangZH, "enum.stage."+string(sc.Stage))
	}
	if k, err := returnpkg.DecodeKey(sc.PublicKey); err == nil && sc.PublicKey != "" {
		r.Fingerprint = returnpkg.Fingerprint(k)
	}
	return r
}

func (c countyService) ImportPackages(ctx context.Context, paths []string, confirmKeys bool) ([]ui.PackageLine, error) {
	s, err := c.sess(ctx)
	if err != nil {
		return nil, err
	}
	res, err := s.ImportPackages(ctx, paths, confirmKeys)
	if err != nil {
		return nil, uiErr(err)
	}
	out := make([]ui.PackageLine, 0, len(res))
	for _, r := range res {
		l := ui.PackageLine{File: r.File, School: r.School, Month: r.Month, Outcome: string(r.Outcome)}
		if r.Err != nil {
			l.Refused, l.BySignature = true, returnpkg.IsSignature(r.Err)
			var pe *returnpkg.Error
			if errors.As(r.Err, &pe) {
				l.Reason = pe.Chinese()
			} else {
				l.Reason = "“" + r.File + "”：" + r.Err.Error()
			}
		}
		out = append(out, l)
	}
	return out, nil
}

func (c countyService) PackagesGrid(ctx context.Context, from, to casework.Month) (ui.CountyGrid, error) {
	s, err := c.sess(ctx)
	if err != nil {
		return ui.CountyGrid{}, err
	}
	months, rows, err := s.PackagesGrid(ctx, from, to)
	if err != nil {
		return ui.CountyGrid{}, uiErr(err)
	}
	g := ui.CountyGrid{Months: months}
	for i, sc := range s.Settings.Schools {
		g.Schools = append(g.Schools, schoolRow(sc))
		st := make([]string, len(rows[i]))
		for j, x := range rows[i] {
			st[j] = string(x)
		}
		g.Status = append(g.Status, st)
	}
	return g, nil
}

func (c countyService) CountyTable(ctx context.Context, from, to casework.Month) (ui.CountyView, error) {
	s, err := c.sess(ctx)
	if err != nil {
		return ui.CountyView{}, err
	}
	t, err := s.CountyTable(ctx, from, to)
	if err != nil {
		return ui.CountyView{}, uiErr(err)
	}
	v := ui.CountyView{Period: t.Period()}
	for _, col := range county.Columns {
		v.Header = append(v.Header, col.Head[0])
	}
	for i, r := range t.Rows {
		row := make([]string, len(county.Columns))
		for j, col := range county.Columns {
			row[j] = col.Value(r, i+1)
		}
		v.Rows = append(v.Rows, row)
	}
	total := make([]string, len(county.Columns))
	for j, col := range county.Columns {
		total[j] = col.Value(county.Row{Figures: t.Totals, Level1: t.Level1}, 0)
	}
	total[0], total[1], total[2] = "", "", "合计"
	v.Rows = append(v.Rows, total)
	for _, m := range t.Missing {
		v.Missing = append(v.Missing, m.School.Code+"　"+m.School.Name)
	}
	for _, f := range t.Flags {
		if f.Rule == county.FlagMissing {
			continue
		}
		zh, _ := f.Rule.Text()
		line := f.School.Name + "　" + f.Month + "：" + zh
		if f.Detail != "" {
			line += "（" + f.Detail + "）"
		}
		v.Flags = append(v.Flags, line)
	}
	return v, nil
}

func (c countyService) SchoolFigures(ctx context.Context, code string, from, to casework.Month) ([]ui.FigureRow, error) {
	s, err := c.sess(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.CountySchoolFigures(ctx, code, from, to)
	if err != nil {
		return nil, uiErr(err)
	}
	out := make([]ui.FigureRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, ui.FigureRow{Code: r.Code, Section: r.Section, Label: r.Label, Value: r.Value})
	}
	return out, nil
}

func (c countyService) WriteCountyTable(ctx context.Context, from, to casework.Month, out ui.CountyFiles) error {
	s, err := c.sess(ctx)
	if err != nil {
		return err
	}
	_, err = s.WriteCountyTable(ctx, from, to, app.CountyFiles{PDF: out.PDF, XLSX: out.XLSX, JSON: out.JSON}, app.Replace)
	return uiErr(err)
}
