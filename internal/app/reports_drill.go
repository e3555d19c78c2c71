package app

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
	"xinqing/internal/store"
)

// RecordRow describes a record behind a figure.
type RecordRow struct {
	Kind   casework.Kind
	ID     string
	Date   casework.Date
	Detail string
}

// Drill lists the records that figure code ("G1", "F2.red") of month m
// counts, described as Describe does.
func (s *Session) Drill(ctx context.Context, m casework.Month, code string) ([]RecordRow, error) {
	d, err := s.App.windowDataset(s.Store, m.Period())
	if err != nil {
		return nil, err
	}
	return s.Describe(ctx, figures.Drill(d, m.Period(), code))
}

// Describe turns references into rows by date: the record's kind and
// date and, for records about a student, the student's name and class
// (shown in the app only, to check a count), else the record's title or
// topic. Notes are never shown. A record gone since is a row without
// detail.
func (s *Session) Describe(ctx context.Context, refs []figures.Ref) ([]RecordRow, error) {
	students := map[string]*casework.Student{}
	student := func(id string) string {
		x, ok := students[id]
		if !ok {
			x, _ = store.GetAs[*casework.Student](s.Store, id)
			students[id] = x
		}
		if x == nil {
			return ""
		}
		return x.Name + "（" + x.Grade + x.Class + "）"
	}
	var out []RecordRow
	for _, ref := range refs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		row := RecordRow{Kind: ref.Kind, ID: ref.ID, Date: ref.Date}
		rec, err := s.Store.Get(ref.Kind, ref.ID)
		if err != nil {
			if casework.ErrorCode(err) == casework.ENOTFOUND {
				out = append(out, row)
				continue
			}
			return nil, err
		}
		data, err := json.Marshal(rec)
		if err != nil {
			return nil, fmt.Errorf("describe %s: %w", ref.Kind, err)
		}
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("describe %s: %w", ref.Kind, err)
		}
		if row.Date == "" {
			if k := store.DateKey(ref.Kind); k != "" {
				if d, ok := m[k].(string); ok {
					row.Date = casework.Date(d)
				}
			}
		}
		switch {
		case ref.Kind == casework.KindStudent:
			row.Detail = student(ref.ID)
		case m["student_id"] != nil && m["student_id"] != "":
			row.Detail = student(fmt.Sprint(m["student_id"]))
		case m["case_id"] != nil && m["case_id"] != "":
			if c, err := store.GetAs[*casework.Case](s.Store, fmt.Sprint(m["case_id"])); err == nil && c.StudentID != "" {
				row.Detail = student(c.StudentID)
			}
		default:
			for _, k := range []string{"title", "topic", "theme", "name", "class", "target"} {
				if v, ok := m[k].(string); ok && v != "" {
					row.Detail = v
					break
				}
			}
		}
		if ref.Entry > 0 {
			row.Detail += " " + label(s.Labels, "field.key_student.follow_ups") + " #" + strconv.Itoa(ref.Entry)
		}
		out = append(out, row)
	}
	slices.SortStableFunc(out, func(a, b RecordRow) int { return cmp.Compare(a.Date, b.Date) })
	return out, nil
}

// label is the label of key, or key itself when there is none.
func label(labels map[string]string, key string) string {
	if v := labels[key]; v != "" {
		return v
	}
	return key
}
