package casework

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestSettingsWithoutASelfCheckEncodeAsBefore(t *testing.T) {
	doc := []byte(`{"school":{"name":"示例中学","student_count":800,"class_count":16,"fulltime_counselors":1,"parttime_counselors":0,"certified_counselors":1,"room":{"has_room":true,"area_m2":60}},"risk_levels":[{"code":"red","label":"一级","color":"#D32F2F","rank":1,"follow_up_days":7}]}`)
	var s Settings
	if err := json.Unmarshal(doc, &s); err != nil {
		t.Fatal(err)
	}
	if s.SelfCheck != nil {
		t.Fatalf("got self-check %+v from a document without one, want nil", s.SelfCheck)
	}
	got, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, doc) {
		t.Errorf("got %s, want the document unchanged %s", got, doc)
	}
	if sc := s.SelfCheckOrDefault(); sc.Norms.StudentsPerCounselor != 800 || len(sc.Checklist) != 8 {
		t.Errorf("got %+v, want the default norms and eight checklist entries", sc)
	}
}

func TestASelfCheckRoundTripsThroughJSON(t *testing.T) {
	s := DefaultSettings()
	sc := DefaultSelfCheck()
	sc.Norms.StudentsPerCounselor = 1000
	sc.Documents = []SchoolDocument{{Kind: DocCrisisPlan, Title: "学生心理危机干预预案", DocNo: "示校发〔2026〕5号", IssuedOn: "2026-09-01"}}
	s.SelfCheck = &sc
	if err := s.Validate(); err != nil {
		t.Fatalf("got %v, want the edited self-check valid", err)
	}
	first, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var back Settings
	if err := json.Unmarshal(first, &back); err != nil {
		t.Fatal(err)
	}
	second, _ := json.Marshal(back)
	if !bytes.Equal(first, second) {
		t.Errorf("got %s after a round trip, want %s", second, first)
	}
	if !strings.Contains(string(first), `"self_check":{"norms":{"students_per_counselor":1000`) {
		t.Errorf("got %s, want the self_check object with its norms", first)
	}
}

func TestDefaultChecklistIsLabelledAndMarkedAsDefault(t *testing.T) {
	cl := DefaultChecklist()
	if len(cl) != len(AllSelfCheckItems()) {
		t.Fatalf("got %d entries, want one per survey item", len(cl))
	}
	for _, c := range cl {
		if !c.Default || c.Label == "" || strings.HasPrefix(c.Label, "selfcheck.") || strings.HasPrefix(c.Evidence, "selfcheck.") {
			t.Errorf("got entry %+v, want a Chinese label, evidence and Default set", c)
		}
		if !strings.HasPrefix(c.Label, "一") && !strings.HasPrefix(c.Label, "每") {
			t.Errorf("got label %q, want an “一…” wording", c.Label)
		}
	}
}

func TestSelfCheckValidationNamesTheKey(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*SelfCheck)
		key    string
		wantZH string
	}{
		{"a zero ratio is refused", func(s *SelfCheck) { s.Norms.StudentsPerCounselor = 0 }, "self_check.norms.students_per_counselor", "应大于 0"},
		{"a negative training norm is refused", func(s *SelfCheck) { s.Norms.TrainingHoursPerYear = -1 }, "self_check.norms.training_hours_per_year", "不能为负数"},
		{"a share above 100 is refused", func(s *SelfCheck) { s.Norms.ClassReportPercent = 101 }, "self_check.norms.class_report_percent", "0 到 100"},
		{"an empty hotline number is refused", func(s *SelfCheck) { s.Norms.Hotlines = []string{" "} }, "self_check.norms.hotlines[0]", "必填"},
		{"an unknown document kind is refused", func(s *SelfCheck) { s.Documents = []SchoolDocument{{Kind: "memo", Title: "x"}} }, "self_check.documents[0].kind", "文件类别"},
		{"a document without a title is refused", func(s *SelfCheck) { s.Documents = []SchoolDocument{{Kind: DocWorkRules}} }, "self_check.documents[0].title", "文件标题"},
		{"a bad issue date is refused", func(s *SelfCheck) {
			s.Documents = []SchoolDocument{{Kind: DocWorkRules, Title: "制度", IssuedOn: "2026-02-30"}}
		}, "self_check.documents[0].issued_on", "有效日期"},
		{"a duplicate checklist id is refused", func(s *SelfCheck) { s.Checklist[1].ID = s.Checklist[0].ID }, "self_check.checklist[1].id", "重复"},
		{"a checklist entry without a label is refused", func(s *SelfCheck) { s.Checklist[2].Label = "" }, "self_check.checklist[2].label", "必填"},
		{"a link to an unknown item is refused", func(s *SelfCheck) { s.Checklist[0].Links = []string{"canteen.meals"} }, "self_check.checklist[0].links[0]", "关联项目"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := DefaultSettings()
			sc := DefaultSelfCheck()
			tt.edit(&sc)
			s.SelfCheck = &sc
			err := s.Validate()
			var ve ValidationErrors
			if !errors.As(err, &ve) {
				t.Fatalf("got %v, want ValidationErrors", err)
			}
			found := false
			for _, fe := range ve {
				if fe.Key == tt.key && fe.Kind == KindSettings && strings.Contains(fe.MessageZH, tt.wantZH) && fe.MessageEN != "" {
					found = true
				}
			}
			if !found {
				t.Errorf("got %v, want an error at %s saying %q", ve, tt.key, tt.wantZH)
			}
		})
	}
}

// FuzzSettingsSelfCheckJSON decodes settings with a self_check object:
// validation never panics, and valid settings encode the same way twice.
func FuzzSettingsSelfCheckJSON(f *testing.F) {
	f.Add(`{"school":{"name":"x","student_count":0,"class_count":0,"fulltime_counselors":0,"parttime_counselors":0,"certified_counselors":0,"room":{"has_room":false,"area_m2":0}},"risk_levels":[{"code":"red","label":"一级","color":"#D32F2F","rank":1,"follow_up_days":7}],"self_check":{"norms":{"students_per_counselor":800}}}`)
	f.Add(`{"self_check":{"norms":{},"documents":[{"kind":"leading_group","title":"t"}],"checklist":[{"id":"a","label":"一","links":["room.open_days"],"done":true,"default":false}]}}`)
	f.Fuzz(func(t *testing.T, doc string) {
		var s Settings
		if err := json.Unmarshal([]byte(doc), &s); err != nil {
			return
		}
		if s.Validate() != nil {
			return
		}
		a, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var back Settings
		if err := json.Unmarshal(a, &back); err != nil {
			t.Fatalf("got %v decoding our own %s", err, a)
		}
		b, _ := json.Marshal(back)
		if !bytes.Equal(a, b) {
			t.Errorf("got %s, then %s; want the same encoding", a, b)
		}
	})
}
