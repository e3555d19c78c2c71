package ui

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// openAppointment shows 预约 at the week of day with the appointment id
// opened (the workbench's today block).
func (a *App) openAppointment(id string, day casework.Date) {
	a.openNav("nav.appointments")
	if a.shell == nil {
		return
	}
	if s, ok := a.shell.current.(*agendaScreen); ok {
		s.showAppointment(id, day)
	}
}

// agendaDialog is a dialog sized to fit the window (1024×600 included)
// with the buttons given; it stays open until one of them hides it.
func (s *agendaScreen) agendaDialog(title string, body fyne.CanvasObject, w, h float32, buttons ...fyne.CanvasObject) dialog.Dialog {
	d := dialog.NewCustomWithoutButtons(title, body, s.a.win)
	d.SetButtons(buttons)
	ws := s.a.win.Canvas().Size()
	if ws.Width > 0 && ws.Height > 0 {
		w, h = min(w, ws.Width-40), min(h, ws.Height-40)
	}
	d.Resize(fyne.NewSize(w, h))
	return d
}

// run does a change; a question (open hours, closed week) is asked once
// and the change done again with the answer. fail gets the sentence of a
// refusal (nothing was saved).
func (s *agendaScreen) run(op string, c AgendaConfirm, do func(AgendaConfirm) error, done func(), fail func(string)) {
	s.a.d.Go(func() {
		err := do(c)
		fyne.Do(func() {
			var q *AgendaQuestion
			switch {
			case err == nil:
				done()
			case errors.As(err, &q):
				msg := q.MessageZH
				if s.a.language() == LangEnglish {
					msg = q.MessageEN
				}
				showConfirmMessage(tr("agenda.confirm_title"), msg, func(yes bool) {
					if yes {
						s.run(op, q.confirmed(c), do, done, fail)
					} else {
						fail(tr("agenda.not_saved"))
					}
				}, s.a.win)
			default:
				fail(s.agendaMessage(op, err))
			}
		})
	})
}

// changed closes the dialog, says what was done and reads the week again.
func (s *agendaScreen) changed(d dialog.Dialog, msg string) {
	if d != nil {
		d.Hide()
	}
	s.say(msg, false)
	s.load()
}

// agendaPicker chooses a student by name, pinyin, initials or number
// through the student service.
type agendaPicker struct {
	s     *agendaScreen
	id    string
	label *widget.Label
	obj   fyne.CanvasObject
}

func newAgendaPicker(s *agendaScreen) *agendaPicker {
	p := &agendaPicker{s: s, label: widget.NewLabel(tr("agenda.student_none"))}
	p.obj = container.NewBorder(nil, nil, nil, s.a.act.button(tr("agenda.student_choose"), theme.SearchIcon(), p.open), p.label)
	return p
}

func (p *agendaPicker) choose(st *casework.Student) {
	p.id = st.ID
	p.label.SetText(studentText(*st))
}

func (p *agendaPicker) open() {
	a := p.s.a
	var found []*casework.Student
	var d dialog.Dialog
	msg := widget.NewLabel(tr("cases.student.type"))
	list := widget.NewList(func() int { return len(found) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(studentText(*found[i])) })
	list.OnSelected = func(i widget.ListItemID) {
		if i < len(found) {
			p.choose(found[i])
			d.Hide()
		}
	}
	q := newEntry(a.act)
	q.SetPlaceHolder(tr("cases.student.search"))
	seq := 0
	q.OnChanged = func(text string) {
		seq++
		mine := seq
		text = strings.TrimSpace(text)
		if text == "" || a.d.Students == nil {
			found = nil
			list.Refresh()
			return
		}
		a.d.Go(func() {
			res, err := a.d.Students.Students(context.Background(), StudentQuery{Text: text})
			fyne.Do(func() {
				if mine != seq {
					return
				}
				if err != nil {
					msg.SetText(errorMessage("search students", err))
					return
				}
				found = res[:min(len(res), 50)]
				list.UnselectAll()
				list.Refresh()
				if len(found) == 0 {
					msg.SetText(tr("cases.student.no_match"))
				} else {
					msg.SetText(tr("cases.student.matches", map[string]any{"N": len(found)}))
				}
			})
		})
	}
	d = dialog.NewCustom(tr("agenda.student_choose"), tr("agenda.cancel"), container.NewBorder(container.NewVBox(q, msg), nil, nil, nil, list), a.win)
	d.Resize(fyne.NewSize(460, 420))
	d.Show()
	a.win.Canvas().Focus(q)
}

