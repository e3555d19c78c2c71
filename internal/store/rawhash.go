package store

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"modernc.org/libc"
	"modernc.org/libc/sys/types"
	sqlite3 "modernc.org/sqlite/lib"
)

// The content hash reads every value of every user table. Through
// database/sql each value costs a driver call, a Go string and an interface;
// for a big school that was most of a backup's verification. So the hash
// reads a copy of the image in SQLite's own (C) memory on private read-only
// handles opened on SQLite's C API (modernc's transpiled library): values
// are copied straight from SQLite's memory into the hash buffer, and several
// handles on the one copy share the tables between the cores.
//
// Only memory SQLite allocated is ever handed to it or read through a
// pointer it returned: the Go race detector's pointer checks reject Go
// memory reached that way.

// maxHashWorkers bounds the handles one hash opens.
const maxHashWorkers = 4

// cmem is n bytes of C memory at p (never Go memory).
func cmem(p uintptr, n int) []byte { return unsafe.Slice((*byte)(unsafe.Add(nil, p)), n) }

// rawImage is a database image copied into C memory.
type rawImage struct {
	tls *libc.TLS
	p   uintptr
	n   int
}

func newRawImage(img []byte) (*rawImage, error) {
	if err := checkHeader(img); err != nil {
		return nil, err
	}
	im := &rawImage{tls: libc.NewTLS(), n: len(img)}
	im.p = libc.Xmalloc(im.tls, types.Size_t(len(img)))
	if im.p == 0 {
		im.tls.Close()
		return nil, fmt.Errorf("sqlite: cannot allocate %d bytes", len(img))
	}
	copy(cmem(im.p, im.n), img)
	return im, nil
}

// free wipes and releases the copy once no handle reads it.
func (im *rawImage) free() {
	clear(cmem(im.p, im.n))
	libc.Xfree(im.tls, im.p)
	im.tls.Close()
}

// rawDB is a read-only SQLite handle on a rawImage, used by one goroutine
// at a time (SQLITE_OPEN_NOMUTEX).
type rawDB struct {
	tls *libc.TLS
	db  uintptr
	out uintptr // C memory for the handles SQLite returns through a pointer
}

