package app

import (
	"fmt"
	"maps"
	"slices"
	"sync"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
	"xinqing/internal/returns"
	"xinqing/internal/store"
)

// recordCache keeps the records the figures read, kind by kind, as long as
// the store says they have not changed (store.Version): decoding a big
// school's 44,000 records takes a quarter of a second, where the figures
// themselves take milliseconds. The workbench, the return on screen and
// its drill-down read the kinds counted by what stands whole and the
// others for their month (queries); the self-check reads every kind whole
// but keeps none it read itself (cachedRecords.passing).
// After an edit only what the written kinds hold is read again.
//
// The records are shared between readers: the figures only read them.
type recordCache struct {
	mu    sync.Mutex
	st    *store.Store // the store the records are of; another one empties the cache
	kinds map[casework.Kind]cachedKind
	// month: the records of the last monthDataset, while no kind has
	// changed since.
	month *cachedMonth
	// queries: the records of the last queries by date or name (the
	// workbench's month), by query, while none of the kinds they read
	// has changed: after an edit of a session the students are not
	// read again.
	queries map[string]cachedQuery
}

type cachedQuery struct {
	versions []uint64 // of the kinds the query reads
	recs     []casework.Record
}

// maxQueries bounds the kept queries (a workbench makes about fifteen);
// past it they are all dropped.
const maxQueries = 48

// query returns the records run yields for the query named key reading
// kinds, from the cache when st has written none of kinds since.
func (c *recordCache) query(st *store.Store, key string, kinds []casework.Kind, run func(f func(casework.Record) error) error) ([]casework.Record, error) {
	versions := make([]uint64, len(kinds))
	for i, k := range kinds {
		versions[i] = st.Version(k)
	}
	c.mu.Lock()
	if c.st != st {
		c.st, c.kinds, c.month, c.queries = st, map[casework.Kind]cachedKind{}, nil, nil
	}
	if q, ok := c.queries[key]; ok && slices.Equal(q.versions, versions) {
		c.mu.Unlock()
		return q.recs, nil
	}
	c.mu.Unlock()
	var recs []casework.Record
	if err := run(func(r casework.Record) error { recs = append(recs, r); return nil }); err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.st == st {
		if c.queries == nil || len(c.queries) >= maxQueries {
			c.queries = map[string]cachedQuery{}
		}
		c.queries[key] = cachedQuery{versions: versions, recs: recs}
	}
	c.mu.Unlock()
	return recs, nil
}

type cachedMonth struct {
	w        casework.Period
	versions []uint64 // of monthKinds, in order
	d        figures.Dataset
}

// monthKinds are the kinds a Dataset holds (returns.Load).
var monthKinds = []casework.Kind{casework.KindStudent, casework.KindCase, casework.KindSession, casework.KindKeyStudent,
	casework.KindCrisis, casework.KindReferral, casework.KindContact, casework.KindGroupSession, casework.KindCommitteeMember,
	casework.KindClassReport, casework.KindActivity, casework.KindDutyDay, casework.KindVisit, casework.KindMailbox,
	casework.KindScreening, casework.KindScreeningResult, casework.KindMonthNotes}

type cachedKind struct {
	version uint64
	recs    []casework.Record
}

// list returns the records of kind in st, from the cache when st has not
// written that kind since; keep false leaves records read now out of the
// cache.
func (c *recordCache) list(st *store.Store, kind casework.Kind, keep bool) ([]casework.Record, error) {
	// The version is read before the records: a write in between makes
	// the next call read them again, never keeps stale ones.
	v := st.Version(kind)
	c.mu.Lock()
	if c.st != st {
		c.st, c.kinds, c.month, c.queries = st, map[casework.Kind]cachedKind{}, nil, nil
	}
	if k, ok := c.kinds[kind]; ok && k.version == v {
		c.mu.Unlock()
		return k.recs, nil
	}
	c.mu.Unlock()
	recs, err := st.List(kind)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.st == st && keep {
		c.kinds[kind] = cachedKind{version: v, recs: recs}
	}
	c.mu.Unlock()
	return recs, nil
}

// drop empties the cache (the vault is locked: no records outlive it).
func (c *recordCache) drop() {
	c.mu.Lock()
	c.st, c.kinds, c.month, c.queries = nil, nil, nil, nil
	c.mu.Unlock()
}

