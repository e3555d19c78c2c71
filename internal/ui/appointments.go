package ui

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// prefAgendaSaturday shows Saturday in the week (a school with Saturday
// classes); a booking on a Saturday shows it anyway.
const prefAgendaSaturday = "agenda.saturday"

// agendaOfferDays is how far ahead a key student's next follow-up is
// offered as a 复约.
const agendaOfferDays = 7

// agendaScreen is 预约: the counselor's week as a grid of days and
// periods, the requests waiting beside it, and the prints.
type agendaScreen struct {
	a   *App
	svc AppointmentService

	monday   casework.Date
	week     AgendaWeek
	offers   []*casework.Appointment
	loaded   bool
	saturday *widget.Check

	weekText *widget.Label
	msg      *widget.Label
	grid     *fyne.Container
	side     *fyne.Container
	// cells are the grid's day cells of the week drawn, where a block
	// is dropped; ghost follows a dragged block over them.
	cells   []agendaCell
	ghost   *canvas.Rectangle
	overlay *fyne.Container
	drag    agendaDrag
	root    fyne.CanvasObject
	// focus is an appointment to open once the week is read (the
	// workbench's today block).
	focus string
	// pickSave chooses where a print goes (nil: the save dialog).
	pickSave saveChooser
}

func newAgendaScreen(a *App) Screen {
	if a.d.Appointments == nil {
		return pending{key: "nav.appointments"}
	}
	s := &agendaScreen{a: a, svc: a.d.Appointments, monday: casework.WeekOf(today(a)),
		weekText: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		msg:      widget.NewLabel(""), grid: container.New(&agendaGridLayout{}), side: container.NewVBox()}
	s.msg.Wrapping = fyne.TextWrapWord
	s.msg.Hide()
	s.saturday = widget.NewCheck(tr("agenda.saturday"), func(on bool) {
		a.touched()
		a.fa.Preferences().SetBool(prefAgendaSaturday, on)
		s.render()
	})
	s.saturday.Checked = a.fa.Preferences().Bool(prefAgendaSaturday)
	s.ghost = canvas.NewRectangle(agendaTint(theme.ColorNamePrimary, 0x55))
	s.ghost.StrokeColor = theme.Color(theme.ColorNamePrimary)
	s.ghost.StrokeWidth = 2
	s.ghost.CornerRadius = 4
	s.ghost.Hide()
	s.overlay = container.NewWithoutLayout(s.ghost)
	s.build()
	s.load()
	return s
}

func (s *agendaScreen) Content() fyne.CanvasObject { return s.root }

func (s *agendaScreen) build() {
	act := s.a.act
	prev := act.button(tr("agenda.prev"), theme.NavigateBackIcon(), func() { s.goWeek(s.monday.AddDays(-7)) })
	this := act.button(tr("agenda.this_week"), theme.HistoryIcon(), func() { s.goWeek(casework.WeekOf(today(s.a))) })
	next := act.button(tr("agenda.next"), theme.NavigateNextIcon(), func() { s.goWeek(s.monday.AddDays(7)) })
	book := act.button(tr("agenda.new_booking"), theme.ContentAddIcon(), func() { s.bookDialog(nil, today(s.a), "", 0) })
	book.Importance = widget.HighImportance
	request := act.button(tr("agenda.new_request"), theme.MailComposeIcon(), s.newRequestDialog)
	printWeek := act.button(tr("agenda.print_week"), theme.DocumentPrintIcon(), func() { s.printWeek(false) })
	door := act.button(tr("agenda.print_door"), theme.DocumentPrintIcon(), func() { s.printWeek(true) })
	hours := act.button(tr("agenda.hours.button"), theme.SettingsIcon(), s.hoursDialog)
	top := container.NewVBox(
		container.NewHBox(heading(tr("nav.appointments")), prev, this, next, s.weekText),
		container.New(layout.NewRowWrapLayout(), book, request, printWeek, door, hours, container.NewCenter(s.saturday)),
		s.msg,
	)
	side := newVScroll(s.side)
	s.root = container.NewBorder(top, nil, nil, container.New(&fixedWidth{w: agendaSideWidth}, side),
		container.NewScroll(container.NewStack(s.grid, s.overlay)))
}

// agendaSideWidth keeps the requests beside a five-day grid at 1024 px.
const agendaSideWidth = 220

// fixedWidth gives its one object a fixed width and the height it gets.
type fixedWidth struct{ w float32 }

