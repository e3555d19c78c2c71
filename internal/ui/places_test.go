package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xinqing/internal/ui/uitest"
)

const placesPass = "qing-tian-shan-shui-yun-feng"

// placesApp is the app over the fakes with an unlocked vault that has a
// school, on a PC with drives C: and D:.
func placesApp(t *testing.T) (*App, *uitest.Driver, Deps, *FakePlaces) {
	t.Helper()
	return placesAppWith(t, FakeDeps(t.TempDir()))
}

func placesAppWith(t *testing.T, d Deps) (*App, *uitest.Driver, Deps, *FakePlaces) {
	t.Helper()
	ctx := context.Background()
	d.Go = func(f func()) { f() }
	fp := d.Places.(*FakePlaces)
	fp.Drives = []FixedDrive{{Root: `C:\`, Free: 38 << 30, System: true}, {Root: `D:\`, Free: 412 << 30}}
	if _, err := d.Vault.Create(ctx, d.Vault.DefaultDir(), placesPass); err != nil {
		t.Fatal(err)
	}
	if err := d.Settings.SaveSchool(ctx, School{Name: "晴川实验中学"}); err != nil {
		t.Fatal(err)
	}
	if err := d.Vault.Lock(ctx); err != nil {
		t.Fatal(err)
	}
	fa := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1100, 800))
	a := New(fa, w, d)
	a.Start()
	drv := uitest.New(t, w)
	uitest.TypeInto(drv.Input("密码（按回车解锁）"), placesPass)
	drv.Tap("解锁")
	return a, drv, d, fp
}

func TestSettingsMovesTheVaultToTheChosenDriveAfterThePassphrase(t *testing.T) {
	_, drv, d, fp := placesApp(t)
	drv.Nav("设置")
	drv.Tab("密码与恢复")
	drv.Tap("移到其他文件夹…")
	drv.WantText("移动档案库")
	drv.Tap("移动")
	drv.WantText("请先选择新的位置。")
	for _, o := range drv.Dialog() {
		if r, ok := o.(*widget.RadioGroup); ok {
			r.SetSelected(r.Options[1])
		}
	}
	drv.WantText(`将移到：D:\心晴档案库`)
	uitest.TypeInto(drv.Input("请输入密码以确认"), "wrong")
	drv.Tap("移动")
	drv.WantText("密码不正确。")
	if fp.RememberedDir() == `D:\心晴档案库` {
		t.Fatal("moved with a wrong passphrase")
	}
	in := drv.Input("请输入密码以确认")
	for range len("wrong") {
		in.(fyne.Focusable).TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	}
	uitest.TypeInto(in, placesPass)
	drv.Tap("移动")
	drv.WantText(`档案库已移到 D:\心晴档案库。旧文件夹会在下次成功解锁后删除。`)
	if fp.RememberedDir() != `D:\心晴档案库` || !d.Vault.Exists(`D:\心晴档案库`) || !d.Vault.Exists(d.Vault.DefaultDir()) {
		t.Fatalf("after the move: remembered %q", fp.RememberedDir())
	}
}

func TestTheRollbackWarningOfTheFakesOffersTheRestoreAndTheKeep(t *testing.T) {
	d := FakeDeps(t.TempDir())
	fp := d.Places.(*FakePlaces)
	fp.SetRollback(Rollback{Local: 98, Newer: 124, Stick: 124, File: "/media/u/心晴备份/0123456789abcdef/20261128T1530-g000124.age"})
	_, drv, _, _ := placesAppWith(t, d)
	drv.WantText("这台电脑上的档案库比U盘上的备份旧（第 98 次保存 / U盘上第 124 次）。电脑可能装有还原卡或被恢复过。")
	drv.Tap("从U盘恢复较新的备份")
	drv.WantText("20261128T1530-g000124.age")
}
