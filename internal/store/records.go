package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"xinqing/internal/casework"
)

// Reader reads records. Both the Store (each call under its lock) and a Tx
// offer these methods.
type Reader struct {
	ctx  context.Context
	q    queryer
	tx   *sql.Tx // set inside Store.Tx
	s    *Store
	tabs tables
	// indexBuilt: this Reader rebuilt the search index inside its
	// transaction; the store adopts it as ready only after the commit.
	indexBuilt bool
	// indexStale: this transaction wrote too many records to keep the
	// search index up to date one by one; after the commit the store
	// rebuilds it in bulk on the next text search (or BuildIndex).
	indexStale bool
	writes     int                    // records written in this transaction
	touched    map[casework.Kind]bool // kinds written in this transaction
	// settings: the settings as read or saved in this transaction, so that
	// validating each record does not read and decode them again.
	settings *casework.Settings
	// head: the audit chain's head as moved by this transaction, written
	// to audit_head once before the commit.
	head *auditHead
	// written: rowids of the records this transaction wrote, so that the
	// reference checks of the records that follow (an import's sessions
	// naming its cases) need no query.
	written map[recKey]int64
	// caseHigh: the highest case number of each year seen by nextCaseNo in
	// this transaction, kept up by the cases it inserts, so that creating
	// many cases does not read every case number each time.
	caseHigh map[int]int
}

type recKey struct {
	kind casework.Kind
	id   string
}

// Tx is one transaction: every write of f in Store.Tx lands, or none does.
// A Tx must not be used after f returns.
type Tx struct {
	*Reader
}

// read runs f with a Reader on the pinned connection under the lock.
func (s *Store) read(f func(r *Reader) error) error {
	return s.readCtx(context.Background(), f)
}

// readCtx is read whose statements stop once ctx is done.
func (s *Store) readCtx(ctx context.Context, f func(r *Reader) error) error {
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	return f(&Reader{ctx: ctx, q: s.conn, s: s, tabs: s.tabs})
}

