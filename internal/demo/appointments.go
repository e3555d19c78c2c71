package demo

import "xinqing/internal/casework"

// appointments fills the week of now: a few bookings each weekday at
// distinct period starts (those before now done or missed), and two
// requests waiting to be placed.
func (g *gen) appointments() {
	var on []pupil
	for _, p := range g.enrolled(g.lastYear) {
		if p.s.LeftOn == "" {
			on = append(on, p)
		}
	}
	if len(on) == 0 {
		return
	}
	starts := []casework.Clock{"08:50", "10:00", "14:00", "15:40", "16:30"}
	monday := casework.WeekOf(g.now)
	for i := range 5 {
		d := monday.AddDays(i)
		for _, k := range g.r.Perm(len(starts))[:1+g.r.IntN(3)] {
			x := &casework.Appointment{Meta: g.meta(monday.AddDays(-3)), StudentID: pick(g.r, on).s.ID, Date: d,
				Start: starts[k], DurationMin: 40, Place: casework.SessionPlaceRoom,
				Via: pick(g.r, casework.AllAppointmentVias()), Status: casework.ApptBooked}
			if d.Before(g.now) {
				x.Status = casework.ApptDone
				if g.chance(0.15) {
					x.Status = casework.ApptNoShow
				}
			}
			g.doc.Appointments = append(g.doc.Appointments, x)
		}
	}
	for i, via := range []casework.AppointmentVia{casework.ViaMailbox, casework.ViaHomeroomTeacher, casework.ViaCommittee} {
		g.doc.Appointments = append(g.doc.Appointments, &casework.Appointment{Meta: g.meta(g.now.AddDays(-4 + 2*i)),
			StudentID: pick(g.r, on).s.ID, Date: g.now, DurationMin: 40, Via: via, Status: casework.ApptRequested})
	}
	// Last Friday a key student did not come: the workbench shows it.
	here := map[string]bool{}
	for _, p := range on {
		here[p.s.ID] = true
	}
	for _, k := range g.doc.KeyStudents {
		if k.ReleasedOn == "" && here[k.StudentID] {
			g.doc.Appointments = append(g.doc.Appointments, &casework.Appointment{Meta: g.meta(monday.AddDays(-7)),
				StudentID: k.StudentID, Date: monday.AddDays(-3), Start: "15:40", DurationMin: 40,
				Place: casework.SessionPlaceRoom, Via: casework.ViaFollowUp, Status: casework.ApptNoShow})
			break
		}
	}
}
