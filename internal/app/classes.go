package app

import (
	"context"
	"fmt"
	"slices"

	"xinqing/internal/casework"
	"xinqing/internal/store"
)

// ClassCount is one class of the school and how many students it holds.
type ClassCount struct {
	Grade, Class string
	Students     int
}

// Classes lists every class that has a student, in the school's order
// (casework.CompareClass), with its student count.
func (a *App) Classes(ctx context.Context) ([]ClassCount, error) {
	st, err := a.records(ctx)
	if err != nil {
		return nil, err
	}
	all, err := store.ListAs[*casework.Student](st, store.Filter{})
	if err != nil {
		return nil, fmt.Errorf("list students: %w", err)
	}
	n := map[[2]string]int{}
	for _, s := range all {
		n[[2]string{s.Grade, s.Class}]++
	}
	out := make([]ClassCount, 0, len(n))
	for k, c := range n {
		out = append(out, ClassCount{Grade: k[0], Class: k[1], Students: c})
	}
	slices.SortFunc(out, func(x, y ClassCount) int { return casework.CompareClass(x.Grade, x.Class, y.Grade, y.Class) })
	return out, nil
}

// RenameClass moves every student of grade/class into the class newGrade/
// newClass (normalised by casework.NormalizeClass) in one transaction and
// returns how many moved. When the new class already holds students the
// rename is a merge, refused (casework ECONFLICT) unless merge is set, so
// that two classes never become one without the user saying so.
func (a *App) RenameClass(ctx context.Context, grade, class, newGrade, newClass string, merge bool) (int, error) {
	st, err := a.records(ctx)
	if err != nil {
		return 0, err
	}
	g, c := casework.NormalizeClass(newGrade, newClass)
	if g == "" || c == "" {
		return 0, &casework.Error{Code: casework.EINVALID, Field: "class",
			MessageZH: "请填写新的年级和班级", MessageEN: "give the new grade and class"}
	}
	if g == grade && c == class {
		return 0, nil
	}
	all, err := store.ListAs[*casework.Student](st, store.Filter{})
	if err != nil {
		return 0, fmt.Errorf("list students: %w", err)
	}
	var move []*casework.Student
	occupied := 0
	for _, s := range all {
		switch {
		case s.Grade == grade && s.Class == class:
			move = append(move, s)
		case s.Grade == g && s.Class == c:
			occupied++
		}
	}
	if len(move) == 0 {
		return 0, &casework.Error{Code: casework.ENOTFOUND, Field: "class",
			MessageZH: fmt.Sprintf("%s %s 没有学生", grade, class), MessageEN: fmt.Sprintf("%s %s has no students", grade, class)}
	}
	if occupied > 0 && !merge {
		return 0, &casework.Error{Code: casework.ECONFLICT, Field: "class",
			MessageZH: fmt.Sprintf("%s %s 已有 %d 名学生；改名会把两个班合并，请选择“合并”", g, c, occupied),
			MessageEN: fmt.Sprintf("%s %s already has %d students; renaming would merge the two classes, choose merge", g, c, occupied)}
	}
	err = st.Tx(func(tx *store.Tx) error {
		for _, s := range move {
			s.Grade, s.Class = g, c
			if err := tx.Update(s); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("rename class: %w", err)
	}
	a.Changed(casework.KindStudent)
	return len(move), nil
}
