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

// fakeStudents keeps students and attachments in memory and applies the
// record rules the store applies: validation on save, refusal to delete a
// student that records refer to.
type fakeStudents struct {
	mu          sync.Mutex
	students    map[string]*casework.Student
	referenced  map[string]bool // student ids that records refer to
	records     map[string]StudentRecords
	attachments map[string]*casework.Attachment
	blobs       map[string][]byte
	queries     []StudentQuery
	dash        Dashboard
	next        int
}

func newFakeStudents(ss ...*casework.Student) *fakeStudents {
	f := &fakeStudents{students: map[string]*casework.Student{}, referenced: map[string]bool{},
		records: map[string]StudentRecords{}, attachments: map[string]*casework.Attachment{}, blobs: map[string][]byte{}}
	for _, s := range ss {
		f.students[s.ID] = s
	}
	return f
}

func (f *fakeStudents) Students(_ context.Context, q StudentQuery) ([]*casework.Student, error) {
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

func (f *fakeStudents) Student(_ context.Context, id string) (*casework.Student, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.students[id]
	if !ok {
		return nil, &casework.Error{Code: casework.ENOTFOUND, MessageEN: "no such student"}
	}
	c := *s
	return &c, nil
}

func (f *fakeStudents) SaveStudent(_ context.Context, s *casework.Student) (*casework.Student, error) {
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

func (f *fakeStudents) DeleteStudent(_ context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.referenced[id] {
		return &casework.Error{Code: casework.ECONFLICT, MessageZH: "该记录仍被其他记录引用，不能删除", MessageEN: "referenced"}
	}
	delete(f.students, id)
	return nil
}

func (f *fakeStudents) StudentRecords(_ context.Context, id string) (StudentRecords, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.records[id], nil
}

func (f *fakeStudents) Attachments(_ context.Context, owner casework.Kind, ownerID string) ([]*casework.Attachment, error) {
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

func (f *fakeStudents) AddAttachment(_ context.Context, owner casework.Kind, ownerID, name string, data []byte) (*casework.Attachment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.next++
	a := &casework.Attachment{Meta: casework.Meta{ID: fmt.Sprintf("a-%d", f.next)}, OwnerType: owner, OwnerID: ownerID,
		Filename: name, Size: int64(len(data))}
	f.attachments[a.ID] = a
	f.blobs[a.ID] = slices.Clone(data)
	return a, nil
}

func (f *fakeStudents) AttachmentData(_ context.Context, id string) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.blobs[id], nil
}

func (f *fakeStudents) SaveAttachment(_ context.Context, id, path string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	// As the real service: a new file, owner only, in place of the one
	// the save dialog made.
	if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
		return err
	}
	return os.WriteFile(path, f.blobs[id], 0o600)
}

func (f *fakeStudents) DeleteAttachment(_ context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.attachments, id)
	delete(f.blobs, id)
	return nil
}

func (f *fakeStudents) Dashboard(context.Context, casework.Date) (Dashboard, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.dash, nil
}

func (f *fakeStudents) lastQuery() (StudentQuery, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.queries) == 0 {
		return StudentQuery{}, 0
	}
	return f.queries[len(f.queries)-1], len(f.queries)
}
