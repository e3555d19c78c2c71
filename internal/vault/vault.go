// Package vault seals and opens the bytes of 心晴: database images as
// numbered age generations and attachments as content-addressed age blobs,
// all encrypted to one vault identity that a passphrase slot (two copies)
// and the printed recovery sheet unlock. It knows no record: the store
// hands it images and accepts or rejects what it opens.
package vault

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"sync"
	"time"

	"filippo.io/age"

	"xinqing/internal/vault/keyslot"
	"xinqing/internal/vault/sheet"
)

var (
	// ErrWrongKey: a passphrase or sheet that does not open this vault.
	ErrWrongKey = errors.New("wrong passphrase or recovery sheet")
	// ErrDamaged: a file failed its checks; never reported for a wrong key.
	ErrDamaged = errors.New("vault file damaged")
	// ErrInUse: another instance holds the vault's LOCK.
	ErrInUse = errors.New("vault in use by another instance")
	// ErrNoGeneration: the vault holds no generation that opens.
	ErrNoGeneration = errors.New("no saved generation")
	// ErrExists: Create found a vault already there.
	ErrExists = errors.New("a vault already exists here")
	// ErrNoSlot: unlocked by the sheet, no passphrase set yet.
	ErrNoSlot = errors.New("no passphrase slot for this identity yet")
	// ErrNotVault: the folder holds no (completely set up) vault.
	ErrNotVault = errors.New("no vault in this folder")
	// ErrClosed: the vault was closed (locked).
	ErrClosed = errors.New("vault closed")
	// ErrSlotsDamaged: no passphrase slot copy is usable; the recovery
	// sheet still opens the vault. It always comes with ErrDamaged.
	ErrSlotsDamaged = errors.New("both passphrase slot copies are missing or damaged")
	// ErrWeakKDF: KDF parameters below the floor outside tests.
	ErrWeakKDF = errors.New("key derivation parameters below the floor")
)

// File and directory names inside the vault folder.
const (
	lockName       = "LOCK"
	metaName       = "vault.json"
	genDir         = "gen"
	blobDir        = "blobs"
	quarantineDir  = "quarantine"
	partialSuffix  = ".partial"
	hashSuffix     = ".sha256"
	formatVersion  = 1
	calibrateToDur = time.Second
)

var slotNames = [2]string{"key.slot", "key.slot.2"}

// Options are the vault's dependencies; zero values mean the real ones.
type Options struct {
	FS   FS
	Now  func() time.Time
	Rand io.Reader
	// KDF is used when a slot is written; zero means keyslot.Calibrate(1s).
	KDF keyslot.Params
	// AllowWeakKDF permits parameters below the floor (tests only).
	AllowWeakKDF bool
	Retention    Retention
}

