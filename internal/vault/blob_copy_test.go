package vault_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"xinqing/internal/vault"
	"xinqing/internal/vault/faultfs"
)

// blobSource is a vault with three attachments, one across two age
// chunks; it stays unlocked for the test.
func blobSource(t *testing.T, fsys vault.FS, dir string) (source, *vault.Vault, map[string][]byte) {
	t.Helper()
	src := adoptSource(t, fsys, dir, 1)
	v := mustUnlock(t, dir, opts(fsys, newClock()))
	t.Cleanup(func() { v.Close() })
	blobs := map[string][]byte{}
	for i, n := range []int{10, 3000, 70 << 10} {
		data := image(uint64(100+i), n)
		id, err := v.PutBlob(data)
		if err != nil {
			t.Fatal(err)
		}
		blobs[id] = data
	}
	return src, v, blobs
}

func TestBlobListingAndRawCopies(t *testing.T) {
	fsys := faultfs.New()
	_, v, blobs := blobSource(t, fsys, "/a")
	ids, err := v.BlobIDs()
	if err != nil || len(ids) != len(blobs) || !slices.IsSorted(ids) {
		t.Fatalf("got ids %v (%v), want the %d blobs sorted", ids, err, len(blobs))
	}
	for _, id := range ids {
		has, err := v.HasBlob(id)
		sealed, serr := v.SealedBlob(id)
		file, _ := fsys.ReadFile("/a/blobs/" + id[:2] + "/" + id + ".age")
		if !has || err != nil || serr != nil || !bytes.Equal(sealed, file) {
			t.Errorf("blob %.8s: got has=%v (%v), sealed bytes equal to the file %v (%v)", id, has, err, bytes.Equal(sealed, file), serr)
		}
	}
	absent := strings.Repeat("ab", 32)
	if has, err := v.HasBlob(absent); has || err != nil {
		t.Errorf("got has=%v (%v) for an absent blob, want false", has, err)
	}
	if _, err := v.SealedBlob(absent); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("got %v for an absent blob's bytes, want fs.ErrNotExist", err)
	}
	for _, bad := range []string{"../../key.slot", strings.Repeat("AB", 32), ""} {
		if _, err := v.SealedBlob(bad); err == nil {
			t.Errorf("got the bytes of blob id %q, want an error", bad)
		}
		if _, err := v.HasBlob(bad); err == nil {
			t.Errorf("got no error for blob id %q", bad)
		}
	}
}

func TestAdoptBlobTakesOnlyBytesItsOwnKeyOpensToTheirID(t *testing.T) {
	fsys := faultfs.New()
	_, v, blobs := blobSource(t, fsys, "/a")
	_, other, _ := blobSource(t, fsys, "/b")
	ids := slices.Sorted(func(yield func(string) bool) {
		for id := range blobs {
			if !yield(id) {
				return
			}
		}
	})
	big := ids[0]
	for _, id := range ids {
		if len(blobs[id]) > len(blobs[big]) {
			big = id
		}
	}
	own, _ := v.SealedBlob(big)
	theirs, err := other.PutBlob(blobs[big])
	if err != nil || theirs != big {
		t.Fatal(err)
	}
	foreign, _ := other.SealedBlob(big)
	var small string
	for _, id := range ids {
		if id != big {
			small = id
		}
	}
	smallSealed, _ := v.SealedBlob(small)

	// The blob is lost, then offered back in several forms.
	if err := fsys.Remove("/a/blobs/" + big[:2] + "/" + big + ".age"); err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(own)
	flipped[len(flipped)-20] ^= 1
	for _, tc := range []struct {
		name   string
		sealed []byte
		want   error
	}{
		{"sealed to another vault", foreign, vault.ErrWrongKey},
		{"a flipped byte", flipped, vault.ErrDamaged},
		{"cut short", own[:len(own)-100], vault.ErrDamaged},
		{"another blob's bytes", smallSealed, vault.ErrDamaged},
		{"not age at all", []byte("plain text"), vault.ErrDamaged},
	} {
		err := v.AdoptBlob(big, tc.sealed)
		if !errors.Is(err, tc.want) || (tc.want == vault.ErrDamaged) == errors.Is(err, vault.ErrWrongKey) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
		if has, _ := v.HasBlob(big); has {
			t.Fatalf("%s: got the blob written, want nothing", tc.name)
		}
	}
	if err := v.AdoptBlob(big, own); err != nil {
		t.Fatalf("its own bytes: %v", err)
	}
	got, err := v.Blob(big)
	back, _ := v.SealedBlob(big)
	if err != nil || !bytes.Equal(got, blobs[big]) || !bytes.Equal(back, own) {
		t.Errorf("got %d bytes (%v), sealed as offered %v; want the blob back as it was", len(got), err, bytes.Equal(back, own))
	}
	for _, f := range fsys.Files() {
		if strings.HasSuffix(f, ".partial") {
			t.Errorf("got %s left behind", f)
		}
	}
	// Already there: kept, even when offered other valid bytes.
	if err := v.AdoptBlob(small, smallSealed); err != nil {
		t.Errorf("a blob already there: %v", err)
	}
}

