package vault_test

import (
	"errors"
	"fmt"
	"testing"

	"filippo.io/age"

	"xinqing/internal/vault"
	"xinqing/internal/vault/faultfs"
)

// countOps runs f on a copy of base and returns how many operations it made.
func countOps(t *testing.T, base *faultfs.FS, c *clock, f func(*vault.Vault) error) int {
	fsys := base.Clone()
	v := mustUnlock(t, "/v", opts(fsys, cloneClock(c)))
	defer v.Close()
	if _, err := v.Open(bg, acceptGen(faultSize)); err != nil {
		t.Fatal(err)
	}
	fsys.Reset()
	if err := f(v); err != nil {
		t.Fatal(err)
	}
	return fsys.Ops()
}

// unlockEither unlocks with whichever passphrase opens; a cut may never
// leave a vault that neither opens or one that reports damage.
func unlockEither(t *testing.T, fsys *faultfs.FS, c *clock, what string, passes ...string) *vault.Vault {
	t.Helper()
	var errs []error
	for _, p := range passes {
		v, err := vault.Unlock(bg, "/v", p, opts(fsys, c))
		if err == nil {
			return v
		}
		if !errors.Is(err, vault.ErrWrongKey) {
			t.Fatalf("%s: got %v, want a wrong key at worst", what, err)
		}
		errs = append(errs, err)
	}
	t.Fatalf("%s: no passphrase opens: %v", what, errs)
	return nil
}

func TestPowerCutDuringChangePassphrase(t *testing.T) {
	const newPass = "the new passphrase after a cut 断电"
	base, c := memVault(t, 2, faultSize, vault.Retention{})
	n := countOps(t, base, c, func(v *vault.Vault) error { return v.ChangePassphrase(bg, newPass) })
	t.Logf("a passphrase change makes %d operations; cut after each", n)
	for k := 0; k <= n; k++ {
		for seed := uint64(0); seed < 4; seed++ {
			what := fmt.Sprintf("cut after %d of %d operations, seed %d", k, n, seed)
			fsys := base.Clone()
			v := mustUnlock(t, "/v", opts(fsys, cloneClock(c)))
			fsys.CutAfter(k)
			err := v.ChangePassphrase(bg, newPass)
			fsys.Restart(seed)
			v = unlockEither(t, fsys, c, what, newPass, testPass)
			if err == nil {
				v.Close()
				if v, err = vault.Unlock(bg, "/v", newPass, opts(fsys, c)); err != nil {
					t.Fatalf("%s: acknowledged change but the new passphrase fails: %v", what, err)
				}
			}
			if rep, err := v.Open(bg, acceptGen(faultSize)); err != nil || rep.Gen != 2 {
				t.Fatalf("%s: got %v (%v), want generation 2", what, rep, err)
			}
			v.Close()
		}
	}
}

func TestPowerCutDuringRekey(t *testing.T) {
	const newPass = "re-keyed after the passphrase was seen"
	base, c := memVault(t, 2, faultSize, vault.Retention{})
	{
		v := mustUnlock(t, "/v", opts(base, c))
		if _, err := v.PutBlob([]byte("an attachment")); err != nil {
			t.Fatal(err)
		}
		v.Close()
	}
	n := countOps(t, base, c, func(v *vault.Vault) error { _, err := v.Rekey(bg, newPass, snap(faultSize)); return err })
	t.Logf("a re-key makes %d operations; cut after each", n)
	for k := 0; k <= n; k++ {
		for seed := uint64(0); seed < 3; seed++ {
			what := fmt.Sprintf("cut after %d of %d operations, seed %d", k, n, seed)
			fsys := base.Clone()
			v := mustUnlock(t, "/v", opts(fsys, cloneClock(c)))
			fsys.CutAfter(k)
			_, err := v.Rekey(bg, newPass, snap(faultSize))
			fsys.Restart(seed)
			if err == nil {
				v, err := vault.Unlock(bg, "/v", newPass, opts(fsys, c))
				if err != nil {
					t.Fatalf("%s: acknowledged re-key but the new passphrase fails: %v", what, err)
				}
				v.Close()
			}
			v = unlockEither(t, fsys, c, what, newPass, testPass)
			rep, err := v.Open(bg, acceptGen(faultSize))
			if err != nil || rep.Gen < 2 {
				t.Fatalf("%s: got %v (%v), want generation 2 or 3", what, rep, err)
			}
			ids, err := v.Check(bg, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range ids.Blobs {
				if b.Err != nil {
					t.Fatalf("%s: got blob %s unreadable: %v", what, b.Name, b.Err)
				}
			}
			v.Close()
		}
	}
}

// TestBitFlipsInSlotsFallBackToTheOtherCopy is A5 for the slots: every bit
// flip in either copy or its hash file unlocks through the other copy and
// is repaired; a flip in both copies is damage, never a wrong key.
func TestBitFlipsInSlotsFallBackToTheOtherCopy(t *testing.T) {
	fsys, c := memVault(t, 1, faultSize, vault.Retention{})
	flips := 0
	for _, name := range []string{"key.slot", "key.slot.sha256", "key.slot.2", "key.slot.2.sha256"} {
		p := "/v/" + name
		orig, err := fsys.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for bit := 0; bit < len(orig)*8; bit++ {
			b := append([]byte(nil), orig...)
			b[bit/8] ^= 1 << (bit % 8)
			fsys.WriteFile(p, b)
			v, err := vault.Unlock(bg, "/v", testPass, opts(fsys, c))
			if err != nil {
				t.Fatalf("%s bit %d: got %v, want the other copy to open", name, bit, err)
			}
			v.Close()
			if got, _ := fsys.ReadFile(p); string(got) != string(orig) {
				t.Fatalf("%s bit %d: got the damaged copy left, want it repaired", name, bit)
			}
			flips++
		}
	}
	s1, _ := fsys.ReadFile("/v/key.slot")
	s2, _ := fsys.ReadFile("/v/key.slot.2")
	for bit := 0; bit < len(s1)*8; bit += 7 {
		b1, b2 := append([]byte(nil), s1...), append([]byte(nil), s2...)
		b1[bit/8] ^= 1 << (bit % 8)
		b2[bit/8] ^= 1 << (bit % 8)
		fsys.WriteFile("/v/key.slot", b1)
		fsys.WriteFile("/v/key.slot.2", b2)
		if _, err := vault.Unlock(bg, "/v", testPass, opts(fsys, c)); !isDamaged(err) {
			t.Fatalf("bit %d in both copies: got %v, want ErrDamaged", bit, err)
		}
	}
	t.Logf("%d single-copy flips recovered", flips)
}

// TestThousandWrongSheets is A3 for identities: the sheet of another vault
// is a wrong key, never damage.
func TestThousandWrongSheets(t *testing.T) {
	t.Parallel()
	fsys, c := memVault(t, 1, faultSize, vault.Retention{})
	for i := 0; i < 1000; i++ {
		other, err := age.GenerateHybridIdentity()
		if err != nil {
			t.Fatal(err)
		}
		_, err = vault.UnlockWithSheet(bg, "/v", typed(t, other.String()), opts(fsys, c))
		if !errors.Is(err, vault.ErrWrongKey) || errors.Is(err, vault.ErrDamaged) {
			t.Fatalf("sheet %d: got %v, want ErrWrongKey only", i, err)
		}
	}
}
