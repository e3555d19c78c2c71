package app

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"xinqing/internal/backup"
	"xinqing/internal/demo"
)

// openVault opens a fresh vault holding a school name.
func openVault(t *testing.T) (*App, string) {
	t.Helper()
	o := fastOptions(nil)
	dir := newVault(t, o)
	a := New(o)
	if _, err := a.Unlock(context.Background(), dir, testPass); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Lock(context.Background()) })
	return a, dir
}

// A backup cancelled at each of its stages leaves no backup on the stick,
// and the next one succeeds.
func TestBackupCancelledAtEachStageLeavesNoBackup(t *testing.T) {
	a, _ := openVault(t)
	stick := t.TempDir()
	for _, stage := range []backup.Stage{backup.StageWrite, backup.StageRead, backup.StageCheck} {
		ctx, cancel := context.WithCancel(context.Background())
		var seen bool
		p := backup.ProgressFunc(func(s backup.Stage, done, total int64) {
			if s == stage {
				seen = true
				cancel()
			}
		})
		_, err := a.BackupNow(ctx, stick, 0, p)
		cancel()
		if !seen {
			t.Fatalf("stage %s was never reported", stage)
		}
		if ErrorKind(err) != KindCancelled || !errors.Is(err, context.Canceled) {
			t.Fatalf("cancel at %s: got %v, want the cancellation", stage, err)
		}
		rep, err := VerifyBackupsWith(context.Background(), stick, "", nil)
		if err != nil || len(rep.Items) != 0 {
			t.Fatalf("cancel at %s: got %+v (%v) on the stick, want no backup", stage, rep, err)
		}
	}
	res, err := a.BackupNow(context.Background(), stick, 0, nil)
	if err != nil || res.Existing {
		t.Fatalf("got %+v, %v; want a new backup", res, err)
	}
	st, err := a.BackupStatus(context.Background())
	if err != nil || st.Last.IsZero() || !st.DrillDue {
		t.Fatalf("got status %+v, %v; want the backup recorded and a drill due", st, err)
	}
}

