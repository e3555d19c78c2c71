package desktop

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"sync"

	"xinqing/internal/app"
	"xinqing/internal/casework"
	"xinqing/internal/ui"
)

// previewGroups keeps the groups area's records in memory for -preview,
// with a few synthetic classes of students; validation is casework's.
type previewGroups struct {
	mu       sync.Mutex
	recs     map[casework.Kind][]casework.Record
	students []*casework.Student
}

func newPreviewGroups() *previewGroups {
	p := &previewGroups{recs: map[casework.Kind][]casework.Record{}}
	given := []string{"晓", "子", "雨", "思", "嘉", "一"}
	last := []string{"晨", "涵", "轩", "琪", "宁", "诺"}
	for _, c := range []struct{ grade, class string }{{"七年级", "七(1)班"}, {"七年级", "七(2)班"}, {"八年级", "八(1)班"}} {
		for i := range 6 {
			p.students = append(p.students, &casework.Student{Meta: casework.Meta{ID: previewID()},
				Name: "演示" + given[i] + last[(i+len(c.class))%6], Gender: casework.AllGenders()[i%2], Grade: c.grade, Class: c.class})
		}
	}
	return p
}

func previewID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Exists answers casework's reference checks.
func (p *previewGroups) Exists(kind casework.Kind, id string) bool {
	if kind == casework.KindStudent {
		return slices.ContainsFunc(p.students, func(s *casework.Student) bool { return s.ID == id })
	}
	return slices.ContainsFunc(p.recs[kind], func(r casework.Record) bool { return r.Base().ID == id })
}

func (p *previewGroups) Records(_ context.Context, kind casework.Kind) ([]casework.Record, error) {
	if err := app.Groups.Check(kind); err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.recs[kind]), nil
}

func (p *previewGroups) SaveRecord(ctx context.Context, rec casework.Record) error {
	return p.SaveRecords(ctx, []casework.Record{rec})
}

func (p *previewGroups) SaveRecords(_ context.Context, recs []casework.Record) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, r := range recs {
		if err := app.Groups.Check(r.RecordKind()); err != nil {
			return err
		}
		if err := r.Validate(casework.Env{Refs: p}); err != nil {
			return err
		}
	}
	for _, r := range recs {
		k := r.RecordKind()
		if r.Base().ID == "" {
			r.Base().ID = previewID()
			p.recs[k] = append(p.recs[k], r)
			continue
		}
		i := slices.IndexFunc(p.recs[k], func(x casework.Record) bool { return x.Base().ID == r.Base().ID })
		if i < 0 {
			return casework.Errorf(casework.ENOTFOUND, "no %s %s", k, r.Base().ID)
		}
		p.recs[k][i] = r
	}
	return nil
}

func (p *previewGroups) DeleteRecord(_ context.Context, kind casework.Kind, id string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.recs[kind] = slices.DeleteFunc(p.recs[kind], func(r casework.Record) bool { return r.Base().ID == id })
	return nil
}

func (p *previewGroups) Students(context.Context) ([]*casework.Student, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.students), nil
}

func (p *previewGroups) SearchStudents(_ context.Context, q string, limit int) ([]*casework.Student, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []*casework.Student
	for _, s := range p.students {
		if strings.Contains(s.Name, q) || strings.Contains(s.Class, q) {
			out = append(out, s)
		}
	}
	return out[:min(len(out), limit)], nil
}

// The preview prints nothing: it holds no real vault to render from.
func (p *previewGroups) PrintGroupRecord(context.Context, string, string) error {
	return fmt.Errorf("preview: %w", ui.ErrNotAvailable)
}

func (p *previewGroups) PrintCommitteeRoster(context.Context, casework.Date, string) error {
	return fmt.Errorf("preview: %w", ui.ErrNotAvailable)
}
