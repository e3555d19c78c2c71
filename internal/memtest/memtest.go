// Package memtest measures memory for the tests and benchmarks that bound
// it (imports must grow with the records, never with a copy of the input).
package memtest

import (
	"runtime"
	"runtime/debug"
	"sync"
	"time"
)

// LivePeak runs f and returns how far the live heap rose above what it
// was before, sampled every few milliseconds (and at the end).
//
// The collector runs at 10 % growth meanwhile, so that the figure is the
// memory the code holds, not garbage the collector has not reached yet.
func LivePeak(f func()) uint64 {
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	base, peak := m.HeapAlloc, m.HeapAlloc
	var mu sync.Mutex
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				mu.Lock()
				peak = max(peak, m.HeapAlloc)
				mu.Unlock()
			}
		}
	}()
	f()
	close(done)
	runtime.ReadMemStats(&m)
	mu.Lock()
	defer mu.Unlock()
	return max(peak, m.HeapAlloc) - base
}
