package report

import (
	"fmt"
	"strings"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/selfcheck"
)

// SelfCheckForm is what the 学校心理健康工作专项自查表 prints: a computed
// self-check, with the preparer written on the 填表人 line and the date on
// the 日期 line (empty leaves a line to write on).
type SelfCheckForm struct {
	Result   *selfcheck.Result
	Preparer string
	Date     casework.Date
}

// selfCheckLabel returns the printed label of key
// ("selfcheck.item.room"), or fallback when the label file has none.
func selfCheckLabel(l Labels, key, fallback string) string {
	if s, ok := l[key]; ok && s != "" {
		return s
	}
	return fallback
}

// RenderSelfCheck returns the self-check form as a PDF generated at now:
// school and term, one row per survey item (序号, 调研项目, 自查情况/数据,
// 状态, 佐证材料, 备注), the "八个一" checklist, a note on how statuses are
// decided, then the 填表人, 审核人（签字） and 日期 lines and a 学校（盖章）
// box. It prints counts, class names and document titles, never a
// student's name.
func RenderSelfCheck(f SelfCheckForm, labels Labels, now time.Time) ([]byte, error) {
	r := f.Result
	if r == nil {
		return nil, fmt.Errorf("render self-check: no result")
	}
	const title = "学校心理健康工作专项自查表"
	status := func(s selfcheck.Status) string {
		return selfCheckLabel(labels, "selfcheck.status."+string(s), string(s))
	}

	items := table{
		widths: []float64{13, 21, 52, 17, 38, 37},
		align:  []byte{'C', 'L', 'L', 'C', 'L', 'L'},
		header: []string{"序号", "调研项目", "自查情况/数据", "状态", "佐证材料", "备注"},
	}
	for i, it := range r.Items {
		var data []string
		for _, fg := range it.Figures {
			line := fg.Label + "：" + fg.Text
			if fg.Norm != "" {
				line += "（要求：" + fg.Norm + "）"
			}
			data = append(data, line)
		}
		var ev []string
		for _, e := range it.Evidence {
			ev = append(ev, e.Text)
		}
		items.rows = append(items.rows, texts(count(i+1), selfCheckLabel(labels, "selfcheck.item."+string(it.Code), string(it.Code)),
			strings.Join(data, "\n"), status(it.Status), orDash(strings.Join(ev, "\n")), orDash(strings.Join(it.Reasons, "\n"))))
	}

	list := table{
		widths: []float64{13, 34, 44, 17, 70},
		align:  []byte{'C', 'L', 'L', 'C', 'L'},
		header: []string{"序号", "清单项", "佐证要求", "状态", "自查说明"},
	}
	defaults := 0
	for i, c := range r.Checklist {
		name := c.Label
		if c.Default {
			name += "（默认项）"
			defaults++
		}
		list.rows = append(list.rows, texts(count(i+1), name, orDash(c.Evidence), status(c.Status), orDash(strings.Join(c.Reasons, "\n"))))
	}
	listNote := "本清单由学校自行设定，可修改。"
	if defaults > 0 {
		listNote = "“八个一”的正式表述未公开发布，本清单为心晴提供的默认项，由学校自行设定，可修改。"
	}

	termText := orDash(r.Term)
	span := longDate(r.TermStart) + "至" + longDate(r.TermEnd)
	checked := longDate(r.Period.From) + "至" + longDate(r.Period.To)
	opt := docOptions{title: title, now: now}
	return render(opt, func(d *doc) {
		d.newPage()
		d.title(title)
		d.leftRight("学校："+orDash(r.School), "学期："+termText, sizeTable)
		d.leftRight("学期起止："+span, "自查数据期间："+checked, sizeTable)
		d.space(1)
		d.heading("一、专项调研项目自查")
		d.drawTable(items)
		d.space(2)
		d.heading("二、“八个一”工作清单（可修改）")
		d.caption(listNote, sizeSmall)
		d.drawTable(list)
		d.space(2)
		d.paragraph("说明：状态按学校设置的标准由心晴中的记录自动判定：各项均达到标准为“达标”，有记录但未全部达到为“需改进”，"+
			"没有相关记录为“未开展”。上课日按周一至周五计算，未扣除节假日。本表只列统计数字，不含学生姓名。", sizeSmall, 0)
		d.signatures([]signField{{label: "填表人", value: f.Preparer}, {label: "审核人（签字）"}, {label: "日期", value: longDate(f.Date)}}, 1, "学校（盖章）")
	})
}
