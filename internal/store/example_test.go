package store_test

import (
	"context"
	"fmt"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/store"
)

func Example() {
	now := func() time.Time { return time.Date(2026, 11, 28, 8, 0, 0, 0, time.UTC) }
	s, err := store.New(store.WithClock(now))
	if err != nil {
		panic(err)
	}
	defer s.Close()

	st := &casework.Student{Name: "张三", Gender: casework.GenderMale, Grade: "七年级", Class: "七(3)班",
		StudentNo: "G110101201205040011"}
	if err := s.Create(st); err != nil {
		panic(err)
	}
	found, _ := s.SearchStudents("zsan", 10)
	fmt.Println(len(found), found[0].Class)

	// Save: the bytes the vault seals as generation 1; open: every check.
	image, _ := s.Snapshot(context.Background(), 1)
	loaded, err := store.Load(context.Background(), image, 1)
	if err != nil {
		panic(err)
	}
	defer loaded.Close()
	a, _ := s.ContentHash(context.Background())
	b, _ := loaded.ContentHash(context.Background())
	fmt.Println(a == b)

	_, err = store.Load(context.Background(), image, 2)
	fmt.Println(err != nil)
	// Output:
	// 1 七(3)班
	// true
	// true
}