// Tx runs f in one transaction, committed if f returns nil and rolled
// back otherwise (an import writes everything or nothing). The store is
// locked for the whole of f: f must not call the Store's own methods.
func (s *Store) Tx(f func(tx *Tx) error) error {
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	ctx := context.Background()
	sqlTx, err := s.conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer sqlTx.Rollback()
	r := &Reader{ctx: ctx, q: newStmtCache(sqlTx), tx: sqlTx, s: s, tabs: s.tabs}
	if err := f(&Tx{r}); err != nil {
		return err
	}
	if err := r.flushAudit(); err != nil {
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	s.wrote(r.touched)
	switch {
	case r.indexBuilt:
		s.indexReady = true
	case r.indexStale:
		s.indexReady = false
	}
	return nil
}

// touch notes that the transaction may write records of kind.
func (r *Reader) touch(kind casework.Kind) {
	if r.touched == nil {
		r.touched = map[casework.Kind]bool{}
	}
	r.touched[kind] = true
}

func notFound(kind casework.Kind, id string) error {
	return &casework.Error{Code: casework.ENOTFOUND, Field: "id",
		MessageZH: "记录不存在，可能已被删除", MessageEN: fmt.Sprintf("no %s with id %s", kind, id)}
}

// Get returns the record of kind with id, or an ENOTFOUND error.
func (r *Reader) Get(kind casework.Kind, id string) (casework.Record, error) {
	t, err := r.tabs.get(kind)
	if err != nil {
		return nil, err
	}
	recs, err := t.scanRecords(r.ctx, r.q, t.selectQ+" WHERE id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, notFound(kind, id)
	}
	return recs[0], nil
}

// List returns every record of kind in id order.
func (r *Reader) List(kind casework.Kind) ([]casework.Record, error) {
	t, err := r.tabs.get(kind)
	if err != nil {
		return nil, err
	}
	return t.scanRecords(r.ctx, r.q, t.selectQ+" ORDER BY id")
}

// Count returns the number of records of kind.
func (r *Reader) Count(kind casework.Kind) (int, error) {
	t, err := r.tabs.get(kind)
	if err != nil {
		return 0, err
	}
	var n int
	if err := r.q.QueryRowContext(r.ctx, "SELECT count(*) FROM "+quoteIdent(t.name)).Scan(&n); err != nil {
		return 0, fmt.Errorf("count %s: %w", t.name, err)
	}
	return n, nil
}

// Exists reports whether a record of kind with id exists.
func (r *Reader) Exists(kind casework.Kind, id string) (bool, error) {
	t, err := r.tabs.get(kind)
	if err != nil {
		return false, err
	}
	if _, ok := r.written[recKey{kind, id}]; ok {
		return true, nil
	}
	var n int
	if err := r.q.QueryRowContext(r.ctx,
		"SELECT count(*) FROM "+quoteIdent(t.name)+" WHERE id = ?", id).Scan(&n); err != nil {
		return false, fmt.Errorf("exists %s: %w", t.name, err)
	}
	return n > 0, nil
}

// Filter narrows Query. Empty fields do not filter. From and To bound the
// kind's main date (see DateKey), inclusive.
type Filter struct {
	StudentID string
	CaseID    string // sessions only
	From, To  casework.Date
}

// DateKey returns the JSON key of the date a kind is filed under (session
// date, case opened_on, screening date_to, …), or "" for kinds without one.
func DateKey(kind casework.Kind) string {
	switch kind {
	case casework.KindSession, casework.KindContact, casework.KindGroupSession, casework.KindActivity,
		casework.KindDutyDay, casework.KindVisit, casework.KindConsent, casework.KindAppointment:
		return "date"
	case casework.KindCase:
		return "opened_on"
	case casework.KindKeyStudent:
		return "included_on"
	case casework.KindCrisis:
		return "discovered_on"
	case casework.KindReferral:
		return "suggested_on"
	case casework.KindCommitteeMember:
		return "appointed_on"
	case casework.KindClassReport:
		return "week_start"
	case casework.KindMailbox:
		return "opened_on"
	case casework.KindScreening:
		return "date_to"
	case casework.KindAttachment:
		return "added_on"
	}
	return ""
}

// Query returns the records of kind that pass f, ordered by their date
// and id. Filtering by a key the kind lacks is an EINVALID error.
func (r *Reader) Query(kind casework.Kind, f Filter) ([]casework.Record, error) {
	t, err := r.tabs.get(kind)
	if err != nil {
		return nil, err
	}
	var where []string
	var args []any
	need := func(col string) error {
		if _, ok := t.byName[col]; !ok {
			return &casework.Error{Code: casework.EINVALID, Field: col,
				MessageZH: "该类记录不能按此条件查询", MessageEN: fmt.Sprintf("%s has no %s", kind, col)}
		}
		return nil
	}
	if f.StudentID != "" {
		if err := need("student_id"); err != nil {
			return nil, err
		}
		where = append(where, "student_id = ?")
		args = append(args, f.StudentID)
	}
	if f.CaseID != "" {
		if err := need("case_id"); err != nil {
			return nil, err
		}
		where = append(where, "case_id = ?")
		args = append(args, f.CaseID)
	}
	dk := DateKey(kind)
	if (f.From != "" || f.To != "") && dk == "" {
		return nil, need("date")
	}
	if f.From != "" {
		where = append(where, quoteIdent(dk)+" >= ?")
		args = append(args, string(f.From))
	}
	if f.To != "" {
		where = append(where, quoteIdent(dk)+" <= ?")
		args = append(args, string(f.To))
	}
	q := t.selectQ
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	if dk != "" {
		q += " ORDER BY " + quoteIdent(dk) + ", id"
	} else {
		q += " ORDER BY id"
	}
	return t.scanRecords(r.ctx, r.q, q, args...)
}

// Settings returns the vault's settings, or casework.DefaultSettings if
// none were saved yet.
func (r *Reader) Settings() (casework.Settings, error) {
	var doc string
	err := r.q.QueryRowContext(r.ctx, "SELECT doc FROM settings WHERE id = 1").Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return casework.DefaultSettings(), nil
	}
	if err != nil {
		return casework.Settings{}, fmt.Errorf("read settings: %w", err)
	}
	var st casework.Settings
	if err := json.Unmarshal([]byte(doc), &st); err != nil {
		return casework.Settings{}, fmt.Errorf("decode settings: %w", err)
	}
	return st, nil
}

// refs answers casework's reference checks from the database.
type refs struct {
	r   *Reader
	err error // the first query failure, reported after validation
}

func (x *refs) Exists(kind casework.Kind, id string) bool {
	ok, err := x.r.Exists(kind, id)
	if err != nil && x.err == nil {
		x.err = err
	}
	return ok
}

