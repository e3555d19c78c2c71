package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"xinqing/internal/casework"
	_ "xinqing/internal/textnorm" // casework.Compose: text comes in composed (NFC)

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Errors a candidate image is refused with; nothing is adopted in any case.
var (
	// ErrCorrupt: not a SQLite database, or one that fails integrity_check or
	// foreign_key_check.
	ErrCorrupt = errors.New("store: database image is damaged")
	// ErrSchema: a sound database whose schema is not exactly ours.
	ErrSchema = errors.New("store: database schema is not the expected one")
	// ErrGeneration: vault_meta.generation differs from the one wanted.
	ErrGeneration = errors.New("store: database generation does not match")
	// ErrClosed: the store was closed (for example by the idle lock).
	ErrClosed = errors.New("store: closed")
)

// sqliteHeader starts every SQLite database file.
const sqliteHeader = "SQLite format 3\x00"

// Store is the working database. The zero value is not usable; use New or
// Load.
type Store struct {
	mu   sync.Mutex
	db   *sql.DB
	conn *sql.Conn // the one pinned connection; nil after Close
	now  func() time.Time
	tabs tables // record tables, described once the schema is in place
	// indexReady: the full-text index holds every record. A loaded or
	// copied-into store builds it on the first text search (or BuildIndex).
	indexReady bool
	// names: every student's searchable name forms, read from the
	// students table on the first name search and dropped by any write to
	// a student, so a search scans memory and not the table.
	names *nameIndex
	// versions: for each kind, the write sequence number of the last
	// committed transaction that wrote records of that kind (see Version).
	versions map[casework.Kind]uint64
	writeSeq uint64
}

// Version is a number that changes whenever records of kind change in this
// store (a committed write or delete, a copy into it), so that what was
// read of a kind can be kept until then. It says nothing across stores.
func (s *Store) Version(kind casework.Kind) uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.versions[kind]
}

// wrote records that the kinds were written; the caller holds s.mu.
func (s *Store) wrote(kinds map[casework.Kind]bool) {
	if len(kinds) == 0 {
		return
	}
	if s.versions == nil {
		s.versions = map[casework.Kind]uint64{}
	}
	s.writeSeq++
	for k := range kinds {
		s.versions[k] = s.writeSeq
	}
}

// Option configures a Store.
type Option func(*Store)

// WithClock injects the clock used for created_at/updated_at, audit times
// and vault_meta.saved_at.
func WithClock(now func() time.Time) Option {
	return func(s *Store) { s.now = now }
}

// New returns a fresh, empty database built from the embedded migrations.
func New(opts ...Option) (*Store, error) {
	s, err := open(opts)
	if err != nil {
		return nil, err
	}
	if err := s.migrate(context.Background()); err != nil {
		s.Close()
		return nil, err
	}
	if s.tabs, err = loadTables(context.Background(), s.conn); err != nil {
		s.Close()
		return nil, err
	}
	if err := createIndex(context.Background(), s.conn); err != nil {
		s.Close()
		return nil, err
	}
	s.indexReady = true // an empty database has an empty index
	return s, nil
}

// Open is New under the name the vault's composition code may expect.
func Open(opts ...Option) (*Store, error) { return New(opts...) }

