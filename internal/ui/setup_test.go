package ui

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"xinqing/internal/ui/uitest"
)

func TestSetupWizardEndToEnd(t *testing.T) {
	h := newHarness(t, nil)
	h.WantText("欢迎使用心晴")
	h.Tap("新建加密档案库")

	// Step 1: the folder, the per-user default offered.
	h.WantText("第 1 步，共 4 步")
	h.WantText(h.vault.DefaultDir())
	h.Tap("下一步")

	// Step 2: the generated passphrase is offered; choose our own.
	h.WantText("第 2 步，共 4 步")
	h.WantText("lan-shan-he-yun-qing-feng-1")
	h.Tap("我要自己设置密码")
	p1, p2 := h.entry("新密码"), h.entry("再输入一次")

	uitest.TypeInto(p1, "short")
	h.WantText("强度：很弱（少于 12 个字符）")
	uitest.TypeInto(p2, "short")
	h.Tap("创建档案库")
	h.WantText("这个密码太容易被猜到，不能使用")
	if h.vault.Exists(h.vault.DefaultDir()) {
		t.Fatal("a vault was created with a passphrase below the policy")
	}

	uitest.TypeInto(p1, "my password is long enough")
	uitest.TypeInto(p2, "my password is long enough")
	h.Tap("创建档案库")
	h.WantText("强度：弱（含有常见词语）")
	h.WantText("这个密码太容易被猜到")

	const good = "晴天 里 的 辅导室 与 小树林"
	uitest.TypeInto(p1, good)
	uitest.TypeInto(p2, good+"x")
	h.Tap("创建档案库")
	h.WantText("两次输入的密码不一致")
	if p1.Text != good {
		t.Fatalf("got first passphrase %q after a mismatch, want it kept", p1.Text)
	}

	uitest.TypeInto(p2, good)
	h.Tap("创建档案库")
	if got := h.vault.vaults[h.vault.DefaultDir()]; got == nil || got.pass != good {
		t.Fatalf("got vault %+v, want one created in the default folder with the typed passphrase", got)
	}
	if p1.Text != "" || p2.Text != "" {
		t.Fatal("the passphrase entries still hold the passphrase after the vault was created")
	}
	if got := h.app.Preferences().String(prefVaultDir); got != h.vault.DefaultDir() {
		t.Fatalf("got remembered folder %q, want %q", got, h.vault.DefaultDir())
	}

	// Step 3: the recovery sheet. Rand gives 3 then 9: groups 4 and 11.
	h.WantText("第 3 步，共 4 步")
	sheet := fakeSheet()
	for i, g := range sheet.Groups {
		h.WantText(strconv.Itoa(i+1) + ". " + g)
	}
	h.WantNoText("第 4 组") // nothing is asked while the groups are on screen
	g4, g11 := h.ui.currentSetup.confirm[0], h.ui.currentSetup.confirm[1]
	h.Tap("已保存好，核对恢复密钥单")
	h.WantText("请先保存恢复密钥单 PDF")

	h.Tap("打印/保存恢复密钥单 PDF")
	if len(h.win.Canvas().Overlays().List()) == 0 {
		t.Fatal("no file dialog opened for the recovery sheet PDF")
	}
	h.WantText("保存") // Fyne's own dialog, in Chinese
	h.WantText("取消")
	h.win.Canvas().Overlays().Top().Hide()
	h.win.Canvas().Overlays().Remove(h.win.Canvas().Overlays().Top())
	pdf := filepath.Join(t.TempDir(), "sheet.pdf")
	// The school is set up after the sheet: its name is asked here so
	// that the sheet says whose it is.
	h.Fill("印在恢复密钥单上，便于认出是哪所学校的（可留空）", "晴川实验中学 ")
	h.ui.currentSetup.writeSheet(pdf)
	data, err := os.ReadFile(pdf)
	if err != nil || !strings.Contains(string(data), sheet.Groups[len(sheet.Groups)-1]) || !strings.Contains(string(data), "学校：晴川实验中学\n") {
		t.Fatalf("got sheet file %q (%v), want the school and the groups written", data, err)
	}
	h.WantText("已保存到 " + pdf)
	h.WantNoText("请先保存恢复密钥单 PDF")

	// The check asks with the sheet hidden.
	h.Tap("已保存好，核对恢复密钥单")
	h.WantText("第 4 组")
	h.WantText("第 11 组")
	for i, g := range sheet.Groups {
		h.WantNoText(strconv.Itoa(i+1) + ". " + g)
	}

	uitest.TypeInto(g4, sheet.Groups[3])
	uitest.TypeInto(g11, "zzzzz")
	h.Tap("下一步")
	h.WantText("第 11 组不正确，请对照恢复密钥单重新输入")
	if h.ui.currentSetup.step != stepSheet {
		t.Fatal("a wrong group let the wizard move on")
	}
	uitest.TypeInto(g4, "xxxxx")
	h.Tap("下一步")
	h.WantText("第 4 组不正确")

	uitest.TypeInto(g4, strings.ToLower(sheet.Groups[3]))
	uitest.TypeInto(g11, " "+sheet.Groups[10][:2]+" "+sheet.Groups[10][2:])
	h.Tap("下一步")

	// Step 4: the school profile.
	h.WantText("第 4 步，共 4 步")
	h.WantText("12356")
	h.WantText("12355")
	h.Tap("保存并开始使用")
	h.WantText("有几项需要修改")
	h.WantText("必填")
	h.WantText("请选择学段")
	if h.settings.saves != 0 {
		t.Fatal("an incomplete profile was saved")
	}

	f := h.ui.currentSetup.school
	if f.name.Text != "晴川实验中学" {
		t.Fatalf("the school step starts with name %q, want the one printed on the sheet", f.name.Text)
	}
	uitest.TypeInto(f.name, "晴川实验中学")
	uitest.TypeInto(f.code, "123")
	uitest.TypeInto(f.county, "晴川区")
	f.stage.SetSelectedIndex(1)
	uitest.TypeInto(f.students, "１２００") // full-width, as a Chinese input method types it
	uitest.TypeInto(f.classes, "24")
	uitest.TypeInto(f.fulltime, "1")
	uitest.TypeInto(f.parttime, "2")
	uitest.TypeInto(f.certified, "5")
	test.Tap(f.hasRoom)
	uitest.TypeInto(f.zones, "个体辅导室、团体辅导室，放松室")
	uitest.TypeInto(f.preparer, "王老师")
	uitest.TypeInto(f.phone, "0571-8888888")
	uitest.TypeInto(f.reviewer, "李校长")
	h.Tap("保存并开始使用")
	h.WantText("学校代码应为 10 位数字")
	h.WantText("持证教师数不能多于专职和兼职教师之和")
	h.WantText("建有辅导室时请填写使用面积")
	if f.name.Text != "晴川实验中学" || f.phone.Text != "0571-8888888" {
		t.Fatal("typed fields were lost after a refused save")
	}

	uitest.TypeInto(f.code, "3301020001")
	uitest.TypeInto(f.certified, "2")
	uitest.TypeInto(f.area, "60.5")
	h.Tap("保存并开始使用")

	got := h.settings.school
	want := School{
		Name: "晴川实验中学", Code: "3301020001", County: "晴川区", Stage: "junior",
		StudentCount: 1200, ClassCount: 24, FulltimeCounselors: 1, ParttimeCounselors: 2, CertifiedCounselors: 2,
		Room:     Room{HasRoom: true, AreaM2: 60.5, Zones: []string{"个体辅导室", "团体辅导室", "放松室"}},
		Hotlines: []Hotline{{Name: "全国心理援助热线", Number: "12356"}, {Name: "青少年服务台", Number: "12355"}},
		Preparer: "王老师", PreparerPhone: "0571-8888888", Reviewer: "李校长",
	}
	if !schoolEqual(got, want) {
		t.Fatalf("got saved profile\n%+v\nwant\n%+v", got, want)
	}
	// The shell with the navigation and the school on the workbench.
	for _, s := range []string{"工作台", "学生", "个案", "重点学生", "危机与转介", "团体辅导", "心理委员", "活动与日志", "月报与报表", "备份", "设置", "晴川实验中学", "锁定（Ctrl+L）"} {
		h.WantText(s)
	}
}

func schoolEqual(a, b School) bool {
	return a.Name == b.Name && a.Code == b.Code && a.County == b.County && a.Stage == b.Stage &&
		a.StudentCount == b.StudentCount && a.ClassCount == b.ClassCount &&
		a.FulltimeCounselors == b.FulltimeCounselors && a.ParttimeCounselors == b.ParttimeCounselors &&
		a.CertifiedCounselors == b.CertifiedCounselors && a.Room.HasRoom == b.Room.HasRoom &&
		a.Room.AreaM2 == b.Room.AreaM2 && slices.Equal(a.Room.Zones, b.Room.Zones) &&
		slices.Equal(a.Hotlines, b.Hotlines) && a.Preparer == b.Preparer &&
		a.PreparerPhone == b.PreparerPhone && a.Reviewer == b.Reviewer
}
