package report

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
)

// monthlyDataset is a small school with a record behind most figures of
// October 2026 and students whose names must never be printed.
func monthlyDataset() *figures.Dataset {
	m := func(id string) casework.Meta { return casework.Meta{ID: id} }
	st := casework.DefaultSettings()
	st.School = casework.School{
		Name: "示例市第一实验中学", Stage: casework.StageJunior, StudentCount: 1260, ClassCount: 24,
		FulltimeCounselors: 2, ParttimeCounselors: 5, CertifiedCounselors: 3,
		Room:     casework.Room{HasRoom: true, AreaM2: 120.5},
		Hotlines: []casework.Hotline{{Name: "全国心理援助热线", Number: "12356"}, {Name: "青少年服务台", Number: "12355"}},
		Preparer: "王老师", PreparerPhone: "0000-12345678", Reviewer: "赵副校长",
	}
	d := &figures.Dataset{Settings: st}
	names := []string{"林晓雨", "陈思远", "张可欣", "刘一鸣", "黄子涵"}
	for i, n := range names {
		d.Students = append(d.Students, &casework.Student{Meta: m(fmt.Sprintf("s%d", i)), Name: n, Grade: "七年级", Class: "七(1)班",
			GuardianName: n + "妈妈", SpecialGroups: []casework.SpecialGroup{casework.SpecialGroupLeftBehind}[:i%2]})
	}
	for i := range 4 {
		d.Cases = append(d.Cases, &casework.Case{Meta: m(fmt.Sprintf("c%d", i)), StudentID: fmt.Sprintf("s%d", i), OpenedOn: casework.Date(fmt.Sprintf("2026-10-%02d", 3+i)),
			Source: casework.AllCaseSources()[i], ProblemTypes: []casework.ProblemType{casework.ProblemTypeStudy, casework.ProblemTypeEmotion}[:1+i%2],
			PresentingProblem: "考试焦虑，夜间失眠"})
	}
	d.Cases = append(d.Cases, &casework.Case{Meta: m("c9"), ClientKind: casework.ClientKindParent, ClientName: "家长甲", OpenedOn: "2026-09-03", Source: casework.CaseSourceParent})
	for i := range 13 {
		d.Sessions = append(d.Sessions, &casework.Session{Meta: m(fmt.Sprintf("x%d", i)), CaseID: fmt.Sprintf("c%d", i%4), Date: casework.Date(fmt.Sprintf("2026-10-%02d", 8+i)), PrivateNote: "仅供记忆"})
	}
	d.Sessions = append(d.Sessions, &casework.Session{Meta: m("x99"), CaseID: "c9", Date: "2026-10-30"})
	for i, lv := range []string{"red", "orange", "yellow", "yellow", "watch"} {
		k := &casework.KeyStudent{Meta: m(fmt.Sprintf("k%d", i)), StudentID: fmt.Sprintf("s%d", i), IncludedOn: "2026-09-10",
			Levels: []casework.LevelEntry{{Date: "2026-09-10", Level: lv}}, FollowUps: []casework.FollowUp{{Date: "2026-10-12"}, {Date: "2026-10-26"}}}
		if i < 3 {
			k.Plan.Measures = "每周面谈一次，班主任每日关注"
		}
		d.KeyStudents = append(d.KeyStudents, k)
	}
	d.Crises = []*casework.Crisis{{Meta: m("i1"), StudentID: "s0", DiscoveredOn: "2026-10-15", RiskType: casework.RiskTypeSelfHarm, HospitalEscort: true,
		Description: "林晓雨手臂划伤", Disclosures: []casework.Disclosure{{To: casework.DisclosureRecipientGuardian, On: "2026-10-15"}}}}
	d.Referrals = []*casework.Referral{{Meta: m("r1"), StudentID: "s0", SuggestedOn: "2026-10-16", Reason: "建议就医检查", VisitedOn: "2026-10-20"}}
	d.GroupSessions = []*casework.GroupSession{{Meta: m("g1"), Title: "情绪管理", GroupType: casework.GroupTypeClass, Date: "2026-10-21", Participants: 45}}
	d.Activities = []*casework.Activity{
		{Meta: m("a1"), Kind: casework.ActivityKindLesson, Date: "2026-10-09", Lessons: 16},
		{Meta: m("a2"), Kind: casework.ActivityKindParentLecture, Date: "2026-10-17", Participants: 230},
	}
	d.CommitteeMembers = []*casework.CommitteeMember{{Meta: m("m1"), StudentID: "s4", Class: "七(1)班", AppointedOn: "2026-09-01"}}
	d.ClassReports = []*casework.ClassReport{{Meta: m("w1"), Class: "七(1)班", WeekStart: "2026-10-12", Concerns: 3}}
	d.DutyDays = []*casework.DutyDay{{Meta: m("d1"), Date: "2026-10-09"}, {Meta: m("d2"), Date: "2026-10-10"}}
	d.Visits = []*casework.Visit{{Meta: m("v1"), Date: "2026-10-09"}}
	d.Mailbox = []*casework.Mailbox{{Meta: m("b1"), OpenedOn: "2026-10-30", Letters: 7}}
	d.Screenings = []*casework.Screening{{Meta: m("e1"), Name: "MHT", DateTo: "2026-10-25", Expected: 420, Tested: 411, Valid: 405, Flagged: 37, Confirmed: 9}}
	d.MonthNotes = []*casework.MonthNotes{{Meta: m("n1"), Month: "2026-10", TrainingHours: 6,
		Highlights: "完成七年级心理普查，组织心理委员培训两次，开展“情绪管理”主题班会。", Problems: "专职教师不足，辅导室预约时段紧张。", NextPlan: "开展期中考试减压团辅；完成普查确认访谈。"}}
	return d
}