// whenFields are the day, start and length of a booking being typed.
type whenFields struct {
	date, start, dur *entry
	dateObj          fyne.CanvasObject
}

func (s *agendaScreen) newWhenFields(day casework.Date, start casework.Clock, dur int) *whenFields {
	f := &whenFields{date: newEntry(s.a.act), start: newEntry(s.a.act), dur: newEntry(s.a.act)}
	f.date.SetPlaceHolder("YYYY-MM-DD")
	f.start.SetPlaceHolder("HH:MM")
	f.dur.SetPlaceHolder(tr("agenda.ph.minutes"))
	f.date.SetText(string(day))
	f.start.SetText(string(start))
	canonicalOnBlur(f.start, true)
	if dur > 0 {
		f.dur.SetText(strconv.Itoa(dur))
	}
	f.dateObj = dateField(f.date, s.a.d.Clock.Now)
	return f
}

func (f *whenFields) items() []*widget.FormItem {
	k := "field.appointment."
	return []*widget.FormItem{widget.NewFormItem(tr(k+"date"), f.dateObj), widget.NewFormItem(tr(k+"start"), f.start),
		widget.NewFormItem(tr(k+"duration_min"), f.dur)}
}

// read parses the fields; msg says what is wrong with the first bad one.
func (f *whenFields) read() (day casework.Date, start casework.Clock, dur int, msg string) {
	k := "field.appointment."
	if strings.TrimSpace(f.date.Text) == "" {
		return "", "", 0, tr("agenda.err.no_date")
	}
	if day, msg = readDate(tr(k+"date"), f.date.Text); msg != "" {
		return "", "", 0, msg
	}
	if strings.TrimSpace(f.start.Text) == "" {
		return "", "", 0, tr("agenda.err.no_start")
	}
	if start, msg = readClock(tr(k+"start"), f.start.Text); msg != "" {
		return "", "", 0, msg
	}
	dur, err := strconv.Atoi(strings.TrimSpace(f.dur.Text))
	if err != nil || dur <= 0 || dur > casework.MaxAppointmentMin {
		return "", "", 0, tr("agenda.err.duration")
	}
	return day, start, dur, ""
}

// enumSelect offers the labels of an enum's codes; code reads the choice.
func enumSelect(enum string, cur string) (*widget.Select, func() string) {
	codes := enumCodes(enum)
	labels := make([]string, len(codes))
	for i, c := range codes {
		labels[i] = enumLabel(enum, c)
	}
	sel := widget.NewSelect(labels, nil)
	for i, c := range codes {
		if c == cur {
			sel.SetSelectedIndex(i)
		}
	}
	return sel, func() string {
		if i := sel.SelectedIndex(); i >= 0 {
			return codes[i]
		}
		return ""
	}
}

