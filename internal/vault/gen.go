package vault

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"filippo.io/age"
)

// genFile is one file in gen/.
type genFile struct {
	gen     uint64
	name    string
	partial bool
}

func genName(n uint64) string { return fmt.Sprintf("%09d.age", n) }

// parseGenName accepts exactly the names genName writes (plus .partial).
func parseGenName(name string) (genFile, bool) {
	base, partial := strings.CutSuffix(name, partialSuffix)
	digits, ok := strings.CutSuffix(base, ".age")
	if !ok || len(digits) < 9 || len(digits) > 20 {
		return genFile{}, false
	}
	n, err := strconv.ParseUint(digits, 10, 64)
	if err != nil || n == 0 || genName(n) != base {
		return genFile{}, false
	}
	return genFile{gen: n, name: name, partial: partial}, true
}

// listGens returns the generation files, oldest first; for one number the
// partial sorts before the complete file.
func (v *Vault) listGens() ([]genFile, error) {
	names, err := v.o.FS.ReadDir(v.p(genDir))
	if err != nil {
		return nil, fmt.Errorf("list generations: %w", err)
	}
	var gs []genFile
	for _, n := range names {
		if g, ok := parseGenName(n); ok {
			gs = append(gs, g)
		}
	}
	sort.Slice(gs, func(i, j int) bool {
		if gs[i].gen != gs[j].gen {
			return gs[i].gen < gs[j].gen
		}
		return gs[i].partial && !gs[j].partial
	})
	return gs, nil
}

// Lost is a generation newer than the one opened that failed to open.
type Lost struct {
	Gen     uint64
	Time    time.Time // when it was saved, from the file's time
	Partial bool      // an interrupted save that was never renamed
	File    string    // its path in quarantine/; empty if not moved
	Reason  error

	// unreadable files (an I/O error, perhaps passing) stay in place.
	readFailed bool
}

// OpenReport tells which generation was opened and which newer ones were lost.
type OpenReport struct {
	Gen      uint64
	Time     time.Time
	Promoted bool // a verified .partial whose rename had been lost
	Lost     []Lost
	// Repaired names the files the unlock rewrote from their good copy
	// (a key slot, vault.json, or one of their hashes).
	Repaired []string
	// PassphraseChanged: an interrupted passphrase change was completed;
	// from now on only the new passphrase opens the vault.
	PassphraseChanged bool
	// Missing is the newest save this vault acknowledged when its file
	// is gone without a trace (deleted, or lost with its folder entry):
	// the vault opened an older state. 0 when none is known missing.
	Missing uint64
	// Unfinished counts the saves that were interrupted before they were
	// acknowledged (a crash or a kill mid-save). They held nothing the
	// user was told was saved, so they are no loss; they are moved to
	// quarantine/ all the same.
	Unfinished int
}

// Problems reports whether the report holds anything the user must be told
// of: a lost or missing save, or a repair.
func (r *OpenReport) Problems() bool {
	return r != nil && (len(r.Lost) > 0 || r.Missing > 0 || len(r.Repaired) > 0 || r.PassphraseChanged)
}

// lastSavedName records the newest acknowledged generation, so that an
// open can tell when the newest files are gone. It is written after the
// save is acknowledged and without a sync: a power cut may leave it older
// (nothing is detected then), never newer than a durable generation.
const lastSavedName = "last-saved"

func (v *Vault) writeLastSaved(n uint64) {
	fsys := v.o.FS
	final := v.p(lastSavedName)
	tmp := final + ".tmp"
	_ = fsys.Remove(tmp)
	f, err := fsys.CreateExcl(tmp)
	if err != nil {
		return
	}
	_, werr := f.Write([]byte("gen=" + strconv.FormatUint(n, 10) + "\n"))
	if cerr := f.Close(); werr != nil || cerr != nil {
		_ = fsys.Remove(tmp)
		return
	}
	if err := v.rename(tmp, final); err != nil {
		_ = fsys.Remove(tmp)
	}
}

func (v *Vault) readLastSaved() uint64 {
	b, err := v.o.FS.ReadFile(v.p(lastSavedName))
	if err != nil || len(b) > 32 {
		return 0
	}
	s, ok := strings.CutPrefix(strings.TrimSpace(string(b)), "gen=")
	if !ok {
		return 0
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0
	}
	return n
}

// Open tries the generations newest first: each is decrypted to its end and
// only then handed to accept; the first one accepted is opened. Newer ones
// that failed are moved to quarantine/ (unless they could not even be read)
// and listed in the report. If none is accepted nothing is moved.
//
// ctx is checked before each generation: a cancelled Open moves nothing.
func (v *Vault) Open(ctx context.Context, accept func(gen uint64, image []byte) error) (*OpenReport, error) {
	return v.OpenWith(ctx, nil, accept)
}

