package figures_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
)

const month = casework.Month("2026-10")

// settings is a small school with the default levels.
func settings() casework.Settings {
	return casework.Settings{
		School: casework.School{
			Name: "示例第一中学", Stage: casework.StageJunior, StudentCount: 900, ClassCount: 18,
			FulltimeCounselors: 1, ParttimeCounselors: 3, CertifiedCounselors: 2,
			Room:     casework.Room{HasRoom: true, AreaM2: 86.5},
			Hotlines: []casework.Hotline{{Name: "全国心理援助热线", Number: "12356"}, {Number: "12355"}},
			Preparer: "王老师", PreparerPhone: "0571-1234567", Reviewer: "李校长",
		},
		RiskLevels: casework.DefaultRiskLevels(),
	}
}

func meta(id string) casework.Meta { return casework.Meta{ID: id} }

func compute(t *testing.T, d *figures.Dataset, p casework.Period) *figures.Return {
	t.Helper()
	if d.Settings.School.Name == "" {
		d.Settings = settings()
	}
	r, err := figures.Compute(d, p, nil)
	if err != nil {
		t.Fatalf("Compute: %v", err)
	}
	return r
}

func key(id, included, released string, levels ...string) *casework.KeyStudent {
	k := &casework.KeyStudent{Meta: meta(id), StudentID: "s-" + id, IncludedOn: casework.Date(included), ReleasedOn: casework.Date(released)}
	for i := 0; i+1 < len(levels); i += 2 {
		k.Levels = append(k.Levels, casework.LevelEntry{Date: casework.Date(levels[i]), Level: levels[i+1]})
	}
	return k
}

func member(id, class, appointed, left string) *casework.CommitteeMember {
	return &casework.CommitteeMember{Meta: meta(id), StudentID: "s-" + id, Class: class,
		AppointedOn: casework.Date(appointed), LeftOn: casework.Date(left)}
}

func studentCase(id, student, opened string, src casework.CaseSource, types ...casework.ProblemType) *casework.Case {
	return &casework.Case{Meta: meta(id), StudentID: student, OpenedOn: casework.Date(opened), Source: src, ProblemTypes: types}
}

func session(id, caseID, date string) *casework.Session {
	return &casework.Session{Meta: meta(id), CaseID: caseID, Date: casework.Date(date), DurationMin: 40}
}

