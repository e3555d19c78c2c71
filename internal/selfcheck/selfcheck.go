package selfcheck

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
)

// Status is an item's outcome; its label is "selfcheck.status.<code>".
type Status string

const (
	Pass       Status = "pass"        // 达标
	Improve    Status = "improve"     // 需改进
	NotStarted Status = "not_started" // 未开展
)

// Input is what a self-check is computed from.
type Input struct {
	// Data holds the settings and the records; it is not changed.
	Data *figures.Dataset
	// Attachments are the vault's attachment records, used to name the
	// scanned copies of registered documents; nil is allowed.
	Attachments []*casework.Attachment
	// Term is the term checked.
	Term casework.Term
	// On is the day of the check; the term is checked up to the earlier of
	// On and the term's end. Empty means the term's end.
	On casework.Date
}

// Result is a computed self-check. Its JSON encoding is stable: fields
// in this order, items in survey order, lists never null.
type Result struct {
	School    string                  `json:"school"`
	Term      string                  `json:"term"`
	TermStart casework.Date           `json:"term_start"`
	TermEnd   casework.Date           `json:"term_end"`
	Period    casework.Period         `json:"period"`
	Norms     casework.SelfCheckNorms `json:"norms"`
	Items     []Item                  `json:"items"`
	Checklist []ChecklistEntry        `json:"checklist"`
}

// Item is the outcome of one survey point.
type Item struct {
	Code     casework.SelfCheckItem `json:"code"`
	Status   Status                 `json:"status"`
	Figures  []Figure               `json:"figures"`
	Reasons  []string               `json:"reasons"`
	Evidence []Evidence             `json:"evidence"`
}

// Figure is one number an item rests on. Norm is the requirement as
// printed ("" for a figure shown for information) and Met whether the
// figure meets it (absent without a norm). Refs are the records counted.
type Figure struct {
	Key   string        `json:"key"`
	Label string        `json:"label"`
	Value float64       `json:"value"`
	Text  string        `json:"text"`
	Norm  string        `json:"norm,omitempty"`
	Met   *bool         `json:"met,omitempty"`
	Refs  []figures.Ref `json:"refs,omitempty"`
}

// Evidence is one piece of evidence of an item (佐证材料): a registered
// document, or the records of one kind that its figures count.
type Evidence struct {
	Text     string                `json:"text"`
	Present  bool                  `json:"present"`
	Document casework.DocumentKind `json:"document,omitempty"`
	Refs     []figures.Ref         `json:"refs,omitempty"`
}

// ChecklistEntry is the outcome of one "八个一" entry.
type ChecklistEntry struct {
	ID       string        `json:"id"`
	Label    string        `json:"label"`
	Evidence string        `json:"evidence"`
	Default  bool          `json:"default"`
	Status   Status        `json:"status"`
	Reasons  []string      `json:"reasons"`
	Refs     []figures.Ref `json:"refs,omitempty"`
}

// Item returns the item with code c.
func (r *Result) Item(c casework.SelfCheckItem) (Item, bool) {
	for _, it := range r.Items {
		if it.Code == c {
			return it, true
		}
	}
	return Item{}, false
}

// Figure returns the figure of the item with key k.
func (it Item) Figure(k string) (Figure, bool) {
	for _, f := range it.Figures {
		if f.Key == k {
			return f, true
		}
	}
	return Figure{}, false
}

// JSON returns the stable encoding of r, indented, ending in a newline.
func (r *Result) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode self-check: %w", err)
	}
	return append(b, '\n'), nil
}