func (f *fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(f.w, h)
}

func (f *fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// say shows a line above the grid; bad ones in red.
func (s *agendaScreen) say(text string, bad bool) {
	s.msg.Importance = widget.MediumImportance
	if bad {
		s.msg.Importance = widget.DangerImportance
	}
	s.msg.SetText(text)
	s.msg.Show()
	s.relayout()
}

// relayout lays the screen out again when the line above the grid comes
// or goes (a border keeps the old height until told).
func (s *agendaScreen) relayout() {
	if s.root != nil {
		s.root.Refresh()
	}
}

func (s *agendaScreen) goWeek(monday casework.Date) {
	s.monday = monday
	s.msg.Hide()
	s.relayout()
	s.load()
}

// showAppointment opens the week of x and x itself (the workbench).
func (s *agendaScreen) showAppointment(id string, day casework.Date) {
	s.focus = id
	s.goWeek(casework.WeekOf(day))
}

// load reads the week and the 复约 offers off the Fyne goroutine.
func (s *agendaScreen) load() {
	monday := s.monday
	s.a.d.Go(func() {
		ctx := context.Background()
		w, err := s.svc.Week(ctx, monday)
		var offers []*casework.Appointment
		if err == nil {
			offers, err = s.svc.FollowUpOffers(ctx, agendaOfferDays)
		}
		// the offers name key students the week may not hold
		for _, x := range offers {
			if _, ok := w.Students[x.StudentID]; ok || s.a.d.Students == nil || err != nil {
				continue
			}
			if st, e := s.a.d.Students.Student(ctx, x.StudentID); e == nil {
				w.Students[x.StudentID] = st
			}
		}
		fyne.Do(func() {
			if monday != s.monday {
				return // another week was asked for meanwhile
			}
			if err != nil {
				s.say(errorMessage("read the week", err), true)
				return
			}
			s.week, s.offers, s.loaded = w, offers, true
			s.render()
			if id := s.focus; id != "" {
				s.focus = ""
				if x := s.find(id); x != nil {
					if x.Status == casework.ApptRequested {
						s.requestDialog(x)
					} else {
						s.bookingDialog(x)
					}
				}
			}
		})
	})
}

// onChange re-reads the week after an edit anywhere.
func (s *agendaScreen) onChange(c Change) {
	if c.Touches(casework.KindAppointment, casework.KindStudent, casework.KindKeyStudent) {
		s.load()
	}
}

func (s *agendaScreen) find(id string) *casework.Appointment {
	for _, xs := range [][]*casework.Appointment{s.week.Booked, s.week.Requests} {
		for _, x := range xs {
			if x.ID == id {
				return x
			}
		}
	}
	return nil
}

// days are the dates shown: Monday to Friday, Saturday when asked for or
// booked.
func (s *agendaScreen) days() []casework.Date {
	n := 5
	sat := s.monday.AddDays(5)
	if s.saturday.Checked {
		n = 6
	}
	for _, x := range s.week.Booked {
		if x.Date == sat {
			n = 6
		}
	}
	out := make([]casework.Date, n)
	for i := range out {
		out[i] = s.monday.AddDays(i)
	}
	return out
}

// agendaRow is one row of the grid: a period, a longer gap between two
// (午间), or the times outside every period.
type agendaRow struct {
	name     string
	from, to int // minutes of the day; other: 0, 0
	period   bool
	other    bool
}

// rows are the periods of the settings with the gaps of half an hour or
// more between them, and 其他时间 when a booking lies outside them all.
func (s *agendaScreen) rows() []agendaRow {
	var out []agendaRow
	last := -1
	for _, p := range s.week.Periods {
		a, ok1 := p.Start.Minutes()
		b, ok2 := p.End.Minutes()
		if !ok1 || !ok2 || b <= a {
			continue
		}
		if last >= 0 && a-last >= 45 {
			out = append(out, agendaRow{name: tr("agenda.row.gap"), from: last, to: a})
		}
		out = append(out, agendaRow{name: p.Name, from: a, to: b, period: true})
		last = b
	}
	for _, x := range s.week.Booked {
		if rowOf(out, x) < 0 {
			return append(out, agendaRow{name: tr("agenda.row.other"), other: true})
		}
	}
	return out
}

// rowOf is the row whose time holds x's start, else the row before it
// (a short break between two periods); -1 before the first row and
// after the last.
func rowOf(rows []agendaRow, x *casework.Appointment) int {
	m, ok := x.Start.Minutes()
	if !ok {
		return -1
	}
	before, end := -1, 0
	for i, r := range rows {
		if r.other {
			continue
		}
		if r.from <= m && m < r.to {
			return i
		}
		if r.from <= m {
			before = i
		}
		end = max(end, r.to)
	}
	if m < end {
		return before
	}
	return -1
}

func clockOf(m int) casework.Clock { return casework.Clock(fmt.Sprintf("%02d:%02d", m/60, m%60)) }

// weekdayName is 周一 … 周日 of d.
func weekdayName(d casework.Date) string {
	wd, ok := d.Weekday()
	if !ok {
		return ""
	}
	return tr(fmt.Sprintf("agenda.weekday.%d", (int(wd)+6)%7+1))
}

// render draws the week that was read.
func (s *agendaScreen) render() {
	if !s.loaded {
		return
	}
	days := s.days()
	s.weekText.SetText(tr("agenda.week_range", map[string]any{"From": string(days[0]), "To": string(days[len(days)-1])}))
	rows := s.rows()
	today := today(s.a)
	set := casework.Settings{OpenHours: s.week.OpenHours}
	lay := &agendaGridLayout{cols: len(days) + 1}
	objs := []fyne.CanvasObject{newAgendaTile(nil, nil, nil)}
	s.cells = s.cells[:0]
	for _, d := range days {
		lines := []string{weekdayName(d), string(d)[5:]}
		var fill color.Color
		if d == today {
			lines[1] += " " + tr("agenda.today")
			fill = agendaTint(theme.ColorNamePrimary, 0x55)
		}
		t := newAgendaTile(lines, fill, nil)
		t.bold = d == today
		objs = append(objs, t)
	}
	for ri, r := range rows {
		lines := []string{r.name}
		if !r.other {
			lines = append(lines, fmt.Sprintf("%s–%s", clockOf(r.from), clockOf(r.to)))
		}
		objs = append(objs, newAgendaTile(lines, nil, nil))
		for _, d := range days {
			c := s.cell(d, rows, ri, today, &set)
			objs = append(objs, c)
			s.cells = append(s.cells, agendaCell{obj: c, day: d, row: r})
		}
	}
	s.grid.Layout = lay
	s.grid.Objects = objs
	s.grid.Refresh()
	s.renderSide()
}

// cell is one day of one row: its bookings as blocks, or an empty slot
// that books.
func (s *agendaScreen) cell(d casework.Date, rows []agendaRow, ri int, today casework.Date, set *casework.Settings) fyne.CanvasObject {
	r := rows[ri]
	var blocks []fyne.CanvasObject
	for _, x := range s.week.Booked {
		if x.Date != d {
			continue
		}
		if i := rowOf(rows, x); i == ri || (r.other && i < 0) {
			blocks = append(blocks, s.block(x))
		}
	}
	if len(blocks) > 0 {
		return container.NewVBox(blocks...)
	}
	if r.other {
		return newAgendaTile(nil, nil, nil)
	}
	dur := s.periodMin()
	if r.to-r.from < dur {
		dur = r.to - r.from
	}
	probe := &casework.Appointment{Date: d, Start: clockOf(r.from), DurationMin: dur}
	var fill color.Color = agendaTint(theme.ColorNameInputBackground, 0xff)
	switch {
	case !set.InOpenHours(probe):
		fill = agendaTint(theme.ColorNameDisabledButton, 0x99) // outside the open hours: still bookable, after a question
	case d == today:
		fill = agendaTint(theme.ColorNamePrimary, 0x22)
	}
	t := newAgendaTile(nil, fill, func() {
		s.a.touched()
		s.bookDialog(nil, d, clockOf(r.from), dur)
	})
	t.minH = 40
	return t
}

// periodMin is the first period's length, the usual appointment.
func (s *agendaScreen) periodMin() int {
	set := casework.Settings{Periods: s.week.Periods}
	return set.PeriodMin()
}

// block is one booking: time, name, class of its day, its state.
func (s *agendaScreen) block(x *casework.Appointment) fyne.CanvasObject {
	name, class := s.week.Who(x)
	lines := []string{strings.TrimSpace(name + " " + class), fmt.Sprintf("%s–%s", x.Start, x.End())}
	if x.Status != casework.ApptBooked {
		lines[1] += " " + enumLabel("appointment_status", string(x.Status))
	}
	t := newAgendaTile(lines, agendaStatusFill(x.Status), func() {
		s.a.touched()
		s.bookingDialog(x)
	})
	t.id = x.ID
	if x.Status == casework.ApptBooked {
		t.onDrag = func(ev *fyne.DragEvent) { s.dragging(t, ev) }
		t.onDrop = func() { s.dropped(x) }
	}
	return t
}

// agendaCell is one day of one row of the grid drawn.
type agendaCell struct {
	obj fyne.CanvasObject
	day casework.Date
	row agendaRow
}

// agendaDrag is a block being dragged: the pointer (absolute), how far it
// moved, and where in the block it was taken.
type agendaDrag struct {
	on    bool
	at    fyne.Position
	moved fyne.Delta
	grab  fyne.Position
}

// dragging moves the ghost of block t with the pointer.
func (s *agendaScreen) dragging(t *agendaTile, ev *fyne.DragEvent) {
	drv := fyne.CurrentApp().Driver()
	if !s.drag.on {
		s.drag = agendaDrag{on: true, grab: ev.Position.Subtract(fyne.NewPos(ev.Dragged.DX, ev.Dragged.DY))}
		s.ghost.Resize(t.Size())
	}
	s.drag.moved.DX += ev.Dragged.DX
	s.drag.moved.DY += ev.Dragged.DY
	if !ev.AbsolutePosition.IsZero() {
		s.drag.at = ev.AbsolutePosition
	} else { // the test driver gives only where the drag began and by how much
		s.drag.at = drv.AbsolutePositionForObject(t).Add(ev.Position).Add(fyne.NewPos(s.drag.moved.DX, s.drag.moved.DY))
	}
	s.ghost.Move(s.drag.at.Subtract(s.drag.grab).Subtract(drv.AbsolutePositionForObject(s.overlay)))
	s.ghost.Show()
	s.ghost.Refresh()
}

// dropped moves x to the start of the cell under the pointer, keeping
// its length; the rules answer as for a move typed in.
func (s *agendaScreen) dropped(x *casework.Appointment) {
	at := s.drag.at
	s.drag = agendaDrag{}
	s.ghost.Hide()
	s.a.touched()
	drv := fyne.CurrentApp().Driver()
	for _, c := range s.cells {
		p, sz := drv.AbsolutePositionForObject(c.obj), c.obj.Size()
		if at.X < p.X || at.Y < p.Y || at.X > p.X+sz.Width || at.Y > p.Y+sz.Height {
			continue
		}
		start := clockOf(c.row.from)
		if c.row.other || (c.day == x.Date && start == x.Start) {
			return
		}
		day := c.day
		s.run("move", AgendaConfirm{}, func(cf AgendaConfirm) error {
			return s.svc.Move(context.Background(), x.ID, day, start, 0, cf)
		}, func() {
			y := *x
			y.Date, y.Start = day, start
			s.changed(nil, tr("agenda.moved", map[string]any{"When": dateTime(&y)}))
		}, func(m string) { s.say(m, true) })
		return
	}
}

func agendaStatusFill(st casework.AppointmentStatus) color.Color {
	switch st {
	case casework.ApptDone:
		return agendaTint(theme.ColorNameSuccess, 0x66)
	case casework.ApptNoShow:
		return agendaTint(theme.ColorNameError, 0x66)
	}
	return agendaTint(theme.ColorNamePrimary, 0x88)
}

// agendaTint is a theme colour at alpha a.
func agendaTint(name fyne.ThemeColorName, a uint8) color.Color {
	r, g, b, _ := theme.Color(name).RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: a}
}

