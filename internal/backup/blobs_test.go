package backup_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"xinqing/internal/backup"
	"xinqing/internal/casework"
	"xinqing/internal/store"
	"xinqing/internal/vault"
	"xinqing/internal/workspace"
)

// attachmentCanary is in every synthetic attachment: it must never reach
// the stick in plaintext.
const attachmentCanary = "附件金丝雀-CANARY-7f3a"

// attachBytes makes a synthetic attachment of n bytes (the canary, then
// seeded noise).
func attachBytes(seed uint64, n int) []byte {
	rng := rand.New(rand.NewPCG(seed, 7))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	copy(b, attachmentCanary)
	return b[:n:n]
}

// attach seals data into the vault and records it as an attachment of the
// first student (there must be one), as the app's student screen does.
func attach(t testing.TB, w *workspace.Workspace, data []byte, filename string) *casework.Attachment {
	t.Helper()
	id, err := w.Vault().PutBlob(data)
	if err != nil {
		t.Fatalf("put blob: %v", err)
	}
	ss, err := store.ListAs[*casework.Student](w.Store(), store.Filter{})
	if err != nil || len(ss) == 0 {
		t.Fatalf("got %d students (%v), want one to attach to", len(ss), err)
	}
	s := sha256.Sum256(data)
	a := &casework.Attachment{Meta: casework.Meta{ID: casework.NewID()}, OwnerType: casework.KindStudent,
		OwnerID: ss[0].ID, Filename: filename, MIME: "application/octet-stream", Size: int64(len(data)),
		SHA256: hex.EncodeToString(s[:]), AddedOn: "2026-11-20"}
	if a.SHA256 != id {
		t.Fatalf("got blob id %s, want the content hash %s", id, a.SHA256)
	}
	if err := w.Store().Create(a); err != nil {
		t.Fatalf("create attachment: %v", err)
	}
	w.Changed()
	return a
}

