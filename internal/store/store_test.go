package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"xinqing/internal/casework"
)

func fixedClock() func() time.Time {
	t := time.Date(2026, 11, 28, 8, 0, 0, 0, time.UTC)
	return func() time.Time {
		t = t.Add(time.Second)
		return t
	}
}

func newStore(t *testing.T) *Store {
	t.Helper()
	s, err := New(WithClock(fixedClock()))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// exec runs raw SQL on the pinned connection (tests only).
func exec(t *testing.T, s *Store, query string, args ...any) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.conn.ExecContext(context.Background(), query, args...); err != nil {
		t.Fatalf("exec %q: %v", query, err)
	}
}

func snapshot(t *testing.T, s *Store, gen uint64) []byte {
	t.Helper()
	img, err := s.Snapshot(context.Background(), gen)
	if err != nil {
		t.Fatalf("Snapshot(%d): %v", gen, err)
	}
	return img
}

func contentHash(t *testing.T, s *Store) [32]byte {
	t.Helper()
	h, err := s.ContentHash(context.Background())
	if err != nil {
		t.Fatalf("ContentHash: %v", err)
	}
	return h
}

func TestNewSetsEveryRequiredPragma(t *testing.T) {
	s := newStore(t)
	for _, c := range []struct{ pragma, want string }{
		{"temp_store", "2"},
		{"journal_mode", "memory"},
		{"secure_delete", "1"},
		{"foreign_keys", "1"},
		{"trusted_schema", "0"},
	} {
		var got string
		s.mu.Lock()
		err := s.conn.QueryRowContext(context.Background(), "PRAGMA "+c.pragma).Scan(&got)
		s.mu.Unlock()
		if err != nil {
			t.Fatalf("PRAGMA %s: %v", c.pragma, err)
		}
		if got != c.want {
			t.Errorf("PRAGMA %s: got %q, want %q", c.pragma, got, c.want)
		}
	}
}

func TestLoadedStoreKeepsEveryRequiredPragma(t *testing.T) {
	s := newStore(t)
	l, err := Load(context.Background(), snapshot(t, s, 1), 1)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	defer l.Close()
	for _, c := range []struct{ pragma, want string }{
		{"secure_delete", "1"}, {"foreign_keys", "1"}, {"trusted_schema", "0"}, {"journal_mode", "memory"},
	} {
		var got string
		if err := l.conn.QueryRowContext(context.Background(), "PRAGMA "+c.pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("after Load, PRAGMA %s: got %q, want %q", c.pragma, got, c.want)
		}
	}
}

func TestEmbeddedMigrationsEndAtSchemaVersion(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if got := ms[len(ms)-1].version; got != SchemaVersion {
		t.Errorf("last migration: got %d, want %d", got, SchemaVersion)
	}
}

func TestSnapshotAndLoadRoundTripTheContentAndGeneration(t *testing.T) {
	s := newStore(t)
	exec(t, s, "INSERT INTO settings (id, doc) VALUES (1, ?)", `{"school":{"name":"测试学校"}}`)
	img := snapshot(t, s, 42)
	if !bytes.HasPrefix(img, []byte(sqliteHeader)) {
		t.Fatalf("snapshot does not start with the SQLite header")
	}
	l, err := Load(context.Background(), img, 42)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	defer l.Close()
	if got, want := contentHash(t, l), contentHash(t, s); got != want {
		t.Errorf("content hash after Load: got %x, want %x", got, want)
	}
	m, err := l.Meta()
	if err != nil {
		t.Fatal(err)
	}
	if m.Generation != 42 || m.SavedAt != "2026-11-28T08:00:01Z" {
		t.Errorf("meta: got %+v, want generation 42 saved 2026-11-28T08:00:01Z", m)
	}
}

