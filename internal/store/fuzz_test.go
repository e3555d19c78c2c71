package store

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"xinqing/internal/casework"
)

// FuzzLoad feeds arbitrary images to Load: it must never panic, and must
// either refuse with one of its typed errors or adopt a database that passes
// its own checks.
func FuzzLoad(f *testing.F) {
	s, err := New()
	if err != nil {
		f.Fatal(err)
	}
	img, err := s.Snapshot(context.Background(), 0)
	s.Close()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(img)
	f.Add(img[:len(img)/2])
	f.Add([]byte(sqliteHeader))
	f.Fuzz(func(t *testing.T, image []byte) {
		// The image hash reads what Load has not checked (the backup runs
		// both at once): it may fail, never panic or change the image.
		orig := bytes.Clone(image)
		ih, ierr := ImageContentHash(image)
		if !bytes.Equal(image, orig) {
			t.Fatal("ImageContentHash changed the image")
		}
		l, err := Load(context.Background(), image, 0)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrSchema) && !errors.Is(err, ErrGeneration) {
				t.Fatalf("Load: untyped error %v", err)
			}
			return
		}
		defer l.Close()
		if err := l.QuickCheck(context.Background()); err != nil {
			t.Fatalf("adopted image fails quick_check: %v", err)
		}
		if h, err := l.ContentHash(context.Background()); err != nil || ierr != nil || h != ih {
			t.Fatalf("image hash %x (%v), loaded store's %x (%v)", ih, ierr, h, err)
		}
	})
}

// FuzzSearch feeds arbitrary text to both searches: never an error or a
// panic, whatever the query holds (FTS syntax, LIKE wildcards, bad UTF-8).
func FuzzSearch(f *testing.F) {
	s, err := New()
	if err != nil {
		f.Fatal(err)
	}
	defer s.Close()
	st := &casework.Student{Name: "张三", Gender: casework.GenderMale, Grade: "七年级", Class: "七(1)班",
		StudentNo: "G110101", Notes: "与同学发生争执"}
	if err := s.Create(st); err != nil {
		f.Fatal(err)
	}
	for _, q := range []string{"zsan", "张s", "G11", "同学发生", "争", `"a" OR b*`, "%_\\", "NEAR(a b)", "\xff\xfe"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if _, err := s.SearchStudents(q, 10); err != nil {
			t.Fatalf("SearchStudents(%q): %v", q, err)
		}
		if _, err := s.SearchText(q, 10); err != nil {
			t.Fatalf("SearchText(%q): %v", q, err)
		}
	})
}