// Compute runs the self-check.
func Compute(in Input) (*Result, error) {
	if in.Data == nil {
		return nil, fmt.Errorf("self-check: no dataset")
	}
	t := in.Term
	if !t.Period().Valid() {
		return nil, fmt.Errorf("self-check: term %q has no valid dates", t.Name)
	}
	to := t.End
	if !in.On.IsZero() {
		if !in.On.Valid() {
			return nil, fmt.Errorf("self-check: invalid check date %q", in.On)
		}
		if in.On < t.Start {
			return nil, fmt.Errorf("self-check: term %q starts on %s, after the check date %s", t.Name, t.Start, in.On)
		}
		to = min(to, in.On)
	}
	p := casework.Period{From: t.Start, To: to}
	fig, err := figures.Compute(in.Data, p, nil)
	if err != nil {
		return nil, fmt.Errorf("self-check: %w", err)
	}
	sc := in.Data.Settings.SelfCheckOrDefault()
	c := &checker{in: in, d: in.Data, p: p, term: t, n: sc.Norms, sc: sc, fig: fig, school: in.Data.Settings.School}
	c.learnSchool()
	r := &Result{
		School: c.school.Name, Term: t.Name, TermStart: t.Start, TermEnd: t.End, Period: p, Norms: sc.Norms,
		Items: []Item{c.mechanism(), c.staffing(), c.room(), c.hotline(), c.courses(), c.group(), c.committee(), c.keyStudents()},
	}
	if r.Norms.Hotlines == nil {
		r.Norms.Hotlines = []string{}
	}
	for i := range r.Items {
		r.Items[i].Evidence = append(r.Items[i].Evidence, evidenceOf(r.Items[i].Figures)...)
		if r.Items[i].Evidence == nil {
			r.Items[i].Evidence = []Evidence{}
		}
	}
	r.Checklist = c.checklist(r)
	return r, nil
}

// checker holds what the items are computed from.
type checker struct {
	in     Input
	d      *figures.Dataset
	p      casework.Period
	term   casework.Term
	n      casework.SelfCheckNorms
	sc     casework.SelfCheck
	fig    *figures.Return
	school casework.School

	grades  []string            // grades of enrolled students, school order
	classes map[string][]string // grade → its classes
	all     []string            // every class, grade by grade
}

// learnSchool reads the grades and classes from the enrolled students.
func (c *checker) learnSchool() {
	c.classes = map[string][]string{}
	seen := map[string]bool{}
	for _, s := range c.d.Students {
		if !s.Enrolled() || s.Grade == "" {
			continue
		}
		if _, ok := c.classes[s.Grade]; !ok {
			c.grades = append(c.grades, s.Grade)
			c.classes[s.Grade] = nil
		}
		if s.Class != "" && !seen[s.Class] {
			seen[s.Class] = true
			c.classes[s.Grade] = append(c.classes[s.Grade], s.Class)
		}
	}
	sort.SliceStable(c.grades, func(i, j int) bool { return casework.CompareGrade(c.grades[i], c.grades[j]) < 0 })
	for _, g := range c.grades {
		cs := c.classes[g]
		sort.SliceStable(cs, func(i, j int) bool { return casework.CompareClass(g, cs[i], g, cs[j]) < 0 })
		c.all = append(c.all, cs...)
	}
}

// classCount is settings.class_count, or the enrolled students' classes
// when that is not filled in.
func (c *checker) classCount() int {
	if c.school.ClassCount > 0 {
		return c.school.ClassCount
	}
	return len(c.all)
}

// schoolDays counts the weekdays of p; holidays are not known.
func schoolDays(p casework.Period) int {
	n := 0
	for d := p.From; d <= p.To && d.Valid(); d = d.AddDays(1) {
		if wd, ok := d.Weekday(); ok && wd >= 1 && wd <= 5 {
			n++
		}
	}
	return n
}

// schoolWeeks counts the Monday-based weeks of p that hold a school day.
func schoolWeeks(p casework.Period) int {
	weeks := map[casework.Date]bool{}
	for d := p.From; d <= p.To && d.Valid(); d = d.AddDays(1) {
		if wd, ok := d.Weekday(); ok && wd >= 1 && wd <= 5 {
			weeks[casework.WeekStartOf(d)] = true
		}
	}
	return len(weeks)
}

// statusOf combines the criteria of an item that has some work.
func statusOf(fs []Figure) Status {
	for _, f := range fs {
		if f.Met != nil && !*f.Met {
			return Improve
		}
	}
	return Pass
}

func met(b bool) *bool { return &b }

// num prints a number without trailing zeros.
func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// shortfalls are the reasons of the figures that miss their norm.
func shortfalls(fs []Figure) []string {
	var out []string
	for _, f := range fs {
		if f.Met != nil && !*f.Met {
			out = append(out, fmt.Sprintf("%s为%s，未达到%s的要求。", f.Label, f.Text, f.Norm))
		}
	}
	return out
}

