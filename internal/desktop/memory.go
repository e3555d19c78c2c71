package desktop

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// baseMemoryLimit is the soft limit on the Go runtime's memory the
// desktop app starts with. Left to GOGC alone the collector lets the heap
// grow to twice what is live before it runs: on a big school (some 90 MB
// live after every screen, most of it the fonts' decoded outlines and the
// workbench's records) the app would hold 180 MB of heap, half of it
// garbage. Under the limit it collects sooner, while the heap is small.
const baseMemoryLimit = 112 << 20

// limitMemory sets the soft memory limit of the desktop process, unless
// GOMEMLIMIT already says otherwise. The limit is never a wall: after each
// collection it follows what is live (nextLimit), so a school bigger than
// any measured never makes the collector run back to back (GOGC stays the
// backstop), and the room a big import took is given back after it.
func limitMemory() {
	memoryOnce.Do(func() {
		if os.Getenv("GOMEMLIMIT") != "" {
			return
		}
		limit := int64(baseMemoryLimit)
		debug.SetMemoryLimit(limit)
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		afterEachGC(func() {
			metrics.Read(sample)
			if sample[0].Value.Kind() != metrics.KindUint64 {
				return
			}
			if next := nextLimit(int64(sample[0].Value.Uint64())); next != limit {
				limit = next
				debug.SetMemoryLimit(limit)
			}
		})
	})
}

// nextLimit is the soft limit after a collection that found live bytes
// live: a quarter above what is live, never under the base. The collector
// then runs when the heap has grown by a quarter, as GOGC=25 would, but
// only once the app holds more than the base: a big school's transients
// (the search index built after unlocking, a screen's icons) are
// collected while they are small, and the room they took is given back
// as soon as what is live falls again.
func nextLimit(live int64) int64 {
	return max(baseMemoryLimit, live/4*5)
}

var memoryOnce sync.Once

// afterEachGC runs f after every garbage collection, on the finalizer
// goroutine: the finalizer of an unreachable sentinel runs once the
// collector has found it, and each run arms the next.
func afterEachGC(f func()) {
	type sentinel struct{ _ [16]byte }
	var arm func()
	arm = func() {
		runtime.SetFinalizer(new(sentinel), func(*sentinel) {
			f()
			arm()
		})
	}
	arm()
}
