package desktop

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
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

func openDesk(t *testing.T, adjust ...func(*ui.Deps)) *desk {
	t.Helper()
	return openDeskWith(t, nil, adjust...)
}

// openDeskWith runs seed on the unlocked vault (with its first student)
// before the app starts.
func openDeskWith(t *testing.T, seed func(ctx context.Context, s *services, stu *casework.Student), adjust ...func(*ui.Deps)) *desk {
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
	if err := s.reports().SaveTerms(ctx, []casework.Term{{Name: "2026-2027学年第一学期", Start: "2026-09-01", End: "2027-01-20"}}); err != nil {
		t.Fatal(err)
	}
	stu, err := s.students().SaveStudent(ctx, synthStudent("林小雨", "八年级", "八(2)班"))
	if err != nil {
		t.Fatal(err)
	}
	if seed != nil {
		seed(ctx, s, stu)
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
	for _, f := range adjust {
		f(&deps)
	}
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
		// the draft is still unsaved: leaving asks, and the notice goes
		// with the screen it was about
		d.Nav("学生")
		d.WantText("放弃未保存的修改？")
		d.Tap("是")
		d.WantNoText("已恢复锁定前未保存的内容")
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

func TestSavingTheMonthsTrainingHoursRefreshesTheSelfCheckOnScreen(t *testing.T) {
	d := openDesk(t)
	d.Nav("月报与报表")
	d.Tab("专项自查")
	d.wantSelfCheckFigure("本学期专职教师培训学时：0学时")
	d.Tab("月报")
	hours := d.Inputs("")
	if len(hours) < 4 {
		d.Fatalf("got %d entries on the 月报 tab, want the notes and the hours", len(hours))
	}
	uitest.TypeInto(hours[3], "12")
	d.Tap("保存文字部分")
	d.WantText("已保存")
	d.Tab("专项自查")
	d.wantSelfCheckFigure("本学期专职教师培训学时：12学时")
}

// wantSelfCheckFigure opens each self-check item until one shows text.
func (d *desk) wantSelfCheckFigure(text string) {
	var btns []*widget.Button
	for _, o := range d.Visible() {
		if b, ok := o.(*widget.Button); ok && b.Text == "详情" {
			btns = append(btns, b)
		}
	}
	for _, b := range btns {
		test.Tap(b)
		found := d.Shows(text)
		d.Tap("关闭")
		if found {
			return
		}
	}
	d.Fatalf("no self-check item shows %q (%d items)", text, len(btns))
}

// fakeCalls stand in for the operating system's print calls.
type fakeCalls struct {
	goos  string
	hasLP bool
	ran   []string
}

func (f *fakeCalls) GOOS() string { return f.goos }
func (f *fakeCalls) LookPath(name string) (string, error) {
	if name == "lp" && f.hasLP {
		return "/usr/bin/lp", nil
	}
	return "", errors.New("not found")
}
func (f *fakeCalls) Run(name string, args ...string) error {
	f.ran = append(f.ran, name+" "+strings.Join(args, " "))
	return nil
}
func (f *fakeCalls) ShellPrint(path string) error {
	f.ran = append(f.ran, "print "+path)
	return nil
}

func TestAPrintedCaseSaysWhereAndOffersOpenFolderAndPrint(t *testing.T) {
	out := t.TempDir()
	calls := &fakeCalls{goos: "linux"}
	var opened []string
	openErr := errors.New("xdg-open: no application for application/pdf")
	d := openDesk(t, func(deps *ui.Deps) {
		deps.PickSave = func(name string, f func(string)) { f(filepath.Join(out, name)) }
		deps.OpenURL = func(u *url.URL) error {
			opened = append(opened, u.Path)
			if strings.HasSuffix(u.Path, ".pdf") {
				return openErr // no PDF viewer on this computer
			}
			return nil
		}
		deps.FilePrinter = filePrinter{os: calls}
	})
	c := &casework.Case{ClientKind: casework.ClientKindStudent, StudentID: d.stu.ID, OpenedOn: "2026-11-02",
		Status: casework.CaseStatusOpen, PresentingProblem: "考试焦虑", Source: casework.CaseSourceSelf,
		ProblemTypes: []casework.ProblemType{casework.ProblemTypeEmotion}}
	if err := d.s.deps().Cases.SaveRecord(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	d.Nav("个案")
	d.Lists()[1].Select(0)
	d.Tap("打印个案辅导记录表…")
	d.WantText("文件已保存")
	d.WantText("已保存到 " + out)
	pdfs, _ := filepath.Glob(filepath.Join(out, "*.pdf"))
	if len(pdfs) != 1 {
		t.Fatalf("got %v in the chosen folder, want the case record", pdfs)
	}
	if fi, err := os.Stat(pdfs[0]); err != nil || fi.Size() == 0 {
		t.Fatalf("the PDF was not written: %v", err)
	}

	d.Tap("打开")
	d.WantText("没有找到能打开 PDF 的程序")
	d.WantNoText("发生了意外错误")
	d.WantText("已保存到 " + out) // the path stays
	d.Tap("打开所在文件夹")
	if len(opened) != 2 || opened[1] != out {
		t.Fatalf("opened %v, want the PDF then its folder %s", opened, out)
	}
	d.Tap("打印")
	d.WantText("这台电脑上没有可用的打印方式")
	calls.hasLP = true
	d.Tap("打印")
	d.WantText("已发送到打印机")
	if len(calls.ran) != 1 || calls.ran[0] != "/usr/bin/lp -- "+pdfs[0] {
		t.Fatalf("ran %q, want lp with the PDF", calls.ran)
	}
	calls.goos, calls.ran = "windows", nil
	d.Tap("打印")
	if len(calls.ran) != 1 || calls.ran[0] != "print "+pdfs[0] {
		t.Fatalf("ran %q on Windows, want the print verb", calls.ran)
	}
}

func TestTheDashboardOpensTheRecordsBehindItsRowsAndFigures(t *testing.T) {
	var crisisID string
	d := openDeskWith(t, func(ctx context.Context, s *services, stu *casework.Student) {
		cs := s.deps().Cases
		save := func(r casework.Record) {
			t.Helper()
			if err := cs.SaveRecord(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		k := &casework.KeyStudent{StudentID: stu.ID, IncludedOn: "2026-10-01",
			Levels: []casework.LevelEntry{{Date: "2026-10-01", Level: casework.LevelRed}}}
		save(k)
		_ = k.ID
		c := &casework.Crisis{StudentID: stu.ID, DiscoveredOn: "2026-11-20", RiskType: casework.RiskTypeSelfHarm,
			Level: casework.LevelRed, Description: "手臂有划痕"}
		save(c)
		crisisID = c.ID
		for i := range 12 {
			save(&casework.Referral{StudentID: stu.ID, SuggestedOn: casework.Date(fmt.Sprintf("2026-11-%02d", i+1)),
				Reason: "近两周情绪低落、睡眠差，建议进一步检查", Institution: "晴川市精神卫生中心"})
		}
		// A graduate's open records are never listed.
		old := synthStudent("毕业生甲", "九年级", "九(1)班")
		old.Status = casework.StudentStatusGraduated
		old, err := s.students().SaveStudent(ctx, old)
		if err != nil {
			t.Fatal(err)
		}
		save(&casework.KeyStudent{StudentID: old.ID, IncludedOn: "2016-10-01",
			Levels: []casework.LevelEntry{{Date: "2016-10-01", Level: casework.LevelRed}}})
		save(&casework.Crisis{StudentID: old.ID, DiscoveredOn: "2016-11-20", RiskType: casework.RiskTypeSelfHarm,
			Level: casework.LevelRed, Description: "旧记录"})
	})
	d.WantText("今天")
	d.WantText("1 名重点学生今天到期或已逾期随访")
	d.WantText("该备份了")
	d.WantNoText("毕业生甲")
	d.WantText("查看全部（共 12 条）")
	if n := d.countButtons("林小雨  八(2)班  2026-11-", "建议，已等待"); n != 10 {
		d.Fatalf("got %d referral rows before 查看全部, want 10", n)
	}

	// A key student row opens the key-student follow-up, not the profile.
	d.tapPrefix("林小雨  八(2)班  ", "已逾期")
	d.WantText("纳入日期") // the key-student form is open
	if e := d.Field("纳入日期"); entryText(e) != "2026-10-01" {
		d.Fatalf("the key-student form shows %q, want the record included on 2026-10-01", entryText(e))
	}
	// A crisis row opens the crisis.
	d.Nav("工作台")
	d.tapPrefix("林小雨  八(2)班  2026-11-20", "")
	d.WantText("事实经过")
	if e := d.Field("事实经过"); entryText(e) != "手臂有划痕" {
		d.Fatalf("the crisis form shows %q, want the open crisis", entryText(e))
	}
	_ = crisisID

	// A figure lists the records behind it; a row opens the record.
	d.Nav("工作台")
	d.Tap("危机事件")
	d.WantText("危机事件：1 条记录")
	d.Tap("关闭")
	d.Tap("查看全部（共 12 条）")
	d.WantText("林小雨  八(2)班  2026-11-01 建议")
}

// countButtons counts the visible buttons starting with p and holding sub.
func (d *desk) countButtons(p, sub string) int {
	n := 0
	for _, o := range d.Visible() {
		if b, ok := o.(*widget.Button); ok && strings.HasPrefix(b.Text, p) && strings.Contains(b.Text, sub) {
			n++
		}
	}
	return n
}

// tapPrefix taps the first visible button starting with p and holding sub.
func (d *desk) tapPrefix(p, sub string) {
	for _, o := range d.Visible() {
		if b, ok := o.(*widget.Button); ok && strings.HasPrefix(b.Text, p) && strings.Contains(b.Text, sub) {
			test.Tap(b)
			return
		}
	}
	d.Fatalf("no button %q…%q", p, sub)
}

// seedFile gives the first student a key-student record, an open case,
// a waiting referral and an open crisis.
func seedFile(t *testing.T) func(ctx context.Context, s *services, stu *casework.Student) {
	return func(ctx context.Context, s *services, stu *casework.Student) {
		cs := s.deps().Cases
		for _, r := range []casework.Record{
			&casework.KeyStudent{StudentID: stu.ID, IncludedOn: "2026-11-02",
				Levels: []casework.LevelEntry{{Date: "2026-11-02", Level: casework.LevelOrange}}},
			&casework.Case{ClientKind: casework.ClientKindStudent, StudentID: stu.ID, OpenedOn: "2026-11-03",
				Status: casework.CaseStatusOpen, PresentingProblem: "考试焦虑", Source: casework.CaseSourceSelf,
				ProblemTypes: []casework.ProblemType{casework.ProblemTypeEmotion}},
			&casework.Referral{StudentID: stu.ID, SuggestedOn: "2026-11-10", Reason: "近两周情绪低落、睡眠差，建议进一步检查",
				Institution: "晴川市精神卫生中心"},
			&casework.Crisis{StudentID: stu.ID, DiscoveredOn: "2026-11-20", RiskType: casework.RiskTypeSelfHarm,
				Level: casework.LevelRed, Description: "手臂有划痕"},
		} {
			if err := cs.SaveRecord(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		ws, err := s.workspace()
		if err != nil {
			t.Fatal(err)
		}
		if err := ws.Store().Create(&casework.Consent{StudentID: stu.ID, Kind: casework.ConsentKindScreening,
			Date: "2026-09-05", GuardianSigned: true}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestTheStudentPageIsAFileWithATimelineAndEditingBehindAButton(t *testing.T) {
	d := openDeskWith(t, seedFile(t))
	d.a.OpenStudent(d.stu.ID)
	d.WantText("班级：八年级 八(2)班")
	d.WantText("等级：二级(橙) 高")
	d.WantText("下次随访：")
	d.WantText("（2026-11-03 建档，进行中）")
	d.WantText("转介：2026-11-10 建议转介到 晴川市精神卫生中心，等待反馈")
	d.WantText("危机：2026-11-20 发现，尚未结束")
	d.WantText("知情同意：最近一份 2026-09-05，监护人已签字（共 1 份）")
	for _, row := range []string{"2026-11-20  危机事件", "2026-11-10  转介", "2026-11-03  个案", "2026-11-02  重点学生"} {
		if d.countButtons(row, "") != 1 {
			d.Fatalf("the timeline has no row %q", row)
		}
	}
	d.WantNoText("删除学生")
	if d.maybeButton("删除学生") != nil {
		d.Fatalf("删除学生 is on the file view")
	}
	// The timeline opens the record itself.
	d.tapPrefix("2026-11-20  危机事件", "")
	if e := d.Field("事实经过"); entryText(e) != "手臂有划痕" {
		d.Fatalf("the crisis form shows %q", entryText(e))
	}
	// Editing is behind 编辑, and delete sits at its foot and asks.
	d.a.OpenStudent(d.stu.ID)
	d.Tap("编辑")
	d.Tap("删除学生")
	d.WantText("确定删除学生")
	d.Tap("否")
	d.Tap("返回档案")
	d.WantText("全部记录（新的在前）")
}

func TestRestoreOnANewComputerListsTheBackupsConfirmsAndKeepsTheDemoBadge(t *testing.T) {
	ctx := context.Background()
	stick := t.TempDir()
	// The old computer: a demo school, backed up twice.
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	old := testServices()
	// The demo's published passphrase is one the policy refuses for a real
	// vault: the demo is made the demo's way.
	demoDir := filepath.Join(t.TempDir(), "demo")
	pass, err := old.CreateDemo(ctx, demoDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.Unlock(ctx, demoDir, pass); err != nil {
		t.Fatal(err)
	}
	if err := old.SaveSchool(ctx, ui.School{Name: "演示学校", Stage: "junior"}); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := old.reports().BackupNow(ctx, stick, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := old.Lock(ctx); err != nil {
		t.Fatal(err)
	}

	// The new computer: nothing yet.
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	s := testServices()
	t.Cleanup(func() { _ = s.Lock(context.Background()) })
	app := test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	win.Resize(fyne.NewSize(1366, 1000))
	deps := s.deps()
	deps.Go = func(f func()) { f() }
	deps.PickFolder = func(f func(string)) { f(stick) }
	a := ui.New(app, win, deps)
	a.Start()
	d := uitest.New(t, win)
	d.Tap("从备份恢复")
	d.WantText("在所选文件夹中找到 2 个备份")
	if n := strings.Count(d.Texts(), "✓ 已校验"); n < 2 {
		d.Fatalf("got %d verified backups listed, want 2", n)
	}
	var list *widget.List
	for _, o := range d.Dialog() {
		if l, ok := o.(*widget.List); ok {
			list = l
		}
	}
	if list == nil {
		d.Fatalf("no list of backups")
	}
	list.Select(0)
	// The record counts are inside the backup: the passphrase of its
	// time opens it in memory, and a wrong one opens nothing.
	d.Fill("备份时的密码（按回车查看）", "not the passphrase of the time")
	d.Tap("查看备份内容")
	d.WantText("密码不对")
	d.Fill("备份时的密码（按回车查看）", s.DemoPassphrase())
	d.Tap("查看备份内容")
	d.WantText("将把")
	d.WantText("次保存）恢复为这台电脑上的档案库") // the newest, by its save number
	if !regexp.MustCompile(`学生：[1-9][0-9]*\n`).MatchString(d.Texts()) {
		d.Fatalf("the confirmation does not count the students")
	}
	d.Tap("取消") // nothing is restored without the confirmation
	if s.Exists(s.DefaultDir()) {
		t.Fatal("a vault was laid out before the confirmation")
	}
	list.Select(0)
	d.Fill("备份时的密码（按回车查看）", s.DemoPassphrase())
	d.Tap("查看备份内容")
	d.Tap("恢复")
	// Opened with the passphrase just given, the demo badge kept; locked,
	// the demo card offers its passphrase again; nothing to repair.
	d.WantText("活动与日志")
	d.WantText("演示数据")
	d.WantNoText("已用完好的副本修复")
	d.Tap("锁定（Ctrl+L）")
	d.WantText("演示密码：" + s.DemoPassphrase())
	d.Tap("填入演示密码并解锁")
	d.WantText("活动与日志")
}

func TestTheWizardSaysTheStrengthOnceAndDropsTheRefusalForAStrongPassphrase(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	s := testServices()
	t.Cleanup(func() { _ = s.Lock(context.Background()) })
	app := test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	win.Resize(fyne.NewSize(1366, 1000))
	deps := s.deps()
	deps.Go = func(f func()) { f() }
	a := ui.New(app, win, deps)
	a.Start()
	d := uitest.New(t, win)
	d.Tap("新建加密档案库")
	d.Tap("下一步")
	d.Tap("我要自己设置密码")
	d.Fill("新密码", "short", "再输入一次", "short")
	d.Tap("创建档案库")
	d.WantText("这个密码太容易被猜到")
	uitest.TypeInto(d.Input("新密码"), realPass)
	d.WantNoText("这个密码太容易被猜到")
	d.WantText("强度：强")
	if strings.Contains(d.Texts(), "（强度：") {
		d.Fatalf("the strength line is said twice")
	}
}

func TestUnlockShowsTheSheetReasonAndReachesTheDemoSchool(t *testing.T) {
	ctx := context.Background()
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	s := testServices()
	sh, err := s.Create(ctx, s.DefaultDir(), realPass)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Lock(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Lock(context.Background()) })
	app := test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	win.Resize(fyne.NewSize(1366, 1000))
	deps := s.deps()
	deps.Go = func(f func()) { f() }
	a := ui.New(app, win, deps)
	a.Start()
	d := uitest.New(t, win)
	d.Tap("使用恢复密钥")
	groups := append([]string(nil), sh.Groups...)
	groups[2] = groups[2][:4] // one character left out
	d.Fill("恢复密钥单上的全部分组", strings.Join(groups, " "))
	d.Tap("解锁")
	d.WantText("恢复密钥第 3 组有误：")
	d.WantText("少了一个字符")
	d.Tap("返回输入密码")

	d.Tap("试用演示学校（不影响正式档案库）")
	d.WantText("演示数据")
	d.Tap("退出演示")
	d.WantText("试用演示学校")
}

func TestTheAppearanceSettingIsAppliedAndRemembered(t *testing.T) {
	d := openDesk(t)
	d.Nav("设置")
	d.Tab("自动锁定、语言与外观")
	d.Select("跟随系统", "深色")
	d.Select("标准", "较大")
	th := fyne.CurrentApp().Settings().Theme()
	dark := theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantDark)
	if got := th.Color(theme.ColorNameBackground, theme.VariantLight); got != dark {
		t.Fatalf("got background %v under the light system variant, want the dark %v", got, dark)
	}
	if got, want := th.Size(theme.SizeNameText), theme.DefaultTheme().Size(theme.SizeNameText)*1.15; got < want-0.01 || got > want+0.01 {
		t.Fatalf("got text size %v, want %v", got, want)
	}
	p := fyne.CurrentApp().Preferences()
	if p.String("ui.appearance") != "dark" || p.Float("ui.text_scale") != 1.15 {
		t.Fatalf("the appearance was not remembered: %q %v", p.String("ui.appearance"), p.Float("ui.text_scale"))
	}
	// Back to the system's colours.
	d.Select("深色", "跟随系统")
	light := theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantLight)
	if got := fyne.CurrentApp().Settings().Theme().Color(theme.ColorNameBackground, theme.VariantLight); got != light {
		t.Fatalf("got background %v after 跟随系统, want the system's light %v", got, light)
	}
}

func TestASessionBeingTypedSurvivesTheLock(t *testing.T) {
	d := openDeskWith(t, seedFile(t))
	d.Nav("个案")
	d.Lists()[1].Select(0)
	d.Tab("个别辅导记录")
	d.Tap("新增辅导记录")
	d.typeIn("表现与观察", "情绪平稳，愿意交流")
	d.Tap("锁定（Ctrl+L）")
	d.unlock()
	d.WantText("已恢复锁定前未保存的内容")
	if got := entryText(d.Field("表现与观察")); got != "情绪平稳，愿意交流" {
		d.Fatalf("after the lock the session's 表现与观察 reads %q", got)
	}
}

func TestTheOpenWorkbenchAndStudentListShowASaveMadeElsewhere(t *testing.T) {
	d := openDesk(t)
	d.WantText("没有未结束的危机事件")
	c := &casework.Crisis{StudentID: d.stu.ID, DiscoveredOn: "2026-11-29", RiskType: casework.RiskTypeSelfHarm,
		Level: casework.LevelRed, Description: "手臂有划痕"}
	if err := d.s.deps().Cases.SaveRecord(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	d.WantText("林小雨  八(2)班  2026-11-29")
	d.WantNoText("没有未结束的危机事件")

	d.Nav("学生")
	d.WantText("1 名学生")
	if _, err := d.s.students().SaveStudent(context.Background(), synthStudent("周一鸣", "七年级", "七(1)班")); err != nil {
		t.Fatal(err)
	}
	d.WantText("2 名学生")
}
