package interchange

import (
	"fmt"
	"math/rand/v2"
	"time"

	"xinqing/internal/casework"
)

// randDoc builds a random valid document from seed: a few records of
// every kind with synthetic names, every reference resolving inside it.
type randDoc struct {
	r   *rand.Rand
	t0  time.Time
	seq int
}

func (g *randDoc) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(g.r.Uint32())
	}
	return len(p), nil
}

func (g *randDoc) meta() casework.Meta {
	id, _ := casework.NewIDFrom(g)
	g.seq++
	c := g.t0.Add(time.Duration(g.r.IntN(1000)) * time.Hour)
	if g.r.IntN(4) == 0 {
		// Equal creation times: the id must break the tie.
		c = g.t0
	}
	return casework.Meta{ID: id, CreatedAt: casework.Stamp(c), UpdatedAt: casework.Stamp(c.Add(time.Duration(g.r.IntN(100)) * time.Minute))}
}

func (g *randDoc) date() casework.Date {
	return casework.NewDate(2025, time.September, 1).AddDays(g.r.IntN(300))
}

func (g *randDoc) text(parts ...string) string {
	if g.r.IntN(3) == 0 {
		return ""
	}
	return parts[g.r.IntN(len(parts))]
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func (g *randDoc) n(max int) int { return g.r.IntN(max + 1) }

var (
	surnames = []string{"林", "陈", "赵", "苏", "韩", "叶", "沈", "顾"}
	given    = []string{"晓", "雨", "思", "安", "宁", "远", "一", "可", "辰", "星"}
)

func (g *randDoc) name() string {
	s := pick(g.r, surnames) + pick(g.r, given)
	if g.r.IntN(2) == 0 {
		s += pick(g.r, given)
	}
	return s
}

func newRandDoc(seed uint64) *Document {
	g := &randDoc{r: rand.New(rand.NewPCG(seed, 0x5eed)), t0: time.Date(2025, 9, 1, 8, 0, 0, 0, time.UTC)}
	r := g.r
	s := casework.DefaultSettings()
	s.School.Name = "晴川实验学校（演示）"
	s.School.Stage = casework.StageJunior
	s.School.StudentCount = 100 + r.IntN(900)
	s.School.ClassCount = 3 + r.IntN(20)
	s.School.Room = casework.Room{HasRoom: true, AreaM2: 60.5, Zones: []string{"个体辅导区", "团体活动区"}}
	if r.IntN(2) == 0 {
		s.Terms = []casework.Term{{Name: "2025-2026学年第一学期", Start: "2025-09-01", End: "2026-01-20"}}
	}
	d := NewDocument(s)
	levels := []string{"red", "orange", "yellow", "watch"}
	var students []string
	for range 1 + g.n(5) {
		x := &casework.Student{Meta: g.meta(), Name: g.name(), Gender: pick(r, casework.AllGenders()),
			Grade: "七年级", Class: fmt.Sprintf("七(%d)班", 1+r.IntN(4)), Boarding: r.IntN(2) == 0,
			GuardianName: g.text(g.name()), GuardianPhone: g.text("13800000000", "13900001111"),
			FamilyStructure: casework.FamilyStructure(g.text("nuclear", "grandparent")),
			Status:          casework.StudentStatus(g.text("enrolled", "graduated")),
			Notes:           g.text("喜欢画画", "性格安静，<乐于助人> & 认真")}
		if r.IntN(2) == 0 {
			x.BirthDate = casework.NewDate(2012, time.Month(1+r.IntN(12)), 1+r.IntN(28))
			x.StudentNo = fmt.Sprintf("G%018d", r.Int64N(1e17))
		}
		if r.IntN(3) == 0 {
			x.SpecialGroups = []casework.SpecialGroup{casework.SpecialGroupLeftBehind, casework.SpecialGroupHardship}
		}
		// Version 2: a leaving day and a class history.
		if x.Status == casework.StudentStatusGraduated && r.IntN(2) == 0 {
			x.LeftOn, x.GraduationYear = "2026-09-01", 2026
		}
		if r.IntN(3) == 0 {
			x.ClassHistory = []casework.ClassEntry{{From: "2024-09-01", Grade: "六年级", Class: "六(2)班"},
				{From: "2025-09-01", Grade: x.Grade, Class: x.Class}}
		}
		if x.Status == casework.StudentStatusGraduated {
			x.GraduationYear = 2025
		}
		students = append(students, x.ID)
		d.Students = append(d.Students, x)
	}
	var cases []string
	for range g.n(4) {
		x := &casework.Case{Meta: g.meta(), OpenedOn: g.date(), Source: pick(r, casework.AllCaseSources()),
			ProblemTypes: []casework.ProblemType{pick(r, casework.AllProblemTypes())}, Goals: g.text("改善同伴关系")}
		if r.IntN(4) == 0 {
			x.ClientKind, x.ClientName = casework.ClientKindParent, g.name()
		} else {
			x.StudentID = pick(r, students)
		}
		if r.IntN(2) == 0 {
			x.Status, x.ClosedOn = casework.CaseStatusClosed, x.OpenedOn.AddDays(30)
		}
		cases = append(cases, x.ID)
		d.Cases = append(d.Cases, x)
	}
	for range g.n(4) {
		if len(cases) == 0 {
			break
		}
		x := &casework.Session{Meta: g.meta(), CaseID: pick(r, cases), Date: g.date(), Start: "15:30",
			DurationMin: 20 + r.IntN(40), Mode: casework.SessionModeInPerson, Risk: pick(r, casework.AllSessionRisks()),
			Observations: g.text("情绪较平稳，表达清楚"), PrivateNote: g.text("下次带上绘本")}
		d.Sessions = append(d.Sessions, x)
	}
	for range g.n(3) {
		inc := g.date()
		x := &casework.KeyStudent{Meta: g.meta(), StudentID: pick(r, students), IncludedOn: inc,
			Reasons:     []casework.KeyReason{casework.KeyReasonEmotion},
			Levels:      []casework.LevelEntry{{Date: inc, Level: pick(r, levels), DecidedBy: "心理教师"}},
			Plan:        casework.Plan{Measures: g.text("每周面谈一次"), ReviewOn: inc.AddDays(30)},
			Responsible: []casework.Responsible{{Role: "班主任", Name: g.name()}}}
		if r.IntN(2) == 0 {
			x.Levels = append(x.Levels, casework.LevelEntry{Date: inc.AddDays(20), Level: pick(r, levels)})
			x.FollowUps = []casework.FollowUp{{Date: inc.AddDays(7), Method: casework.FollowUpMethodPhone, Situation: "状态好转"}}
		}
		if r.IntN(3) == 0 {
			x.ReleasedOn, x.ReleaseBasis, x.Handover = inc.AddDays(40), casework.ReleaseBasisGraduated, "建议新学校继续关注"
		}
		d.KeyStudents = append(d.KeyStudents, x)
	}
	for range g.n(2) {
		on := g.date()
		d.Crises = append(d.Crises, &casework.Crisis{Meta: g.meta(), StudentID: pick(r, students), DiscoveredOn: on,
			RiskType: pick(r, casework.AllRiskTypes()), Level: pick(r, levels), HospitalEscort: r.IntN(2) == 0,
			Disclosures: []casework.Disclosure{{To: casework.DisclosureRecipientGuardian, On: on, Scope: "安全风险"}}})
	}
	for range g.n(2) {
		on := g.date()
		d.Referrals = append(d.Referrals, &casework.Referral{Meta: g.meta(), StudentID: pick(r, students), SuggestedOn: on,
			Reason: "建议到专科医院做进一步检查", Status: pick(r, casework.AllReferralStatuses()), VisitedOn: on.AddDays(5)})
	}
	for range g.n(3) {
		x := &casework.Contact{Meta: g.meta(), Date: g.date(), Counterpart: pick(r, casework.AllCounterparts()), Summary: g.text("沟通近况")}
		if r.IntN(2) == 0 {
			x.StudentID = pick(r, students)
		}
		d.Contacts = append(d.Contacts, x)
	}
	for range g.n(2) {
		x := &casework.GroupSession{Meta: g.meta(), Title: "认识情绪", GroupType: pick(r, casework.AllGroupTypes()),
			Date: g.date(), DurationMin: 40, Leader: g.name(), Participants: 1 + r.IntN(45), SeriesNo: r.IntN(3),
			Process: []casework.ProcessSegment{{Segment: "暖身", Minutes: 5, Activity: "松鼠与大树"}, {Segment: "分享", Minutes: 0}}}
		if r.IntN(2) == 0 {
			x.Attendance = []casework.Attendance{{StudentID: pick(r, students), Present: true}}
			x.FollowUpStudentIDs = []string{pick(r, students)}
		}
		d.GroupSessions = append(d.GroupSessions, x)
	}
	var members []string
	for range g.n(2) {
		x := &casework.CommitteeMember{Meta: g.meta(), StudentID: pick(r, students), Class: "七(1)班", AppointedOn: g.date(),
			Trainings: []casework.Training{{Date: g.date(), Topic: "倾听", Hours: 1.5}}}
		members = append(members, x.ID)
		d.CommitteeMembers = append(d.CommitteeMembers, x)
	}
	for range g.n(3) {
		x := &casework.ClassReport{Meta: g.meta(), Class: "七(1)班", WeekStart: casework.WeekStartOf(g.date()),
			Mood: pick(r, casework.AllMoods()), Concerns: r.IntN(3), HomeroomSigned: r.IntN(2) == 0}
		if len(members) > 0 && r.IntN(2) == 0 {
			x.MemberID = pick(r, members)
		}
		d.ClassReports = append(d.ClassReports, x)
	}
	for range g.n(3) {
		d.Activities = append(d.Activities, &casework.Activity{Meta: g.meta(), Kind: pick(r, casework.AllActivityKinds()),
			Date: g.date(), Title: "5·25 心理健康宣传", Lessons: r.IntN(3), Participants: r.IntN(300), Hours: 0.5})
	}
	for range g.n(2) {
		d.DutyDays = append(d.DutyDays, &casework.DutyDay{Meta: g.meta(), Date: g.date(), OpenHours: "12:00-13:00"})
	}
	for range g.n(2) {
		d.Visits = append(d.Visits, &casework.Visit{Meta: g.meta(), Date: g.date(), Time: "12:10",
			VisitorType: pick(r, casework.AllVisitorTypes()), Method: pick(r, casework.AllVisitMethods())})
	}
	for range g.n(2) {
		d.Mailbox = append(d.Mailbox, &casework.Mailbox{Meta: g.meta(), OpenedOn: g.date(), Letters: r.IntN(4)})
	}
	for range g.n(2) {
		d.Screenings = append(d.Screenings, &casework.Screening{Meta: g.meta(), Name: "七年级心理普查", DateTo: g.date(),
			Expected: 300, Tested: 290, Valid: 288, Flagged: 12, Confirmed: 3, ConsentCollected: true})
	}
	for _, sc := range d.Screenings {
		for range g.n(2) {
			x := &casework.ScreeningResult{Meta: g.meta(), ScreeningID: sc.ID, StudentID: pick(r, students),
				RawScore: float64(r.IntN(28)), Valid: r.IntN(5) > 0,
				Flagged: r.IntN(2) == 0, FlagReason: g.text("总分≥10")}
			if r.IntN(2) == 0 {
				x.InterviewedOn, x.InterviewOutcome = g.date(), pick(r, []casework.InterviewOutcome{casework.InterviewOutcomeWatch, casework.InterviewOutcomeNotConfirmed})
			}
			if r.IntN(2) == 0 { // a platform's subscale columns
				x.Subscales = map[string]float64{"学习焦虑": float64(r.IntN(10)), "对人焦虑": float64(r.IntN(10)) + 0.5}
			}
			d.ScreeningResults = append(d.ScreeningResults, x)
		}
	}
	for range g.n(2) {
		d.Consents = append(d.Consents, &casework.Consent{Meta: g.meta(), StudentID: pick(r, students),
			Kind: pick(r, casework.AllConsentKinds()), Date: g.date(), GuardianSigned: true})
	}
	for i := range g.n(2) {
		d.MonthNotes = append(d.MonthNotes, &casework.MonthNotes{Meta: g.meta(), Month: casework.Month(fmt.Sprintf("2025-%02d", 9+i)),
			Highlights: g.text("开展心理委员培训"), TrainingHours: float64(r.IntN(8)) / 2})
	}
	for i := range g.n(3) {
		x := &casework.Appointment{Meta: g.meta(), StudentID: pick(r, students), Date: g.date(),
			Start: casework.Clock(fmt.Sprintf("%02d:00", 8+i)), DurationMin: 40, Via: pick(r, casework.AllAppointmentVias()),
			Status: pick(r, casework.AllAppointmentStatuses()), Note: g.text("想聊聊学习压力")}
		if len(cases) > 0 && r.IntN(2) == 0 {
			x.CaseID = pick(r, cases)
		}
		d.Appointments = append(d.Appointments, x)
	}
	return d
}
