package report

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"xinqing/internal/casework"
)

// ErrNoPurpose means a named list was asked for without a purpose or a
// recipient (docs/DOMAIN.md rule 5).
var ErrNoPurpose = errors.New("report: a named list needs a purpose and a recipient")

// KeyStudentList is what the 重点学生名单 prints: the key students on the
// register on On, for the stated purpose and recipient, which are
// printed on the list and in the watermark of every page.
type KeyStudentList struct {
	School      string
	Purpose     string // 用途
	Recipient   string // 接收单位或接收人
	On          casework.Date
	Levels      []casework.RiskLevel
	KeyStudents []casework.KeyStudent
	Students    map[string]casework.Student
	// Grade and Class, when set, keep only the students of that grade (and
	// class) on the list's day: a list for 七年级班主任组 names no one else.
	Grade, Class string
}

// inScope tells whether grade and class fall within the list's scope.
func (l KeyStudentList) inScope(grade, class string) bool {
	if strings.TrimSpace(l.Grade) == "" && strings.TrimSpace(l.Class) == "" {
		return true
	}
	wg, wc := casework.NormalizeClass(l.Grade, l.Class)
	g, c := casework.NormalizeClass(grade, class)
	return (wg == "" || wg == g) && (wc == "" || wc == c)
}

// scopeText names the list's scope (七年级 / 七年级七(1)班), empty for all.
func (l KeyStudentList) scopeText() string {
	g, c := casework.NormalizeClass(l.Grade, l.Class)
	return classOf(g, c)
}

// RenderKeyStudentList returns the named list as a PDF generated at now,
// marked 保密 and watermarked with the recipient, the purpose and the
// date on every page. It refuses with ErrNoPurpose when the purpose or
// the recipient is empty.
func RenderKeyStudentList(l KeyStudentList, labels Labels, now time.Time) ([]byte, error) {
	purpose, recipient := strings.TrimSpace(l.Purpose), strings.TrimSpace(l.Recipient)
	if purpose == "" || recipient == "" {
		return nil, ErrNoPurpose
	}
	type entry struct {
		k            casework.KeyStudent
		s            casework.Student
		grade, class string // of the list's day
		level        string
		rank         int
	}
	var list []entry
	for _, k := range l.KeyStudents {
		s, known := l.Students[k.StudentID]
		if !k.OnRollAt(l.On) || known && !s.OnRoll(l.On) {
			continue // off the register, or the student has left (figure F1's rule)
		}
		e := entry{k: k, s: s, rank: 1 << 30}
		e.grade, e.class = s.ClassOn(l.On)
		if !l.inScope(e.grade, e.class) {
			continue
		}
		if code, ok := k.LevelAt(l.On); ok {
			e.level = code
			if lv, ok := casework.LevelByCode(l.Levels, code); ok {
				e.rank = lv.Rank
			}
		}
		list = append(list, e)
	}
	slices.SortStableFunc(list, func(a, b entry) int {
		return cmp.Or(cmp.Compare(a.rank, b.rank), casework.CompareClass(a.grade, a.class, b.grade, b.class),
			cmp.Compare(a.k.IncludedOn, b.k.IncludedOn))
	})

	tb := table{
		widths: []float64{10, 16, 10, 22, 22, 20, 26, 26, 20},
		align:  []byte{'C', 'C', 'C', 'C', 'C', 'C', 'L', 'L', 'C'},
		header: []string{"序号", "姓名", "性别", "年级班级", "关注等级", "纳入日期", "纳入原因", "帮扶责任人", "最近跟踪"},
		size:   sizeSmall,
		fit:    true,
	}
	perLevel := map[string]int{}
	for i, e := range list {
		level := "—"
		if e.level != "" {
			level = labels.levelLabel(l.Levels, e.level)
			perLevel[e.level]++
		}
		var resp []string
		for _, r := range e.k.Responsible {
			resp = append(resp, strings.TrimSpace(r.Role+" "+r.Name))
		}
		last, _ := e.k.LastFollowUp(l.On)
		tb.rows = append(tb.rows, texts(count(i+1), orDash(e.s.Name), labels.enum("gender", string(e.s.Gender)),
			classOn(&e.s, l.On), level, string(e.k.IncludedOn),
			enumList(labels, "key_reason", e.k.Reasons), strings.Join(resp, "、"), string(last)))
	}
	summary := fmt.Sprintf("共%d人", len(list))
	var parts []string
	for _, lv := range casework.SortLevels(l.Levels) {
		parts = append(parts, fmt.Sprintf("%s %d人", labels.levelLabel(l.Levels, lv.Code), perLevel[lv.Code]))
	}
	if len(parts) > 0 {
		summary += "，其中" + strings.Join(parts, "，")
	}
	summary += "。"

	opt := docOptions{
		title:        "重点学生名单",
		now:          now,
		confidential: true,
		watermark:    "仅供" + recipient + "用于" + purpose + "　" + now.Format("2006-01-02"),
	}
	return render(opt, func(d *doc) {
		d.newPage()
		d.title("重点学生名单")
		d.leftRight("学校："+orDash(l.School), "名单日期："+longDate(l.On), sizeTable)
		d.space(1)
		info := [][]cell{
			labelled("用途", purpose, 0),
			labelled("接收单位/人", recipient, 0),
		}
		if scope := l.scopeText(); scope != "" {
			info = append(info, labelled("范围", scope+"（仅列本范围学生）", 0))
		}
		info = append(info, labelled("导出时间", now.Format("2006年1月2日 15:04"), 0))
		d.drawTable(table{widths: []float64{26, 144}, rows: info})
		d.space(1)
		d.paragraph("本名单含学生敏感个人信息，仅限上述用途使用，不得复制、拍照、转发或用于其他目的；用毕请交回学校心理辅导室或销毁。", sizeSmall, 0)
		d.space(2)
		d.drawTable(tb)
		d.space(1)
		d.paragraph(summary, sizeTable, 0)
		d.signatures([]signField{{label: "导出人"}, {label: "接收人（签字）"}, {label: "审核人（签字）"}, {label: "日期"}}, 2, "")
	})
}