// A drill or a verification cancelled through the context stops, and a
// cancelled drill is not recorded as a failed one.
func TestDrillAndVerifyCancelled(t *testing.T) {
	a, _ := openVault(t)
	stick := t.TempDir()
	if _, err := a.BackupNow(context.Background(), stick, 0, nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := a.Drill(ctx, stick, nil); ErrorKind(err) != KindCancelled {
		t.Fatalf("drill: got %v, want the cancellation", err)
	}
	if st, _ := a.BackupStatus(context.Background()); st.HasDrill {
		t.Fatalf("got drill %+v recorded, want a cancelled drill not recorded", st.Drill)
	}
	if _, err := a.VerifyBackups(ctx, stick, nil); ErrorKind(err) != KindCancelled {
		t.Fatalf("verify: got %v, want the cancellation", err)
	}
	d, err := a.Drill(context.Background(), stick, nil)
	if err != nil || !d.OK {
		t.Fatalf("got drill %+v, %v; want it to pass", d, err)
	}
	rep, err := a.VerifyBackups(context.Background(), stick, nil)
	if err != nil || rep.Verified != 1 || !rep.Items[0].Full {
		t.Fatalf("got %+v, %v; want one backup decrypted and verified", rep, err)
	}
}

// Restore into the open vault in two phases (the summary, then the
// confirmation), a cancelled open, and a restore onto a new PC.
func TestRestoreFlows(t *testing.T) {
	a, _ := openVault(t)
	stick := t.TempDir()
	res, err := a.BackupNow(context.Background(), stick, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(filepath.FromSlash(res.Dir), res.Name.String()+".age")
	setSchool(t, a, "改过的名字")

	b, err := InspectBackup(context.Background(), file, nil)
	if err != nil || b.SlotDamaged() {
		t.Fatalf("inspect: %v (slot damaged %v)", err, b != nil && b.SlotDamaged())
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := a.OpenBackup(ctx, b, RestoreKeys{}); ErrorKind(err) != KindCancelled {
		t.Fatalf("got %v, want the cancellation", err)
	}
	p, err := a.OpenBackup(context.Background(), b, RestoreKeys{})
	if err != nil {
		t.Fatal(err)
	}
	if p.OtherVault() || p.Summary.Gen != res.Name.Gen {
		t.Fatalf("got summary %+v, want this vault's generation %d", p.Summary, res.Name.Gen)
	}
	if got := school(t, a); got != "改过的名字" {
		t.Fatal("opening a backup changed the live data")
	}
	if err := a.ConfirmRestore(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	if got := school(t, a); got != "晴川实验中学" {
		t.Fatalf("got school %q after the restore, want the backed-up one", got)
	}
	if err := a.ConfirmRestore(context.Background(), p); err == nil {
		t.Fatal("a restore was confirmed twice")
	}

	// A new PC: the backup's passphrase alone opens it; a wrong one does not.
	if _, err := OpenBackupAlone(context.Background(), b, RestoreKeys{Passphrase: "wrong wrong wrong wrong"}); ErrorKind(err) != KindWrongKey {
		t.Fatalf("got %v, want wrong key", err)
	}
	p, err = OpenBackupAlone(context.Background(), b, RestoreKeys{Passphrase: testPass})
	if err != nil {
		t.Fatal(err)
	}
	newDir := filepath.Join(t.TempDir(), "new", "vault")
	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	n := New(fastOptions(nil))
	if _, err := n.RestoreNew(ctx, newDir, testPass, p); ErrorKind(err) != KindCancelled {
		t.Fatalf("got %v, want the cancellation", err)
	}
	wantNothingAt(t, filepath.Dir(newDir))
	p, err = OpenBackupAlone(context.Background(), b, RestoreKeys{Passphrase: testPass})
	if err != nil {
		t.Fatal(err)
	}
	identity, err := n.RestoreNew(context.Background(), newDir, testPass, p)
	if err != nil || identity == "" {
		t.Fatalf("restore onto a new PC: %v", err)
	}
	defer n.Lock(context.Background())
	if got := school(t, n); got != "晴川实验中学" {
		t.Fatalf("got school %q on the new PC", got)
	}
}

// The welcome screen's restore lays out the newest good backup; the
// passphrase of the time opens it. A cancelled one lays out nothing.
func TestRestoreFromTheNewestBackup(t *testing.T) {
	a, _ := openVault(t)
	stick := t.TempDir()
	if _, err := a.BackupNow(context.Background(), stick, 0, nil); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "restored")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	n := New(fastOptions(nil))
	if err := n.RestoreFrom(ctx, stick, dir); ErrorKind(err) != KindCancelled {
		t.Fatalf("got %v, want the cancellation", err)
	}
	wantNothingAt(t, dir)
	if err := n.RestoreFrom(context.Background(), t.TempDir(), dir); ErrorKind(err) != KindNoBackup {
		t.Fatalf("got %v from an empty folder, want no backup", err)
	}
	if err := n.RestoreFrom(context.Background(), stick, dir); err != nil {
		t.Fatal(err)
	}
	if _, err := n.Unlock(context.Background(), dir, testPass); err != nil {
		t.Fatal(err)
	}
	defer n.Lock(context.Background())
	if got := school(t, n); got != "晴川实验中学" {
		t.Fatalf("got school %q", got)
	}
}

func TestFillDemoOnlyIntoAnEmptyVault(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	pass, err := CreateDemo(context.Background(), dir, fastOptions(nil))
	if err != nil || pass != DemoPassphrase {
		t.Fatalf("got %q, %v", pass, err)
	}
	if again, err := CreateDemo(context.Background(), dir, fastOptions(nil)); err != nil || again != pass {
		t.Fatalf("got %q, %v making the demo twice", again, err)
	}
	a := New(fastOptions(nil))
	if _, err := a.Unlock(context.Background(), dir, pass); err != nil {
		t.Fatal(err)
	}
	defer a.Lock(context.Background())
	if _, err := a.FillDemo(context.Background(), demo.Small, 1, a.Today()); !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("got %v, want demo data refused beside records", err)
	}
}

func TestDrivesListsWithoutError(t *testing.T) {
	if _, err := Drives(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// A restore confirmed with a cancelled context changes nothing: the live
// data stays and the decrypted backup is dropped.
func TestConfirmRestoreCancelledKeepsTheLiveData(t *testing.T) {
	a, _ := openVault(t)
	stick := t.TempDir()
	res, err := a.BackupNow(context.Background(), stick, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	setSchool(t, a, "改过的名字")
	b, err := InspectBackup(context.Background(), filepath.Join(filepath.FromSlash(res.Dir), res.Name.String()+".age"), nil)
	if err != nil {
		t.Fatal(err)
	}
	p, err := a.OpenBackup(context.Background(), b, RestoreKeys{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := a.ConfirmRestore(ctx, p); ErrorKind(err) != KindCancelled {
		t.Fatalf("got %v, want the cancellation", err)
	}
	if got := school(t, a); got != "改过的名字" {
		t.Fatalf("got school %q, want the live data untouched", got)
	}
	if err := a.ConfirmRestore(context.Background(), p); err == nil {
		t.Fatal("a cancelled restore could still be confirmed")
	}
}