// attachmentsReadable checks that every attachment record of w opens from
// its vault with the bytes of want (by blob id), and that want is covered.
func attachmentsReadable(t *testing.T, w *workspace.Workspace, want map[string][]byte) {
	t.Helper()
	as, err := store.ListAs[*casework.Attachment](w.Store(), store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, a := range as {
		got, err := w.Vault().Blob(a.SHA256)
		if err != nil {
			t.Errorf("attachment %s: %v", a.Filename, err)
			continue
		}
		if !bytes.Equal(got, want[a.SHA256]) {
			t.Errorf("attachment %s: got %d bytes, want %d others", a.Filename, len(got), len(want[a.SHA256]))
		}
		seen[a.SHA256] = true
	}
	if len(seen) != len(want) {
		t.Errorf("got %d distinct attachment files, want %d", len(seen), len(want))
	}
}

// stickFiles lists the files under dir, relative and slash-separated.
func stickFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// withAttachments is a vault with students and four attachment records
// over three distinct files (one of them across several age chunks).
func withAttachments(t *testing.T, c *clock, seed uint64) (*workspace.Workspace, map[string][]byte) {
	t.Helper()
	w, _ := newWorkspace(t, nil, "", c, seed)
	fill(t, w.Store(), rand.New(rand.NewPCG(seed, 1)), 6)
	files := map[string][]byte{}
	for i, n := range []int{1 << 10, 150 << 10, 40} {
		data := attachBytes(seed*10+uint64(i), n)
		a := attach(t, w, data, fmt.Sprintf("扫描件-%d.pdf", i))
		files[a.SHA256] = data
		if i == 0 {
			attach(t, w, data, "同一文件再次上传.pdf")
		}
	}
	save(t, w)
	return w, files
}

// C1 with attachments: backup, verification (by the app and by the real
// sha256sum -c), then each way back: into the same vault after one of its
// attachment files was lost, onto a new PC (new identity), and the
// welcome screen's adoption (same identity).
func TestC1AttachmentsTravelWithTheBackupAndComeBackEveryWay(t *testing.T) {
	c := newClock()
	w, files := withAttachments(t, c, 101)
	stick := t.TempDir()
	var stages []backup.Stage
	res, err := w.Backup(context.Background(), stick, backup.Options{Progress: backup.ProgressFunc(
		func(s backup.Stage, done, total int64) {
			if len(stages) == 0 || stages[len(stages)-1] != s {
				stages = append(stages, s)
			}
		})})
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	if res.Blobs != len(files) || res.Written != len(files) || len(res.Missing) != 0 {
		t.Fatalf("got %d attachment files listed, %d written, %v missing; want %d, %d, none",
			res.Blobs, res.Written, res.Missing, len(files), len(files))
	}
	if len(stages) == 0 || stages[0] != backup.StageBlobs {
		t.Errorf("got stages %v, want the attachments first", stages)
	}
	noPlaintext(t, stick, w)
	for id := range files {
		p := filepath.Join(res.Dir, "blobs", id[:2], id+".age")
		sealed, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("attachment file on the stick: %v", err)
		}
		if bytes.Contains(sealed, []byte(attachmentCanary)) {
			t.Errorf("got the attachment's plaintext in %s", p)
		}
		own, err := w.Vault().SealedBlob(id)
		if err != nil || !bytes.Equal(own, sealed) {
			t.Errorf("got a stick copy of %.8s that is not the vault's sealed bytes (%v)", id, err)
		}
	}

	rep, err := backup.Verify(bg, stick, backup.Passphrase(testPass), backup.Options{})
	if err != nil || rep.Verified != 1 || !rep.Items[0].Full || rep.Items[0].Blobs != len(files) {
		t.Fatalf("verify: got %+v (%v), want one fully verified backup with %d attachment files", rep, err, len(files))
	}
	t.Run("sha256sum -c checks the image, the slot and every attachment file", func(t *testing.T) {
		if _, err := exec.LookPath("sha256sum"); err != nil {
			t.Skip("no sha256sum on this system")
		}
		cmd := exec.Command("sha256sum", "-c", res.Name.String()+".sha256")
		cmd.Dir = res.Dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("sha256sum -c: %v\n%s", err, out)
		}
		if got := strings.Count(string(out), ": OK"); got != 2+len(files) {
			t.Errorf("got %d files OK, want %d:\n%s", got, 2+len(files), out)
		}
		// And it notices a damaged attachment file.
		id := slices.Sorted(func(yield func(string) bool) {
			for id := range files {
				if !yield(id) {
					return
				}
			}
		})[0]
		p := filepath.Join(res.Dir, "blobs", id[:2], id+".age")
		orig, _ := os.ReadFile(p)
		bad := bytes.Clone(orig)
		bad[len(bad)/2] ^= 4
		os.WriteFile(p, bad, 0o600)
		defer os.WriteFile(p, orig, 0o600)
		cmd = exec.Command("sha256sum", "-c", res.Name.String()+".sha256")
		cmd.Dir = res.Dir
		if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "FAILED") {
			t.Errorf("got sha256sum -c passing a damaged attachment file:\n%s", out)
		}
	})

	t.Run("into the same vault after an attachment file was lost", func(t *testing.T) {
		var lost string
		for id := range files {
			if len(files[id]) > 100<<10 {
				lost = id
			}
		}
		if err := os.Remove(filepath.Join(w.Vault().Dir(), "blobs", lost[:2], lost+".age")); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Vault().Blob(lost); err == nil {
			t.Fatal("got the lost attachment still readable")
		}
		cand, err := backup.Inspect(bg, filepath.Join(res.Dir, res.Name.String()+".age"), backup.Options{})
		if err != nil {
			t.Fatal(err)
		}
		r, err := cand.Open(bg, backup.Keys(backup.VaultKey(w.Vault()), backup.Passphrase(testPass)), backup.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Summary.Blobs != len(files) || r.Summary.BlobsAbsent != 0 || r.Summary.Counts[casework.KindAttachment] != len(files)+1 {
			t.Errorf("got summary %d files (%d absent), %d records; want %d, 0, %d", r.Summary.Blobs,
				r.Summary.BlobsAbsent, r.Summary.Counts[casework.KindAttachment], len(files), len(files)+1)
		}
		if err := w.Restore(context.Background(), r); err != nil {
			t.Fatalf("restore: %v", err)
		}
		attachmentsReadable(t, w, files)
		// The same vault: the stick's sealed copy came back as it is, so
		// the next backup writes no attachment file.
		again, err := w.Backup(context.Background(), stick, backup.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if again.Written != 0 || again.Blobs != len(files) {
			t.Errorf("got %d attachment files written by the next backup (of %d), want none", again.Written, again.Blobs)
		}
	})

	t.Run("onto a new PC with a new identity", func(t *testing.T) {
		cand, r := openWithPassphrase(t, filepath.Join(res.Dir, res.Name.String()+".age"))
		dir := filepath.Join(t.TempDir(), "new-pc")
		w2, _, err := workspace.CreateFromBackup(context.Background(), dir, testPass, r, wsOptions(nil, c, 102))
		if err != nil {
			t.Fatalf("create from backup: %v", err)
		}
		defer w2.Lock(bg)
		attachmentsReadable(t, w2, files)
		for id := range files {
			own, _ := w2.Vault().SealedBlob(id)
			if stick, _ := cand.SealedBlob(id); bytes.Equal(own, stick) {
				t.Errorf("got attachment %.8s copied as it is into a vault of another identity", id)
			}
		}
	})

	t.Run("laid out as the same vault (the welcome screen)", func(t *testing.T) {
		cand, err := backup.Inspect(bg, filepath.Join(res.Dir, res.Name.String()+".age"), backup.Options{})
		if err != nil {
			t.Fatal(err)
		}
		sealed, err1 := os.ReadFile(filepath.Join(res.Dir, res.Name.String()+".age"))
		slot, err2 := os.ReadFile(filepath.Join(res.Dir, res.Name.String()+".slot"))
		if err := errors.Join(err1, err2); err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(t.TempDir(), "adopted")
		if err := vault.Adopt(dir, cand.VaultID, cand.Name.Gen, sealed, slot, cand, wsOptions(nil, c, 103).Vault); err != nil {
			t.Fatalf("adopt: %v", err)
		}
		w3, err := workspace.Open(bg, dir, testPass, wsOptions(nil, c, 103))
		if err != nil {
			t.Fatalf("open the adopted vault: %v", err)
		}
		defer w3.Lock(bg)
		attachmentsReadable(t, w3, files)
	})
}

// A second backup writes no attachment file already on the stick; pruning
// removes the files no remaining backup lists and keeps the others.
func TestBackupsShareAttachmentFilesAndPruningKeepsTheListedOnes(t *testing.T) {
	c := newClock()
	w, _ := newWorkspace(t, nil, "", c, 111)
	fill(t, w.Store(), rand.New(rand.NewPCG(111, 1)), 4)
	a := attach(t, w, attachBytes(1, 3000), "a.jpg")
	b := attach(t, w, attachBytes(2, 5000), "b.jpg")
	save(t, w)
	stick := t.TempDir()
	o := backup.Options{Keep: 3}
	r1, err := w.Backup(context.Background(), stick, o)
	if err != nil {
		t.Fatal(err)
	}
	bPath := filepath.Join(r1.Dir, "blobs", b.SHA256[:2], b.SHA256+".age")
	bBefore, err := os.Stat(bPath)
	if err != nil {
		t.Fatal(err)
	}
	// a's record is deleted (its sealed file stays in the vault), c added.
	if err := w.Store().Delete(casework.KindAttachment, a.ID); err != nil {
		t.Fatal(err)
	}
	attach(t, w, attachBytes(3, 7000), "c.jpg")
	var rs []*backup.Result
	for i := range 3 {
		c.Add(time.Hour)
		if i == 2 {
			attach(t, w, attachBytes(4, 100), "d.jpg")
		}
		save(t, w)
		r, err := w.Backup(context.Background(), stick, o)
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, r)
	}
	for i, want := range [][2]int{{2, 1}, {2, 0}, {3, 1}} {
		if rs[i].Blobs != want[0] || rs[i].Written != want[1] {
			t.Errorf("backup %d: got %d listed, %d written; want %d, %d", i+2, rs[i].Blobs, rs[i].Written, want[0], want[1])
		}
	}
	if len(rs[2].Pruned) != 1 || rs[2].Pruned[0] != r1.Name.String() {
		t.Fatalf("got %v pruned, want the first backup", rs[2].Pruned)
	}
	var blobFiles []string
	for _, f := range stickFiles(t, r1.Dir) {
		if strings.HasPrefix(f, "blobs/") {
			blobFiles = append(blobFiles, f)
		}
	}
	if len(blobFiles) != 3 || slices.ContainsFunc(blobFiles, func(f string) bool { return strings.Contains(f, a.SHA256) }) {
		t.Errorf("got attachment files %v, want b, c and d only", blobFiles)
	}
	bAfter, err := os.Stat(bPath)
	if err != nil || !bAfter.ModTime().Equal(bBefore.ModTime()) {
		t.Errorf("got b's file %v (%v), want it untouched since the first backup", bAfter, err)
	}
	rep, err := backup.Verify(bg, stick, backup.Passphrase(testPass), backup.Options{})
	if err != nil || rep.Verified != 3 || rep.Damaged+rep.Incomplete != 0 {
		t.Fatalf("verify: got %+v (%v), want 3 verified", rep, err)
	}
	for _, it := range rep.Items {
		if !it.Full {
			t.Errorf("got %s not fully verified: %v", it.Base, it.Err)
		}
	}
}

