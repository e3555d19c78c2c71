package casework

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Refs tells whether a referenced record exists. The store answers from
// the database; the importer answers from the document being imported.
type Refs interface {
	Exists(kind Kind, id string) bool
}

// Env is what validation needs beyond the record itself. The zero Env is
// usable: the default risk levels, and references left unchecked.
type Env struct {
	// Levels is the configured risk level set; nil means DefaultRiskLevels.
	Levels []RiskLevel
	// Refs checks that referenced records exist; nil skips the check.
	Refs Refs
}

func (e Env) levelKnown(code string) bool {
	lv := e.Levels
	if lv == nil {
		lv = DefaultRiskLevels()
	}
	for _, l := range lv {
		if l.Code == code {
			return true
		}
	}
	return false
}

// Rules of FieldError.Rule.
const (
	RuleRequired  = "required"
	RuleDate      = "date"
	RuleClock     = "clock"
	RuleMonth     = "month"
	RuleEnum      = "enum"
	RuleDuplicate = "duplicate"
	RuleNegative  = "negative"
	RulePositive  = "positive"
	RuleOrder     = "order"
	RuleRef       = "ref"
	RuleLevel     = "level"
	RuleMonday    = "monday"
	RuleClient    = "client"
	RuleFormat    = "format"
	RuleCount     = "count"
)

// checker collects the broken rules of one record. path is the key prefix
// inside the record ("levels[2]"), sub the label group of the keys
// ("level_entry"); at the top both are the record's.
type checker struct {
	env  Env
	kind Kind
	path string
	sub  string
	errs *ValidationErrors
}

func newChecker(kind Kind, env Env) *checker {
	return &checker{env: env, kind: kind, sub: string(kind), errs: &ValidationErrors{}}
}

// at returns a checker for element i of the list key whose elements have
// the label group sub.
func (c *checker) at(key string, i int, sub string) *checker {
	p := fmt.Sprintf("%s[%d]", key, i)
	if c.path != "" {
		p = c.path + "." + p
	}
	return &checker{env: c.env, kind: c.kind, path: p, sub: sub, errs: c.errs}
}

// in returns a checker for the sub-object key with the label group sub.
func (c *checker) in(key, sub string) *checker {
	p := key
	if c.path != "" {
		p = c.path + "." + key
	}
	return &checker{env: c.env, kind: c.kind, path: p, sub: sub, errs: c.errs}
}

func (c *checker) result() error {
	if len(*c.errs) == 0 {
		return nil
	}
	return *c.errs
}

func (c *checker) key(k string) string {
	if c.path == "" {
		return k
	}
	return c.path + "." + k
}

func (c *checker) label(lang Lang, k string) string {
	if i := strings.IndexByte(k, '['); i >= 0 {
		k = k[:i] // an element of a list of ids has the list's label
	}
	return Label(lang, "field."+c.sub+"."+k)
}

// fieldRef is an argument of a message that names another key of the
// record; fail writes it as that key's label in each language.
type fieldRef string

// outerRef names a key of another label group (the record that holds a
// list element), for rules that compare an element with its record.
type outerRef struct{ group, key string }

// fail records a broken rule. zh and en are formats whose first verb is
// the field's label; args follow it.
func (c *checker) fail(k, rule, zh, en string, args ...any) {
	msg := func(lang Lang, format string) string {
		a := make([]any, 0, len(args)+1)
		a = append(a, c.label(lang, k))
		for _, x := range args {
			switch r := x.(type) {
			case fieldRef:
				x = c.label(lang, string(r))
			case outerRef:
				x = Label(lang, "field."+r.group+"."+r.key)
			}
			a = append(a, x)
		}
		return fmt.Sprintf(format, a...)
	}
	*c.errs = append(*c.errs, FieldError{
		Kind:      c.kind,
		Key:       c.key(k),
		Rule:      rule,
		MessageZH: msg(LangZH, zh),
		MessageEN: msg(LangEN, en),
	})
}

func (c *checker) required(k string, v string) bool {
	if strings.TrimSpace(v) == "" {
		c.fail(k, RuleRequired, "%s为必填项", "%s is required")
		return false
	}
	return true
}

func (c *checker) date(k string, d Date, required bool) {
	if d.IsZero() {
		if required {
			c.required(k, "")
		}
		return
	}
	if !d.Valid() {
		c.fail(k, RuleDate, "%s不是有效日期（应为 YYYY-MM-DD）", "%s is not a valid date (want YYYY-MM-DD)")
	}
}

