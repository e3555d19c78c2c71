package casework

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// School years, leavers and the class of the day (docs/DOMAIN.md "Time:
// school years, leavers, and the class of the day").

// Release bases written when a key student's student leaves.
const (
	ReleaseBasisGraduated   = "毕业离校"
	ReleaseBasisTransferred = "转出"
)

// OnRoll reports whether the student is on roll on d: enrolled, or left
// on a later day. A graduated or transferred student without left_on (a
// version 1 document) is never on roll.
func (s *Student) OnRoll(d Date) bool {
	if s.Enrolled() {
		return true
	}
	return s.LeftOn.Valid() && d < s.LeftOn
}

// ClassOn returns the grade and class in force on d: the latest history
// entry dated on or before d, else the first entry; a student without a
// history has their grade and class on every day.
func (s *Student) ClassOn(d Date) (grade, class string) {
	if len(s.ClassHistory) == 0 {
		return s.Grade, s.Class
	}
	best, first := -1, 0
	for i, e := range s.ClassHistory {
		if e.From < s.ClassHistory[first].From {
			first = i
		}
		if e.From.Valid() && e.From <= d && (best < 0 || e.From >= s.ClassHistory[best].From) {
			best = i
		}
	}
	if best < 0 {
		best = first
	}
	return s.ClassHistory[best].Grade, s.ClassHistory[best].Class
}

// LeaverMark is what a printed document adds after the name of a student
// who has left: （2026届毕业） or （已转出）; "" for a student at school.
func (s *Student) LeaverMark() string {
	switch s.Status {
	case StudentStatusGraduated:
		y := s.GraduationYear
		if y == 0 && s.LeftOn.Valid() {
			y = s.LeftOn.Year()
		}
		if y > 0 {
			return "（" + strconv.Itoa(y) + "届毕业）"
		}
		return "（已毕业）"
	case StudentStatusTransferred:
		return "（已转出）"
	}
	return ""
}

// moveTo puts the student in grade and class from day on: a history entry
// (the current class becomes the first entry of a student who had none).
// An entry already dated on is replaced.
func (s *Student) moveTo(on Date, grade, class string) {
	grade, class = NormalizeClass(grade, class)
	h := slices.Clone(s.ClassHistory)
	if len(h) == 0 {
		from := on.AddDays(-1)
		if d := DateOf(s.CreatedAt); d.Valid() && d < from {
			from = d
		}
		h = []ClassEntry{{From: from, Grade: s.Grade, Class: s.Class}}
	}
	if last := &h[len(h)-1]; last.From == on {
		last.Grade, last.Class = grade, class
	} else {
		h = append(h, ClassEntry{From: on, Grade: grade, Class: class})
	}
	s.ClassHistory, s.Grade, s.Class = h, grade, class
}

// normalizeHistory writes the history's classes canonically and keeps its
// latest entry equal to the student's grade and class, which the student
// form edits (a correction of the current class).
func (s *Student) normalizeHistory() {
	if len(s.ClassHistory) == 0 {
		return
	}
	h := slices.Clone(s.ClassHistory)
	slices.SortStableFunc(h, func(a, b ClassEntry) int {
		switch {
		case a.From < b.From:
			return -1
		case a.From > b.From:
			return 1
		}
		return 0
	})
	for i := range h {
		h[i].Grade, h[i].Class = NormalizeClass(h[i].Grade, h[i].Class)
	}
	h[len(h)-1].Grade, h[len(h)-1].Class = s.Grade, s.Class
	s.ClassHistory = h
}

// validateTime checks left_on and class_history (called from Validate).
func (x *Student) validateTime(c *checker) {
	c.date("left_on", x.LeftOn, false)
	if x.LeftOn != "" && x.Enrolled() {
		c.fail("left_on", RuleOrder, "在校学生没有%s", "a student at school has no %s")
	}
	for i, e := range x.ClassHistory {
		ec := c.at("class_history", i, "class_entry")
		ec.date("from", e.From, true)
		ec.required("grade", e.Grade)
		ec.required("class", e.Class)
		if i > 0 && e.From.Valid() && e.From <= x.ClassHistory[i-1].From {
			ec.fail("from", RuleOrder, "%s应晚于上一条", "%s must be after the entry before")
		}
	}
}

