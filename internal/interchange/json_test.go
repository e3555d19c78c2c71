package interchange

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"xinqing/internal/casework"
)

var exportTime = time.Date(2026, 11, 28, 9, 30, 0, 0, time.UTC)

func encode(t *testing.T, d *Document) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Encode(&b, d); err != nil {
		t.Fatalf("encode: %v", err)
	}
	return b.Bytes()
}

func export(t *testing.T, r Reader) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Export(&b, r, exportTime); err != nil {
		t.Fatalf("export: %v", err)
	}
	return b.Bytes()
}

func fixedNow() time.Time { return time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) }

func TestRandomDocumentsImportAndExportIdentically(t *testing.T) {
	for seed := range uint64(200) {
		d := newRandDoc(seed)
		d.ExportedAt = exportTime
		first := encode(t, d)
		st := newMemStore()
		res, err := Import(bytes.NewReader(first), st, Options{Now: fixedNow})
		if err != nil {
			t.Fatalf("seed %d: import: %v", seed, err)
		}
		if res.Merged || res.Added != d.Len() {
			t.Fatalf("seed %d: got merged=%v added=%d, want a replace adding %d", seed, res.Merged, res.Added, d.Len())
		}
		second := export(t, st)
		if !bytes.Equal(first, second) {
			t.Fatalf("seed %d: export after import differs:\n%s", seed, firstDiff(first, second))
		}
	}
}

func firstDiff(a, b []byte) string {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d: got %q want %q", i+1, lb[i], la[i])
		}
	}
	return fmt.Sprintf("got %d lines, want %d", len(lb), len(la))
}

// mutation is one way of breaking one key of one kind of record.
type mutation struct {
	kind casework.Kind
	key  string
	what string // bad_date, enum, negative, dangling, missing, wrong_type
	val  any    // the bad value; nil with what=missing deletes the key
}

var mutations = []mutation{
	{casework.KindStudent, "birth_date", "bad_date", "2012-02-30"},
	{casework.KindStudent, "gender", "enum", "unknown"},
	{casework.KindStudent, "name", "missing", nil},
	{casework.KindStudent, "grade", "wrong_type", 7},
	{casework.KindStudent, "boarding", "wrong_type", "是"},
	{casework.KindStudent, "graduation_year", "wrong_type", 2025.5},
	{casework.KindStudent, "nickname", "unknown_key", "小林"},
	{casework.KindCase, "opened_on", "bad_date", "2025/9/1"},
	{casework.KindCase, "source", "enum", "police"},
	{casework.KindCase, "problem_types", "missing", nil},
	{casework.KindCase, "problem_types", "wrong_type", "study"},
	{casework.KindSession, "case_id", "dangling", ""},
	{casework.KindSession, "duration_min", "negative", -5},
	{casework.KindSession, "date", "missing", nil},
	{casework.KindSession, "mode", "enum", "letter"},
	{casework.KindKeyStudent, "student_id", "dangling", ""},
	{casework.KindKeyStudent, "included_on", "bad_date", "2025-13-01"},
	{casework.KindKeyStudent, "levels", "wrong_type", map[string]any{"level": "red"}},
	{casework.KindCrisis, "risk_type", "enum", "sad"},
	{casework.KindCrisis, "student_id", "dangling", ""},
	{casework.KindCrisis, "discovered_on", "missing", nil},
	{casework.KindReferral, "reason", "missing", nil},
	{casework.KindReferral, "suggested_on", "bad_date", "20250901"},
	{casework.KindReferral, "receipt_signed", "wrong_type", 1},
	{casework.KindContact, "counterpart", "enum", "neighbour"},
	{casework.KindContact, "date", "bad_date", "yesterday"},
	{casework.KindGroupSession, "participants", "negative", -1},
	{casework.KindGroupSession, "leader", "missing", nil},
	{casework.KindGroupSession, "group_type", "enum", "party"},
	{casework.KindCommitteeMember, "student_id", "dangling", ""},
	{casework.KindCommitteeMember, "role", "enum", "captain"},
	{casework.KindClassReport, "concerns", "negative", -2},
	{casework.KindClassReport, "week_start", "bad_date", "2025-02-29"},
	{casework.KindClassReport, "class", "missing", nil},
	{casework.KindActivity, "lessons", "negative", -1},
	{casework.KindActivity, "kind", "enum", "picnic"},
	{casework.KindActivity, "hours", "wrong_type", "两小时"},
	{casework.KindDutyDay, "date", "missing", nil},
	{casework.KindVisit, "visitor_type", "enum", "stranger"},
	{casework.KindVisit, "time", "wrong_type", true},
	{casework.KindMailbox, "letters", "negative", -3},
	{casework.KindScreening, "expected", "negative", -300},
	{casework.KindScreening, "date_to", "bad_date", "2025-06-31"},
	{casework.KindConsent, "student_id", "dangling", ""},
	{casework.KindConsent, "kind", "enum", "photo"},
	{casework.KindMonthNotes, "month", "bad_date", "2025-13"},
	{casework.KindMonthNotes, "training_hours", "negative", -1},
	{casework.KindAppointment, "duration_min", "positive", 0},
	{casework.KindAppointment, "start", "clock", "25:00"},
	{casework.KindStudent, "id", "missing", nil},
	{casework.KindCase, "id", "wrong_type", "case-1"},
	{casework.KindKeyStudent, "levels[0].level", "enum", "purple"},
	{casework.KindKeyStudent, "levels[0].date", "bad_date", "2025-9-1"},
	{casework.KindKeyStudent, "responsible[0].phone", "unknown_key", "100"},
	{casework.KindCrisis, "disclosures[0].on", "bad_date", "2025-04-31"},
	{casework.KindCrisis, "disclosures[0].to", "enum", "neighbour"},
	{casework.KindGroupSession, "process[0].minutes", "negative", -10},
	{casework.KindGroupSession, "process[1].minutes", "wrong_type", "五分钟"},
	{casework.KindCommitteeMember, "trainings[0].hours", "negative", -1.5},
	{"", "settings.school.student_count", "negative", -1},
	{"", "settings.risk_levels[0].color", "bad_format", "red"},
	{"", "settings.school.stage", "enum", "university"},
	{"", "settings.school.room.area_m2", "wrong_type", "八十"},
}

