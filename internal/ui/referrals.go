package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
)

// newReferralsPane is 转介: a suggestion to see a doctor, tracked until
// feedback, with the 学校转介建议书 to print. The wording stays
// non-diagnostic; the hints say so next to the fields.
func newReferralsPane(a *App, svc CaseService, levels []casework.RiskLevel) *recordPane {
	var p *recordPane
	inst := newSuggestions()
	spec := paneSpec{
		kind:   casework.KindReferral,
		newKey: "referrals.new",
		blank: func() casework.Record {
			return &casework.Referral{SuggestedOn: today(a), Status: casework.ReferralStatusSuggested}
		},
		opts: fieldOpts{
			multi:  map[string]bool{"reason": true, "feedback": true, "return_assessment": true},
			custom: map[string]func() customField{"institution": inst.field},
			hints: map[string]string{
				"reason":   "referrals.hint_reason",
				"feedback": "referrals.hint_feedback",
			},
		},
		cols: []tableCol[casework.Record]{
			recCol(casework.KindReferral, "suggested_on", true, func(x *casework.Referral) string { return string(x.SuggestedOn) }),
			recCol(casework.KindReferral, "student_id", true, func(x *casework.Referral) string { return p.studentName(x.StudentID) }),
			recCol(casework.KindReferral, "status", true, func(x *casework.Referral) string {
				st := x.Status
				if st == "" {
					st = casework.ReferralStatus("suggested")
				}
				return enumLabel("referral_status", string(st))
			}),
			recCol(casework.KindReferral, "institution", false, func(x *casework.Referral) string { return x.Institution }),
			recCol(casework.KindReferral, "reason", false, func(x *casework.Referral) string { return oneLine(x.Reason) }),
		},
		filters: []string{"cases.filter.all", "enum.referral_status.suggested", "enum.referral_status.visited",
			"enum.referral_status.not_visited", "enum.referral_status.declined"},
		filter: func(r casework.Record, i int) bool {
			if i == 0 {
				return true
			}
			st := r.(*casework.Referral).Status
			if st == "" {
				st = casework.ReferralStatusSuggested
			}
			return string(st) == []string{"", "suggested", "visited", "not_visited", "declined"}[i]
		},
		searchKey: "referrals.search",
		search: func(r casework.Record, q string) bool {
			x := r.(*casework.Referral)
			return strings.Contains(p.studentName(x.StudentID), q) || strings.Contains(x.Institution, q)
		},
	}
	p = newRecordPane(a, svc, levels, spec)
	p.onList = func() { // 接收机构 offers the agencies of earlier referrals
		var vs []string
		for _, r := range p.all {
			vs = append(vs, r.(*casework.Referral).Institution)
		}
		inst.offer(vs)
	}
	msg := widget.NewLabel("")
	msg.Wrapping = fyne.TextWrapBreak
	btn := a.act.button(tr("referrals.print"), theme.DocumentPrintIcon(), func() {
		x, ok := p.cur.(*casework.Referral)
		if !ok || x.ID == "" {
			return
		}
		if p.dirty() {
			msg.SetText(tr("referrals.print_save_first"))
			return
		}
		id := x.ID
		printPDF(a, p.pickSave, tr("referrals.print_file", map[string]any{"Date": string(x.SuggestedOn)}), msg,
			func(ctx context.Context, path string) error { return svc.WriteReferralLetter(ctx, id, path) })
	})
	p.extra.Add(container.NewVBox(widget.NewSeparator(), container.NewHBox(btn), msg))
	p.onOpen = func(r casework.Record, isNew bool) {
		msg.SetText("")
		if isNew {
			btn.Disable()
		} else {
			btn.Enable()
		}
	}
	p.onSaved = func(casework.Record) { btn.Enable() }
	return p
}