func (c *checker) clock(k string, t Clock) {
	if t != "" && !t.Valid() {
		c.fail(k, RuleClock, "%s不是有效时间（应为 HH:MM）", "%s is not a valid time (want HH:MM)")
	}
}

func (c *checker) month(k string, m Month, required bool) {
	if m == "" {
		if required {
			c.required(k, "")
		}
		return
	}
	if !m.Valid() {
		c.fail(k, RuleMonth, "%s不是有效月份（应为 YYYY-MM）", "%s is not a valid month (want YYYY-MM)")
	}
}

// enum checks a code; the code itself is safe to echo (it is never a name),
// but it is cut short in case a free text landed in an enum key.
func enum[T interface {
	~string
	Valid() bool
}](c *checker, k string, v T, required bool) {
	if v == "" {
		if required {
			c.required(k, "")
		}
		return
	}
	if !v.Valid() {
		c.fail(k, RuleEnum, "%s的取值“%s”不在可选范围内", "%s has an unknown code %q", short(string(v)))
	}
}

func set[T interface {
	~string
	Valid() bool
}](c *checker, k string, vs []T, required bool) {
	if len(vs) == 0 {
		if required {
			c.required(k, "")
		}
		return
	}
	seen := map[T]bool{}
	for _, v := range vs {
		if !v.Valid() {
			c.fail(k, RuleEnum, "%s的取值“%s”不在可选范围内", "%s has an unknown code %q", short(string(v)))
			continue
		}
		if seen[v] {
			c.fail(k, RuleDuplicate, "%s中“%s”重复", "%s lists %q twice", string(v))
		}
		seen[v] = true
	}
}

func short(s string) string {
	if r := []rune(s); len(r) > 20 {
		return string(r[:20]) + "…"
	}
	return s
}

func (c *checker) nonNegative(k string, n float64) {
	if n < 0 {
		c.fail(k, RuleNegative, "%s不能为负数", "%s must not be negative")
	}
}

func (c *checker) positive(k string, n int) {
	if n <= 0 {
		c.fail(k, RulePositive, "%s应大于 0", "%s must be greater than 0")
	}
}

// notBefore checks that the later date is not before the earlier one,
// when both are valid.
func (c *checker) notBefore(laterKey string, later Date, earlierKey string, earlier Date) {
	if later.Valid() && earlier.Valid() && later.Before(earlier) {
		c.fail(laterKey, RuleOrder, "%s不能早于%s", "%s must not be before %s", fieldRef(earlierKey))
	}
}

// notBeforeOuter is notBefore for a list element's date and a date of
// the record that holds the list.
func (c *checker) notBeforeOuter(laterKey string, later Date, outer outerRef, earlier Date) {
	if later.Valid() && earlier.Valid() && later.Before(earlier) {
		c.fail(laterKey, RuleOrder, "%s不能早于%s", "%s must not be before %s", outer)
	}
}

func (c *checker) ref(k string, kind Kind, id string, required bool) {
	if id == "" {
		if required {
			c.required(k, "")
		}
		return
	}
	if c.env.Refs != nil && !c.env.Refs.Exists(kind, id) {
		c.fail(k, RuleRef, "%s指向的记录不存在", "%s refers to a record that does not exist")
	}
}

func (c *checker) level(k, code string, required bool) {
	if code == "" {
		if required {
			c.required(k, "")
		}
		return
	}
	if !c.env.levelKnown(code) {
		c.fail(k, RuleLevel, "%s“%s”不是已设置的关注等级", "%s %q is not a configured risk level", short(code))
	}
}

func (c *checker) sha256(k, h string, required bool) {
	if h == "" {
		if required {
			c.required(k, "")
		}
		return
	}
	if b, err := hex.DecodeString(h); err != nil || len(b) != 32 || strings.ToLower(h) != h {
		c.fail(k, RuleFormat, "%s应为 64 位小写十六进制 SHA-256 值", "%s must be a lowercase hex SHA-256")
	}
}

// Validate checks a student.
func (x *Student) Validate(env Env) error {
	c := newChecker(KindStudent, env)
	c.text(x)
	c.required("name", x.Name)
	enum(c, "gender", x.Gender, true)
	c.date("birth_date", x.BirthDate, false)
	c.required("grade", x.Grade)
	c.required("class", x.Class)
	enum(c, "family_structure", x.FamilyStructure, false)
	set(c, "special_groups", x.SpecialGroups, false)
	enum(c, "status", x.Status, false)
	if x.GraduationYear != 0 && (x.GraduationYear < 1900 || x.GraduationYear > 2200) {
		c.fail("graduation_year", RuleFormat, "%s应为四位年份", "%s must be a four-digit year")
	}
	x.validateTime(c)
	return c.result()
}

