package desktop

import (
	"context"
	"fmt"
	"slices"

	"xinqing/internal/app"
	"xinqing/internal/casework"
	"xinqing/internal/store"
	"xinqing/internal/ui"
)

// groupKinds are the records the groups area reads and writes. Anything
// else (sessions with their private notes, cases) is refused, so the
// area's generic record calls cannot reach case files.
var groupKinds = []casework.Kind{
	casework.KindGroupSession, casework.KindCommitteeMember, casework.KindClassReport,
	casework.KindActivity, casework.KindDutyDay, casework.KindVisit, casework.KindMailbox,
	casework.KindScreening, casework.KindMonthNotes,
}

// groupService adapts the store to ui.GroupService.
type groupService struct {
	s *services
}

func (s *services) groups() ui.GroupService { return groupService{s: s} }

func checkGroupKind(kind casework.Kind) error {
	if !slices.Contains(groupKinds, kind) {
		return &casework.Error{Code: casework.EINVALID, MessageZH: "此处不能处理该类记录",
			MessageEN: fmt.Sprintf("the groups area does not handle %s records", kind)}
	}
	return nil
}

func (x groupService) store() (*store.Store, func(), error) {
	ws, err := x.s.workspace()
	if err != nil {
		return nil, nil, err
	}
	return ws.Store(), ws.Changed, nil
}

func (x groupService) Records(_ context.Context, kind casework.Kind) ([]casework.Record, error) {
	if err := checkGroupKind(kind); err != nil {
		return nil, err
	}
	st, _, err := x.store()
	if err != nil {
		return nil, err
	}
	recs, err := st.List(kind)
	if err != nil {
		return nil, uiErr(fmt.Errorf("list %s: %w", kind, err))
	}
	return recs, nil
}

func (x groupService) SaveRecord(ctx context.Context, rec casework.Record) error {
	return x.SaveRecords(ctx, []casework.Record{rec})
}

// SaveRecords creates the records without an id and updates the others,
// all in one transaction.
func (x groupService) SaveRecords(_ context.Context, recs []casework.Record) error {
	for _, r := range recs {
		if err := checkGroupKind(r.RecordKind()); err != nil {
			return err
		}
	}
	st, changed, err := x.store()
	if err != nil {
		return err
	}
	metas := make([]casework.Meta, len(recs))
	for i, r := range recs {
		metas[i] = *r.Base()
	}
	err = st.Tx(func(tx *store.Tx) error {
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
		// A failed transaction keeps nothing: take back the ids and
		// stamps it handed out, so the form can be saved again.
		for i, r := range recs {
			*r.Base() = metas[i]
		}
		return uiErr(err)
	}
	changed()
	return nil
}

func (x groupService) DeleteRecord(_ context.Context, kind casework.Kind, id string) error {
	if err := checkGroupKind(kind); err != nil {
		return err
	}
	st, changed, err := x.store()
	if err != nil {
		return err
	}
	if err := st.Delete(kind, id); err != nil {
		return uiErr(fmt.Errorf("delete %s: %w", kind, err))
	}
	changed()
	return nil
}

func (x groupService) Students(context.Context) ([]*casework.Student, error) {
	st, _, err := x.store()
	if err != nil {
		return nil, err
	}
	all, err := store.ListAs[*casework.Student](st, store.Filter{})
	if err != nil {
		return nil, uiErr(fmt.Errorf("list students: %w", err))
	}
	return all, nil
}

func (x groupService) SearchStudents(_ context.Context, q string, limit int) ([]*casework.Student, error) {
	st, _, err := x.store()
	if err != nil {
		return nil, err
	}
	out, err := st.SearchStudents(q, limit)
	if err != nil {
		return nil, uiErr(fmt.Errorf("search students: %w", err))
	}
	return out, nil
}

// PrintGroupRecord writes the 团体辅导记录表 (without the students picked
// for follow-up) and audits the print.
func (x groupService) PrintGroupRecord(ctx context.Context, id, path string) error {
	s, err := x.s.app.Session(ctx)
	if err != nil {
		return uiErr(err)
	}
	return uiErr(s.GroupRecord(ctx, id, path, app.Replace))
}

// PrintCommitteeRoster writes the 班级心理委员名册 as of on: every class
// of the enrolled students, 未设 where none serves.
func (x groupService) PrintCommitteeRoster(ctx context.Context, on casework.Date, path string) error {
	s, err := x.s.app.Session(ctx)
	if err != nil {
		return uiErr(err)
	}
	return uiErr(s.CommitteeRoster(ctx, on, path, app.Replace))
}
