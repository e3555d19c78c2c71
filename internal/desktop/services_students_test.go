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
	"xinqing/internal/demo"
	"xinqing/internal/figures"
	"xinqing/internal/interchange"
	"xinqing/internal/returns"
	"xinqing/internal/store"
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

func TestDashboardListsWhatIsDueFromTheRecords(t *testing.T) {
	today := casework.Date("2026-11-20")
	pupil := func(id, name string) *casework.Student {
		return &casework.Student{Meta: casework.Meta{ID: id}, Name: name, Gender: casework.GenderMale, Grade: "七年级", Class: "七(1)班"}
	}
	d := &figures.Dataset{Settings: casework.DefaultSettings()}
	d.Students = []*casework.Student{pupil("s1", "甲"), pupil("s2", "乙"), pupil("s3", "丙")}
	d.KeyStudents = []*casework.KeyStudent{
		// red: every 7 days; last follow-up 2026-11-10 → due 11-17, overdue.
		{Meta: casework.Meta{ID: "k1"}, StudentID: "s1", IncludedOn: "2026-10-01",
			Levels:    []casework.LevelEntry{{Date: "2026-10-01", Level: casework.LevelRed}},
			FollowUps: []casework.FollowUp{{Date: "2026-11-10"}}},
		// watch: every 60 days from 11-01 → due 12-31, beyond the week.
		{Meta: casework.Meta{ID: "k2"}, StudentID: "s2", IncludedOn: "2026-11-01",
			Levels: []casework.LevelEntry{{Date: "2026-11-01", Level: casework.LevelWatch}}},
	}
	d.Referrals = []*casework.Referral{
		{Meta: casework.Meta{ID: "r1"}, StudentID: "s3", SuggestedOn: "2026-11-05", Reason: "睡眠", Status: casework.ReferralStatusSuggested},
		{Meta: casework.Meta{ID: "r2"}, StudentID: "s2", SuggestedOn: "2026-11-06", Reason: "x", Status: casework.ReferralStatusVisited, Feedback: "已就诊"},
	}
	d.Crises = []*casework.Crisis{
		{Meta: casework.Meta{ID: "c1"}, StudentID: "s2", DiscoveredOn: "2026-11-12", RiskType: casework.RiskTypeSelfHarm},
		{Meta: casework.Meta{ID: "c2"}, StudentID: "s1", DiscoveredOn: "2026-11-03", RiskType: casework.RiskTypeOther, ClosedOn: "2026-11-04"},
	}
	got, err := dashboardOf(d, today)
	if err != nil {
		t.Fatal(err)
	}
	if got.Month != "2026-11" || got.Figures.KeyOnRoll != 2 || got.Figures.Crises != 2 || got.Figures.Referrals != 2 {
		t.Fatalf("got month %s figures %+v, want 2 on roll, 2 crises, 2 referred", got.Month, got.Figures)
	}
	if len(got.FollowUps) != 1 || got.FollowUps[0].Name != "甲" || got.FollowUps[0].Due != "2026-11-17" ||
		got.FollowUps[0].Level != "一级(红) 危急" {
		t.Fatalf("got follow-ups %+v, want 甲 due 2026-11-17", got.FollowUps)
	}
	if len(got.Waiting) != 1 || got.Waiting[0].Name != "丙" || got.Waiting[0].Days != 15 {
		t.Fatalf("got waiting %+v, want 丙 waiting 15 days", got.Waiting)
	}
	if len(got.OpenCrises) != 1 || got.OpenCrises[0].Name != "乙" {
		t.Fatalf("got open crises %+v, want 乙's", got.OpenCrises)
	}
	var red int
	for _, l := range got.Figures.Levels {
		if l.Label == "一级(红) 危急" {
			red = l.N
		}
	}
	if red != 1 {
		t.Fatalf("got levels %+v, want one red", got.Figures.Levels)
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

// bigSchool is the big demo school in a real store.
func bigSchool(b *testing.B) *store.Store {
	b.Helper()
	st, err := store.New()
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = st.Close() })
	if _, err := demo.Import(interchange.Adapt[*store.Tx](st), demo.Big, 1, "2026-11-20"); err != nil {
		b.Fatal(err)
	}
	return st
}

// BenchmarkSearchStudentsBigSchool measures the search the student list
// runs as the user types (target: under 100 ms), one sub-benchmark per
// kind of query; the big school is imported once.
func BenchmarkSearchStudentsBigSchool(b *testing.B) {
	st := bigSchool(b)
	n, err := st.Count(casework.KindStudent)
	if err != nil || n < 3000 {
		b.Fatalf("got %d students (%v), want the big school", n, err)
	}
	for _, c := range []struct {
		name string
		q    ui.StudentQuery
	}{
		{"surname", ui.StudentQuery{Text: "张"}},
		{"initials", ui.StudentQuery{Text: "zh"}},
		{"pinyin", ui.StudentQuery{Text: "wangy"}},
		{"one_letter", ui.StudentQuery{Text: "l"}},
		{"student_no", ui.StudentQuery{Text: "D20"}},
		{"name_in_grade", ui.StudentQuery{Text: "li", Grade: "七年级"}},
		{"whole_list", ui.StudentQuery{}},
	} {
		b.Run(c.name, func(b *testing.B) {
			start, i := time.Now(), 0
			for b.Loop() {
				if _, err := findStudents(st, c.q); err != nil {
					b.Fatal(err)
				}
				i++
			}
			b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(i), "ms/op")
		})
	}
	// The workbench summary reads the whole school (off the UI goroutine).
	b.Run("workbench", func(b *testing.B) {
		start, i := time.Now(), 0
		for b.Loop() {
			d, err := returns.Load(st)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := dashboardOf(d, "2026-11-20"); err != nil {
				b.Fatal(err)
			}
			i++
		}
		b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(i), "ms/op")
	})
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
