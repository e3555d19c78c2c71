package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"xinqing/internal/casework"
	"xinqing/internal/store"
)

// searchLimit bounds a typed search of the student list: the list shows
// the best matches of a name, and 500 covers any class or grade prefix.
const searchLimit = 500

// filteredSearchLimit is the number of name matches read when filters
// also apply, so that the filters see every match of a big school.
const filteredSearchLimit = 20000

// FindStudents is the search behind the student list: the best matches
// of text (name, pinyin, initials or a 学籍号 prefix), or every student
// by grade, class and name when text is empty; keep, when not nil,
// filters them.
func (a *App) FindStudents(ctx context.Context, text string, keep func(*casework.Student) bool) ([]*casework.Student, error) {
	st, err := a.records(ctx)
	if err != nil {
		return nil, err
	}
	return findStudents(st, text, keep)
}

func findStudents(st *store.Store, text string, keep func(*casework.Student) bool) ([]*casework.Student, error) {
	drop := func(s *casework.Student) bool { return keep != nil && !keep(s) }
	t := strings.TrimSpace(text)
	if t == "" {
		all, err := store.ListAs[*casework.Student](st, store.Filter{})
		if err != nil {
			return nil, err
		}
		slices.SortFunc(all, func(a, b *casework.Student) int {
			return cmp.Or(casework.CompareClass(a.Grade, a.Class, b.Grade, b.Class),
				cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
		})
		return slices.DeleteFunc(all, drop), nil
	}
	limit := searchLimit
	if keep != nil {
		limit = filteredSearchLimit // filter every match, then keep the best
	}
	found, err := st.SearchStudents(t, limit)
	if err != nil {
		return nil, err
	}
	found = slices.DeleteFunc(found, drop)
	return found[:min(len(found), searchLimit)], nil
}

// SearchStudents finds students by name, pinyin, initials or student
// number, best match first; at most limit (0: no limit).
func (a *App) SearchStudents(ctx context.Context, q string, limit int) ([]*casework.Student, error) {
	st, err := a.records(ctx)
	if err != nil {
		return nil, err
	}
	out, err := st.SearchStudents(q, limit)
	if err != nil {
		return nil, fmt.Errorf("search students: %w", err)
	}
	return out, nil
}

// Students lists every student.
func (a *App) Students(ctx context.Context) ([]*casework.Student, error) {
	st, err := a.records(ctx)
	if err != nil {
		return nil, err
	}
	all, err := store.ListAs[*casework.Student](st, store.Filter{})
	if err != nil {
		return nil, fmt.Errorf("list students: %w", err)
	}
	return all, nil
}

// Student reads one student.
func (a *App) Student(ctx context.Context, id string) (*casework.Student, error) {
	st, err := a.records(ctx)
	if err != nil {
		return nil, err
	}
	return store.GetAs[*casework.Student](st, id)
}

// StudentsByID returns the students of ids that exist.
func (a *App) StudentsByID(ctx context.Context, ids []string) (map[string]*casework.Student, error) {
	st, err := a.records(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*casework.Student, len(ids))
	for _, id := range ids {
		s, err := store.GetAs[*casework.Student](st, id)
		if casework.ErrorCode(err) == casework.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read student: %w", err)
		}
		out[id] = s
	}
	return out, nil
}

// SaveStudent creates (empty ID) or updates a copy of in and returns the
// student as stored. A casework.ValidationErrors error names the bad
// fields.
func (a *App) SaveStudent(ctx context.Context, in *casework.Student) (*casework.Student, error) {
	st, err := a.records(ctx)
	if err != nil {
		return nil, err
	}
	s := *in
	if s.ID == "" {
		s.ID = casework.NewID()
		err = st.Create(&s)
	} else {
		err = st.Update(&s)
	}
	if err != nil {
		return nil, err
	}
	a.Changed(casework.KindStudent)
	return store.GetAs[*casework.Student](st, s.ID)
}

// DeleteStudent is refused (casework ECONFLICT) while records refer to
// the student.
func (a *App) DeleteStudent(ctx context.Context, id string) error {
	st, err := a.records(ctx)
	if err != nil {
		return err
	}
	if err := st.Delete(casework.KindStudent, id); err != nil {
		return err
	}
	a.Changed(casework.KindStudent)
	return nil
}

// StudentRecords reads the records about the student id, newest first.
func (a *App) StudentRecords(ctx context.Context, id string) (casework.StudentRecords, error) {
	var out casework.StudentRecords
	st, err := a.records(ctx)
	if err != nil {
		return out, err
	}
	f := store.Filter{StudentID: id}
	if out.Cases, err = store.ListAs[*casework.Case](st, f); err != nil {
		return out, err
	}
	if out.KeyStudents, err = store.ListAs[*casework.KeyStudent](st, f); err != nil {
		return out, err
	}
	if out.Crises, err = store.ListAs[*casework.Crisis](st, f); err != nil {
		return out, err
	}
	if out.Referrals, err = store.ListAs[*casework.Referral](st, f); err != nil {
		return out, err
	}
	if out.Contacts, err = store.ListAs[*casework.Contact](st, f); err != nil {
		return out, err
	}
	if out.Consents, err = store.ListAs[*casework.Consent](st, f); err != nil {
		return out, err
	}
	settings, err := st.Settings()
	if err != nil {
		return out, err
	}
	out.Levels = levelsOf(settings)
	out.SortNewestFirst()
	return out, nil
}
