package selfcheck

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// shortTerm is two school weeks: ten school days, Monday 7 to Friday 18
// September 2026.
var shortTerm = casework.Term{Name: "2026-2027学年第一学期（测试）", Start: "2026-09-07", End: "2026-09-18"}

// longTerm is a full autumn term starting on Tuesday 1 September 2026;
// start + 60 days is 2026-10-31.
var longTerm = casework.Term{Name: "2026-2027学年第一学期", Start: "2026-09-01", End: "2027-01-15"}

// synthetic student names, never to appear in any output.
var studentNames = []string{"测甲同学", "测乙同学", "测丙同学"}

type fixture struct {
	in  Input
	ids int
}

func (f *fixture) id() string {
	f.ids++
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", f.ids)
}

func (f *fixture) activity(kind casework.ActivityKind, date casework.Date, target string, lessons int) {
	f.in.Data.Activities = append(f.in.Data.Activities, &casework.Activity{Meta: casework.Meta{ID: f.id()},
		Kind: kind, Date: date, Title: "活动", Target: target, Lessons: lessons, Participants: 40})
}

func (f *fixture) member(class string, appointed, left casework.Date) {
	f.in.Data.CommitteeMembers = append(f.in.Data.CommitteeMembers, &casework.CommitteeMember{Meta: casework.Meta{ID: f.id()},
		StudentID: f.in.Data.Students[0].ID, Grade: "七年级", Class: class, AppointedOn: appointed, LeftOn: left})
}

func (f *fixture) report(class string, week casework.Date) {
	f.in.Data.ClassReports = append(f.in.Data.ClassReports, &casework.ClassReport{Meta: casework.Meta{ID: f.id()}, Class: class, WeekStart: week})
}

// passing returns a school that meets every default norm over shortTerm.
func passing() *fixture {
	f := &fixture{}
	st := casework.DefaultSettings()
	st.School = casework.School{
		Name: "示例市第一实验中学", StudentCount: 800, ClassCount: 2, FulltimeCounselors: 1,
		Room:     casework.Room{HasRoom: true, AreaM2: 60, Zones: []string{"个体辅导区", "团体辅导区", "放松区"}},
		Hotlines: []casework.Hotline{{Name: "全国心理援助热线", Number: "12356"}},
	}
	sc := casework.DefaultSelfCheck()
	for _, k := range casework.AllDocumentKinds() {
		sc.Documents = append(sc.Documents, casework.SchoolDocument{Kind: k, Title: "学校心理健康" + casework.Label(casework.LangZH, "selfcheck.document."+string(k)), DocNo: "示校发〔2026〕1号", IssuedOn: "2026-08-30"})
	}
	st.SelfCheck = &sc
	d := &figures.Dataset{Settings: st}
	f.in = Input{Data: d, Term: shortTerm}
	for i, cl := range []string{"七(1)班", "七(2)班", "七(2)班"} {
		d.Students = append(d.Students, &casework.Student{Meta: casework.Meta{ID: f.id()}, Name: studentNames[i], Gender: casework.GenderFemale, Grade: "七年级", Class: cl})
	}
	d.MonthNotes = []*casework.MonthNotes{{Meta: casework.Meta{ID: f.id()}, Month: "2026-09", TrainingHours: 20}}
	for i := range 8 {
		day := casework.Date("2026-09-07").AddDays(i + i/5*2) // weekdays
		d.DutyDays = append(d.DutyDays, &casework.DutyDay{Meta: casework.Meta{ID: f.id()}, Date: day})
	}
	f.activity(casework.ActivityKindLesson, "2026-09-08", "七年级", 2)
	f.activity(casework.ActivityKindClassMeeting, "2026-09-09", "全校", 0)
	f.activity(casework.ActivityKindSpecialEvent, "2026-09-10", "七(1)班", 0)
	f.activity(casework.ActivityKindCommitteeTraining, "2026-09-11", "心理委员", 0)
	d.GroupSessions = []*casework.GroupSession{{Meta: casework.Meta{ID: f.id()}, Title: "新生适应", GroupType: casework.GroupTypeClass,
		Date: "2026-09-14", Leader: "心理教师", Participants: 30}}
	f.member("七(1)班", "2026-09-01", "")
	f.member("七(2)班", "2026-09-01", "")
	for _, w := range []casework.Date{"2026-09-07", "2026-09-14"} {
		f.report("七(1)班", w)
		f.report("七(2)班", w)
	}
	d.Screenings = []*casework.Screening{{Meta: casework.Meta{ID: f.id()}, Name: "新生心理普查", DateTo: "2026-09-10", Expected: 800, Tested: 790, Valid: 780}}
	d.KeyStudents = []*casework.KeyStudent{{Meta: casework.Meta{ID: f.id()}, StudentID: d.Students[1].ID, IncludedOn: "2026-09-01",
		Plan:   casework.Plan{Measures: "每周面谈"},
		Levels: []casework.LevelEntry{{Date: "2026-09-01", Level: casework.LevelYellow}}}}
	return f
}