// bookDialog books a new appointment, or places req (a request waiting,
// or a 复约 offer not saved yet) at a time.
func (s *agendaScreen) bookDialog(req *casework.Appointment, day casework.Date, start casework.Clock, dur int) {
	if dur == 0 {
		dur = s.periodMin()
	}
	when := s.newWhenFields(day, start, dur)
	k := "field.appointment."
	place, placeCode := enumSelect("session_place", string(casework.SessionPlaceRoom))
	via, viaCode := enumSelect("appointment_via", string(casework.ViaSelf))
	note := newEntry(s.a.act)
	note.SetPlaceHolder(tr("agenda.ph.note"))
	msg := refusalBlock()
	form := widget.NewForm()
	var picker *agendaPicker
	var kind func() string
	clientName := newEntry(s.a.act)
	clientName.SetPlaceHolder(tr("agenda.ph.client_name"))
	if req == nil {
		// a student by default; a teacher or a parent is named instead
		picker = newAgendaPicker(s)
		who := container.NewStack(picker.obj)
		var kindSel *widget.Select
		kindSel, kind = enumSelect("client_kind", string(casework.ClientKindStudent))
		kindSel.OnChanged = func(string) {
			who.Objects = []fyne.CanvasObject{picker.obj}
			if kind() != string(casework.ClientKindStudent) {
				who.Objects = []fyne.CanvasObject{clientName}
			}
			who.Refresh()
		}
		form.AppendItem(widget.NewFormItem(tr("agenda.client_kind"), kindSel))
		form.AppendItem(widget.NewFormItem(tr("agenda.client"), who))
	} else {
		name, class := s.offerWho(req)
		form.AppendItem(widget.NewFormItem(tr(k+"student_id"), widget.NewLabel(strings.TrimSpace(name+" "+class))))
		via.SetSelected(enumLabel("appointment_via", string(req.Via)))
		via.Disable()
		if req.Place != "" {
			place.SetSelected(enumLabel("session_place", string(req.Place)))
		}
		note.SetText(req.Note)
	}
	for _, it := range when.items() {
		form.AppendItem(it)
	}
	form.AppendItem(widget.NewFormItem(tr(k+"place"), place))
	form.AppendItem(widget.NewFormItem(tr(k+"via"), via))
	form.AppendItem(widget.NewFormItem(tr(k+"note"), note))
	var d dialog.Dialog
	save := s.a.act.button(tr("agenda.save"), theme.ConfirmIcon(), func() {
		setError(msg, "")
		x := &casework.Appointment{}
		if req != nil {
			*x = *req
		} else if ck := casework.ClientKind(kind()); ck != casework.ClientKindStudent {
			x.ClientKind, x.ClientName = ck, strings.TrimSpace(clientName.Text)
			if x.ClientName == "" {
				setError(msg, tr("agenda.err.no_client"))
				return
			}
		} else {
			if picker.id == "" {
				setError(msg, tr("agenda.err.no_student"))
				return
			}
			x.StudentID = picker.id
		}
		var bad string
		if x.Date, x.Start, x.DurationMin, bad = when.read(); bad != "" {
			setError(msg, bad)
			return
		}
		x.Place = casework.SessionPlace(placeCode())
		x.Via = casework.AppointmentVia(viaCode())
		x.Note = strings.TrimSpace(note.Text)
		s.run("book", AgendaConfirm{}, func(c AgendaConfirm) error {
			y := *x // a refused try leaves nothing behind in x
			return s.svc.Book(context.Background(), &y, c)
		}, func() {
			s.changed(d, tr("agenda.booked", map[string]any{"When": dateTime(x)}))
		}, func(m string) { setError(msg, m) })
	})
	save.Importance = widget.HighImportance
	cancel := s.a.act.button(tr("agenda.cancel"), theme.CancelIcon(), func() { d.Hide() })
	title := tr("agenda.book_title")
	if req != nil && req.ID != "" {
		title = tr("agenda.place_title")
	}
	d = s.agendaDialog(title, newVScroll(container.NewVBox(form, msg)), 560, 520, cancel, save)
	d.Show()
}

// bookingDialog shows one booking and what can become of it.
func (s *agendaScreen) bookingDialog(x *casework.Appointment) {
	name, class := s.week.Who(x)
	msg := refusalBlock()
	info := container.NewVBox(
		boldLabel(strings.TrimSpace(name+" "+class)),
		widget.NewLabel(dateTime(x)),
		widget.NewLabel(strings.Join(nonEmpty(enumLabel("session_place", string(x.Place)),
			enumLabel("appointment_via", string(x.Via)), enumLabel("appointment_status", string(x.Status))), " · ")),
	)
	if x.Note != "" {
		info.Add(paragraph(tr("agenda.note_line", map[string]any{"Note": x.Note})))
	}
	var d dialog.Dialog
	fail := func(m string) { setError(msg, m) }
	status := func(op string, to casework.AppointmentStatus, call func(context.Context, string, AgendaConfirm) error) func() {
		return func() {
			setError(msg, "")
			s.run(op, AgendaConfirm{}, func(c AgendaConfirm) error { return call(context.Background(), x.ID, c) },
				func() {
					s.changed(d, tr("agenda.marked", map[string]any{"Status": enumLabel("appointment_status", string(to))}))
				}, fail)
		}
	}
	act := s.a.act
	var buttons []fyne.CanvasObject
	switch x.Status {
	case casework.ApptBooked:
		buttons = append(buttons,
			act.button(tr("lists2.agenda.edit"), theme.DocumentCreateIcon(), func() { d.Hide(); s.moveDialog(x) }),
			act.button(tr("agenda.done"), theme.ConfirmIcon(), func() { s.done(d, x, msg) }),
			act.button(tr("agenda.no_show"), theme.WarningIcon(), status("no-show", casework.ApptNoShow, s.svc.NoShow)),
			act.button(tr("agenda.cancel_booking"), theme.CancelIcon(), status("cancel", casework.ApptCancelled, s.svc.Cancel)),
		)
		if x.StudentID != "" {
			buttons = append(buttons, act.button(tr("agenda.print_slip"), theme.DocumentPrintIcon(), func() { d.Hide(); s.printSlip(x) }))
		}
	case casework.ApptDone:
		if x.SessionID != "" && s.a.d.Cases != nil {
			sid := x.SessionID
			buttons = append(buttons, act.button(tr("agenda.open_session"), theme.FolderOpenIcon(), func() {
				d.Hide()
				s.a.openRecord(casework.KindSession, sid)
			}))
		} else if x.SessionID == "" {
			buttons = append(buttons, act.button(tr("agenda.write_session"), theme.DocumentCreateIcon(), func() { s.done(d, x, msg) }))
		}
	case casework.ApptNoShow:
		buttons = append(buttons, act.button(tr("agenda.rebook"), theme.ContentAddIcon(), func() {
			d.Hide()
			again := &casework.Appointment{StudentID: x.StudentID, ClientKind: x.ClientKind, ClientName: x.ClientName,
				Via: casework.ViaFollowUp, Place: x.Place, DurationMin: x.DurationMin}
			s.bookDialog(again, today(s.a), "", x.DurationMin)
		}))
	}
	closeBtn := act.button(tr("agenda.close"), theme.CancelIcon(), func() { d.Hide() })
	body := container.NewVBox(info, container.NewGridWithColumns(3, buttons...), msg)
	d = s.agendaDialog(tr("agenda.booking_title"), newVScroll(body), 520, 340, closeBtn)
	d.Show()
}

