package backup_test

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"xinqing/internal/backup"
	"xinqing/internal/casework"
	"xinqing/internal/store"
	"xinqing/internal/workspace"
)

var update = flag.Bool("update", false, "rewrite the newest golden backup in testdata (only for a new format version)")

// writeGoldenEnv names one golden directory to write anew (for example
// XINQING_WRITE_GOLDEN=golden-v2), once, when a format version is made.
const writeGoldenEnv = "XINQING_WRITE_GOLDEN"

// goldenPass opens the golden backups; a test-only passphrase whose slot
// uses tiny KDF parameters.
const goldenPass = testPass

// goldenDirs are the committed golden backups, one per released format
// version. A new format version adds a directory; none is ever removed.
// golden-v2 is the first with an attachment file (blobs/ beside the
// backups, blob lines in the manifest).
var goldenDirs = []string{"golden-v1", "golden-v2"}

// golden is what is recorded beside a golden backup.
type golden struct {
	File   string         `json:"file"` // path of the .age under the directory
	Hash   string         `json:"content_hash"`
	Counts map[string]int `json:"counts"`
	// Blobs is the number of attachment files (from golden-v2 on).
	Blobs int `json:"blobs,omitempty"`
}

// C4: every committed golden backup restores, with the recorded counts and
// content hash.
func TestC4GoldenBackupsRestore(t *testing.T) {
	if *update {
		d := goldenDirs[len(goldenDirs)-1]
		writeGolden(t, filepath.Join("testdata", d), d != "golden-v1")
	}
	if d := os.Getenv(writeGoldenEnv); d != "" {
		if !slices.Contains(goldenDirs, d) {
			t.Fatalf("%s=%s: not a golden directory (%v)", writeGoldenEnv, d, goldenDirs)
		}
		writeGolden(t, filepath.Join("testdata", d), d != "golden-v1")
	}
	for _, d := range goldenDirs {
		t.Run(d, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", d, "expect.json"))
			if err != nil {
				t.Fatal(err)
			}
			var g golden
			if err := json.Unmarshal(b, &g); err != nil {
				t.Fatal(err)
			}
			rep, err := backup.Verify(bg, filepath.Join("testdata", d), backup.Passphrase(goldenPass), backup.Options{})
			if err != nil || rep.Verified != 1 || !rep.Items[0].Full {
				t.Fatalf("verify: got %+v (%v), want one fully verified backup", rep, err)
			}
			c, err := backup.Inspect(bg, filepath.Join("testdata", d, filepath.FromSlash(g.File)), backup.Options{})
			if err != nil {
				t.Fatal(err)
			}
			r, err := c.Open(bg, backup.Passphrase(goldenPass), backup.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := hex.EncodeToString(r.Summary.Hash[:]); got != g.Hash {
				t.Errorf("got content hash %s, want %s", got, g.Hash)
			}
			for k, want := range g.Counts {
				if got := r.Summary.Counts[casework.Kind(k)]; got != want {
					t.Errorf("got %d %s, want %d", got, k, want)
				}
			}
			if n := r.Summary.Counts[casework.KindStudent]; n == 0 {
				t.Error("got no students in the golden backup")
			}
			if r.Summary.Blobs != g.Blobs || r.Summary.BlobsAbsent != 0 {
				t.Errorf("got %d attachment files (%d absent), want %d", r.Summary.Blobs, r.Summary.BlobsAbsent, g.Blobs)
			}
			// Onto a new PC: every attachment opens with its recorded size.
			w, _, err := workspace.CreateFromBackup(context.Background(), filepath.Join(t.TempDir(), "v"), goldenPass, r,
				wsOptions(nil, newClock(), 1))
			if err != nil {
				t.Fatalf("create from the golden backup: %v", err)
			}
			defer w.Lock(bg)
			as, err := store.ListAs[*casework.Attachment](w.Store(), store.Filter{})
			if err != nil || len(as) != g.Blobs {
				t.Fatalf("got %d attachments (%v), want %d", len(as), err, g.Blobs)
			}
			for _, a := range as {
				data, err := w.Vault().Blob(a.SHA256)
				if err != nil || int64(len(data)) != a.Size || !strings.HasPrefix(string(data), attachmentCanary) {
					t.Errorf("attachment %s: got %d bytes (%v), want %d", a.Filename, len(data), err, a.Size)
				}
			}
		})
	}
}

// writeGolden makes a small synthetic vault (with one attachment file if
// blob), backs it up into dir and records the expectations.
func writeGolden(t *testing.T, dir string, blob bool) {
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	c := newClock()
	w, _ := newWorkspace(t, nil, "", c, 42)
	fill(t, w.Store(), rand.New(rand.NewPCG(42, 42)), 12)
	if blob {
		attach(t, w, attachBytes(42, 3000), "知情同意书扫描件.pdf")
	}
	save(t, w)
	res, err := w.Backup(context.Background(), dir, backup.Options{})
	if err != nil {
		t.Fatal(err)
	}
	g := golden{Hash: hex.EncodeToString(res.Hash[:]), Counts: map[string]int{}, Blobs: res.Blobs}
	rel, _ := filepath.Rel(dir, filepath.Join(res.Dir, res.Name.String()+".age"))
	g.File = filepath.ToSlash(rel)
	for _, k := range []casework.Kind{casework.KindStudent, casework.KindCase} {
		n, err := w.Store().Count(k)
		if err != nil {
			t.Fatal(err)
		}
		g.Counts[string(k)] = n
	}
	b, _ := json.MarshalIndent(g, "", "  ")
	if err := os.WriteFile(filepath.Join(dir, "expect.json"), append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}
