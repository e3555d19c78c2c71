package report

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"xinqing/internal/casework"
)

// CaseFile is one case with its client and sessions, as the 个案辅导记录表
// prints it. Student is nil for a staff or parent case.
type CaseFile struct {
	School   string
	Case     casework.Case
	Student  *casework.Student
	Sessions []casework.Session
}

// caseWidths are six columns: label, value, three times.
func caseWidths() []float64 { return []float64{22.5, 34.2, 22.5, 34.2, 22.5, 34.2} }

// RenderCaseRecord returns the 个案辅导记录表 of f as a PDF generated at
// now, marked 保密 on every page. The sessions' private notes are never
// printed.
func RenderCaseRecord(f CaseFile, labels Labels, now time.Time) ([]byte, error) {
	c := f.Case
	sessions := slices.Clone(f.Sessions)
	slices.SortStableFunc(sessions, func(a, b casework.Session) int {
		return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.Start, b.Start))
	})
	opt := docOptions{title: "个案辅导记录表", now: now, confidential: true, runningHead: caseRunningHead(f)}
	return render(opt, func(d *doc) {
		d.newPage()
		d.title("个案辅导记录表")
		d.leftRight("学校："+orDash(f.School), "个案编号："+orDash(c.CaseNo), sizeTable)
		d.space(1)

		d.heading("一、基本信息")
		rows := [][]cell{
			row3(labelled("建档日期", longDate(c.OpenedOn), 0),
				labelled("来访者类别", labels.enum("client_kind", string(c.Client())), 0),
				labelled("个案状态", labels.enum("case_status", string(c.Status)), 0)),
			append(labelled("来源", labels.enum("case_source", string(c.Source)), 0),
				labelled("问题类型", enumList(labels, "problem_type", c.ProblemTypes), 3)...),
		}
		if s := f.Student; s != nil {
			guardian := s.GuardianName
			if s.GuardianRelation != "" {
				guardian += "（" + s.GuardianRelation + "）"
			}
			rows = append(rows,
				row3(labelled("姓名", s.Name, 0),
					labelled("性别", labels.enum("gender", string(s.Gender)), 0),
					labelled("年级班级", classOn(s, c.OpenedOn), 0)),
				row3(labelled("出生日期", longDate(s.BirthDate), 0),
					labelled("学籍号", s.StudentNo, 0),
					labelled("班主任", s.HomeroomTeacher, 0)),
				row3(labelled("监护人", guardian, 0),
					labelled("联系电话", s.GuardianPhone, 0),
					labelled("家庭结构", labels.enum("family_structure", string(s.FamilyStructure)), 0)),
			)
		} else {
			rows = append(rows, labelled("来访者姓名", c.ClientName, 5))
		}
		first, last := "", ""
		if len(sessions) > 0 {
			first, last = longDate(sessions[0].Date), longDate(sessions[len(sessions)-1].Date)
		}
		rows = append(rows,
			row3(labelled("辅导教师", c.Counselor, 0), labelled("记录人", c.Recorder, 0),
				labelled("辅导次数", fmt.Sprintf("%d次", len(sessions)), 0)),
			append(labelled("首次辅导", first, 0), labelled("最近辅导", last, 3)...),
		)
		d.drawTable(table{widths: caseWidths(), rows: rows})

		d.heading("二、个案概况")
		overview := [][]cell{labelled("主诉", c.PresentingProblem, 5), labelled("背景", c.Background, 5)}
		// The structured background, when the case has one, in the order
		// the templates print it; each empty field stays a box to fill.
		if !c.Profile.Empty() {
			texts := c.Profile.Fields()
			for _, k := range casework.ProfileKeys {
				overview = append(overview, labelled(profileLabels[k], texts[k], 5))
			}
		}
		overview = append(overview, labelled("辅导目标", c.Goals, 5))
		d.drawTable(table{widths: caseWidths(), rows: overview})

		d.heading(fmt.Sprintf("三、辅导过程记录（共%d次）", len(sessions)))
		for i, s := range sessions {
			d.sessionBlock(i+1, s, labels)
		}

		d.heading("四、结案")
		d.drawTable(table{widths: caseWidths(), rows: [][]cell{
			labelled("结案日期", longDate(c.ClosedOn), 5),
			labelled("结案小结", c.ClosingSummary, 5),
		}})
		d.signatures([]signField{{label: "辅导教师（签字）"}, {label: "日期"}}, 2, "")
	})
}

// profileLabels are the printed labels of the structured background.
var profileLabels = map[string]string{
	"family_members": "家庭成员", "parenting_style": "教养方式", "major_events": "重大事件",
	"growth_history": "成长史", "health": "健康状况/服药", "school_performance": "在校表现",
}

// caseRunningHead is the line atop a case record's continuation pages.
func caseRunningHead(f CaseFile) string {
	name := f.Case.ClientName
	if f.Student != nil {
		name = f.Student.Name
	}
	return "个案辅导记录表（续）　个案编号：" + orDash(f.Case.CaseNo) + "　姓名：" + orDash(name)
}

// row3 joins three label/value pairs into one row.
func row3(a, b, c []cell) []cell {
	return append(append(a, b...), c...)
}

// sessionBlock draws one session. PrivateNote is deliberately absent.
func (d *doc) sessionBlock(n int, s casework.Session, labels Labels) {
	duration := ""
	if s.DurationMin > 0 {
		duration = fmt.Sprintf("%d分钟", s.DurationMin)
	}
	title := fmt.Sprintf("第%d次辅导", n)
	cont := fmt.Sprintf("第%d次辅导（续）", n)
	if s.Date != "" {
		cont += " · " + string(s.Date)
	}
	d.drawTable(table{widths: caseWidths(), keep: 3, repeat: []cell{{text: cont, span: 6, label: true}}, rows: [][]cell{
		{{text: title, span: 6, label: true, heading: true}},
		row3(labelled("日期", longDate(s.Date), 0), labelled("开始时间", string(s.Start), 0), labelled("时长", duration, 0)),
		row3(labelled("地点", labels.enum("session_place", string(s.Place)), 0),
			labelled("方式", labels.enum("session_mode", string(s.Mode)), 0),
			labelled("形式", labels.enum("session_form", string(s.Form)), 0)),
		append(labelled("风险评估", labels.enum("session_risk", string(s.Risk)), 0),
			labelled("下次预约", longDate(s.NextAppointment), 3)...),
		labelled("表现与观察", s.Observations, 5),
		labelled("干预技术", s.Interventions, 5),
		labelled("评估与分析", s.Assessment, 5),
		labelled("辅导效果", s.Effect, 5),
		labelled("家庭作业", s.Homework, 5),
	}})
	d.space(3)
}
