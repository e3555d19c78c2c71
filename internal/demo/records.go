package demo

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"slices"
	"time"

	"xinqing/internal/casework"
)

var relations = []struct {
	rel      string
	male     bool
	sameName bool
}{{"父亲", true, true}, {"母亲", false, false}, {"祖父", true, true}, {"祖母", false, false}, {"外婆", false, false}}

func (g *gen) students() {
	cohorts := g.p.grades + g.p.years - 1
	firstEntry := g.firstYear - (g.p.grades - 1)
	cpg := g.classesPerGrade()
	for c := range cohorts {
		entry := firstEntry + c
		n := g.p.students / cohorts
		if c < g.p.students%cohorts {
			n++
		}
		last := entry + g.p.grades - 1 // the school year of the last grade
		for i := range n {
			male := g.chance(0.52)
			classNo := 1 + i%cpg
			// Born between September and August before starting grade 1.
			born := casework.NewDate(entry-g.p.firstGrade-7, time.September, 1).AddDays(g.r.IntN(365))
			gi := min(g.p.firstGrade+(g.lastYear-entry), g.p.firstGrade+g.p.grades-1)
			s := &casework.Student{
				Name: g.personName(male), Gender: casework.GenderFemale, BirthDate: born,
				StudentNo: studentNo(entry, c, i), Grade: gradeName(gi), Class: className(gi, classNo),
				Boarding: g.p.firstGrade >= 6 && g.chance(0.3), Status: casework.StudentStatusEnrolled,
				FamilyStructure: casework.FamilyStructureNuclear,
			}
			if male {
				s.Gender = casework.GenderMale
			}
			s.HomeroomTeacher = g.teacher(s.Class)
			surname := string([]rune(s.Name)[0])
			rel := pick(g.r, relations)
			s.GuardianRelation = rel.rel
			s.GuardianName = g.personName(rel.male)
			if rel.sameName {
				s.GuardianName = surname + string([]rune(s.GuardianName)[1:])
			}
			s.GuardianPhone = g.phone()
			g.specialGroups(s)
			if last < g.lastYear {
				s.Status, s.GraduationYear = casework.StudentStatusGraduated, last+1
			} else if g.chance(0.01) {
				s.Status = casework.StudentStatusTransferred
			}
			if g.chance(0.05) {
				s.Notes = pick(g.r, []string{"喜欢绘画，参加美术社团。", "篮球队队员。", "本学期转入。", "担任班级图书管理员。"})
			}
			// Written when the pupil joined the school.
			joined := casework.NewDate(max(entry, g.firstYear), time.September, 1)
			s.Meta = g.meta(joined)
			g.pupils = append(g.pupils, pupil{s: s, entry: entry, classNo: classNo})
			g.doc.Students = append(g.doc.Students, s)
		}
	}
}

// leavers applies the school-year rules (docs/DOMAIN.md "Time") to the
// generated school, as the promotions and transfers of the past years
// would have: every pupil's class history over the years shown, graduates
// leaving on the first day of the school year after their last, transfers
// leaving this autumn, and the key-student entries of leavers released on
// the day they left with the basis 毕业离校 and a hand-over note. It draws
// nothing from the seeded source, so the rest of the school is unchanged.
func (g *gen) leavers() {
	left, basis := map[string]casework.Date{}, map[string]string{}
	for i, p := range g.pupils {
		s := p.s
		last := p.entry + g.p.grades - 1
		from, to := max(p.entry, g.firstYear), min(last, g.lastYear)
		if s.Status == casework.StudentStatusTransferred {
			to = g.lastYear
		}
		if to > from {
			for y := from; y <= to; y++ {
				gi, _ := g.gradeIn(p, y)
				gi = min(gi, g.p.firstGrade+g.p.grades-1)
				s.ClassHistory = append(s.ClassHistory, casework.ClassEntry{From: casework.NewDate(y, time.September, 1),
					Grade: gradeName(gi), Class: className(gi, p.classNo)})
			}
		}
		switch s.Status {
		case casework.StudentStatusGraduated:
			s.LeftOn = casework.NewDate(last+1, time.September, 1)
			left[s.ID], basis[s.ID] = s.LeftOn, casework.ReleaseBasisGraduated
		case casework.StudentStatusTransferred:
			s.LeftOn = min(casework.NewDate(g.lastYear, time.October, 8+i%14), g.now)
			if s.LeftOn <= casework.NewDate(g.lastYear, time.September, 1) {
				s.LeftOn = casework.NewDate(g.lastYear, time.September, 2)
			}
			left[s.ID], basis[s.ID] = s.LeftOn, casework.ReleaseBasisTransferred
		}
	}
	for i, k := range g.doc.KeyStudents {
		on, ok := left[k.StudentID]
		if !ok || k.ReleasedOn != "" && k.ReleasedOn <= on {
			continue
		}
		k.ReleasedOn, k.ReleaseBasis, k.Handover = on, basis[k.StudentID], handoverNotes[i%len(handoverNotes)]
		k.FollowUps = slices.DeleteFunc(k.FollowUps, func(f casework.FollowUp) bool { return f.Date >= on })
		first := k.Levels[0]
		k.Levels = slices.DeleteFunc(k.Levels[1:], func(l casework.LevelEntry) bool { return l.Date > on })
		k.Levels = append([]casework.LevelEntry{first}, k.Levels...)
	}
}

