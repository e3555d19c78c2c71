package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// Image is room for a database image in SQLite's own memory, outside Go's
// heap: the vault decrypts a generation straight into it and LoadImage
// hands it to SQLite as the database itself. The plaintext then exists
// once, where SQLite keeps it, instead of once in Go and once in SQLite
// (a big school's image is some 30 MiB), and no plaintext is left in Go's
// heap for the collector to release unwiped.
type Image struct {
	p    uintptr // sqlite3_malloc64; 0 once adopted or freed
	buf  []byte  // room for the image
	room int64   // the whole allocation: buf and the slack after it
	n    int     // the image's length within buf
}

// imageSlack is the room left after an image for the database to grow
// into. SQLite enlarges an in-memory database by reallocating it at twice
// the size needed, so without it the first write after an unlock (an
// audit entry) would copy a big school's image into a new block and hold
// both for a moment. Slack that is never written is never resident.
func imageSlack(size int64) int64 { return size/2 + 1<<20 }

// NewImage allocates room for an image of up to size bytes in SQLite's
// memory. Free releases it unless LoadImage adopted it.
func NewImage(size int64) (*Image, error) {
	if size <= 0 || size > 1<<40 {
		return nil, fmt.Errorf("store: image size %d", size)
	}
	room := size + imageSlack(size)
	tls := libc.NewTLS()
	defer tls.Close()
	p := sqlite3.Xsqlite3_malloc64(tls, uint64(room))
	if p == 0 {
		return nil, fmt.Errorf("store: cannot allocate %d bytes for an image", room)
	}
	return &Image{p: p, buf: unsafe.Slice((*byte)(cptr(p)), size), room: room}, nil
}

// Buffer is the whole allocation, to be filled; SetLen says how much of it
// is the image.
func (im *Image) Buffer() []byte { return im.buf }

// SetLen sets the image's length (at most the allocation's).
func (im *Image) SetLen(n int) {
	im.n = min(max(n, 0), len(im.buf))
}

// Bytes is the image as filled in.
func (im *Image) Bytes() []byte { return im.buf[:im.n] }

// Free wipes and releases an image that was not adopted. Safe to call
// twice and after LoadImage.
func (im *Image) Free() {
	if im == nil || im.p == 0 {
		return
	}
	clear(im.buf)
	tls := libc.NewTLS()
	defer tls.Close()
	sqlite3.Xsqlite3_free(tls, im.p)
	im.p, im.buf, im.n = 0, nil, 0
}

// sqliteHandles are the modernc driver connection's SQLite handle and
// thread state, which the driver does not export: read through reflection
// so that images need not be copied in and out of Go. ok is false if the
// driver's layout is not the one expected (callers then copy, as before).
func sqliteHandles(dc any) (db uintptr, tls *libc.TLS, ok bool) {
	v := reflect.ValueOf(dc)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return 0, nil, false
	}
	v = v.Elem()
	fdb, ftls := v.FieldByName("db"), v.FieldByName("tls")
	if !fdb.IsValid() || fdb.Kind() != reflect.Uintptr || !ftls.IsValid() || ftls.Type() != reflect.TypeFor[*libc.TLS]() {
		return 0, nil, false
	}
	db = uintptr(fdb.Uint())
	tls = (*libc.TLS)(unsafe.Pointer(ftls.Pointer()))
	return db, tls, db != 0 && tls != nil
}

// errNoHandles: the driver's connection is not the one this code knows.
var errNoHandles = errors.New("store: the sqlite driver's connection handles are not reachable")

// onMainDB runs f with the SQLite handle, thread state and main schema
// name of s's connection (errNoHandles for a driver this code does not
// know; "no main database" when there is none).
func onMainDB(s *Store, f func(tls *libc.TLS, db, zSchema uintptr) error) error {
	return s.conn.Raw(func(dc any) error {
		db, tls, ok := sqliteHandles(dc)
		if !ok {
			return errNoHandles
		}
		zSchema := sqlite3.Xsqlite3_db_name(tls, db, 0)
		if zSchema == 0 {
			return errNoMainDB
		}
		return f(tls, db, zSchema)
	})
}

var errNoMainDB = errors.New("no main database")

// deserializeOwned makes im the main database of the connection without a
// copy: SQLite frees it when the database closes (or at once on failure).
func deserializeOwned(ctx context.Context, s *Store, im *Image) error {
	return onMainDB(s, func(tls *libc.TLS, db, zSchema uintptr) error {
		p := im.p
		n, room := im.n, im.room
		im.p, im.buf, im.n = 0, nil, 0 // SQLite owns it from here, even on failure
		return deserialize(tls, db, zSchema, p, int64(n), room,
			sqlite3.SQLITE_DESERIALIZE_RESIZEABLE|sqlite3.SQLITE_DESERIALIZE_FREEONCLOSE)
	})
}

func deserialize(tls *libc.TLS, db, zSchema, p uintptr, n, room int64, flags uint32) error {
	if rc := sqlite3.Xsqlite3_deserialize(tls, db, zSchema, p, n, room, flags); rc != sqlite3.SQLITE_OK {
		return fmt.Errorf("sqlite3_deserialize: code %d", rc)
	}
	return nil
}

