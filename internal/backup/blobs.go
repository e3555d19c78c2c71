package backup

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"xinqing/internal/safefs"
	"xinqing/internal/vault"
)

// Attachments (the vault's content-addressed blobs) live beside the
// backups in <vault-id>/blobs/ab/<id>.age, sealed as the vault holds them,
// shared by every backup whose manifest lists them. A file there is never
// overwritten: the same attachment sealed to another key (after a re-key)
// goes to the next version, <id>.2.age.

// blobOf decrypts sealed with k (slot: the backup's own slot copy) to its
// end and checks that its plaintext hashes to id. The plaintext is
// returned to the caller that asked for it (keep) and wiped otherwise.
func blobOf(k Key, sealed, slot []byte, id string, keep bool) ([]byte, error) {
	plain, err := k.open(sealed, slot, nil)
	if err != nil {
		return nil, err
	}
	s := sum(plain)
	if hex.EncodeToString(s[:]) != id {
		clear(plain)
		return nil, fmt.Errorf("%w: attachment %s does not match its id", ErrDamaged, id[:8])
	}
	if !keep {
		clear(plain)
		return nil, nil
	}
	return plain, nil
}

// stickBlobs is what a run knows of the blob folder of one vault folder.
type stickBlobs struct {
	fsys vault.FS
	dir  string // the vault folder
	// subs caches the listing of blobs/ab per prefix.
	subs map[string][]string
}

// versions lists the versions of blob id on the stick, in order.
func (sb *stickBlobs) versions(id string) ([]int, error) {
	sub := id[:2]
	names, ok := sb.subs[sub]
	if !ok {
		var err error
		names, err = sb.fsys.ReadDir(path.Join(sb.dir, blobDir, sub))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("list attachments: %w", err)
		}
		sb.subs[sub] = names
	}
	var vs []int
	for _, n := range names {
		if bid, v, ok := parseBlobPath(blobDir + "/" + sub + "/" + n); ok && bid == id {
			vs = append(vs, v)
		}
	}
	slices.Sort(vs)
	return vs, nil
}

// blobCopy is the outcome of copying a backup's blobs.
type blobCopy struct {
	entries []BlobEntry // sorted by id
	created []string    // files this run wrote, relative to the vault folder
	missing []string    // ids the vault could not provide intact
}

