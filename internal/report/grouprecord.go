package report

import (
	"fmt"
	"time"

	"xinqing/internal/casework"
)

// RenderGroupRecord returns the 团体辅导记录表 of one group session as a
// PDF generated at now. It prints no student: attendance appears as
// counts and the students picked for follow-up only as a number.
func RenderGroupRecord(school string, g casework.GroupSession, labels Labels, now time.Time) ([]byte, error) {
	opt := docOptions{title: "团体辅导记录表", now: now}
	return render(opt, func(d *doc) {
		d.newPage()
		d.title("团体辅导记录表")
		d.leftRight("学校："+orDash(school), "活动日期："+longDate(g.Date), sizeTable)
		d.space(1)

		duration := ""
		if g.DurationMin > 0 {
			duration = fmt.Sprintf("%d分钟", g.DurationMin)
		}
		series := g.Series
		if series != "" && g.SeriesNo > 0 {
			series += fmt.Sprintf("（第%d次）", g.SeriesNo)
		}
		d.heading("一、活动信息")
		d.drawTable(table{widths: caseWidths(), rows: [][]cell{
			labelled("活动主题", g.Title, 5),
			labelled("所属系列", series, 5),
			row3(labelled("团辅类型", labels.enum("group_type", string(g.GroupType)), 0),
				labelled("对象", g.Target, 0),
				labelled("团体阶段", labels.enum("group_stage", string(g.Stage)), 0)),
			row3(labelled("日期", longDate(g.Date), 0), labelled("开始时间", string(g.Start), 0), labelled("时长", duration, 0)),
			row3(labelled("地点", g.Place, 0), labelled("带领者", g.Leader, 0), labelled("参加人数", count(g.Participants), 0)),
			labelled("记录者", g.Recorder, 5),
			labelled("活动目标", g.Goals, 5),
			labelled("活动准备", g.Preparation, 5),
		}})

		d.heading("二、活动过程")
		d.drawTable(table{widths: caseWidths(), rows: [][]cell{labelled("引导语", g.OpeningWords, 5)}})
		process := table{
			widths: []float64{24, 22, 62, 62},
			align:  []byte{'L', 'C', 'L', 'L'},
			header: []string{"环节", "时长", "活动内容", "观察记录"},
		}
		for _, p := range g.Process {
			process.rows = append(process.rows, texts(p.Segment, count(p.Minutes)+"分钟", p.Activity, p.Observations))
		}
		if len(process.rows) == 0 {
			process.rows = [][]cell{texts("", "", "", "")}
		}
		d.drawTable(process)

		d.heading("三、效果评估与反思")
		rows := [][]cell{}
		if len(g.Attendance) > 0 {
			present := 0
			for _, a := range g.Attendance {
				if a.Present {
					present++
				}
			}
			rows = append(rows, labelled("出勤情况",
				fmt.Sprintf("应到%d人，实到%d人，缺席%d人", len(g.Attendance), present, len(g.Attendance)-present), 5))
		}
		rows = append(rows,
			labelled("效果评估", g.Evaluation, 5),
			labelled("教师反思", g.Reflection, 5),
			labelled("需个别跟进", fmt.Sprintf("%d人（名单见个案记录，本表不打印）", len(g.FollowUpStudentIDs)), 5),
		)
		d.drawTable(table{widths: caseWidths(), rows: rows})
		d.signatures([]signField{{label: "带领者（签字）"}, {label: "记录者（签字）"}, {label: "日期"}}, 2, "")
	})
}