func studentNo(entry, cohort, i int) string {
	return "D" + itoa(entry) + pad(cohort, 2) + pad(i, 4)
}

func itoa(n int) string { return pad(n, 1) }

func pad(n, w int) string {
	s := []byte{}
	for n > 0 || len(s) < w {
		s = append([]byte{byte('0' + n%10)}, s...)
		n /= 10
	}
	return string(s)
}

// specialGroups sets flags at rates plausible for a county school.
func (g *gen) specialGroups(s *casework.Student) {
	add := func(x casework.SpecialGroup) { s.SpecialGroups = append(s.SpecialGroups, x) }
	if g.chance(0.09) {
		add(casework.SpecialGroupLeftBehind)
		s.FamilyStructure = casework.FamilyStructureGrandparent
	}
	if g.chance(0.05) {
		add(casework.SpecialGroupMigrant)
	}
	if g.chance(0.03) {
		add(casework.SpecialGroupHardship)
	}
	if g.chance(0.003) {
		add(casework.SpecialGroupOrphan)
		s.FamilyStructure = casework.FamilyStructureOther
	}
	if g.chance(0.005) {
		add(casework.SpecialGroupDisabled)
	}
	if g.chance(0.06) {
		add(casework.SpecialGroupSingleParent)
		s.FamilyStructure = casework.FamilyStructureSingleParent
	} else if g.chance(0.04) {
		s.FamilyStructure = casework.FamilyStructureBlended
	}
}

// enrolled returns the pupils at school in year y.
func (g *gen) enrolled(y int) []pupil {
	var out []pupil
	for _, p := range g.pupils {
		if _, ok := g.gradeIn(p, y); ok && p.s.Status != casework.StudentStatusTransferred {
			out = append(out, p)
		}
	}
	return out
}

func (g *gen) classOf(p pupil, y int) string {
	gi, _ := g.gradeIn(p, y)
	return className(gi, p.classNo)
}

