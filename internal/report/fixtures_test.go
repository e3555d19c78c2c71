package report

import (
	"testing"

	"xinqing/internal/casework"
)

// Canaries: text that must never reach a printed document.
const (
	canaryPrivate  = "私密备忘KANARIE7"
	canaryFollowUp = "stu-followup-4f1c"
)

func testLabels(t *testing.T) Labels {
	t.Helper()
	m, err := casework.LoadLabels(casework.LangZH)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func sampleStudent() casework.Student {
	return casework.Student{
		Meta:             casework.Meta{ID: "stu-0001"},
		Name:             "林晓雨",
		Gender:           casework.Gender("female"),
		BirthDate:        "2012-05-17",
		StudentNo:        "G440300201205170021",
		Grade:            "初二",
		Class:            "（3）班",
		HomeroomTeacher:  "陈老师",
		GuardianName:     "林建国",
		GuardianRelation: "父亲",
		GuardianPhone:    "13800000000",
		FamilyStructure:  casework.FamilyStructure("nuclear"),
	}
}

func sampleCaseFile() CaseFile {
	st := sampleStudent()
	return CaseFile{
		School:  "示例市第一实验中学",
		Student: &st,
		Case: casework.Case{
			Meta:              casework.Meta{ID: "case-0001"},
			StudentID:         st.ID,
			CaseNo:            "2026-014",
			OpenedOn:          "2026-10-09",
			Source:            casework.CaseSource("teacher"),
			ProblemTypes:      []casework.ProblemType{"emotion", "study"},
			PresentingProblem: "近一个月上课注意力不集中，作业经常不交，自述“晚上睡不着，总担心考不好”。",
			Background:        "父母在外地工作，平时与祖母同住；期中考试成绩下降明显，与同桌发生过争执。",
			Goals:             "缓解考试焦虑；建立规律作息；改善同伴关系。",
			Status:            casework.CaseStatus("closed"),
			ClosedOn:          "2026-11-20",
			ClosingSummary:    "经五次辅导，来访者能运用放松训练应对考前紧张，作息基本规律，与同桌关系缓和。约定一个月后回访。",
		},
		Sessions: []casework.Session{
			{
				Meta: casework.Meta{ID: "ses-2"}, CaseID: "case-0001", Date: "2026-10-16", Start: "15:40", DurationMin: 40,
				Place: "room", Mode: "in_person", Form: "individual", Risk: "none",
				Observations:  "情绪较上次平稳，能主动谈及与同桌的矛盾。",
				Interventions: "认知重构；角色扮演。",
				Assessment:    "人际冲突是焦虑的重要来源之一。",
				Effect:        "较好",
				Homework:      "记录三件让自己感到放松的小事。",
				PrivateNote:   canaryPrivate + "：第二次",
			},
			{
				Meta: casework.Meta{ID: "ses-1"}, CaseID: "case-0001", Date: "2026-10-09", Start: "16:00", DurationMin: 45,
				Place: "room", Mode: "in_person", Form: "individual", Risk: "low", NextAppointment: "2026-10-16",
				Observations:  "进门时低头，说话声音小；谈到考试时搓手，眼眶发红。",
				Interventions: "倾听与共情；腹式呼吸放松训练。",
				Assessment:    "存在明显的考试焦虑情绪，暂无自伤念头。",
				Effect:        "来访者表示“说出来轻松多了”。",
				PrivateNote:   canaryPrivate + "：第一次",
			},
		},
	}
}
