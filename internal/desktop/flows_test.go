package desktop

import (
	"context"
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

// manualClock is the app's clock; its timers fire when the test says.
type manualClock struct {
	now    time.Time
	timers []*manualTimer
}

type manualTimer struct {
	f       func()
	stopped bool
}

func (t *manualTimer) Stop() bool { was := !t.stopped; t.stopped = true; return was }

func (c *manualClock) Now() time.Time { return c.now }
func (c *manualClock) AfterFunc(_ time.Duration, f func()) ui.Timer {
	t := &manualTimer{f: f}
	c.timers = append(c.timers, t)
	return t
}

// fire moves the clock an hour on and runs every pending timer (the
// idle lock among them).
func (c *manualClock) fire() {
	c.now = c.now.Add(time.Hour)
	ts := c.timers
	c.timers = nil
	for _, t := range ts {
		if !t.stopped {
			t.stopped = true
			t.f()
		}
	}
}

// desk is the whole app over the real services, on a vault with a
// school and one student, unlocked.
type desk struct {
	screenDriver
	s     *services
	a     *ui.App
	win   fyne.Window
	clock *manualClock
	stu   *casework.Student
}

func openDesk(t *testing.T) *desk {
	t.Helper()
	ctx := context.Background()
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	s := testServices()
	dir := s.DefaultDir()
	if _, err := s.Create(ctx, dir, realPass); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSchool(ctx, ui.School{Name: "晴川实验中学", Stage: "junior", StudentCount: 6, ClassCount: 3}); err != nil {
		t.Fatal(err)
	}
	stu, err := s.students().SaveStudent(ctx, synthStudent("林小雨", "八年级", "八(2)班"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Lock(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Lock(context.Background()) })
	app := test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	win.Resize(fyne.NewSize(1366, 1400))
	deps := s.deps()
	deps.Go = func(f func()) { f() }
	clock := &manualClock{now: time.Date(2026, 11, 30, 10, 0, 0, 0, time.Local)}
	deps.Clock = clock
	a := ui.New(app, win, deps)
	a.Start()
	d := &desk{screenDriver: screenDriver{uitest.New(t, win)}, s: s, a: a, win: win, clock: clock, stu: stu}
	d.unlock()
	return d
}

func (d *desk) unlock() {
	d.Fill("密码（按回车解锁）", realPass)
	d.Tap("解锁")
	d.WantText("活动与日志")
}

func TestATypedCaseSurvivesTheLockAndTheAutoLock(t *testing.T) {
	d := openDesk(t)
	for _, lock := range []struct {
		name string
		do   func()
	}{
		{"lock button", func() { d.Tap("锁定（Ctrl+L）") }},
		{"idle lock", d.clock.fire},
	} {
		d.Nav("个案")
		d.Tap("新建个案")
		d.typeIn("主诉", "近期考试焦虑，入睡困难")
		lock.do()
		d.WantText("解锁")
		d.WantNoText("近期考试焦虑")
		d.unlock()
		d.WantText("已恢复锁定前未保存的内容")
		if got := entryText(d.Field("主诉")); got != "近期考试焦虑，入睡困难" {
			d.Fatalf("after the %s the 主诉 reads %q, want the typed text", lock.name, got)
		}
		// the draft is still unsaved: leaving asks
		d.Nav("学生")
		d.WantText("放弃未保存的修改？")
		d.Tap("是")
	}
}

func TestAStudentPageDraftSurvivesTheLockAndClosingAsks(t *testing.T) {
	d := openDesk(t)
	d.a.OpenStudent(d.stu.ID)
	d.editStudent()
	test.Type(d.profileEntries()[5], "王老师") // 班主任
	d.Tap("锁定（Ctrl+L）")
	d.unlock()
	d.WantText("已恢复锁定前未保存的内容")
	if got := entryText(d.profileEntries()[5]); got != "王老师" {
		d.Fatalf("after the lock the 班主任 reads %q, want the typed text", got)
	}
	// Closing the window with the edit asks first; 否 keeps it.
	d.a.RequestClose()
	d.WantText("有未保存的修改")
	d.Tap("否")
	if got := entryText(d.profileEntries()[5]); got != "王老师" {
		d.Fatalf("after keeping the window the 班主任 reads %q", got)
	}
}

// editStudent opens the profile form of the student page.
func (d *desk) editStudent() {
	if b := d.maybeButton("编辑"); b != nil {
		test.Tap(b)
	}
}

func (d *desk) maybeButton(text string) *widget.Button {
	for _, o := range d.Visible() {
		if b, ok := o.(*widget.Button); ok && b.Text == text && !b.Disabled() {
			return b
		}
	}
	return nil
}

// profileEntries are the student form's text entries in form order:
// 姓名, 出生日期, 学籍号, 年级, 班级, 班主任, ….
func (d *desk) profileEntries() []fyne.Focusable {
	var out []fyne.Focusable
	for _, o := range d.Visible() {
		if _, ok := uitest.Placeholder(o); ok {
			if e, ok := o.(fyne.Focusable); ok {
				out = append(out, e)
			}
		}
	}
	if len(out) < 6 {
		d.Fatalf("got %d entries on the student page, want the profile", len(out))
	}
	return out
}

// entryText reads the text of an entry (of any type embedding
// widget.Entry).
func entryText(o any) string {
	v := reflect.ValueOf(o)
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if f := v.FieldByName("Text"); f.IsValid() && f.Kind() == reflect.String {
		return f.String()
	}
	return ""
}