func (o Options) withDefaults() Options {
	if o.FS == nil {
		o.FS = OSFS{}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Rand == nil {
		o.Rand = rand.Reader
	}
	if o.Retention == (Retention{}) {
		o.Retention = DefaultRetention()
	}
	return o
}

// kdf is the cost for a new slot; calibrating runs the KDF a few times
// and stops between runs once ctx is done.
func (o Options) kdf(ctx context.Context) (keyslot.Params, error) {
	p := o.KDF
	if p == (keyslot.Params{}) {
		var err error
		if p, err = keyslot.CalibrateContext(ctx, calibrateToDur); err != nil {
			return p, err
		}
	}
	if !o.AllowWeakKDF && !p.MeetsFloor() {
		return p, ErrWeakKDF
	}
	return p, nil
}

// Vault is an unlocked vault. Saves, Close and Rekey are serialised.
type Vault struct {
	dir string
	o   Options

	mu     sync.Mutex // the save lock
	closed bool
	lock   io.Closer
	id     string

	identity  string // VI, for re-sealing the slot
	ids       []age.Identity
	recipient age.Recipient // VR, derived in memory only
	slot      []byte        // the slot copy that unwrapped

	lastAck   uint64 // newest generation known good
	lastPath  string // its file
	pruneErr  error
	next      uint64          // number of the next save
	verified  map[uint64]bool // generations verified in this session
	leftovers []string        // files of a failed save still to remove

	// made lists, for Discard, what Create made (oldest first); nil for
	// a vault that was unlocked.
	made []string

	metaBytes  []byte   // vault.json as read or written
	metaRepair []string // copies of vault.json to rewrite after unlock
	repaired   []string // files rewritten from a good copy at unlock
	// changeCompleted: the unlock completed an interrupted passphrase change.
	changeCompleted bool
}

type meta struct {
	Format  int       `json:"format"`
	ID      string    `json:"id"`
	Created time.Time `json:"created"`
}

func (v *Vault) p(elem ...string) string { return path.Join(append([]string{v.dir}, elem...)...) }

// ID is the random vault id (16 hex digits).
func (v *Vault) ID() string { return v.id }

// Dir is the vault folder.
func (v *Vault) Dir() string { return v.dir }

// Create makes a new vault in dir with a fresh identity VI and returns VI
// for the printed recovery sheet. The slow part (calibrating and running
// the KDF) comes before anything is written and stops once ctx is done;
// a cancelled Create leaves nothing behind, not even the folder it made.
func Create(ctx context.Context, dir, passphrase string, o Options) (*Vault, string, error) {
	o = o.withDefaults()
	p, err := o.kdf(ctx)
	if err != nil {
		return nil, "", err
	}
	vi, err := age.GenerateHybridIdentity()
	if err != nil {
		return nil, "", fmt.Errorf("generate vault identity: %w", err)
	}
	identity := vi.String()
	slot, err := keyslot.Seal(identity, passphrase, p, o.Rand)
	if err != nil {
		return nil, "", fmt.Errorf("seal key slot: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, "", err
	}
	var idb [8]byte
	if _, err := io.ReadFull(o.Rand, idb[:]); err != nil {
		return nil, "", fmt.Errorf("vault id: %w", err)
	}
	m, err := json.Marshal(meta{Format: formatVersion, ID: hex.EncodeToString(idb[:]), Created: o.Now().UTC().Truncate(time.Second)})
	if err != nil {
		return nil, "", err
	}
	dir = path.Clean(dir)
	v := &Vault{dir: dir, o: o, verified: map[uint64]bool{}}
	if err := v.mkdirAll(dir); err != nil {
		v.removeMade()
		return nil, "", fmt.Errorf("create vault folder: %w", err)
	}
	if err := v.takeLock(); err != nil {
		v.removeMade()
		return nil, "", err
	}
	v.made = append(v.made, v.p(lockName), v.p(lastSavedName))
	// Any error removes what this call made: a full disk or a pulled
	// cable never leaves a half-made vault that says it exists.
	fail := func(err error) (*Vault, string, error) {
		v.lock.Close()
		v.removeMade()
		return nil, "", err
	}
	// A vault.json marks a finished setup, but a vault whose first save
	// never completed holds no data: it is replaced like a folder without
	// vault.json.
	if v.metaExists() {
		if v.holdsData() {
			v.made = v.made[:len(v.made)-2] // the LOCK is the existing vault's
			return fail(ErrExists)
		}
		for _, n := range metaNames {
			for _, f := range []string{n, n + hashSuffix} {
				if err := o.FS.Remove(v.p(f)); err != nil && !errors.Is(err, fs.ErrNotExist) {
					return fail(fmt.Errorf("replace unfinished setup: %w", err))
				}
			}
		}
		if names, err := o.FS.ReadDir(v.p(genDir)); err == nil {
			for _, n := range names {
				if err := o.FS.Remove(v.p(genDir, n)); err != nil && !errors.Is(err, fs.ErrNotExist) {
					return fail(fmt.Errorf("replace unfinished setup: %w", err))
				}
			}
		}
	}
	for _, d := range []string{genDir, blobDir, quarantineDir} {
		if err := v.mkdirAll(v.p(d)); err != nil {
			return fail(fmt.Errorf("create vault folder: %w", err))
		}
	}
	for _, n := range slotNames {
		if err := ctx.Err(); err != nil {
			return fail(err)
		}
		v.made = append(v.made, v.p(n), v.p(n+hashSuffix))
		if err := v.writeSlot(n, slot); err != nil {
			return fail(err)
		}
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	// vault.json is written last: without it, setup never finished and
	// whatever slots it left (no generation can exist yet) are replaced.
	for _, n := range metaNames {
		v.made = append(v.made, v.p(n), v.p(n+hashSuffix))
	}
	if err := v.writeMeta(m, metaNames[:]); err != nil {
		return fail(err)
	}
	v.id = hex.EncodeToString(idb[:])
	v.metaBytes = m
	v.setIdentity(vi, identity, slot)
	v.next = 1
	return v, identity, nil
}

// mkdirAll makes dir and its missing parents, noting which it made. The
// parents are walked with the OS's separators (a Windows folder arrives
// with backslashes).
func (v *Vault) mkdirAll(dir string) error {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := v.o.FS.Stat(d); err == nil || filepath.Dir(d) == d {
			break
		}
		missing = append(missing, d)
	}
	if err := v.o.FS.MkdirAll(dir); err != nil {
		return err
	}
	for i := len(missing) - 1; i >= 0; i-- {
		v.made = append(v.made, missing[i])
	}
	return nil
}

// removeMade removes what Create made, newest first, and the files a
// first save left in its folders. Best effort: what cannot be removed
// stays as an unfinished setup, which the next Create replaces.
func (v *Vault) removeMade() {
	for i := len(v.made) - 1; i >= 0; i-- {
		name := v.made[i]
		if fi, err := v.o.FS.Stat(name); err == nil && fi.IsDir() {
			if names, err := v.o.FS.ReadDir(name); err == nil {
				for _, n := range names {
					_ = v.o.FS.Remove(path.Join(name, n))
				}
			}
		}
		_ = v.o.FS.Remove(name + ".tmp")
		_ = v.o.FS.Remove(name)
	}
	v.made = nil
}

// Created reports whether Create made this vault in this session (and
// Discard would remove it).
func (v *Vault) Created() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.made != nil
}

// Discard closes a vault that Create made in this session and removes it
// again, folder included: an abandoned setup (the user cancelled before
// the first save was acknowledged) leaves nothing behind. It refuses a
// vault that was unlocked rather than created.
func (v *Vault) Discard() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.made == nil {
		return errors.New("discard: only a vault created in this session can be discarded")
	}
	if !v.closed {
		v.closed = true
		v.drop()
		v.lock.Close()
	}
	for _, d := range []string{genDir, blobDir, quarantineDir} {
		// A first save may have written a generation and its partial.
		if names, err := v.o.FS.ReadDir(v.p(d)); err == nil {
			for _, n := range names {
				if sub := v.p(d, n); d == blobDir {
					if inner, err := v.o.FS.ReadDir(sub); err == nil {
						for _, f := range inner {
							_ = v.o.FS.Remove(path.Join(sub, f))
						}
					}
				}
				_ = v.o.FS.Remove(v.p(d, n))
			}
		}
	}
	v.removeMade()
	return nil
}

