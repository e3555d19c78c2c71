package vault_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xinqing/internal/vault"
	"xinqing/internal/vault/faultfs"
	"xinqing/internal/vault/sheet"
)

// TestRoundTrip is A1: images of every size come back byte for byte, by
// passphrase and by recovery sheet, through real files.
func TestRoundTrip(t *testing.T) {
	sizes := []struct {
		name string
		size int
	}{
		{"an empty image", 0},
		{"an image of one small row", 300},
		{"an image one byte short of a chunk", 64<<10 - 1},
		{"an image of exactly one chunk", 64 << 10},
		{"an image one byte over a chunk", 64<<10 + 1},
		{"an image of 10 MiB", 10 << 20},
	}
	for _, tc := range sizes {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "vault")
			o := opts(nil, nil)
			v, identity := mustCreate(t, dir, o)
			want := make([]byte, tc.size)
			copy(want, image(1, tc.size))
			gen, err := v.Save(context.Background(), func(uint64) ([]byte, error) { return want, nil })
			if err != nil {
				t.Fatalf("save: %v", err)
			}
			if gen != 1 {
				t.Errorf("got generation %d, want 1", gen)
			}
			v.Close()

			for _, how := range []string{"passphrase", "sheet"} {
				var v *vault.Vault
				var err error
				if how == "passphrase" {
					v, err = vault.Unlock(bg, dir, testPass, o)
				} else {
					v, err = vault.UnlockWithSheet(bg, dir, typed(t, identity), o)
				}
				if err != nil {
					t.Fatalf("unlock by %s: %v", how, err)
				}
				var got []byte
				rep, err := v.Open(bg, func(g uint64, img []byte) error { got = img; return nil })
				if err != nil {
					t.Fatalf("open after unlock by %s: %v", how, err)
				}
				if rep.Gen != 1 || len(rep.Lost) != 0 {
					t.Errorf("by %s: got generation %d with %d lost, want 1 with 0", how, rep.Gen, len(rep.Lost))
				}
				if !bytes.Equal(got, want) {
					t.Errorf("by %s: got %d bytes back, want the %d written", how, len(got), len(want))
				}
				v.Close()
			}
		})
	}
}

