package backup

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"xinqing/internal/safefs"
	"xinqing/internal/store"
	"xinqing/internal/vault"
)

// Defaults.
const (
	// DefaultKeep is how many verified backups a stick keeps per vault.
	DefaultKeep = 10
	// MinKeep is the floor: pruning never leaves fewer.
	MinKeep = 3
	// DefaultMaxSize caps what a restore reads into memory.
	DefaultMaxSize = 2 << 30
	// fat32Max is the largest file FAT32 can hold.
	fat32Max = 1<<32 - 1
	// chunk is the unit of writes and progress reports.
	chunk = 1 << 20
)

// Space is what a drive has room for.
type Space struct {
	Free uint64
	// FAT is true on FAT12/16/32, whose files end at 4 GiB − 1.
	FAT bool
}

// Options are the package's dependencies; zero values mean the real ones.
type Options struct {
	// FS reads the vault's generation and writes the stick; the vault's
	// FS type, so tests inject faultfs.
	FS  vault.FS
	Now func() time.Time
	// Keep is the number of verified backups kept per vault (never < 3).
	Keep int
	// MaxSize caps a backup file read by a restore or a verification.
	MaxSize int64
	// Space reports a drive's free space; an error skips the check (the
	// write then fails on a full drive, and nothing is committed).
	Space func(dir string) (Space, error)
	// Progress receives progress reports and is polled for cancellation.
	Progress Progress
}