func (g *gen) cases(y int) {
	pupils := g.enrolled(y)
	n := g.share(g.p.casesPerYear, y)
	opened := make([]casework.Date, n)
	for i := range opened {
		opened[i] = g.day(y)
	}
	slices.Sort(opened)
	for _, on := range opened {
		c := &casework.Case{Meta: g.meta(on), OpenedOn: on, Source: g.caseSource(),
			ProblemTypes:      g.problemTypes(),
			PresentingProblem: pick(g.r, presentingProblems), Goals: pick(g.r, caseGoals), Status: casework.CaseStatusOpen}
		var pp pupil
		switch x := g.r.Float64(); {
		case x < 0.05:
			c.ClientKind, c.ClientName = casework.ClientKindParent, g.personName(g.chance(0.4))
			c.ProblemTypes = []casework.ProblemType{casework.ProblemTypeFamily}
		case x < 0.08:
			c.ClientKind, c.ClientName = casework.ClientKindStaff, g.personName(g.chance(0.4))
			c.ProblemTypes = []casework.ProblemType{casework.ProblemTypeEmotion}
		default:
			pp = pick(g.r, pupils)
			c.ClientKind, c.StudentID = casework.ClientKindStudent, pp.s.ID
			c.Background = pick(g.r, backgrounds)
		}
		yr := on.Year()
		g.caseSeq[yr]++
		c.CaseNo = casework.FormatCaseNo(yr, g.caseSeq[yr])
		g.doc.Cases = append(g.doc.Cases, c)
		if c.StudentID != "" && g.chance(0.6) {
			g.doc.Consents = append(g.doc.Consents, &casework.Consent{Meta: g.meta(on), StudentID: c.StudentID,
				Kind: casework.ConsentKindCounseling, Date: on, GuardianSigned: true, StudentSigned: true})
		}
		last := g.sessions(c, y)
		if last != "" && g.chance(0.75) {
			if end := last.AddDays(g.r.IntN(10)); end <= g.now {
				c.Status, c.ClosedOn, c.ClosingSummary = casework.CaseStatusClosed, end, pick(g.r, closingSummaries)
			}
		} else if g.chance(0.05) {
			c.Status = casework.CaseStatusReferred
		}
	}
}

func (g *gen) caseSource() casework.CaseSource {
	w := []struct {
		s casework.CaseSource
		p float64
	}{{casework.CaseSourceSelf, 0.35}, {casework.CaseSourceTeacher, 0.3}, {casework.CaseSourceParent, 0.12},
		{casework.CaseSourceScreening, 0.1}, {casework.CaseSourceCommittee, 0.06}, {casework.CaseSourceObservation, 0.05}}
	x := g.r.Float64()
	for _, e := range w {
		if x < e.p {
			return e.s
		}
		x -= e.p
	}
	return casework.CaseSourceOther
}

func (g *gen) problemTypes() []casework.ProblemType {
	all := []casework.ProblemType{casework.ProblemTypeStudy, casework.ProblemTypeRelationship, casework.ProblemTypeEmotion,
		casework.ProblemTypeFamily, casework.ProblemTypeAdolescence, casework.ProblemTypeInternet, casework.ProblemTypeSelf}
	n := 1 + g.r.IntN(2)
	out := []casework.ProblemType{}
	for _, i := range g.r.Perm(len(all))[:n] {
		out = append(out, all[i])
	}
	if g.chance(0.02) {
		out = append(out, casework.ProblemTypeOther)
	}
	return out
}

// sessions writes a case's sessions about a week apart; it returns the
// date of the last one ("" if none fitted before now).
func (g *gen) sessions(c *casework.Case, y int) casework.Date {
	n := 1 + g.r.IntN(2*g.p.sessionsPerCase-1)
	var dates []casework.Date
	next := c.OpenedOn
	for range n {
		d := g.firstDayFrom(y, next)
		if d == "" || d.AddDays(-10) > next {
			break
		}
		if len(dates) > 0 && d <= dates[len(dates)-1] {
			break
		}
		dates = append(dates, d)
		next = d.AddDays(6 + g.r.IntN(4))
	}
	for i, d := range dates {
		s := &casework.Session{Meta: g.meta(d), CaseID: c.ID, Date: d,
			Start: casework.Clock(pick(g.r, []string{"12:30", "15:40", "16:20", "17:10"})), DurationMin: pick(g.r, []int{30, 40, 45, 50}),
			Place: casework.SessionPlaceRoom, Mode: casework.SessionModeInPerson, Form: casework.SessionFormIndividual,
			Observations: pick(g.r, observations), Interventions: pick(g.r, interventions), Assessment: pick(g.r, assessments),
			Effect: pick(g.r, effects), Homework: pick(g.r, homeworks), Risk: casework.SessionRiskNone}
		if g.chance(0.08) {
			s.Risk = casework.SessionRiskLow
		}
		if g.chance(0.05) {
			s.Mode = casework.SessionModePhone
		}
		if c.ClientKind == casework.ClientKindParent || g.chance(0.05) && c.ClientKind == casework.ClientKindStudent {
			s.Form = casework.SessionFormParentMeeting
		}
		if i+1 < len(dates) {
			s.NextAppointment = dates[i+1]
		}
		if g.chance(0.1) {
			s.PrivateNote = "下次先回顾情绪日记。"
		}
		g.doc.Sessions = append(g.doc.Sessions, s)
	}
	if len(dates) == 0 {
		return ""
	}
	return dates[len(dates)-1]
}

