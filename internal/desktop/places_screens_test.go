package desktop

import (
	"context"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/app"
	"xinqing/internal/backup"
	"xinqing/internal/ui"
	"xinqing/internal/ui/uitest"
)

// placeDeps are the real services on a PC made of temporary folders: the
// fixed drives given, the pointer file and the profile's markers, and
// stick as the only removable drive ("" none).
func placeDeps(t *testing.T, drives app.DriveList, stick string, boot func() (time.Time, bool)) (*services, ui.Deps, app.Site) {
	t.Helper()
	s := testServices()
	site := app.Site{Fixed: drives, Pointer: filepath.Join(t.TempDir(), "vault-location.txt"),
		Markers: filepath.Join(t.TempDir(), "profile"), Boot: boot, Install: func() string { return "xinqing.exe|1|1" }}
	if stick != "" {
		site.Removable = func(context.Context) ([]backup.Drive, error) { return []backup.Drive{{Path: stick}}, nil }
	}
	d := s.depsAt(site)
	d.Go = func(f func()) { f() }
	return s, d, site
}

// screen is a window of 1100×720 showing the app over d, in the app's
// theme so that a capture looks like the app.
func screen(t *testing.T, d ui.Deps) (*ui.App, *uitest.Driver) {
	t.Helper()
	fa := test.NewTempApp(t)
	fa.Settings().SetTheme(ui.NewTheme())
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1100, 720))
	a := ui.New(fa, w, d)
	return a, uitest.New(t, w)
}

// capture writes what the window shows to $XINQING_SCREENSHOTS/name
// when that folder is set (docs/screenshots is made this way).
func capture(t *testing.T, drv *uitest.Driver, name string) {
	t.Helper()
	dir := os.Getenv("XINQING_SCREENSHOTS")
	if dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, drv.Window().Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}

func TestTheWizardOffersTheFixedDrivesAndRecommendsANonSystemOne(t *testing.T) {
	home := t.TempDir()
	t.Setenv("XDG_DATA_HOME", home)
	def := filepath.Join(home, "xinqing", "vault")
	sys, other := filepath.Join(t.TempDir(), "C"), filepath.Join(t.TempDir(), "D")

	t.Run("system drive only", func(t *testing.T) {
		_, d, _ := placeDeps(t, app.DriveList{{Root: sys, Free: 40 << 30, System: true}}, "", nil)
		a, drv := screen(t, d)
		a.Start()
		drv.Tap("新建加密档案库")
		drv.WantText("系统盘，剩余 40.0 GB")
		drv.WantText("这台电脑只有系统盘")
		drv.WantNoText("（推荐）")
		drv.WantText(def)
	})

	t.Run("C: and D:", func(t *testing.T) {
		_, d, site := placeDeps(t, app.DriveList{
			{Root: other, Free: 200 << 30},
			{Root: sys, Free: 40 << 30, System: true},
		}, "", nil)
		a, drv := screen(t, d)
		a.Start()
		drv.Tap("新建加密档案库")
		want := filepath.Join(other, app.VaultFolderName)
		drv.WantText("系统盘，剩余 40.0 GB")
		drv.WantText("剩余 200.0 GB（推荐）")
		drv.WantText("推荐放在 " + want + "：学校电脑的系统盘常装有还原卡")
		drv.WantText(want)
		// Creating puts the vault there and the pointer file names it.
		drv.Tap("下一步")
		drv.Tap("创建档案库")
		t.Cleanup(func() { _ = d.Vault.Lock(context.Background()) })
		if !app.Exists(want) {
			t.Fatalf("no vault in %s", want)
		}
		if got := site.Remembered(); got != want {
			t.Fatalf("the pointer file names %q, want %q", got, want)
		}
	})
}

