package app

import (
	"context"
	"path/filepath"
	"testing"
)

// Every path that sets a passphrase refuses the school's own name and
// pinyin typed a syllable at a time: create (with the school given),
// change, reset with the sheet, re-key.
func TestEveryPassphrasePathAppliesThePolicyWithTheSchool(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "vault")
	a := New(fastOptions(nil))
	schoolPass := "beijingsizhong-2024-beijingsizhong"
	if _, err := a.Create(ctx, dir, schoolPass, "北京四中"); ErrorKind(err) != KindWeakPassphrase {
		t.Fatalf("create with the school's name: got %v, want refused", err)
	}
	if _, err := a.Create(ctx, dir, "wo ai ni zhong guo bei jing"); ErrorKind(err) != KindWeakPassphrase {
		t.Fatalf("create with syllables: got %v, want refused", err)
	}
	identity, err := a.Create(ctx, dir, testPass)
	if err != nil {
		t.Fatal(err)
	}
	ws, _ := a.Workspace()
	st, err := ws.Store().Settings()
	if err != nil {
		t.Fatal(err)
	}
	st.School.Name, st.School.County = "北京四中", "西城区"
	if err := ws.Store().SaveSettings(st); err != nil {
		t.Fatal(err)
	}
	a.Changed()
	if err := a.ChangePassphrase(ctx, "", schoolPass); ErrorKind(err) != KindWeakPassphrase {
		t.Fatalf("change: got %v, want refused", err)
	}
	if _, err := a.Rekey(ctx, schoolPass); ErrorKind(err) != KindWeakPassphrase {
		t.Fatalf("re-key: got %v, want refused", err)
	}
	if err := a.Lock(ctx); err != nil {
		t.Fatal(err)
	}
	groups, err := SheetGroups(identity)
	if err != nil {
		t.Fatal(err)
	}
	typed := ""
	for _, g := range groups {
		typed += g + " "
	}
	if err := a.ResetPassphrase(ctx, dir, typed, schoolPass); ErrorKind(err) != KindWeakPassphrase {
		t.Fatalf("reset with the sheet: got %v, want refused", err)
	}
	if _, err := a.Unlock(ctx, dir, testPass); err != nil {
		t.Fatalf("the old passphrase after the refusals: %v", err)
	}
	a.Lock(ctx)
}
