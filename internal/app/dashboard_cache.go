package app

import (
	"slices"
	"sync"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
	"xinqing/internal/returns"
	"xinqing/internal/store"
)

// recordCache keeps the records the figures read, kind by kind, as long as
// the store says they have not changed (store.Version): the workbench,
// the return on screen, its drill-down and the self-check each read the
// whole school, and decoding a big school's 44,000 records takes a quarter
// of a second, where the figures themselves take milliseconds. After an
// edit only the kinds written are read again.
//
// The records are shared between readers: the figures only read them.
type recordCache struct {
	mu    sync.Mutex
	st    *store.Store // the store the records are of; another one empties the cache
	kinds map[casework.Kind]cachedKind
	// month: the records of the last monthDataset, while no kind has
	// changed since.
	month *cachedMonth
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
// written that kind since.
func (c *recordCache) list(st *store.Store, kind casework.Kind) ([]casework.Record, error) {
	// The version is read before the records: a write in between makes
	// the next call read them again, never keeps stale ones.
	v := st.Version(kind)
	c.mu.Lock()
	if c.st != st {
		c.st, c.kinds, c.month = st, map[casework.Kind]cachedKind{}, nil
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
	if c.st == st {
		c.kinds[kind] = cachedKind{version: v, recs: recs}
	}
	c.mu.Unlock()
	return recs, nil
}

// drop empties the cache (the vault is locked: no records outlive it).
func (c *recordCache) drop() {
	c.mu.Lock()
	c.st, c.kinds, c.month = nil, nil, nil
	c.mu.Unlock()
}

// cachedRecords is a store whose List is served by the cache.
type cachedRecords struct {
	*store.Store
	c *recordCache
}

func (r cachedRecords) List(kind casework.Kind) ([]casework.Record, error) {
	return r.c.list(r.Store, kind)
}

// dataset is returns.Load of st through the app's record cache (without
// one for a session made outside an App).
func (a *App) dataset(st *store.Store) (*figures.Dataset, error) {
	if a == nil {
		return returns.Load(st)
	}
	return returns.Load(cachedRecords{Store: st, c: &a.recs})
}

// monthDataset is returns.LoadWindow of st over w through the app's record
// cache: the kinds counted by what stands (students, key students, …)
// from the cache, those counted by their dates read for w alone by
// indexed queries. The first workbench after an unlock decodes a few
// thousand records of a big school, not all of them.
func (a *App) monthDataset(st *store.Store, w casework.Period) (*figures.Dataset, error) {
	if a == nil {
		return returns.LoadWindow(st, w)
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
	d, err := returns.LoadWindow(cachedRecords{Store: st, c: c}, w)
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
