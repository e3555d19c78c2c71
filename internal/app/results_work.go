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

// The flagged results of a screening are worked as a list: each student
// flagged is interviewed, and the interview confirms (确认纳入, onto the
// key-student register), excludes (排除) or keeps watching (持续观察).

// WorkRow is one flagged student of a screening's work list.
type WorkRow struct {
	Result casework.ScreeningResult
	Name   string
	// Grade and Class are the student's class on the result's day (the
	// screening's last day when the result has none).
	Grade, Class string
	// Consent: the screening collected guardian consent, or the student
	// has a guardian-signed screening consent dated by its last day.
	Consent bool
}

// WorkList is a screening's flagged results, in class order.
type WorkList struct {
	Screening casework.Screening
	Rows      []WorkRow
	// Interviewed (已访谈) counts rows with an outcome; Needed (需访谈)
	// counts every row.
	Interviewed, Needed int
}

// Done reports whether every flagged student was interviewed.
func (w WorkList) Done() bool { return w.Interviewed == w.Needed }

// OpenWorkList is a screening whose flagged results are not all
// interviewed: the dashboard shows it until done.
type OpenWorkList struct {
	ScreeningID, Name   string
	Interviewed, Needed int
}

// screeningResults reads the results of screening id.
func screeningResults(r interface {
	Query(casework.Kind, store.Filter) ([]casework.Record, error)
}, id string) ([]*casework.ScreeningResult, error) {
	recs, err := r.Query(casework.KindScreeningResult, store.Filter{})
	if err != nil {
		return nil, fmt.Errorf("read screening results: %w", err)
	}
	var out []*casework.ScreeningResult
	for _, rec := range recs {
		if x, ok := rec.(*casework.ScreeningResult); ok && (id == "" || x.ScreeningID == id) {
			out = append(out, x)
		}
	}
	return out, nil
}

// WorkList lists the flagged results of screening id with their
// students, classes of that day and consent.
func (a *App) WorkList(ctx context.Context, screeningID string) (WorkList, error) {
	st, err := a.records(ctx)
	if err != nil {
		return WorkList{}, err
	}
	return workList(st, screeningID)
}

func workList(st *store.Store, screeningID string) (WorkList, error) {
	sc, err := store.GetAs[*casework.Screening](st, screeningID)
	if err != nil {
		return WorkList{}, fmt.Errorf("read screening: %w", err)
	}
	results, err := screeningResults(st, screeningID)
	if err != nil {
		return WorkList{}, err
	}
	consents, err := store.ListAs[*casework.Consent](st, store.Filter{})
	if err != nil {
		return WorkList{}, fmt.Errorf("read consents: %w", err)
	}
	w := WorkList{Screening: *sc}
	for _, r := range results {
		if !r.NeedsInterview() {
			continue
		}
		row := WorkRow{Result: *r, Consent: sc.ConsentCollected}
		if s, err := store.GetAs[*casework.Student](st, r.StudentID); err == nil {
			row.Name = s.Name
			row.Grade, row.Class = s.ClassOn(cmp.Or(r.Date, sc.DateTo))
		}
		if !row.Consent {
			row.Consent = slices.ContainsFunc(consents, func(c *casework.Consent) bool {
				return c.StudentID == r.StudentID && c.Kind == casework.ConsentKindScreening && c.GuardianSigned &&
					(sc.DateTo == "" || !c.Date.After(sc.DateTo))
			})
		}
		w.Rows = append(w.Rows, row)
		w.Needed++
		if r.Interviewed() {
			w.Interviewed++
		}
	}
	slices.SortStableFunc(w.Rows, func(x, y WorkRow) int {
		return cmp.Or(casework.CompareClass(x.Grade, x.Class, y.Grade, y.Class), strings.Compare(x.Name, y.Name))
	})
	return w, nil
}