// sampleMonthly is October 2026 of monthlyDataset with its trend: the
// school's first term starts on 2026-09-01 and September had two sessions.
func sampleMonthly(t *testing.T) (MonthlyReturn, *figures.Dataset) {
	t.Helper()
	d := monthlyDataset()
	d.Settings.Terms = []casework.Term{{Name: "2026-2027学年第一学期", Start: "2026-09-01", End: "2027-01-20"}}
	for i, day := range []casework.Date{"2026-09-14", "2026-09-21"} {
		d.Sessions = append(d.Sessions, &casework.Session{Meta: casework.Meta{ID: fmt.Sprintf("sep%d", i)}, CaseID: "c0", Date: day})
	}
	m := casework.Month("2026-10")
	r, err := figures.Compute(d, m.Period(), nil)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := figures.ComputeTrend(d, m, m.Period())
	if err != nil {
		t.Fatal(err)
	}
	return MonthlyReturn{Month: m, Figures: r, Levels: d.Settings.RiskLevels, Trend: tr}, d
}

func TestMonthlyReturnPrintsTheTrend(t *testing.T) {
	m, _ := sampleMonthly(t)
	pdf, err := RenderMonthlyReturn(m, testLabels(t), fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(pdfRawText(t, pdf)), "")
	// By hand: September has two sessions of one student (c0) and the five
	// key students included on 09-10; the term to October's end has 15
	// sessions of 4 students.
	for _, w := range []string{
		"上月：2026年9月；本学期累计：2026-2027学年第一学期，自2026年9月1日起至数据截至日",
		"项目本月上月本学期累计项目本月上月本学期累计",
		"个别辅导人次13215", "个别辅导人数414",
		"重点学生在册（月末）55—", "本月新增055",
		"本月11215上月11215", // F2 by level and total; no term row for a stock
		"团体辅导场次101",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("got no %q in the return", w)
		}
	}
	if strings.Contains(text, "一般关注合计本月11215上月11215本学期累计") {
		t.Error("F2 has a term row; what stands at the month's end has no sum")
	}
}

