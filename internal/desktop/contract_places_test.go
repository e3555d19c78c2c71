package desktop

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"xinqing/internal/app"
	"xinqing/internal/ui"
)

// contractSite is a PC of temporary folders with only a system drive.
func contractSite(t *testing.T) app.Site {
	return app.Site{
		Fixed:   app.DriveList{{Root: t.TempDir(), Free: 40 << 30, System: true}},
		Pointer: filepath.Join(t.TempDir(), "vault-location.txt"),
		Markers: filepath.Join(t.TempDir(), "profile"),
	}
}

// The behaviours of ui.Places, appended to the contract.
func init() {
	contract = append(contract, placesContract...)
}

var placesContract = []behaviour{
	{name: "Places with only the system drive recommends the per-user folder", run: func(t *testing.T, d ui.Deps) {
		p, err := d.Places.VaultPlaces(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Drives) != 1 || !p.Drives[0].System || p.OtherDrive || p.Recommended != d.Vault.DefaultDir() {
			t.Fatalf("got %+v, want the system drive and %s", p, d.Vault.DefaultDir())
		}
	}},
	{name: "Places remembers the vault folder", run: func(t *testing.T, d ui.Deps) {
		if got := d.Places.RememberedDir(); got != "" {
			t.Fatalf("a new PC remembers %q", got)
		}
		dir := filepath.Join(t.TempDir(), "心晴档案库")
		if err := d.Places.Remember(dir); err != nil {
			t.Fatal(err)
		}
		if got := d.Places.RememberedDir(); got != dir {
			t.Fatalf("got %q, want %q", got, dir)
		}
	}},
	{name: "MoveVault checks the passphrase, moves, and the old folder goes after the next unlock", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		dir, _ := created(t, d)
		to := filepath.Join(t.TempDir(), "D", "心晴档案库")
		if err := d.Places.MoveVault(ctx, to, "not the passphrase"); !errors.Is(err, ui.ErrWrongPassphrase) {
			t.Fatalf("got %v, want ui.ErrWrongPassphrase", err)
		}
		if err := d.Places.MoveVault(ctx, dir, contractPass); !errors.Is(err, ui.ErrVaultExists) {
			t.Fatalf("moving onto itself: got %v, want ui.ErrVaultExists", err)
		}
		if _, err := d.Settings.School(ctx); err != nil {
			t.Fatalf("the vault closed after a refused move: %v", err)
		}
		if err := d.Places.MoveVault(ctx, to, contractPass); err != nil {
			t.Fatal(err)
		}
		if d.Places.RememberedDir() != to || !d.Vault.Exists(to) || !d.Vault.Exists(dir) {
			t.Fatalf("after the move: remembered %q, new %v, old %v", d.Places.RememberedDir(), d.Vault.Exists(to), d.Vault.Exists(dir))
		}
		if _, err := relock(t, d, to); err != nil {
			t.Fatal(err)
		}
		if r, err := d.Places.CheckRollback(ctx); err != nil || r.Found() {
			t.Fatalf("got %+v, %v", r, err)
		}
		if d.Vault.Exists(dir) {
			t.Fatal("the old folder stays after the next unlock")
		}
	}},
	{name: "CheckRollback needs an unlocked vault and finds none in a new one", run: func(t *testing.T, d ui.Deps) {
		ctx := context.Background()
		if _, err := d.Places.CheckRollback(ctx); err == nil {
			t.Fatal("checked without a vault")
		}
		created(t, d)
		if r, err := d.Places.CheckRollback(ctx); err != nil || r.Found() {
			t.Fatalf("got %+v, %v", r, err)
		}
		if d.Places.SystemDriveReverted(t.TempDir()) {
			t.Fatal("a folder never exited from reported as reverted")
		}
	}},
}