func (v *Vault) setIdentity(vi *age.HybridIdentity, identity string, slot []byte) {
	v.identity = identity
	v.ids = []age.Identity{vi}
	v.recipient = vi.Recipient()
	v.slot = slot
}

func (v *Vault) takeLock() error {
	l, err := v.o.FS.Lock(v.p(lockName))
	if err != nil {
		if errors.Is(err, ErrInUse) {
			return ErrInUse
		}
		return fmt.Errorf("lock vault: %w", err)
	}
	v.lock = l
	return nil
}

// slotCopy is one of the two slot copies as read from disk.
type slotCopy struct {
	name    string
	data    []byte
	damaged error // nil when the copy matches its hash
	// unverified: the copy's hash file is missing. The slot's AEAD still
	// authenticates it, so it is tried; only a wrong passphrase and
	// damage cannot be told apart then.
	unverified bool
}

func (v *Vault) readSlots() []slotCopy {
	var cs []slotCopy
	for _, n := range slotNames {
		c := slotCopy{name: n}
		data, err := v.o.FS.ReadFile(v.p(n))
		if err != nil {
			c.damaged = fmt.Errorf("read %s: %w", n, err)
		} else if sum, err := v.o.FS.ReadFile(v.p(n + hashSuffix)); errors.Is(err, fs.ErrNotExist) {
			c.data, c.unverified = data, true
		} else if err != nil {
			c.damaged = fmt.Errorf("read %s%s: %w", n, hashSuffix, err)
		} else if string(sum) != hashLine(n, data) {
			c.damaged = fmt.Errorf("%s does not match its hash", n)
		} else {
			c.data = data
		}
		cs = append(cs, c)
	}
	return cs
}

func hashLine(name string, data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:]) + "  " + name + "\n"
}

