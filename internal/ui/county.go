package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// countyScreen is the county vault's window content (县（区）汇总库): the
// schools, the packages imported (school × month) and the county table
// of a month, term or year, with its exports.
type countyScreen struct {
	a   *App
	svc CountyService

	title    *widget.Label
	from, to *widget.Entry
	msg      *widget.Label

	info     CountyInfo
	schools  *widget.Table
	grid     CountyGrid
	gridTbl  *widget.Table
	imported *widget.Label
	confirm  *widget.Check

	view      CountyView
	tableTbl  *widget.Table
	missing   *widget.Label
	flags     *widget.Label
	countyTab *container.AppTabs
}

// showCounty shows the county vault's screens.
func (a *App) showCounty() {
	a.shell = nil
	c := newCountyScreen(a)
	a.setContent(c.content())
	c.reload()
}

func newCountyScreen(a *App) *countyScreen {
	c := &countyScreen{a: a, svc: a.d.County, title: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		msg: widget.NewLabel(""), imported: widget.NewLabel(""), missing: widget.NewLabel(""), flags: widget.NewLabel("")}
	c.msg.Wrapping = fyne.TextWrapWord
	c.imported.Wrapping = fyne.TextWrapWord
	c.flags.Wrapping = fyne.TextWrapWord
	c.missing.Wrapping = fyne.TextWrapWord
	now := casework.MonthOf(a.d.Clock.Now())
	c.from, c.to = widget.NewEntry(), widget.NewEntry()
	c.from.SetText(string(now.Prev()))
	c.to.SetText(string(now.Prev()))
	c.confirm = widget.NewCheck(tr("county.packages.confirm_key"), nil)
	return c
}

func (c *countyScreen) content() fyne.CanvasObject {
	a := c.a
	lock := a.act.button(tr("shell.lock"), theme.LogoutIcon(), a.lockNow)
	top := container.NewBorder(nil, nil, c.title, lock)
	rangeBar := container.NewHBox(widget.NewLabel(tr("county.from")), sized(c.from, 90), widget.NewLabel(tr("county.to")), sized(c.to, 90),
		a.act.button(tr("county.refresh"), theme.ViewRefreshIcon(), c.reload))

	c.schools = widget.NewTable(
		func() (int, int) { return len(c.info.Schools) + 1, 5 },
		func() fyne.CanvasObject { l := widget.NewLabel(""); l.Truncation = fyne.TextTruncateEllipsis; return l },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if id.Row == 0 {
				l.TextStyle.Bold = true
				l.SetText(tr([]string{"county.schools.code", "county.schools.name", "county.schools.stage", "county.schools.contact", "county.schools.fingerprint"}[id.Col]))
				return
			}
			l.TextStyle.Bold = false
			s := c.info.Schools[id.Row-1]
			fp := s.Fingerprint
			if fp == "" {
				fp = tr("county.schools.no_key")
			}
			l.SetText([]string{s.Code, s.Name, s.Stage, s.Contact, fp}[id.Col])
		})
	for i, w := range []float32{120, 240, 90, 140, 330} {
		c.schools.SetColumnWidth(i, w)
	}

	c.gridTbl = widget.NewTable(
		func() (int, int) { return len(c.grid.Schools) + 1, len(c.grid.Months) + 1 },
		func() fyne.CanvasObject { l := widget.NewLabel(""); l.Truncation = fyne.TextTruncateEllipsis; return l },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			switch {
			case id.Row == 0 && id.Col == 0:
				l.SetText(tr("county.schools.name"))
			case id.Row == 0:
				l.SetText(c.grid.Months[id.Col-1])
			case id.Col == 0:
				l.SetText(c.grid.Schools[id.Row-1].Name)
			default:
				l.SetText(tr("county.status." + c.grid.Status[id.Row-1][id.Col-1]))
			}
		})
	c.gridTbl.SetColumnWidth(0, 220)
	importFile := a.act.button(tr("county.packages.import_file"), theme.FileIcon(), c.onImportFile)
	importDir := a.act.button(tr("county.packages.import_folder"), theme.FolderOpenIcon(), c.onImportFolder)
	packages := container.NewBorder(
		container.NewVBox(container.NewHBox(importFile, importDir, c.confirm), c.imported), nil, nil, nil, c.gridTbl)

	c.tableTbl = widget.NewTable(
		func() (int, int) { return len(c.view.Rows) + 1, max(len(c.view.Header), 1) },
		func() fyne.CanvasObject { l := widget.NewLabel(""); l.Truncation = fyne.TextTruncateEllipsis; return l },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if id.Row == 0 {
				if id.Col < len(c.view.Header) {
					l.SetText(c.view.Header[id.Col])
				}
				return
			}
			row := c.view.Rows[id.Row-1]
			if id.Col < len(row) {
				l.SetText(row[id.Col])
			}
		})
	for i, w := range []float32{50, 110, 200} {
		c.tableTbl.SetColumnWidth(i, w)
	}
	c.tableTbl.OnSelected = func(id widget.TableCellID) {
		c.tableTbl.UnselectAll()
		// Not the header, not the total row: the school's figures.
		if id.Row >= 1 && id.Row < len(c.view.Rows) && len(c.view.Rows[id.Row-1]) > 1 {
			c.drill(c.view.Rows[id.Row-1][1], c.view.Rows[id.Row-1][2])
		}
	}
	for i := 3; i < 14; i++ {
		c.tableTbl.SetColumnWidth(i, 78)
	}
	exports := container.NewHBox(
		a.act.button(tr("county.table.pdf"), theme.DocumentPrintIcon(), func() { c.export("pdf") }),
		a.act.button(tr("county.table.xlsx"), theme.DocumentSaveIcon(), func() { c.export("xlsx") }),
		a.act.button(tr("county.table.json"), theme.DocumentSaveIcon(), func() { c.export("json") }))
	notes := newVScroll(container.NewVBox(widget.NewLabelWithStyle(tr("county.table.missing"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), c.missing,
		widget.NewLabelWithStyle(tr("county.table.flags"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), c.flags))
	notes.SetMinSize(fyne.NewSize(0, 150))
	table := container.NewBorder(exports, notes, nil, nil, c.tableTbl)

	c.countyTab = container.NewAppTabs(
		container.NewTabItem(tr("county.tab.schools"), c.schools),
		container.NewTabItem(tr("county.tab.packages"), packages),
		container.NewTabItem(tr("county.tab.table"), table))
	return container.NewBorder(container.NewVBox(top, rangeBar, c.msg, widget.NewSeparator()), nil, nil, nil, c.countyTab)
}

// sized keeps an entry at least w wide inside an HBox.
func sized(o fyne.CanvasObject, w float32) fyne.CanvasObject {
	return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
}

func (c *countyScreen) months() (casework.Month, casework.Month, bool) {
	f, ferr := casework.ParseMonth(strings.TrimSpace(c.from.Text))
	t, terr := casework.ParseMonth(strings.TrimSpace(c.to.Text))
	if ferr != nil || terr != nil || t < f {
		c.msg.SetText(tr("county.bad_months"))
		return "", "", false
	}
	return f, t, true
}

// reload reads the schools, the grid and the table of the months shown.
func (c *countyScreen) reload() {
	from, to, ok := c.months()
	if !ok {
		return
	}
	c.msg.SetText("")
	c.a.d.Go(func() {
		ctx := context.Background()
		info, err := c.svc.CountySchools(ctx)
		var grid CountyGrid
		var view CountyView
		if err == nil {
			grid, err = c.svc.PackagesGrid(ctx, from, to)
		}
		if err == nil {
			view, err = c.svc.CountyTable(ctx, from, to)
		}
		fyne.Do(func() {
			if err != nil {
				c.msg.SetText(settingsErr("county", err))
				return
			}
			c.info, c.grid, c.view = info, grid, view
			c.title.SetText(tr("county.title", map[string]any{"County": info.County, "N": len(info.Schools)}))
			c.missing.SetText(orNone(view.Missing))
			c.flags.SetText(orNone(view.Flags))
			c.schools.Refresh()
			for i := range grid.Months {
				c.gridTbl.SetColumnWidth(i+1, 90)
			}
			c.gridTbl.Refresh()
			c.tableTbl.Refresh()
		})
	})
}

func orNone(lines []string) string {
	if len(lines) == 0 {
		return tr("county.none")
	}
	return strings.Join(lines, "\n")
}

func (c *countyScreen) onImportFile() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		_ = r.Close()
		c.importPaths([]string{path})
	}, c.a.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".json"}))
	showFileDialog(d)
}

