package backup_test

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"xinqing/internal/backup"
	"xinqing/internal/casework"
)

var update = flag.Bool("update", false, "rewrite the golden backup in testdata (only for a new format version)")

// goldenPass opens the golden backups; a test-only passphrase whose slot
// uses tiny KDF parameters.
const goldenPass = testPass

// goldenDirs are the committed golden backups, one per released format
// version. A new format version adds a directory; none is ever removed.
var goldenDirs = []string{"golden-v1"}

// golden is what is recorded beside a golden backup.
type golden struct {
	File   string         `json:"file"` // path of the .age under the directory
	Hash   string         `json:"content_hash"`
	Counts map[string]int `json:"counts"`
}

// C4: every committed golden backup restores, with the recorded counts and
// content hash.
func TestC4GoldenBackupsRestore(t *testing.T) {
	if *update {
		writeGolden(t, filepath.Join("testdata", goldenDirs[len(goldenDirs)-1]))
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
			rep, err := backup.Verify(filepath.Join("testdata", d), backup.Passphrase(goldenPass), backup.Options{})
			if err != nil || rep.Verified != 1 || !rep.Items[0].Full {
				t.Fatalf("verify: got %+v (%v), want one fully verified backup", rep, err)
			}
			c, err := backup.Inspect(filepath.Join("testdata", d, filepath.FromSlash(g.File)), backup.Options{})
			if err != nil {
				t.Fatal(err)
			}
			r, err := c.Open(backup.Passphrase(goldenPass), backup.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
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
		})
	}
}

// writeGolden makes a small synthetic vault, backs it up into dir and
// records the expectations.
func writeGolden(t *testing.T, dir string) {
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	c := newClock()
	w, _ := newWorkspace(t, nil, "", c, 42)
	fill(t, w.Store(), rand.New(rand.NewPCG(42, 42)), 12)
	save(t, w)
	res, err := w.Backup(context.Background(), dir, backup.Options{})
	if err != nil {
		t.Fatal(err)
	}
	g := golden{Hash: hex.EncodeToString(res.Hash[:]), Counts: map[string]int{}}
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