func TestUnlockTellsWrongKeyFromDamage(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	o := opts(nil, nil)
	v, _ := mustCreate(t, dir, o)
	v.Close()
	slot1 := filepath.Join(dir, "key.slot")
	slot2 := filepath.Join(dir, "key.slot.2")
	orig1, _ := os.ReadFile(slot1)
	orig2, _ := os.ReadFile(slot2)
	restore := func() {
		os.WriteFile(slot1, orig1, 0o600)
		os.WriteFile(slot2, orig2, 0o600)
	}
	flip := func(p string) {
		b, _ := os.ReadFile(p)
		b[len(b)-1] ^= 1
		os.WriteFile(p, b, 0o600)
	}
	cases := []struct {
		name    string
		pass    string
		damage  func()
		want    error
		repairs string
	}{
		{"a wrong passphrase is a wrong key", "not the passphrase at all", func() {}, vault.ErrWrongKey, ""},
		{"a damaged first copy falls back to the second", testPass, func() { flip(slot1) }, nil, slot1},
		{"a damaged second copy falls back to the first", testPass, func() { flip(slot2) }, nil, slot2},
		{"a missing first copy falls back to the second", testPass, func() { os.Remove(slot1) }, nil, slot1},
		{"a wrong passphrase with one damaged copy is still a wrong key", "wrong passphrase here", func() { flip(slot1) }, vault.ErrWrongKey, ""},
		{"both copies damaged is damage, not a wrong key", testPass, func() { flip(slot1); flip(slot2) }, vault.ErrDamaged, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			restore()
			tc.damage()
			v, err := vault.Unlock(bg, dir, tc.pass, o)
			if tc.want != nil {
				if !errors.Is(err, tc.want) {
					t.Fatalf("got %v, want %v", err, tc.want)
				}
				if errors.Is(tc.want, vault.ErrDamaged) && errors.Is(err, vault.ErrWrongKey) {
					t.Fatalf("got %v, want damage only", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("got %v, want an unlocked vault", err)
			}
			v.Close()
			if tc.repairs != "" {
				got, _ := os.ReadFile(tc.repairs)
				orig := orig1
				if tc.repairs == slot2 {
					orig = orig2
				}
				if !bytes.Equal(got, orig) {
					t.Errorf("got %s not repaired after unlock", filepath.Base(tc.repairs))
				}
				// The repaired copy opens on its own again.
				other := slot2
				if tc.repairs == slot2 {
					other = slot1
				}
				os.Remove(other)
				v, err := vault.Unlock(bg, dir, testPass, o)
				if err != nil {
					t.Fatalf("got %v unlocking with only the repaired copy", err)
				}
				v.Close()
			}
		})
	}
}

func TestSecondUnlockIsRefusedWhileTheFirstHoldsTheLock(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	o := opts(nil, nil)
	v, _ := mustCreate(t, dir, o)
	if _, err := vault.Unlock(bg, dir, testPass, o); !errors.Is(err, vault.ErrInUse) {
		t.Fatalf("got %v for a second unlock, want ErrInUse", err)
	}
	v.Close()
	v2 := mustUnlock(t, dir, o)
	v2.Close()
	// A LOCK file left by a crash holds no lock: it must not brick the vault.
	if err := os.WriteFile(filepath.Join(dir, "LOCK"), []byte("stale"), 0o600); err != nil {
		t.Fatal(err)
	}
	v3 := mustUnlock(t, dir, o)
	v3.Close()
}

func TestCreateRefusesAnExistingVaultAndWeakParameters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	o := opts(nil, nil)
	v, _ := mustCreate(t, dir, o)
	if _, err := v.Save(t.Context(), snap(200)); err != nil {
		t.Fatal(err)
	}
	v.Close()
	if _, _, err := vault.Create(bg, dir, testPass, o); !errors.Is(err, vault.ErrExists) {
		t.Errorf("got %v, want ErrExists", err)
	}
	o.AllowWeakKDF = false
	if _, _, err := vault.Create(bg, filepath.Join(t.TempDir(), "v2"), testPass, o); !errors.Is(err, vault.ErrWeakKDF) {
		t.Errorf("got %v, want ErrWeakKDF", err)
	}
}

func TestSheetOfAnotherVaultIsAWrongKey(t *testing.T) {
	o := opts(nil, nil)
	dirA, dirB := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	a, _ := mustCreate(t, dirA, o)
	if _, err := a.Save(t.Context(), snap(100)); err != nil {
		t.Fatal(err)
	}
	a.Close()
	b, idB := mustCreate(t, dirB, o)
	b.Close()
	if _, err := vault.UnlockWithSheet(bg, dirA, typed(t, idB), o); !errors.Is(err, vault.ErrWrongKey) {
		t.Fatalf("got %v, want ErrWrongKey", err)
	}
}

func TestChangePassphraseKeepsTheIdentity(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	o := opts(nil, nil)
	v, identity := mustCreate(t, dir, o)
	if _, err := v.Save(t.Context(), snap(500)); err != nil {
		t.Fatal(err)
	}
	const newPass = "a brand new passphrase 新口令"
	if err := v.ChangePassphrase(bg, newPass); err != nil {
		t.Fatalf("change passphrase: %v", err)
	}
	v.Close()
	if _, err := vault.Unlock(bg, dir, testPass, o); !errors.Is(err, vault.ErrWrongKey) {
		t.Errorf("got %v with the old passphrase, want ErrWrongKey", err)
	}
	v, err := vault.Unlock(bg, dir, newPass, o)
	if err != nil {
		t.Fatalf("unlock with the new passphrase: %v", err)
	}
	if _, err := v.Open(bg, acceptGen(500)); err != nil {
		t.Errorf("open: %v", err)
	}
	v.Close()
	v, err = vault.UnlockWithSheet(bg, dir, typed(t, identity), o)
	if err != nil {
		t.Fatalf("the old sheet must still open: %v", err)
	}
	v.Close()
}

