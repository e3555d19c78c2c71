package store

import (
	"strings"
	"testing"

	"xinqing/internal/casework"
)

func TestStudentNumberIsUnique(t *testing.T) {
	s := newStore(t)
	first := &casework.Student{Name: "测试甲", Gender: casework.GenderFemale, Grade: "七年级", Class: "七(3)班", StudentNo: "G2014"}
	mustCreate(t, s, first)
	second := &casework.Student{Name: "测试乙", Gender: casework.GenderMale, Grade: "七年级", Class: "七(3)班", StudentNo: "G2014"}
	err := s.Create(second)
	v, ok := casework.AsValidationErrors(err)
	if !ok || v[0].Key != "student_no" || v[0].Rule != casework.RuleDuplicate {
		t.Fatalf("second student with the same number: err = %v", err)
	}
	if msg := casework.ErrorMessageZH(err); msg == "" || msg[:len("学籍号")] != "学籍号" {
		t.Errorf("message %q", msg)
	}
	// Students without a number, and a student saved again, are fine.
	second.StudentNo = ""
	mustCreate(t, s, second)
	third := &casework.Student{Name: "测试丙", Gender: casework.GenderMale, Grade: "七年级", Class: "七(3)班"}
	mustCreate(t, s, third)
	first.Notes = "更新"
	if err := s.Update(first); err != nil {
		t.Fatalf("update keeping its own number: %v", err)
	}
	// Taking another's number on update is refused too, in a Tx as well.
	third.StudentNo = "G2014"
	if err := s.Update(third); casework.ErrorCode(err) != casework.EINVALID {
		t.Fatalf("update to a taken number: err = %v", err)
	}
	err = s.Tx(func(tx *Tx) error {
		if err := tx.Put(&casework.Student{Name: "测试丁", Gender: casework.GenderMale, Grade: "七年级", Class: "七(3)班", StudentNo: "G9"}); err != nil {
			return err
		}
		return tx.Put(&casework.Student{Name: "测试戊", Gender: casework.GenderMale, Grade: "七年级", Class: "七(3)班", StudentNo: "G9"})
	})
	if casework.ErrorCode(err) != casework.EINVALID {
		t.Fatalf("two students with one number in a transaction: err = %v", err)
	}
}

// noteOfBytes returns a note of n bytes within the notes' length limit
// (four-byte characters, then ASCII).
func noteOfBytes(n int) string {
	return strings.Repeat("𠮷", n/4) + strings.Repeat("x", n%4)
}
