package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/casework"
	"xinqing/internal/ui/uitest"
)

// resultsHarness is the shell at 1024×600 over the groups, cases and
// results fakes: two students, a screening without collected consent.
func resultsHarness(t *testing.T) (*harness, *FakeResults, *FakeCases, string, []*casework.Student) {
	t.Helper()
	fg := NewFakeGroups()
	s1 := fg.AddStudent("林一", "七年级", "七(2)班")
	s2 := fg.AddStudent("林二", "七年级", "七(1)班")
	fc := NewFakeCases(*s1, *s2)
	fr := NewFakeResults(fg, fc, nil)
	sc := &casework.Screening{Name: "秋季普查", Instrument: "PHQ-9", DateTo: "2026-11-20"}
	fg.put(sc)
	id := fg.all(casework.KindScreening)[0].Base().ID
	dir := t.TempDir()
	h := screenHarness(t, time.Date(2026, 11, 28, 9, 0, 0, 0, time.Local), fyne.NewSize(1024, 600), func(d *Deps) {
		d.Groups, d.Cases, d.Results = fg, fc, fr
		d.PickSave = func(name string, f func(string)) { f(filepath.Join(dir, name)) }
	})
	h.ui.shell = newShell(h.ui, 0)
	h.ui.setContent(h.ui.shell.view())
	return h, fr, fc, id, []*casework.Student{s1, s2}
}

// radios are the visible option groups of the paper sheet.
func radios(h *harness) []*widget.RadioGroup {
	var out []*widget.RadioGroup
	for _, o := range h.Visible() {
		if r, ok := o.(*widget.RadioGroup); ok {
			out = append(out, r)
		}
	}
	return out
}

// tapInDialog taps the button labelled text of the open dialog.
func tapInDialog(h *harness, text string) {
	h.t.Helper()
	for _, o := range h.Dialog() {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			test.Tap(b)
			return
		}
	}
	h.t.Fatalf("the dialog has no button %q:\n%s", text, uitest.Texts(h.Dialog()))
}

func answerSheet(h *harness, answers ...int) {
	h.t.Helper()
	rs := radios(h)
	if len(rs) != len(answers) {
		h.t.Fatalf("got %d items on the sheet, want %d", len(rs), len(answers))
	}
	for i, a := range answers {
		if a >= 0 {
			rs[i].SetSelected(rs[i].Options[a])
		}
	}
}

func fitsSmallScreen(t *testing.T, sc Screen) {
	t.Helper()
	// The content beside the navigation of a 1024×600 window.
	if m := sc.Content().MinSize(); m.Width > 820 || m.Height > 520 {
		t.Errorf("the screen needs %v, more than fits beside the navigation at 1024×600", m)
	}
}

func TestAPaperSheetIsScoredLiveAndSavedOntoTheWorkList(t *testing.T) {
	h, fr, _, id, _ := resultsHarness(t)
	paper := newResultsPaperScreen(h.ui, id)
	h.ui.showSubScreen(paper)
	fitsSmallScreen(t, paper)
	h.WantText("仅供参考，不作为诊断依据")
	h.WantText("纸质录入：秋季普查")
	if paper.pick.Selected != "PHQ-9" {
		t.Fatalf("got instrument %q, want the screening's PHQ-9", paper.pick.Selected)
	}
	h.WantText("第9题")
	// No item text: only numbers.
	uitest.TypeInto(h.entry("姓名、拼音或学号"), "林一")
	answerSheet(h, 0, 1, 0, 0, 1, 0, 0, 0, -1)
	h.WantText("总分 2（已答 8/9 题，划界分 10）")
	h.Tap("保存")
	h.WantText("第9题未作答")
	// Typed in a row instead: a score no item offers is refused naming the item.
	uitest.TypeInto(h.entry("或连续输入各题分值，如 010010001"), "0104")
	h.WantText("第4题没有答案“4”（可选：0、1、2、3）。")
	h.entry("或连续输入各题分值，如 010010001").SetText("010010001")
	h.WantText("总分 3（已答 9/9 题，划界分 10）  需关注：第9题非零")
	h.Tap("保存")
	h.WantText("已保存林一：总分 3，需关注（PHQ-9 第9题非零），已列入排查名单。")
	if paper.student != nil || radios(h)[8].Selected != "" {
		t.Fatal("the sheet is not cleared for the next student")
	}
	// GAD-7, below the cut-off: saved, not flagged.
	h.Select("PHQ-9", "GAD-7")
	uitest.TypeInto(h.entry("姓名、拼音或学号"), "林二")
	answerSheet(h, 3, 3, 2, 1, 0, 0, 0)
	h.WantText("总分 9（已答 7/7 题，划界分 10）  未达需关注标准")
	h.Tap("保存")
	h.WantText("已保存林二：总分 9，未达需关注标准。")
	if len(fr.results) != 2 || !fr.results[0].Flagged || fr.results[1].Flagged {
		t.Fatalf("got %d results, want 林一 flagged and 林二 not", len(fr.results))
	}
	h.Tap("排查名单")
	if _, ok := h.ui.shell.current.(*resultsWorkScreen); !ok {
		t.Fatalf("got %T, want the work list", h.ui.shell.current)
	}
	h.WantText("已访谈 0 / 需访谈 1")
	h.WantNoText("林二")
}