func compute(t *testing.T, f *fixture) *Result {
	t.Helper()
	r, err := Compute(f.in)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestAPassingSchoolPassesEveryItem(t *testing.T) {
	r := compute(t, passing())
	if len(r.Items) != 8 {
		t.Fatalf("got %d items, want 8", len(r.Items))
	}
	for i, it := range r.Items {
		if it.Code != casework.AllSelfCheckItems()[i] {
			t.Errorf("item %d: got %s, want survey order", i, it.Code)
		}
		if it.Status != Pass {
			t.Errorf("%s: got %s (%v), want pass", it.Code, it.Status, it.Reasons)
		}
		if len(it.Reasons) == 0 || len(it.Evidence) == 0 {
			t.Errorf("%s: got reasons %v and evidence %v, want both", it.Code, it.Reasons, it.Evidence)
		}
	}
	for _, c := range r.Checklist {
		if c.Status != Pass || !c.Default {
			t.Errorf("checklist %s: got %s default=%v, want pass and marked default", c.ID, c.Status, c.Default)
		}
	}
}

func TestItemStatusAtTheBoundariesOfItsNorm(t *testing.T) {
	school := func(students, ft, pt int) func(f *fixture) {
		return func(f *fixture) {
			s := &f.in.Data.Settings.School
			s.StudentCount, s.FulltimeCounselors, s.ParttimeCounselors = students, ft, pt
		}
	}
	long := func(f *fixture) { f.in.Term = longTerm }
	screenOn := func(d casework.Date) func(f *fixture) {
		// Without key students only the screening decides.
		return func(f *fixture) { long(f); f.in.Data.Screenings[0].DateTo = d; f.in.Data.KeyStudents = nil }
	}
	// The key student is on yellow (30 days); included on d with no
	// follow-up, the next follow-up is due d + 30.
	includedOn := func(d casework.Date) func(f *fixture) {
		return func(f *fixture) {
			k := f.in.Data.KeyStudents[0]
			k.IncludedOn, k.Levels[0].Date = d, d
		}
	}
	norms := func(edit func(n *casework.SelfCheckNorms)) func(f *fixture) {
		return func(f *fixture) { edit(&f.in.Data.Settings.SelfCheck.Norms) }
	}
	tests := []struct {
		name string
		item casework.SelfCheckItem
		edit func(f *fixture)
		want Status
	}{
		{"exactly 1∶800 with one part-time teacher passes", casework.ItemStaffing, school(800, 0, 1), Pass},
		{"801 students with no full-time teacher need improvement", casework.ItemStaffing, school(801, 0, 2), Improve},
		{"801 students with one full-time and one part-time teacher pass", casework.ItemStaffing, school(801, 1, 1), Pass},
		{"801 students with one full-time teacher fall short of 1∶800", casework.ItemStaffing, school(801, 1, 0), Improve},
		{"1600 students with two teachers pass", casework.ItemStaffing, school(1600, 1, 1), Pass},
		{"a school with no psychology teacher has not started", casework.ItemStaffing, school(300, 0, 0), NotStarted},
		{"19.5 training hours in a term fall short of 40 a year", casework.ItemStaffing, func(f *fixture) { f.in.Data.MonthNotes[0].TrainingHours = 19.5 }, Improve},
		{"20 training hours in a term are half of 40 a year", casework.ItemStaffing, func(f *fixture) { f.in.Data.MonthNotes[0].TrainingHours = 20 }, Pass},

		{"open on 8 of 10 school days is exactly 80%", casework.ItemRoom, func(f *fixture) {}, Pass},
		{"open on 7 of 10 school days is below 80%", casework.ItemRoom, func(f *fixture) { f.in.Data.DutyDays = f.in.Data.DutyDays[:7] }, Improve},
		{"no room has not started", casework.ItemRoom, func(f *fixture) { f.in.Data.Settings.School.Room.HasRoom = false }, NotStarted},
		{"an area below a configured minimum needs improvement", casework.ItemRoom, norms(func(n *casework.SelfCheckNorms) { n.RoomMinAreaM2 = 60.5 }), Improve},
		{"an area equal to the configured minimum passes", casework.ItemRoom, norms(func(n *casework.SelfCheckNorms) { n.RoomMinAreaM2 = 60 }), Pass},
		{"three zones against four required need improvement", casework.ItemRoom, norms(func(n *casework.SelfCheckNorms) { n.RoomMinZones = 4 }), Improve},

		{"no published hotline has not started", casework.ItemHotline, func(f *fixture) { f.in.Data.Settings.School.Hotlines = nil }, NotStarted},
		{"only 12355 published misses 12356", casework.ItemHotline, func(f *fixture) {
			f.in.Data.Settings.School.Hotlines = []casework.Hotline{{Number: "12355"}}
		}, Improve},
		{"12356 written with a dash still counts", casework.ItemHotline, func(f *fixture) {
			f.in.Data.Settings.School.Hotlines = []casework.Hotline{{Number: "123-56"}}
		}, Pass},

		{"four registered documents pass", casework.ItemMechanism, func(f *fixture) {}, Pass},
		{"three registered documents need improvement", casework.ItemMechanism, func(f *fixture) {
			f.in.Data.Settings.SelfCheck.Documents = f.in.Data.Settings.SelfCheck.Documents[1:]
		}, Improve},
		{"no registered document has not started", casework.ItemMechanism, func(f *fixture) { f.in.Data.Settings.SelfCheck.Documents = nil }, NotStarted},
		{"a vault with no self-check settings has no documents", casework.ItemMechanism, func(f *fixture) { f.in.Data.Settings.SelfCheck = nil }, NotStarted},

		{"two lessons for two classes over two weeks pass", casework.ItemCourses, func(f *fixture) {}, Pass},
		{"one lesson for two classes over two weeks needs improvement", casework.ItemCourses, func(f *fixture) { f.in.Data.Activities[0].Lessons = 1 }, Improve},
		{"a special event for another grade does not reach 七年级", casework.ItemCourses, func(f *fixture) { f.in.Data.Activities[2].Target = "八年级" }, Improve},
		{"a class meeting for 七年级 leaves 八年级 without one", casework.ItemCourses, func(f *fixture) {
			f.in.Data.Students = append(f.in.Data.Students, &casework.Student{Meta: casework.Meta{ID: f.id()}, Name: studentNames[2], Grade: "八年级", Class: "八(1)班"})
			f.in.Data.Activities[1].Target = "七年级"
			f.in.Data.Activities[2].Target = ""
		}, Improve},
		{"no lesson, meeting or event has not started", casework.ItemCourses, func(f *fixture) { f.in.Data.Activities = f.in.Data.Activities[3:] }, NotStarted},

		{"one group session passes", casework.ItemGroup, func(f *fixture) {}, Pass},
		{"one group session against a norm of two needs improvement", casework.ItemGroup, norms(func(n *casework.SelfCheckNorms) { n.GroupSessionsPerTerm = 2 }), Improve},
		{"no group session has not started", casework.ItemGroup, func(f *fixture) { f.in.Data.GroupSessions = nil }, NotStarted},

		{"a class whose only member left mid-term has no member at term end", casework.ItemCommittee, func(f *fixture) {
			f.in.Data.CommitteeMembers[1].LeftOn = "2026-09-15"
		}, Improve},
		{"a member who left on the term's last day is not active at term end", casework.ItemCommittee, func(f *fixture) {
			f.in.Data.CommitteeMembers[1].LeftOn = "2026-09-18"
		}, Improve},
		{"a member who leaves the day after the term is active at term end", casework.ItemCommittee, func(f *fixture) {
			f.in.Data.CommitteeMembers[1].LeftOn = "2026-09-19"
		}, Pass},
		{"a member appointed on the term's last day counts", casework.ItemCommittee, func(f *fixture) {
			f.in.Data.CommitteeMembers[1].AppointedOn = "2026-09-18"
		}, Pass},
		{"3 of 4 weekly reports are below 80%", casework.ItemCommittee, func(f *fixture) { f.in.Data.ClassReports = f.in.Data.ClassReports[:3] }, Improve},
		{"a duplicate weekly report does not count twice", casework.ItemCommittee, func(f *fixture) {
			f.in.Data.ClassReports = f.in.Data.ClassReports[:3]
			f.report("七(1)班", "2026-09-07")
		}, Improve},
		{"no training needs improvement", casework.ItemCommittee, func(f *fixture) { f.in.Data.Activities = f.in.Data.Activities[:3] }, Improve},
		{"no member, training or report has not started", casework.ItemCommittee, func(f *fixture) {
			f.in.Data.CommitteeMembers, f.in.Data.ClassReports = nil, nil
			f.in.Data.Activities = f.in.Data.Activities[:3]
		}, NotStarted},

		{"a screening ending on term start + 60 days passes", casework.ItemKeyStudents, screenOn("2026-10-31"), Pass},
		{"a screening ending on term start + 61 days needs improvement", casework.ItemKeyStudents, screenOn("2026-11-01"), Improve},
		{"a screening ending the day before term start does not count", casework.ItemKeyStudents, func(f *fixture) { f.in.Data.Screenings[0].DateTo = "2026-09-06" }, Improve},
		{"a key student without a plan needs improvement", casework.ItemKeyStudents, func(f *fixture) { f.in.Data.KeyStudents[0].Plan.Measures = "" }, Improve},
		{"a follow-up due on the term's last day is not yet missed", casework.ItemKeyStudents, includedOn("2026-08-19"), Pass},
		{"a follow-up due the day before the term's end is missed", casework.ItemKeyStudents, includedOn("2026-08-18"), Improve},
		{"no screening and no key student has not started", casework.ItemKeyStudents, func(f *fixture) {
			f.in.Data.Screenings, f.in.Data.KeyStudents = nil, nil
		}, NotStarted},
		{"a released key student needs no plan", casework.ItemKeyStudents, func(f *fixture) {
			f.in.Data.KeyStudents[0].Plan.Measures = ""
			f.in.Data.KeyStudents[0].ReleasedOn = "2026-09-15"
		}, Pass},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := passing()
			tt.edit(f)
			r := compute(t, f)
			it, ok := r.Item(tt.item)
			if !ok {
				t.Fatalf("got no item %s", tt.item)
			}
			if it.Status != tt.want {
				t.Errorf("got %s, want %s; figures %+v, reasons %v", it.Status, tt.want, it.Figures, it.Reasons)
			}
			if tt.want != Pass && len(it.Reasons) == 0 {
				t.Errorf("got no reason for %s, want one", it.Status)
			}
		})
	}
}

