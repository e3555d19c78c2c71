package ui

import (
	"context"
	"slices"
	"testing"

	"fyne.io/fyne/v2"

	"xinqing/internal/casework"
)

func (f *FakeCases) all(kind casework.Kind) []casework.Record {
	recs, _ := f.Records(context.Background(), kind, RecordFilter{})
	return recs
}

func (f *FakeCases) audited(entry string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Contains(f.audit, entry)
}

// synthetic students
func testStudents() []casework.Student {
	return []casework.Student{
		{Meta: casework.Meta{ID: "stu-1"}, Name: "林小雨", Gender: casework.GenderFemale, Grade: "七年级", Class: "七(3)班"},
		{Meta: casework.Meta{ID: "stu-2"}, Name: "周晓峰", Gender: casework.GenderMale, Grade: "八年级", Class: "八(1)班"},
	}
}

// casesHarness shows one casework screen on a headless window with slow
// work run inline.
func casesHarness(t *testing.T, fc *FakeCases, build func(a *App) Screen) (*harness, Screen) {
	t.Helper()
	h := screenHarness(t, fc.now, fyne.NewSize(1400, 1600), func(d *Deps) { d.Cases = fc })
	s := build(h.ui)
	h.win.SetContent(s.Content())
	return h, s
}
