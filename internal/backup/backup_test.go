package backup_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xinqing/internal/backup"
	"xinqing/internal/vault"
	"xinqing/internal/vault/faultfs"
	"xinqing/internal/workspace"
)

// backups makes n backups of one vault on a stick, an edit and an hour
// apart.
func backups(t *testing.T, n int, o backup.Options) (*workspace.Workspace, *clock, string, []*backup.Result) {
	t.Helper()
	c := newClock()
	w, _ := newWorkspace(t, nil, "", c, 21)
	rng := rand.New(rand.NewPCG(21, 21))
	stick := t.TempDir()
	var rs []*backup.Result
	for i := 0; i < n; i++ {
		fill(t, w.Store(), rng, 3)
		save(t, w)
		r, err := w.Backup(context.Background(), stick, o)
		if err != nil {
			t.Fatalf("backup %d: %v", i, err)
		}
		rs = append(rs, r)
		c.Add(time.Hour)
	}
	return w, c, stick, rs
}

func TestPruningKeepsTheNewestAndNeverFewerThanThree(t *testing.T) {
	for _, c := range []struct {
		name      string
		keep      int
		wantCount int
	}{
		{"the default keeps 10", 0, 10},
		{"keep 4 keeps 4", 4, 4},
		{"keep 1 is raised to the floor of 3", 1, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, stick, rs := backups(t, 12, backup.Options{Keep: c.keep})
			rep, err := backup.Verify(bg, stick, nil, backup.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Verified != c.wantCount || len(rep.Items) != c.wantCount {
				t.Fatalf("got %d verified of %d, want %d", rep.Verified, len(rep.Items), c.wantCount)
			}
			for i, it := range rep.Items {
				if want := rs[len(rs)-1-i].Name; it.Name.Gen != want.Gen {
					t.Errorf("item %d: got generation %d, want %d (newest first)", i, it.Name.Gen, want.Gen)
				}
			}
			if last := rs[len(rs)-1]; len(last.Pruned) != 1 {
				t.Errorf("got %v pruned by the last backup, want exactly one", last.Pruned)
			}
		})
	}
}

func TestVerifyTellsVerifiedDamagedAndIncompleteApart(t *testing.T) {
	_, _, stick, rs := backups(t, 4, backup.Options{})
	p := func(r *backup.Result, ext string) string { return filepath.Join(r.Dir, r.Name.String()+ext) }
	// Backup 0: a flipped byte in the image. Backup 1: the manifest gone.
	// Backup 2: the slot gone. Backup 3: intact.
	img, _ := os.ReadFile(p(rs[0], ".age"))
	img[len(img)/2] ^= 0x10
	os.WriteFile(p(rs[0], ".age"), img, 0o600)
	os.Remove(p(rs[1], ".sha256"))
	os.Remove(p(rs[2], ".slot"))
	// A stray file and an interrupted write are ignored or incomplete.
	os.WriteFile(filepath.Join(rs[0].Dir, "notes.txt"), []byte("x"), 0o600)
	os.WriteFile(filepath.Join(rs[0].Dir, "20261201T0900-g000999.age.tmp"), []byte("partial"), 0o600)

	for _, dir := range []string{stick, filepath.Join(stick, backup.RootName), rs[0].Dir} {
		rep, err := backup.Verify(bg, dir, backup.Passphrase(testPass), backup.Options{})
		if err != nil {
			t.Fatal(err)
		}
		got := map[uint64]backup.Status{}
		for _, it := range rep.Items {
			got[it.Name.Gen] = it.Status
		}
		want := map[uint64]backup.Status{rs[0].Name.Gen: backup.Damaged, rs[1].Name.Gen: backup.Incomplete,
			rs[2].Name.Gen: backup.Damaged, rs[3].Name.Gen: backup.Verified, 999: backup.Incomplete}
		if len(got) != len(want) {
			t.Fatalf("%s: got %v, want %v", dir, got, want)
		}
		for g, s := range want {
			if got[g] != s {
				t.Errorf("%s: generation %d: got %s, want %s", dir, g, got[g], s)
			}
		}
		if rep.Verified != 1 || rep.Damaged != 2 || rep.Incomplete != 2 {
			t.Errorf("%s: got %d/%d/%d, want 1 verified, 2 damaged, 2 incomplete", dir, rep.Verified, rep.Damaged, rep.Incomplete)
		}
		for _, it := range rep.Items {
			if it.Status == backup.Verified && !it.Full {
				t.Errorf("got a verified backup without the full check (%v)", it.Err)
			}
		}
	}
	// A wrong passphrase leaves the hash verdict and says why no full check.
	rep, _ := backup.Verify(bg, stick, backup.Passphrase("wrong wrong wrong wrong"), backup.Options{})
	for _, it := range rep.Items {
		if it.Status == backup.Verified && (it.Full || !errors.Is(it.Err, vault.ErrWrongKey)) {
			t.Errorf("got full=%v err=%v with a wrong passphrase, want no full check and a wrong key", it.Full, it.Err)
		}
	}
}

