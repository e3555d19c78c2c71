package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"fmt"
	"hash"
	"io"
	"slices"
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
		if isUserTable(n) {
			names = append(names, n)
		}
	}
	return names, rows.Err()
}

// isUserTable tells a table of user data from SQLite's own and the
// bookkeeping ones.
func isUserTable(name string) bool { return !strings.HasPrefix(name, "sqlite_") && !bookkeeping[name] }

// primaryKey is the key columns in key order, from each column's position
// in the key (0: not in it); all columns when the table has no key.
func primaryKey(cols []string, rank []int) []string {
	var pk []string
	for k := 1; ; k++ {
		i := slices.Index(rank, k)
		if i < 0 {
			break
		}
		pk = append(pk, cols[i])
	}
	if len(pk) == 0 {
		return cols
	}
	return pk
}

// tableColumns returns a table's columns in declaration order and its
// primary-key columns in key order.
func tableColumns(ctx context.Context, q queryer, table string) (cols, pk []string, err error) {
	rows, err := q.QueryContext(ctx, "SELECT name, pk FROM pragma_table_info(?) ORDER BY cid", table)
	if err != nil {
		return nil, nil, fmt.Errorf("columns of %s: %w", table, err)
	}
	defer rows.Close()
	var rank []int
	for rows.Next() {
		var name string
		var k int
		if err := rows.Scan(&name, &k); err != nil {
			return nil, nil, fmt.Errorf("columns of %s: %w", table, err)
		}
		cols, rank = append(cols, name), append(rank, k)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("columns of %s: %w", table, err)
	}
	if len(cols) == 0 {
		return nil, nil, fmt.Errorf("columns of %s: no such table", table)
	}
	return cols, primaryKey(cols, rank), nil
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
//
// A done ctx stops it before or after the image is taken.
func (s *Store) ContentHash(ctx context.Context) ([32]byte, error) {
	h, _, err := s.hashes(ctx, false)
	return h, err
}

// Hashes is ContentHash together with the SHA-256 of the image it was
// computed from (the bytes Snapshot would seal now). A decrypted copy
// with that image hash holds this very database: a verifier that finds
// it has the content hash without reading every row again.
func (s *Store) Hashes(ctx context.Context) (content, image [32]byte, err error) {
	return s.hashes(ctx, true)
}

func (s *Store) hashes(ctx context.Context, withImage bool) (content, image [32]byte, err error) {
	if err := ctx.Err(); err != nil {
		return content, image, err
	}
	if err := s.lock(); err != nil {
		return content, image, err
	}
	img, err := s.serialize()
	s.mu.Unlock()
	if err != nil {
		return content, image, fmt.Errorf("content hash: %w", err)
	}
	// A private copy: the hash reads it on other handles, on other cores,
	// while the store is free for the next edit.
	defer clear(img)
	if err := ctx.Err(); err != nil {
		return content, image, err
	}
	if withImage {
		image = sha256.Sum256(img)
	}
	content, err = ImageContentHash(img)
	return content, image, err
}

// fieldBuf is how much a fieldWriter gathers before hashing it: a few
// large writes instead of two small ones per value.
const fieldBuf = 64 << 10

// fieldWriter encodes fields as writeField does into a buffer that it
// hashes when full, so that hashing a database allocates nothing per
// value.
type fieldWriter struct {
	h   io.Writer
	buf []byte
}

func (w *fieldWriter) field(tag byte, b string) {
	if len(w.buf)+9+len(b) > cap(w.buf) {
		w.flush()
	}
	w.buf = append(w.buf, tag)
	w.buf = binary.BigEndian.AppendUint64(w.buf, uint64(len(b)))
	if len(b) > cap(w.buf)-len(w.buf) {
		w.flush()
		io.WriteString(w.h, b)
		return
	}
	w.buf = append(w.buf, b...)
}

func (w *fieldWriter) uint64Field(tag byte, v uint64) {
	if len(w.buf)+17 > cap(w.buf) {
		w.flush()
	}
	w.buf = append(w.buf, tag)
	w.buf = binary.BigEndian.AppendUint64(w.buf, 8)
	w.buf = binary.BigEndian.AppendUint64(w.buf, v)
}

func (w *fieldWriter) flush() {
	w.h.Write(w.buf)
	w.buf = w.buf[:0]
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