// moveDialog changes a booking after it was made: another day, time or
// length, and its place and note.
func (s *agendaScreen) moveDialog(x *casework.Appointment) {
	when := s.newWhenFields(x.Date, x.Start, x.DurationMin)
	msg := refusalBlock()
	name, class := s.week.Who(x)
	form := widget.NewForm(widget.NewFormItem(tr("agenda.student"), widget.NewLabel(strings.TrimSpace(name+" "+class))))
	for _, it := range when.items() {
		form.AppendItem(it)
	}
	k := "field.appointment."
	cur := string(x.Place)
	if cur == "" {
		cur = string(casework.SessionPlaceRoom)
	}
	place, placeCode := enumSelect("session_place", cur)
	note := newMultiLineEntry(s.a.act)
	note.SetPlaceHolder(tr("agenda.ph.note"))
	note.SetText(x.Note)
	form.AppendItem(widget.NewFormItem(tr(k+"place"), place))
	form.AppendItem(widget.NewFormItem(tr(k+"note"), note))
	var d dialog.Dialog
	save := s.a.act.button(tr("agenda.save"), theme.ConfirmIcon(), func() {
		setError(msg, "")
		day, start, dur, bad := when.read()
		if bad != "" {
			setError(msg, bad)
			return
		}
		e := AgendaEdit{Date: day, Start: start, DurationMin: dur, Place: casework.SessionPlace(placeCode()), Note: note.Text}
		s.run("move", AgendaConfirm{}, func(c AgendaConfirm) error {
			return s.svc.Edit(context.Background(), x.ID, e, c)
		}, func() {
			y := *x
			y.Date, y.Start = day, start
			if dur != 0 {
				y.DurationMin = dur
			}
			done := "agenda.moved"
			if y.Date == x.Date && y.Start == x.Start && y.DurationMin == x.DurationMin {
				done = "lists2.agenda.saved" // only the place or the note
			}
			s.changed(d, tr(done, map[string]any{"When": dateTime(&y)}))
		}, func(m string) { setError(msg, m) })
	})
	save.Importance = widget.HighImportance
	cancel := s.a.act.button(tr("agenda.cancel"), theme.CancelIcon(), func() { d.Hide() })
	d = s.agendaDialog(tr("lists2.agenda.edit_title"), newVScroll(container.NewVBox(form, msg)), 560, 460, cancel, save)
	d.Show()
}