// Validate checks a case. A student case needs student_id; a staff or
// parent case needs client_name and must not name a student.
func (x *Case) Validate(env Env) error {
	c := newChecker(KindCase, env)
	c.text(x)
	enum(c, "client_kind", x.ClientKind, false)
	if x.ClientKind == ClientKindStaff || x.ClientKind == ClientKindParent {
		c.required("client_name", x.ClientName)
		if x.StudentID != "" {
			c.fail("student_id", RuleClient, "教职工或家长个案不关联%[1]s，请填写%[2]s",
				"staff and parent cases name no %[1]s; fill in %[2]s", fieldRef("client_name"))
		}
	} else {
		c.ref("student_id", KindStudent, x.StudentID, true)
	}
	if x.CaseNo != "" {
		if _, _, ok := ParseCaseNo(x.CaseNo); !ok {
			c.fail("case_no", RuleFormat, "%s格式应为“年份-序号”，如 2026-001", "%s must be year-number, e.g. 2026-001")
		}
	}
	c.date("opened_on", x.OpenedOn, true)
	enum(c, "source", x.Source, true)
	set(c, "problem_types", x.ProblemTypes, true)
	enum(c, "status", x.Status, false)
	c.date("closed_on", x.ClosedOn, x.Status == CaseStatusClosed)
	c.notBefore("closed_on", x.ClosedOn, "opened_on", x.OpenedOn)
	return c.result()
}

// Validate checks a session.
func (x *Session) Validate(env Env) error {
	c := newChecker(KindSession, env)
	c.text(x)
	c.ref("case_id", KindCase, x.CaseID, true)
	c.date("date", x.Date, true)
	c.clock("start", x.Start)
	c.positive("duration_min", x.DurationMin)
	enum(c, "place", x.Place, false)
	enum(c, "mode", x.Mode, false)
	enum(c, "form", x.Form, false)
	enum(c, "risk", x.Risk, false)
	c.date("next_appointment", x.NextAppointment, false)
	c.notBefore("next_appointment", x.NextAppointment, "date", x.Date)
	return c.result()
}

// Validate checks a key student, its level history against the
// configured levels, and its follow-ups. The history must start on or
// before the inclusion date.
func (x *KeyStudent) Validate(env Env) error {
	c := newChecker(KindKeyStudent, env)
	c.text(x)
	c.ref("student_id", KindStudent, x.StudentID, true)
	c.date("included_on", x.IncludedOn, true)
	enum(c, "inclusion_source", x.InclusionSource, false)
	set(c, "reasons", x.Reasons, false)
	c.in("plan", "plan").date("review_on", x.Plan.ReviewOn, false)
	// A level is in force from the inclusion on, so that every student on
	// the register falls in one level of figure F2.
	if len(x.Levels) == 0 {
		c.required("levels", "")
	}
	var first Date
	for i, l := range x.Levels {
		e := c.at("levels", i, "level_entry")
		e.date("date", l.Date, true)
		e.level("level", l.Level, true)
		if l.Date.Valid() && (first == "" || l.Date < first) {
			first = l.Date
		}
	}
	if first != "" && x.IncludedOn.Valid() && first > x.IncludedOn {
		c.fail("levels", RuleOrder, "%s的第一条不能晚于%s", "the first entry of %s must not be after %s", fieldRef("included_on"))
	}
	for i, f := range x.FollowUps {
		e := c.at("follow_ups", i, "follow_up")
		e.date("date", f.Date, true)
		e.notBeforeOuter("date", f.Date, outerRef{"key_student", "included_on"}, x.IncludedOn)
		enum(e, "method", f.Method, false)
	}
	c.date("released_on", x.ReleasedOn, false)
	c.notBefore("released_on", x.ReleasedOn, "included_on", x.IncludedOn)
	return c.result()
}

