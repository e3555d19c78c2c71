package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// dashCap is how many rows a workbench list shows before 查看全部.
const dashCap = 10

// canOpenRecord reports whether a record of kind can be opened on a
// screen of the shell.
func (a *App) canOpenRecord(kind casework.Kind, id string) bool {
	return id != "" && a.shell != nil && (kind == casework.KindStudent || navKeyOf(kind) != "")
}

// openAnyRecord opens the record on its screen: a student's page, or
// the casework record itself.
func (a *App) openAnyRecord(kind casework.Kind, id string) {
	if kind == casework.KindStudent {
		a.openStudentFromAnywhere(id)
		return
	}
	a.openRecord(kind, id)
}

// openNav shows the screen of the navigation key.
func (a *App) openNav(key string) {
	if a.shell == nil {
		return
	}
	for i, sp := range a.shell.specs {
		if sp.key == key {
			a.shell.nav.Select(i)
			return
		}
	}
}

// dashRow is one row of a workbench list.
type dashRow struct {
	text   string
	urgent bool
	kind   casework.Kind
	id     string
	// student is opened instead when the record's screen is not there.
	student string
}

// rowButton opens the row's record.
func (d *dashboard) rowButton(r dashRow, after func()) *widget.Button {
	icon := theme.NavigateNextIcon()
	if r.urgent {
		icon = theme.NewErrorThemedResource(theme.WarningIcon()) // overdue or open: marked, not shouted
	}
	b := d.a.act.button(r.text, icon, func() {
		if after != nil {
			after()
		}
		if r.id == "" || (r.kind != casework.KindStudent && d.a.d.Cases == nil) {
			d.a.openStudentFromAnywhere(r.student)
			return
		}
		d.a.openAnyRecord(r.kind, r.id)
	})
	b.Alignment = widget.ButtonAlignLeading
	b.Importance = widget.LowImportance
	return b
}

// rowsCard lists the first dashCap rows and offers 查看全部 for the rest.
func (d *dashboard) rowsCard(title, empty string, rows []dashRow) fyne.CanvasObject {
	box := container.NewVBox()
	if len(rows) == 0 {
		box.Add(widget.NewLabel(empty))
	}
	for _, r := range rows[:min(len(rows), dashCap)] {
		box.Add(d.rowButton(r, nil))
	}
	if len(rows) > dashCap {
		all := d.a.act.button(tr("dash.show_all", map[string]any{"N": len(rows)}), theme.ListIcon(), func() { d.showAll(title, rows) })
		all.Alignment = widget.ButtonAlignLeading
		box.Add(all)
	}
	return widget.NewCard(title, "", box)
}

// showAll lists every row in a dialog; each opens its record.
func (d *dashboard) showAll(title string, rows []dashRow) {
	var dlg dialog.Dialog
	box := container.NewVBox()
	for _, r := range rows {
		box.Add(d.rowButton(r, func() { dlg.Hide() }))
	}
	dlg = dialog.NewCustom(title, tr("reports.close"), newVScroll(box), d.a.win)
	dlg.Resize(fyne.NewSize(720, 520))
	dlg.Show()
}

// figureButton is one key figure: a big number over its label; tapping
// it lists the records the figure counts (the monthly return's drill).
func (d *dashboard) figureButton(label string, n int, month casework.Month, code string) fyne.CanvasObject {
	num := canvas.NewText(fmt.Sprint(n), theme.Color(theme.ColorNamePrimary))
	num.TextSize = theme.TextSize() * 2
	num.TextStyle = fyne.TextStyle{Bold: true}
	num.Alignment = fyne.TextAlignCenter
	if d.a.d.Reports == nil {
		return container.NewVBox(num, widget.NewLabelWithStyle(label, fyne.TextAlignCenter, fyne.TextStyle{}))
	}
	b := d.a.act.button(label, nil, func() { d.drill(label, month, code) })
	b.Importance = widget.LowImportance
	return container.NewVBox(num, b)
}

// drill lists the records behind a figure.
func (d *dashboard) drill(label string, month casework.Month, code string) {
	d.a.d.Go(func() {
		rows, err := d.a.d.Reports.Drill(context.Background(), month, code)
		fyne.Do(func() {
			if err != nil {
				dialog.ShowInformation(label, errorMessage("drill workbench figure", err), d.a.win)
				return
			}
			repShowRecords(d.a, tr("dash.drill_title", map[string]any{"Label": label, "N": len(rows)}), rows)
		})
	})
}

// todayCard is what today asks for: follow-ups due or overdue, and the
// backup when it is due. Each line opens where it is done.
func (d *dashboard) todayCard(sum Dashboard, today casework.Date) fyne.CanvasObject {
	box := container.NewVBox()
	due := 0
	for _, f := range sum.FollowUps {
		if f.Due <= today {
			due++
		}
	}
	line := func(text string, urgent bool, open func()) {
		icon := theme.ConfirmIcon()
		if urgent {
			icon = theme.NewErrorThemedResource(theme.WarningIcon())
		}
		b := d.a.act.button(text, icon, open)
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		box.Add(b)
	}
	d.agendaLines(line)
	if due > 0 {
		line(tr("dash.today.follow_ups", map[string]any{"N": due}), true, func() { d.a.openNav("nav.key_students") })
	} else {
		line(tr("dash.today.follow_ups_none"), false, func() { d.a.openNav("nav.key_students") })
	}
	if sum.BackupOverdue {
		line(tr("dash.today.backup_due"), true, func() { d.a.openNav("nav.backup") })
	} else {
		line(tr("dash.today.backup_ok"), false, func() { d.a.openNav("nav.backup") })
	}
	return widget.NewCard(tr("dash.today"), "", box)
}