// requestDialog shows a request waiting: 安排, 拒绝, 并入个案.
func (s *agendaScreen) requestDialog(x *casework.Appointment) {
	name, class := s.week.Who(x)
	info := container.NewVBox(
		boldLabel(strings.TrimSpace(name+" "+class)),
		widget.NewLabel(tr("agenda.request_line", map[string]any{"Via": enumLabel("appointment_via", string(x.Via)), "N": s.waitedDays(x)})),
		widget.NewLabel(tr("agenda.request_wish", map[string]any{"Date": string(x.Date)})),
	)
	if x.Note != "" {
		info.Add(paragraph(tr("agenda.note_line", map[string]any{"Note": x.Note})))
	}
	var d dialog.Dialog
	act := s.a.act
	place := act.button(tr("agenda.place"), theme.ConfirmIcon(), func() {
		d.Hide()
		day := x.Date
		if day.Before(today(s.a)) {
			day = today(s.a)
		}
		s.bookDialog(x, day, "", x.DurationMin)
	})
	place.Importance = widget.HighImportance
	decline := act.button(tr("agenda.decline"), theme.CancelIcon(), func() { d.Hide(); s.declineDialog(x) })
	merge := act.button(tr("agenda.merge"), theme.FolderIcon(), func() { d.Hide(); s.mergeDialog(x) })
	if x.StudentID == "" {
		merge.Disable()
	}
	closeBtn := act.button(tr("agenda.close"), theme.CancelIcon(), func() { d.Hide() })
	d = s.agendaDialog(tr("agenda.request_title"), container.NewVBox(info, container.NewGridWithColumns(3, place, decline, merge)), 500, 300, closeBtn)
	d.Show()
}

// declineDialog closes a request with its reason.
func (s *agendaScreen) declineDialog(x *casework.Appointment) {
	reason := newEntry(s.a.act)
	reason.SetPlaceHolder(tr("agenda.ph.reason"))
	msg := refusalBlock()
	var d dialog.Dialog
	ok := s.a.act.button(tr("agenda.decline"), theme.ConfirmIcon(), func() {
		setError(msg, "")
		text := strings.TrimSpace(reason.Text)
		s.run("decline", AgendaConfirm{}, func(AgendaConfirm) error { return s.svc.Decline(context.Background(), x.ID, text) },
			func() { s.changed(d, tr("agenda.declined")) }, func(m string) { setError(msg, m) })
	})
	ok.Importance = widget.HighImportance
	cancel := s.a.act.button(tr("agenda.cancel"), theme.CancelIcon(), func() { d.Hide() })
	d = s.agendaDialog(tr("agenda.decline_title"), container.NewVBox(widget.NewLabel(tr("agenda.decline_body")), reason, msg), 480, 260, cancel, ok)
	d.Show()
	s.a.win.Canvas().Focus(reason)
}

// mergeDialog joins a request to one of the student's open cases.
func (s *agendaScreen) mergeDialog(x *casework.Appointment) {
	s.a.d.Go(func() {
		cases, err := s.svc.OpenCases(context.Background(), x.StudentID)
		fyne.Do(func() {
			if err != nil {
				s.say(s.agendaMessage("list open cases", err), true)
				return
			}
			if len(cases) == 0 {
				s.say(tr("agenda.merge_none"), true)
				return
			}
			opts := make([]string, len(cases))
			for i, c := range cases {
				opts[i] = tr("agenda.case_option", map[string]any{"No": c.CaseNo, "Date": string(c.OpenedOn)})
			}
			pick := widget.NewRadioGroup(opts, nil)
			pick.SetSelected(opts[len(opts)-1])
			msg := refusalBlock()
			var d dialog.Dialog
			ok := s.a.act.button(tr("agenda.merge"), theme.ConfirmIcon(), func() {
				i := -1
				for j, o := range opts {
					if o == pick.Selected {
						i = j
					}
				}
				if i < 0 {
					setError(msg, tr("agenda.err.no_case"))
					return
				}
				id := cases[i].ID
				s.run("merge", AgendaConfirm{}, func(AgendaConfirm) error { return s.svc.MergeIntoCase(context.Background(), x.ID, id) },
					func() { s.changed(d, tr("agenda.merged", map[string]any{"No": cases[i].CaseNo})) }, func(m string) { setError(msg, m) })
			})
			ok.Importance = widget.HighImportance
			cancel := s.a.act.button(tr("agenda.cancel"), theme.CancelIcon(), func() { d.Hide() })
			d = s.agendaDialog(tr("agenda.merge_title"), newVScroll(container.NewVBox(pick, msg)), 480, 300, cancel, ok)
			d.Show()
		})
	})
}

