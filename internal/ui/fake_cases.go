package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"xinqing/internal/casework"
)

// FakeCases keeps the casework records in memory and applies the rules
// the store applies: validation (with references), ids, case numbers,
// refusal to delete a case that still has sessions, and an audit list.
type FakeCases struct {
	changes  *FakeChanges
	mu       sync.Mutex
	students map[string]casework.Student
	recs     map[casework.Kind]map[string]casework.Record
	levels   []casework.RiskLevel
	audit    []string // "action kind id"
	n        int
	now      time.Time
	saveErr  error
	// roster, when set, holds the students instead of students.
	roster *FakeStudents
}

func NewFakeCases(students ...casework.Student) *FakeCases {
	f := &FakeCases{students: map[string]casework.Student{}, recs: map[casework.Kind]map[string]casework.Record{},
		levels: casework.DefaultRiskLevels(), now: time.Date(2026, 11, 28, 9, 0, 0, 0, time.Local)}
	for _, s := range students {
		f.students[s.ID] = s
	}
	return f
}

func (f *FakeCases) Exists(kind casework.Kind, id string) bool {
	if kind == casework.KindStudent {
		_, ok := f.student(id)
		return ok
	}
	_, ok := f.recs[kind][id]
	return ok
}

// fakeCaseKind refuses the kinds the case screens do not handle, as the
// real service does.
func fakeCaseKind(k casework.Kind) error {
	switch k {
	case casework.KindCase, casework.KindSession, casework.KindKeyStudent,
		casework.KindCrisis, casework.KindReferral, casework.KindContact:
		return nil
	}
	return fmt.Errorf("case services: kind %q: %w", k, ErrNotAvailable)
}

// student is one student of the roster or of the fake's own list.
func (f *FakeCases) student(id string) (casework.Student, bool) {
	if f.roster != nil {
		s, ok := f.roster.find(id)
		return s, ok
	}
	s, ok := f.students[id]
	return s, ok
}

func (f *FakeCases) studentList() []casework.Student {
	if f.roster == nil {
		return slices.Collect(maps.Values(f.students))
	}
	var out []casework.Student
	for _, s := range f.roster.list() {
		out = append(out, *s)
	}
	return out
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

func (f *FakeCases) Records(_ context.Context, kind casework.Kind, flt RecordFilter) ([]casework.Record, error) {
	if err := fakeCaseKind(kind); err != nil {
		return nil, err
	}
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

func (f *FakeCases) Record(_ context.Context, kind casework.Kind, id string) (casework.Record, error) {
	if err := fakeCaseKind(kind); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.recs[kind][id]
	if !ok {
		return nil, &casework.Error{Code: casework.ENOTFOUND}
	}
	return clone(r), nil
}

func (f *FakeCases) SaveRecord(_ context.Context, rec casework.Record) error {
	defer f.changes.Emit(rec.RecordKind()) // after the lock below is released
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.saveErr != nil {
		return f.saveErr
	}
	if err := fakeCaseKind(rec.RecordKind()); err != nil {
		return err
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

func (f *FakeCases) DeleteRecord(_ context.Context, kind casework.Kind, id string) error {
	defer f.changes.Emit(kind)
	if err := fakeCaseKind(kind); err != nil {
		return err
	}
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

func (f *FakeCases) ViewedCase(_ context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.audit = append(f.audit, "view_case case "+id)
	return nil
}

func (f *FakeCases) FindStudents(_ context.Context, q string, limit int) ([]casework.Student, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []casework.Student
	for _, s := range f.studentList() {
		if strings.Contains(s.Name, q) {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b casework.Student) int { return strings.Compare(a.ID, b.ID) })
	return out[:min(len(out), limit)], nil
}

func (f *FakeCases) StudentsByID(_ context.Context, ids []string) (map[string]casework.Student, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]casework.Student{}
	for _, id := range ids {
		if s, ok := f.student(id); ok {
			out[id] = s
		}
	}
	return out, nil
}

func (f *FakeCases) RiskLevels(context.Context) ([]casework.RiskLevel, error) { return f.levels, nil }

func (f *FakeCases) WriteCaseRecord(_ context.Context, id, path string) error {
	f.mu.Lock()
	f.audit = append(f.audit, "print case "+id)
	f.mu.Unlock()
	return os.WriteFile(path, []byte("%PDF case "+id), 0o600)
}

func (f *FakeCases) WriteReferralLetter(_ context.Context, id, path string) error {
	f.mu.Lock()
	f.audit = append(f.audit, "print referral "+id)
	f.mu.Unlock()
	return os.WriteFile(path, []byte("%PDF referral "+id), 0o600)
}
