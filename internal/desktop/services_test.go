package desktop

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"xinqing/internal/ui"
	"xinqing/internal/vault"
	"xinqing/internal/vault/keyslot"
	"xinqing/internal/workspace"
)

// testServices uses a cheap KDF so each unlock takes milliseconds.
// testServices are the real services with a cheap key derivation. Their
// autosave timer never fires: Fyne's test driver runs fyne.Do callbacks on
// the calling goroutine, so a save state reported from a timer's goroutine
// would redraw the screen alongside the test. Saves happen at Lock.
func testServices() *services {
	return newServices(workspace.Options{
		Vault: vault.Options{
			KDF:          keyslot.Params{MemoryKiB: 1024, Time: 1, Threads: 1},
			AllowWeakKDF: true,
		},
		AfterFunc: func(time.Duration, func()) workspace.Timer { return idleTimer{} },
	})
}

// idleTimer is an autosave that never comes.
type idleTimer struct{}

func (idleTimer) Stop() bool { return true }

const realPass = "qing-tian-shan-shui-yun-feng"

func TestRealServicesCreateUnlockAndKeepTheSchool(t *testing.T) {
	ctx := context.Background()
	s := testServices()
	dir := filepath.Join(t.TempDir(), "vault")
	if s.Exists(dir) {
		t.Fatal("Exists reports a vault in an empty folder")
	}
	sh, err := s.Create(ctx, dir, realPass)
	if err != nil {
		t.Fatal(err)
	}
	if len(sh.Groups) != 15 {
		t.Fatalf("got %d sheet groups, want 15", len(sh.Groups))
	}
	if !s.Exists(dir) {
		t.Fatal("Exists does not see the new vault")
	}
	var states []ui.SaveState
	stop := s.WatchSaveState(func(st ui.SaveState) { states = append(states, st) })
	school := ui.School{
		Name: "晴川实验中学", County: "晴川区", Stage: "junior", StudentCount: 1200, ClassCount: 24,
		Room:     ui.Room{HasRoom: true, AreaM2: 60, Zones: []string{"个体辅导室"}},
		Hotlines: []ui.Hotline{{Name: "全国心理援助热线", Number: "12356"}},
		Preparer: "王老师", PreparerPhone: "0571-8888888", Reviewer: "李校长",
	}
	if err := s.SaveSchool(ctx, school); err != nil {
		t.Fatal(err)
	}
	if err := s.Lock(ctx); err != nil {
		t.Fatal(err)
	}
	stop()
	if len(states) == 0 || states[len(states)-1].Status != ui.Saved {
		t.Fatalf("got save states %+v, want the lock's save to end in Saved", states)
	}
	if _, err := s.School(ctx); err == nil {
		t.Fatal("the school profile is readable while locked")
	}
	if _, err := s.Create(ctx, dir, realPass); !errors.Is(err, ui.ErrVaultExists) {
		t.Fatalf("got %v creating over a vault, want ui.ErrVaultExists", err)
	}

	if _, err := s.Unlock(ctx, dir, "wrong wrong wrong wrong"); !errors.Is(err, ui.ErrWrongPassphrase) {
		t.Fatalf("got %v for a wrong passphrase, want ui.ErrWrongPassphrase", err)
	}
	failed, err := s.Unlock(ctx, dir, realPass)
	if err != nil {
		t.Fatal(err)
	}
	if failed != 1 {
		t.Fatalf("got %d failed attempts, want 1", failed)
	}
	got, err := s.School(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != school.Name || got.Stage != school.Stage || got.Room.AreaM2 != 60 || len(got.Hotlines) != 1 || got.Reviewer != "李校长" {
		t.Fatalf("got school %+v after reopening, want %+v", got, school)
	}

	// The recovery sheet PDF names every group.
	pdf := filepath.Join(t.TempDir(), "sheet.pdf")
	if err := os.WriteFile(pdf, nil, 0o644); err != nil { // as the save dialog leaves it
		t.Fatal(err)
	}
	if err := s.WriteSheet(ctx, pdf, sh); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(pdf); err != nil || (runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600) {
		t.Fatalf("got sheet file mode %v (%v), want 0600", fi.Mode(), err)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		out, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(string(out)), " ")
		for i, g := range sh.Groups {
			if !strings.Contains(text, g) {
				t.Fatalf("the sheet PDF lacks group %d", i+1)
			}
		}
	}
	if err := s.Lock(ctx); err != nil {
		t.Fatal(err)
	}

	// A typo in group 3 is named; the right sheet sets a new passphrase.
	typed := append([]string(nil), sh.Groups...)
	typed[2] = flip(typed[2])
	_, err = s.UnlockWithSheet(ctx, dir, strings.Join(typed, " "))
	var se *ui.SheetError
	if !errors.As(err, &se) || se.Group != 3 {
		t.Fatalf("got %v for a typo in group 3, want a ui.SheetError naming group 3", err)
	}
	const next = "shan-gao-yue-xiao-shui-luo"
	if err := s.ResetPassphrase(ctx, dir, strings.Join(sh.Groups, " "), next); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Unlock(ctx, dir, realPass); !errors.Is(err, ui.ErrWrongPassphrase) {
		t.Fatalf("got %v for the old passphrase after a reset, want ui.ErrWrongPassphrase", err)
	}
	if _, err := s.Unlock(ctx, dir, next); err != nil {
		t.Fatal(err)
	}
	if err := s.Lock(ctx); err != nil {
		t.Fatal(err)
	}
}

// flip changes the first character of a group to another sheet character.
func flip(g string) string {
	if g[0] == 'Q' {
		return "P" + g[1:]
	}
	return "Q" + g[1:]
}

func TestRealServicesPassphrasePolicy(t *testing.T) {
	s := testServices()
	if ok, _, reason := s.Check("short"); ok || reason == "" {
		t.Fatalf("got ok=%v reason=%q for a short passphrase, want refused with a reason", ok, reason)
	}
	g := s.Generate()
	if ok, level, _ := s.Check(g); !ok || level < 3 {
		t.Fatalf("got ok=%v level=%d for a generated passphrase, want accepted", ok, level)
	}
}

func TestRealServicesDemoSchool(t *testing.T) {
	ctx := context.Background()
	s := testServices()
	dir := filepath.Join(t.TempDir(), "demo")
	pass, err := s.CreateDemo(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Unlock(ctx, dir, pass); err != nil {
		t.Fatal(err)
	}
	sc, err := s.School(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Name == "" {
		t.Fatal("the demo school has no name")
	}
	if err := s.Lock(ctx); err != nil {
		t.Fatal(err)
	}
	again, err := s.CreateDemo(ctx, dir)
	if err != nil || again != pass {
		t.Fatalf("got %q, %v making the demo twice, want the same passphrase and no error", again, err)
	}
}
