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
// grow to twice what is live before it runs: on a big school (some 110 MB
// live after every screen) the app would hold 230 MB of heap, half of it
// garbage. Under the limit it collects sooner, while the heap is small.
const baseMemoryLimit = 160 << 20

// limitMemory sets the soft memory limit of the desktop process, unless
// GOMEMLIMIT already says otherwise. The limit is never a wall: after each
// collection it is raised to half again what is live whenever the live
// heap nears it, so a school bigger than any measured never makes the
// collector run back to back (GOGC stays the backstop).
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
			live := int64(sample[0].Value.Uint64())
			if live > limit/4*3 {
				limit = live / 2 * 3
				debug.SetMemoryLimit(limit)
			}
		})
	})
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
