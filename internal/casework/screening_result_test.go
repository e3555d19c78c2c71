package casework

import (
	"encoding/json"
	"errors"
	"testing"
)

// Answers are option indexes; for the built-ins option i scores i, so the
// hand totals below are plain sums.
func TestBuiltinInstrumentsScoreHandComputedTotals(t *testing.T) {
	phq, _ := ScoringByCode(nil, "phq9")
	gad, _ := ScoringByCode(nil, "gad7")
	cases := []struct {
		name    string
		def     Scoring
		answers []int
		total   float64
		flagged bool
		reason  string
	}{
		{"PHQ-9 all zero", phq, []int{0, 0, 0, 0, 0, 0, 0, 0, 0}, 0, false, ""},
		{"PHQ-9 below the cut-off", phq, []int{1, 1, 2, 1, 0, 1, 1, 2, 0}, 9, false, ""}, // 1+1+2+1+0+1+1+2+0
		{"PHQ-9 at the cut-off", phq, []int{2, 1, 2, 1, 0, 1, 1, 2, 0}, 10, true, "总分≥10"},
		{"PHQ-9 item 9 flags on one point", phq, []int{0, 0, 0, 0, 0, 0, 0, 0, 1}, 1, true, "第9题非零"},
		{"PHQ-9 high with item 9", phq, []int{3, 3, 3, 3, 3, 3, 3, 3, 3}, 27, true, "总分≥10；第9题非零"},
		{"GAD-7 below", gad, []int{1, 2, 1, 1, 1, 1, 2}, 9, false, ""},
		{"GAD-7 at", gad, []int{3, 2, 1, 1, 1, 1, 1}, 10, true, "总分≥10"},
		{"GAD-7 max", gad, []int{3, 3, 3, 3, 3, 3, 3}, 21, true, "总分≥10"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.def.Score(tc.answers)
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != tc.total || got.Flagged != tc.flagged || got.Reason != tc.reason {
				t.Errorf("got %+v, want total %g flagged %v reason %q", got, tc.total, tc.flagged, tc.reason)
			}
		})
	}
	if _, err := phq.Score([]int{0, 0}); err == nil {
		t.Error("got nil for two answers to nine items, want an error")
	}
	if _, err := gad.Score([]int{0, 0, 0, 0, 0, 0, 4}); err == nil {
		t.Error("got nil for an option that does not exist, want an error")
	}
	for _, d := range BuiltinScorings() {
		if err := d.Validate(); err != nil {
			t.Errorf("%s: %v", d.Code, err)
		}
	}
}

// A county's own questionnaire is data: a lower cut-off and its own scores.
func TestACustomScoringIsData(t *testing.T) {
	var own Scoring
	if err := json.Unmarshal([]byte(`{"code":"x","name":"自编","cut_off":4,"flag_items":[2],
		"items":[{"no":1,"options":[{"label":"否","score":0},{"label":"是","score":3}]},
		         {"no":2,"options":[{"label":"否","score":0},{"label":"是","score":1}]}]}`), &own); err != nil {
		t.Fatal(err)
	}
	if err := own.Validate(); err != nil {
		t.Fatal(err)
	}
	if got, _ := own.Score([]int{1, 0}); got.Total != 3 || got.Flagged {
		t.Errorf("got %+v, want 3 not flagged", got)
	}
	if got, _ := own.Score([]int{1, 1}); got.Total != 4 || !got.Flagged {
		t.Errorf("got %+v, want 4 flagged", got)
	}
	bad := own
	bad.FlagItems = []int{7}
	if err := bad.Validate(); err == nil {
		t.Error("got nil for a flag item outside the items, want an error")
	}
}

func TestScreeningResultValidation(t *testing.T) {
	var refs Refs
	ok := func() *ScreeningResult {
		return &ScreeningResult{ScreeningID: "s", StudentID: "p", Date: "2026-03-02", RawScore: 12, Valid: true, Flagged: true}
	}
	if err := ok().Validate(Env{Refs: refs}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		mod  func(*ScreeningResult)
		key  string
	}{
		{"no student", func(r *ScreeningResult) { r.StudentID = "" }, "student_id"},
		{"negative score", func(r *ScreeningResult) { r.RawScore = -1 }, "raw_score"},
		{"unknown outcome", func(r *ScreeningResult) { r.InterviewedOn = "2026-03-05"; r.InterviewOutcome = "maybe" }, "interview_outcome"},
		{"outcome without a date", func(r *ScreeningResult) { r.InterviewOutcome = InterviewOutcomeWatch }, "interviewed_on"},
		{"interview before the test", func(r *ScreeningResult) { r.InterviewedOn = "2026-03-01" }, "interviewed_on"},
		{"key student without confirmation", func(r *ScreeningResult) { r.KeyStudentID = "k" }, "key_student_id"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := ok()
			tc.mod(r)
			var ve ValidationErrors
			if err := r.Validate(Env{Refs: refs}); !errors.As(err, &ve) || ve[0].Key != tc.key {
				t.Errorf("got %v, want an error on %s", err, tc.key)
			}
		})
	}
	var r ScreeningResult
	if err := json.Unmarshal([]byte(`{"screening_id":"s","student_id":"p","raw_score":3}`), &r); err != nil || !r.Valid {
		t.Errorf("got valid %v (%v), want a result valid by default", r.Valid, err)
	}
}
