package desktop

import (
	"context"
	"time"

	"xinqing/internal/app"
	"xinqing/internal/casework"
	"xinqing/internal/ui"
)

// studentService adapts the application layer to ui.StudentService.
type studentService struct {
	a *app.App
	s *services
}

func (s *services) students() ui.StudentService { return studentService{a: s.app, s: s} }

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
	return x.a.StudentRecords(ctx, id)
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

func (x studentService) SaveAttachment(ctx context.Context, id, path string) error {
	// The save dialog has made the file (and asked before replacing one).
	return uiErr(x.a.SaveAttachment(ctx, id, path, app.Replace))
}

func (x studentService) DeleteAttachment(ctx context.Context, id string) error {
	return x.a.DeleteAttachment(ctx, id)
}

func (x studentService) Dashboard(ctx context.Context, today casework.Date) (ui.Dashboard, error) {
	d, err := x.a.Dashboard(ctx, today)
	// The workbench is computed; its other blocks (today's bookings, the
	// open work lists) read the database right after it, and the index
	// build would hold the database for a second before they are drawn.
	time.AfterFunc(workbenchDrawn, x.s.buildPendingIndex)
	w := d.Workbench
	return ui.Dashboard{Month: w.Month, Figures: w.Figures, FollowUps: w.FollowUps, Waiting: w.Waiting,
		OpenCrises: w.OpenCrises, LastBackup: d.LastBackup, BackupOverdue: d.BackupOverdue}, err
}

func (x studentService) Classes(ctx context.Context) ([]ui.ClassCount, error) {
	cl, err := x.a.Classes(ctx)
	out := make([]ui.ClassCount, len(cl))
	for i, c := range cl {
		out[i] = ui.ClassCount(c)
	}
	return out, uiErr(err)
}

func (x studentService) RenameClass(ctx context.Context, grade, class, newGrade, newClass string, merge bool) (int, error) {
	n, err := x.a.RenameClass(ctx, grade, class, newGrade, newClass, merge)
	return n, uiErr(err)
}