// Unlock opens the vault in dir with the passphrase. A slot copy that fails
// its hash is damaged and the other copy is used (and the damaged one
// rewritten); a copy with a good hash that does not unwrap means the
// passphrase is wrong.
// The KDF run of each copy cannot be interrupted; ctx is checked before
// and after each.
func Unlock(ctx context.Context, dir, passphrase string, o Options) (*Vault, error) {
	return unlock(ctx, dir, o, func(v *Vault, slots []slotCopy) error {
		var wrong, other error
		var found *slotCopy
		var extra []age.Identity
		for i := range slots {
			c := &slots[i]
			if c.damaged != nil {
				continue
			}
			if i > 0 && slots[0].damaged == nil && bytes.Equal(c.data, slots[0].data) {
				continue // identical copies: one KDF run answers for both
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			identity, err := keyslot.Open(c.data, passphrase)
			if cerr := ctx.Err(); cerr != nil {
				return cerr
			}
			switch {
			case errors.Is(err, keyslot.ErrWrongPassphrase):
				wrong = err
				continue
			case err != nil:
				other = fmt.Errorf("%s: %w", c.name, err)
				continue
			}
			if found != nil && identity == v.identity {
				continue // the usual case: both copies agree
			}
			vi, err := age.ParseHybridIdentity(identity)
			if err != nil {
				other = fmt.Errorf("%s holds no vault identity", c.name)
				continue
			}
			if found == nil {
				found = c
				v.setIdentity(vi, identity, c.data)
			} else {
				// Both copies open but differ: an interrupted re-key.
				// Keep both so every file stays readable.
				extra = append(extra, vi)
			}
		}
		if found == nil {
			if wrong != nil {
				return ErrWrongKey
			}
			if other != nil {
				return fmt.Errorf("%w: %w: %w", ErrDamaged, ErrSlotsDamaged, other)
			}
			return fmt.Errorf("%w: %w: both copies missing or failing their hash", ErrDamaged, ErrSlotsDamaged)
		}
		v.ids = append(v.ids, extra...)
		return nil
	})
}

// UnlockWithSheet opens the vault with the identity typed from the printed
// recovery sheet. The caller then sets a new passphrase (ChangePassphrase);
// slot copies are neither repaired nor handed out (SlotBytes) before that.
// A typo comes back as the sheet package's *sheet.GroupError.
func UnlockWithSheet(ctx context.Context, dir, typedSheet string, o Options) (*Vault, error) {
	identity, err := sheet.Parse(typedSheet)
	if err != nil {
		return nil, fmt.Errorf("recovery sheet: %w", err)
	}
	vi, err := age.ParseHybridIdentity(identity)
	if err != nil {
		return nil, fmt.Errorf("recovery sheet: %w", ErrWrongKey)
	}
	return unlock(ctx, dir, o, func(v *Vault, slots []slotCopy) error {
		// The sheet must open the newest generation that has a readable header.
		gens, err := v.listGens()
		if err != nil {
			return err
		}
		for i := len(gens) - 1; i >= 0; i-- {
			if err := ctx.Err(); err != nil {
				return err
			}
			data, err := v.o.FS.ReadFile(v.p(genDir, gens[i].name))
			if err != nil {
				continue
			}
			hdr, err := age.ExtractHeader(bytes.NewReader(data))
			if err != nil {
				continue
			}
			if _, err := age.DecryptHeader(hdr, vi); err != nil {
				var nm *age.NoIdentityMatchError
				if errors.As(err, &nm) {
					return ErrWrongKey
				}
				continue
			}
			break
		}
		// No slot is known to hold this identity until a new passphrase
		// is set (ChangePassphrase): SlotBytes refuses until then.
		v.setIdentity(vi, identity, nil)
		return nil
	})
}

func unlock(ctx context.Context, dir string, o Options, open func(*Vault, []slotCopy) error) (*Vault, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	o = o.withDefaults()
	v := &Vault{dir: path.Clean(dir), o: o, verified: map[uint64]bool{}}
	if _, err := o.FS.Stat(v.p(genDir)); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotVault, err)
	}
	if err := v.takeLock(); err != nil {
		return nil, err
	}
	fail := func(err error) (*Vault, error) {
		v.drop()
		v.lock.Close()
		return nil, err
	}
	if err := v.readMeta(); err != nil {
		return fail(err)
	}
	slots := v.readSlots()
	if err := open(v, slots); err != nil {
		return fail(err)
	}
	v.completePending(slots)
	// Repair copies that failed their hash from the copy that opened; a
	// copy that opens under another passphrase is left alone.
	if v.slot != nil {
		for _, c := range slots {
			if c.damaged != nil || c.unverified {
				// Best effort: the vault is usable with one good copy.
				if err := v.writeSlot(c.name, v.slot); err == nil {
					v.repaired = append(v.repaired, c.name)
				}
			}
		}
	}
	// Copies of vault.json that were damaged, missing or without their
	// hash are rewritten from the one that was read; it holds no secret.
	for _, n := range v.metaRepair {
		if err := v.writeMeta(v.metaBytes, []string{n}); err == nil {
			v.repaired = append(v.repaired, n)
		}
	}
	v.metaRepair = nil
	gens, err := v.listGens()
	if err != nil {
		return fail(err)
	}
	v.next = 1
	if len(gens) > 0 {
		v.next = gens[len(gens)-1].gen + 1
	}
	return v, nil
}

