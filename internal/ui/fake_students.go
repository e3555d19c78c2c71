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

// FakeStudents keeps students and attachments in memory and applies the
// record rules the store applies: validation on save, refusal to delete a
// student that records refer to.
type FakeStudents struct {
	changes     *FakeChanges
	mu          sync.Mutex
	students    map[string]*casework.Student
	referenced  map[string]bool // student ids that records refer to
	records     map[string]StudentRecords
	attachments map[string]*casework.Attachment
	blobs       map[string][]byte
	queries     []StudentQuery
	dash        Dashboard
	next        int
	// cases, when set, holds the records that refer to the students;
	// reports, when set, the backups the dashboard reports on.
	cases   *FakeCases
	reports *FakeReports
}

func NewFakeStudents(ss ...*casework.Student) *FakeStudents {
	f := &FakeStudents{students: map[string]*casework.Student{}, referenced: map[string]bool{},
		records: map[string]StudentRecords{}, attachments: map[string]*casework.Attachment{}, blobs: map[string][]byte{}}
	for _, s := range ss {
		f.students[s.ID] = s
	}
	return f
}

func (f *FakeStudents) Students(_ context.Context, q StudentQuery) ([]*casework.Student, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queries = append(f.queries, q)
	var out []*casework.Student
	for _, s := range f.students {
		if q.Text != "" && !strings.Contains(s.Name, q.Text) && !strings.HasPrefix(s.StudentNo, q.Text) {
			continue
		}
		if q.Match(s) {
			c := *s
			out = append(out, &c)
		}
	}
	slices.SortFunc(out, func(a, b *casework.Student) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

func (f *FakeStudents) Student(_ context.Context, id string) (*casework.Student, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.students[id]
	if !ok {
		return nil, &casework.Error{Code: casework.ENOTFOUND, MessageEN: "no such student"}
	}
	c := *s
	return &c, nil
}

func (f *FakeStudents) SaveStudent(_ context.Context, s *casework.Student) (*casework.Student, error) {
	defer f.changes.Emit(casework.KindStudent)
	if err := s.Validate(casework.Env{}); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	c := *s
	if c.ID == "" {
		f.next++
		c.ID = fmt.Sprintf("s-%d", f.next)
	}
	f.students[c.ID] = &c
	out := c
	return &out, nil
}

func (f *FakeStudents) DeleteStudent(ctx context.Context, id string) error {
	defer f.changes.Emit(casework.KindStudent)
	refs := false
	if f.cases != nil { // asked before f.mu: the case fake reads the students under its lock
		recs, err := f.casesOf(ctx, id)
		if err != nil {
			return err
		}
		refs = len(recs.Cases)+len(recs.KeyStudents)+len(recs.Crises)+len(recs.Referrals)+len(recs.Contacts) > 0
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if refs || f.referenced[id] {
		return &casework.Error{Code: casework.ECONFLICT, MessageZH: "该记录仍被其他记录引用，不能删除", MessageEN: "referenced"}
	}
	delete(f.students, id)
	return nil
}

func (f *FakeStudents) StudentRecords(ctx context.Context, id string) (StudentRecords, error) {
	if f.cases != nil {
		return f.casesOf(ctx, id)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.records[id], nil
}

// casesOf gathers the student's records from the linked case fake, newest
// first, as the real service does.
func (f *FakeStudents) casesOf(ctx context.Context, id string) (StudentRecords, error) {
	var out StudentRecords
	flt := RecordFilter{StudentID: id}
	for _, k := range []casework.Kind{casework.KindCase, casework.KindKeyStudent, casework.KindCrisis, casework.KindReferral, casework.KindContact} {
		recs, err := f.cases.Records(ctx, k, flt)
		if err != nil {
			return out, err
		}
		for _, r := range recs {
			switch x := r.(type) {
			case *casework.Case:
				out.Cases = append(out.Cases, x)
			case *casework.KeyStudent:
				out.KeyStudents = append(out.KeyStudents, x)
			case *casework.Crisis:
				out.Crises = append(out.Crises, x)
			case *casework.Referral:
				out.Referrals = append(out.Referrals, x)
			case *casework.Contact:
				out.Contacts = append(out.Contacts, x)
			}
		}
	}
	newestFirst(out.Cases, func(c *casework.Case) casework.Date { return c.OpenedOn })
	newestFirst(out.KeyStudents, func(k *casework.KeyStudent) casework.Date { return k.IncludedOn })
	newestFirst(out.Crises, func(c *casework.Crisis) casework.Date { return c.DiscoveredOn })
	newestFirst(out.Referrals, func(r *casework.Referral) casework.Date { return r.SuggestedOn })
	newestFirst(out.Contacts, func(c *casework.Contact) casework.Date { return c.Date })
	var err error
	out.Levels, err = f.cases.RiskLevels(ctx)
	return out, err
}

func newestFirst[T any](xs []T, date func(T) casework.Date) {
	slices.SortStableFunc(xs, func(a, b T) int { return strings.Compare(string(date(b)), string(date(a))) })
}

func (f *FakeStudents) Attachments(_ context.Context, owner casework.Kind, ownerID string) ([]*casework.Attachment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []*casework.Attachment
	for _, a := range f.attachments {
		if a.OwnerType == owner && a.OwnerID == ownerID {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(a, b *casework.Attachment) int { return strings.Compare(a.Filename, b.Filename) })
	return out, nil
}

func (f *FakeStudents) AddAttachment(_ context.Context, owner casework.Kind, ownerID, name string, data []byte) (*casework.Attachment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.next++
	a := &casework.Attachment{Meta: casework.Meta{ID: fmt.Sprintf("a-%d", f.next)}, OwnerType: owner, OwnerID: ownerID,
		Filename: name, Size: int64(len(data))}
	f.attachments[a.ID] = a
	f.blobs[a.ID] = slices.Clone(data)
	return a, nil
}

func (f *FakeStudents) AttachmentData(_ context.Context, id string) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.blobs[id], nil
}

// SaveAttachment writes the copy as the real service does: a new file,
// owner only, in place of the one the save dialog made.
func (f *FakeStudents) SaveAttachment(_ context.Context, id, path string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
		return err
	}
	return os.WriteFile(path, f.blobs[id], 0o600)
}

func (f *FakeStudents) DeleteAttachment(_ context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.attachments, id)
	delete(f.blobs, id)
	return nil
}

func (f *FakeStudents) Dashboard(ctx context.Context, today casework.Date) (Dashboard, error) {
	if f.reports != nil {
		st, err := f.reports.BackupStatus(ctx)
		if err != nil {
			return Dashboard{}, err
		}
		return Dashboard{Month: today.Month(), LastBackup: st.Last, BackupOverdue: st.Last.IsZero() || st.Reminder >= 2}, nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.dash, nil
}

// find is a copy of one student.
func (f *FakeStudents) find(id string) (casework.Student, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.students[id]
	if !ok {
		return casework.Student{}, false
	}
	return *s, true
}

// list is a copy of every student, by id.
func (f *FakeStudents) list() []*casework.Student {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []*casework.Student
	for _, s := range f.students {
		c := *s
		out = append(out, &c)
	}
	slices.SortFunc(out, func(a, b *casework.Student) int { return strings.Compare(a.ID, b.ID) })
	return out
}

func (f *FakeStudents) Classes(_ context.Context) ([]ClassCount, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := map[[2]string]int{}
	for _, s := range f.students {
		n[[2]string{s.Grade, s.Class}]++
	}
	out := make([]ClassCount, 0, len(n))
	for k, c := range n {
		out = append(out, ClassCount{Grade: k[0], Class: k[1], Students: c})
	}
	slices.SortFunc(out, func(x, y ClassCount) int { return casework.CompareClass(x.Grade, x.Class, y.Grade, y.Class) })
	return out, nil
}

func (f *FakeStudents) RenameClass(_ context.Context, grade, class, newGrade, newClass string, merge bool) (int, error) {
	g, c := casework.NormalizeClass(newGrade, newClass)
	if g == "" || c == "" {
		return 0, &casework.Error{Code: casework.EINVALID, MessageZH: "请填写新的年级和班级", MessageEN: "give the new grade and class"}
	}
	if g == grade && c == class {
		return 0, nil
	}
	f.mu.Lock()
	var move []*casework.Student
	occupied := false
	for _, s := range f.students {
		switch {
		case s.Grade == grade && s.Class == class:
			move = append(move, s)
		case s.Grade == g && s.Class == c:
			occupied = true
		}
	}
	f.mu.Unlock()
	switch {
	case len(move) == 0:
		return 0, &casework.Error{Code: casework.ENOTFOUND, MessageZH: "这个班没有学生", MessageEN: "the class has no students"}
	case occupied && !merge:
		return 0, &casework.Error{Code: casework.ECONFLICT, MessageZH: "改名会合并两个班", MessageEN: "renaming would merge two classes"}
	}
	f.mu.Lock()
	for _, s := range move {
		s.Grade, s.Class = g, c
	}
	f.mu.Unlock()
	f.changes.Emit(casework.KindStudent)
	return len(move), nil
}
