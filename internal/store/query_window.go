package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"xinqing/internal/casework"
)

// EachDated calls f with every record of kind that has any of the date
// columns cols (JSON keys; DateKey(kind) when none are named) in [from, to],
// in id order, decoding one row at a time: a reader that counts a few
// months of a school's years never holds the rest. An empty date is in no
// range, as casework.Date.InRange says. f runs under the store's lock and
// must not call the Store.
func (s *Store) EachDated(kind casework.Kind, from, to casework.Date, cols []string, f func(casework.Record) error) error {
	return s.read(func(r *Reader) error {
		t, err := r.tabs.get(kind)
		if err != nil {
			return err
		}
		if len(cols) == 0 {
			cols = []string{DateKey(kind)}
		}
		var where []string
		var args []any
		for _, c := range cols {
			if err := t.has(c); err != nil {
				return err
			}
			where = append(where, quoteIdent(c)+" BETWEEN ? AND ?")
			args = append(args, string(from), string(to))
		}
		return t.each(r.ctx, r.q, t.selectQ+" WHERE "+strings.Join(where, " OR ")+" ORDER BY id", f, args...)
	})
}

// EachLinked calls f with every record of kind whose column col equals
// column otherCol of a record of kind other dated (DateKey(other)) in
// [from, to], in id order, one row at a time: the cases of the sessions
// of a month (col "id", other session, otherCol "case_id"), the results of
// the screenings of a month (col "screening_id", other screening, otherCol
// "id"). f runs under the store's lock and must not call the Store.
func (s *Store) EachLinked(kind casework.Kind, col string, other casework.Kind, otherCol string, from, to casework.Date, f func(casework.Record) error) error {
	return s.read(func(r *Reader) error {
		t, err := r.tabs.get(kind)
		if err != nil {
			return err
		}
		o, err := r.tabs.get(other)
		if err != nil {
			return err
		}
		dk := DateKey(other)
		for _, c := range []struct {
			t   *table
			col string
		}{{t, col}, {o, otherCol}, {o, dk}} {
			if err := c.t.has(c.col); err != nil {
				return err
			}
		}
		q := t.selectQ + " WHERE " + quoteIdent(col) + " IN (SELECT " + quoteIdent(otherCol) + " FROM " + quoteIdent(o.name) +
			" WHERE " + quoteIdent(dk) + " BETWEEN ? AND ?) ORDER BY id"
		return t.each(r.ctx, r.q, q, f, string(from), string(to))
	})
}

// has is an EINVALID error when t has no column col.
func (t *table) has(col string) error {
	if _, ok := t.byName[col]; ok && col != "" && !strings.HasPrefix(col, "x_") {
		return nil
	}
	return &casework.Error{Code: casework.EINVALID, Field: col,
		MessageZH: "该类记录不能按此条件查询", MessageEN: fmt.Sprintf("%s has no %s", t.kind, col)}
}

// each calls f with every record a query over t's columns returns,
// decoding one row at a time.
func (t *table) each(ctx context.Context, q queryer, query string, f func(casework.Record) error, args ...any) error {
	return t.eachRow(ctx, q, query, false, func(_ int64, rec casework.Record) error { return f(rec) }, args...)
}

// eachRow is each of a query whose rows start with the rowid when
// withRowid, which f is given (0 otherwise).
func (t *table) eachRow(ctx context.Context, q queryer, query string, withRowid bool, f func(rowid int64, rec casework.Record) error, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("read %s: %w", t.name, err)
	}
	defer rows.Close()
	vals := make([]any, len(t.cols))
	var rowid int64
	var ptrs []any
	if withRowid {
		ptrs = append(ptrs, &rowid)
	}
	for i := range vals {
		ptrs = append(ptrs, &vals[i])
	}
	for rows.Next() {
		clear(vals)
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("read %s: %w", t.name, err)
		}
		rec, err := t.decode(vals)
		if err != nil {
			return err
		}
		if err := f(rowid, rec); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read %s: %w", t.name, err)
	}
	return nil
}

// EachNamed calls f with every record of kind whose id a record of one of
// the kinds in by names in its column by[k] (the students of the key
// students, referrals and crises), in id order, one row at a time. Of a
// kind k in unended only the records whose column unended[k] is empty or
// after on name (the key students not released by then). f runs under the
// store's lock and must not call the Store.
func (s *Store) EachNamed(kind casework.Kind, by, unended map[casework.Kind]string, on casework.Date, f func(casework.Record) error) error {
	return s.read(func(r *Reader) error {
		t, err := r.tabs.get(kind)
		if err != nil {
			return err
		}
		var sel []string
		var args []any
		for _, k := range slices.Sorted(maps.Keys(by)) {
			o, err := r.tabs.get(k)
			if err != nil {
				return err
			}
			if err := o.has(by[k]); err != nil {
				return err
			}
			q := "SELECT " + quoteIdent(by[k]) + " FROM " + quoteIdent(o.name)
			if col, ok := unended[k]; ok {
				if err := o.has(col); err != nil {
					return err
				}
				q += " WHERE " + unendedWhere(col)
				args = append(args, string(on))
			}
			sel = append(sel, q)
		}
		if len(sel) == 0 {
			return nil
		}
		return t.each(r.ctx, r.q, t.selectQ+" WHERE id IN ("+strings.Join(sel, " UNION ")+") ORDER BY id", f, args...)
	})
}

// EachUnended calls f with every record of kind whose column col is empty
// or after on (the key students not released by then), in id order, one
// row at a time. f runs under the store's lock and must not call the
// Store.
func (s *Store) EachUnended(kind casework.Kind, col string, on casework.Date, f func(casework.Record) error) error {
	return s.read(func(r *Reader) error {
		t, err := r.tabs.get(kind)
		if err != nil {
			return err
		}
		if err := t.has(col); err != nil {
			return err
		}
		return t.each(r.ctx, r.q, t.selectQ+" WHERE "+unendedWhere(col)+" ORDER BY id", f, string(on))
	})
}

// unendedWhere is the condition "col is empty or after ?" (an empty value
// is stored as NULL).
func unendedWhere(col string) string {
	return "(" + quoteIdent(col) + " IS NULL OR " + quoteIdent(col) + " > ?)"
}