// OpenWorkLists are the screenings with flagged results not yet all
// interviewed, newest first.
func (a *App) OpenWorkLists(ctx context.Context) ([]OpenWorkList, error) {
	st, err := a.records(ctx)
	if err != nil {
		return nil, err
	}
	screenings, err := store.ListAs[*casework.Screening](st, store.Filter{})
	if err != nil {
		return nil, fmt.Errorf("read screenings: %w", err)
	}
	results, err := screeningResults(st, "")
	if err != nil {
		return nil, err
	}
	var out []OpenWorkList
	for i := len(screenings) - 1; i >= 0; i-- {
		sc := screenings[i]
		o := OpenWorkList{ScreeningID: sc.ID, Name: sc.Name}
		for _, r := range results {
			if r.ScreeningID == sc.ID && r.NeedsInterview() {
				o.Needed++
				if r.Interviewed() {
					o.Interviewed++
				}
			}
		}
		if o.Interviewed < o.Needed {
			out = append(out, o)
		}
	}
	return out, nil
}

// updateResult applies edit to result id and saves it in one transaction.
func (a *App) updateResult(ctx context.Context, id string, edit func(tx *store.Tx, x *casework.ScreeningResult) error) (*casework.ScreeningResult, error) {
	st, err := a.records(ctx)
	if err != nil {
		return nil, err
	}
	var out *casework.ScreeningResult
	err = st.Tx(func(tx *store.Tx) error {
		rec, err := tx.Get(casework.KindScreeningResult, id)
		if err != nil {
			return err
		}
		x := rec.(*casework.ScreeningResult)
		if err := edit(tx, x); err != nil {
			return err
		}
		out = x
		return tx.Update(x)
	})
	if err != nil {
		return nil, fmt.Errorf("save screening result: %w", err)
	}
	a.Changed(casework.KindScreeningResult)
	return out, nil
}

// ScheduleInterview sets the day of the interview (安排访谈) of a
// flagged result not interviewed yet.
func (a *App) ScheduleInterview(ctx context.Context, resultID string, on casework.Date) error {
	if on == "" {
		return &casework.Error{Code: casework.EINVALID, Field: "interviewed_on", MessageZH: "请填写访谈日期",
			MessageEN: "the interview needs a date"}
	}
	_, err := a.updateResult(ctx, resultID, func(_ *store.Tx, x *casework.ScreeningResult) error {
		if x.Interviewed() {
			return &casework.Error{Code: casework.ECONFLICT, Field: "interview_outcome",
				MessageZH: "该学生已访谈，访谈结论已记录", MessageEN: "the interview is already recorded"}
		}
		x.InterviewedOn = on
		return nil
	})
	return err
}

// RecordInterview records the interview's outcome and note (on: its day;
// empty keeps the scheduled one). For 确认纳入 of a student not on the
// register it returns a key-student draft (source 测评筛查) for the form;
// SaveKeyStudentFromResult or LinkKeyStudent links it once saved. A
// student on the register that day is linked to that entry, no draft.
func (a *App) RecordInterview(ctx context.Context, resultID string, on casework.Date, outcome casework.InterviewOutcome, note string) (*casework.KeyStudent, error) {
	if !outcome.Valid() {
		return nil, &casework.Error{Code: casework.EINVALID, Field: "interview_outcome", MessageZH: "请选择访谈结论",
			MessageEN: "pick the interview outcome"}
	}
	var sc *casework.Screening
	x, err := a.updateResult(ctx, resultID, func(tx *store.Tx, x *casework.ScreeningResult) error {
		if x.KeyStudentID != "" && outcome != casework.InterviewOutcomeConfirmed {
			return &casework.Error{Code: casework.ECONFLICT, Field: "interview_outcome",
				MessageZH: "该学生已纳入重点学生，不能改为其他结论", MessageEN: "the student is on the key-student register already"}
		}
		rec, err := tx.Get(casework.KindScreening, x.ScreeningID)
		if err != nil {
			return err
		}
		sc = rec.(*casework.Screening)
		x.InterviewedOn = cmp.Or(on, x.InterviewedOn, casework.DateOf(a.Now()))
		x.InterviewOutcome = outcome
		x.InterviewNote = strings.TrimSpace(note)
		if outcome == casework.InterviewOutcomeConfirmed && x.KeyStudentID == "" {
			// A student already on the register is not put on it twice:
			// the result is linked to the entry in force.
			keys, err := tx.Query(casework.KindKeyStudent, store.Filter{StudentID: x.StudentID})
			if err != nil {
				return err
			}
			for _, r := range keys {
				if k := r.(*casework.KeyStudent); k.OnRollAt(x.InterviewedOn) {
					x.KeyStudentID = k.ID
				}
			}
		}
		return nil
	})
	if err != nil || outcome != casework.InterviewOutcomeConfirmed || x.KeyStudentID != "" {
		return nil, err
	}
	return keyStudentDraft(sc, x), nil
}

