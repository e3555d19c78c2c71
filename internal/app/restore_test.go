package app

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"xinqing/internal/backup"
	"xinqing/internal/casework"
)

// backedUpVault is a vault with two backups on a stick: the school named
// first, then renamed second. It returns the stick, the vault's folder on
// it and the recovery sheet as typed.
func backedUpVault(t *testing.T, first, second string) (stick, idDir, typedSheet string) {
	t.Helper()
	ctx := context.Background()
	a := New(fastOptions(nil))
	dir := filepath.Join(t.TempDir(), "vault")
	identity, err := a.Create(ctx, dir, testPass)
	if err != nil {
		t.Fatal(err)
	}
	groups, err := SheetGroups(identity)
	if err != nil {
		t.Fatal(err)
	}
	stick = filepath.Join(t.TempDir(), "stick")
	var res *backup.Result
	for _, name := range []string{first, second} {
		setSchool(t, a, name)
		if res, err = a.BackupNow(ctx, stick, 0, nil); err != nil {
			t.Fatalf("backup: %v", err)
		}
	}
	if err := a.Lock(ctx); err != nil {
		t.Fatal(err)
	}
	return stick, filepath.FromSlash(res.Dir), strings.Join(groups, " ")
}

func schoolAfterRestore(t *testing.T, vaultDir, pass string) string {
	t.Helper()
	ctx := context.Background()
	a := New(fastOptions(nil))
	if _, err := a.Unlock(ctx, vaultDir, pass); err != nil {
		t.Fatalf("unlock the restored vault: %v", err)
	}
	defer a.Lock(ctx)
	return school(t, a)
}

// backupFiles lists the .age files of a vault folder on the stick, newest
// generation last.
func backupFiles(t *testing.T, idDir string) []string {
	t.Helper()
	es, err := os.ReadDir(idDir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		if strings.HasSuffix(e.Name(), ".age") {
			out = append(out, filepath.Join(idDir, e.Name()))
		}
	}
	slices.Sort(out) // same minute in tests: the generation decides
	return out
}

func TestRestoreFromKeepsTheVaultSoThePassphraseOfTheTimeOpensIt(t *testing.T) {
	start := time.Now()
	stick, idDir, typedSheet := backedUpVault(t, "晴川实验中学", "晴川第二中学")
	for _, tc := range []struct{ name, from string }{
		{"the stick itself", stick},
		{"the 心晴备份 folder", filepath.Dir(idDir)},
		{"the vault's own folder", idDir},
	} {
		t.Run("restoring from "+tc.name+" brings back the newest backup", func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "新电脑", "vault")
			if err := New(fastOptions(nil)).RestoreFrom(context.Background(), tc.from, dir); err != nil {
				t.Fatalf("restore: %v", err)
			}
			if _, err := New(fastOptions(nil)).Unlock(context.Background(), dir, "not the passphrase of the time"); ErrorKind(err) != KindWrongKey {
				t.Errorf("got %v for a wrong passphrase, want wrong key", err)
			}
			if got, want := schoolAfterRestore(t, dir, testPass), "晴川第二中学"; got != want {
				t.Errorf("got school %q after the restore, want %q", got, want)
			}
		})
	}
	t.Run("the recovery sheet of the old PC opens the restored vault", func(t *testing.T) {
		ctx := context.Background()
		dir := filepath.Join(t.TempDir(), "vault")
		if err := New(fastOptions(nil)).RestoreFrom(ctx, stick, dir); err != nil {
			t.Fatalf("restore: %v", err)
		}
		a := New(fastOptions(nil))
		if _, err := a.UnlockWithSheet(ctx, dir, typedSheet); err != nil {
			t.Fatalf("unlock with the sheet: %v", err)
		}
		defer a.Lock(ctx)
		if got := school(t, a); got != "晴川第二中学" {
			t.Errorf("got school %q, want %q", got, "晴川第二中学")
		}
		// The first unlock wrote the restore into the audit log.
		st, err := a.Store()
		if err != nil {
			t.Fatal(err)
		}
		es, err := st.AuditLog(0, 0)
		if err != nil {
			t.Fatal(err)
		}
		last := es[len(es)-1]
		for _, e := range es {
			if e.Action == casework.AuditActionRestore {
				last = e
			}
		}
		if last.Action != casework.AuditActionRestore || !strings.HasPrefix(last.ObjectID, "restore ") {
			t.Errorf("got last restore entry %+v, want the restore onto this PC audited", last)
		}
	})
	t.Logf("two backups and four restores in %v", time.Since(start).Round(time.Millisecond))
}

func TestRestoreFromRefuses(t *testing.T) {
	ctx := context.Background()
	stick, idDir, _ := backedUpVault(t, "晴川实验中学", "晴川第二中学")
	files := backupFiles(t, idDir)
	if len(files) != 2 {
		t.Fatalf("got %d backups on the stick, want 2", len(files))
	}
	damage := func(t *testing.T, file string) {
		t.Helper()
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		b[len(b)/2] ^= 0x01
		if err := os.WriteFile(file, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("a damaged newest backup falls back to the older one", func(t *testing.T) {
		damage(t, files[1])
		dir := filepath.Join(t.TempDir(), "vault")
		if err := New(fastOptions(nil)).RestoreFrom(ctx, stick, dir); err != nil {
			t.Fatalf("restore: %v", err)
		}
		if got, want := schoolAfterRestore(t, dir, testPass), "晴川实验中学"; got != want {
			t.Errorf("got school %q, want the older backup's %q", got, want)
		}
	})
	t.Run("a stick whose every backup is damaged is refused as damaged", func(t *testing.T) {
		damage(t, files[0])
		dir := filepath.Join(t.TempDir(), "vault")
		err := New(fastOptions(nil)).RestoreFrom(ctx, stick, dir)
		if ErrorKind(err) != KindBackupDamaged {
			t.Fatalf("got %v, want a damaged backup", err)
		}
		if Exists(dir) {
			t.Error("got a vault after a refused restore, want none")
		}
	})
	t.Run("a folder without backups is refused as not found", func(t *testing.T) {
		err := New(fastOptions(nil)).RestoreFrom(ctx, t.TempDir(), filepath.Join(t.TempDir(), "vault"))
		if ErrorKind(err) != KindNoBackup {
			t.Fatalf("got %v, want no backup", err)
		}
	})
	t.Run("a folder that already holds a vault is refused", func(t *testing.T) {
		fresh, _, _ := backedUpVault(t, "晴川第三中学", "晴川第四中学")
		dir := filepath.Join(t.TempDir(), "vault")
		owner := New(fastOptions(nil))
		if _, err := owner.Create(ctx, dir, testPass); err != nil {
			t.Fatal(err)
		}
		if err := owner.Lock(ctx); err != nil {
			t.Fatal(err)
		}
		if err := New(fastOptions(nil)).RestoreFrom(ctx, fresh, dir); ErrorKind(err) != KindExists {
			t.Fatalf("got %v, want a vault exists", err)
		}
	})
}