// open makes an empty in-memory database on one pinned connection with the
// pragmas applied.
func open(opts []Option) (*Store, error) {
	// Defensive mode forbids writable_schema, journal_mode=OFF and writes to
	// shadow tables: nothing here needs them, and a hostile image cannot
	// use them either.
	db, err := sql.Open("sqlite", ":memory:?_defensive=1")
	if err != nil {
		return nil, fmt.Errorf("open in-memory database: %w", err)
	}
	// One connection: a second one would be a different, empty database.
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	conn, err := db.Conn(context.Background())
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open in-memory database: %w", err)
	}
	s := &Store{db: db, conn: conn, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	if err := applyPragmas(context.Background(), conn); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// applyPragmas sets and then reads back every pragma the design requires.
// It runs again after Deserialize, which reopens the main database.
func applyPragmas(ctx context.Context, conn *sql.Conn) error {
	want := []struct{ name, set, want string }{
		{"temp_store", "MEMORY", "2"},
		{"journal_mode", "MEMORY", "memory"},
		{"secure_delete", "ON", "1"},
		{"foreign_keys", "ON", "1"},
		{"trusted_schema", "OFF", "0"},
	}
	for _, p := range want {
		if _, err := conn.ExecContext(ctx, "PRAGMA "+p.name+" = "+p.set); err != nil {
			return fmt.Errorf("pragma %s: %w", p.name, err)
		}
		var got string
		if err := conn.QueryRowContext(ctx, "PRAGMA "+p.name).Scan(&got); err != nil {
			return fmt.Errorf("pragma %s: %w", p.name, err)
		}
		if !strings.EqualFold(got, p.want) {
			return fmt.Errorf("pragma %s: got %q, want %q", p.name, got, p.want)
		}
	}
	return nil
}

// Close releases the connection and with it the whole database. Closing
// twice is harmless.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conn == nil {
		return nil
	}
	// A loaded database is one block of SQLite's memory: wiped before it is
	// released, so no plaintext outlives the lock in freed memory.
	if img := s.borrowImage(); img != nil {
		clear(img)
	}
	err := s.conn.Close()
	s.conn = nil
	s.names = nil // no student names outlive the database
	if cerr := s.db.Close(); err == nil {
		err = cerr
	}
	return err
}

// lock takes the store's mutex and fails if the store is closed.
func (s *Store) lock() error {
	s.mu.Lock()
	if s.conn == nil {
		s.mu.Unlock()
		return ErrClosed
	}
	return nil
}

// rawConn is what modernc's driver connection offers for images.
type rawConn interface {
	Serialize() ([]byte, error)
	Deserialize([]byte) error
}

func withRaw(ctx context.Context, conn *sql.Conn, f func(rawConn) error) error {
	return conn.Raw(func(dc any) error {
		rc, ok := dc.(rawConn)
		if !ok {
			return fmt.Errorf("sqlite driver connection %T cannot serialize", dc)
		}
		return f(rc)
	})
}

// Snapshot records gen and the current time in vault_meta and returns the
// whole database serialized: the bytes the vault seals as generation gen.
// A done ctx stops it before anything is recorded.
func (s *Store) Snapshot(ctx context.Context, gen uint64) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := s.lock(); err != nil {
		return nil, err
	}
	defer s.mu.Unlock()
	at := s.now().UTC().Format(time.RFC3339)
	if _, err := s.conn.ExecContext(ctx,
		"UPDATE vault_meta SET generation = ?, saved_at = ? WHERE id = 1", int64(gen), at); err != nil {
		return nil, fmt.Errorf("snapshot %d: record generation: %w", gen, err)
	}
	image, err := s.serialize()
	if err != nil {
		return nil, fmt.Errorf("snapshot %d: %w", gen, err)
	}
	return image, nil
}

// SnapshotInPlace is Snapshot without a copy where the database is one
// block of SQLite's memory (a loaded one): the image returned is SQLite's
// own, valid until release is called, and the store stays locked until
// then (every other call waits). Meant for the save at lock, when nothing
// else needs the store; elsewhere it falls back to a copy. release must
// be called exactly once, also after an error.
func (s *Store) SnapshotInPlace(ctx context.Context, gen uint64) (image []byte, release func(), err error) {
	if err := ctx.Err(); err != nil {
		return nil, func() {}, err
	}
	if err := s.lock(); err != nil {
		return nil, func() {}, err
	}
	release = sync.OnceFunc(s.mu.Unlock)
	at := s.now().UTC().Format(time.RFC3339)
	if _, err := s.conn.ExecContext(ctx,
		"UPDATE vault_meta SET generation = ?, saved_at = ? WHERE id = 1", int64(gen), at); err != nil {
		return nil, release, fmt.Errorf("snapshot %d: record generation: %w", gen, err)
	}
	if img := s.borrowImage(); img != nil {
		return img, release, nil
	}
	image, err = s.serialize()
	if err != nil {
		return nil, release, fmt.Errorf("snapshot %d: %w", gen, err)
	}
	return image, release, nil
}