// newRequestDialog records a request: who, how it came, the wished day.
func (s *agendaScreen) newRequestDialog() {
	picker := newAgendaPicker(s)
	via, viaCode := enumSelect("appointment_via", string(casework.ViaSelf))
	day := newEntry(s.a.act)
	day.SetPlaceHolder("YYYY-MM-DD")
	day.SetText(string(today(s.a)))
	note := newEntry(s.a.act)
	note.SetPlaceHolder(tr("agenda.ph.note"))
	msg := refusalBlock()
	k := "field.appointment."
	form := widget.NewForm(widget.NewFormItem(tr(k+"student_id"), picker.obj), widget.NewFormItem(tr(k+"via"), via),
		widget.NewFormItem(tr("agenda.wish_date"), dateField(day, s.a.d.Clock.Now)), widget.NewFormItem(tr(k+"note"), note))
	var d dialog.Dialog
	save := s.a.act.button(tr("agenda.save"), theme.ConfirmIcon(), func() {
		setError(msg, "")
		if picker.id == "" {
			setError(msg, tr("agenda.err.no_student"))
			return
		}
		wish, bad := readDate(tr("agenda.wish_date"), day.Text)
		if bad != "" || wish == "" {
			setError(msg, tr("agenda.err.no_date"))
			return
		}
		x := &casework.Appointment{StudentID: picker.id, Date: wish, Via: casework.AppointmentVia(viaCode()), Note: strings.TrimSpace(note.Text)}
		s.run("request", AgendaConfirm{}, func(AgendaConfirm) error { return s.svc.Request(context.Background(), x) },
			func() { s.changed(d, tr("agenda.requested")) }, func(m string) { setError(msg, m) })
	})
	save.Importance = widget.HighImportance
	cancel := s.a.act.button(tr("agenda.cancel"), theme.CancelIcon(), func() { d.Hide() })
	d = s.agendaDialog(tr("agenda.request_new_title"), container.NewVBox(form, msg), 540, 380, cancel, save)
	d.Show()
}

// offerDialog takes a 复约 offer: book it now, or put it with the requests.
func (s *agendaScreen) offerDialog(x *casework.Appointment) {
	name, class := s.offerWho(x)
	var d dialog.Dialog
	act := s.a.act
	book := act.button(tr("agenda.place"), theme.ConfirmIcon(), func() { d.Hide(); s.bookDialog(x, x.Date, "", x.DurationMin) })
	book.Importance = widget.HighImportance
	wait := act.button(tr("agenda.offer_wait"), theme.ContentAddIcon(), func() {
		y := *x
		s.run("request", AgendaConfirm{}, func(AgendaConfirm) error { return s.svc.Request(context.Background(), &y) },
			func() { s.changed(d, tr("agenda.requested")) }, func(m string) { s.say(m, true) })
	})
	closeBtn := act.button(tr("agenda.close"), theme.CancelIcon(), func() { d.Hide() })
	body := container.NewVBox(boldLabel(strings.TrimSpace(name+" "+class)),
		widget.NewLabel(tr("agenda.offer_line", map[string]any{"Date": string(x.Date)})),
		paragraph(tr("agenda.offer_body")), container.NewGridWithColumns(2, book, wait))
	d = s.agendaDialog(tr("agenda.offer_title"), body, 480, 300, closeBtn)
	d.Show()
}

// done marks x 已完成 and opens its session record, prefilled.
func (s *agendaScreen) done(from dialog.Dialog, x *casework.Appointment, msg *msgText) {
	var draft DoneDraft
	s.run("done", AgendaConfirm{}, func(c AgendaConfirm) error {
		var err error
		draft, err = s.svc.Done(context.Background(), x.ID, c)
		return err
	}, func() {
		if from != nil {
			from.Hide()
		}
		s.load()
		s.doneDialog(draft)
	}, func(m string) { setError(msg, m) })
}

// caseKeysBut are the keys of a case form other than keep.
func caseKeysBut(keep ...string) map[string]bool {
	skip := map[string]bool{}
	t := reflect.TypeFor[casework.Case]()
	for i := range t.NumField() {
		if sf := t.Field(i); !sf.Anonymous {
			skip[jsonKey(sf)] = true
		}
	}
	for _, k := range keep {
		delete(skip, k)
	}
	return skip
}

