package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"slices"
	"testing"
	"time"

	"xinqing/internal/casework"
)

// stillClock makes snapshots of the same content the same bytes.
var stillClock = WithClock(func() time.Time { return time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC) })

// imageOf is a snapshot of a store with one student, copied into SQLite's
// memory as the vault's open path does.
func imageOf(t *testing.T, gen uint64) (*Image, []byte, [32]byte) {
	t.Helper()
	ctx := context.Background()
	s, err := New(stillClock)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Create(&casework.Student{Name: "测试学生", Gender: casework.GenderFemale, Grade: "七年级", Class: "七(1)班"}); err != nil {
		t.Fatal(err)
	}
	img, err := s.Snapshot(ctx, gen)
	if err != nil {
		t.Fatal(err)
	}
	want, err := s.ContentHash(ctx)
	if err != nil {
		t.Fatal(err)
	}
	im, err := NewImage(int64(len(img)) + 4096) // room to spare, as a file's size gives
	if err != nil {
		t.Fatal(err)
	}
	im.SetLen(copy(im.Buffer(), img))
	return im, img, want
}

// An image in SQLite's memory is adopted without a copy: the database is
// that block (saves borrow it), it holds the same content, and a save's
// snapshot is byte for byte the image.
func TestLoadImageAdoptsTheImageWithoutACopy(t *testing.T) {
	ctx := context.Background()
	im, img, want := imageOf(t, 7)
	s, err := LoadImage(ctx, im, 7, stillClock)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if im.p != 0 || im.Bytes() != nil {
		t.Fatal("the image is still the caller's after LoadImage")
	}
	s.mu.Lock()
	borrowed := s.borrowImage()
	s.mu.Unlock()
	if borrowed == nil {
		t.Fatal("a loaded database is not one block of SQLite's memory: images are copied again")
	}
	if got, err := s.ContentHash(ctx); err != nil || got != want {
		t.Fatalf("content hash %x (%v), want %x", got, err, want)
	}
	again, err := s.Snapshot(ctx, 7)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, img) {
		t.Fatal("the snapshot of an adopted image differs from it")
	}
}

// A refused image is wiped and released, and nothing is adopted.
func TestLoadImageRefusesAndReleases(t *testing.T) {
	ctx := context.Background()
	im, _, _ := imageOf(t, 7)
	if _, err := LoadImage(ctx, im, 8); !errors.Is(err, ErrGeneration) {
		t.Fatalf("got %v, want ErrGeneration", err)
	}
	if im.p != 0 {
		t.Fatal("a refused image was not released")
	}
	im, _, _ = imageOf(t, 7)
	copy(im.Buffer(), "not a database")
	if _, err := LoadImage(ctx, im, 7); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("got %v, want ErrCorrupt", err)
	}
	if im.p != 0 {
		t.Fatal("a refused image was not released")
	}
	im.Free() // twice is harmless
}

// AuditOf returns the entries of one action, oldest first, as AuditLog
// lists them.
func TestAuditOfReturnsOneActionInOrder(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, a := range []casework.AuditAction{casework.AuditActionBackup, casework.AuditActionExport, casework.AuditActionBackup, casework.AuditActionRestore} {
		if err := s.Audit(a, "", string(a)+" entry"); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.AuditLog(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var want []casework.AuditEntry
	for _, e := range all {
		if e.Action == casework.AuditActionBackup {
			want = append(want, e)
		}
	}
	got, err := s.AuditOf(casework.AuditActionBackup)
	if err != nil || len(got) != 2 || !slices.Equal(got, want) {
		t.Fatalf("got %v (%v), want %v", got, err, want)
	}
}

// Reserve moves the database into a bigger block: same content, still one
// block, still writable; a store built by New is left alone.
func TestReserveKeepsTheDatabase(t *testing.T) {
	ctx := context.Background()
	im, _, want := imageOf(t, 7)
	s, err := LoadImage(ctx, im, 7)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Reserve(ctx, 64<<20); err != nil {
		t.Fatal(err)
	}
	if got, err := s.ContentHash(ctx); err != nil || got != want {
		t.Fatalf("content hash %x (%v) after Reserve, want %x", got, err, want)
	}
	s.mu.Lock()
	one := s.borrowImage() != nil
	s.mu.Unlock()
	if !one {
		t.Fatal("the database is no longer one block after Reserve")
	}
	if err := s.Create(&casework.Student{Name: "测试学生乙", Gender: casework.GenderMale, Grade: "八年级", Class: "八(1)班"}); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Count(casework.KindStudent); err != nil || n != 2 {
		t.Fatalf("got %d students (%v), want 2", n, err)
	}
	if err := s.QuickCheck(ctx); err != nil {
		t.Fatal(err)
	}
	fresh, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if err := fresh.Reserve(ctx, 1<<20); err != nil {
		t.Fatal(err)
	}
}

// imageFrom copies img into SQLite's memory (an empty img gets one zero
// byte: an image is never empty).
func imageFrom(t *testing.T, img []byte) *Image {
	t.Helper()
	im, err := NewImage(max(int64(len(img)), 1))
	if err != nil {
		t.Fatal(err)
	}
	im.SetLen(copy(im.Buffer(), img))
	return im
}

// VerifyImage checks an image where it lies: a sound image passes, its
// bytes are read by another goroutine at the same time (the backup hashes
// them meanwhile; -race watches) and are untouched afterwards, and the
// image is still the caller's. A flipped byte inside a table is damage.
func TestVerifyImageChecksInPlaceAndOnlyReads(t *testing.T) {
	ctx := context.Background()
	im, img, _ := imageOf(t, 7)
	defer im.Free()
	sums := make(chan [32]byte, 1)
	go func() { sums <- sha256.Sum256(im.Bytes()) }()
	if err := VerifyImage(ctx, im, 7); err != nil {
		t.Fatalf("VerifyImage of a sound image: %v", err)
	}
	if <-sums != sha256.Sum256(img) || !bytes.Equal(im.Bytes(), img) {
		t.Fatal("VerifyImage changed the bytes it checked")
	}
	if im.p == 0 {
		t.Fatal("VerifyImage released an image it only had to read")
	}
	if err := VerifyImage(ctx, im, 8); !errors.Is(err, ErrGeneration) {
		t.Fatalf("another generation: got %v, want ErrGeneration", err)
	}
	// Damage the pages after the schema page one at a time: whatever Load
	// notices, VerifyImage notices.
	refused := 0
	for page := 1; page*4096 < len(img) && page <= 24; page++ {
		bad := slices.Clone(img)
		for i := page * 4096; i < page*4096+8; i++ {
			bad[i] ^= 0x5a // the page header: its kind, cells, free space
		}
		s, lerr := Load(ctx, bad, 7)
		if lerr == nil {
			s.Close()
			continue // a page SQLite never reads (free space)
		}
		refused++
		b := imageFrom(t, bad)
		err := VerifyImage(ctx, b, 7)
		b.Free()
		if err == nil {
			t.Errorf("page %d damaged: Load refuses (%v), VerifyImage passes", page, lerr)
		}
	}
	if refused < 5 {
		t.Fatalf("only %d damaged pages were refused by Load: the damage misses the data", refused)
	}
	t.Logf("%d damaged pages refused by both", refused)
}
