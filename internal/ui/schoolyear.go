package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// YearService backs 设置 → 学年 (the promotion of every class) and the
// student page's 转出 / 返校 (docs/DOMAIN.md "Time").
type YearService interface {
	// PreviewPromotion is the promotion table on day on; a date on or
	// before the last promotion comes back with an error and the table.
	PreviewPromotion(ctx context.Context, on casework.Date) (casework.Promotion, error)
	// CheckPromotion checks the table as edited; nothing is written.
	CheckPromotion(ctx context.Context, p casework.Promotion) error
	// ApplyPromotion writes the table in one save.
	ApplyPromotion(ctx context.Context, p casework.Promotion) (PromotionResult, error)
	TransferOut(ctx context.Context, studentID string, on casework.Date) error
	// ReturnToSchool enrols a student who left again from day on, in the
	// class they left from.
	ReturnToSchool(ctx context.Context, studentID string, on casework.Date) error
}

// PromotionResult is what a promotion changed and Before, the saved
// generation that holds the school as it was (0 when unknown).
type PromotionResult struct {
	Promoted, Graduated, KeyStudentsReleased, CommitteeMembersEnded int
	Before                                                          uint64
}

// nextSeptember is the first day of the next school year after today.
func nextSeptember(now time.Time) casework.Date {
	y := now.Year()
	if now.Month() >= time.September {
		y++
	}
	return casework.NewDate(y, time.September, 1)
}

// yearTab is 设置 → 学年: the promotion of every class on a day, as a
// table previewed, edited row by row, then applied.
type yearTab struct {
	a   *App
	svc YearService

	on     *entry
	rows   *fyne.Container
	msg    *widget.Label
	apply  *widget.Button
	plan   casework.Promotion
	nextG  []*entry
	nextC  []*entry
	gradua []*widget.Check
}

func newYearTab(a *App) *yearTab {
	t := &yearTab{a: a, svc: a.d.Years, on: newEntry(a.act), rows: container.NewVBox(), msg: errorBlock()}
	t.on.SetText(string(nextSeptember(a.d.Clock.Now())))
	return t
}

func (t *yearTab) view() fyne.CanvasObject {
	preview := t.a.act.button(tr("year.preview"), theme.SearchIcon(), t.onPreview)
	t.apply = t.a.act.button(tr("year.apply"), theme.ConfirmIcon(), t.onApply)
	t.apply.Importance = widget.HighImportance
	t.apply.Disable()
	top := container.NewVBox(paragraph(tr("year.body")),
		container.NewBorder(nil, nil, widget.NewLabel(tr("year.on")), preview, dateField(t.on, t.a.d.Clock.Now)))
	return container.NewBorder(top, container.NewVBox(t.msg, container.NewHBox(layout.NewSpacer(), t.apply)), nil, nil,
		newVScroll(t.rows))
}

func (t *yearTab) onPreview() {
	on, ok := readRequiredDate(t.on)
	if !ok {
		setError(t.msg, tr("year.bad_date"))
		return
	}
	setError(t.msg, "")
	t.a.d.Go(func() {
		p, err := t.svc.PreviewPromotion(context.Background(), on)
		fyne.Do(func() {
			t.show(p)
			if err != nil {
				setError(t.msg, casework.ErrorMessageZH(err))
				t.apply.Disable()
				return
			}
			t.apply.Enable()
		})
	})
}

// show lays the table out: one row per class, its next grade and class
// editable, or 毕业.
func (t *yearTab) show(p casework.Promotion) {
	t.plan = p
	t.rows.RemoveAll()
	t.nextG, t.nextC, t.gradua = nil, nil, nil
	for i, r := range p.Rows {
		g, c := newEntry(t.a.act), newEntry(t.a.act)
		g.SetText(r.NextGrade)
		c.SetText(r.NextClass)
		grad := widget.NewCheck(tr("year.graduates", map[string]any{"Year": p.On.Year()}), func(on bool) {
			if on {
				g.Disable()
				c.Disable()
			} else {
				g.Enable()
				c.Enable()
			}
		})
		grad.SetChecked(r.Graduates)
		t.nextG, t.nextC, t.gradua = append(t.nextG, g), append(t.nextC, c), append(t.gradua, grad)
		from := widget.NewLabel(tr("year.row", map[string]any{"N": i + 1, "Grade": r.Grade, "Class": r.Class, "Students": r.Students}))
		t.rows.Add(container.NewGridWithColumns(4, from, g, c, grad))
	}
	t.rows.Refresh()
}