func TestMonthlyReturnPrintsEveryLabelAndFigureAndNoName(t *testing.T) {
	labels := testLabels(t)
	m, d := sampleMonthly(t)
	pdf, err := RenderMonthlyReturn(m, labels, fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	savePDF(t, "monthly.pdf", pdf)
	raw := pdfRawText(t, pdf)
	text := strings.Join(strings.Fields(raw), "")
	_, pages := pdfText(t, pdf)
	r := m.Figures
	want := []string{"示例市第一实验中学学生心理健康工作月报（2026年10月）", "数据校验码：" + figures.Hash(r)[:16],
		"填报人", "联系电话", "审核人（签字）", "填报日期", "学校（盖章）", "王老师", "0000-12345678", "赵副校长",
		fmt.Sprintf("第1页/共%d页", pages), "生成时间：2026-11-2815:30",
		"全国心理援助热线12356；青少年服务台12355", "初中", "一级(红)危急", "班主任/教师转介", "亲子家庭", "受虐/性侵",
		"完成七年级心理普查，组织心理委员培训两次", "专职教师不足", "完成普查确认访谈"}
	names := FigureLabels(r, labels, m.Levels)
	for code, label := range names {
		if code == "C1" || code == "E1" || code == "F3" || code == "G3" || code == "G6" || code == "K1" || code == "L1" || code == "L4" || code == "L1.class_count" {
			continue // printed through their parts or the signature lines
		}
		want = append(want, strings.ReplaceAll(label, " ", ""))
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("got no %q in the return", w)
		}
	}
	// Each figure right after its label (raw text keeps a row's cells in
	// drawing order), and each distribution as its row of counts.
	pairs := map[string]int{
		"A4": r.A4, "A5": r.A5, "B1": r.B1, "B2": r.B2, "B3": r.B3, "C2": r.C2, "C3": r.C3, "C4": r.C4,
		"D1": r.D1, "D2": r.D2, "D3": r.D3, "F1": r.F1, "F4": r.F4, "F5": r.F5, "F6": r.F6,
		"F3.added": r.F3.Added, "F3.released": r.F3.Released, "F3.level_changed": r.F3.LevelChanged,
		"G1": r.G1, "G2": r.G2, "G3.opened": r.G3.Opened, "G3.closed": r.G3.Closed,
		"G6.staff": r.G6.Staff, "G6.parent": r.G6.Parent, "H1": r.H1, "H2": r.H2, "I2": r.I2, "I3": r.I3,
		"J1": r.J1, "J2": r.J2, "J3": r.J3, "K1.sessions": r.K1.Sessions, "K1.participants": r.K1.Participants,
		"K2": r.K2, "K3": r.K3, "L2": r.L2, "L3": r.L3, "L4.reports": r.L4.Reports, "L4.concerns": r.L4.Concerns,
	}
	for code, v := range pairs {
		if w := names[code] + fmt.Sprint(v); !strings.Contains(text, w) {
			t.Errorf("%s: got no %q", code, w)
		}
	}
	for code, w := range map[string]string{
		"B4": names["B4"] + "6", "C1.area_m2": names["C1.area_m2"] + "120.5", "C1.has_room": names["C1.has_room"] + "是",
		"L1": names["L1.classes_with_member"] + fmt.Sprintf("%d", r.L1.ClassesWithMember),
	} {
		if !strings.Contains(text, w) {
			t.Errorf("%s: got no %q", code, w)
		}
	}
	row := func(ns ...int) string {
		var b strings.Builder
		for _, n := range ns {
			fmt.Fprint(&b, n)
		}
		return b.String()
	}
	withTotal := func(cs figures.Counts) string {
		var ns []int
		for _, c := range cs {
			ns = append(ns, c.N)
		}
		return row(append(ns, cs.Total())...)
	}
	for code, w := range map[string]string{
		"E1": row(r.E1.Expected, r.E1.Tested, r.E1.Valid, r.E1.Flagged, r.E1.Confirmed),
		"F2": "合计本月" + withTotal(r.F2), "G4": "合计本月" + withTotal(r.G4), "G5": "合计（人次）本月" + withTotal(r.G5), "I1": "合计本月" + withTotal(r.I1),
	} {
		if !strings.Contains(text, w) {
			t.Errorf("%s: got no row %q", code, w)
		}
	}
	for _, s := range d.Students {
		for _, n := range []string{s.Name, s.GuardianName} {
			if strings.Contains(text, n) {
				t.Errorf("got the name %q in the return, want no student name", n)
			}
		}
	}
	for _, secret := range []string{"仅供记忆", "考试焦虑", "手臂划伤"} {
		if strings.Contains(text, secret) {
			t.Errorf("got %q in the return, want aggregate figures only", secret)
		}
	}
}

