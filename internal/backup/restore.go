package backup

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/store"
)

// Candidate is a backup that passed its manifest check: the first phase of
// a restore. Nothing has been decrypted yet.
type Candidate struct {
	Dir      string // the vault folder on the stick
	Base     string
	Name     Name
	VaultID  string // from the folder name; empty if the folder is not one
	Manifest Manifest
	Size     int64

	sealed  []byte
	slot    []byte // nil when the slot copy is damaged or missing
	slotErr error
}

// Inspect reads a backup named by any of its files (.age, .slot, .sha256)
// and checks it against its manifest: the size cap first, then every byte.
// A mismatch is ErrDamaged, a missing manifest ErrIncomplete; neither is
// ever a wrong key. A damaged slot copy alone does not fail: the sheet (or
// the vault's own key) still opens the backup.
func Inspect(file string, o Options) (*Candidate, error) {
	o = o.withDefaults()
	file = filepath.ToSlash(file)
	base, _, _, ok := splitFile(path.Base(file))
	if !ok {
		return nil, fmt.Errorf("restore: %q is not a backup file (want …-g000123.age)", path.Base(file))
	}
	return load(o, path.Dir(file), base)
}

func load(o Options, dir, base string) (*Candidate, error) {
	fsys := o.FS
	name, err := ParseName(base, o.Now().Location())
	if err != nil {
		return nil, err
	}
	c := &Candidate{Dir: dir, Base: base, Name: name}
	if isVaultID(path.Base(dir)) {
		c.VaultID = path.Base(dir)
	}
	p := func(ext string) string { return path.Join(dir, base+ext) }
	// Sizes first: an absurd file is refused before it is read.
	fi, err := fsys.Stat(p(extManifest))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("restore %s: %w", base, ErrIncomplete)
	case err != nil:
		return nil, fmt.Errorf("restore %s: %w", base, err)
	case fi.Size() > maxManifest:
		return nil, fmt.Errorf("restore %s: %w: manifest of %d bytes", base, ErrDamaged, fi.Size())
	}
	fi, err = fsys.Stat(p(extAge))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("restore %s: %w: the image is missing", base, ErrDamaged)
	case err != nil:
		return nil, fmt.Errorf("restore %s: %w", base, err)
	case fi.Size() > o.MaxSize:
		return nil, fmt.Errorf("restore %s: %w: %d bytes, at most %d", base, ErrTooLarge, fi.Size(), o.MaxSize)
	}
	mb, err := fsys.ReadFile(p(extManifest))
	if err != nil {
		return nil, fmt.Errorf("restore %s: %w", base, err)
	}
	m, err := ParseManifest(mb, base)
	if err != nil {
		return nil, fmt.Errorf("restore %s: %w: %v", base, ErrDamaged, err)
	}
	if m.Gen != name.Gen {
		return nil, fmt.Errorf("restore %s: %w: the manifest names generation %d", base, ErrDamaged, m.Gen)
	}
	c.Manifest = m
	sealed, err := fsys.ReadFile(p(extAge))
	if err != nil {
		return nil, fmt.Errorf("restore %s: %w", base, err)
	}
	if int64(len(sealed)) > o.MaxSize {
		return nil, fmt.Errorf("restore %s: %w", base, ErrTooLarge)
	}
	if sum(sealed) != m.Age {
		return nil, fmt.Errorf("restore %s: %w: the image does not match its manifest", base, ErrDamaged)
	}
	c.sealed, c.Size = sealed, int64(len(sealed))
	slot, err := fsys.ReadFile(p(extSlot))
	switch {
	case err != nil:
		c.slotErr = fmt.Errorf("restore %s: %w: key slot unreadable: %v", base, ErrDamaged, err)
	case sum(slot) != m.Slot:
		c.slotErr = fmt.Errorf("restore %s: %w: the key slot does not match its manifest", base, ErrDamaged)
	default:
		c.slot = slot
	}
	return c, nil
}