func TestRekeyMakesTheOldSheetAndPassphraseUseless(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	o := opts(nil, nil)
	v, oldID := mustCreate(t, dir, o)
	for i := 0; i < 3; i++ {
		if _, err := v.Save(t.Context(), snap(700)); err != nil {
			t.Fatal(err)
		}
	}
	blob := []byte("attachment of a synthetic student 张三")
	bid, err := v.PutBlob(blob)
	if err != nil {
		t.Fatal(err)
	}
	const newPass = "after the passphrase was seen 重设"
	newID, err := v.Rekey(bg, newPass, snap(700))
	if err != nil {
		t.Fatalf("rekey: %v", err)
	}
	if newID == oldID {
		t.Fatal("got the same identity after re-key")
	}
	v.Close()
	if _, err := vault.Unlock(bg, dir, testPass, o); !errors.Is(err, vault.ErrWrongKey) {
		t.Errorf("got %v with the old passphrase, want ErrWrongKey", err)
	}
	if _, err := vault.UnlockWithSheet(bg, dir, typed(t, oldID), o); !errors.Is(err, vault.ErrWrongKey) {
		t.Errorf("got %v with the old sheet, want ErrWrongKey", err)
	}
	v, err = vault.Unlock(bg, dir, newPass, o)
	if err != nil {
		t.Fatalf("unlock after re-key: %v", err)
	}
	defer v.Close()
	rep, err := v.Open(bg, acceptGen(700))
	if err != nil || rep.Gen != 4 {
		t.Fatalf("got generation %v (%v), want 4", rep, err)
	}
	names, _ := os.ReadDir(filepath.Join(dir, "gen"))
	if len(names) != 1 {
		t.Errorf("got %d generation files after re-key, want 1 (old ones removed)", len(names))
	}
	got, err := v.Blob(bid)
	if err != nil || !bytes.Equal(got, blob) {
		t.Errorf("got blob %q (%v), want it re-sealed and readable", got, err)
	}
}

func TestBlobsAreContentAddressedAndWrittenOnce(t *testing.T) {
	fsys := faultfs.New()
	o := opts(fsys, newClock())
	v, _ := mustCreate(t, "/v", o)
	defer v.Close()
	data := []byte("scanned consent form (synthetic)")
	id, err := v.PutBlob(data)
	if err != nil {
		t.Fatal(err)
	}
	fsys.Reset()
	id2, err := v.PutBlob(data)
	if err != nil || id2 != id {
		t.Fatalf("got %s (%v), want %s", id2, err, id)
	}
	for _, op := range fsys.Log() {
		if strings.HasPrefix(op, "CreateExcl") || strings.HasPrefix(op, "Rename") {
			t.Errorf("got %q for a blob already stored, want no write", op)
		}
	}
	got, err := v.Blob(id)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("got %q (%v), want %q", got, err, data)
	}
	// A blob whose content was swapped for another sealed blob is damaged.
	other, err := v.PutBlob([]byte("another attachment"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := fsys.ReadFile("/v/blobs/" + other[:2] + "/" + other + ".age")
	fsys.WriteFile("/v/blobs/"+id[:2]+"/"+id+".age", b)
	if _, err := v.Blob(id); !isDamaged(err) {
		t.Errorf("got %v for a swapped blob, want ErrDamaged", err)
	}
	if _, err := v.Blob("../../key.slot"); err == nil {
		t.Error("got no error for a malformed blob id")
	}
	rep, err := v.Check(bg, acceptGen(0))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Blobs) != 2 || rep.Damaged != 1 {
		t.Errorf("got %d blobs with %d damaged, want 2 with 1", len(rep.Blobs), rep.Damaged)
	}
}