func TestMonthlyReturnPrintsZerosAsZero(t *testing.T) {
	d := &figures.Dataset{Settings: casework.DefaultSettings()}
	d.Settings.School.Name = "示例小学"
	r, err := figures.Compute(d, casework.Month("2026-10").Period(), nil)
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := RenderMonthlyReturn(MonthlyReturn{Month: "2026-10", Figures: r, Levels: d.Settings.RiskLevels}, testLabels(t), fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(pdfRawText(t, pdf)), "")
	for _, label := range []string{"个别辅导人次", "团体辅导场次", "告知监护人次数", "心理委员人数", "上报需关注人数"} {
		if !strings.Contains(text, label+"0") {
			t.Errorf("got no 0 after %q", label)
		}
	}
	if _, err := RenderMonthlyReturn(MonthlyReturn{Month: "2026-10"}, testLabels(t), fixedNow()); err == nil {
		t.Error("got no error without figures")
	}
}

func TestMonthlyAndTermGoldens(t *testing.T) {
	labels := testLabels(t)
	m, d := sampleMonthly(t)
	checkGolden(t, "monthly-return", func() ([]byte, error) { return RenderMonthlyReturn(m, labels, fixedNow()) })
	checkGolden(t, "term-statistics", func() ([]byte, error) { return RenderTermStatistics(sampleTerm(t, d), labels, fixedNow()) })
}

func sampleTerm(t *testing.T, d *figures.Dataset) TermStatistics {
	t.Helper()
	p := casework.Period{From: "2026-09-01", To: "2027-01-20"}
	r, err := figures.Compute(d, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	return TermStatistics{Name: "2026-2027学年第一学期", Period: p, Figures: r, Months: figures.Series(d, "2026-09", "2027-01", ""), Levels: d.Settings.RiskLevels}
}

func TestTermStatisticsPrintsTheMonthsAndTheChart(t *testing.T) {
	labels := testLabels(t)
	_, d := sampleMonthly(t)
	ts := sampleTerm(t, d)
	pdf, err := RenderTermStatistics(ts, labels, fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	savePDF(t, "term.pdf", pdf)
	text := strings.Join(strings.Fields(pdfRawText(t, pdf)), "")
	for _, w := range []string{"示例市第一实验中学学生心理健康工作统计（2026-2027学年第一学期）", "各月个别辅导、团体辅导与重点学生在册",
		"2026年10月", "2027年1月", "重点学生在册（期末）", "本期专职教师培训学时", "合计"} {
		if !strings.Contains(text, w) {
			t.Errorf("got no %q", w)
		}
	}
	if ts.Months[1].Sessions != 13 || !strings.Contains(text, "2026年10月13") {
		t.Errorf("got October row %+v, want 13 sessions printed after the month", ts.Months[1])
	}
	for _, s := range d.Students {
		if strings.Contains(text, s.Name) {
			t.Errorf("got the name %q", s.Name)
		}
	}
}

// A return never ends on a nearly empty page: with or without the trend
// columns, with short or long notes, its last page is either its only one
// or used for more than a third (the signature block alone takes a fifth).
func TestMonthlyReturnEndsOnAFilledPage(t *testing.T) {
	labels := testLabels(t)
	for _, tc := range []struct {
		name  string
		trend bool
		notes string
	}{
		{"trend", true, ""}, {"no trend", false, ""}, {"trend, long notes", true, longNote},
		{"no trend, long notes", false, longNote}, {"trend, longer notes", true, longNote + longNote},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, d := sampleMonthly(t)
			if !tc.trend {
				m.Trend = nil
			}
			if tc.notes != "" {
				m.Figures.M1, m.Figures.M2, m.Figures.M3 = tc.notes, tc.notes, tc.notes
			}
			_ = d
			pdf, marks := renderProbed(t, func() ([]byte, error) { return RenderMonthlyReturn(m, labels, fixedNow()) })
			savePDF(t, "fill-"+strings.ReplaceAll(tc.name, " ", "")+".pdf", pdf)
			for _, p := range layoutProblems(t, pdf, marks, marginLeft) {
				t.Error(p)
			}
			pages, share := lastPageShare(t, pdf)
			t.Logf("%d pages, last page %.0f%% used", pages, share*100)
			if pages > 1 && share < nearlyEmpty {
				t.Errorf("%d pages, the last only %.0f%% used", pages, share*100)
			}
		})
	}
}