func (g *gen) levelCodes() []string {
	return []string{casework.LevelRed, casework.LevelOrange, casework.LevelYellow, casework.LevelYellow, casework.LevelWatch, casework.LevelWatch}
}

func (g *gen) keyStudents(y int) {
	pupils := g.enrolled(y)
	n := g.share(g.p.keyPerYear, y)
	for range n {
		pp := pick(g.r, pupils)
		inc := g.day(y)
		if until, on := g.register[pp.s.ID]; on && (until == "" || until >= inc) {
			continue // already on the register that day
		}
		k := &casework.KeyStudent{Meta: g.meta(inc), StudentID: pp.s.ID, IncludedOn: inc,
			InclusionSource: pick(g.r, casework.AllInclusionSources()), Reasons: []casework.KeyReason{pick(g.r, casework.AllKeyReasons())},
			ReasonText: pick(g.r, keyReasonTexts), InitialInterview: "已完成初始访谈，学生愿意接受定期面谈。",
			Responsible: []casework.Responsible{{Role: "班主任", Name: g.teacher(g.classOf(pp, y))}, {Role: "心理教师", Name: "周心晴（演示）"}},
			Plan:        casework.Plan{Goals: pick(g.r, planGoals), Measures: pick(g.r, planMeasures), ReviewOn: inc.AddDays(30)},
		}
		if g.chance(0.1) {
			k.Plan.Measures = "" // a plan still being written
		}
		if len(pp.s.SpecialGroups) > 0 && g.chance(0.5) {
			k.Reasons = append(k.Reasons, casework.KeyReasonSpecialGroup)
			k.Reasons = slices.Compact(k.Reasons)
		}
		lv := pick(g.r, g.levelCodes())
		k.Levels = []casework.LevelEntry{{Date: inc, Level: lv, Reason: "纳入时评估", DecidedBy: "心理教师"}}
		d := inc
		for range g.r.IntN(3) {
			d = d.AddDays(20 + g.r.IntN(40))
			if d > g.now {
				break
			}
			k.Levels = append(k.Levels, casework.LevelEntry{Date: d, Level: pick(g.r, g.levelCodes()), Reason: "复评调整", DecidedBy: "学校心理工作小组"})
		}
		end := g.now
		if g.chance(0.5) {
			if rel := inc.AddDays(60 + g.r.IntN(120)); rel <= g.now {
				k.ReleasedOn, k.ReleaseBasis = rel, "连续两个月状态稳定，经评估解除。"
				end = rel
			}
		}
		for f := inc.AddDays(7 + g.r.IntN(14)); f <= end && len(k.FollowUps) < 12; f = f.AddDays(10 + g.r.IntN(25)) {
			k.FollowUps = append(k.FollowUps, casework.FollowUp{Date: f, Method: pick(g.r, casework.AllFollowUpMethods()), Situation: pick(g.r, followUpSituations)})
		}
		g.register[pp.s.ID] = k.ReleasedOn
		g.doc.KeyStudents = append(g.doc.KeyStudents, k)
	}
}