// openRaw opens a handle on im; im must outlive it.
func openRaw(im *rawImage) (_ *rawDB, err error) {
	r := &rawDB{tls: libc.NewTLS()}
	defer func() {
		if err != nil {
			r.Close()
		}
	}()
	if r.out = libc.Xmalloc(r.tls, types.Size_t(unsafe.Sizeof(uintptr(0)))); r.out == 0 {
		return nil, errors.New("sqlite: out of memory")
	}
	name, err := libc.CString(":memory:")
	if err != nil {
		return nil, err
	}
	defer libc.Xfree(r.tls, name)
	rc := sqlite3.Xsqlite3_open_v2(r.tls, name, r.out,
		sqlite3.SQLITE_OPEN_READWRITE|sqlite3.SQLITE_OPEN_CREATE|sqlite3.SQLITE_OPEN_MEMORY|sqlite3.SQLITE_OPEN_NOMUTEX, 0)
	r.db = r.result()
	if rc != sqlite3.SQLITE_OK {
		return nil, r.err("open", rc)
	}
	// Defensive, as the store's own connection: a hostile image gets no
	// writable schema.
	va := libc.Xmalloc(r.tls, 16)
	if va == 0 {
		return nil, errors.New("sqlite: out of memory")
	}
	rc = sqlite3.Xsqlite3_db_config(r.tls, r.db, sqlite3.SQLITE_DBCONFIG_DEFENSIVE, libc.VaList(va, int32(1), uintptr(0)))
	libc.Xfree(r.tls, va)
	if rc != sqlite3.SQLITE_OK {
		return nil, r.err("defensive mode", rc)
	}
	schema, err := libc.CString("main")
	if err != nil {
		return nil, err
	}
	defer libc.Xfree(r.tls, schema)
	// READONLY and without FREEONCLOSE: every handle reads the one copy,
	// which none of them writes or frees.
	rc = sqlite3.Xsqlite3_deserialize(r.tls, r.db, schema, im.p, int64(im.n), int64(im.n), sqlite3.SQLITE_DESERIALIZE_READONLY)
	if rc != sqlite3.SQLITE_OK {
		return nil, fmt.Errorf("%w: deserialize: %v", ErrCorrupt, r.err("deserialize", rc))
	}
	for _, p := range []string{"PRAGMA trusted_schema = OFF", "PRAGMA temp_store = MEMORY"} {
		if err := r.exec(p); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// result is what SQLite last wrote through r.out.
func (r *rawDB) result() uintptr { return *(*uintptr)(unsafe.Add(nil, r.out)) }

// Close releases the handle.
func (r *rawDB) Close() {
	if r.db != 0 {
		sqlite3.Xsqlite3_close_v2(r.tls, r.db)
		r.db = 0
	}
	if r.out != 0 {
		libc.Xfree(r.tls, r.out)
		r.out = 0
	}
	if r.tls != nil {
		r.tls.Close()
		r.tls = nil
	}
}

func (r *rawDB) err(what string, rc int32) error {
	msg := ""
	if r.db != 0 {
		msg = libc.GoString(sqlite3.Xsqlite3_errmsg(r.tls, r.db))
	}
	if msg == "" {
		msg = libc.GoString(sqlite3.Xsqlite3_errstr(r.tls, rc))
	}
	return fmt.Errorf("sqlite %s: %s (%d)", what, msg, rc)
}

// rawStmt is a prepared statement of a rawDB.
type rawStmt struct {
	r    *rawDB
	stmt uintptr
	n    int
}

func (r *rawDB) prepare(query string) (*rawStmt, error) {
	z, err := libc.CString(query)
	if err != nil {
		return nil, err
	}
	defer libc.Xfree(r.tls, z)
	if rc := sqlite3.Xsqlite3_prepare_v2(r.tls, r.db, z, -1, r.out, 0); rc != sqlite3.SQLITE_OK {
		return nil, r.err("prepare", rc)
	}
	st := &rawStmt{r: r, stmt: r.result()}
	if st.stmt == 0 {
		return nil, fmt.Errorf("sqlite prepare: empty statement")
	}
	st.n = int(sqlite3.Xsqlite3_column_count(r.tls, st.stmt))
	return st, nil
}

// next steps to the next row: false at the end or on an error.
func (s *rawStmt) next() (bool, error) {
	switch rc := sqlite3.Xsqlite3_step(s.r.tls, s.stmt); rc {
	case sqlite3.SQLITE_ROW:
		return true, nil
	case sqlite3.SQLITE_DONE:
		return false, nil
	default:
		return false, s.r.err("step", rc)
	}
}

func (s *rawStmt) close() { sqlite3.Xsqlite3_finalize(s.r.tls, s.stmt) }

// ptr is column i's value as text or blob: its address in SQLite's memory
// (valid until the next step) and length.
func (s *rawStmt) ptr(i int, blob bool) (uintptr, int) {
	var p uintptr
	if blob {
		p = sqlite3.Xsqlite3_column_blob(s.r.tls, s.stmt, int32(i))
	} else {
		p = sqlite3.Xsqlite3_column_text(s.r.tls, s.stmt, int32(i))
	}
	n := int(sqlite3.Xsqlite3_column_bytes(s.r.tls, s.stmt, int32(i)))
	if p == 0 {
		n = 0
	}
	return p, n
}

func (s *rawStmt) text(i int) string {
	p, n := s.ptr(i, false)
	if n == 0 {
		return ""
	}
	return string(cmem(p, n))
}

// field writes column i as w.field does, copying the bytes from SQLite's
// memory straight into w's buffer.
func (s *rawStmt) field(w *fieldWriter, tag byte, i int, blob bool) {
	p, n := s.ptr(i, blob)
	if len(w.buf)+9 > cap(w.buf) {
		w.flush()
	}
	w.buf = append(w.buf, tag)
	w.buf = binary.BigEndian.AppendUint64(w.buf, uint64(n))
	for n > 0 {
		if len(w.buf) == cap(w.buf) {
			w.flush()
		}
		k := min(n, cap(w.buf)-len(w.buf))
		w.buf = append(w.buf, cmem(p, k)...)
		p += uintptr(k)
		n -= k
	}
}

func (s *rawStmt) int64(i int) int64 { return sqlite3.Xsqlite3_column_int64(s.r.tls, s.stmt, int32(i)) }

func (r *rawDB) exec(query string) error {
	st, err := r.prepare(query)
	if err != nil {
		return err
	}
	defer st.close()
	for {
		more, err := st.next()
		if err != nil || !more {
			return err
		}
	}
}

// strings runs a query whose first column is text and returns it.
func (r *rawDB) strings(query string) ([]string, error) {
	st, err := r.prepare(query)
	if err != nil {
		return nil, err
	}
	defer st.close()
	var out []string
	for {
		more, err := st.next()
		if err != nil {
			return nil, err
		}
		if !more {
			return out, nil
		}
		out = append(out, st.text(0))
	}
}

// userTables is userTables on a raw handle.
func (r *rawDB) userTables() ([]string, error) {
	names, err := r.strings("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' ORDER BY name")
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	return slices.DeleteFunc(names, func(n string) bool { return !isUserTable(n) }), nil
}

// tableColumns is tableColumns on a raw handle.
func (r *rawDB) tableColumns(table string) (cols, pk []string, err error) {
	st, err := r.prepare("SELECT name, pk FROM pragma_table_info(" + quoteString(table) + ") ORDER BY cid")
	if err != nil {
		return nil, nil, fmt.Errorf("columns of %s: %w", table, err)
	}
	defer st.close()
	var rank []int
	for {
		more, err := st.next()
		if err != nil {
			return nil, nil, fmt.Errorf("columns of %s: %w", table, err)
		}
		if !more {
			break
		}
		cols, rank = append(cols, st.text(0)), append(rank, int(st.int64(1)))
	}
	if len(cols) == 0 {
		return nil, nil, fmt.Errorf("columns of %s: no such table", table)
	}
	return cols, primaryKey(cols, rank), nil
}

func quoteString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// hashTable writes a table's fields: its name, its columns, its rows in
// primary-key order and their count. (Reading the rows in rowid order and
// reordering their encodings, to spare a step down the table per row,
// measured slower.)
func (r *rawDB) hashTable(w *fieldWriter, table string) error {
	cols, pk, err := r.tableColumns(table)
	if err != nil {
		return err
	}
	w.field('T', table)
	for _, c := range cols {
		w.field('C', c)
	}
	st, err := r.prepare("SELECT " + joinIdents(cols) + " FROM " + quoteIdent(table) + " ORDER BY " + joinIdents(pk))
	if err != nil {
		return fmt.Errorf("read %s: %w", table, err)
	}
	defer st.close()
	var n uint64
	for {
		more, err := st.next()
		if err != nil {
			return fmt.Errorf("read %s: %w", table, err)
		}
		if !more {
			break
		}
		if err := st.encodeRow(w); err != nil {
			return fmt.Errorf("read %s: %w", table, err)
		}
		n++
	}
	w.uint64Field('E', n)
	return nil
}

// encodeRow writes the current row as one row of fields.
func (s *rawStmt) encodeRow(w *fieldWriter) error {
	tls, stmt := s.r.tls, s.stmt
	w.field('R', "")
	for i := range s.n {
		switch sqlite3.Xsqlite3_column_type(tls, stmt, int32(i)) {
		case sqlite3.SQLITE_NULL:
			w.field('n', "")
		case sqlite3.SQLITE_INTEGER:
			w.uint64Field('i', uint64(sqlite3.Xsqlite3_column_int64(tls, stmt, int32(i))))
		case sqlite3.SQLITE_FLOAT:
			w.uint64Field('f', math.Float64bits(sqlite3.Xsqlite3_column_double(tls, stmt, int32(i))))
		case sqlite3.SQLITE_TEXT:
			s.field(w, 't', i, false)
		case sqlite3.SQLITE_BLOB:
			s.field(w, 'b', i, true)
		default:
			return fmt.Errorf("column %d: unexpected value type", i)
		}
	}
	return nil
}

// schemaVersion is the number of migrations the image records.
func (r *rawDB) schemaVersion() (int, error) {
	st, err := r.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations")
	if err != nil {
		return 0, fmt.Errorf("%w: no migrations bookkeeping: %v", ErrSchema, err)
	}
	defer st.close()
	if more, err := st.next(); err != nil || !more {
		return 0, fmt.Errorf("%w: migrations bookkeeping: %v", ErrSchema, err)
	}
	return int(st.int64(0)), nil
}

// ImageContentHash is the ContentHash of the database image img, read on
// up to four handles at once. It equals Load(img).ContentHash() for an
// image of the current schema and refuses older ones (ErrSchema): their
// hash is only defined after the upgrade that Load performs.
func ImageContentHash(img []byte) ([32]byte, error) {
	return ImageContentHashOn(img, runtime.GOMAXPROCS(0))
}

// ImageContentHashOn is ImageContentHash on at most cores handles, for a
// caller that keeps the other cores busy meanwhile.
func ImageContentHashOn(img []byte, cores int) ([32]byte, error) {
	h, _, err := imageContentHash(img, cores, false)
	return h, err
}

// OlderImageContentHash is, for an image of an older schema version, the
// content hash it had at that version: what its backup was fingerprinted
// with before the upgrade that Load performs changed the tables. older is
// false (and nothing is hashed) for an image of the current schema.
func OlderImageContentHash(img []byte) (h [32]byte, older bool, err error) {
	return imageContentHash(img, runtime.GOMAXPROCS(0), true)
}

// imageContentHash hashes img at its own schema version; an older version
// is hashed only when older is asked for, a current one only when not.
func imageContentHash(img []byte, cores int, older bool) ([32]byte, bool, error) {
	im, err := newRawImage(img)
	if err != nil {
		return [32]byte{}, false, err
	}
	defer im.free()
	first, err := openRaw(im)
	if err != nil {
		return [32]byte{}, false, err
	}
	defer first.Close()
	v, err := first.schemaVersion()
	if err != nil {
		return [32]byte{}, false, err
	}
	switch {
	case older && v >= 1 && v < SchemaVersion:
	case older && v == SchemaVersion:
		return [32]byte{}, false, nil
	case v != SchemaVersion:
		return [32]byte{}, false, fmt.Errorf("%w: image has schema version %d, want %d", ErrSchema, v, SchemaVersion)
	}
	tables, err := first.userTables()
	if err != nil {
		return [32]byte{}, false, err
	}
	workers := min(max(cores, 1), maxHashWorkers, len(tables))
	h := sha256.New()
	head := &fieldWriter{h: h, buf: make([]byte, 0, 64)}
	head.field('V', fmt.Sprintf("xinqing content v1 schema %d", v))
	head.flush()
	if workers <= 1 {
		w := &fieldWriter{h: h, buf: make([]byte, 0, fieldBuf)}
		for _, t := range tables {
			if err := first.hashTable(w, t); err != nil {
				return [32]byte{}, false, fmt.Errorf("content hash: %w", err)
			}
		}
		w.flush()
		return sumOf(h), older, nil
	}
	sum, err := hashParallel(first, im, tables, workers, h)
	return sum, older && err == nil, err
}

// hashParallel encodes the tables on several handles, each table into a
// buffer of its own, and feeds the buffers to h in table order as they
// complete: the same bytes as one pass, in less time (about 1.4× faster
// on two cores, which share the memory bandwidth).
func hashParallel(first *rawDB, im *rawImage, tables []string, workers int, h hash.Hash) ([32]byte, error) {
	type result struct {
		chunks [][]byte
		err    error
	}
	done := make([]chan result, len(tables))
	for i := range done {
		done[i] = make(chan result, 1)
	}
	jobs := make(chan int, len(tables))
	for _, i := range bySize(first, tables) {
		jobs <- i
	}
	close(jobs)
	run := func(r *rawDB) {
		for i := range jobs {
			w := &fieldWriter{buf: make([]byte, 0, fieldBuf)}
			cw := &chunkWriter{w: w}
			w.h = cw
			err := r.hashTable(w, tables[i])
			w.flush()
			done[i] <- result{chunks: cw.chunks, err: err}
		}
	}
	// Every handle is finished with when this returns: the caller may
	// close the first one and clear the image.
	var wg sync.WaitGroup
	defer wg.Wait()
	for range workers - 1 {
		r, err := openRaw(im)
		if err != nil {
			// Fewer handles: the others share the work.
			continue
		}
		wg.Go(func() {
			defer r.Close()
			run(r)
		})
	}
	wg.Go(func() { run(first) })
	var firstErr error
	for i := range tables {
		res := <-done[i]
		if res.err != nil && firstErr == nil {
			firstErr = fmt.Errorf("content hash: %w", res.err)
		}
		if firstErr == nil {
			for _, c := range res.chunks {
				h.Write(c)
			}
		}
	}
	if firstErr != nil {
		return [32]byte{}, firstErr
	}
	return sumOf(h), nil
}

// bySize orders table indexes biggest first, so that no core is left
// with a big table at the end. The size is estimated by the largest rowid,
// which costs one step down each table's b-tree.
func bySize(r *rawDB, tables []string) []int {
	order := make([]int, len(tables))
	size := make([]int64, len(tables))
	for i, t := range tables {
		order[i] = i
		if st, err := r.prepare("SELECT max(rowid) FROM " + quoteIdent(t)); err == nil {
			if more, err := st.next(); err == nil && more {
				size[i] = st.int64(0)
			}
			st.close()
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(size[b], size[a]) })
	return order
}

// chunkWriter keeps what a fieldWriter flushes without copying it: each
// full buffer is kept and the writer gets a fresh one.
type chunkWriter struct {
	w      *fieldWriter
	chunks [][]byte
}

func (c *chunkWriter) Write(p []byte) (int, error) {
	if len(p) > 0 && &p[0] == &c.w.buf[:1][0] {
		c.chunks = append(c.chunks, p)
		c.w.buf = make([]byte, 0, fieldBuf)
		return len(p), nil
	}
	// A value bigger than the buffer, written past it: only valid now.
	c.chunks = append(c.chunks, append([]byte(nil), p...))
	return len(p), nil
}

func sumOf(h interface{ Sum([]byte) []byte }) [32]byte {
	var s [32]byte
	copy(s[:], h.Sum(nil))
	return s
}
