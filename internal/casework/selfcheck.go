package casework

import (
	"fmt"
	"strings"
)

// SelfCheck holds what the county survey self-check (专项调研自查) needs
// beyond the records: the norms each item is measured against, the
// register of the school's own documents (the 工作机制 evidence) and the
// school's editable "八个一" checklist. Settings.SelfCheck is nil until
// the counselor changes something; nil means DefaultSelfCheck(), so
// vaults and interchange documents written before the self-check existed
// read and write exactly as before. An empty checklist means the
// default set (an empty list is not written, so it could not be told
// from a missing one).
type SelfCheck struct {
	Norms     SelfCheckNorms   `json:"norms"`
	Documents []SchoolDocument `json:"documents,omitempty"`
	Checklist []ChecklistItem  `json:"checklist,omitempty"`
}

// SelfCheckNorms are the thresholds of the self-check. The defaults are
// Jiangxi's (DefaultSelfCheckNorms); a county with other rules changes
// them. A zero in a field documented "0 = not checked" switches that
// criterion off.
type SelfCheckNorms struct {
	// StudentsPerCounselor: one psychology teacher (专职 or 兼职) per so
	// many students (1∶800).
	StudentsPerCounselor int `json:"students_per_counselor"`
	// FulltimeAboveStudents: a school with more students than this needs
	// at least one 专职 teacher (800).
	FulltimeAboveStudents int `json:"fulltime_above_students"`
	// TrainingHoursPerYear: 专职 teachers' training hours a school year
	// (40 学时); a term asks for TrainingHoursPerYear / TermsPerYear.
	TrainingHoursPerYear float64 `json:"training_hours_per_year"`
	TermsPerYear         int     `json:"terms_per_year"`
	// RoomMinAreaM2 and RoomMinZones: 0 = not checked.
	RoomMinAreaM2 float64 `json:"room_min_area_m2"`
	RoomMinZones  int     `json:"room_min_zones"`
	// RoomOpenPercent: open days (duty_day) as a share of school days.
	RoomOpenPercent int `json:"room_open_percent"`
	// Hotlines: numbers that must be among the published hotlines.
	Hotlines []string `json:"hotlines,omitempty"`
	// LessonEveryWeeks: one 心理健康课 per class every so many school weeks.
	LessonEveryWeeks int `json:"lesson_every_weeks"`
	// ClassMeetingsPerGrade and SpecialEventsPerGrade: per grade and term.
	ClassMeetingsPerGrade int `json:"class_meetings_per_grade"`
	SpecialEventsPerGrade int `json:"special_events_per_grade"`
	// GroupSessionsPerTerm: 团体辅导 sessions a term.
	GroupSessionsPerTerm int `json:"group_sessions_per_term"`
	// CommitteeTrainingsPerTerm: 心理委员 trainings a term.
	CommitteeTrainingsPerTerm int `json:"committee_trainings_per_term"`
	// ClassReportPercent: weekly reports received as a share of
	// school weeks × classes.
	ClassReportPercent int `json:"class_report_percent"`
	// ScreeningWithinDays: a screening batch must end no later than term
	// start + this many days (two months: 60).
	ScreeningWithinDays int `json:"screening_within_days"`
	// PlanPercent: key students with a 一生一策 as a share of all.
	PlanPercent int `json:"plan_percent"`
}

// DocumentKind names a kind of school document the 工作机制 item asks for.
type DocumentKind string

// The documents of 心理健康工作机制.
const (
	DocLeadingGroup  DocumentKind = "leading_group"  // 领导小组文件
	DocWorkRules     DocumentKind = "work_rules"     // 工作制度
	DocCrisisPlan    DocumentKind = "crisis_plan"    // 危机干预预案
	DocReferralRules DocumentKind = "referral_rules" // 转介制度
)

// AllDocumentKinds returns the document kinds in the survey's order.
func AllDocumentKinds() []DocumentKind {
	return []DocumentKind{DocLeadingGroup, DocWorkRules, DocCrisisPlan, DocReferralRules}
}

// Valid reports whether k is a known document kind.
func (k DocumentKind) Valid() bool {
	for _, x := range AllDocumentKinds() {
		if k == x {
			return true
		}
	}
	return false
}

// SchoolDocument is one entry of the register of school documents: a
// document the school issued (文件), described here and, when scanned,
// linked to its attachment record by AttachmentID. The register lives in
// the settings because the documents belong to the school, not to a
// record; a document is present when its entry exists.
type SchoolDocument struct {
	Kind         DocumentKind `json:"kind"`
	Title        string       `json:"title"`
	DocNo        string       `json:"doc_no,omitempty"`
	IssuedOn     Date         `json:"issued_on,omitempty"`
	AttachmentID string       `json:"attachment_id,omitempty"`
}

