package ui

import (
	"testing"

	"xinqing/internal/casework"
	"xinqing/internal/ui/uitest"
)

// The group form has the recorder and the opening words the record prints.
func TestAGroupSessionKeepsItsRecorderAndOpeningWords(t *testing.T) {
	fg := NewFakeGroups()
	h, _ := groupsHarness(t, fg, newGroupsScreen)
	h.Tap("新增")
	uitest.TypeInto(h.entry("主题"), "认识情绪")
	uitest.TypeInto(h.entry("带领者"), "王老师")
	uitest.TypeInto(h.entry("参加人数"), "30")
	uitest.TypeInto(h.entry("记录者"), "李老师")
	uitest.TypeInto(h.entry("引导语"), "今天我们一起认识情绪。")
	h.Tap("保存")
	gs := fg.all(casework.KindGroupSession)
	if len(gs) != 1 {
		t.Fatalf("got %d group sessions, want 1", len(gs))
	}
	if g := gs[0].(*casework.GroupSession); g.Recorder != "李老师" || g.OpeningWords != "今天我们一起认识情绪。" {
		t.Fatalf("got recorder %q opening words %q", g.Recorder, g.OpeningWords)
	}
}
