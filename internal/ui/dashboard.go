package ui

import (
	"context"
	"fmt"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
)

// Dashboard is the workbench summary (工作台).
type Dashboard struct {
	Month   casework.Month
	Figures MonthFigures
	// FollowUps are the key students whose follow-up is due within a
	// week or overdue, most urgent first.
	FollowUps []FollowUpDue
	// Waiting are referrals suggested and not yet answered, oldest first.
	Waiting []WaitingReferral
	// OpenCrises are crises not closed, oldest first.
	OpenCrises []OpenCrisis
	// LastBackup is the time of the last verified backup; zero: none.
	LastBackup time.Time
	// BackupOverdue: older than 14 days (or none) — shown in red.
	BackupOverdue bool
}

// The parts of the summary are those the figures compute.
type (
	MonthFigures    = figures.MonthFigures
	LevelCount      = figures.LevelCount
	FollowUpDue     = figures.FollowUpDue
	WaitingReferral = figures.WaitingReferral
	OpenCrisis      = figures.OpenCrisis
)

// dashboard is the workbench: the school, this month's figures, what is
// due, and the session settings of the old workbench.
type dashboard struct {
	a    *App
	wb   *workbench
	body *fyne.Container
	// agenda is today's part of the counselor's week (appointments_dash.go).
	agenda AgendaToday
}

func newDashboard(a *App) Screen {
	wb := newWorkbench(a).(*workbench)
	d := &dashboard{a: a, wb: wb, body: container.NewVBox()}
	if a.d.Students == nil {
		return wb
	}
	d.body.Add(widget.NewProgressBarInfinite())
	d.load()
	return d
}

// load reads the summary off the Fyne goroutine.
func (d *dashboard) load() {
	today := casework.DateOf(d.a.d.Clock.Now())
	d.a.d.Go(func() {
		sum, err := d.a.d.Students.Dashboard(context.Background(), today)
		agenda := d.loadAgenda()
		fyne.Do(func() { d.agenda = agenda; d.show(sum, today, err) })
	})
}

func (d *dashboard) Content() fyne.CanvasObject {
	return container.NewBorder(nil, nil, nil, nil, newVScroll(container.NewVBox(
		d.wb.school,
		d.body,
		d.wb.settingsCard(),
	)))
}

func (d *dashboard) show(sum Dashboard, today casework.Date, err error) {
	d.body.RemoveAll()
	if err != nil {
		l := errorBlock()
		showMsg(l, errorMessage("read workbench", err))
		d.body.Add(l)
		return
	}
	d.body.Add(d.todayCard(sum, today))
	d.body.Add(resultsDashCard(d.a)) // 排查待访谈, until every flagged student is interviewed
	d.body.Add(d.figures(sum))
	d.body.Add(container.NewGridWithColumns(2,
		d.followUps(sum.FollowUps, today),
		d.waiting(sum.Waiting),
	))
	d.body.Add(container.NewGridWithColumns(2,
		d.crises(sum.OpenCrises),
		d.backup(sum),
	))
	d.body.Refresh()
}

func (d *dashboard) figures(sum Dashboard) fyne.CanvasObject {
	f := sum.Figures
	m := sum.Month
	row := container.New(layout.NewRowWrapLayout(), // wraps on a narrow window
		d.figureButton(tr("students.dash.fig.sessions"), f.Sessions, m, "G1"),
		d.figureButton(tr("students.dash.fig.new_cases"), f.NewCases, m, "G3.opened"),
		d.figureButton(tr("students.dash.fig.key_on_roll"), f.KeyOnRoll, m, "F1"),
		d.figureButton(tr("students.dash.fig.crises"), f.Crises, m, "I1"),
		d.figureButton(tr("students.dash.fig.group_sessions"), f.GroupSessions, m, "H1"),
		d.figureButton(tr("students.dash.fig.referrals"), f.Referrals, m, "J1"),
		d.figureButton(tr("students.dash.fig.parent_talks"), f.ParentTalks, m, "K2"),
	)
	levels := container.New(layout.NewRowWrapLayout(), widget.NewLabel(tr("students.dash.levels")))
	for _, lv := range f.Levels {
		dot := canvas.NewCircle(levelColor(lv.Color))
		dot.Resize(fyne.NewSize(12, 12))
		levels.Add(container.NewHBox(container.NewCenter(container.NewGridWrap(fyne.NewSize(12, 12), dot)),
			widget.NewLabel(tr("students.dash.level_count", map[string]any{"Level": lv.Label, "N": lv.N}))))
	}
	return widget.NewCard(tr("students.dash.month_title", map[string]any{"Month": string(sum.Month)}), "",
		container.NewVBox(row, levels))
}