func (o Options) withDefaults() Options {
	if o.FS == nil {
		o.FS = vault.OSFS{}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Keep == 0 {
		o.Keep = DefaultKeep
	}
	o.Keep = max(o.Keep, MinKeep)
	if o.MaxSize == 0 {
		o.MaxSize = DefaultMaxSize
	}
	if o.Space == nil {
		o.Space = DiskSpace
	}
	return o
}

// Source is the unlocked vault a backup copies (vault.Vault).
type Source interface {
	ID() string
	// LatestGeneration is the newest acknowledged generation and its file.
	LatestGeneration() (gen uint64, file string, err error)
	// SlotBytes is the passphrase slot that opened the vault.
	SlotBytes() ([]byte, error)
	Decrypt(sealed []byte) ([]byte, error)
	// SealedBlob is an attachment's sealed bytes as the vault holds them;
	// an error wrapping fs.ErrNotExist when it has none.
	SealedBlob(id string) ([]byte, error)
}

// Expect is what the caller knows of the generation to back up: its number,
// the canonical content hash of its database (store.ContentHash) and the
// blob ids of the attachments it references, taken from the same state.
type Expect struct {
	Gen   uint64
	Hash  [32]byte
	Blobs []string
	// Image is the SHA-256 of the database image in that same state
	// (store.ImageHash), or zero. A decrypted generation with exactly
	// these bytes holds that very database, so its content hash is Hash
	// without reading every row again; any other image is hashed row by
	// row as before.
	Image [32]byte

	blobs []BlobEntry // the copies on the stick, for the manifest
}

// Result describes a backup that was written and verified.
type Result struct {
	Dir  string // <folder>/心晴备份/<vault-id>
	Name Name
	Size int64 // of the sealed image
	Hash [32]byte
	// Existing: a verified backup of this generation was already there.
	Existing bool
	// Blobs is the number of attachment files the backup lists; Written
	// those of them this run wrote (the others were on the stick).
	Blobs, Written int
	// Missing are referenced attachments the vault could not provide
	// intact (absent or damaged there): the backup holds all the rest.
	Missing []string
	// Pruned lists the base names of backups removed by the policy;
	// PruneErr is a failed prune, which never fails the backup.
	Pruned   []string
	PruneErr error
}

// VaultDir is where the backups of vault id live under the chosen folder.
func VaultDir(folder, id string) string { return path.Join(filepath.ToSlash(folder), RootName, id) }

// Run backs up the newest generation of src to folder, verifies it (read
// back, decrypt to the end, load with every check, compare the content hash
// with want) and only then commits it (rename, manifest last) and prunes.
// On any error nothing is committed and what was written is removed as far
// as the drive allows.
//
// A done ctx stops it between steps with ErrCancelled, removing what it
// wrote.
func Run(ctx context.Context, src Source, want Expect, folder string, o Options) (*Result, error) {
	o = o.withDefaults()
	p := newProgress(ctx, o.Progress)
	if err := p.cancelled(); err != nil {
		return nil, err
	}
	fsys := o.FS
	folder = filepath.ToSlash(folder)
	gen, file, err := src.LatestGeneration()
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	if gen != want.Gen {
		return nil, fmt.Errorf("backup: generation %d, want %d: %w", gen, want.Gen, ErrChanged)
	}
	sealed, err := fsys.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("backup: read generation %d: %w", gen, err)
	}
	slot, err := src.SlotBytes()
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	if !isVaultID(src.ID()) {
		return nil, fmt.Errorf("backup: unexpected vault id %q", src.ID())
	}
	// From here on only the stick is touched, and never through a link.
	fsys = guard(fsys, folder, o.MaxSize)
	o.FS = fsys
	dir := VaultDir(folder, src.ID())
	if err := fsys.MkdirAll(dir); err != nil {
		return nil, fmt.Errorf("backup: create %s: %w", RootName, err)
	}
	if err := writeHowTo(fsys, path.Dir(dir)); err != nil {
		return nil, fmt.Errorf("backup: write %s: %w", HowToName, err)
	}
	sets, err := list(fsys, dir, o.Now().Location())
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	if err := removeTemps(fsys, dir, sets); err != nil {
		return nil, fmt.Errorf("backup: remove an interrupted backup: %w", err)
	}
	if err := removeBlobTemps(fsys, dir); err != nil {
		return nil, fmt.Errorf("backup: remove an interrupted backup: %w", err)
	}
	name := Name{Time: o.Now().Truncate(time.Minute), Gen: gen}
	res := &Result{Dir: dir, Name: name, Size: int64(len(sealed)), Hash: want.Hash}
	// Only now, with the leftovers gone, is the free space known; a full
	// stick first loses the verified backups beyond what it keeps (the new
	// one counts, so one fewer, never below MinKeep).
	if err := checkSpace(o, dir, len(sealed), len(slot)); errors.Is(err, ErrNoSpace) {
		pruned, perr := pruneTo(fsys, dir, o, p, "", max(o.Keep-1, MinKeep), nil)
		res.Pruned = pruned
		if perr != nil {
			return nil, fmt.Errorf("backup: make room: %w", perr)
		}
		if sets, err = list(fsys, dir, o.Now().Location()); err != nil {
			return nil, fmt.Errorf("backup: %w", err)
		}
		if err := checkSpace(o, dir, len(sealed), len(slot)); err != nil {
			return nil, withPruned(err, pruned)
		}
	} else if err != nil {
		return nil, err
	}
	if s := sets[name.String()]; s != nil {
		if n, ok := sameBackup(fsys, dir, s.base, sealed, slot); s.has(extManifest) && ok {
			res.Existing, res.Blobs = true, n
			res.Pruned, res.PruneErr = pruneTo(fsys, dir, o, p, s.base, o.Keep, nil)
			return res, nil
		}
		// Uncommitted or damaged leftovers of this very backup: replaced.
		if err := removeSet(fsys, dir, s); err != nil {
			return nil, fmt.Errorf("backup: %w", err)
		}
	}
	ids := slices.Compact(slices.Sorted(slices.Values(want.Blobs)))
	if n := len(ids); n > maxBlobs {
		return nil, fmt.Errorf("backup: %w: %d attachment files, a manifest lists at most %d", ErrTooLarge, n, maxBlobs)
	}
	check := startCheck(p, sealed, name.Gen, want, src)
	// Never leave the check running behind an early return.
	defer check.wait()
	bc, err := copyBlobs(fsys, dir, ids, src, p)
	if err != nil {
		removeCreated(fsys, dir, bc.created)
		return nil, fmt.Errorf("backup: %w", err)
	}
	want.blobs = bc.entries
	res.Blobs, res.Written, res.Missing = len(bc.entries), len(bc.created), bc.missing
	var known map[string]Item
	whileChecking := func() { known = preverify(o, dir, sets, name.String(), p) }
	if err := commit(fsys, dir, name, sealed, slot, check, want, p, whileChecking); err != nil {
		cleanup(fsys, dir, name.String())
		removeCreated(fsys, dir, bc.created)
		return nil, fmt.Errorf("backup: %w", err)
	}
	pruned, perr := pruneTo(fsys, dir, o, p, name.String(), o.Keep, known)
	res.Pruned, res.PruneErr = append(res.Pruned, pruned...), perr
	return res, nil
}