// serialize returns the database as one image; the caller holds s.mu.
func (s *Store) serialize() ([]byte, error) {
	// A loaded database is one block of SQLite's memory: one copy of it,
	// where the driver's Serialize would make two (SQLite's, then Go's).
	if img := s.borrowImage(); img != nil {
		return bytes.Clone(img), nil
	}
	var image []byte
	err := withRaw(context.Background(), s.conn, func(rc rawConn) error {
		var err error
		image, err = rc.Serialize()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("serialize: %w", err)
	}
	return image, nil
}

// Meta is what vault_meta says about the last Snapshot.
type Meta struct {
	Generation uint64
	SavedAt    string // RFC 3339, UTC; empty before the first save
}

// Meta returns the generation and time recorded by the last Snapshot (or
// found in the loaded image).
func (s *Store) Meta() (Meta, error) {
	if err := s.lock(); err != nil {
		return Meta{}, err
	}
	defer s.mu.Unlock()
	return readMeta(context.Background(), s.conn)
}

func readMeta(ctx context.Context, conn *sql.Conn) (Meta, error) {
	var m Meta
	var gen int64
	if err := conn.QueryRowContext(ctx,
		"SELECT generation, saved_at FROM vault_meta WHERE id = 1").Scan(&gen, &m.SavedAt); err != nil {
		return Meta{}, fmt.Errorf("read vault_meta: %w", err)
	}
	if gen < 0 {
		return Meta{}, fmt.Errorf("read vault_meta: negative generation %d", gen)
	}
	m.Generation = uint64(gen)
	return m, nil
}

// Load deserializes image into a fresh connection and adopts it only if it
// passes every check: integrity_check, foreign_key_check, a schema version
// of ours with exactly the schema objects of that version, and
// vault_meta.generation == wantGen. An image of an older schema version
// (saved by an older release) is then migrated forward; a newer one is
// refused. The error wraps ErrCorrupt, ErrSchema or ErrGeneration, or is
// ctx's error when ctx ended the checks (which says nothing of the image).
func Load(ctx context.Context, image []byte, wantGen uint64, opts ...Option) (*Store, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// Deserialize accepts anything; the header test only saves work.
	if err := checkHeader(image); err != nil {
		return nil, err
	}
	s, err := open(opts)
	if err != nil {
		return nil, err
	}
	err = s.adopt(ctx, wantGen, func() error {
		return withRaw(ctx, s.conn, func(rc rawConn) error {
			// SQLite takes its own copy; the caller's slice stays untouched.
			return rc.Deserialize(image)
		})
	})
	if err != nil {
		s.Close()
		if cerr := ctx.Err(); cerr != nil {
			return nil, cerr
		}
		return nil, err
	}
	return s, nil
}

// LoadImage is Load of an image in SQLite's own memory (NewImage): SQLite
// adopts it as the database itself, without a copy. The image is used up
// either way: adopted, or wiped and released when refused.
func LoadImage(ctx context.Context, im *Image, wantGen uint64, opts ...Option) (*Store, error) {
	defer im.Free() // a no-op once adopted
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := checkHeader(im.Bytes()); err != nil {
		return nil, err
	}
	s, err := open(opts)
	if err != nil {
		return nil, err
	}
	err = s.adopt(ctx, wantGen, func() error {
		err := deserializeOwned(ctx, s, im)
		if errors.Is(err, errNoHandles) {
			// A driver this code does not know: copy, as Load does.
			err = withRaw(ctx, s.conn, func(rc rawConn) error { return rc.Deserialize(im.Bytes()) })
		}
		return err
	})
	if err != nil {
		s.Close()
		if cerr := ctx.Err(); cerr != nil {
			return nil, cerr
		}
		return nil, err
	}
	return s, nil
}

// checkHeader refuses what cannot be a database image.
func checkHeader(image []byte) error {
	if len(image) < 512 || !bytes.HasPrefix(image, []byte(sqliteHeader)) {
		return fmt.Errorf("%w: not a SQLite database (%d bytes)", ErrCorrupt, len(image))
	}
	return nil
}

// adopt makes the image deserialize puts in place the database, once it
// passes every check.
func (s *Store) adopt(ctx context.Context, wantGen uint64, deserialize func() error) error {
	if err := deserialize(); err != nil {
		return fmt.Errorf("%w: deserialize: %v", ErrCorrupt, err)
	}
	if err := applyPragmas(ctx, s.conn); err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if err := checkIntegrity(ctx, s.conn, "main.integrity_check"); err != nil {
		return err
	}
	if err := checkForeignKeys(ctx, s.conn); err != nil {
		return err
	}
	version, err := checkSchema(ctx, s.conn)
	if err != nil {
		return err
	}
	m, err := readMeta(ctx, s.conn)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrSchema, err)
	}
	if m.Generation != wantGen {
		return fmt.Errorf("%w: image says %d, want %d", ErrGeneration, m.Generation, wantGen)
	}
	if version < SchemaVersion {
		// An image saved by an older release: bring it up to date.
		if err := s.migrate(ctx); err != nil {
			return fmt.Errorf("%w: upgrade from version %d: %v", ErrSchema, version, err)
		}
	}
	if s.tabs, err = loadTables(ctx, s.conn); err != nil {
		return fmt.Errorf("%w: %v", ErrSchema, err)
	}
	if err := checkJSON(ctx, s.conn, s.tabs); err != nil {
		return err
	}
	// The search index is built when first needed: unlocking a big school
	// does not wait for it.
	return createIndex(ctx, s.conn)
}

