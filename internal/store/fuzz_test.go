package store

import (
	"errors"
	"testing"
)

// FuzzLoad feeds arbitrary images to Load: it must never panic, and must
// either refuse with one of its typed errors or adopt a database that passes
// its own checks.
func FuzzLoad(f *testing.F) {
	s, err := New()
	if err != nil {
		f.Fatal(err)
	}
	img, err := s.Snapshot(0)
	s.Close()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(img)
	f.Add(img[:len(img)/2])
	f.Add([]byte(sqliteHeader))
	f.Fuzz(func(t *testing.T, image []byte) {
		l, err := Load(image, 0)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrSchema) && !errors.Is(err, ErrGeneration) {
				t.Fatalf("Load: untyped error %v", err)
			}
			return
		}
		defer l.Close()
		if err := l.QuickCheck(); err != nil {
			t.Fatalf("adopted image fails quick_check: %v", err)
		}
	})
}