// Validate checks a crisis and its disclosures.
func (x *Crisis) Validate(env Env) error {
	c := newChecker(KindCrisis, env)
	c.text(x)
	c.ref("student_id", KindStudent, x.StudentID, true)
	c.date("discovered_on", x.DiscoveredOn, true)
	enum(c, "risk_type", x.RiskType, true)
	c.level("level", x.Level, false)
	for i, d := range x.Disclosures {
		e := c.at("disclosures", i, "disclosure")
		enum(e, "to", d.To, true)
		e.date("on", d.On, true)
		e.notBeforeOuter("on", d.On, outerRef{"crisis", "discovered_on"}, x.DiscoveredOn)
	}
	c.date("guardian_handover_on", x.GuardianHandoverOn, false)
	c.notBefore("guardian_handover_on", x.GuardianHandoverOn, "discovered_on", x.DiscoveredOn)
	c.date("closed_on", x.ClosedOn, false)
	c.notBefore("closed_on", x.ClosedOn, "discovered_on", x.DiscoveredOn)
	return c.result()
}

// Validate checks a referral.
func (x *Referral) Validate(env Env) error {
	c := newChecker(KindReferral, env)
	c.text(x)
	c.ref("student_id", KindStudent, x.StudentID, true)
	c.date("suggested_on", x.SuggestedOn, true)
	c.required("reason", x.Reason)
	c.date("guardian_informed_on", x.GuardianInformedOn, false)
	c.notBefore("guardian_informed_on", x.GuardianInformedOn, "suggested_on", x.SuggestedOn)
	enum(c, "status", x.Status, false)
	c.date("visited_on", x.VisitedOn, false)
	c.notBefore("visited_on", x.VisitedOn, "suggested_on", x.SuggestedOn)
	c.date("leave_from", x.LeaveFrom, false)
	c.date("returned_on", x.ReturnedOn, false)
	c.notBefore("returned_on", x.ReturnedOn, "suggested_on", x.SuggestedOn)
	c.notBefore("returned_on", x.ReturnedOn, "leave_from", x.LeaveFrom)
	return c.result()
}

// Validate checks a contact.
func (x *Contact) Validate(env Env) error {
	c := newChecker(KindContact, env)
	c.text(x)
	c.ref("student_id", KindStudent, x.StudentID, false)
	c.date("date", x.Date, true)
	enum(c, "counterpart", x.Counterpart, true)
	enum(c, "method", x.Method, false)
	return c.result()
}

// Validate checks a group session.
func (x *GroupSession) Validate(env Env) error {
	c := newChecker(KindGroupSession, env)
	c.text(x)
	c.required("title", x.Title)
	c.nonNegative("series_no", float64(x.SeriesNo))
	enum(c, "group_type", x.GroupType, true)
	c.date("date", x.Date, true)
	c.clock("start", x.Start)
	c.nonNegative("duration_min", float64(x.DurationMin))
	c.required("leader", x.Leader)
	enum(c, "stage", x.Stage, false)
	for i, p := range x.Process {
		c.at("process", i, "process_segment").nonNegative("minutes", float64(p.Minutes))
	}
	c.positive("participants", x.Participants)
	for i, a := range x.Attendance {
		c.at("attendance", i, "attendance").ref("student_id", KindStudent, a.StudentID, true)
	}
	for i, id := range x.FollowUpStudentIDs {
		c.ref(fmt.Sprintf("follow_up_student_ids[%d]", i), KindStudent, id, true)
	}
	return c.result()
}

// Validate checks a committee member.
func (x *CommitteeMember) Validate(env Env) error {
	c := newChecker(KindCommitteeMember, env)
	c.text(x)
	c.ref("student_id", KindStudent, x.StudentID, true)
	c.required("class", x.Class)
	enum(c, "role", x.Role, false)
	c.date("appointed_on", x.AppointedOn, true)
	c.date("left_on", x.LeftOn, false)
	c.notBefore("left_on", x.LeftOn, "appointed_on", x.AppointedOn)
	c.date("term_end", x.TermEnd, false)
	c.notBefore("term_end", x.TermEnd, "appointed_on", x.AppointedOn)
	for i, t := range x.Trainings {
		e := c.at("trainings", i, "training")
		e.date("date", t.Date, false)
		e.nonNegative("hours", t.Hours)
	}
	return c.result()
}

// Validate checks a weekly class report; week_start must be a Monday.
func (x *ClassReport) Validate(env Env) error {
	c := newChecker(KindClassReport, env)
	c.text(x)
	c.required("class", x.Class)
	c.date("week_start", x.WeekStart, true)
	if wd, ok := x.WeekStart.Weekday(); ok && wd != time.Monday {
		c.fail("week_start", RuleMonday, "%s应为星期一", "%s must be a Monday")
	}
	c.ref("member_id", KindCommitteeMember, x.MemberID, false)
	enum(c, "mood", x.Mood, false)
	c.nonNegative("concerns", float64(x.Concerns))
	return c.result()
}