// LastPromotion returns the latest day a class change or a graduation took
// effect among students: a promotion must come after it. "" when there is
// none.
func LastPromotion(students []*Student) Date {
	var last Date
	for _, s := range students {
		for i, e := range s.ClassHistory {
			if i > 0 && e.From > last {
				last = e.From
			}
		}
		if s.Status == StudentStatusGraduated && s.LeftOn > last {
			last = s.LeftOn
		}
	}
	return last
}

// PromotionRow is one class of a promotion: the class the day before and
// the class it moves to, or Graduates. NextGrade and NextClass are
// editable (a class re-dealt, a label the order does not know).
type PromotionRow struct {
	Grade     string `json:"grade"`
	Class     string `json:"class"`
	Students  int    `json:"students"`
	NextGrade string `json:"next_grade,omitempty"`
	NextClass string `json:"next_class,omitempty"`
	Graduates bool   `json:"graduates"`
}

// Promotion is the preview of a promotion on On (升年级): one row per class
// with students on roll, in grade and class order.
type Promotion struct {
	On   Date           `json:"on"`
	Rows []PromotionRow `json:"rows"`
}

// PlanPromotion returns the promotion of students on day on for stage:
// every class to its next class by the same number, the top grades to
// graduation (NextClass).
func PlanPromotion(students []*Student, on Date, stage Stage) Promotion {
	type key struct{ g, c string }
	n := map[key]int{}
	var keys []key
	for _, s := range students {
		if !s.OnRoll(on) {
			continue
		}
		k := key{s.Grade, s.Class}
		if _, ok := n[k]; !ok {
			keys = append(keys, k)
		}
		n[k]++
	}
	slices.SortFunc(keys, func(a, b key) int { return CompareClass(a.g, a.c, b.g, b.c) })
	p := Promotion{On: on, Rows: []PromotionRow{}}
	for _, k := range keys {
		ng, nc, grad := NextClass(stage, k.g, k.c)
		p.Rows = append(p.Rows, PromotionRow{Grade: k.g, Class: k.c, Students: n[k], NextGrade: ng, NextClass: nc, Graduates: grad})
	}
	return p
}

// promotionError is a refusal of a promotion, naming the row (1-based)
// when a row is at fault.
func promotionError(row int, zh, en string, args ...any) *Error {
	e := &Error{Code: EINVALID, Field: "rows", MessageZH: fmt.Sprintf(zh, args...), MessageEN: fmt.Sprintf(en, args...)}
	if row > 0 {
		e.Field = fmt.Sprintf("rows[%d]", row-1)
		e.MessageZH = fmt.Sprintf("第 %d 行：", row) + e.MessageZH
		e.MessageEN = fmt.Sprintf("row %d: ", row) + e.MessageEN
	}
	return e
}