// decadeTerm is the statistics of ten school years of a school with a
// session and notes every month.
func decadeTerm(t *testing.T) (TermStatistics, *figures.Dataset) {
	t.Helper()
	d := monthlyDataset()
	for m := casework.Month("2016-09"); m <= "2026-08"; m = m.Next() {
		d.Sessions = append(d.Sessions, &casework.Session{Meta: casework.Meta{ID: "d" + string(m)}, CaseID: "c1", Date: casework.Date(string(m) + "-11")})
		d.MonthNotes = append(d.MonthNotes, &casework.MonthNotes{Meta: casework.Meta{ID: "dn" + string(m)}, Month: m,
			Highlights: longNote, Problems: "专职教师不足。", NextPlan: "继续开展心理健康课。"})
	}
	p := casework.Period{From: "2016-09-01", To: "2026-08-31"}
	r, err := figures.Compute(d, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	spans := figures.Spans(d, p, "")
	r.M1 = figures.SpanNotes(d, spans, func(n *casework.MonthNotes) string { return n.Highlights })
	r.M2 = figures.SpanNotes(d, spans, func(n *casework.MonthNotes) string { return n.Problems })
	r.M3 = figures.SpanNotes(d, spans, func(n *casework.MonthNotes) string { return n.NextPlan })
	return TermStatistics{Period: p, Figures: r, Spans: spans, Months: figures.Series(d, "2016-09", "2026-08", ""), Levels: d.Settings.RiskLevels}, d
}

func TestADecadeGoesBySchoolYear(t *testing.T) {
	ts, _ := decadeTerm(t)
	pdf, marks := renderProbed(t, func() ([]byte, error) { return RenderTermStatistics(ts, testLabels(t), fixedNow()) })
	savePDF(t, "term-decade.pdf", pdf)
	for _, p := range layoutProblems(t, pdf, marks, marginLeft) {
		t.Error(p)
	}
	raw := pdfRawText(t, pdf)
	text := strings.Join(strings.Fields(raw), "")
	// Ten bars' categories, each a school year, and no month row.
	for y := 2016; y < 2026; y++ {
		short := fmt.Sprintf("%d-%02d", y, (y+1)%100)
		if n := slices.Index(strings.Fields(raw), short); n < 0 || slices.Index(strings.Fields(raw)[n+1:], short) >= 0 {
			t.Errorf("got %q other than once under its bars", short)
		}
		if name := fmt.Sprintf("%d-%d学年", y, y+1); !strings.Contains(text, name+"12") {
			t.Errorf("got no table row %q with its 12 sessions", name)
		}
	}
	for _, w := range []string{"一、各学年工作量", "各学年个别辅导、团体辅导与重点学生在册", "2016-2017学年（12个月）："} {
		if !strings.Contains(text, w) {
			t.Errorf("got no %q", w)
		}
	}
	if strings.Contains(text, "2019年3月") || strings.Contains(text, "2019-03：") {
		t.Error("got a month row or a month's note in a decade's statistics")
	}
	if _, pages := pdfText(t, pdf); pages > 5 {
		t.Errorf("got %d pages for a decade, want at most 5", pages)
	}
}

func TestThreeYearsGoByTerm(t *testing.T) {
	ts, d := decadeTerm(t)
	ts.Period = casework.Period{From: "2023-09-01", To: "2026-08-31"}
	ts.Spans = figures.Spans(d, ts.Period, "")
	ts.Months = figures.Series(d, "2023-09", "2026-08", "")
	pdf, marks := renderProbed(t, func() ([]byte, error) { return RenderTermStatistics(ts, testLabels(t), fixedNow()) })
	savePDF(t, "term-three-years.pdf", pdf)
	for _, p := range layoutProblems(t, pdf, marks, marginLeft) {
		t.Error(p)
	}
	fields := strings.Fields(pdfRawText(t, pdf))
	for _, short := range []string{"2023秋", "2024春", "2024秋", "2025春", "2025秋", "2026春"} {
		if !slices.Contains(fields, short) {
			t.Errorf("got no bar category %q", short)
		}
	}
	if text := strings.Join(fields, ""); !strings.Contains(text, "一、各学期工作量") || !strings.Contains(text, "2024-2025学年第二学期") {
		t.Error("got no term rows")
	}
}