func TestReasonsNameTheClassWithoutAMemberAndTheShortfall(t *testing.T) {
	f := passing()
	f.in.Data.CommitteeMembers[1].LeftOn = "2026-09-15"
	f.in.Data.Settings.School.StudentCount = 801
	r := compute(t, f)
	com, _ := r.Item(casework.ItemCommittee)
	if got := strings.Join(com.Reasons, ""); !strings.Contains(got, "七(2)班") || !strings.Contains(got, "1/2个班") {
		t.Errorf("got reasons %q, want 七(2)班 named and 1/2个班", got)
	}
	staff, _ := r.Item(casework.ItemStaffing)
	if got := strings.Join(staff.Reasons, ""); !strings.Contains(got, "按1∶800不少于2人") {
		t.Errorf("got reasons %q, want the 1∶800 shortfall", got)
	}
}

func TestAnInProgressTermIsCheckedUpToTheCheckDate(t *testing.T) {
	f := passing()
	f.in.On = "2026-09-11" // one school week of the two
	r := compute(t, f)
	if r.Period.To != "2026-09-11" || r.TermEnd != shortTerm.End {
		t.Fatalf("got period %v, term end %s; want it cut at the check date", r.Period, r.TermEnd)
	}
	room, _ := r.Item(casework.ItemRoom)
	open, _ := room.Figure("open_days")
	if open.Value != 5 || !strings.Contains(open.Text, "上课日5天") {
		t.Errorf("got open days %+v, want 5 of 5 school days", open)
	}
	com, _ := r.Item(casework.ItemCommittee)
	rep, _ := com.Figure("reports")
	if rep.Value != 2 || rep.Met == nil || !*rep.Met {
		t.Errorf("got reports %+v, want 2 of 1 week × 2 classes, met", rep)
	}
	f.in.On = "2026-09-06"
	if _, err := Compute(f.in); err == nil {
		t.Error("got no error for a check before the term starts, want one")
	}
}