// figureTests checks one figure each: a name that says the rule, a data
// set made by hand, the figure read from the return, and the value wanted.
func TestComputeFigures(t *testing.T) {
	type tc struct {
		name string
		data figures.Dataset
		get  func(r *figures.Return) any
		want any
	}
	tests := []tc{
		{
			name: "duty days on the first and last day of the month count, the days around them do not",
			data: figures.Dataset{DutyDays: []*casework.DutyDay{
				{Meta: meta("d1"), Date: "2026-09-30"}, {Meta: meta("d2"), Date: "2026-10-01"},
				{Meta: meta("d3"), Date: "2026-10-31"}, {Meta: meta("d4"), Date: "2026-11-01"},
			}},
			get: func(r *figures.Return) any { return r.C2 }, want: 2,
		},
		{
			name: "visits in the month are counted one by one",
			data: figures.Dataset{Visits: []*casework.Visit{
				{Meta: meta("v1"), Date: "2026-10-05"}, {Meta: meta("v2"), Date: "2026-10-05"}, {Meta: meta("v3"), Date: "2026-11-05"},
			}},
			get: func(r *figures.Return) any { return r.C3 }, want: 2,
		},
		{
			name: "mailbox letters are summed over the openings of the month",
			data: figures.Dataset{Mailbox: []*casework.Mailbox{
				{Meta: meta("m1"), OpenedOn: "2026-10-01", Letters: 3}, {Meta: meta("m2"), OpenedOn: "2026-10-31", Letters: 0},
				{Meta: meta("m3"), OpenedOn: "2026-10-15", Letters: 4}, {Meta: meta("m4"), OpenedOn: "2026-09-30", Letters: 9},
			}},
			get: func(r *figures.Return) any { return r.C4 }, want: 7,
		},
		{
			name: "lessons are summed over lesson activities only; class meetings and special events are counted",
			data: figures.Dataset{Activities: []*casework.Activity{
				{Meta: meta("a1"), Kind: casework.ActivityKindLesson, Date: "2026-10-08", Lessons: 6},
				{Meta: meta("a2"), Kind: casework.ActivityKindLesson, Date: "2026-10-31", Lessons: 2},
				{Meta: meta("a3"), Kind: casework.ActivityKindClassMeeting, Date: "2026-10-09", Lessons: 5},
				{Meta: meta("a4"), Kind: casework.ActivityKindSpecialEvent, Date: "2026-10-10"},
				{Meta: meta("a5"), Kind: casework.ActivityKindSpecialEvent, Date: "2026-10-11"},
				{Meta: meta("a6"), Kind: casework.ActivityKindLesson, Date: "2026-11-01", Lessons: 9},
			}},
			get: func(r *figures.Return) any { return [3]int{r.D1, r.D2, r.D3} }, want: [3]int{8, 1, 2},
		},
		{
			name: "screenings count in the month their date_to falls in",
			data: figures.Dataset{Screenings: []*casework.Screening{
				{Meta: meta("x1"), DateFrom: "2026-09-20", DateTo: "2026-10-02", Expected: 300, Tested: 290, Valid: 285, Flagged: 20, Confirmed: 6},
				{Meta: meta("x2"), DateFrom: "2026-10-20", DateTo: "2026-11-02", Expected: 100, Tested: 100, Valid: 100, Flagged: 9, Confirmed: 3},
				{Meta: meta("x3"), DateTo: "2026-10-31", Expected: 10, Tested: 9, Valid: 8, Flagged: 1},
			}},
			get:  func(r *figures.Return) any { return r.E1 },
			want: figures.Screening{Expected: 310, Tested: 299, Valid: 293, Flagged: 21, Confirmed: 6},
		},
		{
			name: "a key student released on month end is off the register; one released the day after is on",
			data: figures.Dataset{KeyStudents: []*casework.KeyStudent{
				key("k1", "2026-09-01", "2026-10-31", "2026-09-01", "red"),
				key("k2", "2026-09-01", "2026-11-01", "2026-09-01", "red"),
				key("k3", "2026-10-31", "", "2026-10-31", "yellow"),
				key("k4", "2026-11-01", "", "2026-11-01", "yellow"),
			}},
			get: func(r *figures.Return) any { return r.F1 }, want: 2,
		},
		{
			name: "levels are taken at month end: a change on month end counts, a change the next day does not",
			data: figures.Dataset{KeyStudents: []*casework.KeyStudent{
				key("k1", "2026-09-01", "", "2026-09-01", "yellow", "2026-10-31", "red"),
				key("k2", "2026-09-01", "", "2026-09-01", "orange", "2026-11-01", "watch"),
				key("k3", "2026-09-01", "2026-10-15", "2026-09-01", "red"),
			}},
			get:  func(r *figures.Return) any { return r.F2 },
			want: figures.Counts{{Code: "red", N: 1}, {Code: "orange", N: 1}, {Code: "yellow", N: 0}, {Code: "watch", N: 0}},
		},
		{
			name: "added, released and level changes in the month; a first level entry is no change",
			data: figures.Dataset{KeyStudents: []*casework.KeyStudent{
				key("k1", "2026-10-01", "", "2026-10-01", "yellow", "2026-10-20", "orange", "2026-10-25", "red"),
				key("k2", "2026-06-01", "2026-10-31", "2026-06-01", "watch"),
				key("k3", "2026-09-30", "", "2026-09-30", "red", "2026-11-01", "orange"),
			}},
			get:  func(r *figures.Return) any { return r.F3 },
			want: figures.RegisterMove{Added: 1, Released: 1, LevelChanged: 1},
		},
		{
			name: "plans count for students on the register whose measures are written",
			data: figures.Dataset{KeyStudents: func() []*casework.KeyStudent {
				a := key("k1", "2026-09-01", "", "2026-09-01", "red")
				a.Plan.Measures = "每周面谈一次"
				b := key("k2", "2026-09-01", "", "2026-09-01", "red")
				b.Plan.Goals = "稳定情绪"
				b.Plan.Measures = "  "
				c := key("k3", "2026-09-01", "2026-10-10", "2026-09-01", "red")
				c.Plan.Measures = "班主任每日关注"
				return []*casework.KeyStudent{a, b, c}
			}()},
			get: func(r *figures.Return) any { return r.F4 }, want: 1,
		},
		{
			name: "special groups count enrolled students with at least one flag",
			data: figures.Dataset{Students: []*casework.Student{
				{Meta: meta("s1"), SpecialGroups: []casework.SpecialGroup{casework.SpecialGroupLeftBehind, casework.SpecialGroupHardship}},
				{Meta: meta("s2"), Status: casework.StudentStatusEnrolled, SpecialGroups: []casework.SpecialGroup{casework.SpecialGroupOrphan}},
				{Meta: meta("s3"), Status: casework.StudentStatusGraduated, SpecialGroups: []casework.SpecialGroup{casework.SpecialGroupOrphan}},
				{Meta: meta("s4")},
			}},
			get: func(r *figures.Return) any { return r.F5 }, want: 2,
		},
		{
			name: "follow-ups are counted per entry in the month, also for a released student",
			data: figures.Dataset{KeyStudents: func() []*casework.KeyStudent {
				a := key("k1", "2026-09-01", "2026-10-20", "2026-09-01", "red")
				a.FollowUps = []casework.FollowUp{{Date: "2026-09-30"}, {Date: "2026-10-01"}, {Date: "2026-10-01"}, {Date: "2026-10-20"}}
				return []*casework.KeyStudent{a}
			}()},
			get: func(r *figures.Return) any { return r.F6 }, want: 3,
		},
		{
			name: "individual sessions count student cases only; staff and parent sessions go to G6",
			data: figures.Dataset{
				Cases: []*casework.Case{
					studentCase("c1", "s1", "2026-09-01", casework.CaseSourceSelf, casework.ProblemTypeStudy),
					{Meta: meta("c2"), StudentID: "s2", ClientKind: casework.ClientKindStudent, OpenedOn: "2026-09-02", Source: casework.CaseSourceTeacher},
					{Meta: meta("c3"), ClientKind: casework.ClientKindStaff, ClientName: "教师甲", OpenedOn: "2026-09-03", Source: casework.CaseSourceSelf},
					{Meta: meta("c4"), ClientKind: casework.ClientKindParent, ClientName: "家长乙", OpenedOn: "2026-09-04", Source: casework.CaseSourceParent},
					studentCase("c5", "s1", "2026-10-02", casework.CaseSourceSelf, casework.ProblemTypeEmotion),
				},
				Sessions: []*casework.Session{
					session("x1", "c1", "2026-10-01"), session("x2", "c1", "2026-10-31"), session("x3", "c2", "2026-10-15"),
					session("x4", "c3", "2026-10-15"), session("x5", "c4", "2026-10-16"), session("x6", "c4", "2026-10-17"),
					session("x7", "c5", "2026-10-18"), session("x8", "c1", "2026-11-01"), session("x9", "gone", "2026-10-10"),
				},
			},
			get:  func(r *figures.Return) any { return [4]int{r.G1, r.G2, r.G6.Staff, r.G6.Parent} },
			want: [4]int{4, 2, 1, 2},
		},
		{
			name: "cases opened and closed in the month, whatever the client",
			data: figures.Dataset{Cases: []*casework.Case{
				studentCase("c1", "s1", "2026-10-01", casework.CaseSourceSelf),
				{Meta: meta("c2"), ClientKind: casework.ClientKindStaff, OpenedOn: "2026-10-31", Source: casework.CaseSourceSelf, ClosedOn: "2026-10-31"},
				{Meta: meta("c3"), StudentID: "s3", OpenedOn: "2026-05-01", Source: casework.CaseSourceSelf, ClosedOn: "2026-10-12"},
				{Meta: meta("c4"), StudentID: "s4", OpenedOn: "2026-09-30", Source: casework.CaseSourceSelf, ClosedOn: "2026-11-01"},
			}},
			get:  func(r *figures.Return) any { return r.G3 },
			want: figures.CaseMove{Opened: 2, Closed: 2},
		},
		{
			name: "sources list every code, zeros included",
			data: figures.Dataset{Cases: []*casework.Case{
				studentCase("c1", "s1", "2026-10-01", casework.CaseSourceTeacher),
				studentCase("c2", "s2", "2026-10-02", casework.CaseSourceTeacher),
				studentCase("c3", "s3", "2026-10-03", casework.CaseSourceScreening),
				studentCase("c4", "s4", "2026-09-03", casework.CaseSourceSelf),
			}},
			get: func(r *figures.Return) any { return r.G4 },
			want: figures.Counts{{Code: "self", N: 0}, {Code: "teacher", N: 2}, {Code: "parent", N: 0}, {Code: "screening", N: 1},
				{Code: "committee", N: 0}, {Code: "observation", N: 0}, {Code: "other", N: 0}},
		},
		{
			name: "a case with several problem types counts once under each",
			data: figures.Dataset{Cases: []*casework.Case{
				studentCase("c1", "s1", "2026-10-01", casework.CaseSourceSelf, casework.ProblemTypeStudy, casework.ProblemTypeFamily),
				studentCase("c2", "s2", "2026-10-02", casework.CaseSourceSelf, casework.ProblemTypeFamily, casework.ProblemTypeFamily),
				studentCase("c3", "s3", "2026-11-01", casework.CaseSourceSelf, casework.ProblemTypeStudy),
			}},
			get: func(r *figures.Return) any { return r.G5 },
			want: figures.Counts{{Code: "study", N: 1}, {Code: "relationship", N: 0}, {Code: "emotion", N: 0}, {Code: "family", N: 2},
				{Code: "adolescence", N: 0}, {Code: "internet", N: 0}, {Code: "self", N: 0}, {Code: "other", N: 0}},
		},
		{
			name: "group sessions and their participants in the month",
			data: figures.Dataset{GroupSessions: []*casework.GroupSession{
				{Meta: meta("g1"), Date: "2026-10-01", Participants: 40, GroupType: casework.GroupTypeClass},
				{Meta: meta("g2"), Date: "2026-10-31", Participants: 8, GroupType: casework.GroupTypeSmallGroup},
				{Meta: meta("g3"), Date: "2026-11-01", Participants: 50, GroupType: casework.GroupTypeClass},
			}},
			get: func(r *figures.Return) any { return [2]int{r.H1, r.H2} }, want: [2]int{2, 48},
		},
		{
			name: "crises by type, guardian disclosures by their own date, hospital escorts of the month's crises",
			data: figures.Dataset{Crises: []*casework.Crisis{
				{Meta: meta("x1"), DiscoveredOn: "2026-09-29", RiskType: casework.RiskTypeSelfHarm, HospitalEscort: true,
					Disclosures: []casework.Disclosure{{To: casework.DisclosureRecipientGuardian, On: "2026-09-29"}, {To: casework.DisclosureRecipientGuardian, On: "2026-10-02"}}},
				{Meta: meta("x2"), DiscoveredOn: "2026-10-31", RiskType: casework.RiskTypeSuicideIdeation, HospitalEscort: true,
					Disclosures: []casework.Disclosure{{To: casework.DisclosureRecipientHomeroomTeacher, On: "2026-10-31"}, {To: casework.DisclosureRecipientGuardian, On: "2026-11-01"}}},
				{Meta: meta("x3"), DiscoveredOn: "2026-10-01", RiskType: casework.RiskTypeSelfHarm},
			}},
			get: func(r *figures.Return) any {
				return []any{r.I1.Get("self_harm"), r.I1.Get("suicide_ideation"), r.I1.Total(), len(r.I1), r.I2, r.I3}
			},
			want: []any{1, 1, 2, len(casework.AllRiskTypes()), 1, 1},
		},
		{
			name: "referrals: students suggested in the month once each; a visit in the month counts though suggested earlier",
			data: figures.Dataset{Referrals: []*casework.Referral{
				{Meta: meta("r1"), StudentID: "s1", SuggestedOn: "2026-10-03"},
				{Meta: meta("r2"), StudentID: "s1", SuggestedOn: "2026-10-20"},
				{Meta: meta("r3"), StudentID: "s2", SuggestedOn: "2026-08-20", VisitedOn: "2026-10-31", ReturnedOn: "2026-10-01"},
				{Meta: meta("r4"), StudentID: "s3", SuggestedOn: "2026-10-31", VisitedOn: "2026-11-01"},
			}},
			get: func(r *figures.Return) any { return [3]int{r.J1, r.J2, r.J3} }, want: [3]int{2, 1, 1},
		},
		{
			name: "parent lectures, guardian contacts and external work",
			data: figures.Dataset{
				Activities: []*casework.Activity{
					{Meta: meta("a1"), Kind: casework.ActivityKindParentLecture, Date: "2026-10-10", Participants: 120},
					{Meta: meta("a2"), Kind: casework.ActivityKindParentLecture, Date: "2026-10-31", Participants: 30},
					{Meta: meta("a3"), Kind: casework.ActivityKindExternal, Date: "2026-10-11"},
					{Meta: meta("a4"), Kind: casework.ActivityKindExternal, Date: "2026-09-11"},
				},
				Contacts: []*casework.Contact{
					{Meta: meta("t1"), Date: "2026-10-01", Counterpart: casework.CounterpartGuardian},
					{Meta: meta("t2"), Date: "2026-10-02", Counterpart: casework.CounterpartHomeroomTeacher},
					{Meta: meta("t3"), Date: "2026-10-03", Counterpart: casework.CounterpartExternal},
					{Meta: meta("t4"), Date: "2026-11-03", Counterpart: casework.CounterpartGuardian},
				},
			},
			get:  func(r *figures.Return) any { return []any{r.K1, r.K2, r.K3} },
			want: []any{figures.Lectures{Sessions: 2, Participants: 150}, 1, 2},
		},
		{
			name: "committee members who left on month end are not active; those who left later are",
			data: figures.Dataset{CommitteeMembers: []*casework.CommitteeMember{
				member("m1", "七(1)班", "2026-09-01", "2026-10-31"),
				member("m2", "七(1)班", "2026-09-01", "2026-11-01"),
				member("m3", "七(2)班", "2026-10-31", ""),
				member("m4", "七(2)班", "2026-09-01", ""),
				member("m5", "七(3)班", "2026-11-01", ""),
			}},
			get:  func(r *figures.Return) any { return []any{r.L1, r.L2} },
			want: []any{figures.Committee{ClassesWithMember: 2, ClassCount: 18}, 3},
		},
		{
			name: "committee trainings count activities and group sessions of that type; weekly reports by week start",
			data: figures.Dataset{
				Activities: []*casework.Activity{{Meta: meta("a1"), Kind: casework.ActivityKindCommitteeTraining, Date: "2026-10-12"}},
				GroupSessions: []*casework.GroupSession{
					{Meta: meta("g1"), GroupType: casework.GroupTypeCommitteeTraining, Date: "2026-10-13", Participants: 18},
					{Meta: meta("g2"), GroupType: casework.GroupTypeClass, Date: "2026-10-14"},
				},
				ClassReports: []*casework.ClassReport{
					{Meta: meta("w1"), Class: "七(1)班", WeekStart: "2026-09-28", Concerns: 5},
					{Meta: meta("w2"), Class: "七(1)班", WeekStart: "2026-10-05", Concerns: 2},
					{Meta: meta("w3"), Class: "七(2)班", WeekStart: "2026-10-26", Concerns: 0},
				},
			},
			get:  func(r *figures.Return) any { return []any{r.L3, r.H1, r.L4} },
			want: []any{2, 2, figures.Reports{Reports: 2, Concerns: 2}},
		},
		{
			name: "settings fill A, B1–B3, C1 and C5; the month's notes fill B4 and M1–M3",
			data: figures.Dataset{MonthNotes: []*casework.MonthNotes{
				{Meta: meta("n1"), Month: "2026-10", Highlights: "开展心理委员培训", Problems: "专职教师不足", NextPlan: "筹备期中测评", TrainingHours: 6.5},
				{Meta: meta("n2"), Month: "2026-09", Highlights: "九月", TrainingHours: 4},
			}},
			get: func(r *figures.Return) any {
				return []any{r.A1, r.A2, r.A3, r.A4, r.A5, r.A6, r.B1, r.B2, r.B3, r.B4, r.C1, r.C5, r.M1, r.M2, r.M3}
			},
			want: []any{"示例第一中学", casework.StageJunior, "2026-10", 900, 18, "王老师 / 0571-1234567 / 李校长", 1, 3, 2, 6.5,
				figures.Room{HasRoom: true, AreaM2: 86.5}, []string{"全国心理援助热线 12356", "12355"}, "开展心理委员培训", "专职教师不足", "筹备期中测评"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := compute(t, &tt.data, month.Period())
			if got := tt.get(r); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestComputeOverATermSumsTheMonthsAndTakesTheEndOfTheTerm(t *testing.T) {
	d := &figures.Dataset{
		KeyStudents: []*casework.KeyStudent{
			key("k1", "2026-09-01", "2026-12-15", "2026-09-01", "red"),
			key("k2", "2026-10-01", "", "2026-10-01", "red", "2026-12-01", "watch"),
		},
		Visits: []*casework.Visit{{Meta: meta("v1"), Date: "2026-09-01"}, {Meta: meta("v2"), Date: "2027-01-20"}, {Meta: meta("v3"), Date: "2027-01-21"}},
		MonthNotes: []*casework.MonthNotes{
			{Meta: meta("n2"), Month: "2026-10", Highlights: "十月亮点", TrainingHours: 2},
			{Meta: meta("n1"), Month: "2026-09", Highlights: "九月亮点", TrainingHours: 1.5},
			{Meta: meta("n3"), Month: "2027-02", Highlights: "下学期", TrainingHours: 8},
		},
	}
	r := compute(t, d, casework.Period{From: "2026-09-01", To: "2027-01-20"})
	if r.F1 != 1 || r.F2.Get("watch") != 1 || r.F2.Get("red") != 0 {
		t.Errorf("got F1 %d F2 %v, want 1 on the register at watch on the term's last day", r.F1, r.F2)
	}
	if r.F3 != (figures.RegisterMove{Added: 2, Released: 1, LevelChanged: 1}) {
		t.Errorf("got F3 %+v, want added 2 released 1 level_changed 1", r.F3)
	}
	if r.C3 != 2 {
		t.Errorf("got C3 %d, want 2", r.C3)
	}
	if r.B4 != 3.5 {
		t.Errorf("got B4 %v, want 3.5 (September and October)", r.B4)
	}
	if want := "2026-09：九月亮点\n2026-10：十月亮点"; r.M1 != want {
		t.Errorf("got M1 %q, want %q", r.M1, want)
	}
	if r.A3 != "2026-09-01至2027-01-20" {
		t.Errorf("got A3 %q", r.A3)
	}
}

func TestComputeRejectsAnInvalidPeriod(t *testing.T) {
	for _, p := range []casework.Period{{}, {From: "2026-10-31", To: "2026-10-01"}, {From: "2026-02-30", To: "2026-03-01"}} {
		if _, err := figures.Compute(&figures.Dataset{}, p, nil); err == nil {
			t.Errorf("Compute(%v): got no error, want one", p)
		}
	}
	if _, err := figures.Compute(nil, month.Period(), nil); err == nil {
		t.Error("Compute(nil): got no error, want one")
	}
}

func TestNotesSelectionChoosesTheMonths(t *testing.T) {
	d := &figures.Dataset{Settings: settings(), MonthNotes: []*casework.MonthNotes{
		{Meta: meta("n1"), Month: "2026-10", Highlights: "十月", TrainingHours: 2},
		{Meta: meta("n2"), Month: "2026-11", Highlights: "十一月", TrainingHours: 3},
	}}
	r, err := figures.Compute(d, month.Period(), func(m casework.Month) bool { return m == "2026-11" })
	if err != nil {
		t.Fatal(err)
	}
	if r.M1 != "十一月" || r.B4 != 3 {
		t.Errorf("got M1 %q B4 %v, want the November notes", r.M1, r.B4)
	}
}

func TestEmptyDatasetPrintsZerosAndEveryCode(t *testing.T) {
	r := compute(t, &figures.Dataset{}, month.Period())
	b, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	codes := figures.Codes()
	if len(codes) != 49 || codes[0] != "A1" || codes[len(codes)-1] != "M3" || len(m) != len(codes) {
		t.Fatalf("got %d codes %v, want A1 … M3 (49)", len(codes), codes)
	}
	single := strings.Fields("A1 A2 A3 A4 A5 A6 B1 B2 B3 B4 C2 C3 C4 D1 D2 D3 F1 F4 F5 F6 G1 G2 H1 H2 I2 I3 J1 J2 J3 K2 K3 L2 L3 M1 M2 M3")
	for _, c := range single {
		if s := string(m[c]); strings.HasPrefix(s, "{") || strings.HasPrefix(s, "[") || s == "null" {
			t.Errorf("%s: got %s, want a single value", c, s)
		}
	}
	objects := map[string]string{
		"C1": `{"has_room":true,"area_m2":86.5}`,
		"C5": `["全国心理援助热线 12356","12355"]`,
		"E1": `{"expected":0,"tested":0,"valid":0,"flagged":0,"confirmed":0}`,
		"F2": `{"red":0,"orange":0,"yellow":0,"watch":0}`,
		"F3": `{"added":0,"released":0,"level_changed":0}`,
		"G3": `{"opened":0,"closed":0}`,
		"G4": `{"self":0,"teacher":0,"parent":0,"screening":0,"committee":0,"observation":0,"other":0}`,
		"G5": `{"study":0,"relationship":0,"emotion":0,"family":0,"adolescence":0,"internet":0,"self":0,"other":0}`,
		"G6": `{"staff":0,"parent":0}`,
		"I1": `{"self_harm":0,"suicide_ideation":0,"suicide_plan":0,"suicide_attempt":0,"harm_others":0,"abuse":0,"other":0}`,
		"K1": `{"sessions":0,"participants":0}`,
		"L1": `{"classes_with_member":0,"class_count":18}`,
		"L4": `{"reports":0,"concerns":0}`,
	}
	for c, want := range objects {
		if got := string(m[c]); got != want {
			t.Errorf("%s: got %s, want %s", c, got, want)
		}
	}
}

func TestF2FollowsTheConfiguredLevelsInRankOrder(t *testing.T) {
	d := &figures.Dataset{
		Settings: casework.Settings{RiskLevels: []casework.RiskLevel{
			{Code: "b", Rank: 2}, {Code: "a", Rank: 1}, {Code: "c", Rank: 3},
		}},
		KeyStudents: []*casework.KeyStudent{
			key("k1", "2026-09-01", "", "2026-09-01", "c"),
			key("k2", "2026-09-01", "", "2026-09-01", "retired"),
		},
	}
	d.Settings.School.Name = "x"
	r := compute(t, d, month.Period())
	b, _ := json.Marshal(r.F2)
	if want := `{"a":0,"b":0,"c":1,"retired":1}`; string(b) != want {
		t.Errorf("got %s, want %s (configured levels by rank, then unknown codes)", b, want)
	}
	var back figures.Counts
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, r.F2) {
		t.Errorf("round trip: got %v (%v), want %v", back, err, r.F2)
	}
}

func TestHashAndDiffAndParse(t *testing.T) {
	d := &figures.Dataset{Visits: []*casework.Visit{{Meta: meta("v1"), Date: "2026-10-05"}}}
	a := compute(t, d, month.Period())
	h := figures.Hash(a)
	if len(h) != 64 {
		t.Fatalf("got hash %q, want 64 hex digits", h)
	}
	b, _ := a.JSON()
	parsed, err := figures.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if figures.Hash(parsed) != h {
		t.Error("got a different hash after a JSON round trip, want the same")
	}
	if diff := figures.Diff(a, parsed); diff != nil {
		t.Errorf("got diff %v after a round trip, want none", diff)
	}
	d.Visits = append(d.Visits, &casework.Visit{Meta: meta("v2"), Date: "2026-10-06"})
	d.Cases = []*casework.Case{studentCase("c1", "s1", "2026-10-01", casework.CaseSourceTeacher)}
	c := compute(t, d, month.Period())
	if got, want := figures.Diff(a, c), []string{"C3", "G3", "G4"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got diff %v, want %v", got, want)
	}
	if figures.Hash(c) == h {
		t.Error("got the same hash for different figures")
	}
	if _, err := figures.Parse([]byte(`{"F2":[1]}`)); err == nil {
		t.Error("Parse: got no error for F2 as a list")
	}
}

func TestDrillNamesTheRecordsCounted(t *testing.T) {
	d := &figures.Dataset{
		Settings: settings(),
		Cases: []*casework.Case{
			studentCase("c1", "s1", "2026-10-01", casework.CaseSourceTeacher, casework.ProblemTypeStudy, casework.ProblemTypeFamily),
			studentCase("c2", "s2", "2026-10-02", casework.CaseSourceSelf, casework.ProblemTypeFamily),
			{Meta: meta("c3"), ClientKind: casework.ClientKindParent, OpenedOn: "2026-10-02", Source: casework.CaseSourceParent},
		},
		Sessions: []*casework.Session{session("x1", "c1", "2026-10-03"), session("x2", "c1", "2026-10-04"), session("x3", "c3", "2026-10-04")},
		KeyStudents: func() []*casework.KeyStudent {
			k := key("k1", "2026-09-01", "", "2026-09-01", "red")
			k.FollowUps = []casework.FollowUp{{Date: "2026-10-02"}, {Date: "2026-10-09"}}
			return []*casework.KeyStudent{k}
		}(),
	}
	p := month.Period()
	tests := []struct {
		code string
		want []figures.Ref
	}{
		{"G1", []figures.Ref{{Kind: casework.KindSession, ID: "x1"}, {Kind: casework.KindSession, ID: "x2"}}},
		{"G2", []figures.Ref{{Kind: casework.KindStudent, ID: "s1"}}},
		{"G4.teacher", []figures.Ref{{Kind: casework.KindCase, ID: "c1"}}},
		{"G5.family", []figures.Ref{{Kind: casework.KindCase, ID: "c1"}, {Kind: casework.KindCase, ID: "c2"}}},
		{"G6.parent", []figures.Ref{{Kind: casework.KindSession, ID: "x3"}}},
		{"F2.red", []figures.Ref{{Kind: casework.KindKeyStudent, ID: "k1"}}},
		{"F2.orange", nil},
		{"F6", []figures.Ref{{Kind: casework.KindKeyStudent, ID: "k1", Entry: 1, Date: "2026-10-02"}, {Kind: casework.KindKeyStudent, ID: "k1", Entry: 2, Date: "2026-10-09"}}},
		{"A1", nil},
		{"Z9", nil},
	}
	r := compute(t, d, p)
	for _, tt := range tests {
		got := figures.Drill(d, p, tt.code)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Drill %s: got %v, want %v", tt.code, got, tt.want)
		}
	}
	// Every single-valued count equals the number of records drilled.
	for code, n := range map[string]int{"G1": r.G1, "G2": r.G2, "F1": r.F1, "F6": r.F6} {
		if got := len(figures.Drill(d, p, code)); got != n {
			t.Errorf("Drill %s: got %d records, want %d as computed", code, got, n)
		}
	}
}

func TestSeriesGivesOneRowPerMonth(t *testing.T) {
	d := &figures.Dataset{
		Settings: settings(),
		Cases:    []*casework.Case{studentCase("c1", "s1", "2026-09-01", casework.CaseSourceSelf)},
		Sessions: []*casework.Session{session("x1", "c1", "2026-09-30"), session("x2", "c1", "2026-11-01"), session("x3", "c1", "2026-11-30")},
		GroupSessions: []*casework.GroupSession{
			{Meta: meta("g1"), Date: "2026-10-10", Participants: 30},
		},
		KeyStudents: []*casework.KeyStudent{key("k1", "2026-10-31", "2026-11-30", "2026-10-31", "red")},
	}
	rows := figures.Series(d, "2026-09", "2026-11", "")
	if len(rows) != 3 {
		t.Fatalf("got %d rows, want 3", len(rows))
	}
	got := [][4]int{}
	for _, r := range rows {
		got = append(got, [4]int{r.Sessions, r.Groups, r.KeyOnRoll, r.Opened})
	}
	want := [][4]int{{1, 0, 0, 1}, {0, 1, 1, 0}, {2, 0, 0, 0}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if rows[0].Month != "2026-09" || rows[2].Month != "2026-11" {
		t.Errorf("got months %s…%s", rows[0].Month, rows[2].Month)
	}
	if figures.Series(d, "2026-11", "2026-09", "") != nil {
		t.Error("got rows for a reversed range, want none")
	}
}
