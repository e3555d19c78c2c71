package ui

import (
	"testing"

	"xinqing/internal/casework"
)

// The case form carries the counselor, the recorder and the structured
// background; a background left empty is not stored at all.
func TestTheCaseFormKeepsTheStructuredBackground(t *testing.T) {
	fc := NewFakeCases(testStudents()...)
	h, s := casesHarness(t, fc, newCasesScreen)
	p := s.(*casesScreen).cases
	h.Tap("新建个案")
	h.WantText("结构化背景·家庭成员")
	h.WantText("结构化背景·健康状况/服药")
	pickStudent(h, p, "林小雨")
	chooseOption(t, p, "source", "主动求助")
	checkOptions(t, p, "problem_types", "情绪")
	setField(t, p, "counselor", "王老师")
	setField(t, p, "recorder", "李老师")
	setField(t, p, "profile.family_members", "祖母、父母（外地务工）")
	setField(t, p, "profile.health", "未服药")
	h.Tap("保存")
	h.WantText("已保存")
	c := fc.all(casework.KindCase)[0].(*casework.Case)
	if c.Counselor != "王老师" || c.Recorder != "李老师" || c.Profile == nil ||
		c.Profile.FamilyMembers != "祖母、父母（外地务工）" || c.Profile.Health != "未服药" || c.Profile.MajorEvents != "" {
		t.Fatalf("got case %+v profile %+v", c, c.Profile)
	}

	h.Tap("新建个案")
	pickStudent(h, p, "周晓峰")
	chooseOption(t, p, "source", "主动求助")
	checkOptions(t, p, "problem_types", "人际")
	h.Tap("保存")
	h.WantText("已保存")
	for _, r := range fc.all(casework.KindCase) {
		if c := r.(*casework.Case); c.StudentID != "stu-1" && c.Profile != nil {
			t.Fatalf("got profile %+v on a case whose background was left empty", c.Profile)
		}
	}
}