// SlotErr is the damage of the backup's slot copy (nil if intact): the
// passphrase cannot open such a backup, the sheet can.
func (c *Candidate) SlotErr() error { return c.slotErr }

// Summary is what the user confirms before a restore.
type Summary struct {
	VaultID string
	Name    Name
	Gen     uint64
	// SavedAt is when the generation was saved (from the database itself).
	SavedAt time.Time
	Counts  map[casework.Kind]int
	Hash    [32]byte
}

// Restored is a backup decrypted, checked and copied into a fresh database
// built from our migrations. The caller adopts Store or closes it.
type Restored struct {
	Store   *store.Store
	Summary Summary
}

// Close drops the restored database.
func (r *Restored) Close() error { return r.Store.Close() }

// Open is the second phase: unlock with k, decrypt to the end, load with
// every check (defensive mode, integrity_check, foreign keys, exact schema,
// generation), copy the rows into a fresh database from our own
// migrations, and compare the content hash with the manifest's
// fingerprint. The live vault is not touched.
func (c *Candidate) Open(k Key, o Options) (*Restored, error) {
	o = o.withDefaults()
	p := &progress{o.Progress}
	img, err := k.open(c.sealed, c.slot, p)
	if err != nil {
		if c.slotErr != nil && errors.Is(err, ErrDamaged) {
			return nil, c.slotErr
		}
		return nil, fmt.Errorf("restore %s: %w", c.Base, err)
	}
	p.report(StageCheck, 0, 3)
	loaded, err := store.Load(img, c.Name.Gen)
	clear(img)
	if err != nil {
		return nil, fmt.Errorf("restore %s: %w: %v", c.Base, ErrDamaged, err)
	}
	defer loaded.Close()
	meta, err := loaded.Meta()
	if err != nil {
		return nil, fmt.Errorf("restore %s: %w: %v", c.Base, ErrDamaged, err)
	}
	p.report(StageCheck, 1, 3)
	fresh, err := store.New(store.WithClock(o.Now))
	if err != nil {
		return nil, fmt.Errorf("restore %s: %w", c.Base, err)
	}
	ok := false
	defer func() {
		if !ok {
			fresh.Close()
		}
	}()
	if err := loaded.CopyInto(fresh); err != nil {
		return nil, fmt.Errorf("restore %s: %w: %v", c.Base, ErrDamaged, err)
	}
	p.report(StageCheck, 2, 3)
	h, err := fresh.ContentHash()
	if err != nil {
		return nil, fmt.Errorf("restore %s: %w", c.Base, err)
	}
	if Fingerprint(h) != c.Manifest.FP {
		return nil, fmt.Errorf("restore %s: %w: the content does not match the manifest's fingerprint", c.Base, ErrDamaged)
	}
	sum := Summary{VaultID: c.VaultID, Name: c.Name, Gen: c.Name.Gen, Hash: h, Counts: map[casework.Kind]int{}}
	if t, err := time.Parse(time.RFC3339, meta.SavedAt); err == nil {
		sum.SavedAt = t
	}
	for _, kind := range store.StoredKinds() {
		n, err := fresh.Count(kind)
		if err != nil {
			return nil, fmt.Errorf("restore %s: count %s: %w", c.Base, kind, err)
		}
		sum.Counts[kind] = n
	}
	p.report(StageCheck, 3, 3)
	ok = true
	return &Restored{Store: fresh, Summary: sum}, nil
}

// verifyContent is Open without keeping anything: decrypt, load, compare
// the content hash with the fingerprint.
func (c *Candidate) verifyContent(k Key, p *progress) error {
	img, err := k.open(c.sealed, c.slot, p)
	if err != nil {
		return err
	}
	st, err := store.Load(img, c.Name.Gen)
	clear(img)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	defer st.Close()
	h, err := st.ContentHash()
	if err != nil {
		return fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if Fingerprint(h) != c.Manifest.FP {
		return fmt.Errorf("%w: the content does not match the manifest's fingerprint", ErrDamaged)
	}
	return nil
}
