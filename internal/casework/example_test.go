package casework_test

import (
	"fmt"

	"xinqing/internal/casework"
)

func ExampleStudent_Validate() {
	s := casework.Student{Name: "测试学生甲", Gender: casework.GenderFemale, BirthDate: "2012-02-30", Grade: "七年级"}
	errs, _ := casework.AsValidationErrors(s.Validate(casework.Env{}))
	for _, e := range errs.Prefix("students[0]") {
		fmt.Println(e.Key, e.MessageZH)
	}
	// Output:
	// students[0].birth_date 出生日期不是有效日期（应为 YYYY-MM-DD）
	// students[0].class 班级为必填项
}

func ExampleKeyStudent_LevelAt() {
	k := casework.KeyStudent{IncludedOn: "2026-03-01", Levels: []casework.LevelEntry{
		{Date: "2026-03-01", Level: casework.LevelYellow},
		{Date: "2026-03-20", Level: casework.LevelOrange},
	}}
	end := casework.Month("2026-03").Last()
	level, _ := k.LevelAt(end)
	fmt.Println(end, k.OnRollAt(end), level)
	// Output: 2026-03-31 true orange
}

func ExampleNextCaseNo() {
	fmt.Println(casework.NextCaseNo(2026, []string{"2026-001", "2026-002", "2025-118"}))
	// Output: 2026-003
}
