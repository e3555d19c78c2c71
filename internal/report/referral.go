package report

import (
	"math"
	"strings"
	"time"

	"xinqing/internal/casework"
)

// ReferralLetter is what the 学校转介建议书 prints: the school's suggestion
// to a guardian to take the student to a doctor (建议就医检查). It never
// states a diagnosis; Referral.Reason is printed as the counselor wrote it.
type ReferralLetter struct {
	School    string
	Counselor string // 心理辅导教师
	Phone     string // the counseling room's telephone
	Student   casework.Student
	Referral  casework.Referral
}

// RenderReferralLetter returns the letter as a PDF generated at now: two
// copies on one A4 sheet (学校留存 above, 监护人留存 below) separated by a
// cut line, each with the guardian's signature line.
func RenderReferralLetter(l ReferralLetter, now time.Time) ([]byte, error) {
	opt := docOptions{title: "学校转介建议书", now: now}
	return render(opt, func(d *doc) {
		d.newPage()
		d.referralCopy(l, "学校留存")
		mid := marginTop + (bottomLimit-marginTop)/2
		d.y = math.Max(d.y+2, mid-lineHeight(sizeSmall)/2)
		d.cutLine("沿此线剪开　上联学校留存　下联交监护人")
		d.space(4)
		d.referralCopy(l, "监护人留存")
	})
}

func (d *doc) referralCopy(l ReferralLetter, copyLabel string) {
	s, r := l.Student, l.Referral
	d.setSize(sizeHeading + 2)
	h := lineHeight(sizeHeading + 2)
	d.ensure(h * 6)
	title := "学校转介建议书"
	d.record(title)
	d.bold(marginLeft, d.y, contentW, h, title, 'C')
	d.setSize(sizeSmall)
	d.record(copyLabel)
	d.textBox(marginLeft, d.y, contentW, h, "（"+copyLabel+"）", 'R')
	d.y += h + 1

	greeting := "尊敬的家长："
	if strings.TrimSpace(s.GuardianName) != "" {
		greeting = s.GuardianName + "家长："
	}
	where := strings.TrimSpace(r.Institution + r.Department)
	if where == "" {
		where = "正规医疗机构的心理或精神专科门诊"
	}
	reason := strings.TrimRight(strings.TrimSpace(r.Reason), "。；;，,") + "。"
	d.paragraph(greeting, sizeBody, 0)
	d.paragraph("　　您好！学校心理辅导室在工作中了解到，贵子女"+s.Name+"（"+classOn(&s, r.SuggestedOn)+"）近期有以下情况："+reason, sizeBody, 0)
	d.paragraph("　　为了孩子的健康成长，学校建议您尽快带孩子到"+where+"就医检查，听取专业医生的意见，并将就诊情况及时告知班主任或心理辅导老师。如需请假、休学或复学，请与学校保持沟通。", sizeBody, 0)
	d.paragraph("　　本建议书是学校的建议，不是诊断。学校将对孩子的情况严格保密，并继续关心、支持孩子。", sizeBody, 0)

	// School block on the right, guardian receipt below.
	d.space(5) // room for the seal
	lh := lineHeight(sizeTable)
	right := []string{
		orDash(l.School) + "（盖章）",
		"心理辅导教师：" + l.Counselor + "　联系电话：" + l.Phone,
		longDate(r.SuggestedOn),
	}
	d.setSize(sizeTable)
	d.ensure(float64(len(right))*lh + 14)
	for _, t := range right {
		d.record(t)
		d.textBox(marginLeft, d.y, contentW, lh, t, 'R')
		d.y += lh
	}
	d.space(1)
	d.paragraph("家长回执：本人已收到并知晓学校的上述建议。", sizeTable, 0)
	d.signatures([]signField{{label: "监护人（签字）"}, {label: "与学生关系"}, {label: "日期"}}, 3, "")
}
