package report

import (
	"strings"
	"testing"

	"xinqing/internal/casework"
)

// graduate is a student promoted twice who graduated in 2024.
func graduate() casework.Student {
	st := sampleStudent()
	st.Grade, st.Class = "九年级", "九(3)班"
	st.Status, st.LeftOn, st.GraduationYear = casework.StudentStatusGraduated, "2024-09-01", 2024
	st.ClassHistory = []casework.ClassEntry{
		{From: "2021-09-01", Grade: "七年级", Class: "七(3)班"},
		{From: "2022-09-01", Grade: "八年级", Class: "八(3)班"},
		{From: "2023-09-01", Grade: "九年级", Class: "九(3)班"},
	}
	return st
}

// Documents of a promoted student print the class of the record's own
// day and mark that the student has left.
func TestGoldenDocumentsOfAPromotedStudent(t *testing.T) {
	labels := testLabels(t)
	st := graduate()
	cf := sampleCaseFile()
	cf.Student = &st
	cf.Case.OpenedOn, cf.Case.ClosedOn = "2022-03-10", "2022-05-20"
	for i := range cf.Sessions {
		cf.Sessions[i].Date = casework.Date("2022-0" + string(rune('3'+i%3)) + "-15")
	}
	letter := sampleReferralLetter()
	letter.Student = st
	letter.Referral.SuggestedOn = "2022-11-12"
	checkGolden(t, "case-record-promoted", func() ([]byte, error) { return RenderCaseRecord(cf, labels, fixedNow()) })
	checkGolden(t, "referral-letter-promoted", func() ([]byte, error) { return RenderReferralLetter(letter, fixedNow()) })
	for name, want := range map[string]string{"case-record-promoted": "七年级七(3)班（2024届毕业）", "referral-letter-promoted": "八年级八(3)班（2024届毕业）"} {
		pdf, _ := map[string]func() ([]byte, error){
			"case-record-promoted":     func() ([]byte, error) { return RenderCaseRecord(cf, labels, fixedNow()) },
			"referral-letter-promoted": func() ([]byte, error) { return RenderReferralLetter(letter, fixedNow()) },
		}[name]()
		text, _ := pdfText(t, pdf)
		// A narrow cell wraps the mark to a line of its own.
		class, mark, _ := strings.Cut(want, "（")
		joined := strings.Join(strings.Fields(text), "")
		if !strings.Contains(joined, want) && (!strings.Contains(text, class) || !strings.Contains(text, "（"+mark)) {
			t.Errorf("%s does not print %s", name, want)
		}
	}
}

// The committee roster lists a member serving across a promotion in the
// class of the roster's day.
func TestCommitteeRosterListsTheClassOfItsDay(t *testing.T) {
	labels := testLabels(t)
	st := sampleStudent()
	st.Grade, st.Class = "八年级", "八(1)班"
	st.ClassHistory = []casework.ClassEntry{{From: "2025-09-01", Grade: "七年级", Class: "七(1)班"}, {From: "2026-09-01", Grade: "八年级", Class: "八(1)班"}}
	r := CommitteeRoster{School: "示例市第一实验中学", Students: map[string]casework.Student{st.ID: st},
		Members: []casework.CommitteeMember{{StudentID: st.ID, Grade: "七年级", Class: "七(1)班", Role: "member", AppointedOn: "2025-09-10"}}}
	for on, want := range map[casework.Date]string{"2026-06-01": "七(1)班", "2026-10-01": "八(1)班"} {
		r.On = on
		pdf, err := RenderCommitteeRoster(r, labels, fixedNow())
		if err != nil {
			t.Fatal(err)
		}
		if text, _ := pdfText(t, pdf); !strings.Contains(text, want) {
			t.Errorf("roster of %s does not list %s:\n%s", on, want, text)
		}
	}
}
