package demo

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/interchange"
)

const demoNow casework.Date = "2026-11-20"

// checkOnly is an empty vault that refuses to be written: Check needs
// only its settings and counts.
type checkOnly struct{}

func (checkOnly) Settings() (casework.Settings, error)          { return casework.DefaultSettings(), nil }
func (checkOnly) List(casework.Kind) ([]casework.Record, error) { return nil, nil }
func (checkOnly) Count(casework.Kind) (int, error)              { return 0, nil }
func (checkOnly) Exists(casework.Kind, string) (bool, error)    { return false, nil }
func (checkOnly) Write(func(interchange.Writer) error) error    { panic("checkOnly is never written") }

func TestSmallSchoolPassesTheWholeImportCheck(t *testing.T) {
	b, err := JSON(Small, 1, demoNow)
	if err != nil {
		t.Fatal(err)
	}
	p, err := interchange.Check(b, checkOnly{}, interchange.Options{})
	if err != nil {
		t.Fatalf("check: %v", err)
	}
	if got := len(p.Document().Students); got != 300 {
		t.Errorf("got %d students, want 300", got)
	}
	for _, k := range casework.InterchangeKinds() {
		if len(p.Records(k)) == 0 {
			t.Errorf("got no %s, want some of every kind", k.Array())
		}
	}
}

func TestEveryRecordPassesCaseworkValidation(t *testing.T) {
	d := Generate(Small, 7, demoNow)
	if err := d.Settings.Validate(); err != nil {
		t.Fatalf("settings: %v", err)
	}
	ids := map[casework.Kind]map[string]bool{}
	for _, k := range casework.InterchangeKinds() {
		ids[k] = map[string]bool{}
		for _, r := range d.Records(k) {
			ids[k][r.Base().ID] = true
		}
	}
	env := casework.Env{Levels: d.Settings.RiskLevels, Refs: refsOf(ids)}
	for _, k := range casework.InterchangeKinds() {
		for i, r := range d.Records(k) {
			if err := r.Validate(env); err != nil {
				t.Fatalf("%s[%d]: %v", k.Array(), i, err)
			}
			if m := r.Base(); m.CreatedAt.IsZero() || m.UpdatedAt.Before(m.CreatedAt) {
				t.Fatalf("%s[%d]: got created %v updated %v", k.Array(), i, m.CreatedAt, m.UpdatedAt)
			}
		}
	}
}

type refsOf map[casework.Kind]map[string]bool

func (r refsOf) Exists(k casework.Kind, id string) bool { return r[k][id] }

func TestTheSameSeedGivesTheSameSchool(t *testing.T) {
	a, _ := JSON(Small, 42, demoNow)
	b, _ := JSON(Small, 42, demoNow)
	c, _ := JSON(Small, 43, demoNow)
	if !bytes.Equal(a, b) {
		t.Error("got two different documents from one seed, want identical bytes")
	}
	if bytes.Equal(a, c) {
		t.Error("got the same document from two seeds, want different schools")
	}
}

func TestNoRecordIsDatedAfterNow(t *testing.T) {
	b, _ := JSON(Small, 3, demoNow)
	// Every YYYY-MM-DD in the document is on or before now (birth dates
	// and term ends are allowed to be anything sensible).
	s := string(b)
	for i := 0; i+10 <= len(s); i++ {
		if s[i] != '"' || i+12 > len(s) || s[i+11] != '"' {
			continue
		}
		v := casework.Date(s[i+1 : i+11])
		if !v.Valid() {
			continue
		}
		key := s[max(0, i-24):i]
		if strings.Contains(key, `"end"`) || strings.Contains(key, `"start"`) || strings.Contains(key, `"review_on"`) {
			continue
		}
		if v > demoNow {
			t.Fatalf("got date %s after now %s (near %q)", v, demoNow, key)
		}
	}
}

func TestStudentsAreConsistentWithTheirGrades(t *testing.T) {
	d := Generate(Big, 5, demoNow)
	grades := map[string]int{}
	for i, g := range []rune(gradeChars) {
		grades[string(g)+"年级"] = i
	}
	enrolled := 0
	for _, s := range d.Students {
		gi, ok := grades[s.Grade]
		if !ok {
			t.Fatalf("got grade %q, want 一年级…九年级", s.Grade)
		}
		if !strings.HasPrefix(s.Class, string([]rune(gradeChars)[gi])+"(") || !strings.HasSuffix(s.Class, ")班") {
			t.Fatalf("got class %q in grade %q", s.Class, s.Grade)
		}
		if s.Status != casework.StudentStatusEnrolled {
			continue
		}
		enrolled++
		// A pupil in grade gi (0-based) in the school year starting 2026
		// was born between 2026-gi-7-09-01 and 2026-gi-6-08-31.
		born, _ := s.BirthDate.Time()
		from := time.Date(2026-gi-7, 9, 1, 0, 0, 0, 0, time.UTC)
		if born.Before(from) || !born.Before(from.AddDate(1, 0, 0)) {
			t.Fatalf("got birth date %s for %s, want in the year from %s", s.BirthDate, s.Grade, from.Format("2006-01-02"))
		}
	}
	if len(d.Students) != 3000 || enrolled < 1300 || enrolled > 1700 {
		t.Errorf("got %d students, %d enrolled; want 3000 and about 1500", len(d.Students), enrolled)
	}
	if !strings.HasSuffix(d.Settings.School.Name, "（演示）") {
		t.Errorf("got school name %q, want it marked （演示）", d.Settings.School.Name)
	}
}

func TestBigSchoolHasTheAdvertisedVolumes(t *testing.T) {
	d := Generate(Big, 1, demoNow)
	onRegister := map[string]bool{}
	for _, k := range d.KeyStudents {
		if k.ReleasedOn == "" {
			if onRegister[k.StudentID] {
				t.Fatalf("got a student twice on the key-student register")
			}
			onRegister[k.StudentID] = true
		}
	}
	for _, c := range []struct {
		arr       string
		n, lo, hi int
	}{
		{"sessions", len(d.Sessions), 17000, 23000},
		{"key_students", len(d.KeyStudents), 540, 660},
		{"group_sessions", len(d.GroupSessions), 1350, 1650},
		{"committee_members", len(d.CommitteeMembers), 1080, 1320},
		{"class_reports", len(d.ClassReports), 4500, 5500},
	} {
		if c.n < c.lo || c.n > c.hi {
			t.Errorf("got %d %s, want %d…%d", c.n, c.arr, c.lo, c.hi)
		}
	}
}

func TestNotesNeverCarryDiagnoses(t *testing.T) {
	b, _ := JSON(Small, 2, demoNow)
	for _, w := range []string{"诊断", "抑郁症", "焦虑症", "精神分裂", "双相", "障碍", "精神病"} {
		if bytes.Contains(b, []byte(w)) {
			t.Errorf("got %q in the demo school, want no diagnostic wording", w)
		}
	}
}
