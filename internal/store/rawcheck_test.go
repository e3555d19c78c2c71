package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"xinqing/internal/casework"
)

// bigImage is a store with a few hundred students, over
// parallelIntegrityMin, serialized.
func bigImage(t *testing.T) []byte {
	t.Helper()
	s := newStore(t)
	err := s.Tx(func(tx *Tx) error {
		for i := range 600 {
			st := &casework.Student{Name: fmt.Sprintf("测试学生%03d", i), Gender: casework.GenderMale, Grade: "八年级",
				Class: fmt.Sprintf("八(%d)班", i%9+1), StudentNo: fmt.Sprintf("G%017d", i), Notes: strings.Repeat("备注", 900)}
			if err := tx.Create(st); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	img, err := s.Snapshot(1)
	if err != nil {
		t.Fatal(err)
	}
	if len(img) < parallelIntegrityMin {
		t.Fatalf("image of %d bytes, want at least %d", len(img), parallelIntegrityMin)
	}
	return img
}

// fullIntegrity is PRAGMA integrity_check of img on one connection.
func fullIntegrity(t *testing.T, img []byte) error {
	t.Helper()
	s, err := open(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if err := withRaw(ctx, s.conn, func(rc rawConn) error { return rc.Deserialize(img) }); err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return checkIntegrity(ctx, s.conn, "main.integrity_check")
}

func TestTheSplitIntegrityCheckAgreesWithIntegrityCheck(t *testing.T) {
	img := bigImage(t)
	for _, cores := range []int{2, 4} {
		if err := integrityOn(img, cores); err != nil {
			t.Fatalf("%d cores, a sound image: got %v, want ok", cores, err)
		}
	}
	// Bit flips anywhere past the header: both checks must reach the
	// same verdict.
	rng := rand.New(rand.NewPCG(7, 7))
	bad := 0
	for i := range 150 {
		c := append([]byte(nil), img...)
		for range 1 + i%3 {
			off := 100 + rng.IntN(len(c)-100)
			c[off] ^= byte(1 << rng.IntN(8))
		}
		want := fullIntegrity(t, c)
		got := integrityOn(c, 2)
		if (got == nil) != (want == nil) {
			t.Fatalf("flip %d: split check says %v, integrity_check says %v", i, got, want)
		}
		if got != nil {
			bad++
			if !errors.Is(got, ErrCorrupt) {
				t.Fatalf("flip %d: got %v, want ErrCorrupt", i, got)
			}
		}
	}
	if bad == 0 {
		t.Fatal("no flip was found: the test proves nothing")
	}
	t.Logf("%d of 150 damaged images found by both", bad)
}

// An index that no longer matches its table passes quick_check and fails
// integrity_check: the split check must find it.
func TestTheSplitIntegrityCheckFindsAnIndexThatDisagreesWithItsTable(t *testing.T) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	for _, q := range []string{
		"CREATE TABLE t (a TEXT, b TEXT, pad TEXT)",
		"CREATE INDEX t_a ON t (a)",
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) " +
			"INSERT INTO t SELECT 'a' || i, 'b' || (3000 - i), printf('%.500c', 'x') FROM n",
		"PRAGMA writable_schema = ON",
		"UPDATE sqlite_schema SET sql = 'CREATE INDEX t_a ON t (b)' WHERE name = 't_a'",
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var img []byte
	if err := withRaw(ctx, conn, func(rc rawConn) error {
		var err error
		img, err = rc.Serialize()
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := fullIntegrity(t, img); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("integrity_check: got %v, want ErrCorrupt (the test image is not what it should be)", err)
	}
	if err := integrityOn(img, 2); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "t_a") {
		t.Fatalf("split check: got %v, want ErrCorrupt naming the index", err)
	}
	// Load checks an image this big on several cores, and the integrity
	// verdict comes before the schema's (which is not ours either).
	if len(img) < parallelIntegrityMin {
		t.Fatalf("image of %d bytes, want at least %d", len(img), parallelIntegrityMin)
	}
	if _, err := Load(img, 0); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Load: got %v, want ErrCorrupt", err)
	}
}
