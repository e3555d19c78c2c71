package ui

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
	"xinqing/internal/ui/uitest"
)

// selectTab selects the i-th tab of the screen's tabs.
func selectTab(t *testing.T, h *harness, i int) {
	t.Helper()
	for _, o := range h.Visible() {
		if tabs, ok := o.(*container.AppTabs); ok {
			tabs.SelectIndex(i)
			return
		}
	}
	t.Fatal("no tabs on the screen")
}

// openMonth shows the reports screen at October 2026 (the clock is in
// November, so it is the second month offered).
func openMonth(t *testing.T) (*harness, *FakeReports, *reportsScreen) {
	t.Helper()
	h, f := newReportsHarness(t)
	r := newReports(h.ui).(*reportsScreen)
	h.repShow(r)
	r.monthSel.SetSelectedIndex(1)
	if r.month != "2026-10" {
		t.Fatalf("got month %q, want 2026-10", r.month)
	}
	return h, f, r
}

func TestTheMonthlyReturnShowsTheFiguresBySectionWithTheirRecords(t *testing.T) {
	h, _, _ := openMonth(t)
	h.WantText("G  个别心理辅导")
	h.WantText("G1  个别辅导人次")
	h.WantText("14")
	h.WantText("本月尚未报送")
	var drill *widget.Button
	for _, o := range h.Visible() {
		if b, ok := o.(*widget.Button); ok && b.Text == "查看记录" && b.Visible() {
			drill = b
			break
		}
	}
	if drill == nil {
		t.Fatalf("no drill button; the screen shows:\n%s", h.Texts())
	}
	test.Tap(drill)
	h.WantText("张小明（七年级1班）")
	h.WantText("个别辅导人次：2 条记录")
}

func TestGeneratingThenFreezingTheReturnAndSeeingWhatChangedSince(t *testing.T) {
	h, f, r := openMonth(t)
	if !r.frzBtn.Disabled() {
		t.Fatal("标记为已报送 is enabled before the PDF is generated")
	}
	dir := t.TempDir()
	r.withJSON.SetChecked(true)
	r.withXLSX.SetChecked(true)
	r.generateTo(filepath.Join(dir, "月报2026-10.pdf"))
	for _, name := range []string{"月报2026-10.pdf", "月报2026-10.json", "月报2026-10.xlsx"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Fatalf("got %v for %s, want it written", err, name)
		}
	}
	h.WantText("月报已保存到")
	h.Tap("关闭")
	if r.frzBtn.Disabled() {
		t.Fatal("标记为已报送 stays disabled after generating")
	}
	h.Tap("标记为已报送")
	h.Tap("是")
	if len(f.frozen) != 1 || f.frozen[0].Month != "2026-10" {
		t.Fatalf("got frozen %+v, want October frozen", f.frozen)
	}
	h.WantText("已于 2026-11-03 10:00 报送")

	// Notes saved after the freeze change B4.
	uitest.TypeInto(r.hours, "6")
	uitest.TypeInto(r.highlights, "开展了心理健康月活动")
	h.Tap("保存文字部分")
	if got := f.notes["2026-10"]; got.TrainingHours != 6 || got.Highlights != "开展了心理健康月活动" {
		t.Fatalf("got notes %+v, want the typed ones", got)
	}
	h.WantText("以下项目有变化：B4")

	r.loadFrozen()
	if len(r.frozen) != 1 {
		t.Fatalf("got %d frozen returns listed, want 1", len(r.frozen))
	}
	out := filepath.Join(dir, "重印.pdf")
	r.reprintTo(r.frozen[0].ID, out)
	if _, err := os.Stat(out); err != nil {
		t.Fatalf("got %v, want the reprint written", err)
	}
}

func TestBadTrainingHoursAreExplainedAndNothingIsSaved(t *testing.T) {
	h, f, r := openMonth(t)
	uitest.TypeInto(r.highlights, "亮点")
	uitest.TypeInto(r.hours, "十二")
	h.Tap("保存文字部分")
	if r.hoursErr.Text != "请填写 0 到 1000 之间的数字" {
		t.Fatalf("got hours message %q, want the range", r.hoursErr.Text)
	}
	if _, ok := f.notes["2026-10"]; ok {
		t.Fatal("notes were saved with bad hours")
	}
	if r.highlights.Text != "亮点" {
		t.Fatalf("got highlights %q, want the typed text kept", r.highlights.Text)
	}
}

