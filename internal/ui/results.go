package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// The screening work list (排查名单): every flagged student of a
// screening with score, reason, class and consent; 安排访谈, 记录访谈结果,
// and 确认纳入 into the key-student form prefilled. It is opened from a
// screening's form or from the dashboard and takes the place of the
// open screen until 返回.

// showSubScreen shows sc in the shell's content without changing the
// navigation; 返回 (backToNav) rebuilds the navigation's screen.
func (a *App) showSubScreen(sc Screen) {
	s := a.shell
	if s == nil {
		return
	}
	s.current = sc
	s.dropNotices()
	s.content.Objects = []fyne.CanvasObject{sc.Content()}
	s.content.Refresh()
}

func (a *App) backToNav() {
	if s := a.shell; s != nil {
		s.open(s.currentID)
	}
}

// resultNotice is the line every result view carries.
func resultNotice() *widget.Label {
	l := widget.NewLabelWithStyle(tr("results.notice"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Importance = widget.WarningImportance
	return l
}

// openWorkList shows the work list of screening id.
func (a *App) openWorkList(screeningID string) {
	if a.d.Results == nil {
		return
	}
	a.showSubScreen(newResultsWorkScreen(a, screeningID))
}

type resultsWorkScreen struct {
	a        *App
	svc      ResultsService
	id       string
	title    *widget.Label
	progress *widget.Label
	status   *widget.Label
	body     *fyne.Container
	list     ResultWorkList
}

func newResultsWorkScreen(a *App, screeningID string) *resultsWorkScreen {
	s := &resultsWorkScreen{a: a, svc: a.d.Results, id: screeningID, title: heading(tr("results.work.title", map[string]any{"Name": ""})),
		progress: widget.NewLabel(""), status: widget.NewLabel(""), body: container.NewVBox()}
	s.status.Wrapping = fyne.TextWrapBreak
	s.load()
	return s
}

func (s *resultsWorkScreen) Content() fyne.CanvasObject {
	back := s.a.act.button(tr("results.back"), theme.NavigateBackIcon(), s.a.backToNav)
	paper := s.a.act.button(tr("results.paper.open"), theme.DocumentCreateIcon(), func() {
		s.a.showSubScreen(newResultsPaperScreen(s.a, s.id))
	})
	print := s.a.act.button(tr("results.print"), theme.DocumentPrintIcon(), s.askPrint)
	top := container.NewVBox(
		container.NewBorder(nil, nil, back, container.NewHBox(paper, print), s.title),
		resultNotice(),
		container.NewBorder(nil, nil, s.progress, nil, s.status),
		widget.NewSeparator(),
	)
	return container.NewBorder(top, nil, nil, nil, newVScroll(s.body))
}

// onChange re-reads the list after an edit anywhere (an interview saved,
// a student renamed, a key student saved).
func (s *resultsWorkScreen) onChange(c Change) {
	if c.Touches(casework.KindScreeningResult, casework.KindScreening, casework.KindStudent, casework.KindKeyStudent, casework.KindConsent) {
		s.load()
	}
}

func (s *resultsWorkScreen) load() {
	s.a.d.Go(func() {
		w, err := s.svc.WorkList(context.Background(), s.id)
		fyne.Do(func() {
			if err != nil {
				setError(s.status, resultsError("read work list", err))
				return
			}
			s.show(w)
		})
	})
}

func (s *resultsWorkScreen) show(w ResultWorkList) {
	s.list = w
	s.title.SetText(tr("results.work.title", map[string]any{"Name": w.Screening.Name}))
	s.progress.SetText(tr("results.work.progress", map[string]any{"Done": w.Interviewed, "Needed": w.Needed}))
	if w.Needed > 0 && w.Interviewed == w.Needed {
		s.progress.Importance = widget.SuccessImportance
	} else {
		s.progress.Importance = widget.MediumImportance
	}
	s.progress.Refresh()
	s.body.RemoveAll()
	if len(w.Rows) == 0 {
		s.body.Add(paragraph(tr("results.work.empty")))
	}
	for _, r := range w.Rows {
		s.body.Add(s.row(r))
		s.body.Add(widget.NewSeparator())
	}
	s.body.Refresh()
}

// rowState says where the row's interview stands.
func rowState(r ResultRow) string {
	x := r.Result
	switch {
	case x.Interviewed():
		text := tr("results.work.outcome", map[string]any{"Outcome": tr("enum.interview_outcome." + string(x.InterviewOutcome)), "Date": string(x.InterviewedOn)})
		if x.KeyStudentID != "" {
			text += "  " + tr("results.work.on_register")
		}
		return text
	case x.InterviewedOn != "":
		return tr("results.work.scheduled", map[string]any{"Date": string(x.InterviewedOn)})
	}
	return tr("results.work.unscheduled")
}

func (s *resultsWorkScreen) row(r ResultRow) fyne.CanvasObject {
	x := r.Result
	class := strings.TrimSpace(r.Grade + r.Class)
	if r.Class != "" && strings.HasPrefix(r.Class, strings.TrimSuffix(r.Grade, "年级")) {
		class = r.Class
	}
	name := widget.NewLabelWithStyle(fmt.Sprintf("%s  %s", orUnknown(r.Name), class), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	score := widget.NewLabel(tr("results.work.score", map[string]any{"Score": fmt.Sprintf("%g", x.RawScore), "Reason": x.FlagReason}))
	score.Truncation = fyne.TextTruncateEllipsis
	state := widget.NewLabel(rowState(r))
	line2 := container.NewHBox(state)
	if !r.Consent {
		mark := widget.NewLabel(tr("results.work.no_consent"))
		mark.Importance = widget.DangerImportance
		line2.Add(mark)
	}
	var buttons []fyne.CanvasObject
	if !x.Interviewed() {
		buttons = append(buttons, s.a.act.button(tr("results.work.schedule"), theme.HistoryIcon(), func() { s.askSchedule(r) }))
	}
	if x.KeyStudentID == "" {
		buttons = append(buttons, s.a.act.button(tr("results.work.record"), theme.DocumentCreateIcon(), func() { s.askOutcome(r) }))
	}
	if x.InterviewOutcome == casework.InterviewOutcomeConfirmed && x.KeyStudentID == "" {
		buttons = append(buttons, s.a.act.button(tr("results.work.include"), theme.ContentAddIcon(), func() {
			s.recordOutcome(r, x.InterviewedOn, casework.InterviewOutcomeConfirmed, x.InterviewNote, nil)
		}))
	}
	return container.NewBorder(nil, nil, nil, container.NewHBox(buttons...),
		container.NewVBox(container.NewBorder(nil, nil, name, nil, score), line2))
}

func orUnknown(name string) string {
	if name == "" {
		return tr("groups.unknown_student")
	}
	return name
}

// dateInput is a date entry with its calendar, prefilled with d.
func (s *resultsWorkScreen) dateInput(d casework.Date) (*entry, fyne.CanvasObject) {
	e := newEntry(s.a.act)
	e.SetPlaceHolder(tr("results.work.date"))
	e.SetText(string(d))
	return e, dateField(e, s.a.d.Clock.Now)
}

func (s *resultsWorkScreen) askSchedule(r ResultRow) {
	when := r.Result.InterviewedOn
	if when == "" {
		when = casework.DateOf(s.a.d.Clock.Now())
	}
	e, field := s.dateInput(when)
	msg := errorBlock()
	var d *dialog.CustomDialog
	ok := s.a.act.button(tr("results.work.schedule"), theme.ConfirmIcon(), func() {
		on, bad := readDate(tr("results.work.date"), e.Text)
		if bad != "" {
			setError(msg, bad)
			return
		}
		s.a.d.Go(func() {
			err := s.svc.ScheduleInterview(context.Background(), r.Result.ID, on)
			fyne.Do(func() {
				if err != nil {
					setError(msg, resultsError("schedule interview", err))
					return
				}
				d.Hide()
				s.status.SetText(tr("results.work.scheduled_for", map[string]any{"Name": r.Name, "Date": string(on)}))
				s.load()
			})
		})
	})
	ok.Importance = widget.HighImportance
	cancel := s.a.act.button(tr("results.cancel"), theme.CancelIcon(), func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons(tr("results.work.schedule_title", map[string]any{"Name": r.Name}),
		container.NewVBox(widget.NewLabel(tr("results.work.date")), field, msg), s.a.win)
	d.SetButtons([]fyne.CanvasObject{cancel, ok})
	d.Resize(fyne.NewSize(420, 220))
	d.Show()
}

func (s *resultsWorkScreen) askOutcome(r ResultRow) {
	x := r.Result
	when := x.InterviewedOn
	if when == "" {
		when = casework.DateOf(s.a.d.Clock.Now())
	}
	e, field := s.dateInput(when)
	var labels []string
	codes := casework.AllInterviewOutcomes()
	for _, c := range codes {
		labels = append(labels, tr("enum.interview_outcome."+string(c)))
	}
	outcome := widget.NewRadioGroup(labels, nil)
	outcome.Horizontal = true
	for i, c := range codes {
		if c == x.InterviewOutcome {
			outcome.SetSelected(labels[i])
		}
	}
	note := newMultiLineEntry(s.a.act)
	note.SetPlaceHolder(tr("results.work.note"))
	note.SetMinRowsVisible(3)
	note.SetText(x.InterviewNote)
	msg := errorBlock()
	var d *dialog.CustomDialog
	ok := s.a.act.button(tr("results.save"), theme.ConfirmIcon(), func() {
		on, bad := readDate(tr("results.work.date"), e.Text)
		if bad != "" {
			setError(msg, bad)
			return
		}
		var code casework.InterviewOutcome
		for i, l := range labels {
			if l == outcome.Selected {
				code = codes[i]
			}
		}
		if code == "" {
			setError(msg, tr("results.work.pick_outcome"))
			return
		}
		s.recordOutcome(r, on, code, note.Text, func(err error) {
			if err != nil {
				setError(msg, resultsError("record interview", err))
				return
			}
			d.Hide()
		})
	})
	ok.Importance = widget.HighImportance
	cancel := s.a.act.button(tr("results.cancel"), theme.CancelIcon(), func() { d.Hide() })
	body := container.NewVBox(
		widget.NewLabel(tr("results.work.score", map[string]any{"Score": fmt.Sprintf("%g", x.RawScore), "Reason": x.FlagReason})),
		widget.NewLabel(tr("results.work.date")), field,
		widget.NewLabel(tr("results.work.outcome_label")), outcome,
		note, widget.NewLabel(tr("results.work.include_hint")), msg)
	d = dialog.NewCustomWithoutButtons(tr("results.work.record_title", map[string]any{"Name": r.Name}), body, s.a.win)
	d.SetButtons([]fyne.CanvasObject{cancel, ok})
	d.Resize(fyne.NewSize(520, 420))
	d.Show()
}

// recordOutcome saves the outcome; a key-student draft coming back opens
// the key-student form prefilled, and its save links the result.
func (s *resultsWorkScreen) recordOutcome(r ResultRow, on casework.Date, code casework.InterviewOutcome, note string, done func(error)) {
	s.a.d.Go(func() {
		draft, err := s.svc.RecordInterview(context.Background(), r.Result.ID, on, code, note)
		fyne.Do(func() {
			if done != nil {
				done(err)
			}
			if err != nil {
				if done == nil {
					setError(s.status, resultsError("record interview", err))
				}
				return
			}
			s.status.SetText(tr("results.work.recorded", map[string]any{"Name": r.Name}))
			if draft != nil {
				s.a.includeFromResult(r.Result.ID, draft)
				return
			}
			s.load()
		})
	})
}

// includeFromResult opens the key-student form with draft; its first
// save of that student links the result (the register then names the
// screening as the source).
func (a *App) includeFromResult(resultID string, draft *casework.KeyStudent) {
	ks, ok := a.showRecordScreen(casework.KindKeyStudent).(*keyStudentsScreen)
	if !ok || a.d.Results == nil {
		return
	}
	svc := a.d.Results
	ks.pane.guard(func() {
		ks.pane.startNewWith(draft)
		ks.pane.form.dirty = true
		prev := ks.pane.onSaved
		ks.pane.onSaved = func(rec casework.Record) {
			if prev != nil {
				prev(rec)
			}
			ks.pane.onSaved = prev
			k, ok := rec.(*casework.KeyStudent)
			if !ok || k.StudentID != draft.StudentID {
				return
			}
			a.d.Go(func() {
				err := svc.LinkKeyStudent(context.Background(), resultID, k.ID)
				fyne.Do(func() {
					if err != nil {
						ks.pane.msg.SetText(resultsError("link screening result", err))
						return
					}
					ks.pane.msg.SetText(tr("results.work.linked"))
				})
			})
		}
	}, nil)
}

// askPrint asks the purpose and the recipient of the named list, then
// where to save it.
func (s *resultsWorkScreen) askPrint() {
	purpose, recipient := newEntry(s.a.act), newEntry(s.a.act)
	purpose.SetPlaceHolder(tr("results.print.purpose"))
	recipient.SetPlaceHolder(tr("results.print.recipient"))
	msg := errorBlock()
	var d *dialog.CustomDialog
	ok := s.a.act.button(tr("results.print.save"), theme.DocumentSaveIcon(), func() {
		p, rc := strings.TrimSpace(purpose.Text), strings.TrimSpace(recipient.Text)
		if p == "" || rc == "" {
			setError(msg, tr("results.print.need_purpose"))
			return
		}
		d.Hide()
		name := fmt.Sprintf("测评筛查需关注学生名单-%s.pdf", s.list.Screening.Name)
		pick := func(path string) {
			grpPrintTo(s.a, s.status, path, func(ctx context.Context, path string) error {
				return s.svc.PrintResultList(ctx, s.id, p, rc, path)
			})
		}
		if s.a.d.PickSave != nil {
			s.a.d.PickSave(name, pick)
			return
		}
		grpAskSave(s.a.win, name, pick)
	})
	ok.Importance = widget.HighImportance
	cancel := s.a.act.button(tr("results.cancel"), theme.CancelIcon(), func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons(tr("results.print.title"), container.NewVBox(
		paragraph(tr("results.print.hint")), purpose, recipient, msg), s.a.win)
	d.SetButtons([]fyne.CanvasObject{cancel, ok})
	d.Resize(fyne.NewSize(480, 280))
	d.Show()
}

// screeningButtons adds 排查名单 and 纸质录入 to the screening form of
// the 活动与日志 tab (a saved screening only).
func screeningButtons(a *App, ed *grpEditor) {
	if a.d.Results == nil {
		return
	}
	form := ed.form
	ed.form = func(rec casework.Record) *grpParts {
		p := form(rec)
		x, ok := rec.(*casework.Screening)
		if !ok || x.ID == "" {
			return p
		}
		p.buttons = append(p.buttons,
			a.act.button(tr("results.work.open"), theme.ListIcon(), func() { a.openWorkList(x.ID) }),
			a.act.button(tr("results.paper.open"), theme.DocumentCreateIcon(), func() {
				a.showSubScreen(newResultsPaperScreen(a, x.ID))
			}))
		return p
	}
}

// resultsDashCard is the dashboard's 排查待访谈 card: one row per
// screening still to interview, opening its work list; hidden when none.
func resultsDashCard(a *App) fyne.CanvasObject {
	box := container.NewVBox()
	card := widget.NewCard(tr("results.dash.title"), "", box)
	card.Hide()
	if a.d.Results == nil {
		return card
	}
	a.d.Go(func() {
		open, err := a.d.Results.OpenWorkLists(context.Background())
		fyne.Do(func() {
			if err != nil {
				fyne.LogError("read open work lists", err)
				return
			}
			for _, o := range open {
				b := a.act.button(tr("results.dash.row", map[string]any{"Name": o.Name, "Done": o.Interviewed, "Needed": o.Needed}),
					theme.NavigateNextIcon(), func() { a.openWorkList(o.ScreeningID) })
				b.Alignment = widget.ButtonAlignLeading
				b.Importance = widget.LowImportance
				box.Add(b)
			}
			if len(open) > 0 {
				card.Show()
			}
		})
	})
	return card
}

// resultsError is the domain's own sentence (the item left blank, the
// interview already recorded), else the general mapping.
func resultsError(op string, err error) string {
	if v, ok := casework.AsValidationErrors(err); ok && len(v) > 0 {
		fyne.LogError(op, err)
		if grpEnglish() {
			return v[0].MessageEN
		}
		return v[0].MessageZH
	}
	var de *casework.Error
	if errors.As(err, &de) && de.MessageZH != "" {
		fyne.LogError(op, err)
		if grpEnglish() && de.MessageEN != "" {
			return de.MessageEN
		}
		return de.MessageZH
	}
	return errorMessage(op, err)
}
