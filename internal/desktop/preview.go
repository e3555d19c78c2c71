package desktop

import (
	"os"
	"path/filepath"
	"time"

	"xinqing/internal/ui"
)

// Preview returns memory-only stand-ins for every service, for looking at
// the screens (-preview) before a real vault is wired in: the fakes the
// screen tests use, with the pace of the real key derivation, a few
// synthetic classes for the groups area and the small synthetic demo
// school behind casework and students. Nothing is written to disk except
// what the user asks for (a recovery-sheet text, a sample return); all
// is gone when the window closes.
func Preview() ui.Deps {
	d := ui.FakeDeps(filepath.Join(os.TempDir(), "xinqing-preview"))
	d.Vault.(*ui.FakeVault).Delay = time.Second
	g := ui.NewFakeGroups()
	given := []string{"晓", "子", "雨", "思", "嘉", "一"}
	last := []string{"晨", "涵", "轩", "琪", "宁", "诺"}
	for _, c := range []struct{ grade, class string }{{"七年级", "七(1)班"}, {"七年级", "七(2)班"}, {"八年级", "八(1)班"}} {
		for i := range 6 {
			g.AddStudent("演示"+given[i]+last[(i+len(c.class))%6], c.grade, c.class)
		}
	}
	d.Groups = g
	d.Results = nil      // the screenings live in g, which no results fake reads
	d.Appointments = nil // its fake knows the students of FakeDeps, not the preview's
	d.ResultsImport = nil
	if cs := newPreviewCases(); cs != nil {
		d.Cases = cs
		if c, ok := cs.(caseServices); ok && c.a != nil {
			d.Search = searchService{a: c.a} // the search runs over the demo school too
		}
	}
	if ss := newPreviewStudents(); ss != nil {
		d.Students = ss
	}
	return d
}