// edited is the table as the rows now say.
func (t *yearTab) edited() casework.Promotion {
	p := casework.Promotion{On: t.plan.On, Rows: append([]casework.PromotionRow(nil), t.plan.Rows...)}
	for i := range p.Rows {
		p.Rows[i].Graduates = t.gradua[i].Checked
		p.Rows[i].NextGrade, p.Rows[i].NextClass = t.nextG[i].Text, t.nextC[i].Text
		if p.Rows[i].Graduates {
			p.Rows[i].NextGrade, p.Rows[i].NextClass = "", ""
		}
	}
	return p
}

func (t *yearTab) onApply() {
	p := t.edited()
	t.a.d.Go(func() {
		err := t.svc.CheckPromotion(context.Background(), p)
		fyne.Do(func() {
			if err != nil {
				setError(t.msg, casework.ErrorMessageZH(err)) // names the row
				return
			}
			showConfirmMessage(tr("year.confirm_title"), tr("year.confirm_body", map[string]any{"On": string(p.On)}), func(ok bool) {
				if ok {
					t.run(p)
				}
			}, t.a.win)
		})
	})
}

func (t *yearTab) run(p casework.Promotion) {
	t.apply.Disable()
	t.a.d.Go(func() {
		res, err := t.svc.ApplyPromotion(context.Background(), p)
		fyne.Do(func() {
			if err != nil {
				setError(t.msg, casework.ErrorMessageZH(err))
				t.apply.Enable()
				return
			}
			t.rows.RemoveAll()
			t.msg.Importance = widget.SuccessImportance
			t.msg.SetText(tr("year.done", map[string]any{"Promoted": res.Promoted, "Graduated": res.Graduated,
				"Released": res.KeyStudentsReleased, "Ended": res.CommitteeMembersEnded}) + "\n" +
				tr("year.undo", map[string]any{"Gen": res.Before}))
		})
	})
}

// leaveButton is the student page's 转出 (a student at school) or 返校 (a
// student who left); nil without the service or for a new student.
func (p *studentPage) leaveButton() fyne.CanvasObject {
	a := p.s.a
	if a.d.Years == nil || p.isNew() {
		return nil
	}
	key := "year.transfer_out"
	if !p.st.Enrolled() {
		key = "year.return"
	}
	return a.act.button(tr(key), theme.MailForwardIcon(), func() { p.askLeave(key) })
}

// askLeave asks for the day of a transfer out or a return, then records it
// and reopens the page.
func (p *studentPage) askLeave(key string) {
	a := p.s.a
	day := newEntry(a.act)
	day.SetText(string(casework.DateOf(a.d.Clock.Now())))
	items := []*widget.FormItem{widget.NewFormItem(tr("year.day"), dateField(day, a.d.Clock.Now))}
	dialog.ShowForm(tr(key), tr("year.ok"), tr("year.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		on, ok := readRequiredDate(day)
		if !ok {
			showMessage(tr(key), tr("year.bad_date"), a.win)
			return
		}
		id := p.st.ID
		a.d.Go(func() {
			var err error
			if key == "year.transfer_out" {
				err = a.d.Years.TransferOut(context.Background(), id, on)
			} else {
				err = a.d.Years.ReturnToSchool(context.Background(), id, on)
			}
			var st *casework.Student
			if err == nil {
				st, err = p.s.svc.Student(context.Background(), id)
			}
			fyne.Do(func() {
				if err != nil {
					showMessage(tr(key), casework.ErrorMessageZH(err), a.win)
					return
				}
				if p.s.page == p {
					p.s.showPage(newStudentPage(p.s, st))
				}
			})
		})
	}, a.win)
}