func TestAFlaggedStudentIsInterviewedAndConfirmedIntoTheKeyStudentForm(t *testing.T) {
	h, fr, fc, id, st := resultsHarness(t)
	r := fr.AddResult(casework.ScreeningResult{ScreeningID: id, StudentID: st[0].ID, Date: "2026-11-20", RawScore: 14, Valid: true,
		Flagged: true, FlagReason: "PHQ-9 总分≥10"})
	fr.AddResult(casework.ScreeningResult{ScreeningID: id, StudentID: st[1].ID, Date: "2026-11-20", RawScore: 4, Valid: true})

	// The dashboard names the open list until every flagged student is interviewed.
	h.ui.showSubScreen(dashOnly{resultsDashCard(h.ui)})
	h.Tap("排查待访谈 0/1：秋季普查")
	work, ok := h.ui.shell.current.(*resultsWorkScreen)
	if !ok {
		t.Fatalf("got %T, want the work list", h.ui.shell.current)
	}
	fitsSmallScreen(t, work)
	for _, want := range []string{"排查名单：秋季普查", "仅供参考，不作为诊断依据", "已访谈 0 / 需访谈 1", "林一  七(2)班", "得分 14  PHQ-9 总分≥10",
		"未取得知情同意", "待安排访谈"} {
		h.WantText(want)
	}
	h.WantNoText("林二")

	h.Tap("安排访谈")
	for _, o := range h.Dialog() {
		if e, ok := o.(*entry); ok && e.PlaceHolder == "访谈日期" {
			e.SetText("2026-11-30")
		}
	}
	tapInDialog(h, "安排访谈")
	h.WantText("已安排访谈：2026-11-30")

	h.Tap("记录访谈结果")
	tapInDialog(h, "保存")
	if !strings.Contains(uitest.Texts(h.Dialog()), "请选择访谈结论。") {
		t.Fatal("an outcome left unpicked is not asked for")
	}
	for _, o := range h.Dialog() {
		if rg, ok := o.(*widget.RadioGroup); ok {
			rg.SetSelected("确认纳入")
		}
		if e, ok := o.(*entry); ok && e.PlaceHolder == "访谈记录（不打印）" {
			e.SetText("自述近两周睡眠差")
		}
	}
	tapInDialog(h, "保存")
	ks, ok := h.ui.shell.current.(*keyStudentsScreen)
	if !ok {
		t.Fatalf("got %T after 确认纳入, want the key-student form", h.ui.shell.current)
	}
	draft := ks.pane.cur.(*casework.KeyStudent)
	if draft.StudentID != st[0].ID || draft.InclusionSource != casework.InclusionSourceScreening || draft.IncludedOn != "2026-11-30" ||
		draft.InitialInterview != "自述近两周睡眠差" {
		t.Fatalf("got draft %+v, want 林一 from 测评筛查 on the interview's day", draft)
	}
	if fieldText(t, ks.pane, "initial_interview") != "自述近两周睡眠差" {
		t.Fatal("the form does not show the interview's note")
	}
	addEntry(h, ks.pane, "levels", []string{"2026-11-30", "排查访谈确认"}, []string{"三级(黄) 关注"})
	h.Tap("保存")
	h.WantText("已保存，并与测评结果关联。")
	keys := fc.all(casework.KindKeyStudent)
	if len(keys) != 1 || fr.results[0].KeyStudentID != keys[0].Base().ID || fr.results[0].ID != r.ID {
		t.Fatalf("got %d key students and result %+v, want the result linked", len(keys), fr.results[0])
	}

	h.ui.openWorkList(id)
	h.WantText("已访谈 1 / 需访谈 1")
	h.WantText("确认纳入（2026-11-30 访谈）  已纳入重点学生")
	h.WantNoText("记录访谈结果")
	if card := resultsDashCard(h.ui); card.Visible() {
		t.Fatal("the dashboard still shows a finished work list")
	}

	// The named list asks for its purpose and recipient.
	h.Tap("打印名单")
	tapInDialog(h, "选择保存位置")
	if !strings.Contains(uitest.Texts(h.Dialog()), "请填写用途和接收单位/人。") {
		t.Fatal("a list without purpose is not refused")
	}
	var ins []*entry
	for _, o := range h.Dialog() {
		if e, ok := o.(*entry); ok {
			ins = append(ins, e)
		}
	}
	ins[0].SetText("排查访谈安排")
	ins[1].SetText("德育处")
	tapInDialog(h, "选择保存位置")
	if len(fr.printed) != 1 || !strings.HasSuffix(fr.printed[0], "测评筛查需关注学生名单-秋季普查.pdf") {
		t.Fatalf("got prints %v, want the named list", fr.printed)
	}
}