func TestARemovedLocationFileFindsTheVaultInTheRecommendedFolder(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	other := filepath.Join(t.TempDir(), "D")
	s, d, site := placeDeps(t, app.DriveList{{Root: t.TempDir(), System: true}, {Root: other}}, "", nil)
	dir := filepath.Join(other, app.VaultFolderName)
	if _, err := s.Create(context.Background(), dir, realPass); err != nil {
		t.Fatal(err)
	}
	if err := s.Lock(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Re-installed: nothing remembers the folder.
	a, drv := screen(t, d)
	a.Start()
	drv.WantText("解锁档案库")
	drv.WantText(dir)
	if site.Remembered() != dir {
		t.Fatalf("the location file names %q", site.Remembered())
	}
}

func TestTheWizardNamesWindowsDrivesAsWindowsDoes(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	_, d, _ := placeDeps(t, app.DriveList{
		{Root: `C:\`, Free: 38 << 30, System: true},
		{Root: `D:\`, Free: 412 << 30},
	}, "", nil)
	a, drv := screen(t, d)
	a.Start()
	drv.Tap("新建加密档案库")
	drv.WantText(`C:\  系统盘，剩余 38.0 GB`)
	drv.WantText(`D:\  剩余 412.0 GB（推荐）`)
	drv.WantText(`推荐放在 D:\心晴档案库：`)
	capture(t, drv, "setup-drive-choice.png")
	drv.WantText(`D:\心晴档案库`)
	// Choosing the system drive offers the per-user folder instead.
	for _, o := range drv.Visible() {
		if r, ok := o.(*widget.RadioGroup); ok {
			r.SetSelected(r.Options[0])
		}
	}
	drv.WantText(d.Vault.DefaultDir())
}

// copyFolder copies a vault folder as a file manager would (not its lock).
func copyFolder(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if e.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o700)
		}
		if rel == "LOCK" {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// revertedFolder builds with the real services a vault whose folder was
// put back from an older copy after a newer backup went to stick.
func revertedFolder(t *testing.T, s *services, d ui.Deps, site app.Site, stick string) (dir string) {
	t.Helper()
	ctx := context.Background()
	dir = filepath.Join(t.TempDir(), "vault")
	if _, err := s.Create(ctx, dir, realPass); err != nil {
		t.Fatal(err)
	}
	school := func(name string) {
		if err := s.SaveSchool(ctx, ui.School{Name: name, County: "晴川县"}); err != nil {
			t.Fatal(err)
		}
	}
	school("晴川实验中学")
	if _, err := s.app.BackupNow(ctx, stick, 0, nil); err != nil {
		t.Fatal(err)
	}
	older := filepath.Join(t.TempDir(), "older")
	copyFolder(t, dir, older)
	for _, n := range []string{"晴川第二中学", "晴川第三中学"} {
		school(n)
		if err := s.app.Save(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.app.BackupNow(ctx, stick, 0, nil); err != nil {
		t.Fatal(err)
	}
	// Locked as the app locks: the profile's marker records the newest
	// generation this PC saved.
	if err := d.Vault.Lock(ctx); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(older, dir); err != nil {
		t.Fatal(err)
	}
	if err := site.Remember(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestAfterUnlockARevertedVaultShowsTheWarningAndRestoresTheStickBackupOnConfirmation(t *testing.T) {
	ctx := context.Background()
	stick := filepath.Join(t.TempDir(), "stick")
	s, d, site := placeDeps(t, nil, stick, nil)
	dir := revertedFolder(t, s, d, site, stick)
	// The folder as put back: generation 2; the stick holds 4 (the saves
	// of the second and third name, then the backup's own save).
	newest := newestStickGen(t, stick)

	a, drv := screen(t, d)
	a.Start()
	uitest.TypeInto(drv.Input("密码（按回车解锁）"), realPass)
	drv.Tap("解锁")
	t.Cleanup(func() { _ = d.Vault.Lock(ctx) })
	local := s.app.SavedGeneration()
	if local >= newest {
		t.Fatalf("the reverted folder is at %d, the stick at %d", local, newest)
	}
	want := "这台电脑上的档案库比U盘上的备份旧（第 " + itoa(local) + " 次保存 / U盘上第 " + itoa(newest) + " 次）。电脑可能装有还原卡或被恢复过。"
	drv.WantText(want)
	drv.WantText("从U盘恢复较新的备份")
	capture(t, drv, "rollback-warning.png")
	if sc, _ := d.Settings.School(ctx); sc.Name != "晴川实验中学" {
		t.Fatalf("the check changed the data: %q", sc.Name)
	}

	// The restore: the backup screen and the two-phase restore, which asks.
	drv.Tap("从U盘恢复较新的备份")
	drv.WantText("检查备份")
	drv.Tap("检查备份") // the vault's own key opens it
	drv.WantText("确认恢复")
	if sc, _ := d.Settings.School(ctx); sc.Name != "晴川实验中学" {
		t.Fatal("restored before the confirmation")
	}
	drv.Tap("恢复")
	drv.WantText("已恢复")
	drv.WantNoText("这台电脑上的档案库比U盘上的备份旧")
	if sc, _ := d.Settings.School(ctx); sc.Name != "晴川第三中学" {
		t.Fatalf("after the restore the school is %q", sc.Name)
	}
	if g := s.app.SavedGeneration(); g <= newest {
		t.Fatalf("restored as generation %d, not after the stick's %d", g, newest)
	}
	if _, err := os.Stat(filepath.Join(dir, "gen", genName(local+1))); err != nil {
		t.Fatalf("no pre-restore generation: %v", err)
	}
	// Locked and unlocked again: no warning.
	drv.Tap("锁定（Ctrl+L）")
	uitest.TypeInto(drv.Input("密码（按回车解锁）"), realPass)
	drv.Tap("解锁")
	drv.WantNoText("档案库可能被还原了")
}

func TestKeepingTheVaultOnThisPCEndsTheWarning(t *testing.T) {
	ctx := context.Background()
	s, d, site := placeDeps(t, nil, "", nil)
	revertedFolder(t, s, d, site, filepath.Join(t.TempDir(), "stick")) // not at this PC: only its marker knows
	a, drv := screen(t, d)
	a.Start()
	uitest.TypeInto(drv.Input("密码（按回车解锁）"), realPass)
	drv.Tap("解锁")
	t.Cleanup(func() { _ = d.Vault.Lock(ctx) })
	drv.WantText("这台电脑上的档案库比这台电脑上次打开的旧")
	drv.WantNoText("从U盘恢复较新的备份")
	drv.Nav("备份")
	drv.WantText("请插入存有最新备份的U盘")
	drv.Tap("保留电脑上的档案库")
	drv.WantNoText("档案库可能被还原了")
	drv.Tap("锁定（Ctrl+L）")
	uitest.TypeInto(drv.Input("密码（按回车解锁）"), realPass)
	drv.Tap("解锁")
	drv.WantNoText("档案库可能被还原了")
}

func TestAVanishedExitStampIsReportedOnceOnTheUnlockScreen(t *testing.T) {
	ctx := context.Background()
	boot := time.Date(2026, 12, 1, 7, 30, 0, 0, time.Local)
	s, d, site := placeDeps(t, nil, "", func() (time.Time, bool) { return boot, true })
	dir := filepath.Join(t.TempDir(), "D", app.VaultFolderName)
	if _, err := s.Create(ctx, dir, realPass); err != nil {
		t.Fatal(err)
	}
	if err := s.Lock(ctx); err != nil {
		t.Fatal(err)
	}
	if err := site.Remember(dir); err != nil {
		t.Fatal(err)
	}
	// The app exits cleanly as through its window's close button: the
	// stamp is written.
	fa := test.NewTempApp(t)
	w := test.NewWindow(nil)
	a := ui.New(fa, w, d)
	a.Start()
	drv := uitest.New(t, w)
	uitest.TypeInto(drv.Input("密码（按回车解锁）"), realPass)
	drv.Tap("解锁")
	a.Close()
	if _, err := os.Stat(filepath.Join(dir, "clean-exit")); err != nil {
		t.Fatalf("no exit stamp in the vault folder: %v", err)
	}
	// The PC restarts and the restore card puts the profile back.
	if err := os.RemoveAll(site.Markers); err != nil {
		t.Fatal(err)
	}
	boot = boot.Add(24 * time.Hour)
	a, drv = screen(t, d)
	a.Start()
	drv.WantText("这台电脑的系统盘在重启后被还原过")
	capture(t, drv, "restore-card-notice.png")
	a, drv = screen(t, d)
	a.Start()
	drv.WantNoText("这台电脑的系统盘在重启后被还原过")
}

func newestStickGen(t *testing.T, stick string) uint64 {
	t.Helper()
	var newest uint64
	_ = filepath.WalkDir(stick, func(p string, e fs.DirEntry, err error) error {
		if base, ok := strings.CutSuffix(filepath.Base(p), ".sha256"); ok && err == nil {
			if n, err := backup.ParseName(base, time.Local); err == nil && n.Gen > newest {
				newest = n.Gen
			}
		}
		return nil
	})
	return newest
}

func genName(n uint64) string { return strings.Repeat("0", 9-len(itoa(n))) + itoa(n) + ".age" }

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }

func TestAStickInsertedAfterTheUnlockIsCheckedOnTheBackupScreen(t *testing.T) {
	ctx := context.Background()
	stick := filepath.Join(t.TempDir(), "stick")
	s, d, site := placeDeps(t, nil, "", nil)
	inserted := false
	d.Places.(*places).site.Removable = func(context.Context) ([]backup.Drive, error) {
		if !inserted {
			return nil, nil
		}
		return []backup.Drive{{Path: stick}}, nil
	}
	revertedFolder(t, s, d, site, stick)
	if err := os.RemoveAll(site.Markers); err != nil { // this PC's marker went back too
		t.Fatal(err)
	}
	a, drv := screen(t, d)
	a.Start()
	uitest.TypeInto(drv.Input("密码（按回车解锁）"), realPass)
	drv.Tap("解锁")
	t.Cleanup(func() { _ = d.Vault.Lock(ctx) })
	drv.WantNoText("档案库可能被还原了")
	inserted = true
	drv.Nav("备份")
	drv.WantText("这台电脑上的档案库比U盘上的备份旧")
	drv.Tap("从U盘恢复较新的备份")
	drv.WantText("检查备份")
}