// foreignImage serializes a sound SQLite database that is not ours.
func foreignImage(t *testing.T, setup ...string) []byte {
	t.Helper()
	f, err := open(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, q := range setup {
		exec(t, f, q)
	}
	img, err := f.Snapshot(context.Background(), 0)
	if err == nil {
		t.Fatal("snapshot of a database without vault_meta succeeded")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	err = withRaw(context.Background(), f.conn, func(rc rawConn) error {
		img, err = rc.Serialize()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func TestLoadRefusesEveryBadImage(t *testing.T) {
	good := func(t *testing.T, setup ...string) []byte {
		s := newStore(t)
		for _, q := range setup {
			exec(t, s, q)
		}
		return snapshot(t, s, 5)
	}
	fill := func(t *testing.T) []byte {
		s := newStore(t)
		for i := range 400 {
			exec(t, s, "INSERT INTO audit VALUES (?, 'x', 'create', 'student', ?, 'p', 'h')", i+1,
				strings.Repeat("id", 40))
		}
		return snapshot(t, s, 5)
	}
	for _, c := range []struct {
		name  string
		image func(t *testing.T) []byte
		gen   uint64
		want  error
	}{
		{"an empty image is not a database", func(t *testing.T) []byte { return nil }, 5, ErrCorrupt},
		{"garbage bytes are damage", func(t *testing.T) []byte {
			return bytes.Repeat([]byte("garbage!"), 1024)
		}, 5, ErrCorrupt},
		{"a header followed by garbage is damage", func(t *testing.T) []byte {
			b := bytes.Repeat([]byte{0x5a}, 8192)
			copy(b, sqliteHeader)
			return b
		}, 5, ErrCorrupt},
		{"an image truncated to half is damage", func(t *testing.T) []byte {
			img := fill(t)
			return img[:len(img)/2]
		}, 5, ErrCorrupt},
		{"an image truncated to one page is damage", func(t *testing.T) []byte {
			img := fill(t)
			return img[:4096]
		}, 5, ErrCorrupt},
		{"a sound database with a foreign schema is refused", func(t *testing.T) []byte {
			return foreignImage(t, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
		}, 5, ErrSchema},
		{"a newer schema version is refused", func(t *testing.T) []byte {
			return good(t, "INSERT INTO schema_migrations VALUES (99, '0099_future.sql')")
		}, 5, ErrSchema},
		{"an older version number over newer schema objects is refused", func(t *testing.T) []byte {
			return good(t, "DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)")
		}, 5, ErrSchema},
		{"an extra trigger is refused", func(t *testing.T) []byte {
			return good(t, "CREATE TRIGGER evil AFTER INSERT ON audit BEGIN DELETE FROM settings; END")
		}, 5, ErrSchema},
		{"an extra view is refused", func(t *testing.T) []byte {
			return good(t, "CREATE VIEW peek AS SELECT * FROM settings")
		}, 5, ErrSchema},
		{"an extra table is refused", func(t *testing.T) []byte {
			return good(t, "CREATE TABLE extra (x)")
		}, 5, ErrSchema},
		{"a dropped index or table is refused", func(t *testing.T) []byte {
			return good(t, "DROP TABLE settings")
		}, 5, ErrSchema},
		{"the wrong generation is refused", func(t *testing.T) []byte { return good(t) }, 6, ErrGeneration},
		{"a record with broken JSON is damage", func(t *testing.T) []byte {
			return good(t, "INSERT INTO students (id, name, special_groups) VALUES ('x', 'y', '[\"left_behind\"')")
		}, 5, ErrCorrupt},
	} {
		t.Run(c.name, func(t *testing.T) {
			img := c.image(t)
			s, err := Load(context.Background(), img, c.gen)
			if err == nil {
				s.Close()
				t.Fatalf("Load: got nil error, want %v", c.want)
			}
			if !errors.Is(err, c.want) {
				t.Errorf("Load: got %v, want %v", err, c.want)
			}
			// The check in place (backups) refuses it for the same reason.
			im := imageFrom(t, img)
			defer im.Free()
			if err := VerifyImage(context.Background(), im, c.gen); !errors.Is(err, c.want) {
				t.Errorf("VerifyImage: got %v, want %v", err, c.want)
			}
		})
	}
}

func TestLoadRefusesDanglingReferences(t *testing.T) {
	// A database whose foreign keys are violated: built with enforcement off.
	s := newStore(t)
	exec(t, s, "PRAGMA foreign_keys = OFF")
	exec(t, s, "CREATE TABLE parent (id TEXT PRIMARY KEY)")
	exec(t, s, "CREATE TABLE child (id TEXT PRIMARY KEY, p TEXT REFERENCES parent(id))")
	exec(t, s, "INSERT INTO child VALUES ('c', 'missing')")
	img := snapshot(t, s, 1)
	_, err := Load(context.Background(), img, 1)
	if !errors.Is(err, ErrCorrupt) {
		t.Errorf("Load: got %v, want ErrCorrupt", err)
	}
	im := imageFrom(t, img)
	defer im.Free()
	if err := VerifyImage(context.Background(), im, 1); !errors.Is(err, ErrCorrupt) {
		t.Errorf("VerifyImage: got %v, want ErrCorrupt", err)
	}
}

func TestLoadLeavesTheCallersImageUntouched(t *testing.T) {
	s := newStore(t)
	img := snapshot(t, s, 3)
	keep := slices.Clone(img)
	l, err := Load(context.Background(), img, 3)
	if err != nil {
		t.Fatal(err)
	}
	exec(t, l, "INSERT INTO settings VALUES (1, '{}')")
	l.Close()
	if !bytes.Equal(img, keep) {
		t.Error("Load modified the caller's image")
	}
}

func TestQuickCheckPassesOnALiveDatabase(t *testing.T) {
	s := newStore(t)
	exec(t, s, "INSERT INTO settings VALUES (1, '{}')")
	if err := s.QuickCheck(context.Background()); err != nil {
		t.Errorf("QuickCheck: got %v, want nil", err)
	}
}

func TestAClosedStoreRefusesWork(t *testing.T) {
	s := newStore(t)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: got %v, want nil", err)
	}
	if _, err := s.Snapshot(context.Background(), 1); !errors.Is(err, ErrClosed) {
		t.Errorf("Snapshot after Close: got %v, want ErrClosed", err)
	}
	if err := s.QuickCheck(context.Background()); !errors.Is(err, ErrClosed) {
		t.Errorf("QuickCheck after Close: got %v, want ErrClosed", err)
	}
}

func TestContentHashIgnoresGenerationAndInsertionOrder(t *testing.T) {
	a, b := newStore(t), newStore(t)
	for i := 1; i <= 3; i++ {
		exec(t, a, "INSERT INTO audit VALUES (?, 'at', 'create', 'student', 'id', 'p', 'h')", i)
	}
	for i := 3; i >= 1; i-- {
		exec(t, b, "INSERT INTO audit VALUES (?, 'at', 'create', 'student', 'id', 'p', 'h')", i)
	}
	snapshot(t, b, 77)
	if contentHash(t, a) != contentHash(t, b) {
		t.Error("same rows, different insertion order and generation: hashes differ")
	}
	exec(t, b, "UPDATE audit SET object_id = 'id2' WHERE seq = 2")
	if contentHash(t, a) == contentHash(t, b) {
		t.Error("one changed value: hashes equal")
	}
}

func TestContentHashTellsFieldBoundariesApart(t *testing.T) {
	a, b := newStore(t), newStore(t)
	exec(t, a, "INSERT INTO audit VALUES (1, 'at', 'ab', 'c', 'id', 'p', 'h')")
	exec(t, b, "INSERT INTO audit VALUES (1, 'at', 'a', 'bc', 'id', 'p', 'h')")
	if contentHash(t, a) == contentHash(t, b) {
		t.Error("values shifted across a column boundary hash alike")
	}
}

func TestCopyIntoReproducesTheContentInAFreshStore(t *testing.T) {
	s := newStore(t)
	exec(t, s, "INSERT INTO settings VALUES (1, '{\"x\":1}')")
	for i := 1; i <= 5; i++ {
		exec(t, s, "INSERT INTO audit VALUES (?, 'at', 'create', 'student', 'id', 'p', 'h')", i)
	}
	l, err := Load(context.Background(), snapshot(t, s, 9), 9)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	dst := newStore(t)
	if err := l.CopyInto(dst); err != nil {
		t.Fatalf("CopyInto: %v", err)
	}
	if got, want := contentHash(t, dst), contentHash(t, s); got != want {
		t.Errorf("content hash after CopyInto: got %x, want %x", got, want)
	}
	if err := l.CopyInto(dst); err == nil {
		t.Error("CopyInto a non-empty store: got nil error")
	}
	if err := dst.CopyInto(dst); err == nil {
		t.Error("CopyInto itself: got nil error")
	}
}

func TestDeletedCanaryIsAbsentFromTheNextSnapshot(t *testing.T) {
	const canary = "CANARY-7f3a9c-deleted-note"
	s := newStore(t)
	exec(t, s, "INSERT INTO settings VALUES (1, ?)", strings.Repeat(canary, 20))
	if img := snapshot(t, s, 1); !bytes.Contains(img, []byte(canary)) {
		t.Fatal("canary missing before the delete: the test proves nothing")
	}
	exec(t, s, "DELETE FROM settings")
	if img := snapshot(t, s, 2); bytes.Contains(img, []byte(canary)) {
		t.Error("deleted canary found in the next snapshot")
	}
}

// openFiles lists what this process has open (Linux only).
func openFiles(t *testing.T) map[string]bool {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	m := map[string]bool{}
	for _, e := range ents {
		if l, err := os.Readlink(filepath.Join("/proc/self/fd", e.Name())); err == nil {
			m[l] = true
		}
	}
	return m
}

func TestNoFileIsCreatedAnywhere(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	t.Setenv("SQLITE_TMPDIR", tmp)
	wd, _ := os.Getwd()
	before, _ := os.ReadDir(wd)
	fdsBefore := openFiles(t)

	s := newStore(t)
	// Enough data and a big sort to tempt SQLite into temp files.
	s.mu.Lock()
	ctx := context.Background()
	tx, err := s.conn.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 20000; i++ {
		if _, err := tx.ExecContext(ctx, "INSERT INTO audit VALUES (?, ?, 'create', 'student', ?, 'p', 'h')",
			i, strings.Repeat("t", 50), strings.Repeat("o", 100)); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	if err := tx.QueryRowContext(ctx,
		"SELECT count(*) FROM (SELECT DISTINCT object_id || seq FROM audit ORDER BY 1 DESC)").Scan(&n); err != nil {
		t.Fatal(err)
	}
	for l := range openFiles(t) {
		if !fdsBefore[l] && !strings.HasPrefix(l, "pipe:") && !strings.HasPrefix(l, "anon_inode:") &&
			!strings.HasPrefix(l, "socket:") {
			t.Errorf("file opened during a transaction: %s", l)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	s.mu.Unlock()
	exec(t, s, "DELETE FROM audit") // the raw rows above are no chain
	// Records, the temp-schema search index and a lazily built index.
	p := newParents(t, s)
	mustCreate(t, s, &casework.Session{CaseID: p.caseID, Date: "2026-03-03", DurationMin: 40,
		Observations: strings.Repeat("情绪低落，与同学发生争执。", 200)})
	if _, err := s.SearchText("同学发生", 0); err != nil {
		t.Fatal(err)
	}
	img := snapshot(t, s, 1)
	l, err := Load(context.Background(), img, 1)
	if err != nil {
		t.Fatal(err)
	}
	if hits, err := l.SearchText("同学发生", 0); err != nil || len(hits) != 1 {
		t.Fatalf("search after Load: got %d hits, %v", len(hits), err)
	}
	l.Close()

	if ents, _ := os.ReadDir(tmp); len(ents) != 0 {
		t.Errorf("temp folder: got %d new entries, want 0", len(ents))
	}
	after, _ := os.ReadDir(wd)
	if len(after) != len(before) {
		t.Errorf("working folder: got %d entries, want %d", len(after), len(before))
	}
}

func TestCopyIntoNeverAdoptsForeignSchemaObjects(t *testing.T) {
	src := newStore(t)
	exec(t, src, "INSERT INTO settings VALUES (1, '{}')")
	exec(t, src, "CREATE TRIGGER evil AFTER INSERT ON audit BEGIN DELETE FROM settings; END")
	exec(t, src, "CREATE VIEW peek AS SELECT * FROM settings")
	exec(t, src, "CREATE TABLE extra (x)")
	dst := newStore(t)
	if err := src.CopyInto(dst); err != nil {
		t.Fatalf("CopyInto: %v", err)
	}
	ref := newStore(t)
	got, err := readSchema(context.Background(), dst.conn)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := readSchema(context.Background(), ref.conn)
	if !slices.Equal(got, want) {
		t.Errorf("schema after CopyInto: got %d objects, want exactly ours (%d)", len(got), len(want))
	}
	exec(t, dst, "INSERT INTO audit VALUES (1, 'at', 'x', 'y', 'z', 'p', 'h')")
	var n int
	dst.conn.QueryRowContext(context.Background(), "SELECT count(*) FROM settings").Scan(&n)
	if n != 1 {
		t.Errorf("settings rows after an audit insert: got %d, want 1 (no trigger ran)", n)
	}
}

func TestLoadUpgradesAnImageOfAnOlderSchemaVersion(t *testing.T) {
	old, err := newAt(1)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	exec(t, old, "INSERT INTO settings VALUES (1, ?)", `{"school":{"name":"测试学校"},"risk_levels":[]}`)
	img := snapshot(t, old, 8)
	// Only a migration makes it checkable: the check in place hands it on.
	im := imageFrom(t, img)
	defer im.Free()
	if err := VerifyImage(context.Background(), im, 8); !errors.Is(err, ErrNotInPlace) {
		t.Errorf("VerifyImage of a version 1 image: got %v, want ErrNotInPlace", err)
	}
	l, err := Load(context.Background(), img, 8)
	if err != nil {
		t.Fatalf("Load of a version 1 image: %v", err)
	}
	defer l.Close()
	var v int
	if err := l.conn.QueryRowContext(context.Background(), "SELECT max(version) FROM schema_migrations").Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v != SchemaVersion {
		t.Errorf("schema version after Load: got %d, want %d", v, SchemaVersion)
	}
	st, err := l.Settings()
	if err != nil || st.School.Name != "测试学校" {
		t.Errorf("settings after the upgrade: got %q, %v; want 测试学校", st.School.Name, err)
	}
	if n, err := l.Count(casework.KindStudent); err != nil || n != 0 {
		t.Errorf("students after the upgrade: got %d, %v; want 0", n, err)
	}
}

func TestLoadedImagesRunInDefensiveMode(t *testing.T) {
	s := newStore(t)
	l, err := Load(context.Background(), snapshot(t, s, 1), 1)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	// Defensive mode ignores writable_schema, so an image cannot be made to
	// rewrite its own schema through us.
	exec(t, l, "PRAGMA writable_schema = ON")
	var on int
	if err := l.conn.QueryRowContext(context.Background(), "PRAGMA writable_schema").Scan(&on); err != nil {
		t.Fatal(err)
	}
	if on != 0 {
		t.Errorf("writable_schema: got %d, want 0 under defensive mode", on)
	}
	if _, err := l.conn.ExecContext(context.Background(),
		"UPDATE sqlite_schema SET sql = 'x' WHERE name = 'audit'"); err == nil {
		t.Error("writing sqlite_schema succeeded, want it refused")
	}
}
