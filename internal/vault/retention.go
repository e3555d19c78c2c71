package vault

import (
	"fmt"
	"time"
)

// Retention is the pruning policy of SECURITY.md "Save" step 7: the newest
// Last generations, then the newest of each of the last Hourly hours,
// Daily days, Weekly ISO weeks and Monthly months that have one; never
// fewer than MinVerified generations verified in this session.
type Retention struct {
	Last, Hourly, Daily, Weekly, Monthly int
	MinVerified                          int
}

// DefaultRetention keeps 10 + 24 hourly + 14 daily + 8 weekly + 6 monthly.
func DefaultRetention() Retention {
	return Retention{Last: 10, Hourly: 24, Daily: 14, Weekly: 8, Monthly: 6, MinVerified: 3}
}

type genTime struct {
	gen      uint64
	t        time.Time
	verified bool
}

// keep returns the generations to keep; gens is in any order.
func (r Retention) keep(gens []genTime) map[uint64]bool {
	sorted := append([]genTime(nil), gens...)
	// Newest first by number: numbers are monotonic, clocks may jump.
	for i := 1; i < len(sorted); i++ {
		for j := i; j > 0 && sorted[j].gen > sorted[j-1].gen; j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	keep := map[uint64]bool{}
	for i := 0; i < r.Last && i < len(sorted); i++ {
		keep[sorted[i].gen] = true
	}
	bucket := func(n int, key func(time.Time) string) {
		last := ""
		for _, g := range sorted {
			if n == 0 {
				return
			}
			k := key(g.t)
			if k != last {
				keep[g.gen] = true
				last = k
				n--
			}
		}
	}
	bucket(r.Hourly, func(t time.Time) string { return t.Format("2006010215") })
	bucket(r.Daily, func(t time.Time) string { return t.Format("20060102") })
	bucket(r.Weekly, func(t time.Time) string {
		y, w := t.ISOWeek()
		return fmt.Sprintf("%d-%02d", y, w)
	})
	bucket(r.Monthly, func(t time.Time) string { return t.Format("200601") })
	verified := 0
	for _, g := range sorted {
		if keep[g.gen] && g.verified {
			verified++
		}
	}
	for _, g := range sorted {
		if verified >= r.MinVerified {
			break
		}
		if g.verified && !keep[g.gen] {
			keep[g.gen] = true
			verified++
		}
	}
	return keep
}