// SelfCheckItem names one item of the survey.
type SelfCheckItem string

// The survey items, in the survey's order.
const (
	ItemMechanism   SelfCheckItem = "mechanism"    // 心理健康工作机制
	ItemStaffing    SelfCheckItem = "staffing"     // 心理健康教师配备
	ItemRoom        SelfCheckItem = "room"         // 心理辅导室建设
	ItemHotline     SelfCheckItem = "hotline"      // 热线电话公布
	ItemCourses     SelfCheckItem = "courses"      // 课程开设
	ItemGroup       SelfCheckItem = "group"        // 团辅活动开展
	ItemCommittee   SelfCheckItem = "committee"    // 设立心理委员
	ItemKeyStudents SelfCheckItem = "key_students" // 重点学生的排查与建档
)

// AllSelfCheckItems returns the items in the survey's order.
func AllSelfCheckItems() []SelfCheckItem {
	return []SelfCheckItem{ItemMechanism, ItemStaffing, ItemRoom, ItemHotline, ItemCourses, ItemGroup, ItemCommittee, ItemKeyStudents}
}

// Valid reports whether i is a known item.
func (i SelfCheckItem) Valid() bool {
	for _, x := range AllSelfCheckItems() {
		if i == x {
			return true
		}
	}
	return false
}

// ChecklistItem is one entry of the "八个一" checklist. Its official
// wording is not public, so the list is the school's own: Label is what
// is printed, Evidence says in words what counts as evidence, Links names
// survey items ("courses") or single figures of an item ("courses.lessons")
// whose status the entry takes, Documents names school documents that
// must be in the register, and Done is the counselor's own tick for an
// entry with neither. Default marks an entry shipped with 心晴 and not yet
// edited.
type ChecklistItem struct {
	ID        string         `json:"id"`
	Label     string         `json:"label"`
	Evidence  string         `json:"evidence,omitempty"`
	Links     []string       `json:"links,omitempty"`
	Documents []DocumentKind `json:"documents,omitempty"`
	Done      bool           `json:"done"`
	Default   bool           `json:"default"`
}

// DefaultSelfCheckNorms returns Jiangxi's norms: 1∶800 with a 专职
// teacher above 800 students, 40 training hours a year over two terms,
// hotline 12356, one lesson every two weeks, one 主题班会 and one 专题活动
// per grade and term, a screening within 60 days of term start, a plan
// for every key student. The other thresholds (room open on 80% of
// school days, one group session and one committee training a term,
// weekly reports for 80% of class-weeks) are 心晴's defaults where the
// survey names no number.
func DefaultSelfCheckNorms() SelfCheckNorms {
	return SelfCheckNorms{
		StudentsPerCounselor:      800,
		FulltimeAboveStudents:     800,
		TrainingHoursPerYear:      40,
		TermsPerYear:              2,
		RoomOpenPercent:           80,
		Hotlines:                  []string{"12356"},
		LessonEveryWeeks:          2,
		ClassMeetingsPerGrade:     1,
		SpecialEventsPerGrade:     1,
		GroupSessionsPerTerm:      1,
		CommitteeTrainingsPerTerm: 1,
		ClassReportPercent:        80,
		ScreeningWithinDays:       60,
		PlanPercent:               100,
	}
}

// DefaultChecklist returns the "八个一" entries 心晴 ships, one per survey
// item, labelled from the label files ("selfcheck.checklist.<id>" and
// "….evidence"). Every entry is marked Default: the counselor may edit,
// remove or add entries.
func DefaultChecklist() []ChecklistItem {
	out := make([]ChecklistItem, 0, len(AllSelfCheckItems()))
	for _, it := range AllSelfCheckItems() {
		id := string(it)
		c := ChecklistItem{
			ID:       id,
			Label:    Label(LangZH, "selfcheck.checklist."+id),
			Evidence: Label(LangZH, "selfcheck.checklist."+id+".evidence"),
			Links:    []string{id},
			Default:  true,
		}
		if it == ItemMechanism {
			c.Documents = AllDocumentKinds()
		}
		out = append(out, c)
	}
	return out
}

// DefaultSelfCheck returns the self-check settings of a vault that has
// none: the default norms, an empty document register and the default
// checklist.
func DefaultSelfCheck() SelfCheck {
	return SelfCheck{Norms: DefaultSelfCheckNorms(), Checklist: DefaultChecklist()}
}

// SelfCheckOrDefault returns the vault's self-check settings, or the
// defaults when none are stored.
func (s *Settings) SelfCheckOrDefault() SelfCheck {
	if s.SelfCheck == nil {
		return DefaultSelfCheck()
	}
	return *s.SelfCheck
}