// waitedDays is how long a request has waited.
func (s *agendaScreen) waitedDays(x *casework.Appointment) int {
	n, _ := casework.DateOf(x.CreatedAt).DaysUntil(today(s.a))
	return max(n, 0)
}

// renderSide lists the requests waiting and the 复约 offers.
func (s *agendaScreen) renderSide() {
	s.side.RemoveAll()
	s.side.Add(boldLabel(tr("agenda.requests", map[string]any{"N": len(s.week.Requests)})))
	if len(s.week.Requests) == 0 {
		s.side.Add(widget.NewLabel(tr("agenda.requests_none")))
	}
	for _, x := range s.week.Requests {
		name, class := s.week.Who(x)
		lines := []string{strings.TrimSpace(name + " " + class),
			tr("agenda.request_line", map[string]any{"Via": enumLabel("appointment_via", string(x.Via)), "N": s.waitedDays(x)})}
		var fill color.Color = agendaTint(theme.ColorNameInputBackground, 0xff)
		if s.waitedDays(x) > 3 {
			fill = agendaTint(theme.ColorNameWarning, 0x55)
		}
		t := newAgendaTile(lines, fill, func() { s.a.touched(); s.requestDialog(x) })
		t.id = x.ID
		s.side.Add(t)
	}
	s.side.Add(widget.NewSeparator())
	s.side.Add(boldLabel(tr("agenda.offers", map[string]any{"N": len(s.offers)})))
	if len(s.offers) == 0 {
		s.side.Add(widget.NewLabel(tr("agenda.offers_none")))
	}
	for _, x := range s.offers {
		name, class := s.offerWho(x)
		t := newAgendaTile([]string{strings.TrimSpace(name + " " + class), tr("agenda.offer_line", map[string]any{"Date": string(x.Date)})},
			agendaTint(theme.ColorNameSuccess, 0x33), func() { s.a.touched(); s.offerDialog(x) })
		s.side.Add(t)
	}
	s.side.Refresh()
}

