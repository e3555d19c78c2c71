package desktop

import (
	"context"

	"xinqing/internal/app"
	"xinqing/internal/casework"
	"xinqing/internal/ui"
)

// studentService adapts the application layer to ui.StudentService.
type studentService struct{ a *app.App }

func (s *services) students() ui.StudentService { return studentService{s.app} }

func (x studentService) Students(ctx context.Context, q ui.StudentQuery) ([]*casework.Student, error) {
	var keep func(*casework.Student) bool
	if q != (ui.StudentQuery{Text: q.Text}) {
		keep = q.Match
	}
	out, err := x.a.FindStudents(ctx, q.Text, keep)
	return out, uiErr(err)
}

func (x studentService) Student(ctx context.Context, id string) (*casework.Student, error) {
	return x.a.Student(ctx, id)
}

func (x studentService) SaveStudent(ctx context.Context, in *casework.Student) (*casework.Student, error) {
	return x.a.SaveStudent(ctx, in)
}

func (x studentService) DeleteStudent(ctx context.Context, id string) error {
	return x.a.DeleteStudent(ctx, id)
}

func (x studentService) StudentRecords(ctx context.Context, id string) (ui.StudentRecords, error) {
	r, err := x.a.StudentRecords(ctx, id)
	return ui.StudentRecords(r), err
}

func (x studentService) Attachments(ctx context.Context, owner casework.Kind, ownerID string) ([]*casework.Attachment, error) {
	return x.a.Attachments(ctx, owner, ownerID)
}

func (x studentService) AddAttachment(ctx context.Context, owner casework.Kind, ownerID, filename string, data []byte) (*casework.Attachment, error) {
	at, err := x.a.AddAttachment(ctx, owner, ownerID, filename, data)
	return at, uiErr(err)
}

func (x studentService) AttachmentData(ctx context.Context, id string) ([]byte, error) {
	data, err := x.a.AttachmentData(ctx, id)
	return data, uiErr(err)
}

func (x studentService) DeleteAttachment(ctx context.Context, id string) error {
	return x.a.DeleteAttachment(ctx, id)
}

func (x studentService) Dashboard(ctx context.Context, today casework.Date) (ui.Dashboard, error) {
	d, err := x.a.Dashboard(ctx, today)
	if err != nil {
		return ui.Dashboard{}, err
	}
	out := ui.Dashboard{Month: d.Month, LastBackup: d.LastBackup, BackupOverdue: d.BackupOverdue,
		Figures: ui.MonthFigures{Sessions: d.Figures.Sessions, NewCases: d.Figures.NewCases, KeyOnRoll: d.Figures.KeyOnRoll,
			Crises: d.Figures.Crises, GroupSessions: d.Figures.GroupSessions, Referrals: d.Figures.Referrals,
			ParentTalks: d.Figures.ParentTalks}}
	for _, l := range d.Figures.Levels {
		out.Figures.Levels = append(out.Figures.Levels, ui.LevelCount(l))
	}
	for _, f := range d.FollowUps {
		out.FollowUps = append(out.FollowUps, ui.FollowUpDue(f))
	}
	for _, w := range d.Waiting {
		out.Waiting = append(out.Waiting, ui.WaitingReferral(w))
	}
	for _, c := range d.OpenCrises {
		out.OpenCrises = append(out.OpenCrises, ui.OpenCrisis(c))
	}
	return out, nil
}
