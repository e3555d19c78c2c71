package ui

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"

	"xinqing/internal/casework"
)

// FakeGroups keeps the groups area's records in memory and validates
// them with casework, as the store does (references included).
type FakeGroups struct {
	changes  *FakeChanges
	mu       sync.Mutex
	recs     map[casework.Kind][]casework.Record
	students []*casework.Student
	next     int
	// batches counts SaveRecords calls and their sizes.
	batches []int
	printed []string
	// roster, when set, holds the students instead of students.
	roster *FakeStudents
}

// fakeGroupKind refuses the kinds the groups area does not handle, as
// the real service does.
func fakeGroupKind(k casework.Kind) error {
	switch k {
	case casework.KindGroupSession, casework.KindCommitteeMember, casework.KindClassReport,
		casework.KindActivity, casework.KindDutyDay, casework.KindVisit, casework.KindMailbox,
		casework.KindScreening, casework.KindMonthNotes:
		return nil
	}
	return &casework.Error{Code: casework.EINVALID, MessageZH: "此处不能处理该类记录",
		MessageEN: fmt.Sprintf("the groups area does not handle %s records", k)}
}

// NewFakeGroups returns an empty fake; AddStudent adds students.
func NewFakeGroups() *FakeGroups {
	return &FakeGroups{recs: map[casework.Kind][]casework.Record{}}
}

// AddStudent adds a synthetic student to pick from.
func (f *FakeGroups) AddStudent(name, grade, class string) *casework.Student {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.next++
	s := &casework.Student{Meta: casework.Meta{ID: fmt.Sprintf("stu-%03d", f.next)}, Name: name,
		Gender: casework.GenderFemale, Grade: grade, Class: class}
	f.students = append(f.students, s)
	return s
}

func (f *FakeGroups) Exists(kind casework.Kind, id string) bool {
	if kind == casework.KindStudent {
		return slices.ContainsFunc(f.studentList(), func(s *casework.Student) bool { return s.ID == id })
	}
	return slices.ContainsFunc(f.recs[kind], func(r casework.Record) bool { return r.Base().ID == id })
}

func (f *FakeGroups) all(kind casework.Kind) []casework.Record {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.recs[kind])
}

func (f *FakeGroups) Records(_ context.Context, kind casework.Kind) ([]casework.Record, error) {
	if err := fakeGroupKind(kind); err != nil {
		return nil, err
	}
	out := []casework.Record{}
	for _, r := range f.all(kind) {
		out = append(out, grpCopy(r))
	}
	return out, nil
}

func (f *FakeGroups) SaveRecord(ctx context.Context, rec casework.Record) error {
	defer f.changes.Emit(rec.RecordKind())
	return f.save([]casework.Record{rec}, false)
}

func (f *FakeGroups) SaveRecords(ctx context.Context, recs []casework.Record) error {
	defer f.changes.Emit()
	return f.save(recs, true)
}

func (f *FakeGroups) save(recs []casework.Record, batch bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, r := range recs {
		if err := fakeGroupKind(r.RecordKind()); err != nil {
			return err
		}
		if err := r.Validate(casework.Env{Refs: f}); err != nil {
			return err
		}
	}
	if batch {
		f.batches = append(f.batches, len(recs))
	}
	for _, r := range recs {
		k := r.RecordKind()
		if r.Base().ID == "" {
			f.next++
			r.Base().ID = fmt.Sprintf("%s-%03d", k, f.next)
			f.recs[k] = append(f.recs[k], grpCopy(r))
			continue
		}
		i := slices.IndexFunc(f.recs[k], func(x casework.Record) bool { return x.Base().ID == r.Base().ID })
		if i < 0 {
			return casework.Errorf(casework.ENOTFOUND, "no %s %s", k, r.Base().ID)
		}
		f.recs[k][i] = grpCopy(r)
	}
	return nil
}

func (f *FakeGroups) DeleteRecord(_ context.Context, kind casework.Kind, id string) error {
	defer f.changes.Emit(kind)
	if err := fakeGroupKind(kind); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.recs[kind] = slices.DeleteFunc(f.recs[kind], func(r casework.Record) bool { return r.Base().ID == id })
	return nil
}

func (f *FakeGroups) studentList() []*casework.Student {
	if f.roster != nil {
		return f.roster.list()
	}
	return slices.Clone(f.students)
}

func (f *FakeGroups) Students(context.Context) ([]*casework.Student, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.studentList(), nil
}

func (f *FakeGroups) SearchStudents(_ context.Context, q string, limit int) ([]*casework.Student, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []*casework.Student
	for _, s := range f.studentList() {
		if strings.Contains(s.Name, q) && len(out) < limit {
			out = append(out, s)
		}
	}
	return out, nil
}

func (f *FakeGroups) PrintGroupRecord(_ context.Context, id, path string) error {
	f.mu.Lock()
	f.printed = append(f.printed, id)
	f.mu.Unlock()
	return os.WriteFile(path, []byte("%PDF group "+id), 0o600)
}

func (f *FakeGroups) PrintCommitteeRoster(_ context.Context, on casework.Date, path string) error {
	f.mu.Lock()
	f.printed = append(f.printed, "roster "+string(on))
	f.mu.Unlock()
	return os.WriteFile(path, []byte("%PDF roster"), 0o600)
}