func (g *gen) crises(y int) {
	pupils := g.enrolled(y)
	for range g.share(g.p.crisesPerYear, y) {
		pp := pick(g.r, pupils)
		on := g.day(y)
		c := &casework.Crisis{Meta: g.meta(on), StudentID: pp.s.ID, DiscoveredOn: on,
			DiscoveredBy: pick(g.r, []string{"班主任", "心理委员", "家长", "心理教师"}), Place: pick(g.r, []string{"教室", "宿舍", "操场", "家中"}),
			RiskType: pick(g.r, []casework.RiskType{casework.RiskTypeSelfHarm, casework.RiskTypeSuicideIdeation, casework.RiskTypeSuicideIdeation,
				casework.RiskTypeHarmOthers, casework.RiskTypeOther, casework.RiskTypeSuicidePlan}),
			Level: pick(g.r, []string{casework.LevelRed, casework.LevelOrange}), Description: pick(g.r, crisisDescriptions),
			Actions: pick(g.r, crisisActions), HospitalEscort: g.chance(0.3), FollowUpPlan: "纳入重点学生，每周跟踪。",
			Disclosures: []casework.Disclosure{
				{To: casework.DisclosureRecipientHomeroomTeacher, On: on, Scope: "安全风险及需配合事项", Basis: "存在自伤或伤人风险"},
				{To: casework.DisclosureRecipientGuardian, On: on, Scope: "安全风险、就医建议", Basis: "存在自伤或伤人风险"},
			},
			GuardianHandoverOn: on,
		}
		if g.chance(0.5) {
			c.Disclosures = append(c.Disclosures, casework.Disclosure{To: casework.DisclosureRecipientSchoolLeader, On: on, Scope: "事件概况"})
		}
		if cl := on.AddDays(14 + g.r.IntN(30)); cl <= g.now {
			c.ClosedOn, c.Conclusion = cl, "风险解除，转入常规跟踪。"
		}
		g.doc.Crises = append(g.doc.Crises, c)
	}
}

func (g *gen) referrals(y int) {
	pupils := g.enrolled(y)
	for range g.share(g.p.referralsPerYear, y) {
		pp := pick(g.r, pupils)
		on := g.day(y)
		r := &casework.Referral{Meta: g.meta(on), StudentID: pp.s.ID, SuggestedOn: on, Reason: pick(g.r, referralReasons),
			Institution: pick(g.r, institutions), Department: "心理科", GuardianInformedOn: on, ReceiptSigned: g.chance(0.9),
			Status: casework.ReferralStatusSuggested}
		switch x := g.r.Float64(); {
		case x < 0.6:
			if v := on.AddDays(3 + g.r.IntN(14)); v <= g.now {
				r.Status, r.VisitedOn, r.Feedback = casework.ReferralStatusVisited, v, "家长反馈已就诊，医生建议定期复查，学校继续关注。"
				if g.chance(0.2) {
					r.LeaveFrom = v
					if back := v.AddDays(30 + g.r.IntN(60)); back <= g.now {
						r.ReturnedOn, r.ReturnAssessment = back, "复学评估：状态稳定，可正常返校，继续跟踪。"
					}
				}
			}
		case x < 0.75:
			r.Status = casework.ReferralStatusNotVisited
		case x < 0.85:
			r.Status = casework.ReferralStatusDeclined
		}
		g.doc.Referrals = append(g.doc.Referrals, r)
	}
}

func (g *gen) contacts(y int) {
	pupils := g.enrolled(y)
	for range g.share(g.p.contactsPerYear, y) {
		on := g.day(y)
		c := &casework.Contact{Meta: g.meta(on), Date: on, Purpose: pick(g.r, contactPurposes), Summary: pick(g.r, contactSummaries)}
		switch x := g.r.Float64(); {
		case x < 0.5:
			c.Counterpart, c.Method = casework.CounterpartGuardian, pick(g.r, casework.AllContactMethods())
		case x < 0.8:
			c.Counterpart, c.Method = casework.CounterpartHomeroomTeacher, casework.ContactMethodMeeting
		case x < 0.9:
			c.Counterpart, c.Method = casework.CounterpartTeacher, casework.ContactMethodMeeting
		case x < 0.95:
			c.Counterpart, c.Method = casework.CounterpartSchoolLeader, casework.ContactMethodMeeting
		default:
			c.Counterpart, c.Method = casework.CounterpartExternal, casework.ContactMethodPhone
		}
		if c.Counterpart != casework.CounterpartSchoolLeader && c.Counterpart != casework.CounterpartExternal {
			c.StudentID = pick(g.r, pupils).s.ID
		}
		if g.chance(0.3) {
			c.FollowUp = "两周后再次沟通。"
		}
		g.doc.Contacts = append(g.doc.Contacts, c)
	}
}

