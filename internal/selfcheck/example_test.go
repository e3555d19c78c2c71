package selfcheck_test

import (
	"fmt"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
	"xinqing/internal/selfcheck"
)

// A school of 801 students with two part-time teachers and nothing else
// recorded: staffing needs a full-time teacher, the hotlines are the
// default ones, everything else has not started.
func Example() {
	st := casework.DefaultSettings()
	st.School.StudentCount, st.School.ParttimeCounselors = 801, 2
	term := casework.Term{Name: "2026-2027学年第一学期", Start: "2026-09-01", End: "2027-01-20"}
	r, err := selfcheck.Compute(selfcheck.Input{Data: &figures.Dataset{Settings: st}, Term: term})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, it := range r.Items {
		fmt.Println(casework.Label(casework.LangZH, "selfcheck.item."+string(it.Code)),
			casework.Label(casework.LangZH, "selfcheck.status."+string(it.Status)))
	}
	staff, _ := r.Item(casework.ItemStaffing)
	fmt.Println(staff.Reasons[0])
	// Output:
	// 心理健康工作机制 未开展
	// 心理健康教师配备 需改进
	// 心理辅导室建设 未开展
	// 热线电话公布 达标
	// 课程开设 未开展
	// 团辅活动开展 未开展
	// 设立心理委员 未开展
	// 重点学生的排查与建档 未开展
	// 专职心理教师为0人，未达到学生超过800人至少1名专职的要求。
}