func TestFiguresCarryTheRecordsTheyCount(t *testing.T) {
	f := passing()
	r := compute(t, f)
	room, _ := r.Item(casework.ItemRoom)
	open, _ := room.Figure("open_days")
	if len(open.Refs) != 8 || open.Refs[0].Kind != casework.KindDutyDay || open.Refs[0].ID != f.in.Data.DutyDays[0].ID {
		t.Errorf("got refs %v, want the 8 duty days", open.Refs)
	}
	ks, _ := r.Item(casework.ItemKeyStudents)
	sc, _ := ks.Figure("screening")
	if len(sc.Refs) != 1 || sc.Refs[0].ID != f.in.Data.Screenings[0].ID {
		t.Errorf("got refs %v, want the screening", sc.Refs)
	}
	found := false
	for _, e := range room.Evidence {
		if strings.Contains(e.Text, "值班记录8条") && len(e.Refs) == 8 {
			found = true
		}
	}
	if !found {
		t.Errorf("got evidence %+v, want 值班记录8条 with its refs", room.Evidence)
	}
}

func TestMechanismListsEachDocumentAndItsScan(t *testing.T) {
	f := passing()
	docs := f.in.Data.Settings.SelfCheck.Documents
	docs[0].AttachmentID = "a1"
	docs[1].AttachmentID = "gone"
	f.in.Attachments = []*casework.Attachment{{Meta: casework.Meta{ID: "a1"}, Filename: "领导小组.pdf"}}
	f.in.Data.Settings.SelfCheck.Documents = docs[:3]
	r := compute(t, f)
	it, _ := r.Item(casework.ItemMechanism)
	var texts []string
	for _, e := range it.Evidence {
		texts = append(texts, e.Text)
	}
	got := strings.Join(texts, "|")
	for _, want := range []string{"附件领导小组.pdf", "扫描件未找到", "转介制度：缺", "示校发〔2026〕1号"} {
		if !strings.Contains(got, want) {
			t.Errorf("got evidence %q, want %q in it", got, want)
		}
	}
	if it.Status != Improve || !strings.Contains(strings.Join(it.Reasons, ""), "缺少：转介制度") {
		t.Errorf("got %s %v, want 需改进 naming 转介制度", it.Status, it.Reasons)
	}
}