// finish sets an item's status and reasons: not started with why, else
// the shortfalls and extra reasons, or a line saying all is met.
func finish(it Item, started bool, idle string, extra ...string) Item {
	if it.Figures == nil {
		it.Figures = []Figure{}
	}
	if !started {
		it.Status = NotStarted
		it.Reasons = []string{idle}
		return it
	}
	it.Status = statusOf(it.Figures)
	it.Reasons = append(shortfalls(it.Figures), extra...)
	if it.Status == Pass && len(extra) == 0 {
		it.Reasons = append(it.Reasons, "各项均达到要求。")
	}
	if len(extra) > 0 && it.Status == Pass {
		it.Status = Improve
	}
	if it.Reasons == nil {
		it.Reasons = []string{}
	}
	return it
}

func (c *checker) mechanism() Item {
	it := Item{Code: casework.ItemMechanism}
	atts := map[string]*casework.Attachment{}
	for _, a := range c.in.Attachments {
		atts[a.ID] = a
	}
	present := 0
	var missing []string
	for _, k := range casework.AllDocumentKinds() {
		label := casework.Label(casework.LangZH, "selfcheck.document."+string(k))
		var doc *casework.SchoolDocument
		for i := range c.sc.Documents {
			if c.sc.Documents[i].Kind == k && strings.TrimSpace(c.sc.Documents[i].Title) != "" {
				doc = &c.sc.Documents[i]
				break
			}
		}
		if doc == nil {
			missing = append(missing, label)
			it.Evidence = append(it.Evidence, Evidence{Text: label + "：缺", Document: k})
			continue
		}
		present++
		text := label + "：《" + strings.Trim(doc.Title, "《》") + "》"
		var meta []string
		if doc.DocNo != "" {
			meta = append(meta, doc.DocNo)
		}
		if doc.IssuedOn.Valid() {
			meta = append(meta, string(doc.IssuedOn))
		}
		if len(meta) > 0 {
			text += "（" + strings.Join(meta, "，") + "）"
		}
		e := Evidence{Present: true, Document: k}
		if doc.AttachmentID != "" {
			if a, ok := atts[doc.AttachmentID]; ok {
				text += "，附件" + a.Filename
				e.Refs = []figures.Ref{{Kind: casework.KindAttachment, ID: a.ID}}
			} else {
				text += "，扫描件未找到"
			}
		}
		e.Text = text
		it.Evidence = append(it.Evidence, e)
	}
	all := len(casework.AllDocumentKinds())
	it.Figures = []Figure{{
		Key: "documents", Label: "工作机制文件", Value: float64(present),
		Text: fmt.Sprintf("%d/%d份", present, all), Norm: fmt.Sprintf("%d份齐全", all), Met: met(present == all),
	}}
	var extra []string
	if len(missing) > 0 && present > 0 {
		extra = append(extra, "缺少："+strings.Join(missing, "、")+"。")
	}
	it = finish(it, present > 0, "未登记领导小组文件、工作制度、危机干预预案、转介制度。", extra...)
	return it
}

func (c *checker) staffing() Item {
	it := Item{Code: casework.ItemStaffing}
	s := c.school
	teachers := s.FulltimeCounselors + s.ParttimeCounselors
	needed := 0
	if c.n.StudentsPerCounselor > 0 {
		needed = (s.StudentCount + c.n.StudentsPerCounselor - 1) / c.n.StudentsPerCounselor
	}
	it.Figures = append(it.Figures,
		Figure{Key: "students", Label: "在校学生数", Value: float64(s.StudentCount), Text: fmt.Sprintf("%d人", s.StudentCount)},
		Figure{Key: "fulltime", Label: "专职心理教师", Value: float64(s.FulltimeCounselors), Text: fmt.Sprintf("%d人", s.FulltimeCounselors)},
		Figure{Key: "parttime", Label: "兼职心理教师", Value: float64(s.ParttimeCounselors), Text: fmt.Sprintf("%d人", s.ParttimeCounselors)},
		Figure{Key: "ratio", Label: "专兼职心理教师", Value: float64(teachers), Text: fmt.Sprintf("%d人", teachers),
			Norm: fmt.Sprintf("按1∶%d不少于%d人", c.n.StudentsPerCounselor, needed), Met: met(teachers >= needed)},
	)
	if s.StudentCount > c.n.FulltimeAboveStudents {
		it.Figures = append(it.Figures, Figure{Key: "fulltime_rule", Label: "专职心理教师", Value: float64(s.FulltimeCounselors),
			Text: fmt.Sprintf("%d人", s.FulltimeCounselors), Norm: fmt.Sprintf("学生超过%d人至少1名专职", c.n.FulltimeAboveStudents),
			Met: met(s.FulltimeCounselors >= 1)})
	}
	hours := c.fig.B4
	f := Figure{Key: "training_hours", Label: "本学期专职教师培训学时", Value: hours, Text: num(hours) + "学时", Refs: figures.Drill(c.d, c.p, "B4")}
	if c.n.TrainingHoursPerYear > 0 && c.n.TermsPerYear > 0 {
		want := c.n.TrainingHoursPerYear / float64(c.n.TermsPerYear)
		f.Norm = fmt.Sprintf("每年%s学时、每学期不少于%s学时", num(c.n.TrainingHoursPerYear), num(want))
		f.Met = met(hours >= want-1e-9)
	}
	it.Figures = append(it.Figures, f)
	it.Evidence = []Evidence{{Text: "学校基本信息：在校学生数、专兼职心理教师数", Present: true}}
	return finish(it, teachers > 0, "未配备专职或兼职心理教师。")
}

