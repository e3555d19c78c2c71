package app

import (
	"context"
	"fmt"
	"io"

	"xinqing/internal/casework"
	"xinqing/internal/interchange"
	"xinqing/internal/store"
	"xinqing/internal/workspace"
)

// School years (docs/DOMAIN.md "Time"): the promotion of every class on
// the first day of a school year, and transfers out and back in.

// PreviewPromotion returns the promotion table of the open school on day
// on: every class with students on roll, its next class, the top grades
// graduating. Nothing is written. A date on or before the last promotion
// is refused (the table is still returned for display).
func (a *App) PreviewPromotion(ctx context.Context, on casework.Date) (casework.Promotion, error) {
	st, err := a.records(ctx)
	if err != nil {
		return casework.Promotion{}, err
	}
	set, err := st.Settings()
	if err != nil {
		return casework.Promotion{}, fmt.Errorf("read settings: %w", err)
	}
	students, err := store.ListAs[*casework.Student](st, store.Filter{})
	if err != nil {
		return casework.Promotion{}, fmt.Errorf("list students: %w", err)
	}
	p := casework.PlanPromotion(students, on, set.School.Stage)
	return p, p.Check(students)
}

// CheckPromotion checks a promotion table as edited against the students
// of the open school (casework.Promotion.Check). Nothing is written.
func (a *App) CheckPromotion(ctx context.Context, p casework.Promotion) error {
	st, err := a.records(ctx)
	if err != nil {
		return err
	}
	students, err := store.ListAs[*casework.Student](st, store.Filter{})
	if err != nil {
		return fmt.Errorf("list students: %w", err)
	}
	return p.Check(students)
}

// PromotionResult says what a promotion changed, and Before, the saved
// generation that holds the school as it was: restoring it undoes the
// promotion (0 when the school is not a vault).
type PromotionResult struct {
	Promoted, Graduated   int
	KeyStudentsReleased   int
	CommitteeMembersEnded int
	Before                uint64
}

// ApplyPromotion checks p (as edited) against the students of the open
// school and writes its changes in one transaction: all or nothing. Unsaved
// edits are saved first, so that the generation before the promotion
// holds the school as it was; the promotion is then saved as the next.
func (a *App) ApplyPromotion(ctx context.Context, p casework.Promotion) (PromotionResult, error) {
	st, err := a.records(ctx)
	if err != nil {
		return PromotionResult{}, err
	}
	var res PromotionResult
	err = a.changeSchool(ctx, st, &res.Before, func(students []*casework.Student, keys []*casework.KeyStudent, members []*casework.CommitteeMember) (casework.Changes, error) {
		return p.Apply(students, keys, members)
	}, func(ch casework.Changes) {
		for _, s := range ch.Students {
			if s.Status == casework.StudentStatusGraduated {
				res.Graduated++
			} else {
				res.Promoted++
			}
		}
		res.KeyStudentsReleased, res.CommitteeMembersEnded = len(ch.KeyStudents), len(ch.CommitteeMembers)
	})
	return res, err
}

// TransferOut records that the student leaves the school on day on (转出):
// their key-student entries are released with the basis 转出 and their
// committee terms end that day, in one transaction.
func (a *App) TransferOut(ctx context.Context, studentID string, on casework.Date) (casework.Changes, error) {
	st, err := a.records(ctx)
	if err != nil {
		return casework.Changes{}, err
	}
	var out casework.Changes
	err = a.changeSchool(ctx, st, nil, func(students []*casework.Student, keys []*casework.KeyStudent, members []*casework.CommitteeMember) (casework.Changes, error) {
		s, err := findStudent(students, studentID)
		if err != nil {
			return casework.Changes{}, err
		}
		return casework.TransferOut(s, on, keys, members)
	}, func(ch casework.Changes) { out = ch })
	return out, err
}