// levelColor reads #RRGGBB (grey when malformed).
func levelColor(s string) color.Color {
	var r, g, b uint8
	if _, err := fmt.Sscanf(s, "#%02x%02x%02x", &r, &g, &b); err != nil {
		return color.Gray{Y: 0x99}
	}
	return color.NRGBA{R: r, G: g, B: b, A: 0xff}
}

func (d *dashboard) followUps(xs []FollowUpDue, today casework.Date) fyne.CanvasObject {
	rows := make([]dashRow, len(xs))
	for i, x := range xs {
		days, _ := today.DaysUntil(x.Due)
		when := tr("students.dash.due_in", map[string]any{"N": days})
		if days < 0 {
			when = tr("students.dash.overdue", map[string]any{"N": -days})
		} else if days == 0 {
			when = tr("students.dash.due_today")
		}
		rows[i] = dashRow{text: fmt.Sprintf("%s  %s  %s  %s", x.Name, x.Class, x.Level, when), urgent: x.Due <= today,
			kind: casework.KindKeyStudent, id: x.ID, student: x.StudentID}
	}
	return d.rowsCard(tr("students.dash.follow_ups"), tr("students.dash.follow_ups_none"), rows)
}

func (d *dashboard) waiting(xs []WaitingReferral) fyne.CanvasObject {
	rows := make([]dashRow, len(xs))
	for i, x := range xs {
		rows[i] = dashRow{text: fmt.Sprintf("%s  %s  %s", x.Name, x.Class,
			tr("students.dash.waiting_days", map[string]any{"Date": string(x.SuggestedOn), "N": x.Days})),
			kind: casework.KindReferral, id: x.ID, student: x.StudentID}
	}
	return d.rowsCard(tr("students.dash.referrals"), tr("students.dash.referrals_none"), rows)
}

func (d *dashboard) crises(xs []OpenCrisis) fyne.CanvasObject {
	rows := make([]dashRow, len(xs))
	for i, x := range xs {
		rows[i] = dashRow{text: fmt.Sprintf("%s  %s  %s  %s", x.Name, x.Class, x.DiscoveredOn, stuEnum("risk_type", string(x.RiskType))),
			urgent: true, kind: casework.KindCrisis, id: x.ID, student: x.StudentID}
	}
	return d.rowsCard(tr("students.dash.crises"), tr("students.dash.crises_none"), rows)
}

func (d *dashboard) backup(sum Dashboard) fyne.CanvasObject {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapBreak
	if sum.LastBackup.IsZero() {
		l.SetText(tr("students.dash.backup_never"))
	} else {
		days := int(d.a.d.Clock.Now().Sub(sum.LastBackup).Hours() / 24)
		l.SetText(tr("students.dash.backup_age", map[string]any{"Time": sum.LastBackup.Local().Format("2006-01-02 15:04"), "N": days}))
	}
	if sum.BackupOverdue {
		l.Importance = widget.DangerImportance
	}
	return widget.NewCard(tr("students.dash.backup"), "", l)
}

// settingsCard is the session settings of the workbench (idle lock and
// language), shown at the foot of the dashboard.
func (w *workbench) settingsCard() fyne.CanvasObject {
	var opts []string
	var mins []int
	for _, m := range []int{1, 2, 3, 5, 10, 15, 20, 30} {
		mins = append(mins, m)
		opts = append(opts, tr("workbench.minutes", map[string]any{"N": m}))
	}
	idle := widget.NewSelect(opts, nil)
	cur := int(w.a.idleTimeout().Minutes())
	for i, m := range mins {
		if m == cur {
			idle.SetSelectedIndex(i)
		}
	}
	idle.OnChanged = func(string) { w.onIdleChanged(mins[idle.SelectedIndex()]) }
	lang := widget.NewSelect([]string{tr("lang.zh"), tr("lang.en")}, nil)
	if w.a.language() == LangEnglish {
		lang.SetSelectedIndex(1)
	} else {
		lang.SetSelectedIndex(0)
	}
	lang.OnChanged = func(string) { w.onLanguageChanged(lang.SelectedIndex()) }
	return widget.NewCard(tr("workbench.session"), "", container.NewVBox(
		container.NewHBox(widget.NewLabel(tr("workbench.idle_lock")), idle),
		container.NewHBox(widget.NewLabel(tr("setup.welcome.language")), lang),
	))
}