// keyStudentDraft is the key-student form prefilled from a confirmed
// result: the student, the day of the interview, source 测评筛查, the
// score and reason, the interview's note.
func keyStudentDraft(sc *casework.Screening, x *casework.ScreeningResult) *casework.KeyStudent {
	text := fmt.Sprintf("%s：%g分", sc.Name, x.RawScore)
	if x.FlagReason != "" {
		text += "（" + x.FlagReason + "）"
	}
	return &casework.KeyStudent{StudentID: x.StudentID, IncludedOn: x.InterviewedOn,
		InclusionSource: casework.InclusionSourceScreening, Reasons: []casework.KeyReason{casework.KeyReasonEmotion},
		ReasonText: text, InitialInterview: x.InterviewNote}
}

// linkable refuses a key student of another student or a result whose
// interview did not confirm it.
func linkable(x *casework.ScreeningResult, k *casework.KeyStudent) error {
	if k.StudentID != x.StudentID {
		return &casework.Error{Code: casework.EINVALID, Field: "key_student_id", MessageZH: "重点学生与测评结果不是同一名学生",
			MessageEN: "the key student is not the result's student"}
	}
	if x.InterviewOutcome != casework.InterviewOutcomeConfirmed {
		return &casework.Error{Code: casework.EINVALID, Field: "key_student_id", MessageZH: "访谈确认纳入后才能纳入重点学生",
			MessageEN: "the interview has not confirmed the student"}
	}
	return nil
}

// SaveKeyStudentFromResult saves the key student drafted from a confirmed
// result and links the result to it, in one transaction.
func (a *App) SaveKeyStudentFromResult(ctx context.Context, resultID string, k *casework.KeyStudent) error {
	st, err := a.records(ctx)
	if err != nil {
		return err
	}
	meta := k.Meta
	err = st.Tx(func(tx *store.Tx) error {
		rec, err := tx.Get(casework.KindScreeningResult, resultID)
		if err != nil {
			return err
		}
		x := rec.(*casework.ScreeningResult)
		if err := linkable(x, k); err != nil {
			return err
		}
		if k.ID == "" {
			err = tx.Create(k)
		} else {
			err = tx.Update(k)
		}
		if err != nil {
			return err
		}
		x.KeyStudentID = k.ID
		return tx.Update(x)
	})
	if err != nil {
		k.Meta = meta
		return fmt.Errorf("save key student from result: %w", err)
	}
	a.Changed(casework.KindKeyStudent, casework.KindScreeningResult)
	return nil
}

// LinkKeyStudent links a confirmed result to the key student saved from
// its draft (the key-student form saved it).
func (a *App) LinkKeyStudent(ctx context.Context, resultID, keyStudentID string) error {
	_, err := a.updateResult(ctx, resultID, func(tx *store.Tx, x *casework.ScreeningResult) error {
		rec, err := tx.Get(casework.KindKeyStudent, keyStudentID)
		if err != nil {
			return err
		}
		if err := linkable(x, rec.(*casework.KeyStudent)); err != nil {
			return err
		}
		x.KeyStudentID = keyStudentID
		return nil
	})
	return err
}
