package vault_test

import (
	"slices"
	"testing"

	"xinqing/internal/vault"
)

// The open report names everything that happened to the files: a damaged
// newest save, a newest save deleted, a slot copy repaired; and it raises
// no alarm for a save that was never acknowledged.
func TestOpenReportIsCompleteWithoutFalseAlarms(t *testing.T) {
	open := func(t *testing.T, fsys interface{ vault.FS }) (*vault.OpenReport, *vault.Vault) {
		t.Helper()
		v, err := vault.Unlock(bg, "/v", testPass, opts(fsys, newClock()))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := v.Open(bg, acceptGen(200))
		if err != nil {
			t.Fatal(err)
		}
		return rep, v
	}
	t.Run("an interrupted save is no lost save", func(t *testing.T) {
		fsys, _ := memVault(t, 2, 200, vault.Retention{})
		whole, _ := fsys.ReadFile("/v/gen/000000002.age")
		// A save of 3 killed while writing its partial: cut short.
		fsys.WriteFile("/v/gen/000000003.age.partial", whole[:len(whole)/2])
		rep, v := open(t, fsys)
		defer v.Close()
		if rep.Gen != 2 || len(rep.Lost) != 0 || rep.Unfinished != 1 || rep.Problems() {
			t.Fatalf("got %+v, want generation 2, one unfinished save and no alarm", rep)
		}
		if g, err := v.Save(t.Context(), snap(200)); err != nil || g != 4 {
			t.Fatalf("next save: %d %v, want 4 (numbers are never reused)", g, err)
		}
	})
	t.Run("a damaged newest save is lost", func(t *testing.T) {
		fsys, _ := memVault(t, 3, 200, vault.Retention{})
		b, _ := fsys.ReadFile("/v/gen/000000003.age")
		b[len(b)-5] ^= 1
		fsys.WriteFile("/v/gen/000000003.age", b)
		rep, v := open(t, fsys)
		v.Close()
		if rep.Gen != 2 || len(rep.Lost) != 1 || rep.Lost[0].Gen != 3 || rep.Lost[0].File == "" || !rep.Problems() {
			t.Fatalf("got %+v, want save 3 lost and quarantined", rep)
		}
		// Quarantined, it is still reported as gone at the next open.
		rep, v = open(t, fsys)
		v.Close()
		if rep.Missing != 3 || !rep.Problems() {
			t.Fatalf("next open: got %+v, want save 3 still missing", rep)
		}
	})
	t.Run("a deleted newest save is a rollback", func(t *testing.T) {
		fsys, _ := memVault(t, 3, 200, vault.Retention{})
		if err := fsys.Remove("/v/gen/000000003.age"); err != nil {
			t.Fatal(err)
		}
		rep, v := open(t, fsys)
		defer v.Close()
		if rep.Gen != 2 || rep.Missing != 3 || !rep.Problems() {
			t.Fatalf("got %+v, want generation 2 opened and save 3 missing", rep)
		}
		if g, err := v.Save(t.Context(), snap(200)); err != nil || g != 4 {
			t.Fatalf("next save: %d %v, want 4", g, err)
		}
	})
	t.Run("a repaired slot copy is reported", func(t *testing.T) {
		fsys, _ := memVault(t, 1, 200, vault.Retention{})
		b, _ := fsys.ReadFile("/v/key.slot.2")
		b[3] ^= 1
		fsys.WriteFile("/v/key.slot.2", b)
		rep, v := open(t, fsys)
		v.Close()
		if !slices.Equal(rep.Repaired, []string{"key.slot.2"}) || !rep.Problems() {
			t.Fatalf("got %+v, want key.slot.2 repaired", rep)
		}
		rep, v = open(t, fsys)
		v.Close()
		if rep.Problems() {
			t.Fatalf("second open: got %+v, want nothing to report", rep)
		}
	})
}