// offerWho names the student of an offer (the week may not hold them).
func (s *agendaScreen) offerWho(x *casework.Appointment) (string, string) {
	if x.StudentID == "" || s.week.Students[x.StudentID] != nil {
		return s.week.Who(x)
	}
	return tr("agenda.unknown_student"), ""
}

// agendaMessage is the sentence for a refused change: an overlap names
// the booking in the way (whose, when); a rule its own sentence.
func (s *agendaScreen) agendaMessage(op string, err error) string {
	english := s.a.language() == LangEnglish
	var ce *casework.Error
	if errors.As(err, &ce) {
		fyne.LogError(op, err)
		if ce.Code == casework.ECONFLICT {
			if o := s.find(ce.Field); o != nil {
				name, class := s.week.Who(o)
				return tr("agenda.err.overlap", map[string]any{"Who": strings.TrimSpace(name + " " + class),
					"Date": string(o.Date), "From": string(o.Start), "To": string(o.End())})
			}
		}
		if english && ce.MessageEN != "" {
			return ce.MessageEN
		}
		if ce.MessageZH != "" {
			return ce.MessageZH
		}
	}
	if v, ok := casework.AsValidationErrors(err); ok && len(v) > 0 {
		fyne.LogError(op, err)
		msgs := make([]string, 0, len(v))
		for _, f := range v {
			if english {
				msgs = append(msgs, f.MessageEN)
			} else {
				msgs = append(msgs, f.MessageZH)
			}
		}
		return strings.Join(msgs, "；")
	}
	return errorMessage(op, err)
}

