package report

import (
	"fmt"
	"strings"
	"testing"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
	"xinqing/internal/selfcheck"
)

// selfCheckNames are the synthetic students of the self-check sample;
// none may appear in the form.
var selfCheckNames = []string{"林晓雨", "周子墨", "陈一诺", "赵思远"}

// sampleSelfCheckData is a school of two grades over a full autumn term
// with a mix of outcomes: documents partly registered, a class whose
// member left mid-term, a key student without a plan, no group session.
func sampleSelfCheckData() (*figures.Dataset, casework.Term) {
	n := 0
	id := func() string { n++; return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }
	st := casework.DefaultSettings()
	st.School = casework.School{
		Name: "示例市第一实验中学", StudentCount: 1260, ClassCount: 4, FulltimeCounselors: 1, ParttimeCounselors: 1,
		Room:     casework.Room{HasRoom: true, AreaM2: 85, Zones: []string{"个体辅导区", "团体辅导区", "放松区", "接待区"}},
		Hotlines: []casework.Hotline{{Name: "全国心理援助热线", Number: "12356"}, {Name: "青少年服务台", Number: "12355"}},
		Preparer: "王老师", Reviewer: "李校长",
	}
	sc := casework.DefaultSelfCheck()
	sc.Documents = []casework.SchoolDocument{
		{Kind: casework.DocLeadingGroup, Title: "关于成立学生心理健康教育工作领导小组的通知", DocNo: "示校发〔2026〕3号", IssuedOn: "2026-09-02"},
		{Kind: casework.DocCrisisPlan, Title: "学生心理危机干预工作预案", IssuedOn: "2026-09-05"},
	}
	st.SelfCheck = &sc
	term := casework.Term{Name: "2026-2027学年第一学期", Start: "2026-09-01", End: "2027-01-22"}
	d := &figures.Dataset{Settings: st}
	classes := []struct{ grade, class string }{{"七年级", "七(1)班"}, {"七年级", "七(2)班"}, {"八年级", "八(1)班"}, {"八年级", "八(2)班"}}
	for i, c := range classes {
		d.Students = append(d.Students, &casework.Student{Meta: casework.Meta{ID: id()}, Name: selfCheckNames[i], Gender: casework.GenderMale, Grade: c.grade, Class: c.class})
	}
	for m := casework.Month("2026-09"); m <= "2027-01"; m = m.Next() {
		d.MonthNotes = append(d.MonthNotes, &casework.MonthNotes{Meta: casework.Meta{ID: id()}, Month: m, TrainingHours: 4})
		d.Activities = append(d.Activities, &casework.Activity{Meta: casework.Meta{ID: id()}, Kind: casework.ActivityKindLesson,
			Date: m.First().AddDays(9), Title: "心理健康课", Target: "全校", Classes: 4, Lessons: 8})
	}
	for day := term.Start; day <= term.End; day = day.AddDays(1) {
		if wd, _ := day.Weekday(); wd >= 1 && wd <= 4 {
			d.DutyDays = append(d.DutyDays, &casework.DutyDay{Meta: casework.Meta{ID: id()}, Date: day})
		}
		if wd, _ := day.Weekday(); wd == 1 {
			for _, c := range classes {
				d.ClassReports = append(d.ClassReports, &casework.ClassReport{Meta: casework.Meta{ID: id()}, Class: c.class, WeekStart: day})
			}
		}
	}
	d.Activities = append(d.Activities,
		&casework.Activity{Meta: casework.Meta{ID: id()}, Kind: casework.ActivityKindClassMeeting, Date: "2026-10-12", Title: "情绪管理主题班会", Target: "七年级"},
		&casework.Activity{Meta: casework.Meta{ID: id()}, Kind: casework.ActivityKindSpecialEvent, Date: "2026-11-20", Title: "心理健康宣传周", Target: "全校"},
		&casework.Activity{Meta: casework.Meta{ID: id()}, Kind: casework.ActivityKindCommitteeTraining, Date: "2026-09-25", Title: "心理委员培训"},
	)
	for i, c := range classes {
		m := &casework.CommitteeMember{Meta: casework.Meta{ID: id()}, StudentID: d.Students[i].ID, Grade: c.grade, Class: c.class, AppointedOn: "2026-09-10"}
		if i == 3 {
			m.LeftOn = "2026-12-01" // the class's only member left mid-term
		}
		d.CommitteeMembers = append(d.CommitteeMembers, m)
	}
	d.Screenings = []*casework.Screening{{Meta: casework.Meta{ID: id()}, Name: "新学期心理健康普查", DateFrom: "2026-09-14", DateTo: "2026-09-30", Expected: 1260, Tested: 1248, Valid: 1240, Flagged: 31, Confirmed: 6}}
	for i := range 2 {
		k := &casework.KeyStudent{Meta: casework.Meta{ID: id()}, StudentID: d.Students[i].ID, IncludedOn: "2026-10-08",
			Levels: []casework.LevelEntry{{Date: "2026-10-08", Level: casework.LevelYellow}}}
		for day := casework.Date("2026-10-20"); day <= term.End; day = day.AddDays(21) {
			k.FollowUps = append(k.FollowUps, casework.FollowUp{Date: day, Situation: "情绪平稳"})
		}
		if i == 0 {
			k.Plan = casework.Plan{Goals: "稳定情绪", Measures: "每两周面谈一次，班主任每周反馈"}
		}
		d.KeyStudents = append(d.KeyStudents, k)
	}
	return d, term
}