func (c *checker) room() Item {
	it := Item{Code: casework.ItemRoom}
	r := c.school.Room
	has := 0.0
	text := "未建"
	if r.HasRoom {
		has, text = 1, "已建"
	}
	it.Figures = append(it.Figures, Figure{Key: "has_room", Label: "心理辅导室", Value: has, Text: text, Norm: "建有", Met: met(r.HasRoom)})
	area := Figure{Key: "area_m2", Label: "使用面积", Value: r.AreaM2, Text: num(r.AreaM2) + "平方米"}
	if c.n.RoomMinAreaM2 > 0 {
		area.Norm, area.Met = "不少于"+num(c.n.RoomMinAreaM2)+"平方米", met(r.AreaM2 >= c.n.RoomMinAreaM2)
	}
	zt := fmt.Sprintf("%d个", len(r.Zones))
	if len(r.Zones) > 0 {
		zt += "（" + strings.Join(r.Zones, "、") + "）"
	}
	zones := Figure{Key: "zones", Label: "功能区", Value: float64(len(r.Zones)), Text: zt}
	if c.n.RoomMinZones > 0 {
		zones.Norm, zones.Met = fmt.Sprintf("不少于%d个", c.n.RoomMinZones), met(len(r.Zones) >= c.n.RoomMinZones)
	}
	days := schoolDays(c.p)
	open := c.fig.C2
	of := Figure{Key: "open_days", Label: "开放天数", Value: float64(open), Text: fmt.Sprintf("%d天（上课日%d天）", open, days),
		Refs: figures.Drill(c.d, c.p, "C2")}
	if c.n.RoomOpenPercent > 0 {
		need := int(math.Ceil(float64(c.n.RoomOpenPercent*days) / 100))
		of.Norm, of.Met = fmt.Sprintf("不少于上课日的%d%%（%d天）", c.n.RoomOpenPercent, need), met(open*100 >= c.n.RoomOpenPercent*days)
	}
	it.Figures = append(it.Figures, area, zones, of)
	it.Evidence = []Evidence{{Text: "学校基本信息：心理辅导室面积与功能区", Present: r.HasRoom}}
	return finish(it, r.HasRoom, "未建心理辅导室。")
}

// phoneDigits keeps the digits of a phone number.
func phoneDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		if r >= '０' && r <= '９' {
			return '0' + (r - '０')
		}
		return -1
	}, s)
}