// OpenWith is Open decrypting each generation into room from alloc (for
// example memory the database will adopt as it is, so the plaintext is
// never copied). A generation that fails leaves its room wiped; the
// caller releases what it allocated and accept did not take.
func (v *Vault) OpenWith(ctx context.Context, alloc Alloc, accept func(gen uint64, image []byte) error) (*OpenReport, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.usable(); err != nil {
		return nil, err
	}
	gens, err := v.listGens()
	if err != nil {
		return nil, err
	}
	if len(gens) == 0 {
		if !v.holdsData() {
			return nil, fmt.Errorf("%w: %w", ErrNoGeneration, ErrUnfinished)
		}
		return nil, ErrNoGeneration
	}
	rep := &OpenReport{Repaired: append([]string(nil), v.repaired...), PassphraseChanged: v.changeCompleted}
	var ok *genFile
	for i := len(gens) - 1; i >= 0; i-- {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		g := gens[i]
		lost := Lost{Gen: g.gen, Partial: g.partial}
		if fi, err := v.o.FS.Stat(v.p(genDir, g.name)); err == nil {
			lost.Time = fi.ModTime()
		}
		img, readErr, err := v.readGeneration(v.p(genDir, g.name), alloc)
		if readErr != nil {
			lost.Reason = fmt.Errorf("read: %w", readErr)
			lost.readFailed = true
			rep.Lost = append(rep.Lost, lost)
			continue
		}
		if err != nil {
			lost.Reason = err
			rep.Lost = append(rep.Lost, lost)
			continue
		}
		if err := accept(g.gen, img); err != nil {
			if cerr := ctx.Err(); cerr != nil {
				return nil, cerr // a cancelled check says nothing of the image
			}
			lost.Reason = fmt.Errorf("image rejected: %w", err)
			rep.Lost = append(rep.Lost, lost)
			continue
		}
		ok = &gens[i]
		rep.Gen, rep.Time = g.gen, lost.Time
		break
	}
	if ok == nil {
		// Nothing is moved: the reason may lie outside the files (an
		// image from a newer program version, say).
		if !v.holdsData() {
			// Only the partial of a first save that never completed.
			return rep, fmt.Errorf("%w: %w", ErrNoGeneration, ErrUnfinished)
		}
		return rep, fmt.Errorf("%w: none of %d generation files opens; the newest: %w", ErrDamaged, len(gens), rep.Lost[0].Reason)
	}
	// A .partial that does not open was never acknowledged: the save
	// renames it only after it is synced and verified, and acknowledges
	// only after the rename. It is no lost save, only an interrupted one.
	var lost, unfinished []Lost
	for _, l := range rep.Lost {
		if l.Partial {
			unfinished = append(unfinished, l)
		} else {
			lost = append(lost, l)
		}
	}
	rep.Lost, rep.Unfinished = lost, len(unfinished)
	for _, l := range unfinished {
		if !l.readFailed {
			_, _ = v.quarantine(path.Join(genDir, genName(l.Gen)+partialSuffix))
		}
	}
	if last := v.readLastSaved(); last > ok.gen {
		known := false
		for _, l := range rep.Lost {
			known = known || l.Gen >= last
		}
		if !known {
			rep.Missing = last
		}
		if last >= v.next {
			v.next = last + 1
		}
	}
	for i := range rep.Lost {
		l := &rep.Lost[i]
		if l.readFailed {
			continue
		}
		name := genName(l.Gen)
		if l.Partial {
			name += partialSuffix
		}
		if q, err := v.quarantine(path.Join(genDir, name)); err == nil {
			l.File = q
		}
	}
	v.lastPath = v.p(genDir, ok.name)
	if ok.partial {
		final := v.p(genDir, genName(ok.gen))
		if err := v.rename(v.lastPath, final); err == nil {
			v.lastPath = final
			rep.Promoted = true
		}
	}
	// Best effort: the state on disk is already right for the next open.
	_ = v.o.FS.SyncDir(v.p(genDir))
	_ = v.o.FS.SyncDir(v.p(quarantineDir))
	v.lastAck = ok.gen
	v.verified[ok.gen] = true
	if last := gens[len(gens)-1].gen; last >= v.next {
		v.next = last + 1
	}
	return rep, nil
}