func TestTheScreeningFormOffersTheWorkListAndPaperEntry(t *testing.T) {
	h, _, _, id, _ := resultsHarness(t)
	acts := newActivitiesScreen(h.ui).(*activitiesScreen)
	h.ui.showSubScreen(acts)
	h.Tab("测评/普查")
	var ed *grpEditor
	for _, tb := range acts.tabs {
		if tb.ed.kind == casework.KindScreening {
			ed = tb.ed
		}
	}
	p := ed.form(&casework.Screening{Meta: casework.Meta{ID: id}, Name: "秋季普查", DateTo: "2026-11-20"})
	var labels []string
	for _, b := range p.buttons {
		if x, ok := b.(*widget.Button); ok {
			labels = append(labels, x.Text)
		}
	}
	if !strings.Contains(strings.Join(labels, ","), "排查名单,纸质录入") {
		t.Fatalf("got buttons %v, want 排查名单 and 纸质录入", labels)
	}
	if p := ed.form(&casework.Screening{Name: "新测评"}); len(p.buttons) != 0 {
		t.Fatal("an unsaved screening offers its work list")
	}
}

// dashOnly shows one dashboard card as a screen.
type dashOnly struct{ o fyne.CanvasObject }

func (d dashOnly) Content() fyne.CanvasObject { return d.o }

func TestACutOffIsChangedAndACountyQuestionnaireAddedAsData(t *testing.T) {
	h, fr, _, id, _ := resultsHarness(t)
	paper := newResultsPaperScreen(h.ui, id)
	h.ui.showSubScreen(paper)
	setup := func() {
		t.Helper()
		for _, o := range h.Visible() {
			if b, ok := o.(*widget.Button); ok && b.Text == "" && b.Icon != nil && b.Icon.Name() == theme.SettingsIcon().Name() {
				test.Tap(b)
				return
			}
		}
		t.Fatal("no instrument settings button")
	}
	dialogEntries := func() []*entry {
		var out []*entry
		for _, o := range h.Dialog() {
			if e, ok := o.(*entry); ok {
				out = append(out, e)
			}
		}
		return out
	}
	setup()
	in := dialogEntries()
	if in[0].Text != "10" {
		t.Fatalf("got cut-off %q, want PHQ-9's default 10", in[0].Text)
	}
	in[0].SetText("15")
	tapInDialog(h, "保存")
	h.WantText("已保存量表PHQ-9，划界分 15。")
	answerSheet(h, 1, 2, 0, 3, 1, 0, 2, 1, 0)
	h.WantText("总分 10（已答 9/9 题，划界分 15）  未达需关注标准")

	setup()
	in = dialogEntries() // cut-off, name, items, cut-off, scores, flags
	in[1].SetText("县心理筛查问卷")
	in[2].SetText("5")
	in[3].SetText("6")
	in[4].SetText("0，1，2")
	in[5].SetText("6")
	tapInDialog(h, "保存")
	if !strings.Contains(uitest.Texts(h.Dialog()), "题号须为1到5之间的整数，用逗号分隔。") {
		t.Fatal("a flag item beyond the items is not refused")
	}
	in[5].SetText("")
	tapInDialog(h, "保存")
	h.WantText("已保存量表县心理筛查问卷，划界分 6。")
	if paper.pick.Selected != "县心理筛查问卷" || len(radios(h)) != 5 {
		t.Fatalf("got %q with %d items, want the county's 5 items picked", paper.pick.Selected, len(radios(h)))
	}
	answerSheet(h, 2, 2, 1, 1, 0)
	h.WantText("总分 6（已答 5/5 题，划界分 6）  需关注：总分≥6")
	list, _ := fr.Instruments(context.Background())
	if len(list) != 3 || list[0].CutOff != 15 || list[1].Name != "县心理筛查问卷" || list[1].Items[4].Options[2].Score != 2 {
		t.Fatalf("got %+v, want PHQ-9 at 15, the county's and GAD-7", list)
	}
}