// doneDialog is the session record of a done appointment, prefilled;
// a new case (when the student has none open) is written with it.
func (s *agendaScreen) doneDialog(d DoneDraft) {
	a := s.a
	if d.Session.Form == "" {
		d.Session.Form = casework.SessionFormIndividual
	}
	if d.Session.Risk == "" {
		d.Session.Risk = casework.SessionRiskNone
	}
	name, class := s.week.Who(d.Appointment)
	head := tr("agenda.done.case", map[string]any{"No": d.Case.CaseNo, "Who": strings.TrimSpace(name + " " + class)})
	if d.NewCase {
		head = tr("agenda.done.new_case", map[string]any{"Who": strings.TrimSpace(name + " " + class)})
	}
	body := container.NewVBox(paragraph(head))
	var caseForm *recForm
	if d.NewCase {
		caseForm = newRecForm(a, string(casework.KindCase), reflect.TypeFor[casework.Case](), fieldOpts{
			skip: caseKeysBut("source", "problem_types", "presenting_problem"), multi: map[string]bool{"presenting_problem": true}})
		caseForm.load(d.Case)
		body.Add(caseForm.form)
		body.Add(widget.NewSeparator())
	}
	sesForm := newRecForm(a, string(casework.KindSession), reflect.TypeFor[casework.Session](), fieldOpts{
		skip:  map[string]bool{"case_id": true},
		multi: map[string]bool{"observations": true, "interventions": true, "assessment": true, "effect": true, "homework": true, "private_note": true},
		hints: map[string]string{"private_note": "cases.session.private_hint"},
	})
	sesForm.load(d.Session)
	body.Add(sesForm.form)
	msg := refusalBlock()
	body.Add(msg)
	var dlg dialog.Dialog
	save := a.act.button(tr("agenda.save"), theme.DocumentSaveIcon(), func() {
		setError(msg, "")
		ok := sesForm.collect(d.Session)
		if caseForm != nil {
			ok = caseForm.collect(d.Case) && ok
		}
		if !ok {
			setError(msg, tr("agenda.err.form"))
			return
		}
		a.d.Go(func() {
			err := s.svc.SaveDone(context.Background(), d)
			fyne.Do(func() {
				if err == nil {
					s.changed(dlg, tr("agenda.done.saved"))
					return
				}
				if v, ok := casework.AsValidationErrors(err); ok {
					fyne.LogError("save the session of an appointment", err)
					var caseErrs, sesErrs casework.ValidationErrors
					for _, f := range v {
						if f.Kind == casework.KindCase {
							caseErrs = append(caseErrs, f)
						} else {
							sesErrs = append(sesErrs, f)
						}
					}
					rest := sesForm.showErrors(sesErrs)
					if caseForm != nil {
						rest = append(rest, caseForm.showErrors(caseErrs)...)
					}
					setError(msg, strings.Join(append([]string{tr("agenda.err.form")}, rest...), "；"))
					return
				}
				setError(msg, s.agendaMessage("save the session of an appointment", err))
			})
		})
	})
	save.Importance = widget.HighImportance
	later := a.act.button(tr("agenda.done.later"), theme.CancelIcon(), func() {
		dlg.Hide()
		s.say(tr("agenda.done.later_said"), false)
	})
	dlg = s.agendaDialog(tr("agenda.done.title"), newVScroll(body), 760, 560, later, save)
	dlg.Show()
}

// printWeek writes the counselor's week or its door copy.
func (s *agendaScreen) printWeek(door bool) {
	monday := s.monday
	name := tr("agenda.file_week", map[string]any{"Monday": string(monday)})
	if door {
		name = tr("agenda.file_door", map[string]any{"Monday": string(monday)})
	}
	s.msg.Show()
	s.relayout()
	printPDF(s.a, s.pickSave, name, s.msg, func(ctx context.Context, path string) error {
		return s.svc.WriteWeek(ctx, monday, door, path)
	})
}

// printSlip writes the 辅导通知单 of one booking for its homeroom teacher.
func (s *agendaScreen) printSlip(x *casework.Appointment) {
	_, class := s.week.Who(x)
	s.msg.Show()
	s.relayout()
	id := x.ID
	printPDF(s.a, s.pickSave, tr("agenda.file_slip", map[string]any{"Date": string(x.Date), "Class": class}), s.msg,
		func(ctx context.Context, path string) error { return s.svc.WriteClassSlip(ctx, id, path) })
}