func TestTheSheetRestoresABackupWhoseSlotIsDamaged(t *testing.T) {
	c := newClock()
	w, identity := newWorkspace(t, nil, "", c, 31)
	fill(t, w.Store(), rand.New(rand.NewPCG(31, 31)), 8)
	save(t, w)
	res, err := w.Backup(context.Background(), t.TempDir(), backup.Options{})
	if err != nil {
		t.Fatal(err)
	}
	slot := filepath.Join(res.Dir, res.Name.String()+".slot")
	b, _ := os.ReadFile(slot)
	b[len(b)-1] ^= 1
	os.WriteFile(slot, b, 0o600)
	cand, err := backup.Inspect(bg, filepath.Join(res.Dir, res.Name.String()+".age"), backup.Options{})
	if err != nil {
		t.Fatalf("inspect: %v", err)
	}
	if cand.SlotErr() == nil {
		t.Error("got no slot damage reported")
	}
	if _, err := cand.Open(bg, backup.Passphrase(testPass), backup.Options{}); !errors.Is(err, backup.ErrDamaged) {
		t.Errorf("passphrase on a damaged slot: got %v, want damage", err)
	}
	k, err := backup.Sheet(identity)
	if err != nil {
		t.Fatal(err)
	}
	r, err := cand.Open(bg, k, backup.Options{})
	if err != nil {
		t.Fatalf("sheet: %v", err)
	}
	defer r.Close()
	if r.Summary.Hash != res.Hash {
		t.Errorf("got hash %x, want %x", r.Summary.Hash, res.Hash)
	}
	// Another vault's sheet is a wrong key.
	_, other := newWorkspace(t, nil, "", c, 32)
	ok, _ := backup.Sheet(other)
	if _, err := cand.Open(bg, ok, backup.Options{}); !errors.Is(err, vault.ErrWrongKey) {
		t.Errorf("another sheet: got %v, want a wrong key", err)
	}
}

func TestSpaceChecksRefuseBeforeWriting(t *testing.T) {
	c := newClock()
	fsys := faultfs.New()
	w, _ := newWorkspace(t, fsys, "/vault", c, 41)
	for _, tc := range []struct {
		name  string
		space backup.Space
		want  error
	}{
		{"a full stick", backup.Space{Free: 1000}, backup.ErrNoSpace},
	} {
		_, err := w.Backup(context.Background(), "/stick", backup.Options{Space: func(string) (backup.Space, error) { return tc.space, nil }})
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
		for _, f := range fsys.Files() {
			if strings.HasPrefix(f, "/stick/") && strings.Contains(f, "-g") {
				t.Errorf("%s: got %s written, want nothing", tc.name, f)
			}
		}
	}
}

// cancelAt cancels once a stage is reached and records every report.
// cancelAt cancels the work's context when stage is reported.
type cancelAt struct {
	stage  backup.Stage
	seen   []backup.Stage
	cancel context.CancelFunc
}

func (c *cancelAt) Report(s backup.Stage, done, total int64) {
	if done > total {
		panic("progress beyond its total")
	}
	if len(c.seen) == 0 || c.seen[len(c.seen)-1] != s {
		c.seen = append(c.seen, s)
	}
	if s == c.stage && c.cancel != nil {
		c.cancel()
	}
}

