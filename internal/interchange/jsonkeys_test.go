package interchange

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"xinqing/internal/casework"
)

// inFirstStudent replaces the first occurrence of old after the start of
// the students array.
func inFirstStudent(t *testing.T, doc []byte, old, new string) []byte {
	t.Helper()
	s := string(doc)
	at := strings.Index(s, `"students": [`)
	i := strings.Index(s[at:], old)
	if at < 0 || i < 0 {
		t.Fatalf("no %q in the students array", old)
	}
	return []byte(s[:at+i] + new + s[at+i+len(old):])
}

func importErr(t *testing.T, doc []byte) *ImportError {
	t.Helper()
	st := newMemStore()
	_, err := Import(bytes.NewReader(doc), st, Options{})
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("got %v, want an ImportError", err)
	}
	if st.writes != 0 {
		t.Errorf("a refused document wrote %d records", st.writes)
	}
	return ie
}

func TestAUTF8ByteOrderMarkIsAccepted(t *testing.T) {
	good := encode(t, newRandDoc(4))
	st := newMemStore()
	if _, err := Import(bytes.NewReader(append([]byte("\xEF\xBB\xBF"), good...)), st, Options{}); err != nil {
		t.Fatalf("a document saved by Notepad: %v", err)
	}
	if st.writes == 0 {
		t.Error("nothing written")
	}
}

func TestDuplicateJSONKeysAreRefusedByPath(t *testing.T) {
	good := encode(t, newRandDoc(4))
	dup := inFirstStudent(t, good, `"gender": `, `"gender": "female", "gender": `)
	ie := importErr(t, dup)
	if !ie.Has("students[0].gender") || !strings.Contains(ie.Error(), "students[0] 中的键“gender”出现了不止一次") {
		t.Errorf("got %v, want students[0].gender named", ie)
	}
	v := fmt.Sprintf(`"version": %d,`, Version)
	top := strings.Replace(string(good), v, v+" "+v, 1)
	ie = importErr(t, []byte(top))
	if !ie.Has("version") || !strings.Contains(ie.Error(), "文件顶层中的键“version”") {
		t.Errorf("got %v, want the top-level version named", ie)
	}
}

func TestTextThatIsNotUTF8IsRefusedWithItsLine(t *testing.T) {
	good := encode(t, newRandDoc(4))
	bad := inFirstStudent(t, good, `"name": "`, "\"name\": \"\xB0\xA1")
	ie := importErr(t, bad)
	if !strings.Contains(ie.Error(), "不是 UTF-8 编码") || !strings.Contains(ie.Error(), "行") {
		t.Errorf("got %v", ie)
	}
}

func TestImportPassesEveryFieldThroughTheTextGate(t *testing.T) {
	good := encode(t, newRandDoc(4))
	tests := []struct{ insert, rule string }{
		{`\u202e`, casework.RuleInvisible},
		{`\u0000`, casework.RuleControl},
		{`\u0007`, casework.RuleControl},
		{strings.Repeat("长", 51), casework.RuleLength},
	}
	for _, tt := range tests {
		ie := importErr(t, inFirstStudent(t, good, `"name": "`, `"name": "`+tt.insert))
		if !ie.Has("students[0].name") || ie.Errors[0].Rule != tt.rule || !strings.HasPrefix(ie.Errors[0].MessageZH, "姓名") {
			t.Errorf("%q: got %v (%+v)", tt.insert, ie, ie.Errors)
		}
	}
}

func TestRosterPassesNamesThroughTheTextGate(t *testing.T) {
	rows := [][]any{
		{"姓名", "性别", "年级", "班级", "学籍号"},
		{"李\u202E明", "男", "七年级", "3班", "G1"},
		{"李𠮷", "女", "七年级", "3班", "G2"},
	}
	p, err := PreviewRoster(bytes.NewReader(xlsxOf(t, rows)), newMemStore(), RosterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Rows) != 2 {
		t.Fatalf("got %d rows", len(p.Rows))
	}
	if p.Rows[0].Action != RowBad || !strings.Contains(strings.Join(p.Rows[0].Errors, ""), "姓名含有看不见的文字方向符") {
		t.Errorf("row with a bidi override: %+v", p.Rows[0])
	}
	if p.Rows[1].Action == RowBad || p.Rows[1].Student.Name != "李𠮷" {
		t.Errorf("row with 𠮷: %+v", p.Rows[1])
	}
}