// validate appends the broken rules of the self-check settings to c's
// errors (keys under "self_check"). Labels come from the
// "selfcheck.norm.<key>" entries of the label files.
func (sc *SelfCheck) validate(c *checker) {
	bad := func(key, rule, zh, en string, label string) {
		*c.errs = append(*c.errs, FieldError{
			Kind: c.kind, Key: "self_check." + key, Rule: rule,
			MessageZH: fmt.Sprintf(zh, Label(LangZH, label)),
			MessageEN: fmt.Sprintf(en, Label(LangEN, label)),
		})
	}
	n := sc.Norms
	for _, f := range []struct {
		key      string
		v        float64
		positive bool
		percent  bool
	}{
		{"students_per_counselor", float64(n.StudentsPerCounselor), true, false},
		{"fulltime_above_students", float64(n.FulltimeAboveStudents), false, false},
		{"training_hours_per_year", n.TrainingHoursPerYear, false, false},
		{"terms_per_year", float64(n.TermsPerYear), true, false},
		{"room_min_area_m2", n.RoomMinAreaM2, false, false},
		{"room_min_zones", float64(n.RoomMinZones), false, false},
		{"room_open_percent", float64(n.RoomOpenPercent), false, true},
		{"lesson_every_weeks", float64(n.LessonEveryWeeks), true, false},
		{"class_meetings_per_grade", float64(n.ClassMeetingsPerGrade), false, false},
		{"special_events_per_grade", float64(n.SpecialEventsPerGrade), false, false},
		{"group_sessions_per_term", float64(n.GroupSessionsPerTerm), false, false},
		{"committee_trainings_per_term", float64(n.CommitteeTrainingsPerTerm), false, false},
		{"class_report_percent", float64(n.ClassReportPercent), false, true},
		{"screening_within_days", float64(n.ScreeningWithinDays), true, false},
		{"plan_percent", float64(n.PlanPercent), false, true},
	} {
		key, label := "norms."+f.key, "selfcheck.norm."+f.key
		switch {
		case f.positive && f.v <= 0:
			bad(key, RulePositive, "%s应大于 0", "%s must be greater than 0", label)
		case f.v < 0:
			bad(key, RuleNegative, "%s不能为负数", "%s must not be negative", label)
		case f.percent && f.v > 100:
			bad(key, RuleFormat, "%s应在 0 到 100 之间", "%s must be between 0 and 100", label)
		}
	}
	for i, h := range n.Hotlines {
		if strings.TrimSpace(h) == "" {
			bad(fmt.Sprintf("norms.hotlines[%d]", i), RuleRequired, "%s为必填项", "%s is required", "selfcheck.norm.hotlines")
		}
	}
	for i, d := range sc.Documents {
		key := fmt.Sprintf("documents[%d].", i)
		if !d.Kind.Valid() {
			bad(key+"kind", RuleEnum, "%s的取值不在可选范围内", "%s has an unknown code", "selfcheck.field.document_kind")
		}
		if strings.TrimSpace(d.Title) == "" {
			bad(key+"title", RuleRequired, "%s为必填项", "%s is required", "selfcheck.field.document_title")
		}
		if !d.IssuedOn.IsZero() && !d.IssuedOn.Valid() {
			bad(key+"issued_on", RuleDate, "%s不是有效日期（应为 YYYY-MM-DD）", "%s is not a valid date (want YYYY-MM-DD)", "selfcheck.field.document_issued_on")
		}
	}
	ids := map[string]bool{}
	for i, it := range sc.Checklist {
		key := fmt.Sprintf("checklist[%d].", i)
		if strings.TrimSpace(it.ID) == "" {
			bad(key+"id", RuleRequired, "%s为必填项", "%s is required", "selfcheck.field.checklist_id")
		} else if ids[it.ID] {
			bad(key+"id", RuleDuplicate, "%s重复", "%s is used twice", "selfcheck.field.checklist_id")
		}
		ids[it.ID] = true
		if strings.TrimSpace(it.Label) == "" {
			bad(key+"label", RuleRequired, "%s为必填项", "%s is required", "selfcheck.field.checklist_label")
		}
		for j, l := range it.Links {
			item, _, _ := strings.Cut(l, ".")
			if !SelfCheckItem(item).Valid() {
				bad(fmt.Sprintf("%slinks[%d]", key, j), RuleEnum, "%s的取值不在可选范围内", "%s has an unknown code", "selfcheck.field.checklist_links")
			}
		}
		for j, d := range it.Documents {
			if !d.Valid() {
				bad(fmt.Sprintf("%sdocuments[%d]", key, j), RuleEnum, "%s的取值不在可选范围内", "%s has an unknown code", "selfcheck.field.document_kind")
			}
		}
	}
}