// copyBlobs puts every blob of ids on the stick (dir is the vault folder)
// unless a copy is there that the vault's key opens to the right content:
// written under a temporary name, synced, read back, compared (SHA-256)
// with the source, decrypted to its end and its content compared with its
// id, then renamed. An existing copy is read back and checked the same
// way. Ids the vault cannot provide intact are skipped and reported.
func copyBlobs(fsys vault.FS, dir string, ids []string, src Source, p *progress) (*blobCopy, error) {
	out := &blobCopy{}
	sb := &stickBlobs{fsys: fsys, dir: dir, subs: map[string][]string{}}
	k := VaultKey(src)
	synced := map[string]bool{}
	fail := func(err error) (*blobCopy, error) { return out, err }
	if len(ids) == 0 {
		return out, nil
	}
	for i, id := range ids {
		p.report(StageBlobs, int64(i), int64(len(ids)))
		if err := p.cancelled(); err != nil {
			return fail(err)
		}
		if !vault.ValidBlobID(id) {
			return fail(fmt.Errorf("attachment id %q is not a SHA-256", id))
		}
		sealed, serr := src.SealedBlob(id)
		if serr != nil && !errors.Is(serr, fs.ErrNotExist) {
			return fail(fmt.Errorf("read attachment %s: %w", id[:8], serr))
		}
		vs, err := sb.versions(id)
		if err != nil {
			return fail(err)
		}
		// An existing copy the vault's key opens to the right content is
		// listed as it is (the same bytes as the vault's, or the same
		// attachment sealed anew after it was restored into the vault).
		found := false
		for _, v := range vs {
			b, err := fsys.ReadFile(path.Join(dir, BlobPath(id, v)))
			if err != nil {
				return fail(fmt.Errorf("read back attachment %s: %w", id[:8], err))
			}
			if _, err := blobOf(k, b, nil, id, false); err == nil {
				out.entries = append(out.entries, BlobEntry{ID: id, Version: v, Sum: sum(b)})
				found = true
				break
			} else if errors.Is(err, ErrCancelled) {
				return fail(err)
			}
		}
		if found {
			continue
		}
		if serr != nil {
			out.missing = append(out.missing, id)
			continue
		}
		v := 1
		for slices.Contains(vs, v) {
			v++
		}
		if v > maxBlobVersion {
			return fail(fmt.Errorf("attachment %s: %d versions on the stick", id[:8], len(vs)))
		}
		// Decrypted to its end and checked against its id before it is
		// written; the read-back is then compared byte for byte with it.
		if _, err := blobOf(k, sealed, nil, id, false); err != nil {
			if errors.Is(err, ErrCancelled) {
				return fail(err)
			}
			// The vault's copy is damaged. The backup goes on without
			// it; the caller reports it.
			out.missing = append(out.missing, id)
			continue
		}
		rel := BlobPath(id, v)
		final := path.Join(dir, rel)
		if err := fsys.MkdirAll(path.Dir(final)); err != nil {
			return fail(fmt.Errorf("create %s: %w", blobDir, err))
		}
		out.created = append(out.created, rel+extTmp)
		if err := writeFile(fsys, final+extTmp, sealed, nil); err != nil {
			return fail(err)
		}
		backSum, err := readBack(fsys, final+extTmp, sealed, "attachment "+id[:8], nil)
		if err != nil {
			return fail(err)
		}
		if err := rename(fsys, final+extTmp, final); err != nil {
			return fail(fmt.Errorf("rename: %w", err))
		}
		out.created[len(out.created)-1] = rel
		synced[path.Dir(final)] = false
		out.entries = append(out.entries, BlobEntry{ID: id, Version: v, Sum: backSum})
	}
	for d := range synced {
		if err := fsys.SyncDir(d); err != nil {
			return fail(fmt.Errorf("sync folder: %w", err))
		}
	}
	if len(synced) > 0 {
		// New prefix folders are entries of blobs/ (and blobs/ of the
		// vault folder, synced with the manifest).
		if err := fsys.SyncDir(path.Join(dir, blobDir)); err != nil {
			return fail(fmt.Errorf("sync folder: %w", err))
		}
	}
	p.report(StageBlobs, int64(len(ids)), int64(len(ids)))
	slices.SortFunc(out.entries, func(a, b BlobEntry) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// removeCreated removes the blob files an uncommitted run wrote; best
// effort, the next run's prune removes what stays.
func removeCreated(fsys vault.FS, dir string, created []string) {
	for _, rel := range created {
		_ = fsys.Remove(path.Join(dir, rel))
	}
}

// blobFiles lists every file in the blob folder of a vault folder,
// relative to it.
func blobFiles(fsys vault.FS, dir string) ([]string, error) {
	subs, err := fsys.ReadDir(path.Join(dir, blobDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, sub := range subs {
		names, err := fsys.ReadDir(path.Join(dir, blobDir, sub))
		if errors.Is(err, safefs.ErrLink) {
			return nil, err // never followed, never ignored
		}
		if err != nil {
			continue // a file, not a folder
		}
		for _, n := range names {
			out = append(out, blobDir+"/"+sub+"/"+n)
		}
	}
	return out, nil
}

// removeBlobTemps removes the temporary blob files of interrupted runs.
func removeBlobTemps(fsys vault.FS, dir string) error {
	files, err := blobFiles(fsys, dir)
	if err != nil {
		return err
	}
	for _, f := range files {
		if strings.HasSuffix(f, extTmp) {
			if err := fsys.Remove(path.Join(dir, f)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	return nil
}

// pruneBlobs removes the blob files no committed manifest of dir lists
// (and temporary ones). With a manifest that does not parse nothing is
// removed: what it lists is unknown.
func pruneBlobs(fsys vault.FS, dir string, sets map[string]*set) error {
	listed := map[string]bool{}
	for _, s := range sets {
		if !s.has(extManifest) {
			continue
		}
		mb, err := fsys.ReadFile(path.Join(dir, s.base+extManifest))
		if err != nil {
			return fmt.Errorf("read %s%s: %w", s.base, extManifest, err)
		}
		m, err := ParseManifest(mb, s.base)
		if err != nil {
			return nil
		}
		for _, e := range m.Blobs {
			listed[e.Path()] = true
		}
	}
	files, err := blobFiles(fsys, dir)
	if err != nil {
		return err
	}
	removed := map[string]bool{}
	for _, f := range files {
		if listed[f] {
			continue
		}
		if err := fsys.Remove(path.Join(dir, f)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove %s: %w", f, err)
		}
		removed[path.Dir(f)] = true
	}
	for d := range removed {
		if err := fsys.SyncDir(path.Join(dir, d)); err != nil {
			return err
		}
	}
	return nil
}
