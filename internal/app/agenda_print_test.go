package app

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"xinqing/internal/casework"
)

func TestAgendaLinesAndTheDoorCopyNamesNoStudent(t *testing.T) {
	ctx := context.Background()
	a, _, s := agendaSchool(t)
	other, err := a.SaveStudent(ctx, pupil("测试学生乙", "八年级", "八(5)班"))
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []*casework.Appointment{
		{StudentID: other.ID, Date: "2026-12-08", Start: "14:00", DurationMin: 45},
		{StudentID: s.ID, Date: "2026-12-07", Start: "10:00", DurationMin: 40},
	} {
		if err := a.Book(ctx, x, Confirm{}); err != nil {
			t.Fatal(err)
		}
	}
	_ = a.Request(ctx, &casework.Appointment{StudentID: s.ID, Date: "2026-12-09", Via: casework.ViaSelf})
	lines, err := a.AgendaLines(ctx, "2026-12-10")
	if err != nil {
		t.Fatal(err)
	}
	want := "2026-12-07\t10:00\t40\t七(2)班\t测试学生甲\n2026-12-08\t14:00\t45\t八(5)班\t测试学生乙"
	if got := strings.Join(lines, "\n"); got != want {
		t.Fatalf("got lines\n%s\nwant\n%s", got, want)
	}
	sess, err := a.Session(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	door := filepath.Join(dir, "door.pdf")
	if err := sess.AgendaWeek(ctx, "2026-12-10", true, door, Exclusive); err != nil {
		t.Fatal(err)
	}
	text := pdfToText(t, door)
	if !strings.Contains(text, "10:00–10:40") || !strings.Contains(text, "已约") {
		t.Fatalf("door copy: got %s, want the booked times", text)
	}
	// Checked against the records: no name and no class of any student.
	students, err := a.Students(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range students {
		_, class := st.ClassOn("2026-12-07")
		if strings.Contains(text, st.Name) || strings.Contains(text, class) || strings.Contains(text, st.Class) {
			t.Errorf("door copy: got the name or class of a student in %s", text)
		}
	}
	week := filepath.Join(dir, "week.pdf")
	if err := sess.AgendaWeek(ctx, "2026-12-10", false, week, Exclusive); err != nil {
		t.Fatal(err)
	}
	if text := pdfToText(t, week); !strings.Contains(text, "测试学生乙") || !strings.Contains(text, "八(5)班") {
		t.Errorf("week: got %s, want names and classes", text)
	}
	w, _ := a.Week(ctx, "2026-12-07")
	slip := filepath.Join(dir, "slip.pdf")
	if err := sess.ClassSlip(ctx, w.Booked[0].ID, slip, Exclusive); err != nil {
		t.Fatal(err)
	}
	if text := pdfToText(t, slip); !strings.Contains(text, "测试学生甲") || !strings.Contains(text, "七(2)班") {
		t.Errorf("slip: got %s", text)
	}
}

func pdfToText(t *testing.T, path string) string {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-raw", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), "")
}
