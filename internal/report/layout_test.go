package report

import (
	"fmt"
	"strings"
	"testing"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
)

const longSchool = "晴川市晴川区第一实验学校附属中学（集团）东校区"

// longerSchool is a name too long for one header line with its neighbour.
const longerSchool = longSchool + "暨晴川区未成年人心理健康教育指导中心"

// longNote is a note long enough to wrap over several lines.
var longNote = strings.Repeat("情绪持续低落，入睡困难，课堂上注意力难以集中，与同伴交往减少；", 6)

// stressDocuments returns every document kind with a long school name,
// long notes and many sessions.
func stressDocuments(t *testing.T) map[string]func() ([]byte, error) {
	labels := testLabels(t)
	d := monthlyDataset()
	d.Settings.School.Name = longSchool
	for _, n := range d.MonthNotes {
		n.Highlights, n.Problems, n.NextPlan = longNote, longNote, longNote
	}
	r, err := figures.Compute(d, casework.Month("2026-10").Period(), nil)
	if err != nil {
		t.Fatal(err)
	}
	r.A1 = longerSchool
	d.Settings.Terms = []casework.Term{{Name: "2026-2027学年第一学期", Start: "2026-09-01", End: "2027-01-20"}}
	tr, err := figures.ComputeTrend(d, "2026-10", casework.Month("2026-10").Period())
	if err != nil {
		t.Fatal(err)
	}
	monthly := MonthlyReturn{Month: "2026-10", Figures: r, Levels: d.Settings.RiskLevels, Trend: tr}
	term := sampleTerm(t, d)
	term.Figures.A1 = longSchool

	cf := sampleCaseFile()
	cf.School = longSchool
	cf.Case.PresentingProblem, cf.Case.Background = longNote, longNote
	cf.Case.Profile = &casework.CaseProfile{FamilyMembers: longNote, ParentingStyle: longNote, MajorEvents: longNote,
		GrowthHistory: longNote, Health: longNote, SchoolPerformance: longNote}
	base := cf.Sessions[0]
	cf.Sessions = nil
	for i := range 14 {
		s := base
		s.ID = fmt.Sprintf("ses-%d", i)
		s.Date = casework.Date(fmt.Sprintf("2026-10-%02d", 1+i*2))
		s.Observations, s.Interventions, s.Assessment = longNote, longNote, longNote
		cf.Sessions = append(cf.Sessions, s)
	}

	group := sampleGroupSession()
	group.Evaluation, group.Reflection, group.OpeningWords = longNote, longNote, longNote

	roster := sampleRoster()
	roster.School = longerSchool
	for i := range 24 { // the table ends near the foot of page 1
		roster.Classes = append(roster.Classes, Class{"初二", fmt.Sprintf("（%d）班", i+3)})
	}
	roster.Members[2].TermEnd, roster.Members[2].Phone = "2028-07-10", "13900000000"

	ref := sampleReferralLetter()
	ref.School = longSchool
	ref.Referral.Reason = longNote + longNote
	ref.Referral.InstitutionAddress = longSchool + "北院区门诊楼三楼儿童青少年心理门诊"

	keys := sampleKeyStudentList()
	keys.School = longerSchool

	sc := sampleSelfCheck(t)
	sc.Result.School = longerSchool

	sheet := sampleSheet()
	sheet.SchoolName = longSchool

	return map[string]func() ([]byte, error){
		"monthly-return":   func() ([]byte, error) { return RenderMonthlyReturn(monthly, labels, fixedNow()) },
		"term-statistics":  func() ([]byte, error) { return RenderTermStatistics(term, labels, fixedNow()) },
		"case-record":      func() ([]byte, error) { return RenderCaseRecord(cf, labels, fixedNow()) },
		"group-record":     func() ([]byte, error) { return RenderGroupRecord(longerSchool, group, labels, fixedNow()) },
		"committee-roster": func() ([]byte, error) { return RenderCommitteeRoster(roster, labels, fixedNow()) },
		"referral-letter":  func() ([]byte, error) { return RenderReferralLetter(ref, fixedNow()) },
		"key-student-list": func() ([]byte, error) { return RenderKeyStudentList(keys, labels, fixedNow()) },
		"self-check":       func() ([]byte, error) { return RenderSelfCheck(sc, labels, fixedNow()) },
		"recovery-sheet":   func() ([]byte, error) { return RenderRecoverySheet(sheet, fixedNow()) },
	}
}

func TestEveryDocumentKindLaysOutCleanly(t *testing.T) {
	for name, renderDoc := range stressDocuments(t) {
		t.Run(name, func(t *testing.T) {
			pdf, marks := renderProbed(t, renderDoc)
			savePDF(t, "layout-"+name+".pdf", pdf)
			for _, p := range layoutProblems(t, pdf, marks, marginLeft) {
				t.Error(p)
			}
		})
	}
}

func TestTheCountyTableLaysOutCleanly(t *testing.T) {
	pdf, marks := renderProbed(t, func() ([]byte, error) { return RenderCountyTable(bigCounty(60), fixedNow()) })
	for _, p := range layoutProblems(t, pdf, marks, cMargin) {
		t.Error(p)
	}
}

// The checker itself finds each defect.
func TestTheLayoutCheckerFindsDefects(t *testing.T) {
	pdf, marks := renderProbed(t, func() ([]byte, error) {
		return render(docOptions{title: "测试", now: fixedNow()}, func(d *doc) {
			d.newPage()
			d.setSize(sizeBody)
			d.textBox(marginLeft, 40, contentW, 6, "重叠的文字甲乙丙", 'L')
			d.textBox(marginLeft+5, 40, contentW, 6, "重叠的文字丁戊己", 'L')
			d.textBox(5, 60, 40, 6, "出界", 'L')
			d.y = bottomLimit - lineHeight(sizeHeading) - 3
			d.field = "x"
			d.mark("heading", "孤立的标题")
			d.textBox(marginLeft, d.y, contentW, 6, "孤立的标题", 'L')
			d.newPage()
			d.signatures([]signField{{label: "审核人"}}, 1, "")
		})
	})
	got := strings.Join(layoutProblems(t, pdf, marks, marginLeft), "\n")
	for _, want := range []string{"drawn over", "past the margin", "ends with the heading", "only signature lines"} {
		if !strings.Contains(got, want) {
			t.Errorf("the checker missed %q; got:\n%s", want, got)
		}
	}
}
