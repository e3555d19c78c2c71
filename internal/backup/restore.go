package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/store"
	"xinqing/internal/vault"
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

	fsys    vault.FS
	maxSize int64
	blobs   *blobChecks
}

// Inspect reads a backup named by any of its files (.age, .slot, .sha256)
// and checks it against its manifest: the size cap first, then every byte.
// A mismatch is ErrDamaged, a missing manifest ErrIncomplete; neither is
// ever a wrong key. A damaged slot copy alone does not fail: the sheet (or
// the vault's own key) still opens the backup.
//
// A done ctx stops it between files with ErrCancelled.
func Inspect(ctx context.Context, file string, o Options) (*Candidate, error) {
	o = o.withDefaults()
	file = filepath.ToSlash(file)
	base, _, _, ok := splitFile(path.Base(file))
	if !ok {
		return nil, fmt.Errorf("restore: %q is not a backup file (want …-g000123.age)", path.Base(file))
	}
	o.FS = guard(o.FS, stickRoot(path.Dir(file)), o.MaxSize)
	return load(ctx, o, path.Dir(file), base)
}

func load(ctx context.Context, o Options, dir, base string) (*Candidate, error) {
	pr := newProgress(ctx, nil)
	if err := pr.cancelled(); err != nil {
		return nil, err
	}
	return loadWith(o, dir, base, newBlobChecks(), pr, false)
}

// loadWith is load sharing the checks of blob files with the other
// backups of a folder (they list mostly the same files). hashOnly checks
// the image against its manifest without keeping it (the candidate then
// has no sealed bytes: for checks that do not decrypt).
func loadWith(o Options, dir, base string, bc *blobChecks, pr *progress, hashOnly bool) (*Candidate, error) {
	fsys := o.FS
	name, err := ParseName(base, o.Now().Location())
	if err != nil {
		return nil, err
	}
	c := &Candidate{Dir: dir, Base: base, Name: name, fsys: fsys, maxSize: o.MaxSize, blobs: bc}
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
	var got [32]byte
	if hashOnly {
		// Only its manifest is checked: hashed as it is read, not held.
		if got, c.Size, err = hashFile(fsys, p(extAge)); err != nil {
			return nil, fmt.Errorf("restore %s: %w", base, err)
		}
	} else {
		if c.sealed, err = fsys.ReadFile(p(extAge)); err != nil {
			return nil, fmt.Errorf("restore %s: %w", base, err)
		}
		got, c.Size = sum(c.sealed), int64(len(c.sealed))
	}
	if c.Size > o.MaxSize {
		return nil, fmt.Errorf("restore %s: %w", base, ErrTooLarge)
	}
	if got != m.Age {
		return nil, fmt.Errorf("restore %s: %w: the image does not match its manifest", base, ErrDamaged)
	}
	slot, err := fsys.ReadFile(p(extSlot))
	switch {
	case err != nil:
		c.slotErr = fmt.Errorf("restore %s: %w: key slot unreadable: %v", base, ErrDamaged, err)
	case sum(slot) != m.Slot:
		c.slotErr = fmt.Errorf("restore %s: %w: the key slot does not match its manifest", base, ErrDamaged)
	default:
		c.slot = slot
	}
	for i, e := range m.Blobs {
		pr.report(StageBlobs, int64(i), int64(len(m.Blobs)))
		if err := pr.cancelled(); err != nil {
			return nil, err
		}
		if err := bc.hash(c, e); err != nil {
			return nil, fmt.Errorf("restore %s: %w", base, err)
		}
	}
	return c, nil
}

// blobChecks remembers which blob files matched which hash, and which
// were decrypted and found to hold their id.
type blobChecks struct {
	hashed map[BlobEntry]error
	opened map[BlobEntry]error
}

func newBlobChecks() *blobChecks {
	return &blobChecks{hashed: map[BlobEntry]error{}, opened: map[BlobEntry]error{}}
}

// hash checks a listed blob file against its manifest line.
func (bc *blobChecks) hash(c *Candidate, e BlobEntry) error {
	if err, ok := bc.hashed[e]; ok {
		return err
	}
	_, err := c.readBlob(e)
	bc.hashed[e] = err
	return err
}

// open decrypts a listed blob with k and checks its id.
func (bc *blobChecks) open(c *Candidate, e BlobEntry, k Key) error {
	if err, ok := bc.opened[e]; ok {
		return err
	}
	sealed, err := c.readBlob(e)
	if err == nil {
		_, err = blobOf(k, sealed, c.slot, e.ID, false)
	}
	if errors.Is(err, ErrCancelled) {
		return err
	}
	bc.opened[e] = err
	return err
}

