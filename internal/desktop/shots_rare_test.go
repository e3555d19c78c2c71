package desktop

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"xinqing/internal/casework"
	"xinqing/internal/ui"
	"xinqing/internal/ui/uitest"
)

// TestRareNameShots writes, into $XINQING_SHOTS (skipped without it), the
// student page of 欧阳䶮 (CJK Ext-A) through the real services and theme,
// and the case record PDF of 李𠮷 (Ext-B), for docs/screenshots.
func TestRareNameShots(t *testing.T) {
	out := shotsDir(t)
	ctx := context.Background()
	s, _ := unlockedDemo(t, false)
	if err := s.Lock(ctx); err != nil {
		t.Fatal(err)
	}

	app := test.NewTempApp(t)
	app.Settings().SetTheme(ui.NewTheme())
	win := test.NewTempWindow(t, nil)
	win.Resize(fyne.NewSize(1366, 768))
	deps := s.deps()
	deps.Go = func(f func()) { f() }
	a := ui.New(app, win, deps)
	a.Start()
	d := uitest.New(t, win)
	d.Tap("试用演示学校")
	d.Tap("填入演示密码并解锁")
	d.WantText("活动与日志")
	var ids []string
	for _, name := range []string{"欧阳䶮", "李𠮷"} {
		st, err := s.students().SaveStudent(ctx, &casework.Student{Name: name, Gender: casework.GenderMale,
			Grade: "七年级", Class: "七(3)班", BirthDate: "2013-03-05", Status: casework.StudentStatusEnrolled,
			GuardianName: "欧阳䶮之母", GuardianRelation: "母亲"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, st.ID)
	}
	c := &casework.Case{StudentID: ids[1], OpenedOn: "2026-11-02", Source: casework.CaseSourceTeacher,
		ProblemTypes: []casework.ProblemType{casework.ProblemTypeEmotion}, Status: casework.CaseStatusOpen,
		PresentingProblem: "李𠮷近期入睡困难；同桌欧阳䶮陪同前来。"}
	cases := s.deps().Cases
	if err := cases.SaveRecord(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := cases.WriteCaseRecord(ctx, c.ID, filepath.Join(out, "case-record-rare-names.pdf")); err != nil {
		t.Logf("case record: %v", err) // glyph gaps are reported after writing
	}
	a.OpenStudent(ids[0])
	d.WantText("欧阳䶮")
	f, err := os.Create(filepath.Join(out, "students-rare-name.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, win.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}