// cachedSettings returns the settings, read once per transaction; the
// result is shared and must not be modified.
func (r *Reader) cachedSettings() (*casework.Settings, error) {
	if r.settings != nil {
		return r.settings, nil
	}
	st, err := r.Settings()
	if err != nil {
		return nil, err
	}
	if r.tx != nil {
		r.settings = &st
	}
	return &st, nil
}

// validate checks rec with the configured risk levels and the database's
// references.
func (r *Reader) validate(rec casework.Record) error {
	st, err := r.cachedSettings()
	if err != nil {
		return err
	}
	rf := &refs{r: r}
	verr := rec.Validate(casework.Env{Levels: st.RiskLevels, Refs: rf})
	if rf.err != nil {
		return rf.err
	}
	return verr
}

// normalizer is implemented by records whose sets have a canonical order.
type normalizer interface{ Normalize() }

// Create validates rec, gives it an id if it has none (and a case its
// year-sequential case number, 2026-001, if it has none), stamps
// created_at and updated_at with the store's clock, writes it, and appends
// a create entry to the audit log. rec is updated in place.
func (tx *Tx) Create(rec casework.Record) error {
	return tx.write(rec, writeCreate)
}

// Update validates rec and replaces the stored record with the same id
// (ENOTFOUND if there is none), keeping its created_at and stamping
// updated_at; the audit log gets an update entry. rec is updated in place.
func (tx *Tx) Update(rec casework.Record) error {
	return tx.write(rec, writeUpdate)
}

// Put creates rec or replaces the record with the same id, keeping rec's
// created_at and updated_at (stamped only if zero): the importer's write.
// It is validated and audited like Create and Update.
func (tx *Tx) Put(rec casework.Record) error {
	return tx.write(rec, writePut)
}

type writeMode int

const (
	writeCreate writeMode = iota
	writeUpdate
	writePut
)

func (tx *Tx) write(rec casework.Record, mode writeMode) error {
	if rec == nil {
		return casework.Errorf(casework.EINVALID, "no record")
	}
	t, err := tx.tabs.get(rec.RecordKind())
	if err != nil {
		return err
	}
	tx.touch(t.kind)
	base := rec.Base()
	now := tx.s.now()
	if mode == writeCreate && base.ID == "" {
		base.ID = casework.NewID()
	}
	if !casework.ValidID(base.ID) {
		return &casework.Error{Code: casework.EINVALID, Field: "id",
			MessageZH: "记录编号无效", MessageEN: "invalid record id"}
	}
	// Put learns whether the record exists from its insert (below): an
	// import's records are nearly all new, so the lookup is saved.
	var rowid int64
	exists, known := false, false
	if mode != writePut {
		if rowid, exists, err = tx.rowid(t, base.ID); err != nil {
			return err
		}
		known = true
	} else if id, ok := tx.written[recKey{t.kind, base.ID}]; ok {
		rowid, exists, known = id, true, true
	}
	switch mode {
	case writeCreate:
		if exists {
			return &casework.Error{Code: casework.ECONFLICT, Field: "id",
				MessageZH: "记录已存在", MessageEN: fmt.Sprintf("%s %s exists", t.kind, base.ID)}
		}
		base.CreatedAt = casework.Stamp(now)
		base.UpdatedAt = base.CreatedAt
	case writeUpdate:
		if !exists {
			return notFound(t.kind, base.ID)
		}
		var created string
		if err := tx.q.QueryRowContext(tx.ctx, "SELECT coalesce(created_at, '') FROM "+
			quoteIdent(t.name)+" WHERE id = ?", base.ID).Scan(&created); err != nil {
			return fmt.Errorf("update %s: %w", t.kind, err)
		}
		base.CreatedAt = casework.Stamp(now)
		if created != "" {
			at, err := time.Parse(time.RFC3339, created)
			if err != nil {
				return fmt.Errorf("update %s: stored created_at: %w", t.kind, err)
			}
			base.CreatedAt = at
		}
		base.UpdatedAt = casework.Stamp(now)
	case writePut:
		base.CreatedAt = casework.Stamp(base.CreatedAt)
		base.UpdatedAt = casework.Stamp(base.UpdatedAt)
		if base.CreatedAt.IsZero() || base.UpdatedAt.IsZero() {
			base.Touch(now)
		}
	}
	if n, ok := rec.(normalizer); ok {
		n.Normalize()
	}
	if c, ok := rec.(*casework.Case); ok && mode == writeCreate && c.CaseNo == "" && c.OpenedOn.Valid() {
		if c.CaseNo, err = tx.nextCaseNo(c.OpenedOn.Year()); err != nil {
			return err
		}
	}
	if err := tx.validate(rec); err != nil {
		return err
	}
	if st, ok := rec.(*casework.Student); ok {
		if err := tx.uniqueStudentNo(st); err != nil {
			return err
		}
	}
	vals, err := t.values(rec)
	if err != nil {
		return err
	}
	if err := tx.derive(t, rec, vals); err != nil {
		return err
	}
	inserted := false
	if !known {
		ok, id, err := tx.insertNew(t, vals)
		if err != nil {
			return err
		}
		if ok {
			rowid, inserted = id, true
		} else if rowid, exists, err = tx.rowid(t, base.ID); err != nil {
			return err
		}
	}
	action := casework.AuditActionCreate
	switch {
	case inserted:
	case exists:
		action = casework.AuditActionUpdate
		args := append(vals[1:len(vals):len(vals)], base.ID)
		if _, err := tx.q.ExecContext(tx.ctx, t.updateQ, args...); err != nil {
			return sqlError(t.kind, "update", err)
		}
	default:
		res, err := tx.q.ExecContext(tx.ctx, t.insertQ, vals...)
		if err != nil {
			return sqlError(t.kind, "create", err)
		}
		if rowid, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("create %s: %w", t.kind, err)
		}
	}
	if tx.written == nil {
		tx.written = map[recKey]int64{}
	}
	tx.written[recKey{t.kind, base.ID}] = rowid
	switch c := rec.(type) {
	case *casework.Student:
		tx.s.names = nil // the name index is rebuilt on the next search
	case *casework.Case:
		tx.noteCaseNo(c.CaseNo, exists)
	}
	tx.writes++
	if tx.writes > bulkWrites && !tx.indexBuilt {
		tx.indexStale = true
	}
	if err := tx.index(t.kind, rowid, rec, !exists); err != nil {
		return err
	}
	return tx.Audit(action, t.kind, base.ID)
}