// Check refuses a promotion dated on or before the last one, a row with
// no class to move to, a class listed twice and two classes sent to one
// class, naming the row.
func (p Promotion) Check(students []*Student) error {
	if !p.On.Valid() {
		return &Error{Code: EINVALID, Field: "on", MessageZH: "升年级日期应为有效日期（YYYY-MM-DD）", MessageEN: "the promotion date must be a valid date (YYYY-MM-DD)"}
	}
	if last := LastPromotion(students); last != "" && p.On <= last {
		return &Error{Code: EINVALID, Field: "on",
			MessageZH: fmt.Sprintf("升年级日期 %s 应晚于上一次升年级或调班（%s）", p.On, last),
			MessageEN: fmt.Sprintf("the promotion date %s must be after the last promotion or class change (%s)", p.On, last)}
	}
	type key struct{ g, c string }
	from, to := map[key]int{}, map[key]int{}
	for i, r := range p.Rows {
		k := key{r.Grade, r.Class}
		if j, ok := from[k]; ok {
			return promotionError(i+1, "%s%s 已在第 %d 行", "%s %s is already on row %d", r.Grade, r.Class, j)
		}
		from[k] = i + 1
		if r.Graduates {
			continue
		}
		g, c := NormalizeClass(r.NextGrade, r.NextClass)
		if g == "" || c == "" {
			return promotionError(i+1, "请为 %s%s 填写升入的年级和班级，或选择毕业", "fill in the grade and class %s %s moves to, or mark it as graduating", r.Grade, r.Class)
		}
		t := key{g, c}
		if j, ok := to[t]; ok {
			return promotionError(i+1, "%s%s 与第 %d 行升入同一个班级 %s%s", "%s %s moves to the same class as row %d (%s %s)", r.Grade, r.Class, j, g, c)
		}
		to[t] = i + 1
	}
	for _, s := range students {
		if s.OnRoll(p.On) {
			if _, ok := from[key{s.Grade, s.Class}]; !ok {
				return promotionError(0, "班级 %s%s 不在升年级表中", "class %s %s is not in the promotion table", s.Grade, s.Class)
			}
		}
	}
	return nil
}

// Move edits the row of a class: "七(1)班=八(3)班" sends class 七(1)班
// to 八(3)班 (a class re-dealt), naming the grade by the class label.
func (p *Promotion) Move(edit string) error {
	from, to, ok := strings.Cut(edit, "=")
	if !ok || strings.TrimSpace(to) == "" {
		return &Error{Code: EINVALID, Field: "move", MessageZH: "应写作 原班级=新班级：" + edit, MessageEN: "write OLD=NEW: " + edit}
	}
	_, fc := NormalizeClass("", from)
	tg, tc := NormalizeClass("", to)
	found := false
	for i := range p.Rows {
		if r := &p.Rows[i]; r.Class == fc {
			if tg != "" {
				r.NextGrade = tg
			}
			r.NextClass, r.Graduates, found = tc, false, true
		}
	}
	if !found {
		return &Error{Code: EINVALID, Field: "move", MessageZH: "升年级表中没有班级 " + strings.TrimSpace(from),
			MessageEN: "no class " + strings.TrimSpace(from) + " in the promotion table"}
	}
	return nil
}

// Changes are the records a promotion or a transfer changes: copies, for
// the caller to save in one transaction.
type Changes struct {
	Students         []*Student
	KeyStudents      []*KeyStudent
	CommitteeMembers []*CommitteeMember
}

// Empty reports whether nothing changes.
func (c Changes) Empty() bool {
	return len(c.Students)+len(c.KeyStudents)+len(c.CommitteeMembers) == 0
}

// Apply checks the promotion and returns its changes: students of a
// graduating class graduated on On (left_on, graduation_year), the others
// moved to their row's class from On; key students and committee members
// of leavers released and ended on On.
func (p Promotion) Apply(students []*Student, keys []*KeyStudent, members []*CommitteeMember) (Changes, error) {
	if err := p.Check(students); err != nil {
		return Changes{}, err
	}
	type key struct{ g, c string }
	rows := map[key]PromotionRow{}
	for _, r := range p.Rows {
		rows[key{r.Grade, r.Class}] = r
	}
	var ch Changes
	for _, s := range students {
		if !s.OnRoll(p.On) {
			continue
		}
		r := rows[key{s.Grade, s.Class}]
		c := s.clone()
		if r.Graduates {
			c.Status, c.LeftOn, c.GraduationYear = StudentStatusGraduated, p.On, p.On.Year()
			ch.Students = append(ch.Students, c)
			ch.leave(s.ID, p.On, ReleaseBasisGraduated, keys, members)
			continue
		}
		c.moveTo(p.On, r.NextGrade, r.NextClass)
		ch.Students = append(ch.Students, c)
	}
	return ch, nil
}