// ErrFAT32 is ErrTooLarge for a file over FAT's 4 GiB − 1 on a FAT drive.
var ErrFAT32 = fmt.Errorf("%w for FAT32", ErrTooLarge)

func checkSpace(o Options, dir string, sealed, slot int) error {
	sp, err := o.Space(dir)
	if err != nil {
		return nil // unknown: the write itself fails on a full drive
	}
	if sp.FAT && sealed > fat32Max {
		return fmt.Errorf("backup: %w: %d bytes do not fit a FAT32 drive", ErrFAT32, sealed)
	}
	need := uint64(sealed) + uint64(slot) + 64<<10
	if sp.Free < need {
		return &SpaceError{Need: need, Free: sp.Free}
	}
	return nil
}

// SpaceError is a stick too full for a backup even after the verified
// backups beyond what it keeps were removed (Pruned): Need bytes, Free
// free. It matches ErrNoSpace.
type SpaceError struct {
	Need, Free uint64
	Pruned     []string
}

// Missing is how many more bytes the backup needs.
func (e *SpaceError) Missing() uint64 { return e.Need - e.Free }

func (e *SpaceError) Error() string {
	// The caller's sentence starts "U盘空间不足"; this says by how much.
	s := fmt.Sprintf("还差 %s（这次备份需要 %s，U盘上只剩 %s）", bytesText(e.Missing()), bytesText(e.Need), bytesText(e.Free))
	if len(e.Pruned) > 0 {
		s += fmt.Sprintf("；已先删除超出保留数量的旧备份 %d 个", len(e.Pruned))
	}
	return s + "。请删除U盘上的其他文件、减少保留的备份数，或换一个更大的U盘"
}

// Unwrap makes it ErrNoSpace.
func (e *SpaceError) Unwrap() error { return ErrNoSpace }

func withPruned(err error, pruned []string) error {
	var se *SpaceError
	if errors.As(err, &se) {
		se.Pruned = pruned
	}
	return err
}

// bytesText is an exact count for the user: 1,234,567 字节 (1.2 MB).
func bytesText(n uint64) string {
	return fmt.Sprintf("%d 字节（%s）", n, safefs.Bytes(int64(min(n, 1<<62))))
}

// commit writes base.age.tmp and base.slot.tmp, verifies them, renames
// them and writes the manifest last.
//
// The checks run in two halves so that the CPU work hides behind the
// drive's: while the attachments are copied and the files are written and
// synced, check (see startCheck) decrypts the source bytes to their end,
// loads them into a scratch database (every check of store.Load,
// integrity_check among them) and compares the content hash, computed on
// other handles at the same time; after the sync the read-back is compared
// byte for byte with those source bytes. What was checked is therefore
// exactly what the stick gave back: age decryption is deterministic, so
// decrypting the identical bytes again could only repeat the check.
// whileChecking runs on this goroutine while the check finishes on the
// other core (the prune's re-reading of the older backups).
func commit(fsys vault.FS, dir string, name Name, sealed, slot []byte, check *sourceCheck, want Expect, p *progress, whileChecking func()) error {
	base := name.String()
	pth := func(ext string) string { return path.Join(dir, base+ext) }
	if err := writeFile(fsys, pth(extAge+extTmp), sealed, p); err != nil {
		return err
	}
	if err := writeFile(fsys, pth(extSlot+extTmp), slot, nil); err != nil {
		return err
	}
	// Verify what the drive gives back, not what was handed to it.
	ageSum, err := readBack(fsys, pth(extAge+extTmp), sealed, "the image", p)
	if err != nil {
		return err
	}
	slotBack, err := fsys.ReadFile(pth(extSlot + extTmp))
	if err != nil {
		return fmt.Errorf("read back: %w", err)
	}
	if string(slotBack) != string(slot) {
		return fmt.Errorf("%w: read-back of the slot differs from what was written", ErrDamaged)
	}
	if err := p.cancelled(); err != nil {
		return err
	}
	// The read-back is byte for byte the sealed file the check decrypted
	// to its end, loaded and hashed: decrypting it again could not differ.
	p.report(StageCheck, 0, 1)
	whileChecking()
	if err := check.wait(); err != nil {
		return err
	}
	p.report(StageCheck, 1, 1)
	if err := p.cancelled(); err != nil {
		return err
	}
	if err := rename(fsys, pth(extAge+extTmp), pth(extAge)); err != nil {
		return fmt.Errorf("rename: %w", err)
	}
	if err := rename(fsys, pth(extSlot+extTmp), pth(extSlot)); err != nil {
		return fmt.Errorf("rename: %w", err)
	}
	m := Manifest{Age: ageSum, Slot: sum(slot), AgeName: base + extAge, SlotName: base + extSlot,
		Blobs: want.blobs, Gen: name.Gen, FP: Fingerprint(want.Hash)}
	if err := writeFile(fsys, pth(extManifest+extTmp), m.Encode(), nil); err != nil {
		return err
	}
	if err := rename(fsys, pth(extManifest+extTmp), pth(extManifest)); err != nil {
		return fmt.Errorf("rename: %w", err)
	}
	if err := fsys.SyncDir(dir); err != nil {
		return fmt.Errorf("sync folder: %w", err)
	}
	return nil
}

