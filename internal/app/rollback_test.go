package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"xinqing/internal/backup"
)

// testSite is a PC whose markers live in a temporary profile and whose
// only removable drive is stick ("" : none).
func testSite(t *testing.T, stick string) Site {
	t.Helper()
	s := Site{Markers: filepath.Join(t.TempDir(), "profile"), Pointer: filepath.Join(t.TempDir(), "vault-location.txt")}
	if stick != "" {
		s.Removable = func(context.Context) ([]backup.Drive, error) { return []backup.Drive{{Path: stick}}, nil }
	}
	return s
}

// RevertedVault builds, with the real services, a vault folder put back
// from an older copy after a newer backup went to the stick: create, save
// and back up, copy the folder, save more and back up again, lock, put
// the older copy back. It returns the app (locked), the vault folder and
// the stick.
func revertedVault(t *testing.T, s Site) (a *App, dir, stick string) {
	t.Helper()
	ctx := context.Background()
	a = New(fastOptions(nil))
	dir = filepath.Join(t.TempDir(), "vault")
	stick = filepath.Join(t.TempDir(), "stick")
	if _, err := a.Create(ctx, dir, testPass); err != nil {
		t.Fatal(err)
	}
	setSchool(t, a, "晴川实验中学")
	if _, err := a.BackupNow(ctx, stick, 0, nil); err != nil {
		t.Fatal(err)
	}
	older := filepath.Join(t.TempDir(), "older")
	if err := copyVault(ctx, dir, older); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"晴川第二中学", "晴川第三中学"} {
		setSchool(t, a, name)
		if err := a.Save(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.BackupNow(ctx, stick, 0, nil); err != nil {
		t.Fatal(err)
	}
	if err := a.NoteSeen(s); err != nil {
		t.Fatal(err)
	}
	if err := a.Lock(ctx); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(older, dir); err != nil {
		t.Fatal(err)
	}
	return a, dir, stick
}

func TestARevertedVaultFolderIsReportedAndTheNewerStickBackupRestoresIt(t *testing.T) {
	ctx := context.Background()
	s := testSite(t, "")
	a, dir, stick := revertedVault(t, s)
	s = Site{Markers: s.Markers, Removable: func(context.Context) ([]backup.Drive, error) {
		return []backup.Drive{{Path: t.TempDir()}, {Path: stick}}, nil // an unrelated stick too
	}}
	if _, err := a.Unlock(ctx, dir, testPass); err != nil {
		t.Fatal(err)
	}
	if got := school(t, a); got != "晴川实验中学" {
		t.Fatalf("the reverted folder holds %q", got)
	}
	r, err := a.CheckRollback(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Found() || r.File == "" || r.Stick <= r.Local || r.Newer != r.Stick {
		t.Fatalf("rollback not found: %+v", r)
	}
	// Nothing changed by the check: the counselor decides.
	if got := school(t, a); got != "晴川实验中学" {
		t.Fatalf("the check changed the data: %q", got)
	}
	// The restore path: the existing two-phase restore of the file found.
	b, err := InspectBackup(ctx, r.File, nil)
	if err != nil {
		t.Fatal(err)
	}
	p, err := a.OpenBackup(ctx, b, RestoreKeys{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Summary.Name.Gen != r.Stick {
		t.Fatalf("opened generation %d, want %d", p.Summary.Name.Gen, r.Stick)
	}
	if err := a.ConfirmRestore(ctx, p); err != nil {
		t.Fatal(err)
	}
	if got := school(t, a); got != "晴川第三中学" {
		t.Fatalf("restored %q", got)
	}
	// The pre-restore generation stays, and the restored one comes after
	// the stick's: the warning is gone.
	if _, err := os.Stat(filepath.Join(dir, "gen", genFileName(r.Local+1))); err != nil {
		t.Fatalf("no pre-restore generation: %v", err)
	}
	if g := a.SavedGeneration(); g <= r.Stick {
		t.Fatalf("restored as generation %d, not after the stick's %d", g, r.Stick)
	}
	if r2, err := a.CheckRollback(ctx, s); err != nil || r2.Found() {
		t.Fatalf("after the restore: %+v, %v", r2, err)
	}
	if err := a.Lock(ctx); err != nil {
		t.Fatal(err)
	}
}

func genFileName(n uint64) string { return fmt.Sprintf("%09d.age", n) }

func TestAFolderOlderThanThisPCOpenedIsReportedWithoutAStick(t *testing.T) {
	ctx := context.Background()
	s := testSite(t, "")
	a, dir, _ := revertedVault(t, s)
	if _, err := a.Unlock(ctx, dir, testPass); err != nil {
		t.Fatal(err)
	}
	defer a.Lock(ctx)
	r, err := a.CheckRollback(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Found() || r.File != "" || r.Newer <= r.Local {
		t.Fatalf("marker did not report: %+v", r)
	}
	// Reported on every unlock until the counselor keeps the folder.
	if r, _ = a.CheckRollback(ctx, s); !r.Found() {
		t.Fatal("reported once only")
	}
	if err := a.AcceptRollback(s, r); err != nil {
		t.Fatal(err)
	}
	if r, _ = a.CheckRollback(ctx, s); r.Found() {
		t.Fatalf("still reported after keeping: %+v", r)
	}
}

func TestAVaultInStepWithItsWitnessesIsNotReported(t *testing.T) {
	ctx := context.Background()
	a, _ := openVault(t)
	defer a.Lock(ctx)
	stick := t.TempDir()
	setSchool(t, a, "晴川实验中学")
	if _, err := a.BackupNow(ctx, stick, 0, nil); err != nil {
		t.Fatal(err)
	}
	s := testSite(t, stick)
	for range 2 {
		if r, err := a.CheckRollback(ctx, s); err != nil || r.Found() {
			t.Fatalf("%+v, %v", r, err)
		}
	}
}

func TestADamagedNewerBackupIsNotAWitness(t *testing.T) {
	ctx := context.Background()
	s := testSite(t, "")
	a, dir, stick := revertedVault(t, s)
	if err := os.RemoveAll(s.Markers); err != nil {
		t.Fatal(err)
	}
	files := backupFiles(t, filepath.Join(stick, backup.RootName, vaultIDOf(dir)))
	if err := os.WriteFile(files[len(files)-1], []byte("damaged"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Unlock(ctx, dir, testPass); err != nil {
		t.Fatal(err)
	}
	defer a.Lock(ctx)
	if r, err := a.CheckRollback(ctx, testSite(t, stick)); err != nil || r.Found() {
		t.Fatalf("a damaged backup counted: %+v, %v", r, err)
	}
}
