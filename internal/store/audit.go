package store

import (
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"xinqing/internal/casework"
)

// auditHash is the chain link: SHA-256 over the entry's fields, each as a
// tag, a length and its bytes, then the previous entry's hash.
func auditHash(seq int64, at string, action casework.AuditAction, objectType casework.Kind, objectID, prev string) string {
	h := sha256.New()
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(seq))
	writeField(h, 's', b[:])
	writeField(h, 'a', []byte(at))
	writeField(h, 'c', []byte(action))
	writeField(h, 'k', []byte(objectType))
	writeField(h, 'o', []byte(objectID))
	writeField(h, 'p', []byte(prev))
	return hex.EncodeToString(h.Sum(nil))
}

// auditHead is the last link of the chain as a transaction sees it.
type auditHead struct {
	seq   int64
	hash  string
	moved bool // entries were appended since audit_head was read
}

// Audit appends an entry to the audit log inside this transaction.
// objectID is an id, never a name; objectType and objectID may be empty
// for actions on the whole vault (unlock, backup, …). The chain's head
// is kept in memory while the transaction lasts and written to
// audit_head once before the commit, so a bulk write costs one row per
// entry and not three statements.
func (tx *Tx) Audit(action casework.AuditAction, objectType casework.Kind, objectID string) error {
	if tx.head == nil {
		h := &auditHead{}
		err := tx.q.QueryRowContext(tx.ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&h.seq, &h.hash)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("audit: read head: %w", err)
		}
		tx.head = h
	}
	seq, prev := tx.head.seq+1, tx.head.hash
	at := casework.Stamp(tx.s.now())
	e := casework.AuditEntry{Seq: seq, At: at, Action: action, ObjectType: objectType, ObjectID: objectID, PrevHash: prev}
	atText := at.Format(time.RFC3339)
	e.Hash = auditHash(seq, atText, action, objectType, objectID, prev)
	if err := e.Validate(); err != nil {
		return err
	}
	if _, err := tx.q.ExecContext(tx.ctx,
		"INSERT INTO audit (seq, at, action, object_type, object_id, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
		seq, atText, string(action), string(objectType), objectID, prev, e.Hash); err != nil {
		return fmt.Errorf("audit: append: %w", err)
	}
	tx.head.seq, tx.head.hash, tx.head.moved = seq, e.Hash, true
	return nil
}

// flushAudit writes the head moved by this transaction's entries to
// audit_head: before the commit, and before anything reads the head.
func (r *Reader) flushAudit() error {
	if r.head == nil || !r.head.moved {
		return nil
	}
	if _, err := r.q.ExecContext(r.ctx,
		"INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
		r.head.seq, r.head.hash); err != nil {
		return fmt.Errorf("audit: move head: %w", err)
	}
	r.head.moved = false
	return nil
}

// Audit appends an entry to the audit log in its own transaction: export,
// print, view_case, backup, restore, unlock, lock, ….
func (s *Store) Audit(action casework.AuditAction, objectType casework.Kind, objectID string) error {
	return s.Tx(func(tx *Tx) error { return tx.Audit(action, objectType, objectID) })
}

// AuditLog returns the audit entries with seq > after, oldest first, at
// most limit of them (limit ≤ 0: all).
func (r *Reader) AuditLog(after int64, limit int) ([]casework.AuditEntry, error) {
	if limit <= 0 {
		limit = -1
	}
	return r.auditQuery("SELECT seq, at, action, object_type, object_id, prev_hash, hash FROM audit WHERE seq > ? ORDER BY seq LIMIT ?",
		after, limit)
}

// AuditOf returns the audit entries of one action, oldest first: the few
// entries a question needs (the backups, the drills) without reading a
// big school's whole log into memory.
func (s *Store) AuditOf(action casework.AuditAction) (es []casework.AuditEntry, err error) {
	err = s.read(func(r *Reader) error {
		es, err = r.auditQuery("SELECT seq, at, action, object_type, object_id, prev_hash, hash FROM audit WHERE action = ? ORDER BY seq",
			string(action))
		return err
	})
	return es, err
}

func (r *Reader) auditQuery(query string, args ...any) ([]casework.AuditEntry, error) {
	rows, err := r.q.QueryContext(r.ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read audit: %w", err)
	}
	defer rows.Close()
	var out []casework.AuditEntry
	for rows.Next() {
		var e casework.AuditEntry
		var at, action, kind string
		if err := rows.Scan(&e.Seq, &at, &action, &kind, &e.ObjectID, &e.PrevHash, &e.Hash); err != nil {
			return nil, fmt.Errorf("read audit: %w", err)
		}
		e.Action, e.ObjectType = casework.AuditAction(action), casework.Kind(kind)
		if e.At, err = time.Parse(time.RFC3339, at); err != nil {
			return nil, fmt.Errorf("read audit %d: %w", e.Seq, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// AuditLog returns the audit entries with seq > after (see Reader.AuditLog).
func (s *Store) AuditLog(after int64, limit int) (es []casework.AuditEntry, err error) {
	err = s.read(func(r *Reader) error { es, err = r.AuditLog(after, limit); return err })
	return es, err
}

// VerifyAudit walks the chain and returns the seq of the first broken
// entry (0 if the chain is whole): an entry whose hash does not match its
// fields, whose prev_hash is not the previous hash, a missing seq (a
// deleted entry is reported at its own seq), or a head that does not
// match the last entry (the newest entries dropped). err is for failures
// to read, not for a broken chain.
func (r *Reader) VerifyAudit() (bad int, err error) {
	if err := r.flushAudit(); err != nil {
		return 0, err
	}
	rows, err := r.q.QueryContext(r.ctx,
		"SELECT seq, at, action, object_type, object_id, prev_hash, hash FROM audit ORDER BY seq")
	if err != nil {
		return 0, fmt.Errorf("verify audit: %w", err)
	}
	defer rows.Close()
	var want int64 = 1
	prev := ""
	for rows.Next() {
		var seq int64
		var at, action, kind, id, prevHash, hash string
		if err := rows.Scan(&seq, &at, &action, &kind, &id, &prevHash, &hash); err != nil {
			return 0, fmt.Errorf("verify audit: %w", err)
		}
		if seq != want || prevHash != prev ||
			hash != auditHash(seq, at, casework.AuditAction(action), casework.Kind(kind), id, prevHash) {
			return int(want), nil
		}
		prev = hash
		want++
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("verify audit: %w", err)
	}
	var headSeq int64
	var headHash string
	err = r.q.QueryRowContext(r.ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&headSeq, &headHash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if want != 1 {
			return int(want - 1), nil
		}
	case err != nil:
		return 0, fmt.Errorf("verify audit: head: %w", err)
	case headSeq != want-1 || headHash != prev:
		if headSeq >= want {
			return int(want), nil // entries after the last one present were dropped
		}
		return int(headSeq + 1), nil
	}
	return 0, nil
}

// VerifyAudit checks the audit chain (see Reader.VerifyAudit).
func (s *Store) VerifyAudit() (bad int, err error) {
	err = s.read(func(r *Reader) error { bad, err = r.VerifyAudit(); return err })
	return bad, err
}