func (g *gen) groupSessions(y int) {
	pupils := g.enrolled(y)
	seriesNo := map[string]int{}
	n := g.share(g.p.groupsPerYear, y)
	dates := make([]casework.Date, n)
	for i := range dates {
		dates[i] = g.day(y)
	}
	slices.Sort(dates)
	for _, on := range dates {
		t := pick(g.r, groupTitles)
		seriesNo[t.series]++
		gs := &casework.GroupSession{Meta: g.meta(on), Title: t.title, Series: t.series, SeriesNo: seriesNo[t.series],
			Date: on, Start: "14:30", DurationMin: 40, Place: "团体辅导室", Leader: "周心晴（演示）",
			Goals: "帮助成员认识并接纳自己的情绪，学习调节方法。", Preparation: "彩笔、A4 纸、情绪卡片、音乐",
			Evaluation: pick(g.r, evaluations), Reflection: pick(g.r, reflections)}
		switch x := g.r.Float64(); {
		case x < 0.5:
			pp := pick(g.r, pupils)
			gs.GroupType, gs.Target, gs.Participants = casework.GroupTypeClass, g.classOf(pp, y), 35+g.r.IntN(12)
		case x < 0.75:
			gs.GroupType, gs.Target, gs.Participants = casework.GroupTypeSmallGroup, "自愿报名学生", 8+g.r.IntN(5)
			for _, i := range g.r.Perm(len(pupils))[:min(gs.Participants, len(pupils))] {
				a := casework.Attendance{StudentID: pupils[i].s.ID, Present: g.chance(0.92)}
				if !a.Present {
					a.Reason = "请假"
				}
				gs.Attendance = append(gs.Attendance, a)
			}
			if g.chance(0.3) {
				gs.FollowUpStudentIDs = []string{gs.Attendance[0].StudentID}
			}
		case x < 0.85:
			gs.GroupType, gs.Target, gs.Participants = casework.GroupTypeCommitteeTraining, "全体心理委员", 20+g.r.IntN(30)
		case x < 0.95:
			gs.GroupType, gs.Target, gs.Participants = casework.GroupTypeParent, "家长", 15+g.r.IntN(30)
		default:
			gs.GroupType, gs.Target, gs.Participants = casework.GroupTypeStaff, "班主任", 10+g.r.IntN(20)
		}
		gs.Stage = pick(g.r, casework.AllGroupStages())
		left := gs.DurationMin
		segs := 3 + g.r.IntN(3)
		for i := range segs {
			ps := pick(g.r, processSegments)
			m := left / (segs - i)
			if i == 0 {
				ps = processSegments[g.r.IntN(2)]
				m = 5
			}
			left -= m
			gs.Process = append(gs.Process, casework.ProcessSegment{Segment: ps.segment, Minutes: m, Activity: ps.activity,
				Observations: pick(g.r, groupObservations)})
		}
		g.doc.GroupSessions = append(g.doc.GroupSessions, gs)
	}
}