// readGeneration decrypts the generation file name to its end. Where the
// file system can read at positions, the file is decrypted straight from
// disk: the sealed bytes are never held whole beside the plaintext (a big
// school's open would otherwise hold the image twice). readErr is a failure
// to read the file (which says nothing of its content); err is damage.
func (v *Vault) readGeneration(name string, alloc Alloc) (img []byte, readErr, err error) {
	var ae *allocError
	if _, ok := v.o.FS.(ReaderOpener); !ok {
		data, err := v.o.FS.ReadFile(name)
		if err != nil {
			return nil, err, nil
		}
		img, err = decryptAt(bytes.NewReader(data), int64(len(data)), alloc, v.ids...)
		if errors.As(err, &ae) {
			return nil, err, nil
		}
		return img, nil, err
	}
	back, err := OpenReadBack(v.o.FS, name)
	if err != nil {
		return nil, err, nil
	}
	defer back.Close()
	img, err = decryptAt(back, back.Size(), alloc, v.ids...)
	if rerr := back.Err(); rerr != nil || errors.As(err, &ae) {
		clear(img)
		return nil, cmp.Or(rerr, err), nil
	}
	return img, nil, err
}

// quarantine moves a file under the vault folder into quarantine/ without
// replacing anything there, and returns its new path.
func (v *Vault) quarantine(rel string) (string, error) {
	if err := v.o.FS.MkdirAll(v.p(quarantineDir)); err != nil {
		return "", err
	}
	base := path.Base(rel) + "." + v.o.Now().UTC().Format("20060102T150405Z")
	for i := 0; i < 100; i++ {
		q := v.p(quarantineDir, base)
		if i > 0 {
			q += "." + strconv.Itoa(i)
		}
		if _, err := v.o.FS.Stat(q); err == nil {
			continue
		}
		if err := v.rename(v.p(rel), q); err != nil {
			return "", err
		}
		return q, nil
	}
	return "", fmt.Errorf("quarantine %s: too many copies", rel)
}