// writeAtomic writes name via a temporary file: create, write, sync, close,
// read back, rename, sync the directory.
func (v *Vault) writeAtomic(name string, data []byte) error {
	fsys := v.o.FS
	final := v.p(name)
	tmp := final + ".tmp"
	if err := fsys.Remove(tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("write %s: %w", name, err)
	}
	f, err := fsys.CreateExcl(tmp)
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		fsys.Remove(tmp)
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		fsys.Remove(tmp)
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := f.Close(); err != nil {
		fsys.Remove(tmp)
		return fmt.Errorf("write %s: %w", name, err)
	}
	back, err := fsys.ReadFile(tmp)
	if err != nil || string(back) != string(data) {
		fsys.Remove(tmp)
		if err == nil {
			err = ErrDamaged
		}
		return fmt.Errorf("verify %s: %w", name, err)
	}
	if err := v.rename(tmp, final); err != nil {
		fsys.Remove(tmp)
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := fsys.SyncDir(path.Dir(final)); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// writeSlot replaces one slot copy, the slot before its hash: a cut between
// the two leaves a copy that fails its hash, never a wrong-passphrase one.
func (v *Vault) writeSlot(name string, slot []byte) error {
	if err := v.writeAtomic(name, slot); err != nil {
		return err
	}
	return v.writeAtomic(name+hashSuffix, []byte(hashLine(name, slot)))
}

// rename retries the transient sharing violations of Windows with backoff.
func (v *Vault) rename(from, to string) error {
	delay := 10 * time.Millisecond
	for try := 0; ; try++ {
		err := v.o.FS.Rename(from, to)
		if err == nil || !errors.Is(err, ErrSharingViolation) || try == 5 {
			return err
		}
		time.Sleep(delay)
		delay *= 2
	}
}

func (v *Vault) usable() error {
	if v.closed {
		return ErrClosed
	}
	return nil
}

// ChangePassphrase re-seals VI under a new passphrase into both slot copies,
// one after the other, so one copy always opens.
// A cancelled ctx stops it before the first copy is written.
func (v *Vault) ChangePassphrase(ctx context.Context, newPass string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.usable(); err != nil {
		return err
	}
	return v.resealSlots(ctx, v.identity, newPass)
}

// resealSlots seals identity under pass into both copies; ctx is checked
// around the KDF runs, before anything is written.
func (v *Vault) resealSlots(ctx context.Context, identity, pass string) error {
	p, err := v.o.kdf(ctx)
	if err != nil {
		return err
	}
	slot, err := keyslot.Seal(identity, pass, p, v.o.Rand)
	if err != nil {
		return fmt.Errorf("seal key slot: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if got, err := keyslot.Open(slot, pass); err != nil || got != identity {
		return fmt.Errorf("verify key slot: %w", ErrDamaged)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if identity == v.identity {
		return v.changeSlots(slot)
	}
	for _, n := range slotNames {
		if err := v.writeSlot(n, slot); err != nil {
			return err
		}
	}
	v.slot = slot
	return nil
}

// SlotBytes is a copy of the slot that opened, for backups.
func (v *Vault) SlotBytes() ([]byte, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.usable(); err != nil {
		return nil, err
	}
	if v.slot == nil {
		return nil, ErrNoSlot
	}
	return append([]byte(nil), v.slot...), nil
}

// Decrypt opens any file sealed to this vault, fully, before returning.
func (v *Vault) Decrypt(sealed []byte) ([]byte, error) {
	v.mu.Lock()
	ids := v.ids
	closed := v.closed
	v.mu.Unlock()
	if closed {
		return nil, ErrClosed
	}
	return decryptAll(sealed, ids...)
}

// DecryptWith is Decrypt into the room alloc provides (see OpenWith), so
// that a caller can decrypt straight into SQLite's memory.
func (v *Vault) DecryptWith(sealed []byte, alloc Alloc) ([]byte, error) {
	v.mu.Lock()
	ids := v.ids
	closed := v.closed
	v.mu.Unlock()
	if closed {
		return nil, ErrClosed
	}
	return decryptAt(bytes.NewReader(sealed), int64(len(sealed)), alloc, ids...)
}

// Close drops VI and VR and releases LOCK, after any running save.
func (v *Vault) Close() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closed {
		return nil
	}
	v.closed = true
	v.drop()
	return v.lock.Close()
}

// drop forgets the keys. Go strings and the age key types cannot be wiped
// in place; the slot bytes can.
func (v *Vault) drop() {
	v.identity = ""
	v.ids = nil
	v.recipient = nil
	clear(v.slot)
	v.slot = nil
}