// committee appoints members in every class at the start of year y and
// collects the classes' weekly reports.
func (g *gen) committee(y int) {
	days := g.days[y]
	start, yearEnd := days[0], casework.NewDate(y+1, time.July, 5)
	byClass := map[string][]pupil{}
	var classes []string
	for _, p := range g.enrolled(y) {
		c := g.classOf(p, y)
		if byClass[c] == nil {
			classes = append(classes, c)
		}
		byClass[c] = append(byClass[c], p)
	}
	slices.Sort(classes)
	members := map[string][]*casework.CommitteeMember{}
	for _, c := range classes {
		ps := byClass[c]
		for i, idx := range g.r.Perm(len(ps))[:min(g.p.membersPerClass, len(ps))] {
			p := ps[idx]
			gi, _ := g.gradeIn(p, y)
			m := &casework.CommitteeMember{Meta: g.meta(start), StudentID: p.s.ID, Grade: gradeName(gi), Class: c,
				Role: casework.CommitteeRoleMember, AppointedOn: start}
			if i > 0 {
				m.Role = casework.CommitteeRoleDeputy
			}
			if yearEnd <= g.now {
				m.LeftOn = yearEnd
			}
			if g.chance(0.1) {
				// Replaced during the year.
				left := g.dayFrom(y, start.AddDays(60+g.r.IntN(90)))
				if left != "" {
					m.LeftOn, m.Notes = left, "因学业原因卸任"
					o := ps[g.r.IntN(len(ps))]
					r := &casework.CommitteeMember{Meta: g.meta(left), StudentID: o.s.ID, Grade: gradeName(gi), Class: c,
						Role: m.Role, AppointedOn: left}
					if yearEnd <= g.now {
						r.LeftOn = yearEnd
					}
					members[c] = append(members[c], r)
				}
			}
			for t := range g.r.IntN(4) {
				td := g.dayFrom(y, start.AddDays(14+t*60))
				if td == "" {
					break
				}
				m.Trainings = append(m.Trainings, casework.Training{Date: td, Topic: trainingTopics[t%len(trainingTopics)], Hours: pick(g.r, []float64{1, 1.5, 2})})
			}
			members[c] = append(members[c], m)
		}
	}
	for _, c := range classes {
		g.doc.CommitteeMembers = append(g.doc.CommitteeMembers, members[c]...)
	}
	// Weekly reports: Mondays of the school weeks.
	for _, d := range days {
		if wd, _ := d.Weekday(); wd != time.Monday {
			continue
		}
		for _, c := range classes {
			if !g.chance(g.p.reportShare) {
				continue
			}
			rep := &casework.ClassReport{Meta: g.meta(d.AddDays(4)), Class: c, WeekStart: d,
				Mood:     pick(g.r, []casework.Mood{casework.MoodGood, casework.MoodGood, casework.MoodGood, casework.MoodFair, casework.MoodFair, casework.MoodPoor}),
				Concerns: 0, HomeroomSigned: g.chance(0.85)}
			if rep.Mood != casework.MoodGood {
				rep.Concerns = 1 + g.r.IntN(2)
				rep.ConcernNotes = "见心理委员口头反馈"
				rep.Actions = pick(g.r, reportActions)
				rep.NeedsCounselor = g.chance(0.3)
			}
			for _, m := range members[c] {
				if m.ActiveAt(d) {
					rep.MemberID = m.ID
					break
				}
			}
			g.doc.ClassReports = append(g.doc.ClassReports, rep)
		}
	}
}

func (g *gen) activities(y int) {
	kinds := []casework.ActivityKind{casework.ActivityKindLesson, casework.ActivityKindLesson, casework.ActivityKindLesson,
		casework.ActivityKindClassMeeting, casework.ActivityKindClassMeeting, casework.ActivityKindSpecialEvent,
		casework.ActivityKindParentLecture, casework.ActivityKindStaffTraining, casework.ActivityKindCommitteeTraining,
		casework.ActivityKindExternal, casework.ActivityKindOther}
	for range g.share(g.p.activitiesPerYear, y) {
		on := g.day(y)
		k := pick(g.r, kinds)
		a := &casework.Activity{Meta: g.meta(on), Kind: k, Date: on, Title: pick(g.r, activityTitles[string(k)])}
		switch k {
		case casework.ActivityKindLesson:
			a.Classes = 1 + g.r.IntN(g.classesPerGrade())
			a.Lessons, a.Participants, a.Target = a.Classes, a.Classes*40, gradeName(g.p.firstGrade+g.r.IntN(g.p.grades))
		case casework.ActivityKindClassMeeting:
			a.Classes, a.Participants = 1, 40
		case casework.ActivityKindParentLecture:
			a.Participants, a.Hours, a.Target = 60+g.r.IntN(200), 1.5, "家长"
		case casework.ActivityKindStaffTraining, casework.ActivityKindCommitteeTraining:
			a.Participants, a.Hours = 20+g.r.IntN(40), 2
		default:
			a.Participants = 100 + g.r.IntN(500)
		}
		g.doc.Activities = append(g.doc.Activities, a)
	}
}