// insertNew inserts vals unless a record with their id exists. It
// reports false, and no error, both when the record exists and when the
// insert fails: the caller then looks the record up and writes it the
// ordinary way, which reports the failure as before.
func (tx *Tx) insertNew(t *table, vals []any) (inserted bool, rowid int64, err error) {
	res, err := tx.q.ExecContext(tx.ctx, t.insertNewQ, vals...)
	if err != nil {
		return false, 0, nil
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, 0, fmt.Errorf("create %s: %w", t.kind, err)
	}
	if n == 0 {
		return false, 0, nil
	}
	if rowid, err = res.LastInsertId(); err != nil {
		return false, 0, fmt.Errorf("create %s: %w", t.kind, err)
	}
	return true, rowid, nil
}

// bulkWrites is how many records a transaction writes before it stops
// updating the full-text index record by record: past it, one bulk
// rebuild after the commit is much cheaper (an import of a big school).
const bulkWrites = 200

// rowid returns the rowid of the record of t with id, if there is one.
func (r *Reader) rowid(t *table, id string) (rowid int64, ok bool, err error) {
	if rowid, ok := r.written[recKey{t.kind, id}]; ok {
		return rowid, true, nil
	}
	err = r.q.QueryRowContext(r.ctx, t.rowidQ, id).Scan(&rowid)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0, false, nil
	case err != nil:
		return 0, false, fmt.Errorf("look up %s: %w", t.kind, err)
	}
	return rowid, true, nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// sqlError turns constraint failures into domain conflicts.
func sqlError(kind casework.Kind, op string, err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_CONSTRAINT {
		e := &casework.Error{Code: casework.ECONFLICT, Err: err,
			MessageZH: "与已有记录冲突", MessageEN: fmt.Sprintf("%s %s conflicts with stored records", op, kind)}
		if se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY {
			e.MessageZH = "该记录仍被其他记录引用，不能删除"
			if op != "delete" {
				e.MessageZH = "引用的记录不存在"
			}
		}
		return e
	}
	return fmt.Errorf("%s %s: %w", op, kind, err)
}