func TestChecklistEntriesTakeTheirStatusFromTheirLinks(t *testing.T) {
	f := passing()
	f.in.Data.GroupSessions = nil
	f.in.Data.Activities[0].Lessons = 1
	f.in.Data.Settings.SelfCheck.Checklist = []casework.ChecklistItem{
		{ID: "a", Label: "一堂课", Links: []string{"courses.lessons"}},
		{ID: "b", Label: "一次团辅", Links: []string{"group"}},
		{ID: "c", Label: "一份预案", Documents: []casework.DocumentKind{casework.DocCrisisPlan}},
		{ID: "d", Label: "一次家长会", Done: true},
		{ID: "e", Label: "一次家访"},
		{ID: "f", Label: "一间辅导室与一堂课", Links: []string{"room", "courses.lessons"}},
		{ID: "g", Label: "无到期未跟踪", Links: []string{"key_students.overdue_follow_ups"}},
	}
	r := compute(t, f)
	want := map[string]Status{"a": Improve, "b": NotStarted, "c": Pass, "d": Pass, "e": NotStarted, "f": Improve, "g": Pass}
	if len(r.Checklist) != len(want) {
		t.Fatalf("got %d entries, want %d", len(r.Checklist), len(want))
	}
	for _, c := range r.Checklist {
		if c.Status != want[c.ID] {
			t.Errorf("entry %s: got %s, want %s (%v)", c.ID, c.Status, want[c.ID], c.Reasons)
		}
		if c.Default {
			t.Errorf("entry %s: got default, want an edited entry unmarked", c.ID)
		}
	}
}

