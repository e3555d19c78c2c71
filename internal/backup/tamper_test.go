package backup_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xinqing/internal/backup"
	"xinqing/internal/vault"
	"xinqing/internal/workspace"
)

// tamperBench is a live vault with two backups whose files tests alter.
type tamperBench struct {
	w          *workspace.Workspace
	a, b       backup.Result // two backups of the same vault
	files      map[string][]byte
	key        backup.Key
	liveHash   [32]byte
	liveGen    uint64
	vaultFiles map[string][32]byte
}

func newTamperBench(t *testing.T) *tamperBench {
	c := newClock()
	w, _ := newWorkspace(t, nil, "", c, 9)
	rng := rand.New(rand.NewPCG(9, 9))
	fill(t, w.Store(), rng, 20)
	save(t, w)
	stick := t.TempDir()
	a, err := w.Backup(context.Background(), stick, backup.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c.Add(time.Hour)
	fill(t, w.Store(), rng, 20)
	save(t, w)
	b, err := w.Backup(context.Background(), stick, backup.Options{})
	if err != nil {
		t.Fatal(err)
	}
	save(t, w) // the journal entry of the second backup
	tb := &tamperBench{w: w, a: *a, b: *b, files: map[string][]byte{}, key: backup.Passphrase(testPass),
		liveHash: contentHash(t, w.Store()), liveGen: w.State().Gen, vaultFiles: dirHashes(t, w.Vault().Dir())}
	for _, r := range []*backup.Result{a, b} {
		for _, ext := range []string{".age", ".slot", ".sha256"} {
			data, err := os.ReadFile(filepath.Join(r.Dir, r.Name.String()+ext))
			if err != nil {
				t.Fatal(err)
			}
			tb.files[r.Name.String()+ext] = data
		}
	}
	return tb
}

func dirHashes(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err == nil {
			out[p] = sha256.Sum256(b)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// attempt plants files (base name → bytes) on an in-memory stick and runs
// the whole restore path on them; it returns the refusal.
func (tb *tamperBench) attempt(base string, files map[string][]byte) error {
	fsys := memFS{}
	dir := "/stick/" + backup.RootName + "/" + tb.w.ID()
	for name, data := range files {
		fsys[path.Join(dir, name)] = data
	}
	o := backup.Options{FS: fsys}
	c, err := backup.Inspect(bg, path.Join(dir, base+".age"), o)
	if err != nil {
		return err
	}
	r, err := c.Open(bg, tb.key, o)
	if err != nil {
		return err
	}
	if err := tb.w.Restore(context.Background(), r); err != nil {
		return fmt.Errorf("restore itself failed: %v", err)
	}
	return nil
}

// set is backup a's three files with the image replaced; with remanifest
// the manifest is rewritten to match (damage the manifest cannot see).
func (tb *tamperBench) set(image []byte, remanifest bool) (string, map[string][]byte) {
	base := tb.a.Name.String()
	files := map[string][]byte{base + ".age": image, base + ".slot": tb.files[base+".slot"],
		base + ".sha256": tb.files[base+".sha256"]}
	if remanifest {
		files[base+".sha256"] = rehash(tb.files[base+".sha256"], base+".age", image)
	}
	return base, files
}

// rehash replaces the hash of name in a manifest by the hash of data.
func rehash(manifest []byte, name string, data []byte) []byte {
	lines := strings.Split(string(manifest), "\n")
	for i, l := range lines {
		if strings.HasSuffix(l, "  "+name) {
			lines[i] = fmt.Sprintf("%x  %s", sha256.Sum256(data), name)
		}
	}
	return []byte(strings.Join(lines, "\n"))
}

func (tb *tamperBench) refused(t *testing.T, what string, err error, want error) {
	t.Helper()
	switch {
	case err == nil:
		t.Fatalf("%s: restored, want refused", what)
	case errors.Is(err, vault.ErrWrongKey):
		t.Fatalf("%s: got %v, a wrong key; want %v", what, err, want)
	case !errors.Is(err, want):
		t.Fatalf("%s: got %v, want %v", what, err, want)
	}
}

// payloadStart finds where the age payload's chunks begin: after the
// header line "--- mac" and the 16-byte nonce.
func payloadStart(t *testing.T, sealed []byte) (header, start int) {
	i := bytes.Index(sealed, []byte("\n--- "))
	if i < 0 {
		t.Fatal("no age header end")
	}
	header = i + 1 + bytes.IndexByte(sealed[i+1:], '\n') + 1
	return header, header + 16
}

const chunkSize = 64<<10 + 16

// C3: flips, truncations, splices on backup files: every restore is
// refused as damaged (never as a wrong passphrase), and the live vault is
// unchanged.
func TestC3TamperedBackupsAreRefusedAndTheLiveVaultIsUnchanged(t *testing.T) {
	tb := newTamperBench(t)
	base := tb.a.Name.String()
	sealed := tb.files[base+".age"]
	hdr, start := payloadStart(t, sealed)
	chunks := (len(sealed) - start + chunkSize - 1) / chunkSize
	if chunks < 3 {
		t.Fatalf("got %d payload chunks (%d bytes), want at least 3 for the chunk tests", chunks, len(sealed))
	}
	// The untouched set restores (into a throwaway check, not the vault).
	if c, err := backup.Inspect(bg, filepath.Join(tb.a.Dir, base+".age"), backup.Options{}); err != nil {
		t.Fatalf("untouched backup: %v", err)
	} else if r, err := c.Open(bg, tb.key, backup.Options{}); err != nil {
		t.Fatalf("untouched backup: %v", err)
	} else {
		r.Close()
	}

	t.Run("bit flips the manifest sees: every byte of the first 4 KiB and 1,000 random", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 3))
		pos := make([]int, 0, 5096)
		for i := 0; i < 4096 && i < len(sealed); i++ {
			pos = append(pos, i)
		}
		for range 1000 {
			pos = append(pos, rng.IntN(len(sealed)))
		}
		for _, p := range pos {
			img := bytes.Clone(sealed)
			img[p] ^= 1 << rng.IntN(8)
			b, files := tb.set(img, false)
			tb.refused(t, fmt.Sprintf("flip at %d", p), tb.attempt(b, files), backup.ErrDamaged)
		}
	})
	t.Run("bit flips behind a rewritten manifest: every header byte and 300 payload bytes", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(4, 4))
		var pos []int
		for i := 0; i < start; i++ {
			pos = append(pos, i)
		}
		for range 300 {
			pos = append(pos, start+rng.IntN(len(sealed)-start))
		}
		for _, p := range pos {
			img := bytes.Clone(sealed)
			img[p] ^= 1 << rng.IntN(8)
			b, files := tb.set(img, true)
			tb.refused(t, fmt.Sprintf("flip at %d", p), tb.attempt(b, files), backup.ErrDamaged)
		}
	})
	t.Run("truncations at every header length and around each chunk boundary", func(t *testing.T) {
		var cuts []int
		for n := 0; n <= start; n++ {
			cuts = append(cuts, n)
		}
		for i := 1; i <= chunks; i++ {
			for _, d := range []int{-17, -16, -1, 0, 1, 16, 17} {
				if n := start + i*chunkSize + d; n > start && n < len(sealed) {
					cuts = append(cuts, n)
				}
			}
		}
		cuts = append(cuts, len(sealed)-1)
		for _, n := range cuts {
			for _, re := range []bool{false, true} {
				b, files := tb.set(bytes.Clone(sealed[:n]), re)
				tb.refused(t, fmt.Sprintf("cut at %d (manifest rewritten %v)", n, re), tb.attempt(b, files), backup.ErrDamaged)
			}
		}
		_ = hdr
	})
	t.Run("splices", func(t *testing.T) {
		other := tb.files[tb.b.Name.String()+".age"]
		_, ostart := payloadStart(t, other)
		chunk := func(i int) []byte { return sealed[start+i*chunkSize : start+(i+1)*chunkSize] }
		cases := map[string][]byte{
			"header of one backup, payload of another": append(bytes.Clone(sealed[:start]), other[ostart:]...),
			"one byte appended":                        append(bytes.Clone(sealed), 0),
			"a whole chunk appended":                   append(bytes.Clone(sealed), chunk(0)...),
			"chunks 0 and 1 swapped": append(append(append(bytes.Clone(sealed[:start]), chunk(1)...), chunk(0)...),
				sealed[start+2*chunkSize:]...),
			"chunk 1 dropped":            append(bytes.Clone(sealed[:start+chunkSize]), sealed[start+2*chunkSize:]...),
			"the other backup's image":   other,
			"another file's nonce":       append(append(bytes.Clone(sealed[:hdr]), other[hdr:hdr+16]...), sealed[start:]...),
			"the payload of the other":   append(bytes.Clone(sealed[:hdr]), other[hdr:]...),
			"an empty file":              {},
			"a plain SQLite header only": []byte("SQLite format 3\x00"),
		}
		for what, img := range cases {
			for _, re := range []bool{false, true} {
				b, files := tb.set(img, re)
				tb.refused(t, fmt.Sprintf("%s (manifest rewritten %v)", what, re), tb.attempt(b, files), backup.ErrDamaged)
			}
		}
	})
	t.Run("manifests, slots and names", func(t *testing.T) {
		ob := tb.b.Name.String()
		// Backup b's files under a's name with a's generation: the database
		// inside names another generation.
		renamed := map[string][]byte{base + ".age": tb.files[ob+".age"], base + ".slot": tb.files[ob+".slot"]}
		renamed[base+".sha256"] = []byte(strings.NewReplacer(ob, base, fmt.Sprintf("gen=%d ", tb.b.Name.Gen),
			fmt.Sprintf("gen=%d ", tb.a.Name.Gen)).Replace(string(tb.files[ob+".sha256"])))
		tb.refused(t, "a backup renamed to another generation", tb.attempt(base, renamed), backup.ErrDamaged)

		m := tb.files[base+".sha256"]
		fp := bytes.Index(m, []byte("fp=")) + 3
		wrongFP := bytes.Clone(m)
		wrongFP[fp] ^= 1
		if wrongFP[fp] == 'g'^1 || wrongFP[fp] > 'f' {
			wrongFP[fp] = '0'
		}
		_, files := tb.set(sealed, false)
		files[base+".sha256"] = wrongFP
		tb.refused(t, "a wrong fingerprint", tb.attempt(base, files), backup.ErrDamaged)

		for n := 0; n < len(m); n += 7 {
			_, files := tb.set(sealed, false)
			files[base+".sha256"] = m[:n]
			tb.refused(t, fmt.Sprintf("manifest cut at %d", n), tb.attempt(base, files), backup.ErrDamaged)
		}
		_, files = tb.set(sealed, false)
		files[base+".sha256"] = append(bytes.Clone(m), m...)
		tb.refused(t, "manifest repeated", tb.attempt(base, files), backup.ErrDamaged)

		_, files = tb.set(sealed, false)
		delete(files, base+".sha256")
		tb.refused(t, "no manifest", tb.attempt(base, files), backup.ErrIncomplete)

		_, files = tb.set(sealed, false)
		files[base+".slot"] = append(bytes.Clone(files[base+".slot"]), 0)
		tb.refused(t, "a slot that fails its manifest, opened with the passphrase", tb.attempt(base, files), backup.ErrDamaged)

		// A slot of another vault under the same passphrase, manifest
		// rewritten: the passphrase opens it, so the mismatch is damage.
		ow, _ := newWorkspace(t, nil, "", newClock(), 77)
		slot, err := ow.Vault().SlotBytes()
		if err != nil {
			t.Fatal(err)
		}
		_, files = tb.set(sealed, false)
		files[base+".slot"] = slot
		files[base+".sha256"] = rehash(m, base+".slot", slot)
		tb.refused(t, "another vault's slot", tb.attempt(base, files), backup.ErrDamaged)
	})

	if got := contentHash(t, tb.w.Store()); got != tb.liveHash {
		t.Errorf("got live content hash %x after the attempts, want %x", got, tb.liveHash)
	}
	if got := tb.w.State().Gen; got != tb.liveGen {
		t.Errorf("got live generation %d, want %d", got, tb.liveGen)
	}
	after := dirHashes(t, tb.w.Vault().Dir())
	if len(after) != len(tb.vaultFiles) {
		t.Errorf("got %d vault files, want %d", len(after), len(tb.vaultFiles))
	}
	for p, h := range tb.vaultFiles {
		if after[p] != h {
			t.Errorf("vault file %s changed", p)
		}
	}
}

// A wrong passphrase on an intact backup is a wrong key, never damage.
func TestAWrongPassphraseOnAnIntactBackupIsAWrongKey(t *testing.T) {
	tb := newTamperBench(t)
	tb.key = backup.Passphrase("not the passphrase at all")
	b, files := tb.set(tb.files[tb.a.Name.String()+".age"], false)
	if err := tb.attempt(b, files); !errors.Is(err, vault.ErrWrongKey) || errors.Is(err, vault.ErrDamaged) {
		t.Errorf("got %v, want only a wrong key", err)
	}
}
