package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"xinqing/internal/backup"
	"xinqing/internal/vault"
)

// Detecting a rollback: a vault folder put back from an old copy, or
// reverted by a restore card, opens without complaint, only older. Two
// witnesses outside the folder know better: a verified backup on a stick
// (its file name carries the generation) and a marker in the user profile
// with the newest generation this PC opened. Nothing is restored here:
// the counselor decides, through the two-phase restore.

// Site is where this PC keeps what lives outside the vault: the pointer
// file, the markers of the rollback and restore-card checks, and how the
// sticks, the boot time and the installed program are found.
type Site struct {
	Fixed     DriveLister
	Removable func(context.Context) ([]backup.Drive, error)
	Pointer   string // the pointer file (PointerFile)
	Markers   string // folder of the markers, in the user profile
	// Boot is when the PC last started; ok is false where it is not known
	// (then the restore-card check is skipped).
	Boot func() (t time.Time, ok bool)
	// Install names the installed program (path, size, time): a
	// re-install explains vanished markers.
	Install func() string
}

// DefaultSite is the real PC: os.UserConfigDir()/XinQing for markers.
func DefaultSite() Site {
	markers := filepath.Join(filepath.Dir(DefaultDir()), "markers")
	if d, err := os.UserConfigDir(); err == nil {
		markers = filepath.Join(d, "XinQing")
	}
	return Site{Fixed: SystemDrives{}, Removable: Drives, Pointer: PointerFile(), Markers: markers,
		Boot: bootTime, Install: installIdentity}
}

// Rollback compares the vault on this PC with what outside witnesses saw.
type Rollback struct {
	Local uint64 // the vault's newest generation here
	Newer uint64 // the newest generation a witness knows (0: none newer)
	// File is the newest verified backup on a stick newer than Local, for
	// the restore ("" when only this PC's marker knows).
	File  string
	Stick uint64 // its generation
}

// Found reports whether the vault is older than a witness.
func (r Rollback) Found() bool { return r.Newer > r.Local }

// marker is the seen-<vault id> file: the newest generation this PC
// opened, and the newest one the counselor chose to leave unrestored.
type marker struct{ seen, accepted uint64 }

func (s Site) markerPath(id string) string { return filepath.Join(s.Markers, "seen-"+id) }

func (s Site) readMarker(id string) marker {
	var m marker
	b, err := os.ReadFile(s.markerPath(id))
	if err != nil {
		return m
	}
	f := strings.Fields(string(b))
	if len(f) > 0 {
		m.seen, _ = strconv.ParseUint(f[0], 10, 64)
	}
	if len(f) > 1 {
		m.accepted, _ = strconv.ParseUint(f[1], 10, 64)
	}
	return m
}

func (s Site) writeMarker(id string, m marker) error {
	if s.Markers == "" || id == "" {
		return nil
	}
	if err := os.MkdirAll(s.Markers, 0o700); err != nil {
		return fmt.Errorf("write marker: %w", err)
	}
	return WriteBytes(s.markerPath(id), Replace, fmt.Appendf(nil, "%d %d\n", m.seen, m.accepted))
}

// Seen records that this PC opened generation gen of vault id (the marker
// keeps the newest).
func (s Site) Seen(id string, gen uint64) error {
	m := s.readMarker(id)
	if gen <= m.seen {
		return nil
	}
	m.seen = gen
	return s.writeMarker(id, m)
}

// Accept leaves the vault as it is: witnesses up to newer are no longer
// reported (the counselor chose the vault on this PC).
func (s Site) Accept(id string, local, newer uint64) error {
	m := s.readMarker(id)
	m.seen, m.accepted = local, max(m.accepted, newer)
	return s.writeMarker(id, m)
}

// CheckRollback compares generation local of vault id with this PC's
// marker and with the verified backups on every stick present, then
// records local as seen. A stick without a backup of this vault, or only
// damaged ones, says nothing.
func (s Site) CheckRollback(ctx context.Context, id string, local uint64) (Rollback, error) {
	r := Rollback{Local: local}
	m := s.readMarker(id)
	if m.seen > local && m.seen > m.accepted {
		r.Newer = m.seen
	}
	if s.Removable != nil {
		drives, err := s.Removable(ctx)
		if err != nil && ctx.Err() != nil {
			return r, ctx.Err()
		}
		for _, d := range drives {
			file, gen := newestVerified(ctx, filepath.Join(d.Path, backup.RootName, id), max(local, m.accepted))
			if gen > r.Stick {
				r.File, r.Stick = file, gen
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return r, err
	}
	r.Newer = max(r.Newer, r.Stick)
	return r, s.Seen(id, local)
}

// newestVerified is the newest backup in dir newer than after whose files
// match their manifest.
func newestVerified(ctx context.Context, dir string, after uint64) (string, uint64) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", 0
	}
	var names []backup.Name
	for _, e := range entries {
		if base, ok := strings.CutSuffix(e.Name(), ".sha256"); ok {
			if n, err := backup.ParseName(base, time.Local); err == nil && n.Gen > after {
				names = append(names, n)
			}
		}
	}
	slices.SortFunc(names, func(a, b backup.Name) int { return -cmpGen(a.Gen, b.Gen) })
	for _, n := range names {
		if ctx.Err() != nil {
			return "", 0
		}
		file := filepath.Join(dir, n.String()+".age")
		c, err := backup.Inspect(ctx, file, backup.Options{})
		if err == nil && c.SlotErr() == nil {
			return file, n.Gen
		}
	}
	return "", 0
}

func cmpGen(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// CheckRollback checks the open vault against s (and records it as seen).
func (a *App) CheckRollback(ctx context.Context, s Site) (Rollback, error) {
	ws, err := a.Workspace()
	if err != nil {
		return Rollback{}, err
	}
	gen, _, err := ws.Vault().LatestGeneration()
	if err != nil && !errors.Is(err, vault.ErrNoGeneration) {
		return Rollback{}, err
	}
	return s.CheckRollback(ctx, ws.ID(), gen)
}

// NoteSeen records the open vault's newest generation in s's marker.
func (a *App) NoteSeen(s Site) error {
	ws, err := a.Workspace()
	if err != nil {
		return err
	}
	gen, _, err := ws.Vault().LatestGeneration()
	if err != nil {
		return nil // nothing saved yet
	}
	return s.Seen(ws.ID(), gen)
}

// AcceptRollback keeps the open vault as it is although r found a newer
// witness: r is not reported again.
func (a *App) AcceptRollback(s Site, r Rollback) error {
	ws, err := a.Workspace()
	if err != nil {
		return err
	}
	return s.Accept(ws.ID(), r.Local, r.Newer)
}
