package keyslot

import "time"

// Calibrate picks Argon2id parameters that take about target on this PC:
// it times the floor, then scales memory (up to 1 GiB) and, once memory is
// at its cap, passes (up to 10). It never returns less than FloorParams.
// It runs the KDF two or three times, so call it off the UI goroutine.
func Calibrate(target time.Duration) Params {
	return calibrate(target, func(p Params) time.Duration {
		start := time.Now()
		argon2id([]byte("calibration"), make([]byte, saltLen), p)
		return time.Since(start)
	})
}

// calibrate is Calibrate with the stopwatch injected, so tests can check the
// scaling rule without burning seconds of CPU.
func calibrate(target time.Duration, measure func(Params) time.Duration) Params {
	p := FloorParams()
	d := measure(p)
	if d <= 0 {
		d = time.Nanosecond
	}
	if d >= target {
		return p
	}
	// Argon2id's cost is close to linear in memory × passes.
	scale := float64(target) / float64(d)
	mem := float64(p.MemoryKiB) * scale
	if mem > maxMemoryKiB {
		scale = mem / maxMemoryKiB
		p.MemoryKiB = maxMemoryKiB
		t := uint32(float64(p.Time) * scale)
		p.Time = min(max(t, p.Time), maxTime)
	} else {
		p.MemoryKiB = uint32(mem) &^ 1023 // whole MiB
	}
	p.MemoryKiB = max(p.MemoryKiB, FloorParams().MemoryKiB)
	// One check of the extrapolation: step back if it overshoots badly.
	for range 4 {
		if measure(p) <= target*3/2 || p == FloorParams() {
			break
		}
		if p.Time > FloorParams().Time {
			p.Time--
		} else {
			p.MemoryKiB = max(p.MemoryKiB*3/4&^1023, FloorParams().MemoryKiB)
		}
	}
	return p
}