// Validate checks an activity.
func (x *Activity) Validate(env Env) error {
	c := newChecker(KindActivity, env)
	c.text(x)
	enum(c, "kind", x.Kind, true)
	c.date("date", x.Date, true)
	c.required("title", x.Title)
	c.nonNegative("classes", float64(x.Classes))
	c.nonNegative("lessons", float64(x.Lessons))
	c.nonNegative("participants", float64(x.Participants))
	c.nonNegative("hours", x.Hours)
	return c.result()
}

// Validate checks a duty day.
func (x *DutyDay) Validate(env Env) error {
	c := newChecker(KindDutyDay, env)
	c.text(x)
	c.date("date", x.Date, true)
	return c.result()
}

// Validate checks a visit.
func (x *Visit) Validate(env Env) error {
	c := newChecker(KindVisit, env)
	c.text(x)
	c.date("date", x.Date, true)
	c.clock("time", x.Time)
	enum(c, "visitor_type", x.VisitorType, false)
	enum(c, "method", x.Method, false)
	return c.result()
}

// Validate checks a mailbox opening; an empty mailbox (0 letters) is a
// valid answer.
func (x *Mailbox) Validate(env Env) error {
	c := newChecker(KindMailbox, env)
	c.text(x)
	c.date("opened_on", x.OpenedOn, true)
	c.nonNegative("letters", float64(x.Letters))
	return c.result()
}

// Validate checks a screening: counts are non-negative, no more valid or
// flagged results than tested students, and the dates in order.
func (x *Screening) Validate(env Env) error {
	c := newChecker(KindScreening, env)
	c.text(x)
	c.required("name", x.Name)
	c.date("date_from", x.DateFrom, false)
	c.date("date_to", x.DateTo, true)
	c.notBefore("date_to", x.DateTo, "date_from", x.DateFrom)
	for _, f := range []struct {
		k string
		n int
	}{{"expected", x.Expected}, {"tested", x.Tested}, {"valid", x.Valid}, {"flagged", x.Flagged}, {"confirmed", x.Confirmed}} {
		c.nonNegative(f.k, float64(f.n))
	}
	if x.Expected > 0 && x.Tested > x.Expected { // 应测 0: not known
		c.countAbove("tested", "expected")
	}
	if x.Valid > x.Tested {
		c.countAbove("valid", "tested")
	}
	if x.Flagged > x.Tested {
		c.countAbove("flagged", "tested")
	}
	return c.result()
}

func (c *checker) countAbove(k, limit string) {
	c.fail(k, RuleCount, "%s不能多于%s", "%s must not exceed %s", fieldRef(limit))
}

// Validate checks a consent.
func (x *Consent) Validate(env Env) error {
	c := newChecker(KindConsent, env)
	c.text(x)
	c.ref("student_id", KindStudent, x.StudentID, true)
	enum(c, "kind", x.Kind, false)
	c.date("date", x.Date, true)
	c.ref("attachment_id", KindAttachment, x.AttachmentID, false)
	return c.result()
}

// Validate checks an attachment's description.
func (x *Attachment) Validate(env Env) error {
	c := newChecker(KindAttachment, env)
	c.text(x)
	if x.OwnerType == "" {
		c.required("owner_type", "")
	} else if !x.OwnerType.Valid() || x.OwnerType == KindAudit {
		c.fail("owner_type", RuleEnum, "%s的取值“%s”不在可选范围内", "%s has an unknown code %q", short(string(x.OwnerType)))
	} else {
		c.ref("owner_id", x.OwnerType, x.OwnerID, true)
	}
	c.required("filename", x.Filename)
	c.nonNegative("size", float64(x.Size))
	c.sha256("sha256", x.SHA256, true)
	c.date("added_on", x.AddedOn, false)
	return c.result()
}

// Validate checks the month notes; month is required (notes belong to a
// month's return).
func (x *MonthNotes) Validate(env Env) error {
	c := newChecker(KindMonthNotes, env)
	c.text(x)
	c.month("month", x.Month, true)
	c.nonNegative("training_hours", x.TrainingHours)
	return c.result()
}

