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
			Counselor:         "王老师",
			Recorder:          "王老师",
			Profile: &casework.CaseProfile{
				FamilyMembers:     "祖母（68岁，退休）；父母在外地务工，每月回家一次。",
				ParentingStyle:    "祖母照顾生活，学习上较少过问；父亲电话中要求严格。",
				MajorEvents:       "今年暑假随父母迁居后转学。",
				Health:            "体检无异常，未服药。",
				SchoolPerformance: "成绩中等偏上，近期下降；与同桌有过争执。",
			},
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

func sampleGroupSession() casework.GroupSession {
	return casework.GroupSession{
		Meta:         casework.Meta{ID: "grp-0001"},
		Title:        "考前减压，轻松应考",
		Series:       "初三学生考前心理辅导",
		SeriesNo:     2,
		GroupType:    "small_group",
		Target:       "初三年级自愿报名学生",
		Date:         "2026-11-03",
		Start:        "15:50",
		DurationMin:  60,
		Place:        "心理辅导室团体活动区",
		Leader:       "王老师",
		Stage:        "working",
		Goals:        "认识考试焦虑的正常性；学习两种放松方法；增强同伴支持。",
		Preparation:  "音乐、彩笔、A4纸、放松训练指导语。",
		Recorder:     "李老师",
		OpeningWords: "考试前紧张是很多同学都有的感受。今天我们一起来看看自己的“压力山”，学两种让身体放松下来的方法。",
		Process: []casework.ProcessSegment{
			{Segment: "热身", Minutes: 10, Activity: "“大风吹”游戏", Observations: "气氛活跃，多数同学主动参与。"},
			{Segment: "主题活动", Minutes: 35, Activity: "画出我的压力山；分组分享应对方法", Observations: "两名同学分享时情绪激动，组员给予支持。"},
			{Segment: "放松训练", Minutes: 10, Activity: "渐进式肌肉放松", Observations: ""},
			{Segment: "结束", Minutes: 5, Activity: "一句话收获", Observations: "普遍反映“轻松了很多”。"},
		},
		Participants: 11,
		Attendance: []casework.Attendance{
			{StudentID: "stu-a", Present: true}, {StudentID: "stu-b", Present: true}, {StudentID: "stu-c", Present: false, Reason: "病假"},
		},
		Evaluation:         "达成预期目标，组员反馈满意度高。",
		Reflection:         "分享环节时间偏紧，下次预留更多时间。",
		FollowUpStudentIDs: []string{canaryFollowUp, "stu-followup-2"},
	}
}

func sampleRoster() CommitteeRoster {
	students := map[string]casework.Student{
		"s1": {Meta: casework.Meta{ID: "s1"}, Name: "赵一鸣", Gender: "male", HomeroomTeacher: "吴老师"},
		"s2": {Meta: casework.Meta{ID: "s2"}, Name: "钱二丫", Gender: "female"},
		"s3": {Meta: casework.Meta{ID: "s3"}, Name: "孙三思", Gender: "male"},
		"s4": {Meta: casework.Meta{ID: "s4"}, Name: "李已卸任", Gender: "female"},
		"s5": {Meta: casework.Meta{ID: "s5"}, Name: "周五洲", Gender: "male"},
	}
	training := func(h ...float64) []casework.Training {
		var ts []casework.Training
		for i, x := range h {
			ts = append(ts, casework.Training{Date: casework.NewDate(2026, 9, 10+i), Topic: "心理委员基础培训", Hours: x})
		}
		return ts
	}
	return CommitteeRoster{
		School: "示例市第一实验中学",
		On:     "2026-11-30",
		Classes: []Class{
			{"初一", "（1）班"}, {"初一", "（2）班"}, {"初二", "（1）班"}, {"初二", "（2）班"}, {"初三", "（1）班"},
		},
		Members: []casework.CommitteeMember{
			{StudentID: "s1", Grade: "初一", Class: "（1）班", Role: "member", AppointedOn: "2026-09-05", Trainings: training(2, 1.5),
				TermEnd: "2027-07-10", Phone: "0000-7654321"},
			{StudentID: "s2", Grade: "初一", Class: "（1）班", Role: "deputy", AppointedOn: "2026-09-05"},
			{StudentID: "s3", Grade: "初二", Class: "（2）班", Role: "member", AppointedOn: "2026-09-06", Trainings: training(2)},
			{StudentID: "s4", Grade: "初二", Class: "（1）班", Role: "member", AppointedOn: "2025-09-06", LeftOn: "2026-10-01"},
			{StudentID: "s5", Grade: "初三", Class: "（1）班", Role: "member", AppointedOn: "2026-12-01"},
		},
		Students: students,
	}
}

