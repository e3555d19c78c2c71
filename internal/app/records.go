package app

import (
	"context"
	"fmt"
	"slices"

	"xinqing/internal/casework"
	"xinqing/internal/store"
)

// Blobs seals and opens attachment bytes under their content hash (the
// vault does).
type Blobs interface {
	PutBlob(data []byte) (string, error)
	Blob(id string) ([]byte, error)
}

// bareSchool is a store that no vault seals, with its attachments kept
// beside it.
type bareSchool struct {
	st    *store.Store
	blobs Blobs
}

// AttachStore makes st, a store without a vault (the in-memory school of
// -preview), what the record use cases work on; nothing is ever saved and
// no backup exists.
func (a *App) AttachStore(st *store.Store, blobs Blobs) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.bare = &bareSchool{st: st, blobs: blobs}
}

// data is the store and the sealed attachments of the open school.
func (a *App) data(ctx context.Context) (*store.Store, Blobs, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	a.mu.Lock()
	bare := a.bare
	a.mu.Unlock()
	if bare != nil {
		return bare.st, bare.blobs, nil
	}
	ws, err := a.Workspace()
	if err != nil {
		return nil, nil, err
	}
	return ws.Store(), ws.Vault(), nil
}

// records is the store of the open school.
func (a *App) records(ctx context.Context) (*store.Store, error) {
	st, _, err := a.data(ctx)
	return st, err
}

// settings reads the open vault's settings.
func (a *App) settings(ctx context.Context) (casework.Settings, error) {
	st, err := a.records(ctx)
	if err != nil {
		return casework.Settings{}, err
	}
	set, err := st.Settings()
	if err != nil {
		return casework.Settings{}, fmt.Errorf("read settings: %w", err)
	}
	return set, nil
}

// dirty marks the open vault changed without telling the change
// watchers: an audit entry is no record a screen shows.
func (a *App) dirty() {
	if ws, err := a.Workspace(); err == nil {
		ws.Changed()
	}
}

// Area is a part of the program and the kinds of record it may read and
// write through the generic record calls, so that one area's calls
// cannot reach another's records (the groups area never reads a case
// file's private notes).
type Area struct {
	name  string
	kinds []casework.Kind
}

var (
	// Casework is 个案, 个别辅导记录, 重点学生, 危机事件, 转介 and 沟通记录.
	Casework = Area{"casework", []casework.Kind{casework.KindCase, casework.KindSession, casework.KindKeyStudent,
		casework.KindCrisis, casework.KindReferral, casework.KindContact}}
	// Groups is 团体辅导, 心理委员, 班级报告, 活动, 值班, 来访, 信箱, 筛查 and
	// the notes of a month.
	Groups = Area{"groups", []casework.Kind{casework.KindGroupSession, casework.KindCommitteeMember,
		casework.KindClassReport, casework.KindActivity, casework.KindDutyDay, casework.KindVisit,
		casework.KindMailbox, casework.KindScreening, casework.KindMonthNotes}}
)

// Check refuses a kind the area does not handle (casework EINVALID).
func (ar Area) Check(kind casework.Kind) error {
	if slices.Contains(ar.kinds, kind) {
		return nil
	}
	return &casework.Error{Code: casework.EINVALID, MessageZH: "此处不能处理该类记录",
		MessageEN: fmt.Sprintf("the %s area does not handle %s records", ar.name, kind)}
}

// Records lists the records of kind that pass f, ordered by their date.
func (a *App) Records(ctx context.Context, ar Area, kind casework.Kind, f store.Filter) ([]casework.Record, error) {
	if err := ar.Check(kind); err != nil {
		return nil, err
	}
	st, err := a.records(ctx)
	if err != nil {
		return nil, err
	}
	recs, err := st.Query(kind, f)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", kind, err)
	}
	return recs, nil
}

// Record reads one record.
func (a *App) Record(ctx context.Context, ar Area, kind casework.Kind, id string) (casework.Record, error) {
	if err := ar.Check(kind); err != nil {
		return nil, err
	}
	st, err := a.records(ctx)
	if err != nil {
		return nil, err
	}
	rec, err := st.Get(kind, id)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", kind, err)
	}
	return rec, nil
}