// TestNoPlaintextOnDisk is the vault's share of E3: images carrying the
// SQLite magic and a canary, and a blob carrying the canary, leave neither
// anywhere in the vault folder.
func TestNoPlaintextOnDisk(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	o := opts(nil, nil)
	v, _ := mustCreate(t, dir, o)
	const canary = "CANARY-王小明-7f3a"
	for i := 0; i < 4; i++ {
		img := append(image(uint64(i+1), 3000), []byte(canary)...)
		if _, err := v.Save(t.Context(), func(uint64) ([]byte, error) { return img, nil }); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := v.PutBlob([]byte("SQLite format 3 " + canary)); err != nil {
		t.Fatal(err)
	}
	v.Close()
	files := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, s := range []string{"SQLite format 3", canary} {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("got %q in plaintext in %s", s, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 10 {
		t.Errorf("got %d files scanned, want the whole vault (at least 10)", files)
	}
}

func TestSaveErrorsLeaveEarlierGenerationsAlone(t *testing.T) {
	fsys, c := memVault(t, 2, 200, vault.Retention{})
	o := opts(fsys, c)
	v := mustUnlock(t, "/v", o)
	defer v.Close()
	if _, err := v.Open(bg, acceptGen(200)); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("quick_check failed")
	if _, err := v.Save(t.Context(), func(uint64) ([]byte, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Errorf("got %v, want the snapshot's error", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := v.Save(ctx, snap(200)); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
	gen, err := v.Save(t.Context(), snap(200))
	if err != nil || gen != 3 {
		t.Errorf("got generation %d (%v), want 3", gen, err)
	}
	n, p, err := v.LatestGeneration()
	if err != nil || n != 3 || !strings.HasSuffix(p, "/gen/000000003.age") {
		t.Errorf("got %d %s (%v), want 3 …/gen/000000003.age", n, p, err)
	}
	v.Close()
	if _, err := v.Save(t.Context(), snap(200)); !errors.Is(err, vault.ErrClosed) {
		t.Errorf("got %v after close, want ErrClosed", err)
	}
}

func TestOpenOfAnEmptyVaultSaysNoGeneration(t *testing.T) {
	fsys := faultfs.New()
	v, _ := mustCreate(t, "/v", opts(fsys, newClock()))
	defer v.Close()
	if _, err := v.Open(bg, acceptGen(0)); !errors.Is(err, vault.ErrNoGeneration) {
		t.Errorf("got %v, want ErrNoGeneration", err)
	}
}

// TestRetention is E1-style: saves every 6 hours for 190 days and then
// every 20 minutes for 10 days, on an injected clock, pruned after each.
func TestRetention(t *testing.T) {
	t.Parallel()
	fsys, c := faultfs.New(), newClock()
	o := opts(fsys, c)
	v, _ := mustCreate(t, "/v", o)
	defer v.Close()
	saves := 0
	for _, phase := range []struct {
		every time.Duration
		n     int
	}{{6 * time.Hour, 190 * 4}, {20 * time.Minute, 10 * 72}} {
		for i := 0; i < phase.n; i++ {
			c.Add(phase.every)
			if _, err := v.Save(t.Context(), snap(40)); err != nil {
				t.Fatalf("save %d: %v", saves, err)
			}
			if err := v.PruneError(); err != nil {
				t.Fatalf("prune after save %d: %v", saves, err)
			}
			saves++
		}
	}
	names, _ := fsys.ReadDir("/v/gen")
	kept := map[uint64]time.Time{}
	for _, n := range names {
		var g uint64
		for _, ch := range strings.TrimSuffix(n, ".age") {
			g = g*10 + uint64(ch-'0')
		}
		fi, _ := fsys.Stat("/v/gen/" + n)
		kept[g] = fi.ModTime()
	}
	if max := 10 + 24 + 14 + 8 + 6; len(kept) > max || len(kept) < 24 {
		t.Errorf("got %d generations kept, want between 24 and %d", len(kept), max)
	}
	for g := uint64(saves - 9); g <= uint64(saves); g++ {
		if _, ok := kept[g]; !ok {
			t.Errorf("got generation %d pruned, want the last 10 kept", g)
		}
	}
	has := func(from, to time.Time) bool {
		for _, tm := range kept {
			if !tm.Before(from) && tm.Before(to) {
				return true
			}
		}
		return false
	}
	now := c.Now()
	for h := 0; h < 24; h++ {
		end := now.Truncate(time.Hour).Add(-time.Duration(h-1) * time.Hour)
		if !has(end.Add(-time.Hour), end) {
			t.Errorf("got no generation %d hours back, want one per hour for 24 hours", h)
		}
	}
	for d := 0; d < 14; d++ {
		day := time.Date(now.Year(), now.Month(), now.Day()-d, 0, 0, 0, 0, now.Location())
		if !has(day, day.AddDate(0, 0, 1)) {
			t.Errorf("got no generation %d days back, want one per day for 14 days", d)
		}
	}
	oldest := now
	for _, tm := range kept {
		if tm.Before(oldest) {
			oldest = tm
		}
	}
	if age := now.Sub(oldest); age < 120*24*time.Hour {
		t.Errorf("got the oldest generation %v old, want monthly ones back about half a year", age)
	}
}

func TestRetentionNeverKeepsFewerThanThreeVerified(t *testing.T) {
	fsys, c := faultfs.New(), newClock()
	o := opts(fsys, c)
	o.Retention = vault.Retention{Last: 1, MinVerified: 3}
	v, _ := mustCreate(t, "/v", o)
	defer v.Close()
	for i := 0; i < 6; i++ {
		c.Add(time.Hour)
		if _, err := v.Save(t.Context(), snap(40)); err != nil {
			t.Fatal(err)
		}
	}
	names, _ := fsys.ReadDir("/v/gen")
	if want := []string{"000000004.age", "000000005.age", "000000006.age"}; strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("got %v, want %v", names, want)
	}
}

func TestCreateInterruptedBeforeVaultJSONCanBeRedone(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	o := opts(nil, nil)
	v, _ := mustCreate(t, dir, o)
	v.Close()
	for _, n := range []string{"vault.json", "vault.json.2"} {
		if err := os.Remove(filepath.Join(dir, n)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := vault.Unlock(bg, dir, testPass, o); !errors.Is(err, vault.ErrNotVault) {
		t.Errorf("got %v for a vault whose setup never finished, want ErrNotVault", err)
	}
	v, _ = mustCreate(t, dir, o)
	v.Close()
	mustUnlock(t, dir, o).Close()
	if _, err := vault.Unlock(bg, t.TempDir(), testPass, o); !errors.Is(err, vault.ErrNotVault) {
		t.Errorf("got %v for an empty folder, want ErrNotVault", err)
	}
}

func TestOpenPromotesAVerifiedPartialAndReportsLostSavesPrecisely(t *testing.T) {
	fsys, c := faultfs.New(), newClock()
	o := opts(fsys, c)
	v, _ := mustCreate(t, "/v", o)
	times := map[uint64]time.Time{}
	for i := 0; i < 3; i++ {
		c.Add(time.Hour)
		g, err := v.Save(t.Context(), snap(500))
		if err != nil {
			t.Fatal(err)
		}
		times[g] = c.Now()
	}
	v.Close()
	// Generation 3 lost its rename in a power cut; then it was damaged
	// in place of its .partial's twin: plant a damaged 4 too.
	if err := fsys.Rename("/v/gen/000000003.age", "/v/gen/000000003.age.partial"); err != nil {
		t.Fatal(err)
	}
	g3, _ := fsys.ReadFile("/v/gen/000000003.age.partial")
	g3[len(g3)-1] ^= 1
	fsys.WriteFile("/v/gen/000000004.age", g3)
	c.Add(time.Hour)
	v = mustUnlock(t, "/v", o)
	defer v.Close()
	rep, err := v.Open(bg, acceptGen(500))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Gen != 3 || !rep.Promoted || !rep.Time.Equal(times[3]) {
		t.Errorf("got generation %d promoted=%v at %v, want 3 promoted at %v", rep.Gen, rep.Promoted, rep.Time, times[3])
	}
	if len(rep.Lost) != 1 || rep.Lost[0].Gen != 4 || !isDamaged(rep.Lost[0].Reason) ||
		!strings.HasPrefix(rep.Lost[0].File, "/v/quarantine/000000004.age.") {
		t.Errorf("got lost %+v, want generation 4 damaged and in quarantine/", rep.Lost)
	}
	if _, err := fsys.Stat("/v/gen/000000003.age"); err != nil {
		t.Errorf("got %v, want the partial renamed to 000000003.age", err)
	}
	if g, err := v.Save(t.Context(), snap(500)); err != nil || g != 5 {
		t.Errorf("got generation %d (%v), want 5 (never reusing the quarantined number)", g, err)
	}
}

func TestSaveCloseAndBlobsRaceSafely(t *testing.T) {
	fsys, c := memVault(t, 1, 200, vault.Retention{})
	v := mustUnlock(t, "/v", opts(fsys, c))
	var acked []uint64
	done := make(chan []uint64)
	for w := 0; w < 3; w++ {
		go func() {
			var mine []uint64
			for i := 0; i < 20; i++ {
				if g, err := v.Save(context.Background(), snap(200)); err == nil {
					mine = append(mine, g)
				} else if !errors.Is(err, vault.ErrClosed) {
					t.Errorf("got %v, want success or ErrClosed", err)
				}
				v.PutBlob([]byte{byte(i)})
			}
			done <- mine
		}()
	}
	time.Sleep(time.Millisecond)
	v.Close()
	for w := 0; w < 3; w++ {
		acked = append(acked, <-done...)
	}
	last := uint64(1)
	for _, g := range acked {
		last = max(last, g)
	}
	v = mustUnlock(t, "/v", opts(fsys, c))
	defer v.Close()
	rep, err := v.Open(bg, acceptGen(200))
	if err != nil || rep.Gen != last {
		t.Errorf("got generation %v (%v), want the last acknowledged %d", rep, err, last)
	}
}

func TestForgottenPassphraseIsResetWithTheSheet(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	o := opts(nil, nil)
	v, identity := mustCreate(t, dir, o)
	if _, err := v.Save(t.Context(), snap(800)); err != nil {
		t.Fatal(err)
	}
	if s, err := v.SlotBytes(); err != nil || len(s) == 0 {
		t.Fatalf("got %d slot bytes (%v), want the slot", len(s), err)
	}
	v.Close()
	typedSheet := typed(t, identity)
	// One typo: the group is named, nothing is unlocked.
	b := []byte(typedSheet)
	if b[7] == 'q' {
		b[7] = 'p'
	} else {
		b[7] = 'q'
	}
	var ge *sheet.GroupError
	if _, err := vault.UnlockWithSheet(bg, dir, string(b), o); !errors.As(err, &ge) || ge.Group != 2 {
		t.Errorf("got %v for a typo in group 2, want a GroupError naming group 2", err)
	}
	v, err := vault.UnlockWithSheet(bg, dir, typedSheet, o)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.SlotBytes(); !errors.Is(err, vault.ErrNoSlot) {
		t.Errorf("got %v before a new passphrase, want ErrNoSlot", err)
	}
	const newPass = "remembered this time 记住了"
	if err := v.ChangePassphrase(bg, newPass); err != nil {
		t.Fatal(err)
	}
	if s, err := v.SlotBytes(); err != nil || len(s) == 0 {
		t.Errorf("got %d slot bytes (%v) after the new passphrase, want the slot", len(s), err)
	}
	v.Close()
	v = mustUnlockWith(t, dir, newPass, o)
	defer v.Close()
	if rep, err := v.Open(bg, acceptGen(800)); err != nil || rep.Gen != 1 {
		t.Errorf("got %v (%v), want generation 1", rep, err)
	}
}

func mustUnlockWith(t *testing.T, dir, pass string, o vault.Options) *vault.Vault {
	t.Helper()
	v, err := vault.Unlock(bg, dir, pass, o)
	if err != nil {
		t.Fatalf("unlock: %v", err)
	}
	return v
}

func TestWhenNoImageIsAcceptedNothingIsMoved(t *testing.T) {
	fsys, c := memVault(t, 3, 100, vault.Retention{})
	v := mustUnlock(t, "/v", opts(fsys, c))
	defer v.Close()
	newer := errors.New("schema version 9 is newer than this program")
	rep, err := v.Open(bg, func(uint64, []byte) error { return newer })
	if !errors.Is(err, newer) || !errors.Is(err, vault.ErrDamaged) {
		t.Errorf("got %v, want the store's reason and ErrDamaged", err)
	}
	if rep == nil || len(rep.Lost) != 3 {
		t.Fatalf("got report %+v, want 3 generations listed", rep)
	}
	for _, l := range rep.Lost {
		if l.File != "" {
			t.Errorf("got generation %d moved to %s, want it left in place", l.Gen, l.File)
		}
	}
	if names, _ := fsys.ReadDir("/v/gen"); len(names) != 3 {
		t.Errorf("got %v in gen/, want the 3 generations untouched", names)
	}
}