func TestSwitchingMonthWithUnsavedNotesAsksFirst(t *testing.T) {
	h, _, r := openMonth(t)
	uitest.TypeInto(r.problems, "缺少团辅场地")
	r.monthSel.SetSelectedIndex(2)
	h.WantText("本月的文字部分有未保存的修改")
	h.Tap("否")
	if r.month != "2026-10" || r.problems.Text != "缺少团辅场地" {
		t.Fatalf("got month %s and text %q, want October kept with the typed text", r.month, r.problems.Text)
	}
	r.monthSel.SetSelectedIndex(2)
	h.Tap("是")
	if r.month != "2026-09" {
		t.Fatalf("got month %s, want September after confirming", r.month)
	}
}

func TestTheNamedKeyStudentListNeedsPurposeAndRecipient(t *testing.T) {
	h, f, r := openMonth(t)
	r.onKeyList()
	h.WantText("名单含学生姓名")
	h.Tap("选择保存位置…")
	h.WantText("必填")
	if len(f.keyList) != 0 {
		t.Fatal("the list was printed without a purpose")
	}
	pErr, rErr := errorText(), errorText()
	if repKeyListFilled("期末家访", "", pErr, rErr) || rErr.Text != "必填" || pErr.Text != "" {
		t.Fatalf("got messages %q / %q, want the recipient required", pErr.Text, rErr.Text)
	}
	path := filepath.Join(t.TempDir(), "名单.pdf")
	r.keyListTo("期末家访", "德育处", path)
	if len(f.keyList) != 1 || f.keyList[0] != [2]string{"期末家访", "德育处"} {
		t.Fatalf("got %v, want the purpose and recipient passed", f.keyList)
	}
}

func TestTermStatisticsTakeTheTermsDatesAndCheckTypedOnes(t *testing.T) {
	h, _, _ := openMonth(t)
	from, to := newEntry(h.ui.act), newEntry(h.ui.act)
	fe, te := errorText(), errorText()
	for _, c := range []struct {
		from, to string
		ok       bool
		msg      string
	}{
		{"2026-09-01", "2027-01-20", true, ""},
		{"2026-9-1", "2027/1/20", true, ""},
		{"2026.9.1", "2027年1月20日", true, ""},
		{"20260901", " 2027-1-20 ", true, ""},
		{"2026-13-01", "2027-01-20", false, "请填写日期，如 2026-09-01、2026/9/1 或 2026年9月1日"},
		{"", "2027-01-20", false, "请填写日期，如 2026-09-01、2026/9/1 或 2026年9月1日"},
		{"2027-02-01", "2027-01-20", false, "结束日期不能早于开始日期"},
	} {
		from.SetText(c.from)
		to.SetText(c.to)
		p, ok := repReadPeriod(from, to, fe, te)
		if ok != c.ok || (!ok && fe.Text != c.msg && te.Text != c.msg) {
			t.Errorf("%s–%s: got ok=%v messages %q/%q, want %v %q", c.from, c.to, ok, fe.Text, te.Text, c.ok, c.msg)
		}
		if ok && (p != casework.Period{From: "2026-09-01", To: "2027-01-20"} || from.Text != "2026-09-01" || to.Text != "2027-01-20") {
			t.Errorf("%s–%s: got %v, entries %q %q, want the canonical dates read and shown", c.from, c.to, p, from.Text, to.Text)
		}
	}
}

func TestSelfCheckShowsStatusColoursAndOpensTheRecords(t *testing.T) {
	h, f := newReportsHarness(t)
	r := newReports(h.ui).(*reportsScreen)
	h.repShow(r)
	selectTab(t, h, 2)
	if n := f.selfCheckCount(); n != 0 {
		t.Fatalf("the self-check ran %d times before its tab was opened: it reads every record", n)
	}
	selectTab(t, h, 3)
	if n := f.selfCheckCount(); n != 1 {
		t.Fatalf("the self-check ran %d times when its tab opened, want once", n)
	}
	sc := r.sc
	if sc.termSel.SelectedIndex() != 0 {
		t.Fatalf("got term %d selected, want the running one", sc.termSel.SelectedIndex())
	}
	h.WantText("达标 1 项，需改进 1 项，未开展 1 项")
	want := map[string]widget.Importance{"达标": widget.SuccessImportance, "需改进": widget.WarningImportance, "未开展": widget.DangerImportance}
	seen := map[string]bool{}
	for _, o := range h.Visible() {
		if l, ok := o.(*widget.Label); ok {
			if imp, ok := want[l.Text]; ok {
				seen[l.Text] = true
				if l.Importance != imp {
					t.Errorf("status %s: got importance %v, want %v", l.Text, l.Importance, imp)
				}
			}
		}
	}
	if len(seen) != 3 {
		t.Fatalf("got statuses %v shown, want all three", seen)
	}
	sc.showItem(sc.result.Items[1])
	h.WantText("团体辅导 1 场，少于标准 2 场")
	h.Tap("1 条记录")
	h.WantText("团体辅导 g1")

	dir := t.TempDir()
	sc.exportTo("2026-2027学年第一学期", filepath.Join(dir, "自查.pdf"), filepath.Join(dir, "自查.json"))
	for _, n := range []string{"自查.pdf", "自查.json"} {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Fatalf("got %v for %s", err, n)
		}
	}
}

