package keyslot

import (
	"context"
	"time"
)

// Calibrate picks Argon2id parameters that take about target on this PC:
// it times the floor, then scales memory (up to 1 GiB) and, once memory is
// at its cap, passes (up to 10). It never returns less than FloorParams.
// It runs the KDF two or three times, so call it off the UI goroutine.
func Calibrate(target time.Duration) Params {
	p, _ := CalibrateContext(context.Background(), target)
	return p
}

// CalibrateContext is Calibrate that stops between KDF runs once ctx is
// done (one run cannot be interrupted) and then returns ctx's error.
func CalibrateContext(ctx context.Context, target time.Duration) (Params, error) {
	return calibrate(ctx, target, func(p Params) time.Duration {
		start := time.Now()
		argon2id([]byte("calibration"), make([]byte, saltLen), p)
		return time.Since(start)
	})
}

// calibrate is Calibrate with the stopwatch injected, so tests can check the
// scaling rule without burning seconds of CPU.
func calibrate(ctx context.Context, target time.Duration, measure func(Params) time.Duration) (Params, error) {
	p := FloorParams()
	if err := ctx.Err(); err != nil {
		return p, err
	}
	d := measure(p)
	if err := ctx.Err(); err != nil {
		return p, err
	}
	if d <= 0 {
		d = time.Nanosecond
	}
	if d >= target {
		return p, nil
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
		over := measure(p) > target*3/2
		if err := ctx.Err(); err != nil {
			return p, err
		}
		if !over || p == FloorParams() {
			break
		}
		if p.Time > FloorParams().Time {
			p.Time--
		} else {
			p.MemoryKiB = max(p.MemoryKiB*3/4&^1023, FloorParams().MemoryKiB)
		}
	}
	return p, nil
}