// SaveRecords creates the records without an id (the store writes the id
// and, for a case, its number back into them) and updates the others,
// all in one transaction: all or nothing.
func (a *App) SaveRecords(ctx context.Context, ar Area, recs ...casework.Record) error {
	kinds := make([]casework.Kind, 0, len(recs))
	for _, r := range recs {
		if err := ar.Check(r.RecordKind()); err != nil {
			return err
		}
		if !slices.Contains(kinds, r.RecordKind()) {
			kinds = append(kinds, r.RecordKind())
		}
	}
	st, err := a.records(ctx)
	if err != nil {
		return err
	}
	if err := saveAll(st, recs); err != nil {
		return err
	}
	a.Changed(kinds...)
	return nil
}

// saveAll writes recs in one transaction. A failed transaction keeps
// nothing, so the ids and stamps it handed out are taken back and the
// form can be saved again.
func saveAll(st *store.Store, recs []casework.Record) error {
	metas := make([]casework.Meta, len(recs))
	for i, r := range recs {
		metas[i] = *r.Base()
	}
	err := st.Tx(func(tx *store.Tx) error {
		for _, r := range recs {
			var err error
			if r.Base().ID == "" {
				err = tx.Create(r)
			} else {
				err = tx.Update(r)
			}
			if err != nil {
				return fmt.Errorf("save %s: %w", r.RecordKind(), err)
			}
		}
		return nil
	})
	if err != nil {
		for i, r := range recs {
			*r.Base() = metas[i]
		}
	}
	return err
}

// DeleteRecord removes a record; it is refused (casework ECONFLICT) while
// other records refer to it.
func (a *App) DeleteRecord(ctx context.Context, ar Area, kind casework.Kind, id string) error {
	if err := ar.Check(kind); err != nil {
		return err
	}
	return a.remove(ctx, kind, id)
}

func (a *App) remove(ctx context.Context, kind casework.Kind, id string) error {
	st, err := a.records(ctx)
	if err != nil {
		return err
	}
	if err := st.Delete(kind, id); err != nil {
		return fmt.Errorf("delete %s: %w", kind, err)
	}
	a.Changed(kind)
	return nil
}

// ViewedCase logs that a case file was opened on screen.
func (a *App) ViewedCase(ctx context.Context, id string) error {
	st, err := a.records(ctx)
	if err != nil {
		return err
	}
	if err := st.Audit(casework.AuditActionViewCase, casework.KindCase, id); err != nil {
		return &AuditError{Err: err}
	}
	a.dirty()
	return nil
}

// RiskLevels is the configured level set, or the default one.
func (a *App) RiskLevels(ctx context.Context) ([]casework.RiskLevel, error) {
	set, err := a.settings(ctx)
	if err != nil {
		return nil, err
	}
	return levelsOf(set), nil
}

func levelsOf(set casework.Settings) []casework.RiskLevel {
	if len(set.RiskLevels) == 0 {
		return casework.DefaultRiskLevels()
	}
	return set.RiskLevels
}

// SaveMonthNotes writes the notes of n.Month (亮点, 问题, 下月计划, 培训学时),
// replacing those already kept for that month.
func (a *App) SaveMonthNotes(ctx context.Context, n casework.MonthNotes) error {
	st, err := a.records(ctx)
	if err != nil {
		return err
	}
	err = st.Tx(func(tx *store.Tx) error {
		recs, err := tx.Query(casework.KindMonthNotes, store.Filter{})
		if err != nil {
			return err
		}
		for _, r := range recs {
			if x, ok := r.(*casework.MonthNotes); ok && x.Month == n.Month {
				x.Highlights, x.Problems, x.NextPlan, x.TrainingHours = n.Highlights, n.Problems, n.NextPlan, n.TrainingHours
				return tx.Update(x)
			}
		}
		rec := n
		rec.Meta = casework.Meta{}
		return tx.Create(&rec)
	})
	if err != nil {
		return fmt.Errorf("save month notes: %w", err)
	}
	a.Changed(casework.KindMonthNotes)
	return nil
}
