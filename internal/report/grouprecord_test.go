package report

import (
	"strings"
	"testing"
)

func TestGroupRecordPrintsNoFollowUpStudents(t *testing.T) {
	g := sampleGroupSession()
	pdf, err := RenderGroupRecord("示例市第一实验中学", g, testLabels(t), fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	savePDF(t, "group-record.pdf", pdf)
	flat := strip(pdfRawText(t, pdf))
	for _, id := range append(g.FollowUpStudentIDs, "stu-a", "stu-c") {
		if strings.Contains(flat, id) {
			t.Errorf("student id %q is printed", id)
		}
	}
	for _, want := range []string{
		"活动主题考前减压，轻松应考", "初三学生考前心理辅导（第2次）", "小组团辅", "工作阶段", "参加人数11",
		"应到3人，实到2人，缺席1人", "2人（名单见个案记录，本表不打印）",
		"画出我的压力山；分组分享应对方法", "渐进式肌肉放松", "带领者（签字）",
	} {
		if !strings.Contains(flat, strip(want)) {
			t.Errorf("text lacks %q", want)
		}
	}
}