// readBlob reads a listed blob file, the size cap first, and checks it
// against its manifest line.
func (c *Candidate) readBlob(e BlobEntry) ([]byte, error) {
	name := path.Join(c.Dir, e.Path())
	fi, err := c.fsys.Stat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%w: attachment file %s is missing", ErrDamaged, e.Path())
	case err != nil:
		return nil, fmt.Errorf("attachment file %s: %w", e.Path(), err)
	case fi.Size() > c.maxSize:
		return nil, fmt.Errorf("attachment file %s: %w", e.Path(), ErrTooLarge)
	}
	b, err := c.fsys.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("attachment file %s: %w", e.Path(), err)
	}
	if sum(b) != e.Sum {
		return nil, fmt.Errorf("%w: attachment file %s does not match its manifest", ErrDamaged, e.Path())
	}
	return b, nil
}

// BlobIDs lists the attachments the backup holds (vault.SealedBlobs, for
// vault.Adopt).
func (c *Candidate) BlobIDs() ([]string, error) {
	ids := make([]string, len(c.Manifest.Blobs))
	for i, e := range c.Manifest.Blobs {
		ids[i] = e.ID
	}
	return ids, nil
}

// SealedBlob reads an attachment's sealed file from the stick, checked
// against the manifest (vault.SealedBlobs).
func (c *Candidate) SealedBlob(id string) ([]byte, error) {
	e, ok := c.Manifest.Blob(id)
	if !ok {
		return nil, fmt.Errorf("restore %s: attachment %.8s: %w", c.Base, id, fs.ErrNotExist)
	}
	b, err := c.readBlob(e)
	if err != nil {
		return nil, fmt.Errorf("restore %s: %w", c.Base, err)
	}
	return b, nil
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
	// Blobs is the number of attachment files the restored data refers
	// to that the backup holds, each decrypted and checked; BlobsAbsent
	// those it refers to that the backup lacks (a backup written before
	// backups carried attachments, or a file lost before the backup): a
	// restore into the vault that has them keeps them.
	Blobs, BlobsAbsent int
}

// Restored is a backup decrypted, checked and copied into a fresh database
// built from our migrations. The caller adopts Store or closes it.
type Restored struct {
	Store   *store.Store
	Summary Summary

	c     *Candidate
	k     Key
	blobs []string // referenced and held, checked by Open
}

// Close drops the restored database.
func (r *Restored) Close() error {
	r.k = nil
	return r.Store.Close()
}

// Blobs are the ids of the attachment files the restored data refers to
// that the backup holds, sorted.
func (r *Restored) Blobs() []string { return slices.Clone(r.blobs) }

// SealedBlob re-reads an attachment's sealed file from the stick, checked
// against the manifest: the bytes as the backed-up vault held them.
func (r *Restored) SealedBlob(id string) ([]byte, error) { return r.c.SealedBlob(id) }

// Blob re-reads an attachment from the stick and decrypts it with the key
// that opened the backup, to its end, checking its content against id.
func (r *Restored) Blob(id string) ([]byte, error) {
	if r.k == nil {
		return nil, fmt.Errorf("restore %s: %w", r.c.Base, errors.ErrUnsupported)
	}
	sealed, err := r.c.SealedBlob(id)
	if err != nil {
		return nil, err
	}
	plain, err := blobOf(r.k, sealed, r.c.slot, id, true)
	if err != nil {
		return nil, fmt.Errorf("restore %s: %w", r.c.Base, err)
	}
	return plain, nil
}

