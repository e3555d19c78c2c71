package ui

import "testing"

func TestTheClassesViewCountsAndMergesAfterAsking(t *testing.T) {
	fs := NewFakeStudents(stuStudent("1", "林小雨", "七(1)班"), stuStudent("2", "周晓明", "七(3)班"), stuStudent("3", "陈一", "七(3)班"))
	h := stuHarness(t, fs)
	stuOpen(h)
	h.Tap("班级管理")
	h.WantText("七年级 七(1)班")
	h.WantText("2 名学生")
	h.Tap("改名或合并") // the first class: 七(1)班
	h.FillDialog([]string{"", "7.3"}, nil)
	h.WantText("合并两个班？")
	h.Tap("是")
	for _, st := range fs.students {
		if st.Class != "七(3)班" {
			t.Fatalf("got %s in %s after the merge, want 七(3)班", st.Name, st.Class)
		}
	}
	h.WantText("3 名学生")
}
