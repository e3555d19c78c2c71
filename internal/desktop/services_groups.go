package desktop

import (
	"context"

	"xinqing/internal/app"
	"xinqing/internal/casework"
	"xinqing/internal/store"
	"xinqing/internal/ui"
)

// groupService adapts the application layer to ui.GroupService. The
// area's generic record calls reach only the kinds of app.Groups, never a
// case file.
type groupService struct {
	s *services
}

func (s *services) groups() ui.GroupService { return groupService{s: s} }

func (x groupService) store() (*store.Store, func(), error) {
	ws, err := x.s.workspace()
	if err != nil {
		return nil, nil, err
	}
	return ws.Store(), ws.Changed, nil
}

func (x groupService) Records(ctx context.Context, kind casework.Kind) ([]casework.Record, error) {
	recs, err := x.s.app.Records(ctx, app.Groups, kind, store.Filter{})
	return recs, uiErr(err)
}

func (x groupService) SaveRecord(ctx context.Context, rec casework.Record) error {
	return x.SaveRecords(ctx, []casework.Record{rec})
}

// SaveRecords creates the records without an id and updates the others,
// all in one transaction.
func (x groupService) SaveRecords(ctx context.Context, recs []casework.Record) error {
	return uiErr(x.s.app.SaveRecords(ctx, app.Groups, recs...))
}

func (x groupService) DeleteRecord(ctx context.Context, kind casework.Kind, id string) error {
	return uiErr(x.s.app.DeleteRecord(ctx, app.Groups, kind, id))
}

func (x groupService) Students(ctx context.Context) ([]*casework.Student, error) {
	all, err := x.s.app.Students(ctx)
	return all, uiErr(err)
}

func (x groupService) SearchStudents(ctx context.Context, q string, limit int) ([]*casework.Student, error) {
	out, err := x.s.app.SearchStudents(ctx, q, limit)
	return out, uiErr(err)
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