// mutate applies m to element idx of its array in top (or, for settings
// mutations of kind "", to the document itself) and returns the path the
// error must name; ok is false when the element lacks the nested key.
func mutate(top map[string]any, m mutation, idx int) (path string, ok bool) {
	var node any = top
	path = m.key
	if m.kind != "" {
		arr, _ := top[m.kind.Array()].([]any)
		if idx >= len(arr) {
			return "", false
		}
		node = arr[idx]
		path = fmt.Sprintf("%s[%d].%s", m.kind.Array(), idx, m.key)
	}
	// Walk "a.b[2].c": every step but the last must exist.
	steps := strings.Split(strings.ReplaceAll(m.key, "[", ".["), ".")
	for _, s := range steps[:len(steps)-1] {
		switch n := node.(type) {
		case map[string]any:
			node = n[s]
		case []any:
			var i int
			if _, err := fmt.Sscanf(s, "[%d]", &i); err != nil || i >= len(n) {
				return "", false
			}
			node = n[i]
		default:
			return "", false
		}
	}
	obj, isObj := node.(map[string]any)
	if !isObj {
		return "", false
	}
	last := steps[len(steps)-1]
	switch {
	case m.what == "dangling":
		obj[last] = "00000000-0000-4000-8000-000000000000"
	case m.val == nil:
		if _, had := obj[last]; !had {
			return "", false
		}
		delete(obj, last)
	default:
		obj[last] = m.val
	}
	return path, true
}

func TestDocumentWithOneBadFieldIsRefusedWhole(t *testing.T) {
	tried := map[int]bool{}
	for seed := range uint64(200) {
		d := newRandDoc(seed)
		d.ExportedAt = exportTime
		good := encode(t, d)
		r := rand.New(rand.NewPCG(seed, 7))
		// Mutations whose kind has a record in this document.
		var top map[string]any
		var m mutation
		var path string
		for {
			if err := json.Unmarshal(good, &top); err != nil {
				t.Fatal(err)
			}
			mi := r.IntN(len(mutations))
			m = mutations[mi]
			idx := 0
			if n := len(d.Records(m.kind)); n > 0 {
				idx = r.IntN(n)
			}
			var ok bool
			if path, ok = mutate(top, m, idx); ok {
				tried[mi] = true
				break
			}
		}
		bad, _ := json.Marshal(top)

		// The target vault already holds a valid document: a refused
		// import must leave it exactly as it was.
		st := newMemStore()
		if _, err := Import(bytes.NewReader(encode(t, newRandDoc(seed+1000))), st, Options{Now: fixedNow}); err != nil {
			t.Fatalf("seed %d: import the base document: %v", seed, err)
		}
		before, writes := st.hash(), st.writes
		_, err := Import(bytes.NewReader(bad), st, Options{Now: fixedNow})
		var ie *ImportError
		if !errors.As(err, &ie) {
			t.Fatalf("seed %d: %s %s: got %v, want an ImportError", seed, m.what, path, err)
		}
		if !ie.Has(path) {
			t.Fatalf("seed %d: %s: the error does not name %s:\n%v", seed, m.what, path, ie)
		}
		if casework.ErrorCode(err) != casework.EINVALID {
			t.Errorf("seed %d: got code %q, want %q", seed, casework.ErrorCode(err), casework.EINVALID)
		}
		if st.hash() != before || st.writes != writes {
			t.Fatalf("seed %d: a refused import changed the store", seed)
		}
	}
	if len(tried) < len(mutations)/2 {
		t.Errorf("got %d kinds of mutation tried, want at least %d", len(tried), len(mutations)/2)
	}
}