// ---- the grid ----

// agendaGridLayout lays out cols columns row by row: the first (the
// periods) narrow and fixed, the days sharing the rest but never below
// agendaDayMin, so that the grid scrolls rather than widen the window.
type agendaGridLayout struct{ cols int }

const (
	agendaTimeWidth = 84
	agendaDayMin    = 100
)

func (g *agendaGridLayout) heights(objs []fyne.CanvasObject) []float32 {
	if g.cols == 0 {
		return nil
	}
	var hs []float32
	for i, o := range objs {
		if i%g.cols == 0 {
			hs = append(hs, 0)
		}
		hs[len(hs)-1] = max(hs[len(hs)-1], o.MinSize().Height)
	}
	return hs
}

func (g *agendaGridLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if g.cols == 0 {
		return fyne.NewSize(0, 0)
	}
	pad := theme.Padding() / 2
	h := float32(0)
	for _, rh := range g.heights(objs) {
		h += rh + pad
	}
	return fyne.NewSize(agendaTimeWidth+float32(g.cols-1)*(agendaDayMin+pad), h)
}

func (g *agendaGridLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if g.cols == 0 {
		return
	}
	pad := theme.Padding() / 2
	day := max(agendaDayMin, (size.Width-agendaTimeWidth)/float32(g.cols-1)-pad)
	y := float32(0)
	for ri, rh := range g.heights(objs) {
		x := float32(0)
		for c := 0; c < g.cols; c++ {
			i := ri*g.cols + c
			if i >= len(objs) {
				break
			}
			w := day
			if c == 0 {
				w = agendaTimeWidth
			}
			objs[i].Move(fyne.NewPos(x, y))
			objs[i].Resize(fyne.NewSize(w, rh))
			x += w + pad
		}
		y += rh + pad
	}
}

