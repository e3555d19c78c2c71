package ui

import (
	"time"

	"fyne.io/fyne/v2"
)

// idleLock calls onIdle once no activity has been seen for timeout. It
// keeps one timer and, when it fires early because of activity, re-arms
// it for the rest instead of resetting a timer on every mouse move. All
// methods run on the Fyne goroutine; the timer comes back through fyne.Do.
type idleLock struct {
	clock   Clock
	timeout time.Duration
	onIdle  func()

	on    bool
	gen   int // invalidates timers of an earlier start
	last  time.Time
	timer Timer
}

func newIdleLock(c Clock, timeout time.Duration, onIdle func()) *idleLock {
	return &idleLock{clock: c, timeout: timeout, onIdle: onIdle}
}

func (l *idleLock) start() {
	l.stop()
	l.on = true
	l.gen++
	l.last = l.clock.Now()
	l.arm(l.timeout)
}

func (l *idleLock) stop() {
	l.on = false
	if l.timer != nil {
		l.timer.Stop()
		l.timer = nil
	}
}

func (l *idleLock) running() bool { return l.on }

func (l *idleLock) touch() {
	if l.on {
		l.last = l.clock.Now()
	}
}

func (l *idleLock) setTimeout(d time.Duration) {
	l.timeout = d
	if l.on {
		l.gen++
		if l.timer != nil {
			l.timer.Stop()
		}
		l.arm(max(d-l.clock.Now().Sub(l.last), 0))
	}
}

func (l *idleLock) arm(d time.Duration) {
	gen := l.gen
	l.timer = l.clock.AfterFunc(d, func() { fyne.Do(func() { l.check(gen) }) })
}

func (l *idleLock) check(gen int) {
	if !l.on || gen != l.gen {
		return
	}
	idle := l.clock.Now().Sub(l.last)
	if idle < l.timeout {
		l.arm(l.timeout - idle)
		return
	}
	l.timer = nil
	l.onIdle() // expected to call stop (the app locks)
}
