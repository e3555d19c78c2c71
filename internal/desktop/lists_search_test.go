package desktop

import (
	"context"
	"reflect"
	"testing"

	"xinqing/internal/casework"
	"xinqing/internal/ui/uitest"
)

// TestEveryRecordListFindsAStudentByPinyinAndInitials searches each
// record list over the real services: the store's pinyin index finds
// 林小雨 by 「linxiaoyu」 and 「lxy」, not 周晓峰; the count says how many
// of how many.
func TestEveryRecordListFindsAStudentByPinyinAndInitials(t *testing.T) {
	d := openDeskWith(t, func(ctx context.Context, s *services, stu *casework.Student) {
		seedFile(t)(ctx, s, stu)
		other, err := s.students().SaveStudent(ctx, synthStudent("周晓峰", "八年级", "八(1)班"))
		if err != nil {
			t.Fatal(err)
		}
		cs := s.deps().Cases
		for _, r := range []casework.Record{
			&casework.Contact{StudentID: stu.ID, Date: "2026-11-21", Counterpart: casework.CounterpartGuardian, Summary: "电话沟通"},
			&casework.Contact{StudentID: other.ID, Date: "2026-11-22", Counterpart: casework.CounterpartTeacher, Summary: "面谈"},
			&casework.Crisis{StudentID: other.ID, DiscoveredOn: "2026-11-23", RiskType: casework.RiskTypeSelfHarm,
				Level: casework.LevelRed, Description: "情绪激动"},
		} {
			if err := cs.SaveRecord(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
	})
	search := "搜索：学生姓名（汉字、拼音或首字母）或任何一栏"
	for _, list := range []struct{ nav, tab, total string }{
		{"个案", "", "共 1 条"},
		{"重点学生", "", "共 1 条"},
		{"危机与转介", "危机事件", "共 2 条"},
		{"危机与转介", "转介", "共 1 条"},
		{"危机与转介", "沟通记录", "共 2 条"},
	} {
		d.Nav(list.nav)
		if list.tab != "" {
			d.Tab(list.tab)
		}
		for _, q := range []string{"linxiaoyu", "lxy", "林小"} {
			uitest.TypeInto(d.Input(search), q)
			d.WantText("显示 1 条，" + list.total)
			d.WantText("林小雨（八(2)班）")
			d.WantNoText("周晓峰（八(1)班）")
		}
		uitest.TypeInto(d.Input(search), "zhouxf")
		if list.total == "共 2 条" {
			d.WantText("显示 1 条，" + list.total)
			d.WantText("周晓峰（八(1)班）")
		} else {
			d.WantText("显示 0 条，" + list.total)
		}
		uitest.TypeInto(d.Input(search), "")
	}
}

// TestTheTopBarSearchFindsByPinyinAndRecordText drives the search box
// over the real services: initials find the student, a phrase from a
// case finds the case, which opens on 个案.
func TestTheTopBarSearchFindsByPinyinAndRecordText(t *testing.T) {
	d := openDeskWith(t, seedFile(t))
	box := d.Input("查找学生或记录（Ctrl+F）")
	uitest.TypeInto(box, "lxy")
	uitest.Submit(box)
	d.WantText("学生（1）")
	d.WantText("林小雨（八(2)班）")
	uitest.TypeInto(box, "考试焦虑")
	uitest.Submit(box)
	d.WantText("个案（1）")
	d.tapPrefix("林小雨（八(2)班）", "【考试焦虑】")
	d.WantText("个案 2026-")
}

// inputShowing is the visible text input whose text is text.
func inputShowing(d *desk, text string) uitest.Input {
	for _, o := range d.Visible() {
		if in, ok := o.(uitest.Input); ok {
			if v := reflect.ValueOf(o).Elem().FieldByName("Text"); v.IsValid() && v.String() == text {
				return in
			}
		}
	}
	d.Fatalf("no input showing %q", text)
	return nil
}

// TestMonthNotesStartOnAFreeMonthAndNameATakenOne: with the notes of
// 2026-11 written, 新增 offers 2026-10; typing 2026-11 is refused beside
// the month, naming it.
func TestMonthNotesStartOnAFreeMonthAndNameATakenOne(t *testing.T) {
	d := openDeskWith(t, func(ctx context.Context, s *services, _ *casework.Student) {
		if err := s.reports().SaveMonthNotes(ctx, casework.MonthNotes{Month: "2026-11", Highlights: "心理健康月"}); err != nil {
			t.Fatal(err)
		}
	})
	d.Nav("活动与日志")
	d.Tab("月报文字部分")
	d.Tap("新增")
	month := inputShowing(d, "2026-10")
	uitest.TypeInto(month, "2026-11")
	d.Tap("保存")
	d.WantText("月份：2026-11 已有月报文字，请在列表中打开它修改，或换一个月份。")
}
