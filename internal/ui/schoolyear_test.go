package ui

import (
	"context"
	"strings"
	"testing"

	"xinqing/internal/casework"
	"xinqing/internal/ui/uitest"
)

// fakeYears is the school-year service over a fake student list, with the
// domain's own promotion rules.
type fakeYears struct {
	fs      *FakeStudents
	applied int
}

func (f *fakeYears) list() []*casework.Student {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	var out []*casework.Student
	for _, s := range f.fs.students {
		out = append(out, s)
	}
	return out
}

func (f *fakeYears) PreviewPromotion(_ context.Context, on casework.Date) (casework.Promotion, error) {
	p := casework.PlanPromotion(f.list(), on, casework.StageJunior)
	return p, p.Check(f.list())
}

func (f *fakeYears) CheckPromotion(_ context.Context, p casework.Promotion) error {
	return p.Check(f.list())
}

func (f *fakeYears) ApplyPromotion(_ context.Context, p casework.Promotion) (PromotionResult, error) {
	ch, err := p.Apply(f.list(), nil, nil)
	if err != nil {
		return PromotionResult{}, err
	}
	f.applied++
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	var r PromotionResult
	for _, s := range ch.Students {
		f.fs.students[s.ID] = s
		if s.Status == casework.StudentStatusGraduated {
			r.Graduated++
		} else {
			r.Promoted++
		}
	}
	r.Before = 7
	return r, nil
}

func (f *fakeYears) TransferOut(_ context.Context, id string, on casework.Date) error {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	ch, err := casework.TransferOut(f.fs.students[id], on, nil, nil)
	if err == nil {
		f.fs.students[id] = ch.Students[0]
	}
	return err
}

func (f *fakeYears) ReturnToSchool(_ context.Context, id string, on casework.Date) error {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	s, err := casework.ReturnToSchool(f.fs.students[id], on, "", "")
	if err == nil {
		f.fs.students[id] = s
	}
	return err
}

func TestPromotionIsPreviewedEditedAndApplied(t *testing.T) {
	a := stuStudent("1", "林小雨", "七(1)班")
	b := stuStudent("2", "王晴", "七(2)班")
	c := stuStudent("3", "赵一", "九(1)班")
	c.Grade = "九年级"
	fy := &fakeYears{fs: NewFakeStudents(a, b, c)}
	h, _ := newReportsHarness(t)
	h.ui.d.Years = fy
	s := newSettings(h.ui).(*settingsScreen)
	h.repShow(s)
	selectTab(t, h, 6) // after 学校, 关注等级, 学期, 自动锁定与语言, 密码与恢复, 学籍导入与导出
	h.WantText("新学年第一天")
	h.Tap("预览")
	h.WantText("1. 七年级 七(1)班（1 人） →")
	h.WantText("毕业（2027届）")
	// Two classes sent to one: refused, naming the row; nothing applied.
	yt := s.year
	uitest.TypeInto(yt.nextC[1], "八(1)班")
	h.Tap("执行升年级")
	if !strings.Contains(yt.msg.Text, "第 2 行") || fy.applied != 0 {
		t.Fatalf("got %q (%d applied), want row 2 named and nothing applied", yt.msg.Text, fy.applied)
	}
	uitest.TypeInto(yt.nextC[1], "八(3)班")
	h.Tap("执行升年级")
	h.Tap("是")
	if fy.applied != 1 || !strings.Contains(yt.msg.Text, "升级 2 人，毕业 1 人") || !strings.Contains(yt.msg.Text, "第 7 次保存") {
		t.Fatalf("got %q (%d applied)", yt.msg.Text, fy.applied)
	}
	if got := fy.fs.students["2"]; got.Class != "八(3)班" {
		t.Errorf("row 2 moved to %s, want the edited 八(3)班", got.Class)
	}
}

func TestAStudentIsTransferredOutAndComesBack(t *testing.T) {
	fs := NewFakeStudents(stuStudent("1", "林小雨", "七(1)班"))
	h := stuHarness(t, fs)
	h.ui.d.Years = &fakeYears{fs: fs}
	s := stuOpen(h)
	s.openStudent("1")
	h.Tap("转出")
	h.Tap("确定")
	if st := fs.students["1"]; st.Status != casework.StudentStatusTransferred || st.LeftOn != "2026-11-28" {
		t.Fatalf("got %+v, want transferred today", st)
	}
	h.Tap("返校")
	h.Tap("确定")
	if st := fs.students["1"]; !st.Enrolled() || st.LeftOn != "" || len(st.ClassHistory) != 2 {
		t.Fatalf("got %+v, want back at school with a history entry", st)
	}
}

// The first day of the new year and the day of a transfer are typed as
// people write dates, each with a calendar beside it.
func TestSchoolYearDatesTakeWhatPeopleType(t *testing.T) {
	a := stuStudent("1", "林小雨", "七(1)班")
	fy := &fakeYears{fs: NewFakeStudents(a)}
	h, _ := newReportsHarness(t)
	h.ui.d.Years = fy
	s := newSettings(h.ui).(*settingsScreen)
	h.repShow(s)
	selectTab(t, h, 6)
	yt := s.year
	if yt.on.dateButton == nil {
		t.Fatal("no calendar beside the first day")
	}
	for _, typed := range []string{"2027/9/1", "2027.9.1", "2027年9月1日", "2027-9-1"} {
		uitest.TypeInto(yt.on, typed)
		h.Tap("预览")
		if yt.on.Text != "2027-09-01" || yt.msg.Text != "" {
			t.Fatalf("%s: entry %q, message %q", typed, yt.on.Text, yt.msg.Text)
		}
		h.WantText("1. 七年级 七(1)班（1 人） →")
	}
	uitest.TypeInto(yt.on, "九月一日")
	h.Tap("预览")
	if yt.msg.Text != "请填写日期，如 2027-09-01、2027/9/1 或 2027年9月1日" {
		t.Fatalf("got %q", yt.msg.Text)
	}
}

func TestATransferDayIsTypedAsPeopleWriteIt(t *testing.T) {
	fs := NewFakeStudents(stuStudent("1", "林小雨", "七(1)班"))
	h := stuHarness(t, fs)
	h.ui.d.Years = &fakeYears{fs: fs}
	s := stuOpen(h)
	s.openStudent("1")
	h.Tap("转出")
	h.FillDialog([]string{"2026年11月20日"}, nil)
	if st := fs.students["1"]; st.Status != casework.StudentStatusTransferred || st.LeftOn != "2026-11-20" {
		t.Fatalf("got %+v, want transferred on 2026-11-20", st)
	}
}