// Delete removes the record of kind with id and appends a delete entry to
// the audit log. Deleting is refused with ECONFLICT while other records
// refer to it (a student's cases, a case's sessions, attachments, group
// attendance): records of minors are never removed as a side effect, so
// the user deletes (or keeps) the dependent records deliberately.
func (tx *Tx) Delete(kind casework.Kind, id string) error {
	t, err := tx.tabs.get(kind)
	if err != nil {
		return err
	}
	tx.touch(kind)
	exists, err := tx.Exists(kind, id)
	if err != nil {
		return err
	}
	if !exists {
		return notFound(kind, id)
	}
	if err := tx.checkUnreferenced(kind, id); err != nil {
		return err
	}
	rowid, _, err := tx.rowid(t, id)
	if err != nil {
		return fmt.Errorf("delete %s: %w", kind, err)
	}
	if _, err := tx.q.ExecContext(tx.ctx, "DELETE FROM "+quoteIdent(t.name)+" WHERE id = ?", id); err != nil {
		return sqlError(kind, "delete", err)
	}
	delete(tx.written, recKey{kind, id})
	switch kind {
	case casework.KindStudent:
		tx.s.names = nil
	case casework.KindCase:
		tx.caseHigh = nil
	}
	if err := tx.unindex(kind, rowid); err != nil {
		return err
	}
	return tx.Audit(casework.AuditActionDelete, kind, id)
}

// checkUnreferenced finds references the foreign keys cannot see: JSON
// lists of student ids and polymorphic attachment owners.
func (tx *Tx) checkUnreferenced(kind casework.Kind, id string) error {
	type ref struct{ what, q string }
	refsTo := []ref{{"attachment", "SELECT count(*) FROM attachments WHERE owner_type = ? AND owner_id = ?"}}
	args := []any{string(kind), id}
	if kind == casework.KindStudent {
		refsTo = append(refsTo,
			ref{"group_session", `SELECT count(*) FROM group_sessions WHERE ? <> '' AND (
				EXISTS (SELECT 1 FROM json_each(group_sessions.attendance) a WHERE a.value ->> 'student_id' = ?)
				OR EXISTS (SELECT 1 FROM json_each(group_sessions.follow_up_student_ids) f WHERE f.value = ?))`})
	}
	for _, r := range refsTo {
		a := args
		if r.what == "group_session" {
			a = []any{id, id, id}
		}
		var n int
		if err := tx.q.QueryRowContext(tx.ctx, r.q, a...).Scan(&n); err != nil {
			return fmt.Errorf("delete %s: check references: %w", kind, err)
		}
		if n > 0 {
			return &casework.Error{Code: casework.ECONFLICT,
				MessageZH: "该记录仍被其他记录引用，不能删除",
				MessageEN: fmt.Sprintf("%s %s is referred to by %d %s record(s)", kind, id, n, r.what)}
		}
	}
	return nil
}

// SaveSettings validates and replaces the vault's settings.
func (tx *Tx) SaveSettings(st casework.Settings) error {
	if err := st.Validate(); err != nil {
		return err
	}
	b, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("encode settings: %w", err)
	}
	if _, err := tx.q.ExecContext(tx.ctx,
		"INSERT INTO settings (id, doc) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc",
		string(b)); err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	tx.settings = nil // read again by the next write
	return nil
}

// PutSettings is SaveSettings under the importer's name.
func (tx *Tx) PutSettings(st casework.Settings) error { return tx.SaveSettings(st) }

// The Store's own methods: each one call under the lock, writes in their
// own transaction.

// Get returns the record of kind with id, or an ENOTFOUND error.
func (s *Store) Get(kind casework.Kind, id string) (rec casework.Record, err error) {
	err = s.read(func(r *Reader) error { rec, err = r.Get(kind, id); return err })
	return rec, err
}

// List returns every record of kind in id order.
func (s *Store) List(kind casework.Kind) (recs []casework.Record, err error) {
	err = s.read(func(r *Reader) error { recs, err = r.List(kind); return err })
	return recs, err
}

// Query returns the records of kind that pass f.
func (s *Store) Query(kind casework.Kind, f Filter) (recs []casework.Record, err error) {
	err = s.read(func(r *Reader) error { recs, err = r.Query(kind, f); return err })
	return recs, err
}

// Count returns the number of records of kind.
func (s *Store) Count(kind casework.Kind) (n int, err error) {
	err = s.read(func(r *Reader) error { n, err = r.Count(kind); return err })
	return n, err
}

// Exists reports whether a record of kind with id exists.
func (s *Store) Exists(kind casework.Kind, id string) (ok bool, err error) {
	err = s.read(func(r *Reader) error { ok, err = r.Exists(kind, id); return err })
	return ok, err
}

// Settings returns the vault's settings (defaults until first saved).
func (s *Store) Settings() (st casework.Settings, err error) {
	err = s.read(func(r *Reader) error { st, err = r.Settings(); return err })
	return st, err
}