func TestEveryMutationIsRefusedWithItsKey(t *testing.T) {
	// The random test above samples; this one runs every mutation once
	// on a document that has every kind.
	var d *Document
	for seed := uint64(0); ; seed++ {
		d = newRandDoc(seed)
		full := true
		for _, k := range casework.InterchangeKinds() {
			if len(d.Records(k)) == 0 {
				full = false
			}
		}
		if full {
			break
		}
	}
	good := encode(t, d)
	for _, m := range mutations {
		t.Run(m.kind.Array()+" "+m.key+" "+m.what, func(t *testing.T) {
			var top map[string]any
			_ = json.Unmarshal(good, &top)
			path, ok := mutate(top, m, 0)
			if !ok {
				t.Fatalf("the document has no %s", m.key)
			}
			bad, _ := json.Marshal(top)
			st := newMemStore()
			_, err := Import(bytes.NewReader(bad), st, Options{})
			var ie *ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("got %v, want an ImportError", err)
			}
			if !ie.Has(path) {
				t.Fatalf("the error does not name %s:\n%v", path, ie)
			}
			if !strings.Contains(ie.Error(), path+": ") {
				t.Errorf("got message %q, want a line starting %q", ie.Error(), path+": ")
			}
			if st.writes != 0 {
				t.Errorf("got %d writes, want 0", st.writes)
			}
		})
	}
}

func TestErrorMessagesAreChineseAndNameTheKey(t *testing.T) {
	d := newRandDoc(3)
	good := encode(t, d)
	var top map[string]any
	_ = json.Unmarshal(good, &top)
	top["students"].([]any)[0].(map[string]any)["birth_date"] = "2012-02-30"
	bad, _ := json.Marshal(top)
	_, err := Import(bytes.NewReader(bad), newMemStore(), Options{})
	want := "students[0].birth_date: 出生日期不是有效日期（应为 YYYY-MM-DD）"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("got %v, want a line %q", err, want)
	}
}

func TestEnvelopeProblemsAreRefused(t *testing.T) {
	good := encode(t, newRandDoc(1))
	tests := []struct {
		name string
		doc  string
		key  string
	}{
		{"a file that is not JSON names the line", "{\n\"format\": \"xinqing-interchange\",\n oops}", ""},
		{"a JSON array is not a document", "[]", ""},
		{"a wrong format is refused", strings.Replace(string(good), `"format": "xinqing-interchange"`, `"format": "other"`, 1), "format"},
		{"a newer version is refused", strings.Replace(string(good), `"version": 2`, `"version": 3`, 1), "version"},
		{"an unknown top-level key is refused", strings.Replace(string(good), `"version": 2,`, `"version": 2, "teachers": [],`, 1), "teachers"},
		{"an array that is an object is refused", strings.Replace(string(good), `"month_notes": [`, `"month_notes": {"x": [`, 1), ""},
		{"trailing data is refused", string(good) + "{}", ""},
		{"a bad exported_at is refused", strings.Replace(string(good), `"exported_at": "0001-01-01T00:00:00Z"`, `"exported_at": "昨天"`, 1), "exported_at"},
		{"settings without risk levels are refused", strings.Replace(string(good), `"risk_levels": [`, `"risk_levels": [], "x": [`, 1), "settings"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newMemStore()
			_, err := Import(strings.NewReader(tt.doc), st, Options{})
			var ie *ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("got %v, want an ImportError", err)
			}
			if tt.key != "" && !ie.Has(tt.key) {
				t.Errorf("the error does not name %s: %v", tt.key, ie)
			}
			if st.writes != 0 {
				t.Errorf("got %d writes, want 0", st.writes)
			}
		})
	}
}

func TestManyErrorsAreCappedAndCounted(t *testing.T) {
	d := newRandDoc(5)
	for i := range 80 {
		d.DutyDays = append(d.DutyDays, &casework.DutyDay{Meta: casework.Meta{ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i)}, Date: "2025-02-30"})
	}
	_, err := Import(bytes.NewReader(encode(t, d)), newMemStore(), Options{MaxErrors: 10})
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("got %v, want an ImportError", err)
	}
	if len(ie.Errors) != 10 || ie.Total != 80 {
		t.Errorf("got %d listed of %d, want 10 of 80", len(ie.Errors), ie.Total)
	}
	if !strings.Contains(ie.Error(), "另有 70 处问题未列出") {
		t.Errorf("got %q, want it to say 70 more", ie.Error())
	}
}