// sourceCheck is checkSource running in the background.
type sourceCheck struct {
	done chan error
	err  error
	over bool
}

// startCheck starts checkSource: it needs only the source bytes, so it
// runs while the attachments are copied and the image is written.
func startCheck(p *progress, sealed []byte, gen uint64, want Expect, d Decrypter) *sourceCheck {
	c := &sourceCheck{done: make(chan error, 1)}
	go func() { c.done <- checkSource(p, sealed, gen, want, d) }()
	return c
}

// wait returns the check's verdict, waiting for it once.
func (c *sourceCheck) wait() error {
	if !c.over {
		c.err, c.over = <-c.done, true
	}
	return c.err
}

// checkSource decrypts sealed to its end, loads it with every check of
// store.Load (a scratch database in defensive mode, integrity_check,
// foreign keys, exact schema, generation) and compares its content hash
// with want.Hash. An image byte for byte the source database's
// (want.Image) holds that database, whose content hash is want.Hash: it
// is loaded and checked all the same, but not hashed row by row.
func checkSource(p *progress, sealed []byte, gen uint64, want Expect, d Decrypter) error {
	// Only the context of p: the reports belong to the main goroutine.
	ctxOnly := newProgress(p.context(), nil)
	if dw, ok := d.(decrypterWith); ok && want.Image != ([32]byte{}) {
		return ctxOnly.orCancelled(checkInPlace(p.context(), sealed, gen, want, dw))
	}
	img, err := VaultKey(d).open(sealed, nil, ctxOnly)
	if err != nil {
		return err
	}
	defer clear(img)
	if want.Image != ([32]byte{}) && sha256.Sum256(img) == want.Image {
		return ctxOnly.orCancelled(loadImage(p.context(), img, gen))
	}
	return ctxOnly.orCancelled(checkImage(p.context(), img, gen, want.Hash))
}

// decrypterWith decrypts into room it is given (vault.Vault).
type decrypterWith interface {
	DecryptWith(sealed []byte, alloc vault.Alloc) ([]byte, error)
}

// checkInPlace is checkSource decrypting straight into SQLite's memory:
// the image is checked where it lies (store.VerifyImage, on two cores)
// while its SHA-256 is taken on a third goroutine; an image that is the
// source's then needs nothing more, any other is checked and hashed row by
// row as checkSource does.
func checkInPlace(ctx context.Context, sealed []byte, gen uint64, want Expect, d decrypterWith) error {
	var im *store.Image
	var allocErr error
	defer func() { im.Free() }()
	img, err := d.DecryptWith(sealed, func(size int64) ([]byte, error) {
		im.Free() // never asked twice; kept safe all the same
		im, allocErr = store.NewImage(max(size, 1))
		if allocErr != nil {
			return nil, allocErr
		}
		return im.Buffer(), nil
	})
	if allocErr != nil {
		return fmt.Errorf("check: %w", allocErr) // no verdict on the file
	}
	if err != nil {
		return classify(err)
	}
	if im == nil {
		return fmt.Errorf("%w: nothing decrypted", ErrDamaged)
	}
	im.SetLen(len(img))
	sums := make(chan [32]byte, 1)
	go func() { sums <- sha256.Sum256(img) }() // VerifyImage only reads img
	verr := store.VerifyImage(ctx, im, gen)
	if <-sums != want.Image {
		return checkImage(ctx, img, gen, want.Hash)
	}
	if errors.Is(verr, store.ErrNotInPlace) {
		st, err := store.LoadImage(ctx, im, gen)
		if err != nil {
			return fmt.Errorf("%w: %v", ErrDamaged, err)
		}
		return st.Close()
	}
	if verr != nil {
		return fmt.Errorf("%w: %v", ErrDamaged, verr)
	}
	return nil
}