// checkJSON finds JSON columns holding text that is not JSON: a sound
// page layout with unreadable records is damage all the same.
func checkJSON(ctx context.Context, conn *sql.Conn, tabs tables) error {
	for _, t := range tabs {
		for _, c := range t.cols {
			if c.shape != shapeJSON || c.derived {
				continue
			}
			var n int
			col := quoteIdent(c.name)
			if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM "+quoteIdent(t.name)+
				" WHERE "+col+" IS NOT NULL AND NOT json_valid("+col+")").Scan(&n); err != nil {
				return fmt.Errorf("%w: check %s.%s: %v", ErrCorrupt, t.name, c.name, err)
			}
			if n > 0 {
				return fmt.Errorf("%w: %s.%s: %d value(s) not JSON", ErrCorrupt, t.name, c.name, n)
			}
		}
	}
	return nil
}

// checkIntegrity runs integrity_check or quick_check; anything but a single
// "ok" is ErrCorrupt.
func checkIntegrity(ctx context.Context, conn *sql.Conn, pragma string) error {
	rows, err := conn.QueryContext(ctx, "PRAGMA "+pragma)
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrCorrupt, pragma, err)
	}
	defer rows.Close()
	var msgs []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			return fmt.Errorf("%w: %s: %v", ErrCorrupt, pragma, err)
		}
		if len(msgs) < 5 {
			msgs = append(msgs, m)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%w: %s: %v", ErrCorrupt, pragma, err)
	}
	if len(msgs) != 1 || msgs[0] != "ok" {
		return fmt.Errorf("%w: %s: %s", ErrCorrupt, pragma, strings.Join(msgs, "; "))
	}
	return nil
}

func checkForeignKeys(ctx context.Context, conn *sql.Conn) error {
	rows, err := conn.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return fmt.Errorf("%w: foreign_key_check: %v", ErrCorrupt, err)
	}
	defer rows.Close()
	if rows.Next() {
		var table string
		var rowid sql.NullInt64
		var parent string
		var fkid int64
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return fmt.Errorf("%w: foreign_key_check: %v", ErrCorrupt, err)
		}
		return fmt.Errorf("%w: foreign_key_check: %s row %d references a missing %s",
			ErrCorrupt, table, rowid.Int64, parent)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%w: foreign_key_check: %v", ErrCorrupt, err)
	}
	return nil
}

// QuickCheck runs PRAGMA quick_check on the live database (the main
// schema: what a save serializes); a save must not proceed unless it
// returns nil. A done ctx interrupts it with ctx's error.
func (s *Store) QuickCheck(ctx context.Context) error {
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	if err := checkIntegrity(ctx, s.conn, "main.quick_check"); err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		return err
	}
	return nil
}