func TestProgressIsReportedAndCancelLeavesNothingBehind(t *testing.T) {
	c := newClock()
	w, _ := newWorkspace(t, nil, "", c, 51)
	fill(t, w.Store(), rand.New(rand.NewPCG(51, 51)), 10)
	save(t, w)
	stick := t.TempDir()
	all := &cancelAt{stage: "never"}
	if _, err := w.Backup(context.Background(), stick, backup.Options{Progress: all}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []backup.Stage{backup.StageWrite, backup.StageRead, backup.StageCheck, backup.StagePrune} {
		if !strings.Contains(strings.Join(stages(all.seen), " "), string(s)) {
			t.Errorf("got stages %v, want %s among them", all.seen, s)
		}
	}
	for i, stop := range []backup.Stage{backup.StageWrite, backup.StageRead, backup.StageCheck} {
		fill(t, w.Store(), rand.New(rand.NewPCG(52, uint64(i))), 1) // a new 学籍号 each time
		save(t, w)
		c.Add(time.Hour)
		ctx, cancel := context.WithCancel(bg)
		_, err := w.Backup(ctx, stick, backup.Options{Progress: &cancelAt{stage: stop, cancel: cancel}})
		cancel()
		if !errors.Is(err, backup.ErrCancelled) || !errors.Is(err, context.Canceled) {
			t.Errorf("cancel at %s: got %v, want ErrCancelled", stop, err)
		}
		rep, _ := backup.Verify(bg, stick, nil, backup.Options{})
		if rep.Verified != 1 || rep.Incomplete+rep.Damaged != 0 {
			t.Errorf("cancel at %s: got %+v, want only the first backup", stop, rep)
		}
	}
}

func stages(ss []backup.Stage) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}

func TestDrillAndRemindersAreKeptInTheVault(t *testing.T) {
	c := newClock()
	w, _ := newWorkspace(t, nil, "", c, 61)
	dir := w.Vault().Dir()
	if lvl, at, err := w.BackupReminder(); err != nil || lvl != backup.Due || !at.IsZero() {
		t.Errorf("before any backup: got %v %v %v, want Due and no time", lvl, at, err)
	}
	if due, _ := w.DrillDue(); !due {
		t.Error("got no drill due before any drill")
	}
	fill(t, w.Store(), rand.New(rand.NewPCG(61, 61)), 6)
	save(t, w)
	stick := t.TempDir()
	if _, err := w.Backup(context.Background(), stick, backup.Options{}); err != nil {
		t.Fatal(err)
	}
	res, err := w.Drill(bg, stick, backup.Options{})
	if err != nil || !res.OK {
		t.Fatalf("drill: got %+v (%v), want OK", res, err)
	}
	if err := w.Lock(bg); err != nil {
		t.Fatal(err)
	}
	// Reopened days later: the history came back from the vault.
	for _, tc := range []struct {
		after time.Duration
		want  backup.Reminder
		drill bool
	}{
		{2 * 24 * time.Hour, backup.NoReminder, false},
		{8 * 24 * time.Hour, backup.Due, false},
		{15 * 24 * time.Hour, backup.Overdue, false},
		{31 * 24 * time.Hour, backup.Overdue, true},
	} {
		later := &clock{t: c.t.Add(tc.after)}
		w2, err := workspace.Open(bg, dir, testPass, wsOptions(nil, later, 61))
		if err != nil {
			t.Fatal(err)
		}
		lvl, at, err := w2.BackupReminder()
		if err != nil || lvl != tc.want || !at.Equal(c.t) {
			t.Errorf("after %v: got %v at %v (%v), want %v at %v", tc.after, lvl, at, err, tc.want, c.t)
		}
		if due, _ := w2.DrillDue(); due != tc.drill {
			t.Errorf("after %v: got drill due %v, want %v", tc.after, due, tc.drill)
		}
		w2.Lock(bg)
	}
}

