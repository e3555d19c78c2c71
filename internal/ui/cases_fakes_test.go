package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"xinqing/internal/casework"
	"xinqing/internal/ui/uitest"
)

// fakeCases keeps the casework records in memory and applies the rules
// the store applies: validation (with references), ids, case numbers,
// refusal to delete a case that still has sessions, and an audit list.
type fakeCases struct {
	mu       sync.Mutex
	students map[string]casework.Student
	recs     map[casework.Kind]map[string]casework.Record
	levels   []casework.RiskLevel
	audit    []string // "action kind id"
	n        int
	now      time.Time
	saveErr  error
}

func newFakeCases(students ...casework.Student) *fakeCases {
	f := &fakeCases{students: map[string]casework.Student{}, recs: map[casework.Kind]map[string]casework.Record{},
		levels: casework.DefaultRiskLevels(), now: time.Date(2026, 11, 28, 9, 0, 0, 0, time.Local)}
	for _, s := range students {
		f.students[s.ID] = s
	}
	return f
}

func (f *fakeCases) Exists(kind casework.Kind, id string) bool {
	if kind == casework.KindStudent {
		_, ok := f.students[id]
		return ok
	}
	_, ok := f.recs[kind][id]
	return ok
}

func clone(r casework.Record) casework.Record {
	c := casework.NewRecord(r.RecordKind())
	b, err := json.Marshal(r)
	if err != nil {
		panic(err)
	}
	if err := json.Unmarshal(b, c); err != nil {
		panic(err)
	}
	return c
}

func (f *fakeCases) Records(_ context.Context, kind casework.Kind, flt RecordFilter) ([]casework.Record, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []casework.Record
	for _, r := range f.recs[kind] {
		if flt.StudentID != "" && studentOf(r) != flt.StudentID {
			continue
		}
		if flt.CaseID != "" && r.(*casework.Session).CaseID != flt.CaseID {
			continue
		}
		out = append(out, clone(r))
	}
	slices.SortFunc(out, func(a, b casework.Record) int { return strings.Compare(a.Base().ID, b.Base().ID) })
	return out, nil
}

func (f *fakeCases) Record(_ context.Context, kind casework.Kind, id string) (casework.Record, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.recs[kind][id]
	if !ok {
		return nil, &casework.Error{Code: casework.ENOTFOUND}
	}
	return clone(r), nil
}

func (f *fakeCases) SaveRecord(_ context.Context, rec casework.Record) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.saveErr != nil {
		return f.saveErr
	}
	if err := rec.Validate(casework.Env{Levels: f.levels, Refs: f}); err != nil {
		return err
	}
	k := rec.RecordKind()
	if f.recs[k] == nil {
		f.recs[k] = map[string]casework.Record{}
	}
	action := "update"
	if rec.Base().ID == "" {
		action = "create"
		f.n++
		rec.Base().ID = fmt.Sprintf("%s-%03d", k, f.n) // ids sort in creation order
		if c, ok := rec.(*casework.Case); ok && c.CaseNo == "" {
			var nos []string
			for _, r := range f.recs[casework.KindCase] {
				nos = append(nos, r.(*casework.Case).CaseNo)
			}
			c.CaseNo = casework.NextCaseNo(f.now.Year(), nos)
		}
	} else if _, ok := f.recs[k][rec.Base().ID]; !ok {
		return &casework.Error{Code: casework.ENOTFOUND}
	}
	rec.Base().Touch(f.now)
	f.recs[k][rec.Base().ID] = clone(rec)
	f.audit = append(f.audit, action+" "+string(k)+" "+rec.Base().ID)
	return nil
}

func (f *fakeCases) DeleteRecord(_ context.Context, kind casework.Kind, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if kind == casework.KindCase {
		for _, r := range f.recs[casework.KindSession] {
			if r.(*casework.Session).CaseID == id {
				return &casework.Error{Code: casework.ECONFLICT}
			}
		}
	}
	delete(f.recs[kind], id)
	f.audit = append(f.audit, "delete "+string(kind)+" "+id)
	return nil
}

func (f *fakeCases) ViewedCase(_ context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.audit = append(f.audit, "view_case case "+id)
	return nil
}

func (f *fakeCases) FindStudents(_ context.Context, q string, limit int) ([]casework.Student, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []casework.Student
	for _, s := range f.students {
		if strings.Contains(s.Name, q) {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b casework.Student) int { return strings.Compare(a.ID, b.ID) })
	return out[:min(len(out), limit)], nil
}

func (f *fakeCases) StudentsByID(_ context.Context, ids []string) (map[string]casework.Student, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]casework.Student{}
	for _, id := range ids {
		if s, ok := f.students[id]; ok {
			out[id] = s
		}
	}
	return out, nil
}

func (f *fakeCases) RiskLevels(context.Context) ([]casework.RiskLevel, error) { return f.levels, nil }

func (f *fakeCases) WriteCaseRecord(_ context.Context, id, path string) error {
	f.mu.Lock()
	f.audit = append(f.audit, "print case "+id)
	f.mu.Unlock()
	return os.WriteFile(path, []byte("%PDF case "+id), 0o600)
}

func (f *fakeCases) WriteReferralLetter(_ context.Context, id, path string) error {
	f.mu.Lock()
	f.audit = append(f.audit, "print referral "+id)
	f.mu.Unlock()
	return os.WriteFile(path, []byte("%PDF referral "+id), 0o600)
}

func (f *fakeCases) all(kind casework.Kind) []casework.Record {
	recs, _ := f.Records(context.Background(), kind, RecordFilter{})
	return recs
}

func (f *fakeCases) audited(entry string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Contains(f.audit, entry)
}

// synthetic students
func testStudents() []casework.Student {
	return []casework.Student{
		{Meta: casework.Meta{ID: "stu-1"}, Name: "林小雨", Gender: casework.GenderFemale, Grade: "七年级", Class: "七(3)班"},
		{Meta: casework.Meta{ID: "stu-2"}, Name: "周晓峰", Gender: casework.GenderMale, Grade: "八年级", Class: "八(1)班"},
	}
}

// casesHarness shows one casework screen on a headless window with slow
// work run inline.
func casesHarness(t *testing.T, fc *fakeCases, build func(a *App) Screen) (*harness, Screen) {
	t.Helper()
	h := &harness{t: t, app: test.NewTempApp(t)}
	h.win = test.NewTempWindow(t, nil)
	h.Driver = uitest.New(t, h.win)
	h.clock = &fakeClock{now: fc.now}
	h.ui = New(h.app, h.win, Deps{
		Vault: newFakeVault(t), Passphrase: &fakePassphrase{}, Printer: filePrinter{}, Settings: &fakeSettings{},
		Cases: fc, Clock: h.clock, Go: func(f func()) { f() },
	})
	h.app.Settings().SetTheme(NewTheme())
	h.win.Resize(fyne.NewSize(1400, 1600))
	s := build(h.ui)
	h.win.SetContent(s.Content())
	return h, s
}