// leave releases the key-student entries and ends the committee terms of
// student id on day on.
func (ch *Changes) leave(id string, on Date, basis string, keys []*KeyStudent, members []*CommitteeMember) {
	for _, k := range keys {
		if k.StudentID == id && k.IncludedOn.Valid() && k.IncludedOn <= on && (k.ReleasedOn == "" || k.ReleasedOn > on) {
			c := *k
			c.ReleasedOn, c.ReleaseBasis = on, basis
			ch.KeyStudents = append(ch.KeyStudents, &c)
		}
	}
	for _, m := range members {
		if m.StudentID == id && m.AppointedOn.Valid() && m.AppointedOn <= on && (m.LeftOn == "" || m.LeftOn > on) {
			c := *m
			c.LeftOn = on
			ch.CommitteeMembers = append(ch.CommitteeMembers, &c)
		}
	}
}

func (s *Student) clone() *Student {
	c := *s
	c.ClassHistory = slices.Clone(s.ClassHistory)
	c.SpecialGroups = slices.Clone(s.SpecialGroups)
	return &c
}

// TransferOut returns the changes of student s leaving the school on day
// on (转出): status transferred, left_on, key students released with the
// basis 转出, committee terms ended.
func TransferOut(s *Student, on Date, keys []*KeyStudent, members []*CommitteeMember) (Changes, error) {
	if !on.Valid() {
		return Changes{}, &Error{Code: EINVALID, Field: "left_on", MessageZH: "转出日期应为有效日期（YYYY-MM-DD）", MessageEN: "the transfer date must be a valid date (YYYY-MM-DD)"}
	}
	if !s.Enrolled() {
		return Changes{}, &Error{Code: EINVALID, Field: "status", MessageZH: "该学生已不在校", MessageEN: "the student is no longer at school"}
	}
	if n := len(s.ClassHistory); n > 0 && on <= s.ClassHistory[n-1].From {
		return Changes{}, &Error{Code: EINVALID, Field: "left_on",
			MessageZH: fmt.Sprintf("转出日期应晚于最近一次调班（%s）", s.ClassHistory[n-1].From),
			MessageEN: fmt.Sprintf("the transfer date must be after the last class change (%s)", s.ClassHistory[n-1].From)}
	}
	c := s.clone()
	c.Status, c.LeftOn = StudentStatusTransferred, on
	ch := Changes{Students: []*Student{c}}
	ch.leave(s.ID, on, ReleaseBasisTransferred, keys, members)
	return ch, nil
}

// ReturnToSchool returns student s as enrolled again from day on (返校) in
// grade and class (empty: the class they left from): left_on cleared and a
// new history entry.
func ReturnToSchool(s *Student, on Date, grade, class string) (*Student, error) {
	if !on.Valid() {
		return nil, &Error{Code: EINVALID, Field: "from", MessageZH: "返校日期应为有效日期（YYYY-MM-DD）", MessageEN: "the return date must be a valid date (YYYY-MM-DD)"}
	}
	if s.Enrolled() {
		return nil, &Error{Code: EINVALID, Field: "status", MessageZH: "该学生在校", MessageEN: "the student is at school"}
	}
	if s.LeftOn.Valid() && on < s.LeftOn {
		return nil, &Error{Code: EINVALID, Field: "from",
			MessageZH: fmt.Sprintf("返校日期不能早于离校日期（%s）", s.LeftOn),
			MessageEN: fmt.Sprintf("the return date must not be before the day the student left (%s)", s.LeftOn)}
	}
	if grade == "" && class == "" {
		grade, class = s.Grade, s.Class
	}
	c := s.clone()
	c.Status, c.LeftOn, c.GraduationYear = StudentStatusEnrolled, "", 0
	if n := len(c.ClassHistory); n > 0 && on <= c.ClassHistory[n-1].From {
		on = c.ClassHistory[n-1].From.AddDays(1)
	}
	c.moveTo(on, grade, class)
	return c, nil
}
