package report

import (
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

// RenderReferralLetter returns the letter as a PDF generated at now, marked
// 保密: on the first sheet two copies (学校留存 above, 监护人留存 below)
// separated by a cut line, each with the guardian's reply; on the second
// the hospital's feedback slip (就诊反馈回执), and the whole reason when it
// was too long for the copies (they then say 见附页).
func RenderReferralLetter(l ReferralLetter, now time.Time) ([]byte, error) {
	opt := docOptions{title: "学校转介建议书", now: now, confidential: true}
	return render(opt, func(d *doc) {
		d.newPage()
		mid := marginTop + (bottomLimit-marginTop)/2
		cutH := lineHeight(sizeSmall)
		room := min(mid-cutH/2-2-marginTop, bottomLimit-(mid+cutH/2+4))
		reason, shortened := d.fitReason(l, room)
		d.referralCopy(l, "学校留存", reason)
		d.y = max(d.y+2, mid-cutH/2)
		d.cutLine("沿此线剪开　上联学校留存　下联交监护人")
		d.space(4)
		d.referralCopy(l, "监护人留存", reason)
		d.newPage()
		if shortened {
			d.heading("附页：学生近期情况（全文）")
			d.paragraph(d.reasonText(l, l.Referral.Reason), sizeTable, 0)
			d.space(6)
		}
		d.feedbackSlip(l)
	})
}

const seeAttached = "……（全文见附页）"

// reasonText is the reason as the letter prints it, ending in 。.
func (d *doc) reasonText(l ReferralLetter, reason string) string {
	return strings.TrimRight(strings.TrimSpace(reason), "。；;，,") + "。"
}

// fitReason returns the reason shortened (ending in 见附页) so that one
// copy of the letter fits in room millimetres, and whether it was.
func (d *doc) fitReason(l ReferralLetter, room float64) (string, bool) {
	full := d.reasonText(l, l.Referral.Reason)
	if d.copyHeight(l, full) <= room {
		return full, false
	}
	rs := []rune(strings.TrimSpace(l.Referral.Reason))
	lo, hi := 0, len(rs)
	for lo < hi {
		m := (lo + hi + 1) / 2
		if d.copyHeight(l, string(rs[:m])+seeAttached) <= room {
			lo = m
		} else {
			hi = m - 1
		}
	}
	return strings.TrimRight(string(rs[:lo]), "。；;，,、 ") + seeAttached, true
}

// referralParts are the paragraphs of one copy.
func referralParts(l ReferralLetter, reason string) (greeting string, body []string, right []string, reply string) {
	s, r := l.Student, l.Referral
	greeting = "尊敬的家长："
	if name := strings.TrimSpace(s.Name); name != "" {
		greeting = name + "同学家长："
	}
	where := strings.TrimSpace(r.Institution + r.Department)
	if where == "" {
		where = "正规医疗机构的心理或精神专科门诊"
	}
	// The institution's address and phone, so that the family can find it.
	var at []string
	if a := strings.TrimSpace(r.InstitutionAddress); a != "" {
		at = append(at, "地址："+a)
	}
	if p := strings.TrimSpace(r.InstitutionPhone); p != "" {
		at = append(at, "电话："+p)
	}
	if len(at) > 0 && strings.TrimSpace(r.Institution) != "" {
		where += "（" + strings.Join(at, "；") + "）"
	}
	teacher := "班主任"
	if t := strings.TrimSpace(s.HomeroomTeacher); t != "" {
		teacher = "班主任（" + t + "）"
	}
	body = []string{
		"　　您好！学校心理辅导室在工作中了解到，贵子女" + s.Name + "（" + classOn(&s, r.SuggestedOn) + "）近期有以下情况：" + reason,
		"　　为了孩子的健康成长，学校建议您尽快带孩子到" + where + "就医检查，听取专业医生的意见，并请医生填写《就诊反馈回执》，交" + teacher + "或心理辅导老师。如需请假、休学或复学，请与学校保持沟通。",
		"　　本建议书是学校的建议，不是诊断。学校将对孩子的情况严格保密，并继续关心、支持孩子。如遇紧急情况请立即拨打120或到医院急诊；心理援助热线：12356（全国），青少年服务台：12355。",
	}
	right = []string{
		orDash(l.School) + "（盖章）",
		"心理辅导教师：" + orDash(l.Counselor) + "　联系电话：" + orDash(l.Phone),
		longDate(r.SuggestedOn),
	}
	reply = "家长回执：本人已收到并知晓学校的上述建议，□同意　□暂不同意　带孩子就医检查。"
	return
}

const (
	referralBody = sizeTable
	referralHead = sizeHeading + 2
)

// copyHeight is the height one copy takes with reason.
func (d *doc) copyHeight(l ReferralLetter, reason string) float64 {
	greeting, body, right, reply := referralParts(l, reason)
	d.setSize(referralBody)
	lh := lineHeight(referralBody)
	n := len(d.wrap(greeting, contentW)) + len(d.wrap(reply, contentW)) + len(right)
	for _, p := range body {
		n += len(d.wrap(p, contentW))
	}
	return lineHeight(referralHead) + 1 + float64(n)*lh + 5 + 1 + 3 + 10
}

func (d *doc) referralCopy(l ReferralLetter, copyLabel, reason string) {
	greeting, body, right, reply := referralParts(l, reason)
	d.setSize(referralHead)
	h := lineHeight(referralHead)
	d.ensure(h * 6)
	title := "学校转介建议书"
	d.record(title)
	d.bold(marginLeft, d.y, contentW, h, title, 'C')
	d.setSize(sizeSmall)
	d.record(copyLabel)
	d.textBox(marginLeft, d.y, contentW, h, "（"+copyLabel+"）", 'R')
	d.y += h + 1

	d.paragraph(greeting, referralBody, 0)
	for _, p := range body {
		d.paragraph(p, referralBody, 0)
	}
	// School block on the right, guardian reply below.
	d.space(5) // room for the seal
	lh := lineHeight(referralBody)
	d.setSize(referralBody)
	d.ensure(float64(len(right))*lh + 14)
	for _, t := range right {
		d.record(t)
		d.textBox(marginLeft, d.y, contentW, lh, t, 'R')
		d.y += lh
	}
	d.space(1)
	d.paragraph(reply, referralBody, 0)
	d.signatures([]signField{{label: "监护人（签字）"}, {label: "与学生关系"}, {label: "日期"}}, 3, "")
}

// feedbackSlip is the 就诊反馈回执 the guardian takes to the doctor.
func (d *doc) feedbackSlip(l ReferralLetter) {
	s := l.Student
	d.title("就诊反馈回执")
	d.paragraph("（请家长带孩子就诊时交接诊医生填写，就诊后交回"+orDash(l.School)+"班主任或心理辅导老师）", sizeSmall, 0)
	d.space(2)
	d.drawTable(table{widths: []float64{22, 40, 22, 40}, rows: [][]cell{
		append(labelled("学生姓名", s.Name, 0), labelled("年级班级", classOn(&s, l.Referral.SuggestedOn), 0)...),
		append(labelled("就诊日期", "", 0), labelled("就诊机构及科室", "", 0)...),
		labelled("医生意见", "□可以正常上学　□建议休息＿＿天　□需进一步检查或治疗　□其他：\n\n\n", 3),
		labelled("需学校配合的事项", "\n\n", 3),
	}})
	d.signatures([]signField{{label: "接诊医生（签字）"}, {label: "日期"}}, 2, "就诊机构（盖章）")
	d.space(4)
	d.paragraph("学校联系人："+orDash(l.Counselor)+"　联系电话："+orDash(l.Phone), sizeTable, 0)
}