// ReturnToSchool enrols a student who left again from day on (返校), in
// grade and class (empty: the class they left from).
func (a *App) ReturnToSchool(ctx context.Context, studentID string, on casework.Date, grade, class string) (*casework.Student, error) {
	st, err := a.records(ctx)
	if err != nil {
		return nil, err
	}
	var out *casework.Student
	err = a.changeSchool(ctx, st, nil, func(students []*casework.Student, _ []*casework.KeyStudent, _ []*casework.CommitteeMember) (casework.Changes, error) {
		s, err := findStudent(students, studentID)
		if err != nil {
			return casework.Changes{}, err
		}
		c, err := casework.ReturnToSchool(s, on, grade, class)
		if err != nil {
			return casework.Changes{}, err
		}
		return casework.Changes{Students: []*casework.Student{c}}, nil
	}, func(ch casework.Changes) { out = ch.Students[0] })
	return out, err
}

func findStudent(students []*casework.Student, id string) (*casework.Student, error) {
	for _, s := range students {
		if s.ID == id {
			return s, nil
		}
	}
	return nil, &casework.Error{Code: casework.ENOTFOUND, Field: "student_id", MessageZH: "找不到该学生", MessageEN: "no such student"}
}

// changeSchool reads the students, key students and committee members,
// computes the changes with plan and writes them in one transaction; done
// sees them once written. With before set, unsaved edits are saved first
// and *before is the generation that holds the school as it was, and the
// change is saved at once as the next generation.
func (a *App) changeSchool(ctx context.Context, st *store.Store, before *uint64,
	plan func([]*casework.Student, []*casework.KeyStudent, []*casework.CommitteeMember) (casework.Changes, error),
	done func(casework.Changes)) error {
	students, err := store.ListAs[*casework.Student](st, store.Filter{})
	if err != nil {
		return fmt.Errorf("list students: %w", err)
	}
	keys, err := store.ListAs[*casework.KeyStudent](st, store.Filter{})
	if err != nil {
		return fmt.Errorf("list key students: %w", err)
	}
	members, err := store.ListAs[*casework.CommitteeMember](st, store.Filter{})
	if err != nil {
		return fmt.Errorf("list committee members: %w", err)
	}
	ch, err := plan(students, keys, members)
	if err != nil {
		return err
	}
	ws, wsErr := a.Workspace()
	a.mu.Lock()
	bare := a.bare != nil
	a.mu.Unlock()
	if before != nil && wsErr == nil && !bare {
		if ws.State().Kind != workspace.Saved {
			if err := ws.Save(ctx); err != nil {
				return err
			}
		}
		*before = ws.State().Gen
	}
	recs := make([]casework.Record, 0, len(ch.Students)+len(ch.KeyStudents)+len(ch.CommitteeMembers))
	for _, s := range ch.Students {
		recs = append(recs, s)
	}
	for _, k := range ch.KeyStudents {
		recs = append(recs, k)
	}
	for _, m := range ch.CommitteeMembers {
		recs = append(recs, m)
	}
	if err := saveAll(st, recs); err != nil {
		return err
	}
	done(ch)
	a.Changed(casework.KindStudent, casework.KindKeyStudent, casework.KindCommitteeMember)
	if before != nil && wsErr == nil && !bare {
		if err := ws.Save(ctx); err != nil {
			return err
		}
	}
	return nil
}

// PreviewRedeal reads the roster of a new school year that re-deals the
// classes from day on (after a promotion): every row must name by 学籍号 a
// student on roll that day; their class from that day is the roster's.
// Apply it with ApplyRoster; a row that matches no one refuses the whole
// roster.
func (a *App) PreviewRedeal(ctx context.Context, r io.Reader, on casework.Date) (*interchange.Preview, error) {
	st, err := a.records(ctx)
	if err != nil {
		return nil, err
	}
	return interchange.PreviewRoster(r, interchange.Adapt[*store.Tx](st), interchange.RosterOptions{Redeal: on})
}