// Create writes a new record in its own transaction (see Tx.Create).
func (s *Store) Create(rec casework.Record) error {
	return s.Tx(func(tx *Tx) error { return tx.Create(rec) })
}

// Update replaces a record in its own transaction (see Tx.Update).
func (s *Store) Update(rec casework.Record) error {
	return s.Tx(func(tx *Tx) error { return tx.Update(rec) })
}

// Delete removes a record in its own transaction (see Tx.Delete).
func (s *Store) Delete(kind casework.Kind, id string) error {
	return s.Tx(func(tx *Tx) error { return tx.Delete(kind, id) })
}

// SaveSettings replaces the settings in its own transaction.
func (s *Store) SaveSettings(st casework.Settings) error {
	return s.Tx(func(tx *Tx) error { return tx.SaveSettings(st) })
}

// GetAs returns the record of id as its concrete type, e.g.
// GetAs[*casework.Student](s, id).
func GetAs[T casework.Record](s *Store, id string) (T, error) {
	var zero T
	rec, err := s.Get(zero.RecordKind(), id)
	if err != nil {
		return zero, err
	}
	out, ok := rec.(T)
	if !ok {
		return zero, fmt.Errorf("get: %T is not %T", rec, zero)
	}
	return out, nil
}

// ListAs returns the records of T's kind that pass f as their concrete
// type, e.g. ListAs[*casework.Session](s, store.Filter{CaseID: id}).
func ListAs[T casework.Record](s *Store, f Filter) ([]T, error) {
	var zero T
	recs, err := s.Query(zero.RecordKind(), f)
	if err != nil {
		return nil, err
	}
	out := make([]T, len(recs))
	for i, r := range recs {
		x, ok := r.(T)
		if !ok {
			return nil, fmt.Errorf("list: %T is not %T", r, zero)
		}
		out[i] = x
	}
	return out, nil
}

// noteCaseNo keeps caseHigh true after a case was written: a new number
// may raise its year's highest; an update may lower it, so it is read
// again.
func (r *Reader) noteCaseNo(no string, updated bool) {
	if updated {
		r.caseHigh = nil
		return
	}
	if y, n, ok := casework.ParseCaseNo(no); ok {
		if high, ok := r.caseHigh[y]; ok && n > high {
			r.caseHigh[y] = n
		}
	}
}

// nextCaseNo returns the next free case number of year, inside the
// transaction so that two new cases never share one.
func (r *Reader) nextCaseNo(year int) (string, error) {
	if high, ok := r.caseHigh[year]; ok {
		return casework.FormatCaseNo(year, high+1), nil
	}
	no, err := r.readNextCaseNo(year)
	if err != nil {
		return "", err
	}
	if y, n, ok := casework.ParseCaseNo(no); ok && y == year && n > 0 {
		if r.caseHigh == nil {
			r.caseHigh = map[int]int{}
		}
		r.caseHigh[year] = n - 1
	}
	return no, nil
}

func (r *Reader) readNextCaseNo(year int) (string, error) {
	rows, err := r.q.QueryContext(r.ctx, "SELECT case_no FROM cases WHERE case_no LIKE ?", fmt.Sprintf("%04d-%%", year))
	if err != nil {
		return "", fmt.Errorf("case number: %w", err)
	}
	defer rows.Close()
	var nos []string
	for rows.Next() {
		var no string
		if err := rows.Scan(&no); err != nil {
			return "", fmt.Errorf("case number: %w", err)
		}
		nos = append(nos, no)
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("case number: %w", err)
	}
	return casework.NextCaseNo(year, nos), nil
}

// uniqueStudentNo refuses a student whose 学籍号 another student holds.
// It is checked here rather than by a unique index so that a vault saved
// before the rule, which may hold duplicates, still opens; a duplicate is
// refused when either student is next written.
func (tx *Tx) uniqueStudentNo(st *casework.Student) error {
	if st.StudentNo == "" {
		return nil
	}
	var other string
	err := tx.q.QueryRowContext(tx.ctx, "SELECT id FROM students WHERE student_no = ? AND id <> ? LIMIT 1",
		st.StudentNo, st.ID).Scan(&other)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("check student_no: %w", err)
	}
	return casework.ValidationErrors{{Kind: casework.KindStudent, Key: "student_no", Rule: casework.RuleDuplicate,
		MessageZH: "学籍号已登记在另一名学生名下，同一学籍号只能属于一名学生，请核对",
		MessageEN: "another student already has this student number; a number belongs to one student only"}}
}
