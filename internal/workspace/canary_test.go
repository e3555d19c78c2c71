package workspace

import (
	"context"
	"fmt"
	"os"
	"testing"

	"xinqing/internal/casework"
)

// TestCanariesNeverReachTheDiskInPlaintext is E3 of SECURITY.md: 100
// records carrying canary strings in names, notes and private notes, a
// save and a lock; neither the vault folder nor the temp folder holds a
// canary or a plaintext SQLite image afterwards.
func TestCanariesNeverReachTheDiskInPlaintext(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // everything the process might spool lands here
	w, dir := newWorkspace(t)
	st := w.Store()
	var canaries [][]byte
	canary := func(kind string, i int) string {
		c := fmt.Sprintf("CANARY%s%03d晴", kind, i)
		canaries = append(canaries, []byte(c))
		return c
	}
	for i := 0; i < 34; i++ {
		s := &casework.Student{Name: canary("NAME", i), Gender: casework.GenderFemale, Grade: "七年级", Class: "七(1)班", Notes: canary("NOTE", i)}
		if err := st.Create(s); err != nil {
			t.Fatalf("student %d: %v", i, err)
		}
		c := &casework.Case{StudentID: s.ID, OpenedOn: "2026-11-02", Source: casework.CaseSourceSelf,
			ProblemTypes: []casework.ProblemType{casework.ProblemTypeEmotion}, PresentingProblem: canary("CASE", i)}
		if err := st.Create(c); err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if i < 32 {
			ses := &casework.Session{CaseID: c.ID, Date: "2026-11-03", DurationMin: 40, PrivateNote: canary("PRIVATE", i)}
			if err := st.Create(ses); err != nil {
				t.Fatalf("session %d: %v", i, err)
			}
		}
		w.Changed()
	}
	if n, err := st.Count(casework.KindStudent); err != nil || n != 34 {
		t.Fatalf("students stored: %d (%v), want 34", n, err)
	}
	if err := w.Save(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := w.Lock(bg); err != nil {
		t.Fatal(err)
	}
	needles := append(canaries, []byte("SQLite format 3"))
	scanFor(t, dir, needles...)
	scanTemp(t, tmp, needles)
}

// scanTemp is scanFor for a folder that may be empty.
func scanTemp(t *testing.T, dir string, needles [][]byte) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) == 0 {
		return
	}
	scanFor(t, dir, needles...)
}