func TestAdoptLaysOutTheBlobsAsTheyAre(t *testing.T) {
	fsys := faultfs.New()
	src, v, blobs := blobSource(t, fsys, "/old")
	o := opts(fsys, newClock())
	if err := vault.Adopt("/new", src.id, src.gen, src.sealed, src.slot, v, o); err != nil {
		t.Fatalf("adopt: %v", err)
	}
	nv := mustUnlock(t, "/new", o)
	defer nv.Close()
	for id, data := range blobs {
		got, err := nv.Blob(id)
		own, _ := v.SealedBlob(id)
		copied, _ := nv.SealedBlob(id)
		if err != nil || !bytes.Equal(got, data) || !bytes.Equal(own, copied) {
			t.Errorf("blob %.8s: got %d bytes (%v), copied as it was %v", id, len(got), err, bytes.Equal(own, copied))
		}
	}
}

// badBlobs offers one blob whose bytes are not an age file.
type badBlobs struct{ good vault.SealedBlobs }

func (b badBlobs) BlobIDs() ([]string, error) {
	ids, err := b.good.BlobIDs()
	s := sha256.Sum256([]byte("x"))
	return append(ids, hex.EncodeToString(s[:])), err
}

func (b badBlobs) SealedBlob(id string) ([]byte, error) {
	if data, err := b.good.SealedBlob(id); err == nil {
		return data, nil
	}
	return []byte("not an age file"), nil
}

// B1 for Adopt with blobs: a fault at every operation leaves no vault.json
// (or a whole vault), and a retry on a healthy disk succeeds; a blob that
// is not an age file refuses the whole adoption and leaves nothing.
func TestAdoptWithBlobsSurvivesAFaultAtEveryOperation(t *testing.T) {
	base := faultfs.New()
	src, v, blobs := blobSource(t, base, "/old")
	o := opts(base, newClock())
	if err := vault.Adopt("/bad", src.id, src.gen, src.sealed, src.slot, badBlobs{v}, o); !errors.Is(err, vault.ErrDamaged) {
		t.Errorf("got %v for a blob that is not age, want ErrDamaged", err)
	}
	for _, f := range base.Files() {
		if strings.HasPrefix(f, "/bad/") && !strings.HasSuffix(f, "LOCK") {
			t.Errorf("got %s left by a refused adoption", f)
		}
	}
	ops := 0
	for k := 1; ; k++ {
		fsys := base.Clone()
		o := opts(fsys, newClock())
		fsys.FailAt(k, faultfs.EIO, false)
		err := vault.Adopt("/new", src.id, src.gen, src.sealed, src.slot, v, o)
		ops = fsys.Ops()
		log := fsys.Log()
		fsys.Reset()
		_, serr := fsys.Stat("/new/vault.json")
		switch {
		case err == nil:
		case serr == nil && len(log) >= k && log[k-1] == "SyncDir /new":
			// The last sync failed with the vault whole: it says so, and
			// the vault opens below.
		case serr == nil:
			t.Fatalf("k=%d: got vault.json after %v", k, err)
		default:
			if err := vault.Adopt("/new", src.id, src.gen, src.sealed, src.slot, v, o); err != nil {
				t.Fatalf("k=%d: retry: %v", k, err)
			}
		}
		nv, err := vault.Unlock(bg, "/new", testPass, o)
		if err != nil {
			t.Fatalf("k=%d: unlock: %v", k, err)
		}
		for id, data := range blobs {
			if got, err := nv.Blob(id); err != nil || !bytes.Equal(got, data) {
				t.Errorf("k=%d: blob %.8s: %v", k, id, err)
			}
		}
		nv.Close()
		if ops < k {
			break
		}
	}
	if ops < 30 {
		t.Errorf("got %d operations in an adoption with 3 blobs, want them all covered", ops)
	}
}