func (c *checker) hotline() Item {
	it := Item{Code: casework.ItemHotline}
	published := map[string]bool{}
	var shown []string
	for _, h := range c.school.Hotlines {
		if d := phoneDigits(h.Number); d != "" {
			published[d] = true
			shown = append(shown, h.String())
		}
	}
	text := fmt.Sprintf("%d条", len(shown))
	if len(shown) > 0 {
		text += "（" + strings.Join(shown, "；") + "）"
	}
	it.Figures = append(it.Figures, Figure{Key: "published", Label: "公布的热线", Value: float64(len(shown)), Text: text})
	var missing []string
	for _, n := range c.n.Hotlines {
		if !published[phoneDigits(n)] {
			missing = append(missing, n)
		}
	}
	if len(c.n.Hotlines) > 0 {
		have := len(c.n.Hotlines) - len(missing)
		it.Figures = append(it.Figures, Figure{Key: "required", Label: "须公布的热线", Value: float64(have),
			Text: fmt.Sprintf("已公布%d/%d条", have, len(c.n.Hotlines)), Norm: "公布" + strings.Join(c.n.Hotlines, "、"), Met: met(len(missing) == 0)})
	}
	it.Evidence = []Evidence{{Text: "学校基本信息：公布的心理援助热线", Present: len(shown) > 0}}
	var extra []string
	if len(missing) > 0 && len(shown) > 0 {
		extra = append(extra, "未公布："+strings.Join(missing, "、")+"。")
	}
	return finish(it, len(shown) > 0, "未公布心理援助热线。", extra...)
}

// wholeSchool reports whether an activity target means every grade.
func wholeSchool(target string) bool {
	t := strings.TrimSpace(target)
	return t == "" || strings.Contains(t, "全校") || strings.Contains(t, "全体") || strings.Contains(t, "各年级")
}

// reaches reports whether an activity with target reaches grade g.
func (c *checker) reaches(target, g string) bool {
	if wholeSchool(target) || strings.Contains(target, g) {
		return true
	}
	for _, cl := range c.classes[g] {
		if strings.Contains(target, cl) {
			return true
		}
	}
	return false
}

// perGrade counts activities of kind in the period per grade and
// returns the grades below want.
func (c *checker) perGrade(kind casework.ActivityKind, want int) (short []string, counts map[string]int) {
	grades := c.grades
	if len(grades) == 0 {
		grades = []string{""} // no students: the school is one grade
	}
	counts = map[string]int{}
	for _, a := range c.d.Activities {
		if a.Kind != kind || !c.p.Contains(a.Date) {
			continue
		}
		for _, g := range grades {
			if g == "" || c.reaches(a.Target, g) {
				counts[g]++
			}
		}
	}
	for _, g := range grades {
		if counts[g] < want {
			name := g
			if name == "" {
				name = "全校"
			}
			short = append(short, fmt.Sprintf("%s%d次", name, counts[g]))
		}
	}
	return short, counts
}

func (c *checker) courses() Item {
	it := Item{Code: casework.ItemCourses}
	weeks := schoolWeeks(c.p)
	classes := c.classCount()
	lessons := c.fig.D1
	lf := Figure{Key: "lessons", Label: "心理健康课课时", Value: float64(lessons), Refs: figures.Drill(c.d, c.p, "D1")}
	lf.Text = fmt.Sprintf("%d课时（%d个班，%d个教学周）", lessons, classes, weeks)
	if classes > 0 {
		lf.Text = fmt.Sprintf("%d课时，平均每班%s课时（%d个班，%d个教学周）", lessons, num(math.Round(float64(lessons)/float64(classes)*10)/10), classes, weeks)
	}
	if c.n.LessonEveryWeeks > 0 {
		want := weeks / c.n.LessonEveryWeeks * classes
		lf.Norm = fmt.Sprintf("每班每%d周1课时，共%d课时", c.n.LessonEveryWeeks, want)
		lf.Met = met(lessons >= want)
	}
	it.Figures = append(it.Figures, lf)
	for _, x := range []struct {
		key, label string
		kind       casework.ActivityKind
		code       string
		want       int
	}{
		{"class_meetings", "主题班会", casework.ActivityKindClassMeeting, "D2", c.n.ClassMeetingsPerGrade},
		{"special_events", "专题活动", casework.ActivityKindSpecialEvent, "D3", c.n.SpecialEventsPerGrade},
	} {
		short, counts := c.perGrade(x.kind, x.want)
		total := c.fig.D3
		if x.code == "D2" {
			total = c.fig.D2
		}
		text := fmt.Sprintf("%d次", total)
		if len(c.grades) > 0 {
			var per []string
			for _, g := range c.grades {
				per = append(per, fmt.Sprintf("%s%d次", g, counts[g]))
			}
			text += "（" + strings.Join(per, "、") + "）"
		}
		f := Figure{Key: x.key, Label: x.label, Value: float64(total), Text: text, Refs: figures.Drill(c.d, c.p, x.code)}
		if x.want > 0 {
			f.Norm = fmt.Sprintf("每个年级不少于%d次", x.want)
			f.Met = met(len(short) == 0) // the figure's text names each grade's count
		}
		it.Figures = append(it.Figures, f)
	}
	started := lessons > 0 || c.fig.D2 > 0 || c.fig.D3 > 0
	return finish(it, started, "本学期没有心理健康课、主题班会或专题活动记录。")
}

