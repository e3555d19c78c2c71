package desktop

import (
	"bytes"
	"context"
	"reflect"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
	"xinqing/internal/interchange"
	"xinqing/internal/returns"
	"xinqing/internal/store"
	"xinqing/internal/ui"
	"xinqing/internal/ui/uitest"
)

// groupsClock is the app's clock during the scripted month.
type groupsClock struct{ now time.Time }

func (c groupsClock) Now() time.Time { return c.now }
func (c groupsClock) AfterFunc(time.Duration, func()) ui.Timer {
	return time.NewTimer(time.Hour) // the idle lock never fires in the test
}

func TestAMonthTypedIntoTheGroupsScreensGivesTheFiguresOfTheSameRecordsImported(t *testing.T) {
	if testing.Short() {
		t.Skip("drives the whole app")
	}
	ctx := context.Background()
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	s, _, st := groupsVault(t)
	dir := s.DefaultDir()
	// groupsVault made its vault elsewhere; move the records into the
	// default folder by making the default vault the one in use.
	_ = s.Lock(ctx)
	if _, err := s.Create(ctx, dir, realPass); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSchool(ctx, ui.School{Name: "晴川实验中学", Stage: "junior", StudentCount: 6, ClassCount: 3}); err != nil {
		t.Fatal(err)
	}
	ws, _ := s.workspace()
	for _, x := range st {
		x.ID = ""
		if err := ws.Store().Create(x); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Lock(ctx); err != nil {
		t.Fatal(err)
	}

	app := test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	win.Resize(fyne.NewSize(1400, 2000))
	deps := s.deps()
	deps.Go = func(f func()) { f() }
	deps.Clock = groupsClock{time.Date(2026, 11, 30, 10, 0, 0, 0, time.Local)}
	a := ui.New(app, win, deps)
	a.Start()
	d := uitest.New(t, win)
	d.Fill("密码（按回车解锁）", realPass)
	d.Tap("解锁")
	d.WantText("活动与日志")

	// 活动与日志: activities, duty days, visits, mailbox, screening, notes.
	d.Nav("活动与日志")
	for _, x := range []struct{ kind, date, title, lessons, participants string }{
		{"心理健康课", "2026-11-03", "认识情绪", "1", "45"},
		{"心理健康课", "2026-11-10", "压力与我", "2", "90"},
		{"主题班团队会", "2026-11-14", "感恩班会", "0", "40"},
		{"专题活动", "2026-11-20", "心理游园会", "0", "300"},
		{"家长学校/讲座", "2026-11-21", "亲子沟通", "0", "80"},
		{"心理委员培训", "2026-11-05", "心理委员例会", "0", "3"},
	} {
		d.Tap("新增")
		d.Select("心理健康课", x.kind)
		d.Fill("YYYY-MM-DD", x.date, "主题", x.title, "课时", x.lessons, "参与人次", x.participants)
		d.Tap("保存")
		d.WantText("已保存。")
	}
	d.Tab("值班")
	for _, day := range []string{"2026-11-02", "2026-11-09", "2026-11-16", "2026-10-30"} {
		d.Tap("新增")
		d.Fill("YYYY-MM-DD", day, "开放时段", "12:10-13:00")
		d.Tap("保存")
	}
	d.Tab("来访登记")
	for _, day := range []string{"2026-11-04", "2026-11-11", "2026-12-01"} {
		d.Tap("新增")
		d.Fill("YYYY-MM-DD", day, "问题类别", "学习")
		d.Tap("保存")
	}
	d.Tab("心理信箱")
	for _, x := range [][2]string{{"2026-11-06", "3"}, {"2026-11-27", "2"}} {
		d.Tap("新增")
		d.Fill("YYYY-MM-DD", x[0], "来信数", x[1])
		d.Tap("保存")
	}
	d.Tab("测评/普查")
	d.Tap("新增")
	d.Fill("测评名称", "秋季心理普查", "测评工具", "MHT", "应测人数", "4", "实测人数", "4", "有效人数", "4",
		"初筛需关注人数", "1", "访谈确认纳入人数", "1")
	d.Inputs("YYYY-MM-DD")[1].SetText("2026-11-15") // date_to
	d.Check("已收集知情同意", 0)
	d.Tap("保存")
	d.WantText("已保存。")
	d.Tab("月报文字部分")
	d.Tap("新增")
	d.Fill("本月专职教师培训学时", "6")
	d.Inputs("本月工作亮点")[0].SetText("完成秋季普查")
	d.Inputs("存在问题与困难")[0].SetText("场地紧张")
	d.Inputs("下月工作计划")[0].SetText("开展期末减压")
	d.Tap("保存")
	d.WantText("已保存。")

	// 团体辅导: one class session with its process, one committee training.
	d.Nav("团体辅导")
	d.Tap("新增")
	d.Fill("主题", "情绪管理", "YYYY-MM-DD", "2026-11-12", "带领者", "王老师", "参加人数", "2")
	d.Tap("添加环节")
	d.Fill("环节", "热身", "分钟", "5")
	d.Tap("保存")
	d.WantText("已保存。")
	d.Tap("新增")
	d.Select("班级团辅", "心理委员培训")
	d.Fill("主题", "心理委员培训", "YYYY-MM-DD", "2026-11-19", "带领者", "王老师", "参加人数", "3")
	d.Tap("保存")
	d.WantText("已保存。")

	// 心理委员: appoint in 七(1)班 and 七(2)班; the second leaves on 11-20.
	d.Nav("心理委员")
	for _, row := range []int{0, 1} {
		d.Lists()[1].Select(row)
		d.Tap("任命心理委员")
		d.Lists()[1].Select(0)
		d.Fill("YYYY-MM-DD", "2026-09-01")
		d.Tap("保存")
	}
	d.WantText("已设心理委员 2 个班")
	d.Lists()[1].Select(1) // 七(2)班's member
	d.Tap("编辑 / 卸任 / 培训")
	d.Inputs("YYYY-MM-DD")[1].SetText("2026-11-20")
	d.Tap("保存")
	d.WantText("已设心理委员 1 个班")

	// 班级周报: the week of 11-02 for every class, and one class on 11-30.
	d.Tab("班级周报")
	goTo := d.Inputs("跳到日期 YYYY-MM-DD")[0]
	test.Type(goTo, "2026-11-04")
	goTo.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	d.WantText("2026-11-02（周一）至 2026-11-08")
	concerns := d.Inputs("0")
	for i, n := range []string{"1", "2", "0"} {
		concerns[i].SetText(n)
	}
	d.Check("需介入", 1)
	d.Tap("保存本周")
	d.WantText("已保存 3 个班的周报")
	d.Tap("下一周")
	d.Tap("下一周")
	d.Tap("下一周")
	d.Tap("下一周")
	d.WantText("2026-11-30（周一）至 2026-12-06")
	d.Inputs("0")[0].SetText("4")
	d.Tap("保存本周")
	d.WantText("已保存 1 个班的周报")

	// The figures of what was typed equal those of the same records imported.
	if err := s.Lock(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Unlock(ctx, dir, realPass); err != nil {
		t.Fatal(err)
	}
	ws, _ = s.workspace()
	month := casework.Month("2026-11")
	dsA, err := returns.Load(ws.Store())
	if err != nil {
		t.Fatal(err)
	}
	figA, err := figures.Compute(dsA, month.Period(), figures.MonthsOf(month.Period()))
	if err != nil {
		t.Fatal(err)
	}
	other := groupsImportedCopy(t, ws.Store())
	dsB, err := returns.Load(other)
	if err != nil {
		t.Fatal(err)
	}
	figB, err := figures.Compute(dsB, month.Period(), figures.MonthsOf(month.Period()))
	if err != nil {
		t.Fatal(err)
	}
	got, imported := figureMap(t, figA), figureMap(t, figB)
	want := map[string]any{
		"B4": 6.0, "C2": 3.0, "C3": 2.0, "C4": 5.0, "D1": 3.0, "D2": 1.0, "D3": 1.0,
		"E1": map[string]any{"expected": 4.0, "tested": 4.0, "valid": 4.0, "flagged": 1.0, "confirmed": 1.0},
		"H1": 2.0, "H2": 5.0, "K1": map[string]any{"sessions": 1.0, "participants": 80.0},
		"L1": map[string]any{"classes_with_member": 1.0, "class_count": 3.0}, "L2": 1.0, "L3": 2.0,
		"L4": map[string]any{"reports": 4.0, "concerns": 7.0},
		"M1": "完成秋季普查", "M2": "场地紧张", "M3": "开展期末减压",
	}
	for _, code := range groupCodes {
		if !reflect.DeepEqual(got[code], imported[code]) {
			t.Errorf("%s: got %v typed into the screens, %v imported", code, got[code], imported[code])
		}
		if !reflect.DeepEqual(got[code], want[code]) {
			t.Errorf("%s: got %v, want %v", code, got[code], want[code])
		}
	}
}

// groupsImportedCopy exports the records of st as the interchange JSON and
// imports them into a new store.
func groupsImportedCopy(t *testing.T, st *store.Store) *store.Store {
	t.Helper()
	var buf bytes.Buffer
	if err := interchange.Export(&buf, st, time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	other, err := store.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	if _, err := interchange.Import(&buf, interchange.Adapt[*store.Tx](other), interchange.Options{}); err != nil {
		t.Fatal(err)
	}
	return other
}