func (c *countyScreen) onImportFolder() {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			return
		}
		c.importPaths([]string{u.Path()})
	}, c.a.win)
	showFileDialog(d)
}

// importPaths imports files or folders and lists what each did.
func (c *countyScreen) importPaths(paths []string) {
	c.a.touched()
	confirm := c.confirm.Checked
	c.a.d.Go(func() {
		lines, err := c.svc.ImportPackages(context.Background(), paths, confirm)
		fyne.Do(func() {
			if err != nil {
				c.imported.SetText(settingsErr("import packages", err))
				return
			}
			var out []string
			for _, l := range lines {
				if l.Refused {
					out = append(out, tr("county.packages.refused", map[string]any{"Reason": l.Reason}))
					continue
				}
				out = append(out, tr("county.packages."+l.Outcome, map[string]any{"File": l.File, "School": l.School, "Month": l.Month}))
			}
			if len(out) == 0 {
				out = append(out, tr("county.packages.nothing"))
			}
			c.imported.SetText(strings.Join(out, "\n"))
			c.reload()
		})
	})
}

func (c *countyScreen) export(kind string) {
	from, to, ok := c.months()
	if !ok {
		return
	}
	name := c.info.County + "汇总表" + string(from)
	if to != from {
		name += "至" + string(to)
	}
	repSaveDialog(c.a, name+"."+kind, func(path string) {
		var out CountyFiles
		switch kind {
		case "pdf":
			out.PDF = path
		case "xlsx":
			out.XLSX = path
		default:
			out.JSON = path
		}
		c.a.d.Go(func() {
			err := c.svc.WriteCountyTable(context.Background(), from, to, out)
			fyne.Do(func() {
				if err != nil {
					c.msg.SetText(settingsErr("write county table", err))
					return
				}
				repOfferOpen(c.a, tr("county.table.written", map[string]any{"Path": path}), path)
			})
		})
	})
}

// drill shows every figure of one school over the months shown.
func (c *countyScreen) drill(code, name string) {
	from, to, ok := c.months()
	if !ok {
		return
	}
	c.a.touched()
	c.a.d.Go(func() {
		rows, err := c.svc.SchoolFigures(context.Background(), code, from, to)
		fyne.Do(func() {
			if err != nil {
				c.msg.SetText(settingsErr("school figures", err))
				return
			}
			var lines []string
			for _, r := range rows {
				lines = append(lines, r.Code+"　"+r.Label+"：　"+r.Value)
			}
			body := widget.NewLabel(orNone(lines))
			scroll := newVScroll(body)
			scroll.SetMinSize(fyne.NewSize(560, 460))
			dialog.ShowCustom(tr("county.table.figures", map[string]any{"School": name}), tr("reports.close"), scroll, c.a.win)
		})
	})
}
