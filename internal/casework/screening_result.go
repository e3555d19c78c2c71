package casework

import (
	"encoding/json"
	"fmt"
	"slices"
)

// ScreeningResult is one student's result of a screening (测评结果),
// imported from a platform's sheet or typed from paper. Valid defaults
// to true: a document or sheet that does not say otherwise means a
// usable result.
type ScreeningResult struct {
	Meta
	ScreeningID      string             `json:"screening_id"`
	StudentID        string             `json:"student_id"`
	Date             Date               `json:"date,omitempty"`
	RawScore         float64            `json:"raw_score"`
	Subscales        map[string]float64 `json:"subscales,omitempty"`
	Valid            bool               `json:"valid"`
	Flagged          bool               `json:"flagged"`
	FlagReason       string             `json:"flag_reason,omitempty"`
	InterviewedOn    Date               `json:"interviewed_on,omitempty"`
	InterviewOutcome InterviewOutcome   `json:"interview_outcome,omitempty"`
	InterviewNote    string             `json:"interview_note,omitempty"`
	KeyStudentID     string             `json:"key_student_id,omitempty"`
}

// RecordKind reports the kind of a screening result.
func (*ScreeningResult) RecordKind() Kind { return KindScreeningResult }

// UnmarshalJSON decodes a result with valid true unless the object says
// otherwise.
func (x *ScreeningResult) UnmarshalJSON(b []byte) error {
	type plain ScreeningResult
	p := plain{Valid: true}
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*x = ScreeningResult(p)
	return nil
}

// NeedsInterview reports whether the result is on the work list: valid
// and flagged.
func (x *ScreeningResult) NeedsInterview() bool { return x.Valid && x.Flagged }

// Interviewed reports whether the interview's outcome is recorded.
func (x *ScreeningResult) Interviewed() bool { return x.InterviewOutcome != "" }

// Validate checks a screening result: its screening and student exist,
// the score is not negative, an outcome needs the interview's date and a
// linked key student needs the outcome confirmed.
func (x *ScreeningResult) Validate(env Env) error {
	c := newChecker(KindScreeningResult, env)
	c.text(x)
	c.ref("screening_id", KindScreening, x.ScreeningID, true)
	c.ref("student_id", KindStudent, x.StudentID, true)
	c.date("date", x.Date, false)
	c.nonNegative("raw_score", x.RawScore)
	keys := make([]string, 0, len(x.Subscales))
	for k := range x.Subscales {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if k == "" {
			c.required("subscales", "")
		}
		c.checkText("subscales", k)
		c.nonNegative("subscales", x.Subscales[k])
	}
	c.date("interviewed_on", x.InterviewedOn, false)
	enum(c, "interview_outcome", x.InterviewOutcome, false)
	if x.InterviewOutcome != "" && x.InterviewedOn == "" {
		c.required("interviewed_on", "")
	}
	c.notBefore("interviewed_on", x.InterviewedOn, "date", x.Date)
	c.ref("key_student_id", KindKeyStudent, x.KeyStudentID, false)
	if x.KeyStudentID != "" && x.InterviewOutcome != InterviewOutcomeConfirmed {
		c.fail("key_student_id", RuleOrder, "%s只能在访谈确认纳入后填写", "%s needs the interview outcome confirmed", fieldRef("key_student_id"))
	}
	return c.result()
}

// InterviewOutcome is what the interview after a flagged result decided.
// Codes are stored and exported; labels live in assets/labels
// ("enum.interview_outcome.<code>").
type InterviewOutcome string

const (
	InterviewOutcomeConfirmed    InterviewOutcome = "confirmed"
	InterviewOutcomeNotConfirmed InterviewOutcome = "not_confirmed"
	InterviewOutcomeWatch        InterviewOutcome = "watch"
)

// AllInterviewOutcomes returns every InterviewOutcome code in docs/DOMAIN.md order.
func AllInterviewOutcomes() []InterviewOutcome {
	return []InterviewOutcome{InterviewOutcomeConfirmed, InterviewOutcomeNotConfirmed, InterviewOutcomeWatch}
}

// Valid reports whether v is a known InterviewOutcome code.
func (v InterviewOutcome) Valid() bool {
	return slices.Contains(AllInterviewOutcomes(), v)
}

// Enum returns the name of the enum in label keys.
func (InterviewOutcome) Enum() string { return "interview_outcome" }

// ResultNotice is printed on every view and print of results.
const (
	ResultNoticeZH = "仅供参考，不作为诊断依据"
	ResultNoticeEN = "For reference only, not a diagnosis"
)

