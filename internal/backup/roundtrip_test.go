package backup_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xinqing/internal/backup"
	"xinqing/internal/casework"
	"xinqing/internal/store"
	"xinqing/internal/vault"
	"xinqing/internal/workspace"
)

// C1: 50 random databases, each backed up, verified and restored; the
// restored content hash equals the source's.
func TestC1RandomDatabasesSurviveBackupVerifyRestore(t *testing.T) {
	for i := range 50 {
		t.Run(fmt.Sprintf("db %02d", i), func(t *testing.T) {
			t.Parallel()
			c := newClock()
			c.Add(time.Duration(i) * time.Hour)
			rng := rand.New(rand.NewPCG(uint64(i), 99))
			w, _ := newWorkspace(t, nil, "", c, uint64(i))
			fill(t, w.Store(), rng, rng.IntN(40))
			save(t, w)
			want := contentHash(t, w.Store())
			stick := t.TempDir()
			res, err := w.Backup(context.Background(), stick, backup.Options{})
			if err != nil {
				t.Fatalf("backup: %v", err)
			}
			if res.Hash != want {
				t.Fatalf("got backup hash %x, want %x", res.Hash, want)
			}
			noPlaintext(t, stick, w)
			rep, err := backup.Verify(bg, stick, backup.Passphrase(testPass), backup.Options{})
			if err != nil || rep.Verified != 1 || rep.Damaged+rep.Incomplete != 0 || !rep.Items[0].Full {
				t.Fatalf("verify: got %+v (%v), want one fully verified backup", rep, err)
			}
			cand, err := backup.Inspect(bg, rep.Items[0].File(), backup.Options{})
			if err != nil {
				t.Fatalf("inspect: %v", err)
			}
			r, err := cand.Open(bg, backup.Passphrase(testPass), backup.Options{})
			if err != nil {
				t.Fatalf("open: %v", err)
			}
			defer r.Close()
			if r.Summary.Hash != want || contentHash(t, r.Store) != want {
				t.Errorf("got restored hash %x, want %x", r.Summary.Hash, want)
			}
			n, _ := w.Store().Count(casework.KindStudent)
			if got := r.Summary.Counts[casework.KindStudent]; got != n {
				t.Errorf("got %d students in the summary, want %d", got, n)
			}
		})
	}
}

func TestRestoreIntoTheLiveVaultSealsAPreRestoreGenerationFirst(t *testing.T) {
	c := newClock()
	w, _ := newWorkspace(t, nil, "", c, 1)
	dir := w.Vault().Dir()
	rng := rand.New(rand.NewPCG(1, 2))
	fill(t, w.Store(), rng, 20)
	save(t, w)
	stick := t.TempDir()
	res, err := w.Backup(context.Background(), stick, backup.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Work continues after the backup, then the user restores it.
	fill(t, w.Store(), rng, 5)
	save(t, w)
	genBefore := w.State().Gen

	cand, err := backup.Inspect(bg, filepath.Join(res.Dir, res.Name.String()+".age"), backup.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := cand.Open(bg, backup.Keys(backup.VaultKey(w.Vault()), backup.Passphrase(testPass)), backup.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Summary.Hash != res.Hash {
		t.Fatalf("got restored hash %x, want the backup's %x", r.Summary.Hash, res.Hash)
	}
	if err := w.Restore(context.Background(), r); err != nil {
		t.Fatalf("restore: %v", err)
	}
	if n, _ := w.Store().Count(casework.KindStudent); n != 20 {
		t.Errorf("got %d students after restore, want the backup's 20", n)
	}
	log, _ := w.Store().AuditLog(0, 0)
	if last := log[len(log)-1]; last.Action != casework.AuditActionRestore || last.ObjectID != "restore "+res.Name.String() {
		t.Errorf("got last audit entry %s %q, want the restore", last.Action, last.ObjectID)
	}
	if got := w.State().Gen; got != genBefore+2 {
		t.Errorf("got generation %d after restore, want %d (pre-restore, then restored)", got, genBefore+2)
	}
	if err := w.Lock(bg); err != nil {
		t.Fatal(err)
	}
	// On disk: the pre-restore generation holds the 25 students of the
	// live state, the newest one the restored 20.
	v, err := vault.Unlock(bg, dir, testPass, wsOptions(nil, c, 1).Vault)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	students := map[uint64]int{}
	rep, err := v.Check(bg, func(gen uint64, image []byte) error {
		st, err := store.Load(bg, image, gen)
		if err != nil {
			return err
		}
		defer st.Close()
		students[gen], err = st.Count(casework.KindStudent)
		return err
	})
	if err != nil || rep.Damaged != 0 {
		t.Fatalf("check: %+v %v", rep, err)
	}
	if students[genBefore+1] != 25 || students[genBefore+2] != 20 {
		t.Errorf("got students per generation %v, want %d: 25 and %d: 20", students, genBefore+1, genBefore+2)
	}
}

func TestRestoreOnANewPCCreatesTheVaultFromTheBackup(t *testing.T) {
	c := newClock()
	w, _ := newWorkspace(t, nil, "", c, 3)
	fill(t, w.Store(), rand.New(rand.NewPCG(3, 3)), 15)
	save(t, w)
	stick := t.TempDir()
	res, err := w.Backup(context.Background(), stick, backup.Options{})
	if err != nil {
		t.Fatal(err)
	}
	oldID := w.ID()
	w.Lock(bg)

	_, r := openWithPassphrase(t, filepath.Join(res.Dir, res.Name.String()+".sha256"))
	dir := filepath.Join(t.TempDir(), "new-pc-vault")
	w2, identity, err := workspace.CreateFromBackup(context.Background(), dir, testPass, r, wsOptions(nil, c, 4))
	if err != nil {
		t.Fatalf("create from backup: %v", err)
	}
	defer w2.Lock(bg)
	if identity == "" || w2.ID() == oldID {
		t.Errorf("got identity %d chars and id %s (old %s), want a new identity and id", len(identity), w2.ID(), oldID)
	}
	if n, _ := w2.Store().Count(casework.KindStudent); n != 15 {
		t.Errorf("got %d students, want 15", n)
	}
	if err := w2.Lock(bg); err != nil {
		t.Fatal(err)
	}
	w3, err := workspace.Open(bg, dir, testPass, wsOptions(nil, c, 4))
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer w3.Lock(bg)
	if n, _ := w3.Store().Count(casework.KindStudent); n != 15 {
		t.Errorf("got %d students after reopening, want 15", n)
	}
}

// noPlaintext scans every file on the stick for the SQLite header and for
// the names and notes of the vault's students (E3 for the backup folder).
func noPlaintext(t *testing.T, stick string, w *workspace.Workspace) {
	t.Helper()
	students, err := w.Store().List(casework.KindStudent)
	if err != nil {
		t.Fatal(err)
	}
	canaries := []string{"SQLite format 3", attachmentCanary}
	for _, r := range students {
		s := r.(*casework.Student)
		canaries = append(canaries, s.Name, s.Notes)
	}
	err = filepath.WalkDir(stick, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, c := range canaries {
			if c != "" && strings.Contains(string(b), c) {
				t.Errorf("got %q in plaintext in %s", c, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