func sampleSelfCheck(t *testing.T) SelfCheckForm {
	t.Helper()
	d, term := sampleSelfCheckData()
	r, err := selfcheck.Compute(selfcheck.Input{Data: d, Term: term})
	if err != nil {
		t.Fatal(err)
	}
	return SelfCheckForm{Result: r, Preparer: d.Settings.School.Preparer, Date: "2027-01-22"}
}

func TestSelfCheckGolden(t *testing.T) {
	labels := testLabels(t)
	f := sampleSelfCheck(t)
	checkGolden(t, "self-check", func() ([]byte, error) { return RenderSelfCheck(f, labels, fixedNow()) })
}

func TestSelfCheckFormShowsEveryItemAndNoStudentName(t *testing.T) {
	labels := testLabels(t)
	f := sampleSelfCheck(t)
	pdf, err := RenderSelfCheck(f, labels, fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	raw := strings.Join(strings.Fields(pdfRawText(t, pdf)), "")
	want := []string{"学校心理健康工作专项自查表", "示例市第一实验中学", "2026-2027学年第一学期",
		"序号", "调研项目", "自查情况/数据", "状态", "佐证材料", "备注",
		"填表人", "王老师", "审核人（签字）", "日期", "学校（盖章）", "可修改", "（默认项）"}
	for _, it := range casework.AllSelfCheckItems() {
		want = append(want, labels["selfcheck.item."+string(it)])
	}
	for _, c := range f.Result.Checklist {
		want = append(want, c.Label)
	}
	for _, w := range want {
		if !strings.Contains(raw, w) {
			t.Errorf("got no %q in the form's text, want it", w)
		}
	}
	statuses := map[selfcheck.Status]int{}
	for _, it := range f.Result.Items {
		statuses[it.Status]++
	}
	if statuses[selfcheck.Pass] == 0 || statuses[selfcheck.Improve] == 0 || statuses[selfcheck.NotStarted] == 0 {
		t.Fatalf("got statuses %v, want the sample to show all three", statuses)
	}
	for _, s := range []string{"达标", "需改进", "未开展", "八(2)班", "缺少：工作制度、转介制度"} {
		if !strings.Contains(raw, s) {
			t.Errorf("got no %q in the form's text, want it", s)
		}
	}
	for _, n := range selfCheckNames {
		if strings.Contains(raw, n) {
			t.Errorf("got student name %s in the form, want none", n)
		}
	}
}

func TestSelfCheckRefusesAMissingResult(t *testing.T) {
	if _, err := RenderSelfCheck(SelfCheckForm{}, testLabels(t), fixedNow()); err == nil {
		t.Error("got no error without a result, want one")
	}
}
