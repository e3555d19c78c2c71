package desktop

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
	"xinqing/internal/ui"
	"xinqing/internal/ui/uitest"
	"xinqing/internal/workspace"
)

// unlockedServices is a real workspace in a temporary folder.
func unlockedServices(t *testing.T) (*services, *workspace.Workspace, string) {
	t.Helper()
	s := testServices()
	dir := filepath.Join(t.TempDir(), "vault")
	if _, err := s.Create(context.Background(), dir, realPass); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Lock(context.Background()) })
	ws, err := s.workspace()
	if err != nil {
		t.Fatal(err)
	}
	return s, ws, dir
}

func synthStudent(name, grade, class string) *casework.Student {
	return &casework.Student{Name: name, Gender: casework.GenderFemale, Grade: grade, Class: class,
		Status: casework.StudentStatusEnrolled}
}

func TestRealStudentServiceSavesSearchesFiltersAndGuardsDeletes(t *testing.T) {
	ctx := context.Background()
	s, ws, _ := unlockedServices(t)
	x := s.students()
	a, err := x.SaveStudent(ctx, synthStudent("张三丰", "七年级", "七(1)班"))
	if err != nil {
		t.Fatal(err)
	}
	b := synthStudent("李四", "八年级", "八(2)班")
	b.StudentNo = "G20260042"
	b.SpecialGroups = []casework.SpecialGroup{casework.SpecialGroupLeftBehind}
	if b, err = x.SaveStudent(ctx, b); err != nil {
		t.Fatal(err)
	}
	if a.ID == "" || a.CreatedAt.IsZero() {
		t.Fatalf("got saved student %+v, want an id and a creation time", a)
	}
	if _, err := x.SaveStudent(ctx, &casework.Student{Name: "无班级"}); err == nil {
		t.Fatal("got a student without gender, grade and class saved")
	} else if v, ok := casework.AsValidationErrors(err); !ok || len(v) != 3 {
		t.Fatalf("got %v, want 3 field errors (gender, grade, class)", err)
	}

	for _, c := range []struct {
		name string
		q    ui.StudentQuery
		want []string
	}{
		{"pinyin initials find the name", ui.StudentQuery{Text: "zsf"}, []string{"张三丰"}},
		{"full pinyin finds the name", ui.StudentQuery{Text: "lisi"}, []string{"李四"}},
		{"a student number prefix finds the student", ui.StudentQuery{Text: "G2026"}, []string{"李四"}},
		{"no text lists everyone by grade", ui.StudentQuery{}, []string{"张三丰", "李四"}},
		{"the grade filter narrows", ui.StudentQuery{Grade: "八年级"}, []string{"李四"}},
		{"the special group filter narrows", ui.StudentQuery{Group: casework.SpecialGroupLeftBehind}, []string{"李四"}},
		{"the status filter narrows", ui.StudentQuery{Status: casework.StudentStatusGraduated}, nil},
	} {
		got, err := x.Students(ctx, c.q)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, st := range got {
			names = append(names, st.Name)
		}
		if strings.Join(names, ",") != strings.Join(c.want, ",") {
			t.Errorf("%s: got %v, want %v", c.name, names, c.want)
		}
	}

	cs := &casework.Case{Meta: casework.Meta{ID: casework.NewID()}, StudentID: a.ID, ClientKind: casework.ClientKindStudent,
		OpenedOn: "2026-11-02", Source: casework.CaseSourceSelf, ProblemTypes: []casework.ProblemType{casework.ProblemTypeStudy}}
	if err := ws.Store().Create(cs); err != nil {
		t.Fatal(err)
	}
	err = x.DeleteStudent(ctx, a.ID)
	if casework.ErrorCode(err) != casework.ECONFLICT {
		t.Fatalf("got %v deleting a student with a case, want ECONFLICT", err)
	}
	recs, err := x.StudentRecords(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs.Cases) != 1 || recs.Cases[0].ID != cs.ID || len(recs.Referrals) != 0 {
		t.Fatalf("got records %+v, want the one case", recs)
	}
	if err := x.DeleteStudent(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := x.Student(ctx, b.ID); casework.ErrorCode(err) != casework.ENOTFOUND {
		t.Fatalf("got %v reading a deleted student, want ENOTFOUND", err)
	}
}

func TestRealAttachmentsAreSealedOpenedAuditedAndRemoved(t *testing.T) {
	ctx := context.Background()
	s, ws, dir := unlockedServices(t)
	x := s.students()
	st, err := x.SaveStudent(ctx, synthStudent("王晴", "七年级", "七(2)班"))
	if err != nil {
		t.Fatal(err)
	}
	plain := []byte("%PDF-1.4 synthetic consent form of a synthetic pupil")
	at, err := x.AddAttachment(ctx, casework.KindStudent, st.ID, "/home/x/知情同意书.pdf", plain)
	if err != nil {
		t.Fatal(err)
	}
	if at.Filename != "知情同意书.pdf" || at.MIME != "application/pdf" || at.Size != int64(len(plain)) || at.AddedOn == "" || len(at.SHA256) != 64 {
		t.Fatalf("got attachment %+v", at)
	}
	list, err := x.Attachments(ctx, casework.KindStudent, st.ID)
	if err != nil || len(list) != 1 || list[0].ID != at.ID {
		t.Fatalf("got %v %+v, want the one attachment", err, list)
	}
	// The bytes on disk are sealed: no file of the vault holds the plaintext.
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err == nil && bytes.Contains(b, []byte("synthetic consent")) {
			t.Errorf("got plaintext in %s", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := x.AttachmentData(ctx, at.ID)
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("got %v and %d bytes back, want the attachment", err, len(got))
	}
	log, err := ws.Store().AuditLog(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	last := log[len(log)-1]
	if last.Action != casework.AuditActionExport || last.ObjectType != casework.KindAttachment || last.ObjectID != at.ID {
		t.Fatalf("got last audit entry %+v, want an export of the attachment", last)
	}
	// The saved copy replaces the world-readable empty file the save
	// dialog made, owner only from its first byte; a link there is refused.
	copyPath := filepath.Join(t.TempDir(), "copy.bin")
	if err := os.WriteFile(copyPath, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := x.SaveAttachment(ctx, at.ID, copyPath); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(copyPath); err != nil || !bytes.Equal(b, plain) {
		t.Fatalf("got %d bytes (%v) in the saved copy, want the attachment", len(b), err)
	}
	if fi, err := os.Stat(copyPath); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("got %v (%v), want a copy only its owner reads", fi.Mode().Perm(), err)
	}
	link := filepath.Join(filepath.Dir(copyPath), "link.bin")
	if err := os.Symlink(copyPath, link); err == nil {
		if err := x.SaveAttachment(ctx, at.ID, link); err == nil {
			t.Fatal("a copy was written through a link")
		}
	}
	if err := x.DeleteStudent(ctx, st.ID); casework.ErrorCode(err) != casework.ECONFLICT {
		t.Fatalf("got %v deleting a student with an attachment, want ECONFLICT", err)
	}
	if err := x.DeleteAttachment(ctx, at.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := x.Attachments(ctx, casework.KindStudent, st.ID); len(list) != 0 {
		t.Fatalf("got %d attachments after removing, want 0", len(list))
	}
}

func TestRealDashboardSaysWhenThereIsNoBackup(t *testing.T) {
	s, _, _ := unlockedServices(t)
	got, err := s.students().Dashboard(context.Background(), casework.DateOf(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	if !got.LastBackup.IsZero() || !got.BackupOverdue {
		t.Fatalf("got last backup %v overdue %v in a new vault, want none and overdue", got.LastBackup, got.BackupOverdue)
	}
}

// TestCreatingAStudentThroughTheScreensPutsItInTheStore drives the
// student screen over the real adapter and store.
func TestCreatingAStudentThroughTheScreensPutsItInTheStore(t *testing.T) {
	s, ws, _ := unlockedServices(t)
	app := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1100, 900))
	d := s.deps()
	d.Go = func(f func()) { f() }
	a := ui.New(app, w, d)
	w.SetContent(ui.StudentsScreen(a).Content())
	uitest.New(t, w).Tap("新建学生")

	// The profile's entries in form order: 姓名, 出生日期, 学籍号, 年级, 班级, …
	var entries []fyne.Focusable
	for _, o := range uitest.Objects(w.Canvas().Content()) {
		if _, ok := o.(*widget.Button); ok {
			continue // the calendar beside the birth date
		}
		if e, ok := o.(interface {
			fyne.Focusable
			SetText(string)
		}); ok {
			entries = append(entries, e)
		}
	}
	if len(entries) < 5 {
		t.Fatalf("got %d entries on the new-student page, want the profile fields", len(entries))
	}
	test.Type(entries[0], "周晓明")
	test.Type(entries[1], "2012-03-05")
	test.Type(entries[2], "G20260077")
	test.Type(entries[3], "八年级")
	test.Type(entries[4], "八(2)班")
	for _, o := range uitest.Objects(w.Canvas().Content()) {
		if r, ok := o.(*widget.RadioGroup); ok {
			r.SetSelected("男")
		}
	}
	uitest.New(t, w).Tap("保存")

	got, err := ws.Store().SearchStudents("zxm", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("got %d students named 周晓明 in the store, want 1", len(got))
	}
	st := got[0]
	if st.Gender != casework.GenderMale || st.BirthDate != "2012-03-05" || st.StudentNo != "G20260077" ||
		st.Grade != "八年级" || st.Class != "八(2)班" || st.Status != casework.StudentStatusEnrolled {
		t.Fatalf("got stored student %+v, want the typed fields", st)
	}
}

func TestPreviewStudentsServeTheDemoSchoolFromMemory(t *testing.T) {
	ctx := context.Background()
	x := newPreviewStudents()
	if x == nil {
		t.Fatal("got no preview student service")
	}
	all, err := x.Students(ctx, ui.StudentQuery{})
	if err != nil || len(all) < 200 {
		t.Fatalf("got %d students (%v), want the small demo school", len(all), err)
	}
	at, err := x.AddAttachment(ctx, casework.KindStudent, all[0].ID, "note.txt", []byte("synthetic"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := x.AttachmentData(ctx, at.ID); err != nil || string(got) != "synthetic" {
		t.Fatalf("got %q (%v) back, want the attachment", got, err)
	}
	d, err := x.Dashboard(ctx, casework.DateOf(time.Now()))
	if err != nil || !d.LastBackup.IsZero() {
		t.Fatalf("got %v, last backup %v; want a dashboard without backup", err, d.LastBackup)
	}
}
