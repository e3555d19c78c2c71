package casework

import (
	"golang.org/x/text/unicode/norm"
	"strings"
	"testing"
	"unicode/utf8"
)

func validStudent() Student {
	return Student{Name: "欧阳䶮喆", Gender: "female", Grade: "初二", Class: "（3）班", Notes: "第一行\n\t第二行"}
}

func TestTextGate(t *testing.T) {
	tests := []struct {
		name string
		edit func(s *Student)
		key  string // "" means accepted
		rule string
		inZH string
	}{
		{"rare characters", func(s *Student) { s.Name = "李𠮷" }, "", "", ""},
		{"emoji in a note", func(s *Student) { s.Notes = "今天😀👨‍👩‍👧" }, "", "", ""},
		{"invalid UTF-8", func(s *Student) { s.Name = "李\xff" }, "name", RuleEncoding, "姓名含有无法识别的字符"},
		{"replacement character", func(s *Student) { s.Notes = "乱码\uFFFD" }, "notes", RuleEncoding, "编码"},
		{"NUL in a name", func(s *Student) { s.Name = "李\x00明" }, "name", RuleControl, "姓名只能填一行"},
		{"BEL in a note", func(s *Student) { s.Notes = "响\a" }, "notes", RuleControl, "第 2 个字符是不可见的控制字符"},
		{"newline in a one-line field", func(s *Student) { s.Class = "3\n班" }, "class", RuleControl, "只能填一行"},
		{"tab in a name", func(s *Student) { s.Name = "李\t明" }, "name", RuleControl, ""},
		{"bidi override in a name", func(s *Student) { s.Name = "李\u202E明" }, "name", RuleInvisible, "看不见的文字方向符或零宽字符（第 2 个字符）"},
		{"isolate in a name", func(s *Student) { s.GuardianName = "李\u2066明" }, "guardian_name", RuleInvisible, ""},
		{"zero-width joiner in a name", func(s *Student) { s.Name = "李\u200D明" }, "name", RuleInvisible, ""},
		{"name of 50 characters", func(s *Student) { s.Name = strings.Repeat("𠮷", 50) }, "", "", ""},
		{"name of 51 characters", func(s *Student) { s.Name = strings.Repeat("李", 51) }, "name", RuleLength, "姓名最多 50 个字，现有 51 个字"},
		{"note of 20,000 characters", func(s *Student) { s.Notes = strings.Repeat("记", 20000) }, "", "", ""},
		{"note of 5 MB", func(s *Student) { s.Notes = strings.Repeat("记", 5<<20/3) }, "notes", RuleLength, "最多 20000 个字"},
		{"long 学籍号", func(s *Student) { s.StudentNo = strings.Repeat("1", 101) }, "student_no", RuleLength, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validStudent()
			tt.edit(&s)
			err := s.Validate(Env{})
			if tt.key == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			v, ok := AsValidationErrors(err)
			if !ok || len(v) != 1 {
				t.Fatalf("err = %v, want one field error", err)
			}
			if v[0].Key != tt.key || v[0].Rule != tt.rule || !strings.Contains(v[0].MessageZH, tt.inZH) {
				t.Errorf("got %s %s %q, want %s %s containing %q", v[0].Key, v[0].Rule, v[0].MessageZH, tt.key, tt.rule, tt.inZH)
			}
			if strings.Contains(v[0].MessageZH, "%") || strings.Contains(v[0].MessageEN, "%") {
				t.Errorf("unformatted message: %q / %q", v[0].MessageZH, v[0].MessageEN)
			}
		})
	}
}

func TestTextGateNormalises(t *testing.T) {
	s := validStudent()
	s.Name = "Ame\u0301lie"  // e + combining acute
	s.Notes = "一行\r\n二行\r三行" // Windows and old Mac line ends
	if err := s.Validate(Env{}); err != nil {
		t.Fatal(err)
	}
	if s.Name != "Amélie" || s.Notes != "一行\n二行\n三行" {
		t.Errorf("got %q, %q", s.Name, s.Notes)
	}
}

func TestTextGateNamesNestedFields(t *testing.T) {
	k := KeyStudent{StudentID: "stu-1", IncludedOn: "2026-10-01",
		Levels:    []LevelEntry{{Date: "2026-10-01", Level: "red", DecidedBy: "王\u202E老师"}},
		FollowUps: []FollowUp{{Date: "2026-10-02", Situation: "好\x01"}}}
	err := k.Validate(Env{})
	v, _ := AsValidationErrors(err)
	keys := map[string]string{}
	for _, f := range v {
		keys[f.Key] = f.MessageZH
	}
	if _, ok := keys["levels[0].decided_by"]; !ok {
		t.Errorf("no error for levels[0].decided_by: %v", err)
	}
	if _, ok := keys["follow_ups[0].situation"]; !ok {
		t.Errorf("no error for follow_ups[0].situation: %v", err)
	}
}

func TestCheckText(t *testing.T) {
	if got, err := CheckText(KindStudent, "name", "李\u0308"); err != nil || got != "李\u0308" {
		t.Errorf("got %q, %v", got, err)
	}
	_, err := CheckText(KindStudent, "name", "李\u202E")
	if msg := ErrorMessageZH(err); !strings.HasPrefix(msg, "姓名含有看不见的") {
		t.Errorf("message %q", msg)
	}
}

// FuzzCheckText: the gate never panics, and what it accepts is valid
// UTF-8 in NFC that it accepts again unchanged.
func FuzzCheckText(f *testing.F) {
	for _, s := range []string{"李𠮷", "e\u0301", "a\r\nb", "\x00", "\xff", "\u202e", strings.Repeat("长", 60)} {
		f.Add("name", s)
		f.Add("notes", s)
	}
	f.Fuzz(func(t *testing.T, key, s string) {
		got, err := CheckText(KindStudent, key, s)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		again, err := CheckText(KindStudent, key, got)
		if err != nil || again != got || !utf8.ValidString(got) {
			t.Fatalf("accepted %q as %q, then %q, %v", s, got, again, err)
		}
	})
}

// The tables come from internal/textnorm in the programs; casework's own
// tests link the same composition.
func init() { Compose = norm.NFC.String }
