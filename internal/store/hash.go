package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"fmt"
	"hash"
	"math"
	"strings"
)

// bookkeeping tables change on every save or migration and are no user data.
var bookkeeping = map[string]bool{"schema_migrations": true, "vault_meta": true}

// queryer is what both a connection and a transaction offer.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// userTables lists the ordinary tables that hold user data, by name: not
// SQLite's own, not bookkeeping, not virtual (FTS) or shadow tables, which
// are derived and rebuilt.
func userTables(ctx context.Context, q queryer) ([]string, error) {
	rows, err := q.QueryContext(ctx,
		"SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' ORDER BY name")
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("list tables: %w", err)
		}
		if strings.HasPrefix(n, "sqlite_") || bookkeeping[n] {
			continue
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

// tableColumns returns a table's columns in declaration order and its
// primary-key columns in key order.
func tableColumns(ctx context.Context, q queryer, table string) (cols, pk []string, err error) {
	rows, err := q.QueryContext(ctx, "SELECT name, pk FROM pragma_table_info(?) ORDER BY cid", table)
	if err != nil {
		return nil, nil, fmt.Errorf("columns of %s: %w", table, err)
	}
	defer rows.Close()
	type kc struct {
		name string
		pk   int
	}
	var keys []kc
	for rows.Next() {
		var c kc
		if err := rows.Scan(&c.name, &c.pk); err != nil {
			return nil, nil, fmt.Errorf("columns of %s: %w", table, err)
		}
		cols = append(cols, c.name)
		if c.pk > 0 {
			keys = append(keys, c)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("columns of %s: %w", table, err)
	}
	if len(cols) == 0 {
		return nil, nil, fmt.Errorf("columns of %s: no such table", table)
	}
	pk = make([]string, len(keys))
	for _, k := range keys {
		pk[k.pk-1] = k.name
	}
	if len(pk) == 0 {
		pk = cols
	}
	return cols, pk, nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func joinIdents(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = quoteIdent(n)
	}
	return strings.Join(q, ", ")
}

// ContentHash is a canonical SHA-256 of the user data: every user table in
// name order, its column names, its rows in primary-key order, each value
// as a type tag, a length and its bytes. vault_meta and the migrations
// bookkeeping are left out (they change with every save), and so are the
// derived search tables. Two databases with the same records have the same
// hash whatever their page layout, so a backup can be compared with its
// source after a round trip through Snapshot, Load and CopyInto.
func (s *Store) ContentHash() ([32]byte, error) {
	if err := s.lock(); err != nil {
		return [32]byte{}, err
	}
	defer s.mu.Unlock()
	ctx := context.Background()
	h := sha256.New()
	writeField(h, 'V', []byte(fmt.Sprintf("xinqing content v1 schema %d", SchemaVersion)))
	tables, err := userTables(ctx, s.conn)
	if err != nil {
		return [32]byte{}, err
	}
	for _, t := range tables {
		if err := hashTable(ctx, s.conn, h, t); err != nil {
			return [32]byte{}, fmt.Errorf("content hash: %w", err)
		}
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum, nil
}

func hashTable(ctx context.Context, q queryer, h hash.Hash, table string) error {
	cols, pk, err := tableColumns(ctx, q, table)
	if err != nil {
		return err
	}
	writeField(h, 'T', []byte(table))
	for _, c := range cols {
		writeField(h, 'C', []byte(c))
	}
	rows, err := q.QueryContext(ctx, "SELECT "+joinIdents(cols)+" FROM "+quoteIdent(table)+
		" ORDER BY "+joinIdents(pk))
	if err != nil {
		return fmt.Errorf("read %s: %w", table, err)
	}
	defer rows.Close()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var n uint64
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("read %s: %w", table, err)
		}
		writeField(h, 'R', nil)
		for i, v := range vals {
			if err := writeValue(h, v); err != nil {
				return fmt.Errorf("%s.%s: %w", table, cols[i], err)
			}
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read %s: %w", table, err)
	}
	var cnt [8]byte
	binary.BigEndian.PutUint64(cnt[:], n)
	writeField(h, 'E', cnt[:])
	return nil
}

// writeField writes tag, big-endian length, bytes: no two different
// sequences of fields encode alike.
func writeField(h hash.Hash, tag byte, b []byte) {
	var hdr [9]byte
	hdr[0] = tag
	binary.BigEndian.PutUint64(hdr[1:], uint64(len(b)))
	h.Write(hdr[:])
	h.Write(b)
}

func writeValue(h hash.Hash, v any) error {
	var b [8]byte
	switch x := v.(type) {
	case nil:
		writeField(h, 'n', nil)
	case int64:
		binary.BigEndian.PutUint64(b[:], uint64(x))
		writeField(h, 'i', b[:])
	case float64:
		binary.BigEndian.PutUint64(b[:], math.Float64bits(x))
		writeField(h, 'f', b[:])
	case string:
		writeField(h, 't', []byte(x))
	case []byte:
		writeField(h, 'b', x)
	default:
		return fmt.Errorf("unexpected value type %T", v)
	}
	return nil
}
