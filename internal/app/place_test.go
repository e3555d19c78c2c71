package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRecommendANonSystemDriveWhenThereIsOne(t *testing.T) {
	def := `C:\Users\x\AppData\Local\XinQing\vault`
	p := Recommend(DriveList{{Root: `C:\`, Free: 40 << 30, System: true}}, def)
	if p.Reason != SystemOnly || p.Recommended != def || p.Drive.Root != `C:\` {
		t.Fatalf("system drive only: %+v", p)
	}
	p = Recommend(DriveList{
		{Root: `E:\`, Free: 900 << 30},
		{Root: `D:\`, Free: 100 << 20}, // too full
		{Root: `C:\`, Free: 40 << 30, System: true},
	}, def)
	if p.Reason != OtherDrive || p.Recommended != `E:\心晴档案库` {
		t.Fatalf("C:, full D:, E:: %+v", p)
	}
	p = Recommend(DriveList{{Root: `D:\`, Free: 200 << 30}, {Root: `C:\`, Free: 40 << 30, System: true}}, def)
	if p.Reason != OtherDrive || p.Drive.Root != `D:\` || len(p.Drives) != 2 || p.Drives[0].Root != `C:\` {
		t.Fatalf("C: and D:: %+v", p)
	}
	if _, err := SystemDrives.FixedDrives(SystemDrives{}); err != nil {
		t.Fatalf("the real drive list: %v", err)
	}
}

func TestThePointerFileNamesTheVaultAndItsPreviousFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "XinQing", "vault-location.txt")
	if p, err := ReadPointer(path); err != nil || p != (Pointer{}) {
		t.Fatalf("no file: %+v, %v", p, err)
	}
	want := Pointer{Dir: `D:\心晴档案库`, Previous: `C:\Users\x\AppData\Local\XinQing\vault`}
	if err := WritePointer(path, want); err != nil {
		t.Fatal(err)
	}
	if p, err := ReadPointer(path); err != nil || p != want {
		t.Fatalf("read back %+v, %v", p, err)
	}
	s := Site{Pointer: path}
	if s.Remembered() != want.Dir {
		t.Fatal(s.Remembered())
	}
}

func TestMoveTheVaultCopiesVerifiesSwitchesAndKeepsTheOldFolderUntilTheNextUnlock(t *testing.T) {
	ctx := context.Background()
	a, from := openVault(t)
	setSchool(t, a, "晴川实验中学")
	if err := a.Save(ctx); err != nil {
		t.Fatal(err)
	}
	s := testSite(t, "")
	to := filepath.Join(t.TempDir(), "D", VaultFolderName)
	if err := a.MoveVault(ctx, s, to, "wrong passphrase"); err == nil || a.VaultDir() != filepath.ToSlash(from) && a.VaultDir() != from {
		t.Fatalf("a wrong passphrase moved: %v (%s)", err, a.VaultDir())
	}
	if err := a.MoveVault(ctx, s, from, testPass); err == nil {
		t.Fatal("moved onto itself")
	}
	if err := a.MoveVault(ctx, s, to, testPass); err != nil {
		t.Fatal(err)
	}
	if filepath.FromSlash(a.VaultDir()) != to || school(t, a) != "晴川实验中学" {
		t.Fatalf("after the move: %s, %q", a.VaultDir(), school(t, a))
	}
	if p, _ := ReadPointer(s.Pointer); p.Dir != to || filepath.FromSlash(p.Previous) != from {
		t.Fatalf("pointer %+v", p)
	}
	if !Exists(from) {
		t.Fatal("the old folder went before the next unlock")
	}
	setSchool(t, a, "晴川第二中学")
	if err := a.Lock(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Unlock(ctx, s.Remembered(), testPass); err != nil {
		t.Fatal(err)
	}
	defer a.Lock(ctx)
	if got := school(t, a); got != "晴川第二中学" {
		t.Fatalf("the moved vault holds %q", got)
	}
	old, err := a.FinishMove(s)
	if err != nil || filepath.FromSlash(old) != from {
		t.Fatalf("finish move: %q, %v", old, err)
	}
	if _, err := os.Stat(from); !os.IsNotExist(err) {
		t.Fatalf("the old folder stays: %v", err)
	}
	if p, _ := ReadPointer(s.Pointer); p.Previous != "" || p.Dir != to {
		t.Fatalf("pointer %+v", p)
	}
}

func TestMoveRefusesAFolderThatHoldsSomething(t *testing.T) {
	ctx := context.Background()
	a, from := openVault(t)
	defer a.Lock(ctx)
	to := t.TempDir()
	if err := os.WriteFile(filepath.Join(to, "x.txt"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := a.MoveVault(ctx, testSite(t, ""), to, testPass); err != ErrMoveTarget {
		t.Fatalf("got %v", err)
	}
	if err := a.MoveVault(ctx, testSite(t, ""), filepath.Join(from, "inside"), testPass); err != ErrMoveTarget {
		t.Fatalf("inside: %v", err)
	}
	if _, err := a.Workspace(); err != nil {
		t.Fatal("the vault closed")
	}
}

// fakeBoot is a PC whose boot time the test sets.
type fakeBoot struct{ t time.Time }

func (b *fakeBoot) boot() (time.Time, bool) { return b.t, true }

func TestAVanishedExitStampAfterARebootReportsTheRevertedSystemDriveOnce(t *testing.T) {
	vaultDir := t.TempDir()
	pc := &fakeBoot{t: time.Date(2026, 12, 1, 7, 30, 0, 0, time.Local)}
	s := Site{Markers: filepath.Join(t.TempDir(), "profile"), Boot: pc.boot, Install: func() string { return "xinqing.exe|1|1" }}
	if err := s.CleanExit(vaultDir); err != nil {
		t.Fatal(err)
	}
	// Started again in the same boot: nothing to judge.
	if rev, err := s.SystemDriveReverted(vaultDir); err != nil || rev {
		t.Fatalf("same boot: %v, %v", rev, err)
	}
	if err := s.CleanExit(vaultDir); err != nil {
		t.Fatal(err)
	}
	// Rebooted, the profile's stamp kept: not reverted.
	pc.t = pc.t.Add(24 * time.Hour)
	if rev, err := s.SystemDriveReverted(vaultDir); err != nil || rev {
		t.Fatalf("kept stamp: %v, %v", rev, err)
	}
	// Exit, reboot, the restore card puts the profile back: reported once.
	if err := s.CleanExit(vaultDir); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(s.Markers); err != nil {
		t.Fatal(err)
	}
	pc.t = pc.t.Add(24 * time.Hour)
	if rev, err := s.SystemDriveReverted(vaultDir); err != nil || !rev {
		t.Fatalf("vanished stamp not reported: %v, %v", rev, err)
	}
	if rev, _ := s.SystemDriveReverted(vaultDir); rev {
		t.Fatal("reported twice")
	}
	// A re-install explains a vanished stamp.
	if err := s.CleanExit(vaultDir); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(s.Markers); err != nil {
		t.Fatal(err)
	}
	pc.t = pc.t.Add(24 * time.Hour)
	s.Install = func() string { return "xinqing.exe|2|2" }
	if rev, _ := s.SystemDriveReverted(vaultDir); rev {
		t.Fatal("a re-install reported as a revert")
	}
	// Where the boot time is unknown nothing is written or judged.
	s.Boot = bootTime
	if err := s.CleanExit(vaultDir); err != nil {
		t.Fatal(err)
	}
	if _, ok := bootTime(); !ok {
		if _, err := os.Stat(filepath.Join(vaultDir, exitStamp)); !os.IsNotExist(err) {
			t.Fatalf("stamp written without a boot time: %v", err)
		}
	}
	if !strings.HasSuffix(PointerFile(), "vault-location.txt") {
		t.Fatal(PointerFile())
	}
}

func TestMoveTargetsInsideOrAroundTheVaultAreRefused(t *testing.T) {
	base := t.TempDir()
	from := filepath.Join(base, "vault")
	for _, tc := range []struct {
		to   string
		want error
	}{
		{from, ErrMoveTarget},
		{filepath.Join(from, "inside"), ErrMoveTarget},
		{base, ErrMoveTarget}, // holds the vault
		{filepath.Join(base, "vault2"), nil},
		{filepath.Join(base, "..vault"), nil},
		{filepath.Join(t.TempDir(), "D", VaultFolderName), nil},
	} {
		if err := checkMoveTarget(from, tc.to); err != tc.want {
			t.Errorf("%s: got %v, want %v", tc.to, err, tc.want)
		}
	}
}
