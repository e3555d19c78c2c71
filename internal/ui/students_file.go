package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// timelineRow is one record of the student's timeline.
type timelineRow struct {
	date casework.Date
	kind casework.Kind
	id   string
	text string
}

// showFile fills the header (who the student is today) and the
// timeline of every record, each opening its record.
func (p *studentPage) showFile(r StudentRecords) {
	if p.summary == nil || p.timeline == nil {
		return
	}
	today := today(p.s.a)
	st := p.st
	p.summary.RemoveAll()
	line := func(text string, kind casework.Kind, id string) {
		if id == "" || p.s.OnOpenRecord == nil {
			l := widget.NewLabel(text)
			l.Wrapping = fyne.TextWrapWord
			p.summary.Add(l)
			return
		}
		b := p.s.a.act.button(text, theme.NavigateNextIcon(), func() { p.openRecord(kind, id) })
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		p.summary.Add(b)
	}
	class := strings.TrimSpace(st.Grade + " " + st.Class)
	if !st.Enrolled() {
		class += "（" + stuEnum("student_status", string(st.Status)) + "）"
	}
	line(tr("students.file.class", map[string]any{"Class": class}), "", "")

	levelText, levelID := tr("students.file.no_level"), ""
	followText, followID := tr("students.file.no_follow_up"), ""
	for _, k := range r.KeyStudents {
		if !k.OnRollAt(today) {
			continue
		}
		if code, ok := k.LevelAt(today); ok {
			levelText, levelID = tr("students.file.level", map[string]any{"Level": stuLevel(r.Levels, code)}), k.ID
		}
		if due, ok := k.FollowUpDue(today, r.Levels); ok {
			followText, followID = tr("students.file.follow_up", map[string]any{"Date": string(due)}), k.ID
			if due < today {
				days, _ := due.DaysUntil(today)
				followText = tr("students.file.follow_up_overdue", map[string]any{"Date": string(due), "N": days})
			}
		}
	}
	line(levelText, casework.KindKeyStudent, levelID)
	line(followText, casework.KindKeyStudent, followID)
	caseText, caseID := tr("students.file.no_case"), ""
	for _, c := range r.Cases {
		if c.Status == "" || c.Status == casework.CaseStatusOpen {
			caseText, caseID = tr("students.file.case", map[string]any{"No": c.CaseNo, "Date": string(c.OpenedOn)}), c.ID
			break
		}
	}
	line(caseText, casework.KindCase, caseID)
	refText, refID := tr("students.file.no_referral"), ""
	for _, x := range r.Referrals {
		if x.AwaitingFeedback() {
			refText, refID = tr("students.file.referral", map[string]any{"Date": string(x.SuggestedOn), "To": x.Institution}), x.ID
			break
		}
	}
	line(refText, casework.KindReferral, refID)
	consent := tr("students.file.no_consent")
	if len(r.Consents) > 0 {
		c := r.Consents[0] // the newest
		who := tr("students.file.consent_unsigned")
		switch {
		case c.GuardianSigned && c.StudentSigned:
			who = tr("students.file.consent_both")
		case c.GuardianSigned:
			who = tr("students.file.consent_guardian")
		case c.StudentSigned:
			who = tr("students.file.consent_student")
		}
		consent = tr("students.file.consent", map[string]any{"Date": string(c.Date), "Who": who, "N": len(r.Consents)})
	}
	line(consent, "", "")
	for _, c := range r.Crises {
		if c.Open() {
			line(tr("students.file.crisis", map[string]any{"Date": string(c.DiscoveredOn)}), casework.KindCrisis, c.ID)
		}
	}
	p.summary.Refresh()

	p.timeline.RemoveAll()
	rows := timeline(r)
	if len(rows) == 0 {
		p.timeline.Add(widget.NewLabel(tr("students.no_records")))
	}
	for _, row := range rows {
		text := fmt.Sprintf("%s  %s  %s", row.date, tr("record."+string(row.kind)), row.text)
		kind, id := row.kind, row.id
		b := p.s.a.act.button(text, theme.NavigateNextIcon(), func() { p.openRecord(kind, id) })
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		if p.s.OnOpenRecord == nil {
			b.Disable()
		}
		p.timeline.Add(b)
	}
	p.timeline.Refresh()
}

// openRecord leaves the page for the record's own screen.
func (p *studentPage) openRecord(kind casework.Kind, id string) {
	if p.s.OnOpenRecord != nil {
		p.s.leavePage(func() { p.s.OnOpenRecord(kind, id) })
	}
}

// timeline is every record of the student, newest first; the text after
// the date is the one-line summary of the record lists.
func timeline(r StudentRecords) []timelineRow {
	var out []timelineRow
	add := func(kind casework.Kind, date func(i int) casework.Date) {
		for i, row := range recordRows(kind, r) {
			text := row.text
			d := date(i)
			text = strings.TrimSpace(strings.Replace(text, string(d), "", 1))
			out = append(out, timelineRow{date: d, kind: kind, id: row.id, text: text})
		}
	}
	add(casework.KindCase, func(i int) casework.Date { return r.Cases[i].OpenedOn })
	add(casework.KindKeyStudent, func(i int) casework.Date { return r.KeyStudents[i].IncludedOn })
	add(casework.KindCrisis, func(i int) casework.Date { return r.Crises[i].DiscoveredOn })
	add(casework.KindReferral, func(i int) casework.Date { return r.Referrals[i].SuggestedOn })
	add(casework.KindContact, func(i int) casework.Date { return r.Contacts[i].Date })
	slices.SortStableFunc(out, func(a, b timelineRow) int { return cmp.Compare(b.date, a.date) })
	return out
}