// After a re-key the vault seals its attachments anew: the next backup
// writes them as second versions, and the backups from before the re-key
// still verify and restore with the old passphrase.
func TestARekeyedVaultWritesSecondVersionsAndOldBackupsStayWhole(t *testing.T) {
	c := newClock()
	w, files := withAttachments(t, c, 121)
	stick := t.TempDir()
	r1, err := w.Backup(context.Background(), stick, backup.Options{})
	if err != nil {
		t.Fatal(err)
	}
	const newPass = "xinde-mima-chunlei-yunhai 测试二"
	if _, err := w.Rekey(bg, newPass); err != nil {
		t.Fatalf("re-key: %v", err)
	}
	c.Add(time.Hour)
	save(t, w)
	r2, err := w.Backup(context.Background(), stick, backup.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r2.Written != len(files) {
		t.Errorf("got %d attachment files written after the re-key, want %d", r2.Written, len(files))
	}
	for id := range files {
		if _, err := os.Stat(filepath.Join(r2.Dir, "blobs", id[:2], id+".2.age")); err != nil {
			t.Errorf("got no second version of %.8s: %v", id, err)
		}
	}
	for _, tc := range []struct {
		pass string
		full string
	}{{testPass, r1.Name.String()}, {newPass, r2.Name.String()}} {
		rep, err := backup.Verify(bg, stick, backup.Passphrase(tc.pass), backup.Options{})
		if err != nil || rep.Verified != 2 {
			t.Fatalf("verify: got %+v (%v), want both verified", rep, err)
		}
		for _, it := range rep.Items {
			if it.Full != (it.Base == tc.full) {
				t.Errorf("passphrase for %s: got %s full=%v (%v)", tc.full, it.Base, it.Full, it.Err)
			}
		}
	}
	// The old backup onto a new PC with the old passphrase.
	cand, r := openWithPassphrase(t, filepath.Join(r1.Dir, r1.Name.String()+".age"))
	w2, _, err := workspace.CreateFromBackup(context.Background(), filepath.Join(t.TempDir(), "v"), testPass, r, wsOptions(nil, c, 122))
	if err != nil {
		t.Fatal(err)
	}
	defer w2.Lock(bg)
	attachmentsReadable(t, w2, files)
	// The old backup into the re-keyed vault, one attachment lost there:
	// decrypted with the old key, sealed to the new one.
	var lost string
	for id := range files {
		lost = id
	}
	os.Remove(filepath.Join(w.Vault().Dir(), "blobs", lost[:2], lost+".age"))
	cand, err = backup.Inspect(bg, filepath.Join(r1.Dir, r1.Name.String()+".age"), backup.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err = cand.Open(bg, backup.Keys(backup.VaultKey(w.Vault()), backup.Passphrase(testPass)), backup.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Restore(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	attachmentsReadable(t, w, files)
}

// C3 for attachment files: flipped, cut, missing, swapped or foreign
// files on the stick (with and without a manifest rewritten to match)
// make the backup damaged for Verify and refuse the restore as damaged,
// never as a wrong key; the live vault, which lacks one of the files, is
// unchanged.
func TestC3DamagedAttachmentFilesAreFoundAndRefused(t *testing.T) {
	c := newClock()
	w, files := withAttachments(t, c, 131)
	stick := t.TempDir()
	res, err := w.Backup(context.Background(), stick, backup.Options{})
	if err != nil {
		t.Fatal(err)
	}
	save(t, w) // the journal entry
	var big, small string
	for id, data := range files {
		switch {
		case len(data) > 100<<10:
			big = id
		case len(data) < 100:
			small = id
		}
	}
	// The live vault lost the big file: a restore would need it.
	if err := os.Remove(filepath.Join(w.Vault().Dir(), "blobs", big[:2], big+".age")); err != nil {
		t.Fatal(err)
	}
	liveHash, liveGen, liveFiles := contentHash(t, w.Store()), w.State().Gen, dirHashes(t, w.Vault().Dir())

	base := res.Name.String()
	vdir := "/stick/" + backup.RootName + "/" + w.ID()
	orig := memFS{}
	for _, f := range stickFiles(t, res.Dir) {
		b, err := os.ReadFile(filepath.Join(res.Dir, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		orig[vdir+"/"+f] = b
	}
	blobFile := func(id string) string { return vdir + "/blobs/" + id[:2] + "/" + id + ".age" }
	manifest := vdir + "/" + base + ".sha256"
	rehashed := func(fsys memFS, id string) {
		fsys[manifest] = rehash(fsys[manifest], "blobs/"+id[:2]+"/"+id+".age", fsys[blobFile(id)])
	}
	// Another vault's copy of the same attachment: sealed to another key.
	ow, _ := newWorkspace(t, nil, "", newClock(), 132)
	foreignID, err := ow.Vault().PutBlob(files[big])
	if err != nil || foreignID != big {
		t.Fatal(err)
	}
	foreign, _ := ow.Vault().SealedBlob(big)
	sealedBig := orig[blobFile(big)]
	_, start := payloadStart(t, sealedBig)

	if rep, err := backup.Verify(bg, vdir, backup.Passphrase(testPass), backup.Options{FS: orig}); err != nil ||
		rep.Verified != 1 || !rep.Items[0].Full || rep.Items[0].Blobs != len(files) {
		t.Fatalf("untouched: verify got %+v (%v), want it fully verified", rep, err)
	}
	cases := []struct {
		name   string
		change func(memFS)
		// hashed: the manifest sees it, so Verify without a key does.
		hashed bool
	}{
		{"a flipped byte", func(f memFS) { f[blobFile(big)] = flip(f[blobFile(big)], len(sealedBig)/2) }, true},
		{"cut in half", func(f memFS) { f[blobFile(big)] = bytes.Clone(sealedBig[:len(sealedBig)/2]) }, true},
		{"missing", func(f memFS) { delete(f, blobFile(big)) }, true},
		{"empty", func(f memFS) { f[blobFile(small)] = []byte{} }, true},
		{"a flipped header byte, manifest rewritten", func(f memFS) {
			f[blobFile(big)] = flip(f[blobFile(big)], 40)
			rehashed(f, big)
		}, false},
		{"a flipped payload byte, manifest rewritten", func(f memFS) {
			f[blobFile(big)] = flip(f[blobFile(big)], start+70000)
			rehashed(f, big)
		}, false},
		{"cut at the first chunk boundary, manifest rewritten", func(f memFS) {
			f[blobFile(big)] = bytes.Clone(sealedBig[:start+chunkSize])
			rehashed(f, big)
		}, false},
		{"another attachment's file in its place, manifest rewritten", func(f memFS) {
			f[blobFile(big)] = bytes.Clone(f[blobFile(small)])
			rehashed(f, big)
		}, false},
		{"the same attachment sealed to another vault, manifest rewritten", func(f memFS) {
			f[blobFile(big)] = bytes.Clone(foreign)
			rehashed(f, big)
		}, false},
		{"a manifest naming a version that is not there", func(f memFS) {
			f[manifest] = bytes.Replace(f[manifest], []byte(big+".age"), []byte(big+".2.age"), 1)
		}, true},
	}
	for _, tc := range cases {
		fsys := memFS{}
		for k, v := range orig {
			fsys[k] = v
		}
		tc.change(fsys)
		o := backup.Options{FS: fsys}
		rep, err := backup.Verify(bg, vdir, backup.Passphrase(testPass), o)
		if err != nil || rep.Damaged != 1 || !errors.Is(rep.Items[0].Err, backup.ErrDamaged) {
			t.Errorf("%s: verify got %+v (%v), want the backup damaged", tc.name, rep, err)
		}
		if tc.hashed {
			rep, err := backup.Verify(bg, vdir, nil, o)
			if err != nil || rep.Damaged != 1 || !errors.Is(rep.Items[0].Err, backup.ErrDamaged) {
				t.Errorf("%s: verify without a key got %+v (%v), want the backup damaged", tc.name, rep, err)
			}
		}
		err = func() error {
			cand, err := backup.Inspect(bg, vdir+"/"+base+".age", o)
			if err != nil {
				return err
			}
			r, err := cand.Open(bg, backup.Keys(backup.VaultKey(w.Vault()), backup.Passphrase(testPass)), o)
			if err != nil {
				return err
			}
			return w.Restore(context.Background(), r)
		}()
		switch {
		case err == nil:
			t.Fatalf("%s: restored, want refused", tc.name)
		case errors.Is(err, vault.ErrWrongKey) || !errors.Is(err, backup.ErrDamaged):
			t.Fatalf("%s: got %v, want damage", tc.name, err)
		}
	}

	t.Run("a file damaged between the summary and the confirmation", func(t *testing.T) {
		fsys := memFS{}
		for k, v := range orig {
			fsys[k] = v
		}
		o := backup.Options{FS: fsys}
		cand, err := backup.Inspect(bg, vdir+"/"+base+".age", o)
		if err != nil {
			t.Fatal(err)
		}
		r, err := cand.Open(bg, backup.VaultKey(w.Vault()), o)
		if err != nil {
			t.Fatal(err)
		}
		fsys[blobFile(big)] = flip(fsys[blobFile(big)], 100)
		if err := w.Restore(context.Background(), r); !errors.Is(err, backup.ErrDamaged) {
			t.Fatalf("got %v, want the restore refused as damaged", err)
		}
	})

	if got := contentHash(t, w.Store()); got != liveHash {
		t.Errorf("got live content hash %x after the attempts, want %x", got, liveHash)
	}
	if got := w.State().Gen; got != liveGen {
		t.Errorf("got live generation %d, want %d", got, liveGen)
	}
	after := dirHashes(t, w.Vault().Dir())
	if len(after) != len(liveFiles) {
		t.Errorf("got %d vault files, want %d", len(after), len(liveFiles))
	}
	for p, h := range liveFiles {
		if after[p] != h {
			t.Errorf("vault file %s changed", p)
		}
	}
}

func flip(b []byte, at int) []byte {
	b = bytes.Clone(b)
	b[at] ^= 0x20
	return b
}

// Cancelling while the attachment files are copied leaves nothing on the
// stick that the next backup does not clear; a Verify cancelled while it
// reads them says so.
func TestCancellingDuringTheAttachmentFilesLeavesNothingBehind(t *testing.T) {
	c := newClock()
	w, files := withAttachments(t, c, 141)
	stick := t.TempDir()
	// Cancelled after the first file was copied.
	ctx, stop := context.WithCancel(bg)
	cancel := &cancelAfter{stage: backup.StageBlobs, n: 2, cancel: stop}
	if _, err := w.Backup(ctx, stick, backup.Options{Progress: cancel}); !errors.Is(err, backup.ErrCancelled) {
		t.Fatalf("got %v, want ErrCancelled", err)
	}
	for _, f := range stickFiles(t, stick) {
		if f != backup.RootName+"/"+backup.HowToName {
			t.Errorf("got %s left on the stick after the cancel", f)
		}
	}
	res, err := w.Backup(context.Background(), stick, backup.Options{})
	if err != nil || res.Written != len(files) {
		t.Fatalf("got %+v (%v), want a backup writing every attachment file", res, err)
	}
	ctx, stop = context.WithCancel(bg)
	defer stop()
	cancel = &cancelAfter{stage: backup.StageBlobs, n: 1, cancel: stop}
	if _, err := backup.Verify(ctx, stick, nil, backup.Options{Progress: cancel}); !errors.Is(err, backup.ErrCancelled) {
		t.Errorf("got %v from a cancelled verification, want ErrCancelled", err)
	}
}

// cancelAfter cancels once stage has been reported n times.
type cancelAfter struct {
	stage  backup.Stage
	n      int
	cancel context.CancelFunc
}

func (c *cancelAfter) Report(s backup.Stage, done, total int64) {
	if s == c.stage {
		c.n--
		if c.n <= 0 {
			c.cancel()
		}
	}
}

// An attachment file the vault has lost or that is damaged there does not
// stop the backup: the rest is backed up, the loss is reported, and a
// restore says how many files the backup lacks.
func TestAnAttachmentFileTheVaultLostIsReportedNotFatal(t *testing.T) {
	c := newClock()
	w, files := withAttachments(t, c, 151)
	var big, small string
	for id, data := range files {
		switch {
		case len(data) > 100<<10:
			big = id
		case len(data) < 100:
			small = id
		}
	}
	vdir := w.Vault().Dir()
	if err := os.Remove(filepath.Join(vdir, "blobs", big[:2], big+".age")); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(vdir, "blobs", small[:2], small+".age")
	b, _ := os.ReadFile(p)
	b[len(b)-3] ^= 1
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	stick := t.TempDir()
	res, err := w.Backup(context.Background(), stick, backup.Options{})
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	slices.Sort(res.Missing)
	want := []string{big, small}
	slices.Sort(want)
	if !slices.Equal(res.Missing, want) || res.Blobs != len(files)-2 {
		t.Errorf("got %d listed and missing %v, want %d and %v", res.Blobs, res.Missing, len(files)-2, want)
	}
	for _, f := range stickFiles(t, stick) {
		if strings.Contains(f, big) || strings.Contains(f, small) {
			t.Errorf("got %s on the stick, want no copy of a lost or damaged file", f)
		}
	}
	rep, err := backup.Verify(bg, stick, backup.Passphrase(testPass), backup.Options{})
	if err != nil || rep.Verified != 1 || !rep.Items[0].Full {
		t.Fatalf("verify: got %+v (%v), want the backup whole", rep, err)
	}
	_, r := openWithPassphrase(t, rep.Items[0].File())
	defer r.Close()
	if r.Summary.Blobs != len(files)-2 || r.Summary.BlobsAbsent != 2 {
		t.Errorf("got %d attachment files and %d absent in the summary, want %d and 2", r.Summary.Blobs, r.Summary.BlobsAbsent, len(files)-2)
	}
}
