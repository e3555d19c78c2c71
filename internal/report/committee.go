package report

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"xinqing/internal/casework"
)

// Class is one class of the school, for the committee roster.
type Class struct {
	Grade, Class string
}

// CommitteeRoster is what the 班级心理委员名册 prints: every class of the
// school with its members active on On, in the school's class order
// (casework.CompareClass); a class without one is listed as 未设. Members
// of a class missing from Classes are listed too. Students holds the
// members' students by id; a member who has left since is marked
// （2026届毕业）/（已转出） after the name.
type CommitteeRoster struct {
	School   string
	On       casework.Date
	Classes  []Class
	Members  []casework.CommitteeMember
	Students map[string]casework.Student
}

// RenderCommitteeRoster returns the roster as a PDF generated at now.
func RenderCommitteeRoster(r CommitteeRoster, labels Labels, now time.Time) ([]byte, error) {
	var active []casework.CommitteeMember
	for _, m := range r.Members {
		if m.ActiveAt(r.On) {
			if st, ok := r.Students[m.StudentID]; ok && len(st.ClassHistory) > 0 {
				m.Grade, m.Class = st.ClassOn(r.On) // the class of the roster's day
			}
			active = append(active, m)
		}
	}
	classes := slices.Clone(r.Classes)
	for _, m := range active {
		if c := (Class{m.Grade, m.Class}); !slices.Contains(classes, c) {
			classes = append(classes, c)
		}
	}
	slices.SortStableFunc(classes, func(a, b Class) int { return casework.CompareClass(a.Grade, a.Class, b.Grade, b.Class) })
	tb := table{
		widths: []float64{9, 13, 15, 17, 9, 13, 30, 24, 15, 16},
		fit:    true,
		size:   sizeSmall, // ten columns on a portrait page
		align:  []byte{'C', 'C', 'C', 'C', 'C', 'C', 'C', 'C', 'C', 'C'},
		header: []string{"序号", "年级", "班级", "姓名", "性别", "职务", "任期", "联系方式", "班主任", "培训（次/学时）"},
	}
	withMember, n := 0, 0
	for _, c := range classes {
		var ms []casework.CommitteeMember
		for _, m := range active {
			if m.Grade == c.Grade && m.Class == c.Class {
				ms = append(ms, m)
			}
		}
		if len(ms) == 0 {
			tb.rows = append(tb.rows, append(texts("", c.Grade, c.Class), cell{text: "未设", span: 7}))
			continue
		}
		withMember++
		for _, m := range ms {
			n++
			st := r.Students[m.StudentID]
			var h float64
			for _, t := range m.Trainings {
				h += t.Hours
			}
			tb.rows = append(tb.rows, texts(count(n), c.Grade, c.Class, orDash(st.Name)+st.LeaverMark(),
				labels.enum("gender", string(st.Gender)), labels.enum("committee_role", string(m.Role)),
				tenure(m), m.Phone, st.HomeroomTeacher, count(len(m.Trainings))+"次/"+hours(h)))
		}
	}
	opt := docOptions{title: "班级心理委员名册", now: now}
	return render(opt, func(d *doc) {
		d.newPage()
		d.title("班级心理委员名册")
		d.leftRight("学校："+orDash(r.School), "统计日期："+longDate(r.On), sizeTable)
		d.space(1)
		d.drawTable(tb)
		d.space(2)
		d.paragraph(fmt.Sprintf("已设心理委员的班级%d个，班级总数%d个；心理委员%d人。", withMember, len(classes), n), sizeTable, 0)
		d.signatures([]signField{{label: "填报人"}, {label: "审核人（签字）"}, {label: "填报日期"}}, 2, "学校（盖章）")
	})
}

// tenure prints a member's term of office (任期) to the month, as rosters
// do: 2026.09至2027.07 to the day they left or the planned end of the
// term, 2026.09起 while it has no end.
func tenure(m casework.CommitteeMember) string {
	month := func(d casework.Date) string { return strings.Replace(string(d.Month()), "-", ".", 1) }
	switch {
	case m.LeftOn != "":
		return month(m.AppointedOn) + "至" + month(m.LeftOn)
	case m.TermEnd != "":
		return month(m.AppointedOn) + "至" + month(m.TermEnd)
	}
	return month(m.AppointedOn) + "起"
}