// Open is the second phase: unlock with k, decrypt to the end, load with
// every check (defensive mode, integrity_check, foreign keys, exact schema,
// generation), copy the rows into a fresh database from our own
// migrations, and compare the content hash with the manifest's
// fingerprint. The live vault is not touched.
//
// A done ctx stops it between steps with ErrCancelled.
func (c *Candidate) Open(ctx context.Context, k Key, o Options) (*Restored, error) {
	o = o.withDefaults()
	p := newProgress(ctx, o.Progress)
	if err := p.cancelled(); err != nil {
		return nil, err
	}
	img, err := k.open(c.sealed, c.slot, p)
	if err != nil {
		if c.slotErr != nil && errors.Is(err, ErrDamaged) {
			return nil, c.slotErr
		}
		return nil, fmt.Errorf("restore %s: %w", c.Base, err)
	}
	p.report(StageCheck, 0, 3)
	saved, older, savedErr := store.OlderImageContentHash(img) // before Load upgrades it
	loaded, err := store.Load(ctx, img, c.Name.Gen)
	clear(img)
	if err != nil {
		return nil, p.orCancelled(fmt.Errorf("restore %s: %w: %v", c.Base, ErrDamaged, err))
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
	if err := p.cancelled(); err != nil {
		return nil, err
	}
	if err := loaded.CopyInto(fresh); err != nil {
		return nil, fmt.Errorf("restore %s: %w: %v", c.Base, ErrDamaged, err)
	}
	p.report(StageCheck, 2, 3)
	h, err := fresh.ContentHash(ctx)
	if err != nil {
		return nil, p.orCancelled(fmt.Errorf("restore %s: %w", c.Base, err))
	}
	if older && savedErr == nil {
		h = saved // an older schema's backup was fingerprinted before the upgrade
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
	held, absent, err := c.checkBlobs(fresh, k, p)
	if err != nil {
		return nil, fmt.Errorf("restore %s: %w", c.Base, err)
	}
	sum.Blobs, sum.BlobsAbsent = len(held), absent
	ok = true
	return &Restored{Store: fresh, Summary: sum, c: c, k: k, blobs: held}, nil
}

// checkBlobs decrypts every attachment file the restored data refers to
// that the backup holds and checks its id; it returns those ids and the
// number of referenced ones the backup lacks.
func (c *Candidate) checkBlobs(st *store.Store, k Key, p *progress) (held []string, absent int, err error) {
	ids, err := ReferencedBlobs(st)
	if err != nil {
		return nil, 0, err
	}
	for i, id := range ids {
		p.report(StageBlobs, int64(i), int64(len(ids)))
		if err := p.cancelled(); err != nil {
			return nil, 0, err
		}
		e, ok := c.Manifest.Blob(id)
		if !ok {
			absent++
			continue
		}
		if err := c.blobs.open(c, e, k); err != nil {
			return nil, 0, err
		}
		held = append(held, id)
	}
	if len(ids) > 0 {
		p.report(StageBlobs, int64(len(ids)), int64(len(ids)))
	}
	return held, absent, nil
}

// ReferencedBlobs lists the blob ids (the SHA-256 of each file) of the
// attachments in st, sorted and unique: what a backup of st must carry.
func ReferencedBlobs(st *store.Store) ([]string, error) {
	as, err := store.ListAs[*casework.Attachment](st, store.Filter{})
	if err != nil {
		return nil, fmt.Errorf("list attachments: %w", err)
	}
	ids := make([]string, 0, len(as))
	for _, a := range as {
		ids = append(ids, a.SHA256)
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// verifyContent is Open without keeping anything: decrypt, load, compare
// the content hash with the fingerprint.
func (c *Candidate) verifyContent(k Key, p *progress) error {
	img, err := k.open(c.sealed, c.slot, p)
	if err != nil {
		return err
	}
	saved, older, savedErr := store.OlderImageContentHash(img) // before Load upgrades it
	st, err := store.Load(p.context(), img, c.Name.Gen)
	clear(img)
	if err != nil {
		return p.orCancelled(fmt.Errorf("%w: %v", ErrDamaged, err))
	}
	defer st.Close()
	h, err := st.ContentHash(p.context())
	if err != nil {
		return p.orCancelled(fmt.Errorf("%w: %v", ErrDamaged, err))
	}
	if older && savedErr == nil {
		h = saved // an older schema's backup was fingerprinted before the upgrade
	}
	if Fingerprint(h) != c.Manifest.FP {
		return fmt.Errorf("%w: the content does not match the manifest's fingerprint", ErrDamaged)
	}
	// Every attachment file it lists opens with the key to its id.
	for i, e := range c.Manifest.Blobs {
		p.report(StageBlobs, int64(i), int64(len(c.Manifest.Blobs)))
		if err := p.cancelled(); err != nil {
			return err
		}
		if err := c.blobs.open(c, e, k); err != nil {
			return err
		}
	}
	return nil
}

// hashFile is the SHA-256 and size of the file name, read a piece at a
// time (a backup's image is tens of megabytes).
func hashFile(fsys vault.FS, name string) (sum [32]byte, size int64, err error) {
	rb, err := vault.OpenReadBack(fsys, name)
	if err != nil {
		return sum, 0, err
	}
	defer rb.Close()
	sum, err = hashChunks(rb, nil, io.ErrUnexpectedEOF)
	return sum, rb.Size(), err
}