func TestTheNormsAndChecklistEditorsCheckWhatIsTyped(t *testing.T) {
	h, f := newReportsHarness(t)
	r := newReports(h.ui).(*reportsScreen)
	h.repShow(r)
	fields := normFields()
	entries := make([]*entry, len(fields))
	errs := make([]*widget.Label, len(fields))
	for i := range fields {
		entries[i], errs[i] = newEntry(h.ui.act), errorText()
		entries[i].SetText("3")
	}
	entries[0].SetText("-1")
	entries[3].SetText("2.5") // terms per year is whole
	n, ok := readNorms(casework.DefaultSelfCheckNorms(), fields, entries, errs)
	if ok || errs[0].Text == "" || errs[3].Text == "" || errs[2].Text != "" {
		t.Fatalf("got ok=%v messages %q %q %q, want the negative and the fraction refused", ok, errs[0].Text, errs[3].Text, errs[2].Text)
	}
	entries[0].SetText("600")
	entries[3].SetText("2")
	entries[2].SetText("36.5")
	n, ok = readNorms(casework.DefaultSelfCheckNorms(), fields, entries, errs)
	if !ok || n.StudentsPerCounselor != 600 || n.TrainingHoursPerYear != 36.5 || n.TermsPerYear != 2 {
		t.Fatalf("got %+v ok=%v, want the typed norms", n, ok)
	}

	r.sc.showChecklistEditor(f.sc)
	before := len(f.sc.Checklist)
	h.Tap("添加一项")
	h.Tap("保存")
	h.WantText("请先改正标红的项目。")
	if len(f.sc.Checklist) != before {
		t.Fatal("a checklist with an unnamed entry was saved")
	}
	// The new entry's label and evidence are the last two empty entries.
	var empty []*entry
	for _, o := range h.Visible() {
		if e, ok := o.(*entry); ok && e.Text == "" && e.PlaceHolder == "" && !e.MultiLine {
			empty = append(empty, e)
		}
	}
	if len(empty) < 2 {
		t.Fatal("no empty label entry for the new checklist entry")
	}
	uitest.TypeInto(empty[len(empty)-2], "一次家长课堂")
	h.Tap("保存")
	if len(f.sc.Checklist) != before+1 || f.sc.Checklist[before].Label != "一次家长课堂" {
		t.Fatalf("got %d entries, want the new one saved after its label was typed", len(f.sc.Checklist))
	}
	rows := []*checklistRow{{item: casework.ChecklistItem{ID: "custom-1"}, label: newEntry(h.ui.act), evidence: newEntry(h.ui.act),
		links: newEntry(h.ui.act), done: widget.NewCheck("", nil), err: errorText()}}
	rows[0].label.SetText("一次家长课堂")
	rows[0].links.SetText("group，courses.lessons")
	rows[0].done.SetChecked(true)
	items, ok := checklistFromRows(rows)
	if !ok || items[0].Label != "一次家长课堂" || !slices.Equal(items[0].Links, []string{"group", "courses.lessons"}) || !items[0].Done {
		t.Fatalf("got %+v ok=%v, want the typed entry with two links", items, ok)
	}
}

func TestTheRunningTermIsPickedFirst(t *testing.T) {
	ts := []casework.Term{
		{Name: "上学年第二学期", Start: "2026-02-24", End: "2026-07-05"},
		{Name: "本学年第一学期", Start: "2026-09-01", End: "2027-01-20"},
		{Name: "本学年第二学期", Start: "2027-02-24", End: "2027-07-05"},
	}
	for _, c := range []struct {
		today casework.Date
		want  int
	}{{"2026-11-28", 1}, {"2026-08-01", 0}, {"2025-01-01", -1}, {"2027-08-01", 2}} {
		if got := currentTerm(ts, c.today); got != c.want {
			t.Errorf("on %s: got term %d, want %d", c.today, got, c.want)
		}
	}
}