func (c *checker) group() Item {
	it := Item{Code: casework.ItemGroup}
	h1, h2 := c.fig.H1, c.fig.H2
	f := Figure{Key: "sessions", Label: "团体辅导场次", Value: float64(h1), Text: fmt.Sprintf("%d场", h1), Refs: figures.Drill(c.d, c.p, "H1")}
	if c.n.GroupSessionsPerTerm > 0 {
		f.Norm, f.Met = fmt.Sprintf("每学期不少于%d场", c.n.GroupSessionsPerTerm), met(h1 >= c.n.GroupSessionsPerTerm)
	}
	it.Figures = []Figure{f, {Key: "participants", Label: "参与人次", Value: float64(h2), Text: fmt.Sprintf("%d人次", h2)}}
	return finish(it, h1 > 0, "本学期没有团体辅导记录。")
}

func (c *checker) committee() Item {
	it := Item{Code: casework.ItemCommittee}
	at := c.p.To
	withMember := map[string]bool{}
	var activeRefs []figures.Ref
	everActive := false
	for _, m := range c.d.CommitteeMembers {
		if m.ActiveAt(at) {
			withMember[m.Class] = true
			activeRefs = append(activeRefs, figures.Ref{Kind: casework.KindCommitteeMember, ID: m.ID})
		}
		if m.AppointedOn.Valid() && m.AppointedOn <= c.p.To && (m.LeftOn.IsZero() || m.LeftOn > c.p.From) {
			everActive = true
		}
	}
	classes := c.classCount()
	cf := Figure{Key: "classes_with_member", Label: "已设心理委员的班级", Value: float64(len(withMember)),
		Text: fmt.Sprintf("%d/%d个班", len(withMember), classes), Norm: "每班均设", Met: met(classes > 0 && len(withMember) >= classes), Refs: activeRefs}
	trainings := c.fig.L3
	tf := Figure{Key: "trainings", Label: "心理委员培训", Value: float64(trainings), Text: fmt.Sprintf("%d次", trainings), Refs: figures.Drill(c.d, c.p, "L3")}
	if c.n.CommitteeTrainingsPerTerm > 0 {
		tf.Norm, tf.Met = fmt.Sprintf("每学期不少于%d次", c.n.CommitteeTrainingsPerTerm), met(trainings >= c.n.CommitteeTrainingsPerTerm)
	}
	weeks := schoolWeeks(c.p)
	first := casework.WeekStartOf(c.p.From)
	seen := map[string]bool{}
	var reportRefs []figures.Ref
	for _, r := range c.d.ClassReports {
		if !r.WeekStart.InRange(first, c.p.To) {
			continue
		}
		k := r.Class + "\x00" + string(r.WeekStart)
		if seen[k] {
			continue
		}
		seen[k] = true
		reportRefs = append(reportRefs, figures.Ref{Kind: casework.KindClassReport, ID: r.ID})
	}
	reports := len(reportRefs)
	rf := Figure{Key: "reports", Label: "班级心理晴雨表/周报", Value: float64(reports),
		Text: fmt.Sprintf("%d份（应%d周×%d班=%d份）", reports, weeks, classes, weeks*classes), Refs: reportRefs}
	if c.n.ClassReportPercent > 0 {
		rf.Norm = fmt.Sprintf("上报率不少于%d%%", c.n.ClassReportPercent)
		rf.Met = met(reports*100 >= c.n.ClassReportPercent*weeks*classes)
	}
	it.Figures = []Figure{cf, tf, rf}
	var extra []string
	if classes == 0 && everActive {
		extra = append(extra, "未设置班级数，无法核对每班是否设有心理委员。")
	}
	if (everActive || trainings > 0 || reports > 0) && !*cf.Met {
		var without []string
		for _, cl := range c.all {
			if !withMember[cl] {
				without = append(without, cl)
			}
		}
		if len(without) > 0 {
			extra = append(extra, "期末未设心理委员的班级："+strings.Join(without, "、")+"。")
		}
	}
	started := everActive || trainings > 0 || reports > 0
	it = finish(it, started, "本学期没有心理委员、培训或周报记录。")
	if started {
		it.Reasons = append(it.Reasons, extra...)
	}
	return it
}

