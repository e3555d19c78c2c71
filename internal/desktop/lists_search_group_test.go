package desktop

import (
	"context"
	"testing"

	"xinqing/internal/casework"
	"xinqing/internal/ui/uitest"
)

// TestASearchHitOnAGroupSessionOpensTheGroupRecord: over the real
// services, a phrase from a 团体辅导 record (one of whose students is
// followed up) finds the record, and the hit opens it on 团体辅导, not
// the student's page.
func TestASearchHitOnAGroupSessionOpensTheGroupRecord(t *testing.T) {
	d := openDeskWith(t, func(ctx context.Context, s *services, stu *casework.Student) {
		g := &casework.GroupSession{Title: "情绪管理小组第二次", GroupType: casework.GroupTypeClass, Date: "2026-11-18",
			DurationMin: 40, Leader: "周老师", Participants: 12, Goals: "学会识别考前紧张", FollowUpStudentIDs: []string{stu.ID}}
		if err := s.groups().SaveRecord(ctx, g); err != nil {
			t.Fatal(err)
		}
	})
	box := d.Input("查找学生或记录（Ctrl+F）")
	uitest.TypeInto(box, "考前紧张")
	uitest.Submit(box)
	d.WantText("团体辅导（1）")
	d.tapPrefix("", "【考前紧张】")
	d.WantText("编辑团体辅导")
	inputShowing(d, "情绪管理小组第二次")
	d.WantNoText("全部记录（新的在前）")
}
