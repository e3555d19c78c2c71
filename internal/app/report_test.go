package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xinqing/internal/casework"
	"xinqing/internal/vault"
)

// check reopens the vault in dir and checks it.
func reopenAndCheck(t *testing.T, dir string) (Unlocked, *CheckReport) {
	t.Helper()
	ctx := context.Background()
	a := New(fastOptions(nil))
	u, err := a.Unlock(ctx, dir, testPass)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Lock(ctx)
	rep, err := a.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return u, rep
}

// Damage no check passed before: a missing attachment file, the newest
// save deleted, the newest save damaged and quarantined at open (and at
// every later check, until a new save).
func TestCheckReportsMissingAndQuarantinedFiles(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "vault")
	a := New(fastOptions(nil))
	if _, err := a.Create(ctx, dir, testPass); err != nil {
		t.Fatal(err)
	}
	s, err := a.SaveStudent(ctx, pupil("王晴", "七年级", "七(2)班"))
	if err != nil {
		t.Fatal(err)
	}
	at, err := a.AddAttachment(ctx, casework.KindStudent, s.ID, "note.txt", []byte("synthetic words"))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if err := a.Save(ctx); err != nil {
			t.Fatal(err)
		}
	}
	gen := a.SavedGeneration()
	if err := a.Lock(ctx); err != nil {
		t.Fatal(err)
	}
	if u, rep := reopenAndCheck(t, dir); rep.Damaged != 0 || len(u.Notices()) != 0 {
		t.Fatalf("an intact vault: %d damaged, notices %v", rep.Damaged, u.Notices())
	}

	blob := filepath.Join(dir, "blobs", at.SHA256[:2], at.SHA256+".age")
	if err := os.Rename(blob, blob+".away"); err != nil {
		t.Fatal(err)
	}
	_, rep := reopenAndCheck(t, dir)
	missing := 0
	for _, it := range rep.Blobs {
		if errors.Is(it.Err, ErrAttachmentMissing) {
			missing++
		}
	}
	if rep.Damaged != 1 || missing != 1 {
		t.Fatalf("a missing attachment: %d damaged, %d missing, want 1", rep.Damaged, missing)
	}
	os.Rename(blob+".away", blob)

	newest := filepath.Join(dir, "gen", fmt.Sprintf("%09d.age", gen))
	b, err := os.ReadFile(newest)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)-3] ^= 1
	if err := os.WriteFile(newest, b, 0o600); err != nil {
		t.Fatal(err)
	}
	u, rep := reopenAndCheck(t, dir)
	if rep.Damaged == 0 || len(u.Lost) != 1 || len(u.Notices()) != 1 || !strings.Contains(u.Notices()[0].ZH, "已损坏") {
		t.Fatalf("a damaged newest save: %d damaged, notices %v", rep.Damaged, u.Notices())
	}
	u, rep = reopenAndCheck(t, dir)
	if rep.Damaged == 0 || u.Report.Missing != gen || !strings.Contains(u.Notices()[0].ZH, "不见了") {
		t.Fatalf("after the quarantine: %d damaged, notices %v", rep.Damaged, u.Notices())
	}
}

// A vault whose first save never completed (killed during init) is not
// offered for unlocking: its setup runs again and replaces it.
func TestAnUnfinishedVaultDoesNotExist(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	v, _, err := vault.Create(context.Background(), dir, testPass, fastOptions(nil).Vault)
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	if Exists(dir) {
		t.Fatal("Exists reports a vault that never saved")
	}
	a := New(fastOptions(nil))
	if _, err := a.Unlock(context.Background(), dir, testPass); ErrorKind(err) != KindUnfinished {
		t.Fatalf("unlock: got %v, want the unfinished setup named", err)
	}
	if _, err := a.Create(context.Background(), dir, testPass); err != nil {
		t.Fatalf("create over the unfinished setup: %v", err)
	}
	a.Lock(context.Background())
	if !Exists(dir) {
		t.Fatal("Exists does not see the finished vault")
	}
}