// roomLog writes duty days, visits and mailbox openings.
func (g *gen) roomLog(y int) {
	for _, d := range g.days[y] {
		wd, _ := d.Weekday()
		if g.chance(0.6) {
			g.doc.DutyDays = append(g.doc.DutyDays, &casework.DutyDay{Meta: g.meta(d), Date: d, OpenHours: "12:00-13:30, 16:30-17:30", OnDuty: "周心晴（演示）"})
		}
		if wd == time.Friday {
			n := g.r.IntN(4)
			h := pick(g.r, mailboxHandlings)
			if n == 0 {
				h = "本周无来信"
			}
			g.doc.Mailbox = append(g.doc.Mailbox, &casework.Mailbox{Meta: g.meta(d), OpenedOn: d, Letters: n, Handling: h})
		}
	}
	for range g.share(g.p.visitsPerYear, y) {
		d := g.day(y)
		g.doc.Visits = append(g.doc.Visits, &casework.Visit{Meta: g.meta(d), Date: d,
			Time:        casework.Clock(pick(g.r, []string{"12:05", "12:40", "16:35", "17:00"})),
			VisitorType: pick(g.r, []casework.VisitorType{casework.VisitorTypeStudent, casework.VisitorTypeStudent, casework.VisitorTypeStudent, casework.VisitorTypeParent, casework.VisitorTypeTeacher}),
			Method:      pick(g.r, casework.AllVisitMethods()), Category: pick(g.r, visitCategories), Handling: pick(g.r, visitHandlings)})
	}
}

func (g *gen) screenings(y int) {
	n := len(g.enrolled(y))
	for i, s := range []struct {
		name     string
		from, to casework.Date
		grades   string
	}{
		{"新生心理健康普查", casework.NewDate(y, time.October, 9), casework.NewDate(y, time.October, 20), gradeName(g.p.firstGrade)},
		{"全校心理健康测评", casework.NewDate(y+1, time.March, 10), casework.NewDate(y+1, time.March, 24), "全体年级"},
	} {
		if s.to > g.now {
			continue
		}
		expected := n / g.p.grades
		if i == 1 {
			expected = n
		}
		tested := expected - g.r.IntN(max(1, expected/50))
		valid := tested - g.r.IntN(max(1, tested/40))
		flagged := valid * (5 + g.r.IntN(6)) / 100
		g.doc.Screenings = append(g.doc.Screenings, &casework.Screening{Meta: g.meta(s.to), Name: s.name,
			Instrument: pick(g.r, []string{"MHT", "中国中学生心理健康量表"}), DateFrom: s.from, DateTo: s.to,
			Grades: s.grades, Expected: expected, Tested: tested, Valid: valid, Flagged: flagged,
			Confirmed: flagged / 3, ConsentCollected: true})
	}
	// The last screening has its results down to the student (a few, so
	// its E1 stays plausible for a demo).
	if n := len(g.doc.Screenings); n > 0 && len(g.doc.Students) > 0 {
		sc := g.doc.Screenings[n-1]
		for i := range min(3, len(g.doc.Students)) {
			// ids from the screening's, so the demo's random draws stay as they were
			sum := sha256.Sum256([]byte(fmt.Sprintf("%s/%d", sc.ID, i)))
			id, _ := casework.NewIDFrom(bytes.NewReader(sum[:]))
			g.doc.ScreeningResults = append(g.doc.ScreeningResults, &casework.ScreeningResult{Meta: casework.Meta{ID: id, CreatedAt: sc.CreatedAt, UpdatedAt: sc.UpdatedAt},
				ScreeningID: sc.ID, StudentID: g.doc.Students[i].ID, Date: sc.DateTo, RawScore: float64(6 + 4*i),
				Valid: true, Flagged: i > 0})
		}
	}
}

func (g *gen) monthNotes(y int) {
	for m := casework.Month(casework.NewDate(y, time.September, 1).Month()); m <= casework.NewDate(y+1, time.June, 1).Month(); m = m.Next() {
		if m.Last() > g.now {
			break
		}
		if m.First().Month() == casework.NewDate(y+1, time.February, 1).Month() {
			continue // winter holiday
		}
		g.doc.MonthNotes = append(g.doc.MonthNotes, &casework.MonthNotes{Meta: g.meta(m.Last()), Month: m,
			Highlights: pick(g.r, highlights), Problems: pick(g.r, problems), NextPlan: pick(g.r, nextPlans),
			TrainingHours: float64(g.r.IntN(9)) / 2})
	}
}