func TestTheTermTabStartsAtTheRunningTerm(t *testing.T) {
	h, _ := newReportsHarness(t)
	r := newReports(h.ui).(*reportsScreen)
	h.repShow(r)
	selectTab(t, h, 2)
	var texts []string
	for _, o := range h.Visible() {
		if e, ok := o.(*entry); ok {
			texts = append(texts, e.Text)
		}
	}
	if !slices.Contains(texts, "2026-09-01") || !slices.Contains(texts, "2027-01-20") || !slices.Contains(texts, "2026-2027学年第一学期") {
		t.Fatalf("got entries %q, want the running term's dates and name", texts)
	}
}

func TestTheDocumentRegisterKeepsTitledDocumentsAndChecksDates(t *testing.T) {
	h, f := newReportsHarness(t)
	r := newReports(h.ui).(*reportsScreen)
	h.repShow(r)
	r.sc.showDocumentsEditor(f.sc, false)
	var titles, dates []*entry
	for _, o := range h.Visible() {
		if e, ok := o.(*entry); ok {
			switch e.PlaceHolder {
			case "文件标题":
				titles = append(titles, e)
			case "2026-09-01":
				dates = append(dates, e)
			}
		}
	}
	if len(titles) != 4 || len(dates) != 4 {
		t.Fatalf("got %d titles and %d dates, want one row per kind of document", len(titles), len(dates))
	}
	uitest.TypeInto(titles[0], "关于成立心理健康教育工作领导小组的通知")
	uitest.TypeInto(dates[0], "2026-9-1")
	h.Tap("保存")
	h.WantText("请按 2026-09-01 的格式填写日期")
	if len(f.sc.Documents) != 0 {
		t.Fatal("a document with a bad date was saved")
	}
	for _, o := range h.Visible() {
		if e, ok := o.(*entry); ok && e.Text == "2026-9-1" {
			uitest.TypeInto(e, "2026-09-01")
		}
	}
	h.Tap("保存")
	if len(f.sc.Documents) != 1 || f.sc.Documents[0].Kind != casework.AllDocumentKinds()[0] || f.sc.Documents[0].IssuedOn != "2026-09-01" {
		t.Fatalf("got documents %+v, want the one titled", f.sc.Documents)
	}
}

func TestTheNormsEditorOpensWithTheSavedNormsAndSavesWhatIsTyped(t *testing.T) {
	h, f := newReportsHarness(t)
	f.sc.Norms.StudentsPerCounselor = 777
	r := newReports(h.ui).(*reportsScreen)
	h.repShow(r)
	selectTab(t, h, 3)
	h.Tap("自查标准")
	var typed bool
	for _, o := range h.Visible() {
		if e, ok := o.(*entry); ok && e.Text == "777" {
			uitest.TypeInto(e, "650")
			typed = true
		}
	}
	if !typed {
		t.Fatal("the norms editor does not show the saved norm")
	}
	h.Tap("保存")
	f.mu.Lock()
	got := f.sc.Norms.StudentsPerCounselor
	f.mu.Unlock()
	if got != 650 {
		t.Fatalf("got %v saved, want the typed 650", got)
	}
}

// The term tab's dates are typed as people write them, with a calendar
// beside each, and the statistics cover the dates read.
func TestTermStatisticsTakeDatesAsTyped(t *testing.T) {
	h, _ := newReportsHarness(t)
	var saved string
	h.ui.d.PickSave = func(name string, f func(string)) {
		saved = name
		f(filepath.Join(t.TempDir(), name))
	}
	r := newReports(h.ui).(*reportsScreen)
	h.repShow(r)
	selectTab(t, h, 2)
	var dates []*entry
	for _, o := range h.Visible() {
		if e, ok := o.(*entry); ok && e.dateButton != nil {
			dates = append(dates, e)
		}
	}
	if len(dates) != 2 {
		t.Fatalf("got %d date fields with a calendar, want from and to", len(dates))
	}
	uitest.TypeInto(dates[0], "2026/9/1")
	uitest.TypeInto(dates[1], "2027年1月20日")
	h.Tap("生成统计 PDF…")
	if saved != "工作统计2026-09-01至2027-01-20.pdf" || dates[0].Text != "2026-09-01" || dates[1].Text != "2027-01-20" {
		t.Fatalf("saved %q, entries %q %q", saved, dates[0].Text, dates[1].Text)
	}
}
