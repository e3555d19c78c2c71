package ui

import (
	"testing"

	"xinqing/internal/casework"
)

// A booking's place and note are changed after it was made, in the same
// dialog as its day and time.
func TestABookingsPlaceAndNoteAreEditedAfterItIsMade(t *testing.T) {
	f := agendaHarness(t, func(f *agendaFixture) {
		x := f.book("1", "2026-12-07", "10:00", 40)
		x.Note = "第一次"
		f.appts.recs[x.ID].Note = "第一次"
	})
	h := f.h
	f.tile("林小雨")
	h.Tap("修改预约")
	h.WantText("修改预约：时间、地点与备注")
	h.Select("心理辅导室", "办公室")
	note := h.entry("备注（不打印在门贴上）")
	if note.Text != "第一次" {
		t.Fatalf("the note field shows %q, want the booking's note", note.Text)
	}
	note.SetText("改在办公室，带上作业本")
	h.Fill("HH:MM", "10:30")
	h.Tap("保存")
	h.WantText("已改到：2026-12-07 周一 10:30–11:10")
	for _, x := range f.appts.recs {
		if x.Place != casework.SessionPlaceOffice || x.Note != "改在办公室，带上作业本" || x.Start != "10:30" || x.DurationMin != 40 {
			t.Fatalf("got %+v, want the office, the new note, 10:30 for 40 minutes", x)
		}
	}
	// only the note: saved, not moved
	f.tile("林小雨")
	h.Tap("修改预约")
	h.entry("备注（不打印在门贴上）").SetText("带上作业本")
	h.Tap("保存")
	h.WantText("已保存预约：2026-12-07 周一 10:30–11:10")
	for _, x := range f.appts.recs {
		if x.Note != "带上作业本" || x.Place != casework.SessionPlaceOffice || x.Start != "10:30" {
			t.Fatalf("got %+v, want only the note changed", x)
		}
	}
}