// Validate checks a frozen return.
func (x *Return) Validate(env Env) error {
	c := newChecker(KindReturn, env)
	c.text(x)
	c.month("month", x.Month, true)
	if x.GeneratedAt.IsZero() {
		c.required("generated_at", "")
	}
	c.sha256("pdf_sha256", x.PDFSHA256, true)
	if len(x.Figures) == 0 {
		c.required("figures", "")
	} else if !json.Valid(x.Figures) || strings.TrimSpace(string(x.Figures))[0] != '{' {
		c.fail("figures", RuleFormat, "%s应为 JSON 对象", "%s must be a JSON object")
	}
	if len(x.Trend) > 0 && (!json.Valid(x.Trend) || strings.TrimSpace(string(x.Trend))[0] != '{') {
		c.fail("trend", RuleFormat, "%s应为 JSON 对象", "%s must be a JSON object")
	}
	return c.result()
}

// Validate checks an audit entry's shape (the chain itself is verified
// by the store, which knows the previous entry).
func (x *AuditEntry) Validate() error {
	c := newChecker(KindAudit, Env{})
	if x.Seq < 1 {
		c.positive("seq", int(x.Seq))
	}
	if x.At.IsZero() {
		c.required("at", "")
	}
	enum(c, "action", x.Action, true)
	if x.ObjectType != "" && !x.ObjectType.Valid() {
		c.fail("object_type", RuleEnum, "%s的取值“%s”不在可选范围内", "%s has an unknown code %q", short(string(x.ObjectType)))
	}
	if x.PrevHash != "" {
		c.sha256("prev_hash", x.PrevHash, false)
	}
	c.sha256("hash", x.Hash, true)
	return c.result()
}

// Validate checks the settings: counts, the school's stage, the risk level
// set (at least one level; codes and ranks unique; colours #RRGGBB) and
// the terms.
func (s *Settings) Validate() error {
	c := &checker{kind: KindSettings, sub: "settings", errs: &ValidationErrors{}}
	c.text(s)
	sc := c.in("school", "school")
	enum(sc, "stage", s.School.Stage, false)
	for _, f := range []struct {
		k string
		n int
	}{
		{"student_count", s.School.StudentCount}, {"class_count", s.School.ClassCount},
		{"fulltime_counselors", s.School.FulltimeCounselors}, {"parttime_counselors", s.School.ParttimeCounselors},
		{"certified_counselors", s.School.CertifiedCounselors},
	} {
		sc.nonNegative(f.k, float64(f.n))
	}
	sc.in("room", "room").nonNegative("area_m2", s.School.Room.AreaM2)
	for i, h := range s.School.Hotlines {
		sc.at("hotlines", i, "hotline").required("number", h.Number)
	}
	if len(s.RiskLevels) == 0 {
		c.required("risk_levels", "")
	}
	codes, ranks := map[string]bool{}, map[int]bool{}
	for i, l := range s.RiskLevels {
		e := c.at("risk_levels", i, "risk_level")
		if e.required("code", l.Code) && !validLevelCode(l.Code) {
			e.fail("code", RuleFormat, "%s只能使用小写英文字母、数字和下划线", "%s may use only lowercase letters, digits and underscores")
		}
		if codes[l.Code] && l.Code != "" {
			e.fail("code", RuleDuplicate, "%s“%s”重复", "%s %q is used twice", l.Code)
		}
		codes[l.Code] = true
		e.required("label", l.Label)
		if !validColor(l.Color) {
			e.fail("color", RuleFormat, "%s应为 #RRGGBB 形式的颜色", "%s must be a colour written #RRGGBB")
		}
		if l.Rank < 1 {
			e.positive("rank", l.Rank)
		} else if ranks[l.Rank] {
			e.fail("rank", RuleDuplicate, "%s %d 重复", "%s %d is used twice", l.Rank)
		}
		ranks[l.Rank] = true
		e.nonNegative("follow_up_days", float64(l.FollowUpDays))
	}
	for i, t := range s.Terms {
		e := c.at("terms", i, "term")
		e.required("name", t.Name)
		e.date("start", t.Start, true)
		e.date("end", t.End, true)
		e.notBefore("end", t.End, "start", t.Start)
	}
	if s.SelfCheck != nil {
		s.SelfCheck.validate(c)
	}
	return c.result()
}

func validLevelCode(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

func validColor(s string) bool {
	if len(s) != 7 || s[0] != '#' {
		return false
	}
	_, err := hex.DecodeString(s[1:])
	return err == nil
}
