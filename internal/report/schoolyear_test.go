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
	for name, want := range map[string]string{"case-record-promoted": "七年级(3)班（2024届毕业）", "referral-letter-promoted": "八年级(3)班（2024届毕业）"} {
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

// leavers is a small school seen from 2023-03-01: the graduate of 2024
// (then in 八(3)班), a student transferred out in June 2023 (then in
// 八(1)班), a student still at school re-dealt from 八(4)班 to 九(1)班 on
// promotion, and a graduate of 2022 who had left before that day.
func leavers() map[string]casework.Student {
	grad := graduate()
	moved := casework.Student{Meta: casework.Meta{ID: "t1"}, Name: "何一舟", Gender: "male", Grade: "八年级", Class: "八(1)班",
		Status: casework.StudentStatusTransferred, LeftOn: "2023-06-01",
		ClassHistory: []casework.ClassEntry{{From: "2021-09-01", Grade: "七年级", Class: "七(1)班"}, {From: "2022-09-01", Grade: "八年级", Class: "八(1)班"}}}
	staying := casework.Student{Meta: casework.Meta{ID: "p1"}, Name: "郭小满", Gender: "female", Grade: "九年级", Class: "九(1)班",
		ClassHistory: []casework.ClassEntry{{From: "2022-09-01", Grade: "八年级", Class: "八(4)班"}, {From: "2023-09-01", Grade: "九年级", Class: "九(1)班"}}}
	early := casework.Student{Meta: casework.Meta{ID: "e1"}, Name: "刘早行", Gender: "male", Grade: "九年级", Class: "九(2)班",
		Status: casework.StudentStatusGraduated, LeftOn: "2022-07-01", GraduationYear: 2022}
	return map[string]casework.Student{grad.ID: grad, moved.ID: moved, staying.ID: staying, early.ID: early}
}

// The key-student list and the committee roster of a past day print each
// student's class of that day, mark those who have left since, and leave
// out a student who had already left.
func TestGoldenListsOfPromotedAndLeavingStudents(t *testing.T) {
	labels := testLabels(t)
	students := leavers()
	list := KeyStudentList{School: "示例市第一实验中学", Purpose: "2022-2023学年第二学期重点学生回顾", Recipient: "示例县教育局基础教育股",
		On: "2023-03-01", Levels: casework.DefaultRiskLevels(), Students: students,
		KeyStudents: []casework.KeyStudent{
			{StudentID: "stu-0001", IncludedOn: "2022-10-10", Reasons: []casework.KeyReason{"emotion"},
				Levels: []casework.LevelEntry{{Date: "2022-10-10", Level: "yellow"}}, FollowUps: []casework.FollowUp{{Date: "2023-02-20"}}},
			{StudentID: "t1", IncludedOn: "2023-01-05", Reasons: []casework.KeyReason{"life_event"},
				Levels: []casework.LevelEntry{{Date: "2023-01-05", Level: "orange"}}},
			{StudentID: "p1", IncludedOn: "2022-12-01", Reasons: []casework.KeyReason{"special_group"},
				Levels: []casework.LevelEntry{{Date: "2022-12-01", Level: "yellow"}}},
			{StudentID: "e1", IncludedOn: "2021-11-01", Reasons: []casework.KeyReason{"emotion"},
				Levels: []casework.LevelEntry{{Date: "2021-11-01", Level: "yellow"}}},
		}}
	roster := CommitteeRoster{School: "示例市第一实验中学", On: "2023-03-01", Students: students,
		Classes: []Class{{"八年级", "八(1)班"}, {"八年级", "八(2)班"}, {"八年级", "八(3)班"}, {"八年级", "八(4)班"}},
		Members: []casework.CommitteeMember{
			{StudentID: "stu-0001", Grade: "七年级", Class: "七(3)班", Role: "member", AppointedOn: "2021-09-10"},
			{StudentID: "t1", Grade: "八年级", Class: "八(1)班", Role: "member", AppointedOn: "2022-09-10", LeftOn: "2023-06-01"},
			{StudentID: "p1", Grade: "八年级", Class: "八(4)班", Role: "deputy", AppointedOn: "2022-09-10"},
			{StudentID: "e1", Grade: "九年级", Class: "九(2)班", Role: "member", AppointedOn: "2021-09-10", LeftOn: "2022-07-01"},
		}}
	renderList := func() ([]byte, error) { return RenderKeyStudentList(list, labels, fixedNow()) }
	renderRoster := func() ([]byte, error) { return RenderCommitteeRoster(roster, labels, fixedNow()) }
	checkGolden(t, "key-student-list-promoted", renderList)
	checkGolden(t, "committee-roster-promoted", renderRoster)

	for name, render := range map[string]func() ([]byte, error){"key-student-list": renderList, "committee-roster": renderRoster} {
		pdf, err := render()
		if err != nil {
			t.Fatal(err)
		}
		// Narrow cells wrap: compare the cells whole, in drawing order.
		text := strings.Join(strings.Fields(pdfRawText(t, pdf)), "")
		for _, want := range []string{"林晓雨（2024届毕业）", "何一舟（已转出）", "八(3)班", "八(1)班", "八(4)班", "郭小满"} {
			if name == "key-student-list" {
				want = map[string]string{"林晓雨（2024届毕业）": "八年级(3)班（2024届毕业）", "何一舟（已转出）": "八年级(1)班（已转出）",
					"八(3)班": "林晓雨", "八(1)班": "何一舟", "八(4)班": "八年级(4)班", "郭小满": "郭小满"}[want]
			}
			if !strings.Contains(text, want) {
				t.Errorf("%s of 2023-03-01 does not print %s:\n%s", name, want, text)
			}
		}
		for _, absent := range []string{"刘早行", "九(1)班", "九(2)班", "九(3)班", "郭小满（"} {
			if strings.Contains(text, absent) {
				t.Errorf("%s of 2023-03-01 prints %s:\n%s", name, absent, text)
			}
		}
	}
}