func TestADrillOfADamagedBackupFailsAndIsRecorded(t *testing.T) {
	c := newClock()
	w, _ := newWorkspace(t, nil, "", c, 71)
	fill(t, w.Store(), rand.New(rand.NewPCG(71, 71)), 6)
	save(t, w)
	stick := t.TempDir()
	r, err := w.Backup(context.Background(), stick, backup.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The fingerprint in the manifest is rewritten consistently with a
	// different hash: the drill's content comparison must catch it.
	mf := filepath.Join(r.Dir, r.Name.String()+".sha256")
	m, _ := os.ReadFile(mf)
	m = []byte(strings.Replace(string(m), "fp="+backup.Fingerprint(r.Hash), "fp=00000000", 1))
	os.WriteFile(mf, m, 0o600)
	res, err := w.Drill(bg, stick, backup.Options{})
	if err != nil || res.OK || !errors.Is(res.Err, backup.ErrDamaged) {
		t.Fatalf("got %+v (%v), want a failed drill for damage", res, err)
	}
	if d, ok, _ := w.Journal().LastDrill(); !ok || d.OK || d.Backup != r.Name.String() {
		t.Errorf("got recorded drill %+v (%v), want the failure", d, ok)
	}
	if due, _ := w.DrillDue(); !due {
		t.Error("got no drill due after a failed drill")
	}
	if _, err := w.Drill(bg, t.TempDir(), backup.Options{}); !errors.Is(err, backup.ErrNoBackup) {
		t.Errorf("drill on an empty stick: got %v, want ErrNoBackup", err)
	}
}

func TestABackupTwiceOfOneGenerationInOneMinuteKeepsOne(t *testing.T) {
	c := newClock()
	w, _ := newWorkspace(t, nil, "", c, 81)
	stick := t.TempDir()
	if _, err := w.Backup(context.Background(), stick, backup.Options{}); err != nil {
		t.Fatal(err)
	}
	// The journal entry made the workspace dirty: the second run saves a
	// new generation first, so it is a second backup.
	r2, err := w.Backup(context.Background(), stick, backup.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rep, _ := backup.Verify(bg, stick, nil, backup.Options{})
	if rep.Verified != 2 || r2.Existing {
		t.Errorf("got %d verified (existing %v), want 2 new", rep.Verified, r2.Existing)
	}
	// The same generation again through backup.Run: found, not rewritten.
	gen, _, _ := w.Vault().LatestGeneration()
	h := contentHash(t, w.Store())
	r3, err := backup.Run(bg, w.Vault(), backup.Expect{Gen: gen, Hash: h}, stick, backup.Options{Now: c.Now})
	if err != nil || !r3.Existing {
		t.Errorf("got %+v (%v), want the existing backup", r3, err)
	}
	if _, err := backup.Run(bg, w.Vault(), backup.Expect{Gen: gen + 1, Hash: h}, stick, backup.Options{Now: c.Now}); !errors.Is(err, backup.ErrChanged) {
		t.Errorf("got %v for a stale expectation, want ErrChanged", err)
	}
	if _, err := backup.Run(bg, w.Vault(), backup.Expect{Gen: gen, Hash: [32]byte{1}}, t.TempDir(), backup.Options{Now: c.Now}); !errors.Is(err, backup.ErrDamaged) {
		t.Errorf("got %v for a wrong source hash, want damage (content differs)", err)
	}
}

func TestAContextCancelsTheBackup(t *testing.T) {
	c := newClock()
	w, _ := newWorkspace(t, nil, "", c, 91)
	ctx, cancel := context.WithCancel(context.Background())
	var seen []backup.Stage
	p := backup.ProgressFunc(func(s backup.Stage, done, total int64) {
		seen = append(seen, s)
		if s == backup.StageRead {
			cancel()
		}
	})
	stick := t.TempDir()
	if _, err := w.Backup(ctx, stick, backup.Options{Progress: p}); !errors.Is(err, backup.ErrCancelled) {
		t.Fatalf("got %v, want ErrCancelled", err)
	}
	if len(seen) == 0 || seen[0] != backup.StageWrite {
		t.Errorf("got stages %v, want the write first", seen)
	}
	if rep, err := backup.Verify(bg, stick, nil, backup.Options{}); err != nil || len(rep.Items) != 0 {
		t.Errorf("got %+v (%v) after the cancel, want no backup at all", rep, err)
	}
}
