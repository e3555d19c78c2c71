package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
)

// parallelIntegrityMin is the image size from which Load spreads its
// integrity check over the cores: below it, the handles cost more than
// they save.
const parallelIntegrityMin = 1 << 20

// startIntegrity begins the integrity check of the image conn has just
// deserialized and returns the wait for its verdict. A big image on
// several cores is checked on handles of its own (integrityOn) while conn
// is free for the other checks; otherwise conn runs integrity_check now.
func startIntegrity(ctx context.Context, conn *sql.Conn, image []byte, cores int) func() error {
	if cores < 2 || len(image) < parallelIntegrityMin {
		err := checkIntegrity(ctx, conn, "main.integrity_check")
		return func() error { return err }
	}
	done := make(chan error, 1)
	go func() { done <- integrityOn(image, cores) }()
	return func() error { return <-done }
}

// integrityOn is PRAGMA integrity_check of img on up to cores handles.
// integrity_check is quick_check (every b-tree's structure, the page
// accounting, NOT NULL and CHECK constraints) plus, for every table, the
// agreement of its indexes with its rows and their UNIQUE constraints;
// integrity_check(T) does the latter for table T alone. So one handle runs
// quick_check while the others take the tables, biggest first. Anything
// but "ok" from any of them is ErrCorrupt.
func integrityOn(img []byte, cores int) error {
	im, err := newRawImage(img)
	if err != nil {
		return err
	}
	defer im.free()
	first, err := openRaw(im)
	if err != nil {
		return fmt.Errorf("%w: integrity_check: %v", ErrCorrupt, err)
	}
	defer first.Close()
	tables, err := first.strings("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'shadow')")
	if err != nil {
		return fmt.Errorf("%w: integrity_check: %v", ErrCorrupt, err)
	}
	jobs := make(chan string, len(tables)+1)
	jobs <- "PRAGMA main.quick_check"
	for _, i := range bySize(first, tables) {
		jobs <- "PRAGMA main.integrity_check(" + quoteString(tables[i]) + ")"
	}
	close(jobs)
	var mu sync.Mutex
	var msgs []string
	run := func(r *rawDB) {
		for q := range jobs {
			got, err := r.strings(q)
			mu.Lock()
			switch {
			case err != nil:
				msgs = append(msgs, err.Error())
			case len(got) != 1 || got[0] != "ok":
				msgs = append(msgs, got...)
			}
			mu.Unlock()
		}
	}
	var wg sync.WaitGroup
	for range min(cores, maxHashWorkers, len(tables)+1) - 1 {
		r, err := openRaw(im)
		if err != nil {
			continue // fewer handles share the work
		}
		wg.Go(func() {
			defer r.Close()
			run(r)
		})
	}
	run(first)
	wg.Wait()
	if len(msgs) > 0 {
		return fmt.Errorf("%w: integrity_check: %s", ErrCorrupt, strings.Join(msgs[:min(len(msgs), 5)], "; "))
	}
	return nil
}