// loadImage loads img with every check of store.Load.
func loadImage(ctx context.Context, img []byte, gen uint64) error {
	st, err := store.Load(ctx, img, gen)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	return st.Close()
}

func checkImage(ctx context.Context, img []byte, gen uint64, want [32]byte) error {
	// The content hash reads the image on handles of its own while Load
	// checks it (both only read img); a hash counts only when Load passed.
	// Load runs on one core, so the hash gets the others.
	type hashed struct {
		h   [32]byte
		err error
	}
	hc := make(chan hashed, 1)
	go func() {
		h, err := store.ImageContentHashOn(img, runtime.GOMAXPROCS(0)-1)
		hc <- hashed{h, err}
	}()
	st, err := store.Load(ctx, img, gen)
	hr := <-hc
	if err != nil {
		return fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	defer st.Close()
	h := hr.h
	if hr.err != nil {
		// An image of an older schema has a hash only once Load has
		// upgraded it.
		if !errors.Is(hr.err, store.ErrSchema) {
			return fmt.Errorf("%w: content hash: %v", ErrDamaged, hr.err)
		}
		if h, err = st.ContentHash(ctx); err != nil {
			return fmt.Errorf("%w: content hash: %v", ErrDamaged, err)
		}
	}
	if h != want {
		return fmt.Errorf("%w: content differs from the source", ErrDamaged)
	}
	return nil
}

// readBack reads name back (vault.OpenReadBack: piece by piece where the
// file system offers positioned reads, so no second copy of a big file is
// held), compares it byte for byte with want and returns the SHA-256 of
// what it read. A failed read is an I/O error; other bytes are damage.
func readBack(fsys vault.FS, name string, want []byte, what string, p *progress) ([32]byte, error) {
	differs := fmt.Errorf("%w: read-back of %s differs from what was written", ErrDamaged, what)
	p.report(StageRead, 0, int64(len(want)))
	rb, err := vault.OpenReadBack(fsys, name)
	if err != nil {
		return [32]byte{}, fmt.Errorf("read back: %w", err)
	}
	defer rb.Close()
	if rb.Size() != int64(len(want)) {
		return [32]byte{}, differs
	}
	return hashChunks(rb, func(off int64, b []byte) error {
		if !bytes.Equal(b, want[off:off+int64(len(b))]) {
			return differs
		}
		p.report(StageRead, off+int64(len(b)), int64(len(want)))
		return nil
	}, differs)
}

// hashChunks reads rb to its end a chunk at a time, hands each chunk to f
// and returns the SHA-256 of all of it. A failed read is an I/O error; a
// short one is short (wrapped as "read back"), or f's error.
func hashChunks(rb *vault.ReadBack, f func(off int64, b []byte) error, short error) ([32]byte, error) {
	var sum [32]byte
	h := sha256.New()
	buf := make([]byte, min(chunk, max(rb.Size(), 1)))
	for off := int64(0); off < rb.Size(); {
		n := int(min(int64(len(buf)), rb.Size()-off))
		if m, _ := rb.ReadAt(buf[:n], off); m < n {
			if err := rb.Err(); err != nil {
				return sum, fmt.Errorf("read back: %w", err)
			}
			return sum, short
		}
		if f != nil {
			if err := f(off, buf[:n]); err != nil {
				return sum, err
			}
		}
		h.Write(buf[:n])
		off += int64(n)
	}
	copy(sum[:], h.Sum(nil))
	return sum, nil
}

// writeFile creates name (exclusively), writes data in chunks, syncs and
// closes it. A failed or cancelled write leaves the file for cleanup.
func writeFile(fsys vault.FS, name string, data []byte, p *progress) error {
	f, err := fsys.CreateExcl(name)
	if err != nil {
		return fmt.Errorf("create %s: %w", path.Base(name), err)
	}
	for off := 0; off < len(data) || off == 0; off += chunk {
		if err := p.cancelled(); err != nil {
			f.Close()
			return err
		}
		end := min(off+chunk, len(data))
		if _, err := f.Write(data[off:end]); err != nil {
			f.Close()
			return fmt.Errorf("write %s: %w", path.Base(name), err)
		}
		p.report(StageWrite, int64(end), int64(len(data)))
		if end == len(data) {
			break
		}
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("sync %s: %w", path.Base(name), err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", path.Base(name), err)
	}
	return nil
}

// sameBackup reports whether the committed backup base holds exactly these
// bytes and matches its manifest, its attachments included, and how many
// attachment files it lists.
func sameBackup(fsys vault.FS, dir, base string, sealed, slot []byte) (int, bool) {
	mb, err := fsys.ReadFile(path.Join(dir, base+extManifest))
	if err != nil {
		return 0, false
	}
	m, err := ParseManifest(mb, base)
	if err != nil || m.Age != sum(sealed) || m.Slot != sum(slot) {
		return 0, false
	}
	for ext, want := range map[string][32]byte{extAge: m.Age, extSlot: m.Slot} {
		b, err := fsys.ReadFile(path.Join(dir, base+ext))
		if err != nil || sum(b) != want {
			return 0, false
		}
	}
	for _, e := range m.Blobs {
		b, err := fsys.ReadFile(path.Join(dir, e.Path()))
		if err != nil || sum(b) != e.Sum {
			return 0, false
		}
	}
	return len(m.Blobs), true
}

// cleanup removes every file of an uncommitted backup, manifest first;
// best effort: what stays is reported as incomplete by Verify and removed
// by the next backup.
func cleanup(fsys vault.FS, dir, base string) {
	for _, ext := range []string{extManifest + extTmp, extManifest, extAge + extTmp, extAge, extSlot + extTmp, extSlot} {
		_ = fsys.Remove(path.Join(dir, base+ext))
	}
	_ = fsys.SyncDir(dir)
}

// set is the files of one backup found in a folder.
type set struct {
	base  string
	name  Name
	files map[string]bool // ".age", ".age.tmp", …
}

func (s *set) has(ext string) bool { return s.files[ext] }

func (s *set) temps() bool {
	for e := range s.files {
		if len(e) > len(extTmp) && e[len(e)-len(extTmp):] == extTmp {
			return true
		}
	}
	return false
}

// list groups the backup files of dir by base name; other files are ignored.
func list(fsys vault.FS, dir string, loc *time.Location) (map[string]*set, error) {
	names, err := fsys.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", dir, err)
	}
	sets := map[string]*set{}
	for _, n := range names {
		base, ext, tmp, ok := splitFile(n)
		if !ok {
			continue
		}
		s := sets[base]
		if s == nil {
			nm, err := ParseName(base, loc)
			if err != nil {
				continue
			}
			s = &set{base: base, name: nm, files: map[string]bool{}}
			sets[base] = s
		}
		if tmp {
			ext += extTmp
		}
		s.files[ext] = true
	}
	return sets, nil
}

// ordered returns the sets newest first: by generation, then time.
func ordered(sets map[string]*set) []*set {
	out := make([]*set, 0, len(sets))
	for _, s := range sets {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b *set) int {
		switch {
		case a.name.Gen != b.name.Gen:
			return cmpDesc(a.name.Gen, b.name.Gen)
		case !a.name.Time.Equal(b.name.Time):
			return b.name.Time.Compare(a.name.Time)
		}
		return 0
	})
	return out
}