// borrowImage returns the database's own contiguous image, without a
// copy, or nil when SQLite keeps it otherwise (a database built by New
// rather than loaded). The bytes are SQLite's: valid only while the
// caller holds s.mu and nothing writes.
func (s *Store) borrowImage() []byte {
	var img []byte
	_ = onMainDB(s, func(tls *libc.TLS, db, zSchema uintptr) error {
		pLen := tls.Alloc(8)
		defer tls.Free(8)
		p := sqlite3.Xsqlite3_serialize(tls, db, zSchema, pLen, sqlite3.SQLITE_SERIALIZE_NOCOPY)
		n := *(*int64)(cptr(pLen))
		if p != 0 && n > 0 {
			img = unsafe.Slice((*byte)(cptr(p)), n)
		}
		return nil
	})
	return img
}

// cptr turns an address in SQLite's memory (never Go's heap, so never
// moved) into a pointer.
func cptr(p uintptr) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(&p)) }

// Reserve gives the database room to grow by extra bytes without SQLite
// reallocating it: SQLite enlarges an in-memory database to twice the
// size needed and copies it over, so a big import would hold up to three
// times the database for a moment. The database is moved once into a
// block with the room after it; room never written is never resident.
// A database that is not one block (built by New) is left as it is.
func (s *Store) Reserve(ctx context.Context, extra int64) error {
	if extra <= 0 {
		return nil
	}
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	cur := s.borrowImage()
	if cur == nil {
		return nil
	}
	im, err := NewImage(int64(len(cur)) + extra)
	if err != nil {
		return err
	}
	// The old block is freed by the swap: a copy in Go's heap puts the
	// database back should SQLite refuse the new one.
	old := bytes.Clone(cur)
	defer clear(old)
	im.SetLen(copy(im.Buffer(), cur))
	err = deserializeOwned(ctx, s, im)
	if err == nil {
		err = applyPragmas(ctx, s.conn)
	}
	if err == nil {
		return nil
	}
	im.Free()
	if rerr := withRaw(ctx, s.conn, func(rc rawConn) error { return rc.Deserialize(old) }); rerr != nil {
		return fmt.Errorf("%w: put the database back after %v: %v", ErrCorrupt, err, rerr)
	}
	if perr := applyPragmas(ctx, s.conn); perr != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, perr)
	}
	return fmt.Errorf("store: reserve room: %w", err)
}

// ErrNotInPlace is VerifyImage's answer for an image it cannot check where
// it lies: an image of an older schema (only a migration, which writes,
// makes it checkable) or a driver whose handles this code does not know.
// It says nothing of the image; the caller loads it (LoadImage) instead.
var ErrNotInPlace = errors.New("store: image cannot be checked in place")

// VerifyImage makes every check Load makes of the image in im (integrity_
// check, foreign_key_check, the exact schema of this version, the
// generation, JSON columns) without adopting it: SQLite reads the bytes
// where they lie and never writes them, so the caller may read them at the
// same time (to hash them) and still owns im afterwards. The checks run on
// two connections over the same bytes at once: integrity_check, the
// longest, on one, the others on the second. The error wraps ErrCorrupt,
// ErrSchema or ErrGeneration, is ErrNotInPlace, or is ctx's error.
func VerifyImage(ctx context.Context, im *Image, wantGen uint64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := checkHeader(im.Bytes()); err != nil {
		return err
	}
	var conns [2]*Store
	for i := range conns {
		s, err := open(nil)
		if err != nil {
			return err
		}
		// Not Close: it would wipe the bytes the other connection reads.
		defer func() { s.conn.Close(); s.db.Close() }()
		if err := deserializeShared(s, im); err != nil {
			if errors.Is(err, errNoHandles) {
				return ErrNotInPlace
			}
			return fmt.Errorf("%w: deserialize: %v", ErrCorrupt, err)
		}
		conns[i] = s
	}
	integrity := make(chan error, 1)
	go func() { integrity <- checkIntegrity(ctx, conns[0].conn, "main.integrity_check") }()
	err := checkRest(ctx, conns[1].conn, wantGen)
	// integrity_check speaks first: a damaged image may fail the others
	// only as a consequence.
	if ierr := <-integrity; ierr != nil {
		err = ierr
	}
	if cerr := ctx.Err(); cerr != nil && err != nil {
		return cerr
	}
	return err
}

// checkRest is every check of adopt but integrity_check, on a database
// that is only read.
func checkRest(ctx context.Context, conn *sql.Conn, wantGen uint64) error {
	if err := checkForeignKeys(ctx, conn); err != nil {
		return err
	}
	version, err := checkSchema(ctx, conn)
	if err != nil {
		return err
	}
	if version < SchemaVersion {
		return ErrNotInPlace
	}
	m, err := readMeta(ctx, conn)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrSchema, err)
	}
	if m.Generation != wantGen {
		return fmt.Errorf("%w: image says %d, want %d", ErrGeneration, m.Generation, wantGen)
	}
	tabs, err := loadTables(ctx, conn)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrSchema, err)
	}
	return checkJSON(ctx, conn, tabs)
}

// deserializeShared makes im's bytes s's database, read-only and still
// im's: SQLite neither writes nor frees them, so several connections may
// read the same bytes.
func deserializeShared(s *Store, im *Image) error {
	return onMainDB(s, func(tls *libc.TLS, db, zSchema uintptr) error {
		n := int64(im.n)
		return deserialize(tls, db, zSchema, im.p, n, n, sqlite3.SQLITE_DESERIALIZE_READONLY)
	})
}
