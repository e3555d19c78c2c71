package report

import (
	"fmt"
	"strings"
	"time"

	"xinqing/internal/casework"
)

// ResultList is what the named 测评筛查需关注学生名单 prints: the flagged
// results of one screening, under the rules of the named key-student
// list (purpose and recipient printed and watermarked, 保密).
type ResultList struct {
	School     string
	Screening  string // its name
	Instrument string
	Purpose    string // 用途
	Recipient  string // 接收单位或接收人
	On         casework.Date
	Rows       []ResultRow
}

// ResultRow is one flagged student. The interview's note is never
// printed.
type ResultRow struct {
	Name          string
	Gender        casework.Gender
	Grade, Class  string // of the result's day
	Score         float64
	Reason        string
	Consent       bool
	InterviewedOn casework.Date
	Outcome       casework.InterviewOutcome
	OnRegister    bool // the interview put the student on the register
}

// RenderResultList returns the named list as a PDF generated at now, in
// the order of l.Rows. It refuses with ErrNoPurpose when the purpose or
// the recipient is empty.
func RenderResultList(l ResultList, labels Labels, now time.Time) ([]byte, error) {
	purpose, recipient := strings.TrimSpace(l.Purpose), strings.TrimSpace(l.Recipient)
	if purpose == "" || recipient == "" {
		return nil, ErrNoPurpose
	}
	const title = "测评筛查需关注学生名单"
	tb := table{
		widths: []float64{10, 16, 10, 22, 12, 34, 16, 20, 20},
		align:  []byte{'C', 'C', 'C', 'C', 'C', 'L', 'C', 'C', 'C'},
		header: []string{"序号", "姓名", "性别", "年级班级", "得分", "需关注原因", "知情同意", "访谈日期", "访谈结论"},
		size:   sizeSmall,
		fit:    true,
	}
	interviewed, noConsent := 0, 0
	for i, r := range l.Rows {
		consent := "已取得"
		if !r.Consent {
			consent = "未取得"
			noConsent++
		}
		outcome := "—"
		if r.Outcome != "" {
			interviewed++
			outcome = labels.enum("interview_outcome", string(r.Outcome))
			if r.OnRegister {
				outcome += "（已建档）"
			}
		}
		when := string(r.InterviewedOn)
		if r.Outcome == "" && when != "" {
			when += "（已安排）"
		}
		tb.rows = append(tb.rows, texts(count(i+1), orDash(r.Name), labels.enum("gender", string(r.Gender)),
			orDash(classOf(r.Grade, r.Class)), formatValue(r.Score), orDash(r.Reason), consent, orDash(when), outcome))
	}
	summary := fmt.Sprintf("需访谈%d人，已访谈%d人", len(l.Rows), interviewed)
	if noConsent > 0 {
		summary += fmt.Sprintf("，其中%d人未取得监护人知情同意", noConsent)
	}
	summary += "。"
	opt := docOptions{
		title:        title,
		now:          now,
		confidential: true,
		watermark:    "仅供" + recipient + "用于" + purpose + "　" + now.Format("2006-01-02"),
	}
	return render(opt, func(d *doc) {
		d.newPage()
		d.title(title)
		d.leftRight("学校："+orDash(l.School), "名单日期："+longDate(l.On), sizeTable)
		d.space(1)
		screening := l.Screening
		if l.Instrument != "" {
			screening += "（" + l.Instrument + "）"
		}
		d.drawTable(table{widths: []float64{26, 144}, rows: [][]cell{
			labelled("测评", orDash(screening), 0),
			labelled("用途", purpose, 0),
			labelled("接收单位/人", recipient, 0),
			labelled("导出时间", now.Format("2006年1月2日 15:04"), 0),
		}})
		d.space(1)
		d.paragraph("测评结果"+casework.ResultNoticeZH+"。本名单含学生敏感个人信息，仅限上述用途使用，不得复制、拍照、转发或用于其他目的；用毕请交回学校心理辅导室或销毁。", sizeSmall, 0)
		d.space(2)
		d.drawTable(tb)
		d.space(1)
		d.paragraph(summary, sizeTable, 0)
		d.signatures([]signField{{label: "导出人"}, {label: "接收人（签字）"}, {label: "审核人（签字）"}, {label: "日期"}}, 2, "")
	})
}
