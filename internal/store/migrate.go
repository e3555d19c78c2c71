package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

// SchemaVersion is the version of the newest embedded migration: the exact
// version a loaded image must carry.
const SchemaVersion = 6

//go:embed migrations/*.sql
var migrationFS embed.FS

type migration struct {
	version int
	name    string // file name, e.g. 0001_init.sql
	sql     string
}

// migrations returns the embedded migrations in order; their versions start
// at 1, rise strictly and end at SchemaVersion. A number may be skipped (a
// number reserved for a migration that is not embedded): a version is a
// migration's number, never its position.
func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || path.Ext(e.Name()) != ".sql" {
			return nil, fmt.Errorf("migration %q: name is not NNNN_name.sql", e.Name())
		}
		b, err := migrationFS.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	slices.SortFunc(ms, func(a, b migration) int { return a.version - b.version })
	for i, m := range ms {
		if (i == 0 && m.version != 1) || (i > 0 && m.version <= ms[i-1].version) {
			return nil, fmt.Errorf("migration %s: version %d out of order", m.name, m.version)
		}
	}
	if len(ms) == 0 || ms[len(ms)-1].version != SchemaVersion {
		return nil, fmt.Errorf("the last embedded migration is not SchemaVersion %d", SchemaVersion)
	}
	return ms, nil
}

// migrate brings the database up to SchemaVersion, one transaction per
// migration, recording each in schema_migrations.
func (s *Store) migrate(ctx context.Context) error { return s.migrateTo(ctx, SchemaVersion) }

// migrateTo brings the database up to version upto.
func (s *Store) migrateTo(ctx context.Context, upto int) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	n := slices.IndexFunc(ms, func(m migration) bool { return m.version == upto })
	if n < 0 {
		return fmt.Errorf("migrate to %d: no such version", upto)
	}
	ms = ms[:n+1]
	if _, err := s.conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
	version INTEGER PRIMARY KEY,
	name TEXT NOT NULL
) STRICT`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	var have int
	if err := s.conn.QueryRowContext(ctx,
		"SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&have); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if have > upto {
		return fmt.Errorf("schema version %d is newer than %d", have, upto)
	}
	for _, m := range ms {
		if m.version <= have {
			continue
		}
		if err := s.apply(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) apply(ctx context.Context, m migration) error {
	tx, err := s.conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	if _, err := tx.ExecContext(ctx,
		"INSERT INTO schema_migrations (version, name) VALUES (?, ?)", m.version, m.name); err != nil {
		return fmt.Errorf("migration %s: record: %w", m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %s: commit: %w", m.name, err)
	}
	return nil
}

// schemaObject is one row of sqlite_schema.
type schemaObject struct {
	typ, name, table, sql string
}

func readSchema(ctx context.Context, conn *sql.Conn) ([]schemaObject, error) {
	rows, err := conn.QueryContext(ctx,
		"SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema ORDER BY type, name")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var objs []schemaObject
	for rows.Next() {
		var o schemaObject
		if err := rows.Scan(&o.typ, &o.name, &o.table, &o.sql); err != nil {
			return nil, err
		}
		objs = append(objs, o)
	}
	return objs, rows.Err()
}

// previousVersion returns the version before the newest embedded one: the
// version of the images the last release wrote.
func previousVersion() int {
	ms, err := migrations()
	if err != nil || len(ms) < 2 {
		return 0
	}
	return ms[len(ms)-2].version
}

// newAt returns a fresh database at an older schema version: the
// reference an old image is compared with.
func newAt(version int) (*Store, error) {
	s, err := open(nil)
	if err != nil {
		return nil, err
	}
	if err := s.migrateTo(context.Background(), version); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// checkSchema accepts a database only if its migrations bookkeeping lists
// our first migrations, in order, and its schema objects (tables, indices,
// triggers, views) are exactly those these migrations create. It returns
// the database's schema version: SchemaVersion, or an older one that
// Load then migrates forward. A newer version is refused.
func checkSchema(ctx context.Context, conn *sql.Conn) (version int, err error) {
	ms, err := migrations()
	if err != nil {
		return 0, err
	}
	rows, err := conn.QueryContext(ctx, "SELECT version, name FROM schema_migrations ORDER BY version")
	if err != nil {
		return 0, fmt.Errorf("%w: no migrations bookkeeping: %v", ErrSchema, err)
	}
	var got []migration
	for rows.Next() {
		var m migration
		if err := rows.Scan(&m.version, &m.name); err != nil {
			rows.Close()
			return 0, fmt.Errorf("%w: migrations bookkeeping: %v", ErrSchema, err)
		}
		got = append(got, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("%w: migrations bookkeeping: %v", ErrSchema, err)
	}
	if len(got) == 0 || len(got) > len(ms) {
		return 0, fmt.Errorf("%w: schema version %d, want 1 to %d", ErrSchema, len(got), SchemaVersion)
	}
	for i := range got {
		if got[i].version != ms[i].version || got[i].name != ms[i].name {
			return 0, fmt.Errorf("%w: migration %d is %q, want %q", ErrSchema, got[i].version, got[i].name, ms[i].name)
		}
	}
	version = got[len(got)-1].version

	ref, err := newAt(version)
	if err != nil {
		return 0, fmt.Errorf("build reference schema: %w", err)
	}
	defer ref.Close()
	want, err := readSchema(ctx, ref.conn)
	if err != nil {
		return 0, fmt.Errorf("read reference schema: %w", err)
	}
	have, err := readSchema(ctx, conn)
	if err != nil {
		return 0, fmt.Errorf("%w: read schema: %v", ErrSchema, err)
	}
	for i := 0; i < len(have) || i < len(want); i++ {
		switch {
		case i >= len(want):
			return 0, fmt.Errorf("%w: unexpected %s %q", ErrSchema, have[i].typ, have[i].name)
		case i >= len(have):
			return 0, fmt.Errorf("%w: missing %s %q", ErrSchema, want[i].typ, want[i].name)
		case have[i] != want[i]:
			return 0, fmt.Errorf("%w: %s %q differs from ours (%s %q)", ErrSchema,
				have[i].typ, have[i].name, want[i].typ, want[i].name)
		}
	}
	return version, nil
}