func (c *checker) keyStudents() Item {
	it := Item{Code: casework.ItemKeyStudents}
	deadline := c.term.Start.AddDays(c.n.ScreeningWithinDays)
	var inWindow, inTerm []figures.Ref
	for _, s := range c.d.Screenings {
		r := figures.Ref{Kind: casework.KindScreening, ID: s.ID}
		if s.DateTo.InRange(c.term.Start, deadline) && s.DateTo <= c.p.To {
			inWindow = append(inWindow, r)
		}
		if c.p.Contains(s.DateTo) {
			inTerm = append(inTerm, r)
		}
	}
	sf := Figure{Key: "screening", Label: "开学后排查", Value: float64(len(inWindow)),
		Text: fmt.Sprintf("截至%s完成%d次", deadline, len(inWindow)), Norm: fmt.Sprintf("开学%d天内（%s及以前）完成一次排查", c.n.ScreeningWithinDays, deadline),
		Met: met(len(inWindow) > 0), Refs: inWindow}
	onRoll, plans := c.fig.F1, c.fig.F4
	pf := Figure{Key: "plans", Label: "已建立一生一策", Value: float64(plans), Text: fmt.Sprintf("%d/%d人", plans, onRoll),
		Refs: figures.Drill(c.d, c.p, "F4")}
	if c.n.PlanPercent > 0 {
		pf.Norm, pf.Met = fmt.Sprintf("覆盖率不少于%d%%", c.n.PlanPercent), met(plans*100 >= c.n.PlanPercent*onRoll)
	}
	var overdue []figures.Ref
	for _, k := range c.d.KeyStudents {
		if due, ok := k.FollowUpDue(c.p.To, c.d.Settings.RiskLevels); ok && due < c.p.To {
			overdue = append(overdue, figures.Ref{Kind: casework.KindKeyStudent, ID: k.ID, Date: due})
		}
	}
	of := Figure{Key: "overdue_follow_ups", Label: "到期未跟踪的重点学生", Value: float64(len(overdue)),
		Text: fmt.Sprintf("%d人", len(overdue)), Norm: "0人", Met: met(len(overdue) == 0), Refs: overdue}
	it.Figures = append([]Figure{sf}, c.screeningResults(inTerm)...)
	it.Figures = append(it.Figures,
		Figure{Key: "on_roll", Label: "期末在册重点学生", Value: float64(onRoll), Text: fmt.Sprintf("%d人", onRoll), Refs: figures.Drill(c.d, c.p, "F1")},
		pf, of)
	started := len(inTerm) > 0 || onRoll > 0
	return finish(it, started, "本学期没有测评排查记录，也没有在册重点学生。")
}

// screeningResults are the figures of the term's screenings that carry
// results down to the student (docs/DOMAIN.md "Screening results"):
// students screened, valid results flagged, and flagged students
// interviewed, which must be all of them. None without results.
func (c *checker) screeningResults(inTerm []figures.Ref) []Figure {
	ids := map[string]bool{}
	for _, r := range inTerm {
		ids[r.ID] = true
	}
	var screened, flagged, interviewed []figures.Ref
	for _, r := range c.d.ScreeningResults {
		if !ids[r.ScreeningID] || r.Date != "" && r.Date > c.p.To {
			continue
		}
		ref := figures.Ref{Kind: casework.KindScreeningResult, ID: r.ID}
		screened = append(screened, ref)
		if r.NeedsInterview() {
			flagged = append(flagged, ref)
			if r.Interviewed() && r.InterviewedOn <= c.p.To {
				interviewed = append(interviewed, ref)
			}
		}
	}
	if len(screened) == 0 {
		return nil
	}
	return []Figure{
		{Key: "screened", Label: "测评结果（到人）", Value: float64(len(screened)), Text: fmt.Sprintf("%d人", len(screened)), Refs: screened},
		{Key: "flagged", Label: "初筛需关注", Value: float64(len(flagged)), Text: fmt.Sprintf("%d人", len(flagged)), Refs: flagged},
		{Key: "interviewed", Label: "需关注学生已访谈", Value: float64(len(interviewed)),
			Text: fmt.Sprintf("%d/%d人", len(interviewed), len(flagged)), Norm: "初筛需关注的学生全部访谈",
			Met: met(len(interviewed) == len(flagged)), Refs: interviewed},
	}
}

