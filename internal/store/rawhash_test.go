package store

import (
	"bytes"
	"context"
	"errors"
	"runtime"
	"testing"

	"xinqing/internal/casework"
)

// filledStore holds a record of every kind and some long notes.
func filledStore(t *testing.T) *Store {
	t.Helper()
	s := newStore(t)
	p := newParents(t, s)
	for _, c := range kindCases() {
		if c.kind == casework.KindStudent {
			continue
		}
		mustCreate(t, s, c.make(p))
	}
	for i, n := range []int{0, 1, fieldBuf - 30, 4 * casework.MaxBlockLen} {
		mustCreate(t, s, &casework.Student{Name: "测试学生" + string(rune('甲'+i)), Gender: casework.GenderFemale,
			Grade: "七年级", Class: "七(2)班", Notes: noteOfBytes(n)})
	}
	return s
}

func TestImageContentHashIsTheStoreHashOnOneCoreAndOnSeveral(t *testing.T) {
	s := filledStore(t)
	want := contentHashByField(t, s)
	img, err := s.Snapshot(context.Background(), 3)
	if err != nil {
		t.Fatal(err)
	}
	orig := bytes.Clone(img)
	for _, procs := range []int{1, 2, 4} {
		prev := runtime.GOMAXPROCS(procs)
		got, err := ImageContentHash(img)
		runtime.GOMAXPROCS(prev)
		if err != nil || got != want {
			t.Errorf("GOMAXPROCS %d: got %x (%v), want %x", procs, got, err, want)
		}
	}
	if !bytes.Equal(img, orig) {
		t.Error("the image changed while it was hashed")
	}
	if got := contentHash(t, s); got != want {
		t.Errorf("ContentHash: got %x, want %x", got, want)
	}
}

func TestImageContentHashRefusesWhatItCannotHash(t *testing.T) {
	s := filledStore(t)
	img, err := s.Snapshot(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	old, err := newAt(previousVersion())
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	oldImg, err := old.Snapshot(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		img  []byte
		want error
	}{
		{"nothing", nil, ErrCorrupt},
		{"not a database", bytes.Repeat([]byte("x"), 4096), ErrCorrupt},
		{"a database of an older schema", oldImg, ErrSchema},
		{"half a database", img[:len(img)/2], nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ImageContentHash(c.img)
			if err == nil {
				t.Fatalf("got no error, want %v", c.want)
			}
			if c.want != nil && !errors.Is(err, c.want) {
				t.Errorf("got %v, want %v", err, c.want)
			}
		})
	}
}