// Scoring is an instrument's scoring definition, kept as data in the
// settings so that a county's own questionnaire is added the same way as
// the built-in ones. Items carry numbers and generic labels only: no
// questionnaire text is bundled.
type Scoring struct {
	Code  string        `json:"code"`
	Name  string        `json:"name"`
	Items []ScoringItem `json:"items"`
	// CutOff: a total at or above it flags the result.
	CutOff float64 `json:"cut_off"`
	// FlagItems are item numbers that flag the result on any non-zero
	// answer, whatever the total (PHQ-9's item 9).
	FlagItems []int `json:"flag_items,omitempty"`
}

// ScoringItem is one item: its number, a generic label and its options.
type ScoringItem struct {
	No      int             `json:"no"`
	Label   string          `json:"label,omitempty"`
	Options []ScoringOption `json:"options"`
}

// ScoringOption is one answer of an item with its score.
type ScoringOption struct {
	Label string  `json:"label"`
	Score float64 `json:"score"`
}

// DefaultCutOff is the cut-off of the built-in instruments.
const DefaultCutOff = 10

// frequencyOptions are the four answers scored 0–3, by generic label.
func frequencyOptions() []ScoringOption {
	return []ScoringOption{{Label: "0", Score: 0}, {Label: "1", Score: 1}, {Label: "2", Score: 2}, {Label: "3", Score: 3}}
}

func numberedItems(n int) []ScoringItem {
	items := make([]ScoringItem, n)
	for i := range items {
		items[i] = ScoringItem{No: i + 1, Label: fmt.Sprintf("第%d题", i+1), Options: frequencyOptions()}
	}
	return items
}

// BuiltinScorings returns the public-domain instruments: PHQ-9 (item 9
// flags on any non-zero answer) and GAD-7, both with cut-off 10.
func BuiltinScorings() []Scoring {
	return []Scoring{
		{Code: "phq9", Name: "PHQ-9", Items: numberedItems(9), CutOff: DefaultCutOff, FlagItems: []int{9}},
		{Code: "gad7", Name: "GAD-7", Items: numberedItems(7), CutOff: DefaultCutOff},
	}
}

// ScoringByCode returns the definition named code among defs, then among
// the built-in ones.
func ScoringByCode(defs []Scoring, code string) (Scoring, bool) {
	for _, d := range append(slices.Clone(defs), BuiltinScorings()...) {
		if d.Code == code {
			return d, true
		}
	}
	return Scoring{}, false
}

// Validate checks a definition: a code, items numbered without repeats,
// each with options, flag items among the items, a cut-off not negative.
func (s Scoring) Validate() error {
	c := newChecker(KindSettings, Env{})
	c.required("scoring.code", s.Code)
	if len(s.Items) == 0 {
		c.required("scoring.items", "")
	}
	seen := map[int]bool{}
	for i, it := range s.Items {
		if it.No <= 0 || seen[it.No] {
			c.fail("scoring.items", RuleCount, "%s的第%d项题号%d无效或重复", "%s: item %d has an invalid or repeated number %d", i+1, it.No)
		}
		seen[it.No] = true
		if len(it.Options) == 0 {
			c.fail("scoring.items", RuleRequired, "%s的第%d项没有选项", "%s: item %d has no options", i+1)
		}
	}
	for _, n := range s.FlagItems {
		if !seen[n] {
			c.fail("scoring.flag_items", RuleRef, "%s中的第%d题不在题目中", "%s: item %d is not an item", n)
		}
	}
	c.nonNegative("scoring.cut_off", s.CutOff)
	return c.result()
}

// Score is a scored paper answer sheet.
type Score struct {
	Total   float64
	Flagged bool
	Reason  string // "总分≥10", "第9题非零", joined by "；"
}

// Score totals the answers (answers[i] is the chosen option index of
// s.Items[i]) and flags the result at or above the cut-off or on any
// non-zero answer to a flag item.
func (s Scoring) Score(answers []int) (Score, error) {
	if len(answers) != len(s.Items) {
		return Score{}, fmt.Errorf("%s: %d answers for %d items", s.Name, len(answers), len(s.Items))
	}
	var out Score
	var reasons []string
	for i, a := range answers {
		it := s.Items[i]
		if a < 0 || a >= len(it.Options) {
			return Score{}, fmt.Errorf("%s: item %d has no option %d", s.Name, it.No, a)
		}
		sc := it.Options[a].Score
		out.Total += sc
		if sc != 0 && slices.Contains(s.FlagItems, it.No) {
			reasons = append(reasons, fmt.Sprintf("第%d题非零", it.No))
		}
	}
	if out.Total >= s.CutOff {
		reasons = append([]string{fmt.Sprintf("总分≥%g", s.CutOff)}, reasons...)
	}
	out.Flagged = len(reasons) > 0
	for i, r := range reasons {
		if i > 0 {
			out.Reason += "；"
		}
		out.Reason += r
	}
	return out, nil
}
