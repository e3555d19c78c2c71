package desktop

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
	"xinqing/internal/ui"
	"xinqing/internal/ui/uitest"
)

// TestScreenshots renders the new screens over the real services and the
// demo school into $XINQING_SHOTS (skipped without it): the student file,
// the workbench, the restore confirmation and the draft-restored notice,
// at 1366×768 and 1024×600.
func TestScreenshots(t *testing.T) {
	out := shotsDir(t)
	for _, size := range []fyne.Size{{Width: 1366, Height: 768}, {Width: 1024, Height: 600}} {
		suffix := "-" + map[float32]string{1366: "1366", 1024: "1024"}[size.Width]
		shots(t, out, suffix, size)
	}
}

func shots(t *testing.T, out, suffix string, size fyne.Size) {
	ctx := context.Background()
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	s := testServices()
	demoDir := filepath.Join(t.TempDir(), "demo")
	pass, err := s.CreateDemo(ctx, demoDir)
	if err != nil {
		t.Fatal(err)
	}
	// A backup of the demo school, restored on the "new computer" below.
	stick := t.TempDir()
	if _, err := s.Unlock(ctx, demoDir, pass); err != nil {
		t.Fatal(err)
	}
	if _, err := s.reports().BackupNow(ctx, stick, nil); err != nil {
		t.Fatal(err)
	}
	// The student with the most records shows the file best.
	stuID, most := "", -1
	for _, k := range []casework.Kind{casework.KindKeyStudent, casework.KindCrisis, casework.KindReferral} {
		recs, err := s.deps().Cases.Records(ctx, k, ui.RecordFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			id := reflect.ValueOf(r).Elem().FieldByName("StudentID").String()
			sr, err := s.students().StudentRecords(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if n := len(sr.Cases) + len(sr.KeyStudents) + len(sr.Crises) + len(sr.Referrals) + len(sr.Contacts); n > most {
				stuID, most = id, n
			}
		}
	}
	if err := s.Lock(ctx); err != nil {
		t.Fatal(err)
	}

	app := test.NewTempApp(t)
	app.Settings().SetTheme(ui.NewTheme())
	win := test.NewTempWindow(t, nil)
	win.Resize(size)
	deps := s.deps()
	deps.Go = func(f func()) { f() }
	deps.PickFolder = func(f func(string)) { f(stick) }
	a := ui.New(app, win, deps)
	a.Start()
	d := uitest.New(t, win)
	save := func(name string) {
		t.Helper()
		f, err := os.Create(filepath.Join(out, name+suffix+".png"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, win.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
	}

	// The new computer: restore with the list and the confirmation.
	d.Tap("从备份恢复")
	d.WantText("在所选文件夹中找到")
	save("restore-list")
	for _, o := range d.Dialog() {
		if l, ok := o.(*widget.List); ok {
			l.Select(0)
		}
	}
	d.Fill("备份时的密码（按回车查看）", pass)
	d.Tap("查看备份内容")
	d.WantText("确认恢复")
	save("restore-confirm")
	d.Tap("取消")
	d.Tap("取消")

	// The demo school: the workbench and a student's file.
	_ = time.Now
	_ = a
	d.Tap("试用演示学校")
	d.Tap("填入演示密码并解锁")
	d.WantText("活动与日志")
	save("dashboard")
	a.OpenStudent(stuID)
	d.WantText("全部记录（新的在前）")
	save("student-file")

	// A case being typed survives the lock.
	d.Nav("个案")
	d.Tap("新建个案")
	e, _ := d.Field("主诉").(fyne.Focusable)
	test.Type(e, "近期考试焦虑，入睡困难")
	d.Tap("锁定（Ctrl+L）")
	d.Tap("填入演示密码并解锁")
	d.WantText("已恢复锁定前未保存的内容")
	save("draft-restored")
}

// shotsDir is where the screenshot tests write ($XINQING_SHOTS); they
// are skipped without it.
func shotsDir(t *testing.T) string {
	t.Helper()
	out := os.Getenv("XINQING_SHOTS")
	if out == "" {
		t.Skip("set XINQING_SHOTS to a folder to write the screenshots")
	}
	return out
}

// unlockedDemo creates the demo school on fresh real services and unlocks
// it: where 试用演示学校 opens it (atDefault) or in a folder of the test.
func unlockedDemo(t *testing.T, atDefault bool) (*services, string) {
	t.Helper()
	ctx := context.Background()
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	s := testServices()
	demoDir := filepath.Join(t.TempDir(), "demo")
	if atDefault {
		demoDir = filepath.Join(filepath.Dir(s.DefaultDir()), "xinqing-demo")
	}
	pass, err := s.CreateDemo(ctx, demoDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Unlock(ctx, demoDir, pass); err != nil {
		t.Fatal(err)
	}
	return s, demoDir
}
