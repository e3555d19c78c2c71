package ui

import (
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// Dates and times are typed the way people write them (2014/3/5,
// 2014年3月5日, 20140305; 1430, 14：30, 14点30): casework.ParseDateInput
// and ParseClockInput read them, and the entry shows the canonical form
// back when the focus leaves it. Text that does not parse is left as
// typed so that the refusal next to the field can say what is wrong.

// canonicalOnBlur rewrites e to its canonical date (or time) when it
// parses.
func canonicalOnBlur(e *entry, clock bool) {
	e.onBlur = func() {
		var s string
		if clock {
			c, err := casework.ParseClockInput(e.Text)
			if err != nil {
				return
			}
			s = string(c)
		} else {
			d, err := casework.ParseDateInput(e.Text)
			if err != nil {
				return
			}
			s = string(d)
		}
		if s != e.Text {
			e.SetText(s)
		}
	}
}

// readDate parses the typed date of the field labelled field; msg names
// the field and says why it was refused.
func readDate(field, text string) (casework.Date, string) {
	d, err := casework.ParseDateInput(text)
	if err != nil {
		return "", whenRefusal(field, err)
	}
	return d, ""
}

// readRequiredDate reads e, a date that must be given, typed as people
// write it; a date that parses is shown back in canonical form.
func readRequiredDate(e *entry) (casework.Date, bool) {
	d, err := casework.ParseDateInput(e.Text)
	if err != nil || d == "" {
		return "", false
	}
	if string(d) != e.Text {
		e.SetText(string(d))
	}
	return d, true
}

// readClock is readDate for a time of day.
func readClock(field, text string) (casework.Clock, string) {
	c, err := casework.ParseClockInput(text)
	if err != nil {
		return "", whenRefusal(field, err)
	}
	return c, ""
}

func whenRefusal(field string, err error) string {
	why := err.Error()
	var ce *casework.Error
	if errors.As(err, &ce) {
		why = ce.MessageZH
		if grpEnglish() {
			why = ce.MessageEN
		}
	}
	return tr("when.refused", map[string]any{"Field": field, "Why": why})
}

// dateField is e with a calendar button beside it; the calendar opens
// on the entry's date (or today) and a picked day is written in
// canonical form.
func dateField(e *entry, now func() time.Time) fyne.CanvasObject {
	canonicalOnBlur(e, false)
	var btn *widget.Button
	btn = widget.NewButtonWithIcon("", theme.CalendarIcon(), func() {
		e.act.seen()
		start := now()
		if d, err := casework.ParseDateInput(e.Text); err == nil && d != "" {
			if t, err := time.ParseInLocation("2006-01-02", string(d), time.Local); err == nil {
				start = t
			}
		}
		c := fyne.CurrentApp().Driver().CanvasForObject(btn)
		if c == nil {
			return
		}
		var pop *widget.PopUp
		cal := widget.NewCalendar(start, func(t time.Time) {
			e.SetText(t.Format("2006-01-02"))
			if pop != nil {
				pop.Hide()
			}
		})
		pop = widget.NewPopUp(cal, c)
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(btn)
		pop.ShowAtPosition(pos.Add(fyne.NewPos(0, btn.Size().Height)))
	})
	btn.Importance = widget.LowImportance
	e.dateButton = btn
	return container.NewBorder(nil, nil, nil, btn, e)
}
