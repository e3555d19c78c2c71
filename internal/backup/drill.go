package backup

import (
	"context"
	"fmt"
	"time"
)

// Reminder is how urgently the UI asks for a backup.
type Reminder int

const (
	// NoReminder: the last verified backup is at most 7 days old.
	NoReminder Reminder = iota
	// Due: older than 7 days, or none yet; a reminder is shown.
	Due
	// Overdue: older than 14 days; shown in red.
	Overdue
)

// String is the level's code (the UI has its own sentences).
func (r Reminder) String() string {
	switch r {
	case NoReminder:
		return "none"
	case Due:
		return "due"
	}
	return "overdue"
}

// Reminder thresholds (SECURITY.md "USB backup").
const (
	RemindAfter = 7 * 24 * time.Hour
	RedAfter    = 14 * 24 * time.Hour
	// DrillEvery is the interval of the restore drill.
	DrillEvery = 30 * 24 * time.Hour
)

// Remind turns the time of the last verified backup (zero: never) into a
// reminder level.
func Remind(last, now time.Time) Reminder {
	switch age := now.Sub(last); {
	case last.IsZero():
		return Due
	case age > RedAfter:
		return Overdue
	case age > RemindAfter:
		return Due
	}
	return NoReminder
}

// DrillDue reports whether the monthly restore drill is due (zero: never
// done).
func DrillDue(last, now time.Time) bool { return last.IsZero() || now.Sub(last) >= DrillEvery }

// Entry is a backup as the vault remembers it.
type Entry struct {
	At   time.Time
	Name Name
	Hash [32]byte // canonical content hash of the generation backed up
}

// DrillResult is the outcome of a restore drill.
type DrillResult struct {
	At     time.Time
	Backup string // base name of the backup restored
	OK     bool
	// Err is why the drill failed (not kept across sessions).
	Err error
}

// Journal keeps the backup history inside the vault (so it travels with
// it and is encrypted like everything else). The workspace implements it.
type Journal interface {
	RecordBackup(e Entry) error
	// LastBackup is the newest recorded backup; ok is false if none.
	LastBackup() (e Entry, ok bool, err error)
	RecordDrill(d DrillResult) error
	LastDrill() (d DrillResult, ok bool, err error)
}

// Drill restores the newest verified backup of vault id under folder into
// memory with k and compares its content hash with the one recorded when
// it was written (known, by base name; without a record the manifest's
// fingerprint alone is compared). The restored database is dropped.
//
// A done ctx stops it with ErrCancelled in Err.
func Drill(ctx context.Context, folder, id string, k Key, known func(base string) ([32]byte, bool), o Options) DrillResult {
	o = o.withDefaults()
	res := DrillResult{At: o.Now()}
	it, err := Newest(ctx, folder, id, o)
	if err != nil {
		res.Err = err
		return res
	}
	res.Backup = it.Base
	c, err := Inspect(ctx, it.File(), o)
	if err != nil {
		res.Err = err
		return res
	}
	r, err := c.Open(ctx, k, o)
	if err != nil {
		res.Err = err
		return res
	}
	defer r.Close()
	if want, ok := known(it.Base); ok && r.Summary.Hash != want {
		res.Err = fmt.Errorf("%w: the restored content differs from what was backed up", ErrDamaged)
		return res
	}
	res.OK = true
	return res
}
