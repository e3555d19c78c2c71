package report

import (
	"fmt"
	"testing"

	"xinqing/internal/casework"
)

// BenchmarkCaseRecordLong renders a case with 60 long sessions.
func BenchmarkCaseRecordLong(b *testing.B) {
	f := sampleCaseFile()
	base := f.Sessions[1]
	f.Sessions = nil
	for i := range 60 {
		s := base
		s.Date = casework.NewDate(2026, 1, 1+i)
		s.Observations = longChinese
		f.Sessions = append(f.Sessions, s)
	}
	labels := Labels{}
	for b.Loop() {
		if _, err := RenderCaseRecord(f, labels, fixedNow()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkKeyStudentList500 renders a named list of 500 key students.
func BenchmarkKeyStudentList500(b *testing.B) {
	l := sampleKeyStudentList()
	l.KeyStudents, l.Students = nil, map[string]casework.Student{}
	for i := range 500 {
		id := fmt.Sprintf("k%03d", i)
		l.Students[id] = casework.Student{Name: fmt.Sprintf("测试学生%03d", i), Grade: "初二", Class: fmt.Sprintf("（%d）班", i%12+1)}
		l.KeyStudents = append(l.KeyStudents, casework.KeyStudent{StudentID: id, IncludedOn: "2026-09-01",
			Levels: []casework.LevelEntry{{Date: "2026-09-01", Level: []string{"red", "orange", "yellow", "watch"}[i%4]}}})
	}
	labels := Labels{}
	for b.Loop() {
		if _, err := RenderKeyStudentList(l, labels, fixedNow()); err != nil {
			b.Fatal(err)
		}
	}
}
