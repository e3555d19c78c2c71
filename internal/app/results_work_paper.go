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

// Instruments are the questionnaires a result can be typed from paper
// with: those in the settings, then the built-in ones (PHQ-9, GAD-7) not
// replaced there by code.
func (a *App) Instruments(ctx context.Context) ([]casework.Scoring, error) {
	set, err := a.settings(ctx)
	if err != nil {
		return nil, err
	}
	return instrumentsOf(set), nil
}

func instrumentsOf(set casework.Settings) []casework.Scoring {
	out := slices.Clone(set.Scorings)
	for _, b := range casework.BuiltinScorings() {
		if !slices.ContainsFunc(out, func(s casework.Scoring) bool { return s.Code == b.Code }) {
			out = append(out, b)
		}
	}
	return out
}

// SaveInstrument adds an instrument to the settings or replaces the one
// with its code (a changed cut-off of PHQ-9 is PHQ-9 saved again).
func (a *App) SaveInstrument(ctx context.Context, sc casework.Scoring) error {
	if err := sc.Validate(); err != nil {
		return err
	}
	st, err := a.records(ctx)
	if err != nil {
		return err
	}
	err = st.Tx(func(tx *store.Tx) error {
		set, err := tx.Settings()
		if err != nil {
			return err
		}
		if i := slices.IndexFunc(set.Scorings, func(s casework.Scoring) bool { return s.Code == sc.Code }); i >= 0 {
			set.Scorings[i] = sc
		} else {
			set.Scorings = append(set.Scorings, sc)
		}
		return tx.SaveSettings(set)
	})
	if err != nil {
		return fmt.Errorf("save instrument: %w", err)
	}
	a.Changed()
	return nil
}

// PaperEntry is one answer sheet typed from paper.
type PaperEntry struct {
	ScreeningID, StudentID string
	// Date is the day of the sheet; empty: the screening's last day.
	Date casework.Date
	// Instrument is the code of a scoring definition (Instruments).
	Instrument string
	// Answers[i] is the option chosen for the i-th item (its index among
	// the item's options; for PHQ-9 and GAD-7 the index is the score);
	// -1: not answered.
	Answers []int
}

// SavePaperEntry scores an answer sheet and saves it as the student's
// result of the screening: flagged at or above the cut-off or on any
// non-zero answer to a flag item. A result of that student already in
// the screening is corrected, unless it was interviewed.
func (a *App) SavePaperEntry(ctx context.Context, e PaperEntry) (*casework.ScreeningResult, error) {
	st, err := a.records(ctx)
	if err != nil {
		return nil, err
	}
	set, err := st.Settings()
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	sc, ok := casework.ScoringByCode(set.Scorings, e.Instrument)
	if !ok {
		return nil, &casework.Error{Code: casework.EINVALID, Field: "instrument", MessageZH: "请选择量表",
			MessageEN: fmt.Sprintf("no instrument %q", e.Instrument)}
	}
	score, err := sc.ScoreSheet(e.Answers)
	if err != nil {
		return nil, err
	}
	var out *casework.ScreeningResult
	err = st.Tx(func(tx *store.Tx) error {
		rec, err := tx.Get(casework.KindScreening, e.ScreeningID)
		if err != nil {
			return err
		}
		scr := rec.(*casework.Screening)
		results, err := screeningResults(tx, e.ScreeningID)
		if err != nil {
			return err
		}
		x := &casework.ScreeningResult{ScreeningID: e.ScreeningID, StudentID: e.StudentID}
		if i := slices.IndexFunc(results, func(r *casework.ScreeningResult) bool { return r.StudentID == e.StudentID }); i >= 0 {
			x = results[i]
			if x.Interviewed() || x.InterviewedOn != "" {
				return &casework.Error{Code: casework.ECONFLICT, Field: "student_id",
					MessageZH: "该学生本次测评的结果已安排或完成访谈，不能再录入",
					MessageEN: "the student's result of this screening has an interview already"}
			}
		}
		x.Date = cmp.Or(e.Date, scr.DateTo)
		x.RawScore, x.Valid, x.Flagged = score.Total, true, score.Flagged
		x.FlagReason = ""
		if score.Flagged {
			x.FlagReason = strings.TrimSpace(sc.Name + " " + score.Reason)
		}
		if x.ID == "" {
			err = tx.Create(x)
		} else {
			err = tx.Update(x)
		}
		out = x
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("save paper entry: %w", err)
	}
	a.Changed(casework.KindScreeningResult)
	return out, nil
}
