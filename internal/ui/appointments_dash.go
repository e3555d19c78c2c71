package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"

	"xinqing/internal/casework"
)

// loadAgenda reads the workbench's part of the week (off the Fyne
// goroutine); without the service, or on an error (logged), it is empty.
func (d *dashboard) loadAgenda() AgendaToday {
	if d.a.d.Appointments == nil {
		return AgendaToday{}
	}
	t, err := d.a.d.Appointments.Today(context.Background())
	if err != nil {
		fyne.LogError("read today's appointments", err)
		return AgendaToday{}
	}
	return t
}

// agendaLines are the 今天 block's lines of the week: today's bookings,
// requests waiting more than 3 days, a key student's 未到. Each opens
// 预约 at that appointment.
func (d *dashboard) agendaLines(line func(text string, urgent bool, open func())) {
	if d.a.d.Appointments == nil {
		return
	}
	t := d.agenda
	who := func(x *casework.Appointment) string {
		name, class := t.Who(x)
		return strings.TrimSpace(name + " " + class)
	}
	open := func(x *casework.Appointment) func() {
		id, day := x.ID, x.Date
		return func() { d.a.openAppointment(id, day) }
	}
	if len(t.Today) == 0 {
		line(tr("agenda.dash.none_today"), false, func() { d.a.openNav("nav.appointments") })
	}
	for _, x := range t.Today[:min(len(t.Today), dashCap)] {
		line(tr("agenda.dash.today", map[string]any{"Time": fmt.Sprintf("%s–%s", x.Start, x.End()), "Who": who(x)}), false, open(x))
	}
	today := today(d.a)
	for _, x := range t.Waiting[:min(len(t.Waiting), dashCap)] {
		n, _ := casework.DateOf(x.CreatedAt).DaysUntil(today)
		line(tr("agenda.dash.waiting", map[string]any{"N": n, "Who": who(x), "Via": enumLabel("appointment_via", string(x.Via))}), true, open(x))
	}
	for _, x := range t.NoShows {
		line(tr("agenda.dash.no_show", map[string]any{"Who": who(x), "Date": string(x.Date), "Time": string(x.Start)}), true, open(x))
	}
}