// Save seals the image of generation N (N = last acknowledged + 1): write
// gen/N.age.partial, sync, read back and verify, rename, sync the folder.
// Only then is N returned (acknowledged) and old generations pruned. An
// error fails only this save: earlier generations are untouched.
func (v *Vault) Save(ctx context.Context, snapshot func(gen uint64) ([]byte, error)) (uint64, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.usable(); err != nil {
		return 0, err
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if err := v.removeLeftovers(); err != nil {
		return 0, fmt.Errorf("save: clean up the previous failed save: %w", err)
	}
	n := v.next
	image, err := snapshot(n)
	if err != nil {
		return 0, fmt.Errorf("save: snapshot: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if err := v.sealGeneration(n, image, v.recipient, v.ids); err != nil {
		return 0, err
	}
	v.lastAck, v.next = n, n+1
	v.lastPath = v.p(genDir, genName(n))
	v.verified[n] = true
	v.pruneErr = v.prune()
	v.writeLastSaved(n)
	return n, nil
}

func (v *Vault) sealGeneration(n uint64, image []byte, r age.Recipient, ids []age.Identity) error {
	final := v.p(genDir, genName(n))
	partial := final + partialSuffix
	v.leftovers = []string{partial, final}
	if err := v.writeSealed(partial, final, image, r, ids); err != nil {
		// Best effort now; retried before the next save.
		_ = v.removeLeftovers()
		return fmt.Errorf("save generation %d: %w", n, err)
	}
	v.leftovers = nil
	return nil
}

// removeLeftovers deletes what a failed save left, so that a power cut can
// never bring back a state that was not acknowledged.
func (v *Vault) removeLeftovers() error {
	if len(v.leftovers) == 0 {
		return nil
	}
	for _, f := range v.leftovers {
		if err := v.o.FS.Remove(f); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if err := v.o.FS.SyncDir(path.Dir(v.leftovers[0])); err != nil {
		return err
	}
	v.leftovers = nil
	return nil
}

// writeSealed is steps 3 to 6 of a save, for generations and blobs alike:
// create-exclusive, encrypt, sync, verify the read-back, rename, sync the folder.
func (v *Vault) writeSealed(partial, final string, data []byte, r age.Recipient, ids []age.Identity) error {
	fsys := v.o.FS
	f, err := fsys.CreateExcl(partial)
	if err != nil {
		return fmt.Errorf("create: %w", err)
	}
	if err := sealTo(f, r, data); err != nil {
		f.Close()
		return fmt.Errorf("write: %w", err)
	}
	// Open the read-back first, then verify (CPU) while the sync waits
	// for the disk: both finish before the rename. Through positioned
	// reads the verification's reads run alongside the sync, so their
	// order varies; the fault tests fail each operation by kind.
	back, err := OpenReadBack(fsys, partial)
	if err != nil {
		f.Close()
		return fmt.Errorf("read back: %w", err)
	}
	synced := make(chan error, 1)
	go func() { synced <- f.Sync() }()
	verr := verifyAt(back, back.Size(), data, ids...)
	rerr := back.Err()
	cerr := back.Close()
	if err := <-synced; err != nil {
		f.Close()
		return fmt.Errorf("sync: %w", err)
	}
	switch {
	case rerr != nil:
		f.Close()
		return fmt.Errorf("read back: %w", rerr)
	case verr != nil:
		f.Close()
		return fmt.Errorf("verify: %w", verr)
	case cerr != nil:
		f.Close()
		return fmt.Errorf("read back: %w", cerr)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close: %w", err)
	}
	if err := fsys.Chtimes(partial, v.o.Now()); err != nil {
		return fmt.Errorf("set time: %w", err)
	}
	if err := v.rename(partial, final); err != nil {
		return fmt.Errorf("rename: %w", err)
	}
	if err := fsys.SyncDir(path.Dir(final)); err != nil {
		return fmt.Errorf("sync folder: %w", err)
	}
	return nil
}

// PruneError is the error of the last prune after a successful save; a
// failed prune never fails the save.
func (v *Vault) PruneError() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.pruneErr
}

// prune removes generations the retention policy no longer keeps, and
// partials older than the last acknowledged generation.
func (v *Vault) prune() error {
	gens, err := v.listGens()
	if err != nil {
		return err
	}
	var full []genTime
	var remove []string
	for _, g := range gens {
		if g.gen > v.lastAck {
			continue
		}
		if g.partial {
			if g.gen < v.lastAck {
				remove = append(remove, g.name)
			}
			continue
		}
		fi, err := v.o.FS.Stat(v.p(genDir, g.name))
		if err != nil {
			return fmt.Errorf("prune: %w", err)
		}
		full = append(full, genTime{gen: g.gen, t: fi.ModTime(), verified: v.verified[g.gen]})
	}
	keep := v.o.Retention.keep(full)
	for _, g := range full {
		if !keep[g.gen] {
			remove = append(remove, genName(g.gen))
		}
	}
	if len(remove) == 0 {
		return nil
	}
	for _, name := range remove {
		if err := v.o.FS.Remove(v.p(genDir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("prune: %w", err)
		}
		if g, ok := parseGenName(name); ok {
			delete(v.verified, g.gen)
		}
	}
	if err := v.o.FS.SyncDir(v.p(genDir)); err != nil {
		return fmt.Errorf("prune: %w", err)
	}
	return nil
}

// SkipTo makes the next save generation n at least: a restore of a backup
// saved as generation g continues from g+1, so that generation numbers
// stay comparable with the backups on a stick.
func (v *Vault) SkipTo(n uint64) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if n > v.next {
		v.next = n
	}
}

// LatestGeneration is the newest acknowledged (or opened) generation and its
// file, whose sealed bytes a backup copies as they are.
func (v *Vault) LatestGeneration() (uint64, string, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.usable(); err != nil {
		return 0, "", err
	}
	if v.lastAck == 0 {
		return 0, "", ErrNoGeneration
	}
	return v.lastAck, v.lastPath, nil
}

// CheckItem is the result for one file.
type CheckItem struct {
	Name string // path relative to the vault folder
	Gen  uint64 // 0 for blobs
	Err  error  // nil when the file decrypts to its end (and is accepted)
}

// CheckReport covers every generation and blob.
type CheckReport struct {
	Generations []CheckItem
	Blobs       []CheckItem
	Damaged     int
}

// Check decrypts every generation (handing each image to accept) and every
// blob to its end. It changes nothing.
// A cancelled ctx stops it between two files.
func (v *Vault) Check(ctx context.Context, accept func(gen uint64, image []byte) error) (*CheckReport, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.usable(); err != nil {
		return nil, err
	}
	gens, err := v.listGens()
	if err != nil {
		return nil, err
	}
	rep := &CheckReport{}
	for _, g := range gens {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		it := CheckItem{Name: path.Join(genDir, g.name), Gen: g.gen}
		data, err := v.o.FS.ReadFile(v.p(it.Name))
		if err == nil {
			var img []byte
			if img, err = decryptAll(data, v.ids...); err == nil && accept != nil {
				if err = accept(g.gen, img); err != nil {
					err = fmt.Errorf("image rejected: %w", err)
				}
			}
		}
		if err != nil {
			it.Err = err
			rep.Damaged++
		} else if !g.partial {
			v.verified[g.gen] = true
		}
		rep.Generations = append(rep.Generations, it)
	}
	blobs, err := v.listBlobs()
	if err != nil {
		return rep, err
	}
	for _, id := range blobs {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		it := CheckItem{Name: path.Join(blobDir, id[:2], id+".age")}
		if _, err := v.blob(id); err != nil {
			it.Err = err
			rep.Damaged++
		}
		rep.Blobs = append(rep.Blobs, it)
	}
	return rep, nil
}