func cmpDesc(a, b uint64) int {
	if a > b {
		return -1
	}
	return 1
}

// removeTemps removes backups left with temporary files by an interrupted
// run: they were never committed.
func removeTemps(fsys vault.FS, dir string, sets map[string]*set) error {
	for _, s := range sets {
		if s.temps() && !s.has(extManifest) {
			if err := removeSet(fsys, dir, s); err != nil {
				return err
			}
			delete(sets, s.base)
		}
	}
	return nil
}

// removeSet removes a backup's files, the manifest first so that an
// interrupted removal leaves an incomplete backup, never a damaged one.
func removeSet(fsys vault.FS, dir string, s *set) error {
	exts := []string{extManifest, extManifest + extTmp, extAge, extAge + extTmp, extSlot, extSlot + extTmp}
	for _, e := range exts {
		if !s.files[e] {
			continue
		}
		if err := fsys.Remove(path.Join(dir, s.base+e)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove %s%s: %w", s.base, e, err)
		}
	}
	return nil
}

// pruneTo keeps the newest keep backups that verify against their
// manifests (re-read, as Verify does); damaged ones newer than the last of
// them are left for the user to see and never count, so a damaged backup
// never costs a verified one, and the last verified backup is never
// removed. Everything older than the keep-th verified backup is removed,
// then the attachment files no remaining backup lists. current is the
// backup just written (verified); known holds checks already made in this
// run (preverify), by base name.
func pruneTo(fsys vault.FS, dir string, o Options, p *progress, current string, keep int, known map[string]Item) ([]string, error) {
	sets, err := list(fsys, dir, o.Now().Location())
	if err != nil {
		return nil, fmt.Errorf("prune: %w", err)
	}
	var removed []string
	kept := 0
	all := ordered(sets)
	bc := newBlobChecks()
	for i, s := range all {
		p.report(StagePrune, int64(i), int64(len(all)))
		switch {
		case kept >= keep:
			// Older than the keep-th verified backup.
		case s.base == current:
			kept++
			continue
		case !s.has(extManifest):
			// Never committed: not a backup.
		default:
			it, ok := known[s.base]
			if !ok {
				it = check(o, dir, s, nil, bc, p)
			}
			if errors.Is(it.Err, ErrCancelled) {
				return removed, it.Err
			}
			if it.Status == Verified {
				kept++
			}
			continue
		}
		if err := removeSet(fsys, dir, s); err != nil {
			return removed, fmt.Errorf("prune: %w", err)
		}
		removed = append(removed, s.base)
	}
	if len(removed) > 0 {
		if err := fsys.SyncDir(dir); err != nil {
			return removed, fmt.Errorf("prune: %w", err)
		}
	}
	// Then the attachments no remaining backup lists.
	if sets, err = list(fsys, dir, o.Now().Location()); err != nil {
		return removed, fmt.Errorf("prune: %w", err)
	}
	if err := pruneBlobs(fsys, dir, sets); err != nil {
		return removed, fmt.Errorf("prune attachments: %w", err)
	}
	p.report(StagePrune, int64(len(all)), int64(len(all)))
	return removed, nil
}