// cachedRecords is a store whose List is served by the cache. A passing
// reader (the self-check, which reads every kind whole) takes what the
// cache holds but adds nothing to it: a big school's sessions, cases and
// class reports would otherwise stay in memory, some 30 MB, for a form
// asked for once a term.
type cachedRecords struct {
	*store.Store
	c       *recordCache
	passing bool
}

func (r cachedRecords) List(kind casework.Kind) ([]casework.Record, error) {
	return r.c.list(r.Store, kind, !r.passing)
}

func each(recs []casework.Record, err error, f func(casework.Record) error) error {
	if err != nil {
		return err
	}
	for _, r := range recs {
		if err := f(r); err != nil {
			return err
		}
	}
	return nil
}

func (r cachedRecords) EachDated(kind casework.Kind, from, to casework.Date, cols []string, f func(casework.Record) error) error {
	key := fmt.Sprint("dated ", kind, from, to, cols)
	recs, err := r.c.query(r.Store, key, []casework.Kind{kind}, func(g func(casework.Record) error) error {
		return r.Store.EachDated(kind, from, to, cols, g)
	})
	return each(recs, err, f)
}

func (r cachedRecords) EachLinked(kind casework.Kind, col string, other casework.Kind, otherCol string, from, to casework.Date, f func(casework.Record) error) error {
	key := fmt.Sprint("linked ", kind, col, other, otherCol, from, to)
	recs, err := r.c.query(r.Store, key, []casework.Kind{kind, other}, func(g func(casework.Record) error) error {
		return r.Store.EachLinked(kind, col, other, otherCol, from, to, g)
	})
	return each(recs, err, f)
}

func (r cachedRecords) EachNamed(kind casework.Kind, by, unended map[casework.Kind]string, on casework.Date, f func(casework.Record) error) error {
	kinds := append([]casework.Kind{kind}, slices.Sorted(maps.Keys(by))...)
	key := fmt.Sprint("named ", kinds, by, unended, on)
	recs, err := r.c.query(r.Store, key, kinds, func(g func(casework.Record) error) error {
		return r.Store.EachNamed(kind, by, unended, on, g)
	})
	return each(recs, err, f)
}

func (r cachedRecords) EachUnended(kind casework.Kind, col string, on casework.Date, f func(casework.Record) error) error {
	key := fmt.Sprint("unended ", kind, col, on)
	recs, err := r.c.query(r.Store, key, []casework.Kind{kind}, func(g func(casework.Record) error) error {
		return r.Store.EachUnended(kind, col, on, g)
	})
	return each(recs, err, f)
}

// dataset is returns.Load of st through the app's record cache (without
// one for a session made outside an App).
func (a *App) dataset(st *store.Store) (*figures.Dataset, error) {
	if a == nil {
		return returns.Load(st)
	}
	return returns.Load(cachedRecords{Store: st, c: &a.recs, passing: true})
}

// monthDataset is returns.LoadSummary of st over w (the workbench's
// month to today) through the app's record cache: the kinds counted by
// what stands (key students, …) from the cache, those counted by their
// dates read for w alone by indexed queries, the students the workbench
// names. The first workbench after an unlock decodes a few thousand
// records of a big school, not all of them.
func (a *App) monthDataset(st *store.Store, w casework.Period) (*figures.Dataset, error) {
	if a == nil {
		return returns.LoadSummary(st, w)
	}
	// The versions are read before the records, as in list.
	versions := make([]uint64, len(monthKinds))
	for i, k := range monthKinds {
		versions[i] = st.Version(k)
	}
	// The settings are not versioned: always read (one small document).
	settings, err := st.Settings()
	if err != nil {
		return nil, err
	}
	c := &a.recs
	c.mu.Lock()
	m := c.month
	if c.st != st {
		m = nil
	}
	c.mu.Unlock()
	if m != nil && m.w == w && slices.Equal(m.versions, versions) {
		d := m.d
		d.Settings = settings
		return &d, nil
	}
	d, err := returns.LoadSummary(cachedRecords{Store: st, c: c}, w)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.st == st {
		c.month = &cachedMonth{w: w, versions: versions, d: *d}
	}
	c.mu.Unlock()
	return d, nil
}

// windowDataset is returns.LoadWindow of st over w through the app's
// record cache: what the figures of a period inside w count (the return
// on screen, its drill-down), the dated kinds read for w alone.
func (a *App) windowDataset(st *store.Store, w casework.Period) (*figures.Dataset, error) {
	if a == nil {
		return returns.LoadWindow(st, w)
	}
	return returns.LoadWindow(cachedRecords{Store: st, c: &a.recs}, w)
}