// agendaTile is a block of the week: a filled rectangle with a few short
// lines, cut with … to its width; tapping it runs onTap.
type agendaTile struct {
	widget.BaseWidget
	lines []string
	fill  color.Color
	bold  bool
	minH  float32
	onTap func()
	id    string // the appointment shown, for tests
	// onDrag and onDrop move a booking by dragging (nil: not draggable).
	onDrag func(*fyne.DragEvent)
	onDrop func()
}

// Dragged passes the drag on to the week.
func (t *agendaTile) Dragged(ev *fyne.DragEvent) {
	if t.onDrag != nil {
		t.onDrag(ev)
	}
}

// DragEnd drops the block.
func (t *agendaTile) DragEnd() {
	if t.onDrop != nil {
		t.onDrop()
	}
}

func newAgendaTile(lines []string, fill color.Color, onTap func()) *agendaTile {
	t := &agendaTile{lines: lines, fill: fill, onTap: onTap}
	t.ExtendBaseWidget(t)
	return t
}

// Tapped runs the tile's action.
func (t *agendaTile) Tapped(*fyne.PointEvent) {
	if t.onTap != nil {
		t.onTap()
	}
}

// Text is what the tile says, one line after another.
func (t *agendaTile) Text() string { return strings.Join(t.lines, "\n") }

func (t *agendaTile) CreateRenderer() fyne.WidgetRenderer {
	r := &agendaTileRenderer{t: t, bg: canvas.NewRectangle(color.Transparent)}
	r.bg.CornerRadius = 4
	for i, l := range t.lines {
		tx := canvas.NewText(l, theme.Color(theme.ColorNameForeground))
		tx.TextSize = theme.TextSize() - 1
		tx.TextStyle = fyne.TextStyle{Bold: i == 0 && (t.bold || t.onTap != nil && t.fill != nil)}
		r.texts = append(r.texts, tx)
	}
	r.Refresh()
	return r
}

type agendaTileRenderer struct {
	t     *agendaTile
	bg    *canvas.Rectangle
	texts []*canvas.Text
}

func (r *agendaTileRenderer) lineHeight() float32 { return theme.TextSize() + 4 }

func (r *agendaTileRenderer) MinSize() fyne.Size {
	h := 2*theme.Padding() + float32(len(r.texts))*r.lineHeight()
	return fyne.NewSize(40, max(h, r.t.minH))
}

func (r *agendaTileRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	pad := theme.Padding()
	y := pad
	for i, tx := range r.texts {
		tx.Text = fitText(r.t.lines[i], size.Width-2*pad, tx.TextSize, tx.TextStyle)
		tx.Move(fyne.NewPos(pad, y))
		tx.Resize(fyne.NewSize(size.Width-2*pad, r.lineHeight()))
		y += r.lineHeight()
	}
}

func (r *agendaTileRenderer) Refresh() {
	if r.t.fill != nil {
		r.bg.FillColor = r.t.fill
	} else {
		r.bg.FillColor = color.Transparent
	}
	r.bg.Refresh()
	for _, tx := range r.texts {
		tx.Color = theme.Color(theme.ColorNameForeground)
		tx.Refresh()
	}
	r.Layout(r.t.Size())
}

func (r *agendaTileRenderer) Objects() []fyne.CanvasObject {
	out := []fyne.CanvasObject{r.bg}
	for _, tx := range r.texts {
		out = append(out, tx)
	}
	return out
}

func (r *agendaTileRenderer) Destroy() {}

// fitText cuts s with … so that it fits width.
func fitText(s string, width, size float32, style fyne.TextStyle) string {
	if width <= 0 || fyne.MeasureText(s, size, style).Width <= width {
		return s
	}
	rs := []rune(s)
	for n := len(rs) - 1; n > 0; n-- {
		if t := string(rs[:n]) + "…"; fyne.MeasureText(t, size, style).Width <= width {
			return t
		}
	}
	return "…"
}

// dateTime is the day and time span of x, as the dialogs show it.
func dateTime(x *casework.Appointment) string {
	if x.Start == "" {
		return fmt.Sprintf("%s %s", x.Date, weekdayName(x.Date))
	}
	return fmt.Sprintf("%s %s %s–%s", x.Date, weekdayName(x.Date), x.Start, x.End())
}