// preverify makes the checks pruneTo will need of the committed backups
// already in dir (sets, listed before this run wrote anything; current is
// the one being written): the newest ones until, with current, o.Keep
// verify. They only re-read older files, so they run while the new
// backup's check finishes on the other core instead of after it. A
// cancelled check is left out (pruneTo asks again and stops).
func preverify(o Options, dir string, sets map[string]*set, current string, p *progress) map[string]Item {
	known := map[string]Item{}
	quiet := newProgress(p.context(), nil) // the stage shown stays 校验
	bc := newBlobChecks()
	kept := 1
	for _, s := range ordered(sets) {
		if kept >= o.Keep {
			break
		}
		if s.base == current || !s.has(extManifest) {
			continue
		}
		it := check(o, dir, s, nil, bc, quiet)
		if errors.Is(it.Err, ErrCancelled) {
			break
		}
		known[s.base] = it
		if it.Status == Verified {
			kept++
		}
	}
	return known
}

// rename retries the transient sharing violations Windows reports while a
// virus scanner or indexer holds a file that was just written.
func rename(fsys vault.FS, from, to string) error {
	delay := 10 * time.Millisecond
	for try := 0; ; try++ {
		err := fsys.Rename(from, to)
		if err == nil || !errors.Is(err, vault.ErrSharingViolation) || try == 5 {
			return err
		}
		time.Sleep(delay)
		delay *= 2
	}
}