func TestDuplicateIDsAreRefused(t *testing.T) {
	d := newRandDoc(9)
	dup := *d.Students[0]
	d.Students = append(d.Students, &dup)
	_, err := Import(bytes.NewReader(encode(t, d)), newMemStore(), Options{})
	var ie *ImportError
	if !errors.As(err, &ie) || !strings.Contains(ie.Error(), "重复") {
		t.Fatalf("got %v, want a duplicate id error", err)
	}
}

func TestMergeAddsAndUpdatesByIDAndKeepsTheVaultSettings(t *testing.T) {
	st := newMemStore()
	base := newRandDoc(11)
	if _, err := Import(bytes.NewReader(encode(t, base)), st, Options{}); err != nil {
		t.Fatal(err)
	}
	schoolName := st.settings.School.Name
	// A second document: one updated student, one new student, and a new
	// case that refers to a student only the vault holds.
	upd := *base.Students[0]
	upd.Notes = "转入后适应良好"
	extra := newRandDoc(12)
	second := NewDocument(extra.Settings)
	second.Settings.School.Name = "另一所学校（演示）"
	second.Students = []*casework.Student{&upd, extra.Students[0]}
	second.Cases = []*casework.Case{{Meta: casework.Meta{ID: "11111111-1111-4111-8111-111111111111"},
		StudentID: base.Students[len(base.Students)-1].ID, OpenedOn: "2026-03-02", Source: casework.CaseSourceSelf,
		ProblemTypes: []casework.ProblemType{casework.ProblemTypeStudy}}}
	res, err := Import(bytes.NewReader(encode(t, second)), st, Options{Now: fixedNow})
	if err != nil {
		t.Fatalf("merge: %v", err)
	}
	if !res.Merged || res.Added != 2 || res.Updated != 1 {
		t.Errorf("got merged=%v added=%d updated=%d, want true 2 1", res.Merged, res.Added, res.Updated)
	}
	if st.settings.School.Name != schoolName {
		t.Errorf("got school %q, want the vault's own settings kept", st.settings.School.Name)
	}
	n, _ := st.Count(casework.KindStudent)
	if n != len(base.Students)+1 {
		t.Errorf("got %d students, want %d", n, len(base.Students)+1)
	}
}

func TestStoreFailureMidWriteKeepsNothing(t *testing.T) {
	st := newMemStore()
	st.failPut = true
	before := st.hash()
	_, err := Import(bytes.NewReader(encode(t, newRandDoc(2))), st, Options{})
	if err == nil {
		t.Fatal("got nil, want the store's error")
	}
	var ie *ImportError
	if errors.As(err, &ie) {
		t.Fatalf("got an ImportError %v, want the store's failure", err)
	}
	if st.hash() != before {
		t.Error("a failed transaction changed the store")
	}
}

func TestMissingTimestampsAreStampedWithTheClock(t *testing.T) {
	doc := `{"format":"xinqing-interchange","version":1,
	"students":[{"id":"22222222-2222-4222-8222-222222222222","name":"林晓","gender":"female","grade":"七年级","class":"七(1)班"}]}`
	st := newMemStore()
	if _, err := Import(strings.NewReader(doc), st, Options{Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	recs, _ := st.List(casework.KindStudent)
	m := recs[0].Base()
	if !m.CreatedAt.Equal(fixedNow()) || !m.UpdatedAt.Equal(fixedNow()) {
		t.Errorf("got created %v updated %v, want both %v", m.CreatedAt, m.UpdatedAt, fixedNow())
	}
	if st.settings.School.Name != "" || len(st.settings.RiskLevels) != 4 {
		t.Errorf("a document without settings changed the settings")
	}
}

func TestConsentAttachmentOutsideTheVaultIsDropped(t *testing.T) {
	d := newRandDoc(4)
	d.Consents = []*casework.Consent{{Meta: casework.Meta{ID: "33333333-3333-4333-8333-333333333333"},
		StudentID: d.Students[0].ID, Date: "2025-10-10", AttachmentID: "44444444-4444-4444-8444-444444444444"}}
	st := newMemStore()
	res, err := Import(bytes.NewReader(encode(t, d)), st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	recs, _ := st.List(casework.KindConsent)
	if res.DroppedAttachmentRefs != 1 || recs[0].(*casework.Consent).AttachmentID != "" {
		t.Errorf("got %d dropped, attachment %q; want 1 and empty", res.DroppedAttachmentRefs, recs[0].(*casework.Consent).AttachmentID)
	}
}
