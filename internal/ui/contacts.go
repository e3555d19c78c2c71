package ui

import (
	"strings"

	"xinqing/internal/casework"
)

// newContactsPane is 沟通记录: conversations with guardians, teachers,
// leaders and outside agencies, with or without a student.
func newContactsPane(a *App, svc CaseService, levels []casework.RiskLevel) *recordPane {
	var p *recordPane
	spec := paneSpec{
		kind:   casework.KindContact,
		newKey: "contacts.new",
		blank: func() casework.Record {
			return &casework.Contact{Date: today(a), Counterpart: casework.CounterpartGuardian, Method: casework.ContactMethodPhone}
		},
		opts: fieldOpts{
			multi: map[string]bool{"purpose": true, "summary": true, "follow_up": true},
			hints: map[string]string{"student_id": "contacts.hint_student"},
		},
		cols: []tableCol[casework.Record]{
			recCol(casework.KindContact, "date", true, func(x *casework.Contact) string { return string(x.Date) }),
			recCol(casework.KindContact, "counterpart", true, func(x *casework.Contact) string {
				return enumLabel("contact_counterpart", string(x.Counterpart))
			}),
			recCol(casework.KindContact, "method", true, func(x *casework.Contact) string { return enumLabel("contact_method", string(x.Method)) }),
			recCol(casework.KindContact, "student_id", true, func(x *casework.Contact) string { return p.studentName(x.StudentID) }),
			recCol(casework.KindContact, "summary", false, func(x *casework.Contact) string { return oneLine(x.Summary) }),
		},
		filters: []string{"cases.filter.all", "enum.contact_counterpart.guardian", "enum.contact_counterpart.homeroom_teacher",
			"enum.contact_counterpart.teacher", "enum.contact_counterpart.school_leader", "enum.contact_counterpart.external"},
		filter: func(r casework.Record, i int) bool {
			if i == 0 {
				return true
			}
			return string(r.(*casework.Contact).Counterpart) ==
				[]string{"", "guardian", "homeroom_teacher", "teacher", "school_leader", "external"}[i]
		},
		searchKey: "contacts.search",
		search: func(r casework.Record, q string) bool {
			return strings.Contains(p.studentName(r.(*casework.Contact).StudentID), q)
		},
	}
	p = newRecordPane(a, svc, levels, spec)
	return p
}