// evidenceOf lists the records an item's figures count, one line per
// kind of record.
func evidenceOf(fs []Figure) []Evidence {
	byKind := map[casework.Kind][]figures.Ref{}
	var order []casework.Kind
	seen := map[figures.Ref]bool{}
	for _, f := range fs {
		for _, r := range f.Refs {
			key := figures.Ref{Kind: r.Kind, ID: r.ID}
			if seen[key] || r.Kind == casework.KindAttachment {
				continue
			}
			seen[key] = true
			if _, ok := byKind[r.Kind]; !ok {
				order = append(order, r.Kind)
			}
			byKind[r.Kind] = append(byKind[r.Kind], key)
		}
	}
	var out []Evidence
	for _, k := range order {
		out = append(out, Evidence{
			Text:    fmt.Sprintf("%s记录%d条", casework.Label(casework.LangZH, "record."+string(k)), len(byKind[k])),
			Present: true, Refs: byKind[k],
		})
	}
	return out
}

// checklist evaluates the "八个一" entries against the items.
func (c *checker) checklist(r *Result) []ChecklistEntry {
	items := c.sc.Checklist
	if c.in.Data.Settings.SelfCheck == nil || items == nil {
		items = casework.DefaultChecklist()
	}
	registered := map[casework.DocumentKind]bool{}
	for _, d := range c.sc.Documents {
		if strings.TrimSpace(d.Title) != "" {
			registered[d.Kind] = true
		}
	}
	out := make([]ChecklistEntry, 0, len(items))
	for _, ci := range items {
		e := ChecklistEntry{ID: ci.ID, Label: ci.Label, Evidence: ci.Evidence, Default: ci.Default, Reasons: []string{}}
		var parts []Status
		for _, l := range ci.Links {
			code, key, hasKey := strings.Cut(l, ".")
			it, ok := r.Item(casework.SelfCheckItem(code))
			if !ok {
				e.Reasons = append(e.Reasons, "关联项目“"+l+"”不存在。")
				parts = append(parts, Improve)
				continue
			}
			name := casework.Label(casework.LangZH, "selfcheck.item."+code)
			if !hasKey {
				parts = append(parts, it.Status)
				e.Reasons = append(e.Reasons, name+"："+casework.Label(casework.LangZH, "selfcheck.status."+string(it.Status))+"。")
				for _, f := range it.Figures {
					e.Refs = append(e.Refs, f.Refs...)
				}
				continue
			}
			f, ok := it.Figure(key)
			if !ok {
				e.Reasons = append(e.Reasons, "关联数据“"+l+"”不存在。")
				parts = append(parts, Improve)
				continue
			}
			st := Improve
			switch {
			case f.Value == 0 && (f.Met == nil || !*f.Met):
				st = NotStarted
			case f.Met == nil || *f.Met:
				st = Pass
			}
			parts = append(parts, st)
			e.Reasons = append(e.Reasons, fmt.Sprintf("%s：%s。", f.Label, f.Text))
			e.Refs = append(e.Refs, f.Refs...)
		}
		for _, d := range ci.Documents {
			label := casework.Label(casework.LangZH, "selfcheck.document."+string(d))
			if registered[d] {
				parts = append(parts, Pass)
			} else {
				parts = append(parts, NotStarted)
				e.Reasons = append(e.Reasons, "缺"+label+"。")
			}
		}
		switch {
		case len(parts) == 0 && ci.Done:
			e.Status = Pass
			e.Reasons = append(e.Reasons, "已由学校自查确认。")
		case len(parts) == 0:
			e.Status = NotStarted
			e.Reasons = append(e.Reasons, "尚未确认。")
		default:
			e.Status = combine(parts)
		}
		out = append(out, e)
	}
	return out
}

// combine is all 达标 → 达标, all 未开展 → 未开展, else 需改进.
func combine(ss []Status) Status {
	pass, idle := true, true
	for _, s := range ss {
		pass = pass && s == Pass
		idle = idle && s == NotStarted
	}
	switch {
	case pass:
		return Pass
	case idle:
		return NotStarted
	}
	return Improve
}
