package app

import (
	"context"
	"testing"

	"xinqing/internal/casework"
)

func TestClassesAreCountedAndRenamedOrMergedInOneStep(t *testing.T) {
	ctx := context.Background()
	a, _ := openSchool(t)
	for _, p := range [][3]string{{"甲", "七年级", "七(3)班"}, {"乙", "七年级", "七(3)班"}, {"丙", "八年级", "八(2)班"}, {"丁", "七年级", "七(1)班"}} {
		if _, err := a.SaveStudent(ctx, pupil(p[0], p[1], p[2])); err != nil {
			t.Fatal(err)
		}
	}
	cl, err := a.Classes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(cl) != 3 || cl[0].Class != "七(1)班" || cl[1].Class != "七(3)班" || cl[1].Students != 2 || cl[2].Class != "八(2)班" {
		t.Fatalf("got classes %+v, want 七(1)班 1, 七(3)班 2, 八(2)班 1", cl)
	}
	changes := watchChanges(a)
	// renaming onto an existing class would merge: refused unless asked
	_, err = a.RenameClass(ctx, "七年级", "七(1)班", "", "7.3", false)
	if ce, ok := err.(*casework.Error); !ok || ce.Code != casework.ECONFLICT {
		t.Fatalf("got %v renaming onto a class with students, want a conflict", err)
	}
	n, err := a.RenameClass(ctx, "七年级", "七(1)班", "", "7.3", true)
	if err != nil || n != 1 {
		t.Fatalf("got %d, %v merging, want 1 moved", n, err)
	}
	changes.announced(t, "merging classes", casework.KindStudent)
	// a plain rename, normalised
	if n, err := a.RenameClass(ctx, "八年级", "八(2)班", "", "初二(5)班", false); err != nil || n != 1 {
		t.Fatalf("got %d, %v renaming, want 1 moved", n, err)
	}
	cl, _ = a.Classes(ctx)
	if len(cl) != 2 || cl[0].Class != "七(3)班" || cl[0].Students != 3 || cl[1].Grade != "八年级" || cl[1].Class != "八(5)班" {
		t.Fatalf("got classes %+v after merge and rename", cl)
	}
}
