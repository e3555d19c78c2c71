package desktop

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"xinqing/internal/backup"
	"xinqing/internal/casework"
	"xinqing/internal/ui"
)

// backedUpVault is a vault with two backups on a stick: the school named
// first, then renamed second. It returns the stick, the vault's folder on
// it and the recovery sheet as typed.
func backedUpVault(t *testing.T, first, second string) (stick, idDir, typedSheet string) {
	t.Helper()
	ctx := context.Background()
	s := testServices()
	dir := filepath.Join(t.TempDir(), "vault")
	sh, err := s.Create(ctx, dir, realPass)
	if err != nil {
		t.Fatal(err)
	}
	stick = filepath.Join(t.TempDir(), "stick")
	var res *backup.Result
	for _, name := range []string{first, second} {
		if err := s.SaveSchool(ctx, ui.School{Name: name, County: "晴川区", Stage: "junior", StudentCount: 800, ClassCount: 16}); err != nil {
			t.Fatal(err)
		}
		ws, err := s.workspace()
		if err != nil {
			t.Fatal(err)
		}
		if res, err = ws.Backup(ctx, stick, backup.Options{}); err != nil {
			t.Fatalf("backup: %v", err)
		}
	}
	if err := s.Lock(ctx); err != nil {
		t.Fatal(err)
	}
	return stick, filepath.FromSlash(res.Dir), strings.Join(sh.Groups, " ")
}

func schoolAfterRestore(t *testing.T, vaultDir, pass string) string {
	t.Helper()
	ctx := context.Background()
	s := testServices()
	if _, err := s.Unlock(ctx, vaultDir, pass); err != nil {
		t.Fatalf("unlock the restored vault: %v", err)
	}
	defer s.Lock(ctx)
	sc, err := s.School(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return sc.Name
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
			if err := testServices().RestoreFrom(context.Background(), tc.from, dir); err != nil {
				t.Fatalf("restore: %v", err)
			}
			if _, err := testServices().Unlock(context.Background(), dir, "not the passphrase of the time"); !errors.Is(err, ui.ErrWrongPassphrase) {
				t.Errorf("got %v for a wrong passphrase, want ui.ErrWrongPassphrase", err)
			}
			if got, want := schoolAfterRestore(t, dir, realPass), "晴川第二中学"; got != want {
				t.Errorf("got school %q after the restore, want %q", got, want)
			}
		})
	}
	t.Run("the recovery sheet of the old PC opens the restored vault", func(t *testing.T) {
		ctx := context.Background()
		dir := filepath.Join(t.TempDir(), "vault")
		if err := testServices().RestoreFrom(ctx, stick, dir); err != nil {
			t.Fatalf("restore: %v", err)
		}
		s := testServices()
		if _, err := s.UnlockWithSheet(ctx, dir, typedSheet); err != nil {
			t.Fatalf("unlock with the sheet: %v", err)
		}
		defer s.Lock(ctx)
		sc, err := s.School(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if sc.Name != "晴川第二中学" {
			t.Errorf("got school %q, want %q", sc.Name, "晴川第二中学")
		}
		// The first unlock wrote the restore into the audit log.
		ws, err := s.workspace()
		if err != nil {
			t.Fatal(err)
		}
		es, err := ws.Store().AuditLog(0, 0)
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
		if err := testServices().RestoreFrom(ctx, stick, dir); err != nil {
			t.Fatalf("restore: %v", err)
		}
		if got, want := schoolAfterRestore(t, dir, realPass), "晴川实验中学"; got != want {
			t.Errorf("got school %q, want the older backup's %q", got, want)
		}
	})
	t.Run("a stick whose every backup is damaged is refused as damaged", func(t *testing.T) {
		damage(t, files[0])
		dir := filepath.Join(t.TempDir(), "vault")
		err := testServices().RestoreFrom(ctx, stick, dir)
		if !errors.Is(err, ui.ErrDamaged) {
			t.Fatalf("got %v, want ui.ErrDamaged", err)
		}
		if testServices().Exists(dir) {
			t.Error("got a vault after a refused restore, want none")
		}
	})
	t.Run("a folder without backups is refused as not found", func(t *testing.T) {
		err := testServices().RestoreFrom(ctx, t.TempDir(), filepath.Join(t.TempDir(), "vault"))
		if !errors.Is(err, ui.ErrNoVault) {
			t.Fatalf("got %v, want ui.ErrNoVault", err)
		}
	})
	t.Run("a folder that already holds a vault is refused", func(t *testing.T) {
		fresh, _, _ := backedUpVault(t, "晴川第三中学", "晴川第四中学")
		dir := filepath.Join(t.TempDir(), "vault")
		owner := testServices()
		if _, err := owner.Create(ctx, dir, realPass); err != nil {
			t.Fatal(err)
		}
		if err := owner.Lock(ctx); err != nil {
			t.Fatal(err)
		}
		if err := testServices().RestoreFrom(ctx, fresh, dir); !errors.Is(err, ui.ErrVaultExists) {
			t.Fatalf("got %v, want ui.ErrVaultExists", err)
		}
	})
}