func sampleReferralLetter() ReferralLetter {
	return ReferralLetter{
		School:    "示例市第一实验中学",
		Counselor: "王老师",
		Phone:     "0000-12345678",
		Student:   sampleStudent(),
		Referral: casework.Referral{
			Meta:               casework.Meta{ID: "ref-0001"},
			StudentID:          "stu-0001",
			SuggestedOn:        "2026-11-12",
			Reason:             "情绪持续低落两周以上，入睡困难，多次在课堂上哭泣，自述“什么都不想做”。",
			Institution:        "示例市精神卫生中心",
			Department:         "儿童青少年心理门诊",
			InstitutionAddress: "示例市和平路88号门诊楼三楼",
			InstitutionPhone:   "0000-87654321",
		},
	}
}

func sampleKeyStudentList() KeyStudentList {
	st := func(id, name, gender, grade, class string) casework.Student {
		return casework.Student{Meta: casework.Meta{ID: id}, Name: name, Gender: casework.Gender(gender), Grade: grade, Class: class}
	}
	students := map[string]casework.Student{}
	for _, s := range []casework.Student{
		st("k1", "吴一帆", "male", "初二", "（3）班"),
		st("k2", "郑二妮", "female", "初一", "（1）班"),
		st("k3", "冯三木", "male", "初三", "（2）班"),
		st("k4", "陈已解除", "female", "初三", "（1）班"),
	} {
		students[s.ID] = s
	}
	return KeyStudentList{
		School:    "示例市第一实验中学",
		Purpose:   "2026年秋季学期重点学生专项排查",
		Recipient: "示例县教育局基础教育股",
		On:        "2026-11-28",
		Levels:    casework.DefaultRiskLevels(),
		KeyStudents: []casework.KeyStudent{
			{StudentID: "k1", IncludedOn: "2026-09-20", Reasons: []casework.KeyReason{"emotion", "life_event"},
				Responsible: []casework.Responsible{{Role: "班主任", Name: "陈老师"}, {Role: "心理教师", Name: "王老师"}},
				Levels:      []casework.LevelEntry{{Date: "2026-09-20", Level: "yellow"}, {Date: "2026-11-02", Level: "orange"}},
				FollowUps:   []casework.FollowUp{{Date: "2026-11-05"}, {Date: "2026-11-19"}, {Date: "2026-12-01"}}},
			{StudentID: "k2", IncludedOn: "2026-10-08", Reasons: []casework.KeyReason{"special_group"},
				Levels: []casework.LevelEntry{{Date: "2026-10-08", Level: "watch"}}},
			{StudentID: "k3", IncludedOn: "2026-11-10", Reasons: []casework.KeyReason{"self_harm_ideation"},
				Levels: []casework.LevelEntry{{Date: "2026-11-10", Level: "red"}}, FollowUps: []casework.FollowUp{{Date: "2026-11-11"}}},
			{StudentID: "k4", IncludedOn: "2026-03-01", ReleasedOn: "2026-10-30",
				Levels: []casework.LevelEntry{{Date: "2026-03-01", Level: "yellow"}}},
		},
		Students: students,
	}
}
