package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"xinqing/internal/casework"
)

// CopyInto copies every row of every user table of s into dst, which must
// be a fresh, empty store made by New: dst's schema is ours, so a restored
// image's schema, triggers or views are never adopted, only its rows.
// Columns are taken by dst's names; a source lacking one fails the copy.
// Derived search data is rebuilt in dst: the pinyin columns at once,
// the full-text index on the first text search. Everything happens in one dst
// transaction: on error dst is left empty.
func (s *Store) CopyInto(dst *Store) error {
	if s == dst {
		return errors.New("copy into itself")
	}
	if err := s.lock(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	if err := dst.lock(); err != nil {
		return err
	}
	defer dst.mu.Unlock()
	ctx := context.Background()
	tables, err := userTables(ctx, dst.conn)
	if err != nil {
		return err
	}
	tx, err := dst.conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("copy: begin: %w", err)
	}
	defer tx.Rollback()
	// References are checked at commit, so table order does not matter.
	if _, err := tx.ExecContext(ctx, "PRAGMA defer_foreign_keys = ON"); err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	for _, t := range tables {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM "+quoteIdent(t)).Scan(&n); err != nil {
			return fmt.Errorf("copy: %w", err)
		}
		if n != 0 {
			return fmt.Errorf("copy: destination table %s is not empty", t)
		}
		if err := copyTable(ctx, s, tx, t); err != nil {
			return fmt.Errorf("copy: %w", err)
		}
	}
	if err := rebuildPinyin(ctx, tx, dst.tabs); err != nil {
		return fmt.Errorf("copy: %w", err)
	}

	if err := tx.Commit(); err != nil {
		return fmt.Errorf("copy: commit: %w", err)
	}
	dst.indexReady = false // rebuilt on the first text search
	dst.names = nil
	all := map[casework.Kind]bool{}
	for k := range dst.tabs {
		all[k] = true
	}
	dst.wrote(all)
	return nil
}

func copyTable(ctx context.Context, src *Store, tx *sql.Tx, table string) error {
	cols, pk, err := tableColumns(ctx, tx, table)
	if err != nil {
		return err
	}
	rows, err := src.conn.QueryContext(ctx, "SELECT "+joinIdents(cols)+" FROM "+quoteIdent(table)+
		" ORDER BY "+joinIdents(pk))
	if err != nil {
		return fmt.Errorf("read %s: %w", table, err)
	}
	defer rows.Close()
	ins, err := tx.PrepareContext(ctx, "INSERT INTO "+quoteIdent(table)+" ("+joinIdents(cols)+") VALUES ("+
		placeholders(len(cols))+")")
	if err != nil {
		return fmt.Errorf("write %s: %w", table, err)
	}
	defer ins.Close()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("read %s: %w", table, err)
		}
		if _, err := ins.ExecContext(ctx, vals...); err != nil {
			return fmt.Errorf("write %s: %w", table, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read %s: %w", table, err)
	}
	return nil
}