func TestJSONIsStableAndNamesNoStudent(t *testing.T) {
	f := passing()
	f.in.Data.CommitteeMembers[1].LeftOn = "2026-09-15"
	r := compute(t, f)
	a, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	again, _ := compute(t, f).JSON()
	if !bytes.Equal(a, again) {
		t.Error("got different JSON for the same input, want the same bytes")
	}
	for _, n := range studentNames {
		if bytes.Contains(a, []byte(n)) {
			t.Errorf("got student name %s in the JSON, want none", n)
		}
	}
	path := filepath.Join("testdata", "selfcheck.json")
	if *update {
		if err := os.WriteFile(path, a, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(a, want) {
		t.Errorf("got JSON differing from %s (run go test -update after checking):\n%s", path, a)
	}
}

func TestComputeRefusesABadTerm(t *testing.T) {
	f := passing()
	f.in.Term = casework.Term{Name: "坏学期", Start: "2026-09-18", End: "2026-09-07"}
	if _, err := Compute(f.in); err == nil {
		t.Error("got no error for a term ending before it starts, want one")
	}
	if _, err := Compute(Input{Term: shortTerm}); err == nil {
		t.Error("got no error without a dataset, want one")
	}
}

func TestSchoolDaysAndWeeksCountWeekdays(t *testing.T) {
	tests := []struct {
		name        string
		p           casework.Period
		days, weeks int
	}{
		{"a Monday-to-Friday week", casework.Period{From: "2026-09-07", To: "2026-09-11"}, 5, 1},
		{"a weekend alone", casework.Period{From: "2026-09-12", To: "2026-09-13"}, 0, 0},
		{"Tuesday 1 September to Sunday 13 September", casework.Period{From: "2026-09-01", To: "2026-09-13"}, 9, 2},
		{"one day", casework.Period{From: "2026-09-16", To: "2026-09-16"}, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := schoolDays(tt.p); got != tt.days {
				t.Errorf("got %d school days, want %d", got, tt.days)
			}
			if got := schoolWeeks(tt.p); got != tt.weeks {
				t.Errorf("got %d school weeks, want %d", got, tt.weeks)
			}
		})
	}
}

// BenchmarkComputeBigSchool checks a school of 3,000 students in 72
// classes over a full term: weekly reports from every class, a lesson
// and a duty day every school day, 300 key students with follow-ups.
func BenchmarkComputeBigSchool(b *testing.B) {
	f := passing()
	d := f.in.Data
	f.in.Term = longTerm
	d.Settings.School.StudentCount, d.Settings.School.ClassCount = 3000, 72
	d.Students, d.CommitteeMembers, d.ClassReports, d.KeyStudents = nil, nil, nil, nil
	for i := range 3000 {
		g := []string{"七年级", "八年级", "九年级"}[i%3]
		d.Students = append(d.Students, &casework.Student{Meta: casework.Meta{ID: f.id()}, Name: "测试", Grade: g, Class: fmt.Sprintf("%s(%d)班", g[:3], i%24+1)})
	}
	for day := longTerm.Start; day <= longTerm.End; day = day.AddDays(1) {
		if wd, _ := day.Weekday(); wd < 1 || wd > 5 {
			continue
		}
		d.DutyDays = append(d.DutyDays, &casework.DutyDay{Meta: casework.Meta{ID: f.id()}, Date: day})
		f.activity(casework.ActivityKindLesson, day, "全校", 14)
		if wd, _ := day.Weekday(); wd == 1 {
			for c := range 72 {
				f.report(fmt.Sprintf("班%d", c), day)
			}
		}
	}
	for i := range 300 {
		k := &casework.KeyStudent{Meta: casework.Meta{ID: f.id()}, StudentID: d.Students[i].ID, IncludedOn: "2026-09-20",
			Levels: []casework.LevelEntry{{Date: "2026-09-20", Level: casework.LevelOrange}}}
		for day := casework.Date("2026-09-27"); day <= longTerm.End; day = day.AddDays(10) {
			k.FollowUps = append(k.FollowUps, casework.FollowUp{Date: day})
		}
		d.KeyStudents = append(d.KeyStudents, k)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Compute(f.in); err != nil {
			b.Fatal(err)
		}
	}
}

func TestKeyStudentItemCountsScreeningResults(t *testing.T) {
	f := passing()
	sc := f.in.Data.Screenings[0]
	res := func(flagged bool, outcome casework.InterviewOutcome) *casework.ScreeningResult {
		r := &casework.ScreeningResult{Meta: casework.Meta{ID: f.id()}, ScreeningID: sc.ID, StudentID: f.in.Data.Students[0].ID,
			Date: sc.DateTo, RawScore: 12, Valid: true, Flagged: flagged, InterviewOutcome: outcome}
		if outcome != "" {
			r.InterviewedOn = "2026-09-15"
		}
		return r
	}
	// Without results the item keeps its figures.
	ks, _ := compute(t, f).Item(casework.ItemKeyStudents)
	if _, ok := ks.Figure("screened"); ok {
		t.Fatalf("a screening without results has no result figures")
	}
	f.in.Data.ScreeningResults = []*casework.ScreeningResult{res(false, ""), res(true, casework.InterviewOutcomeWatch), res(true, ""), res(false, "")}
	ks, _ = compute(t, f).Item(casework.ItemKeyStudents)
	want := map[string]float64{"screened": 4, "flagged": 2, "interviewed": 1}
	for k, v := range want {
		if fig, ok := ks.Figure(k); !ok || fig.Value != v || len(fig.Refs) != int(v) {
			t.Errorf("%s: got %+v, want %g", k, fig, v)
		}
	}
	if ks.Status != Improve || !strings.Contains(strings.Join(ks.Reasons, ""), "全部访谈") {
		t.Errorf("a flagged student not interviewed: %s %v, want improve naming the norm", ks.Status, ks.Reasons)
	}
	f.in.Data.ScreeningResults[2] = res(true, casework.InterviewOutcomeConfirmed)
	if ks, _ = compute(t, f).Item(casework.ItemKeyStudents); ks.Status != Pass {
		t.Errorf("every flagged student interviewed: %s %v, want pass", ks.Status, ks.Reasons)
	}
}
