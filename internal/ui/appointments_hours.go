package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// The periods and open hours are typed as lines, the way a timetable is
// written on paper: "第一节 08:00-08:40", "周一至周五 08:00-17:30".

// weekdayNames are the ways a weekday is written, 1 Monday … 7 Sunday.
var weekdayNames = map[string]int{
	"周一": 1, "周二": 2, "周三": 3, "周四": 4, "周五": 5, "周六": 6, "周日": 7, "周天": 7,
	"星期一": 1, "星期二": 2, "星期三": 3, "星期四": 4, "星期五": 5, "星期六": 6, "星期日": 7, "星期天": 7,
	"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7,
	"1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7,
}

// splitSpan reads "08:00-08:40" (any dash, ～ or 至) into its two times.
func splitSpan(s string) (from, to casework.Clock, ok bool) {
	s = strings.NewReplacer("–", "-", "—", "-", "－", "-", "～", "-", "~", "-", "至", "-", "到", "-").Replace(s)
	a, b, found := strings.Cut(s, "-")
	if !found {
		return "", "", false
	}
	f, err1 := casework.ParseClockInput(strings.TrimSpace(a))
	t, err2 := casework.ParseClockInput(strings.TrimSpace(b))
	return f, t, err1 == nil && err2 == nil && f != "" && t != ""
}

// parsePeriods reads one period a line: its name, then its times.
func parsePeriods(text string) ([]casework.ClassPeriod, string) {
	var out []casework.ClassPeriod
	for i, line := range strings.Split(text, "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		if len(fields) < 2 {
			return nil, tr("agenda.hours.err_period", map[string]any{"N": i + 1})
		}
		from, to, ok := splitSpan(strings.Join(fields[len(fields)-1:], ""))
		p := casework.ClassPeriod{Name: strings.Join(fields[:len(fields)-1], " "), Start: from, End: to}
		if !ok || p.Minutes() == 0 {
			return nil, tr("agenda.hours.err_period", map[string]any{"N": i + 1})
		}
		out = append(out, p)
	}
	return out, ""
}

// parseOpenHours reads one line per day or days: "周一 08:00-17:30",
// "周一至周五 08:00-11:30"; a day may have several lines.
func parseOpenHours(text string) ([]casework.OpenHours, string) {
	var out []casework.OpenHours
	for i, line := range strings.Split(text, "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		bad := tr("agenda.hours.err_open", map[string]any{"N": i + 1})
		if len(fields) != 2 {
			return nil, bad
		}
		days := strings.NewReplacer("–", "-", "—", "-", "－", "-", "～", "-", "~", "-", "至", "-", "到", "-").Replace(strings.ToLower(fields[0]))
		a, b, isRange := strings.Cut(days, "-")
		first, ok1 := weekdayNames[a]
		last := first
		ok2 := true
		if isRange {
			last, ok2 = weekdayNames[b]
		}
		from, to, ok3 := splitSpan(fields[1])
		if !ok1 || !ok2 || !ok3 || last < first {
			return nil, bad
		}
		for wd := first; wd <= last; wd++ {
			out = append(out, casework.OpenHours{Weekday: wd, From: from, To: to})
		}
	}
	return out, ""
}

// hoursText writes periods and open hours back as lines.
func hoursText(periods []casework.ClassPeriod, open []casework.OpenHours) (string, string) {
	var p, o []string
	for _, x := range periods {
		p = append(p, fmt.Sprintf("%s %s-%s", x.Name, x.Start, x.End))
	}
	for _, h := range open {
		o = append(o, fmt.Sprintf("%s %s-%s", tr(fmt.Sprintf("agenda.weekday.%d", h.Weekday)), h.From, h.To))
	}
	return strings.Join(p, "\n"), strings.Join(o, "\n")
}

// hoursDialog edits the rows of the week (the school's periods) and the
// room's open hours.
func (s *agendaScreen) hoursDialog() {
	periods := newEntry(s.a.act)
	periods.MultiLine = true
	periods.SetMinRowsVisible(6)
	periods.SetPlaceHolder(tr("agenda.hours.periods_hint"))
	open := newEntry(s.a.act)
	open.MultiLine = true
	open.SetMinRowsVisible(3)
	open.SetPlaceHolder(tr("agenda.hours.open_hint"))
	pt, ot := hoursText(s.week.Periods, s.week.OpenHours)
	periods.SetText(pt)
	open.SetText(ot)
	msg := errorBlock()
	var d dialog.Dialog
	save := s.a.act.button(tr("agenda.save"), theme.ConfirmIcon(), func() {
		setError(msg, "")
		ps, bad := parsePeriods(periods.Text)
		if bad != "" {
			setError(msg, bad)
			return
		}
		oh, bad := parseOpenHours(open.Text)
		if bad != "" {
			setError(msg, bad)
			return
		}
		s.run("save the agenda hours", AgendaConfirm{}, func(AgendaConfirm) error {
			return s.svc.SaveHours(context.Background(), ps, oh)
		}, func() { s.changed(d, tr("agenda.hours.saved")) }, func(m string) { setError(msg, m) })
	})
	save.Importance = widget.HighImportance
	cancel := s.a.act.button(tr("agenda.cancel"), theme.CancelIcon(), func() { d.Hide() })
	body := container.NewVBox(
		boldLabel(tr("agenda.hours.periods")), paragraph(tr("agenda.hours.periods_help")), periods,
		boldLabel(tr("agenda.hours.open")), paragraph(tr("agenda.hours.open_help")), open, msg)
	d = s.agendaDialog(tr("agenda.hours.title"), newVScroll(body), 620, 560, cancel, save)
	d.Show()
	s.a.win.Canvas().Focus(periods)
}
