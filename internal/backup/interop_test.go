package backup_test

import (
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"xinqing/internal/backup"
	"xinqing/internal/store"
	"xinqing/internal/vault/sheet"
)

// The stock age command, built from the pinned module, decrypts a backup
// with the identity written as 如何恢复.txt says (from the sheet's groups),
// and the result is an SQLite database with the same content.
func TestTheStockAgeToolDecryptsABackupWithTheSheet(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the age command")
	}
	tmp := t.TempDir()
	ageBin := filepath.Join(tmp, "age")
	build := exec.Command("go", "build", "-o", ageBin, "filippo.io/age/cmd/age")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Skipf("cannot build the age command from the pinned module (%v): %s", err, out)
	}
	c := newClock()
	w, identity := newWorkspace(t, nil, "", c, 11)
	fill(t, w.Store(), rand.New(rand.NewPCG(11, 11)), 25)
	save(t, w)
	res, err := w.Backup(context.Background(), filepath.Join(tmp, "stick"), backup.Options{})
	if err != nil {
		t.Fatal(err)
	}

	// What the counselor types from the printed sheet, turned into the
	// key file by the recipe of 如何恢复.txt: the prefix, the first four
	// characters of groups 1–14 and the first two of group 15.
	sh, err := sheet.Format(identity)
	if err != nil {
		t.Fatal(err)
	}
	var key strings.Builder
	key.WriteString("AGE-SECRET-KEY-PQ-1")
	for i, g := range sh.Groups {
		n := 4
		if i == len(sh.Groups)-1 {
			n = 2
		}
		key.WriteString(g[:n])
	}
	if typed, err := sheet.Parse(strings.Join(sh.Lines(5), "\n")); err != nil || !strings.EqualFold(typed, key.String()) {
		t.Fatalf("the recipe's key differs from the sheet's identity (%v)", err)
	}
	howto, err := os.ReadFile(filepath.Join(tmp, "stick", backup.RootName, backup.HowToName))
	if err != nil || !strings.Contains(string(howto), "age -d -i key.txt") {
		t.Fatalf("如何恢复.txt lacks the age recipe (%v)", err)
	}
	keyFile := filepath.Join(tmp, "key.txt")
	if err := os.WriteFile(keyFile, []byte(key.String()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dbFile := filepath.Join(tmp, "db.sqlite")
	dec := exec.Command(ageBin, "-d", "-i", keyFile, "-o", dbFile, filepath.Join(res.Dir, res.Name.String()+".age"))
	if out, err := dec.CombinedOutput(); err != nil {
		t.Fatalf("age -d: %v: %s", err, out)
	}
	db, err := os.ReadFile(dbFile)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(db), "SQLite format 3\x00") {
		t.Fatalf("got %q at the start of the decrypted file, want an SQLite header", db[:min(16, len(db))])
	}
	st, err := store.Load(bg, db, res.Name.Gen)
	if err != nil {
		t.Fatalf("open the decrypted database: %v", err)
	}
	defer st.Close()
	if got := contentHash(t, st); got != res.Hash {
		t.Errorf("got content hash %x, want %x", got, res.Hash)
	}
}
