package ui

import (
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"xinqing/internal/ui/uitest"
)

// reportingVault is the fake vault with an open report to hand out once.
type reportingVault struct {
	*FakeVault
	mu  sync.Mutex
	rep *OpenReport
}

func (v *reportingVault) TakeOpenReport() *OpenReport {
	v.mu.Lock()
	defer v.mu.Unlock()
	r := v.rep
	v.rep = nil
	return r
}

// The open report is shown once, after unlocking: lost and missing saves,
// repairs and a completed passphrase change, with what to do.
func TestTheOpenReportIsShownOnceAfterUnlocking(t *testing.T) {
	h := lockedHarness(t, nil)
	at := time.Date(2026, 11, 27, 16, 30, 0, 0, time.Local)
	rv := &reportingVault{FakeVault: h.vault, rep: &OpenReport{
		Opened: 41, OpenedAt: at,
		Lost:              []LostSave{{Gen: 42, At: at.Add(time.Minute), Quarantined: true}},
		Repaired:          []string{"key.slot.2"},
		PassphraseChanged: true,
	}}
	h.ui.d.Vault = rv
	h.unlock(testPass)
	h.wantShell()
	h.WantText("打开档案库时发现的问题")
	h.WantText("第 42 次保存（2026-11-27 16:31）已损坏，已移到 quarantine 文件夹")
	h.WantText("打开的是第 41 次保存")
	h.WantText("key.slot.2")
	h.WantText("以后请使用新密码解锁")
	h.WantText("请不要删除 quarantine 文件夹中的文件")
	h.Tap("我已了解")
	h.WantNoText("打开档案库时发现的问题")

	h.ui.lockNow()
	h.unlock(testPass)
	h.wantShell()
	h.WantNoText("打开档案库时发现的问题")

	// Nothing to tell: no dialog.
	h.ui.lockNow()
	rv.rep = &OpenReport{Opened: 43}
	h.unlock(testPass)
	h.wantShell()
	h.WantNoText("打开档案库时发现的问题")
}

// A newest save whose file is gone is named.
func TestTheOpenReportNamesAMissingSave(t *testing.T) {
	h := lockedHarness(t, nil)
	h.ui.d.Vault = &reportingVault{FakeVault: h.vault, rep: &OpenReport{Opened: 7, OpenedAt: time.Now(), Missing: 8}}
	h.unlock(testPass)
	h.WantText("第 8 次保存的文件不见了")
	h.WantText("较早的第 7 次保存")
}

// schoolAwarePass refuses a passphrase with the school's name in it once
// the profile holds the name, as the real policy does.
type schoolAwarePass struct {
	*FakePassphrase
	settings *FakeSettings
}

func (p schoolAwarePass) Check(s string) (bool, int, string) {
	p.settings.mu.Lock()
	name := p.settings.school.Name
	p.settings.mu.Unlock()
	if name != "" && strings.Contains(s, name) {
		return false, 1, "包含学校名称"
	}
	return p.FakePassphrase.Check(s)
}

// The wizard asks for the school after the vault exists: once the profile
// is saved, the passphrase is judged again with the school's name.
func TestTheWizardRechecksThePassphraseWithTheSchool(t *testing.T) {
	h := newHarness(t, nil)
	h.ui.d.Passphrase = schoolAwarePass{h.pass, h.settings}
	h.Tap("新建加密档案库")
	h.Tap("下一步")
	h.Tap("我要自己设置密码")
	const weak = "晴川实验中学的辅导室与小树林"
	uitest.TypeInto(h.entry("新密码"), weak)
	uitest.TypeInto(h.entry("再输入一次"), weak)
	h.Tap("创建档案库")
	h.WantText("第 3 步，共 4 步")
	sheet := fakeSheet()
	h.ui.currentSetup.writeSheet(filepath.Join(t.TempDir(), "sheet.pdf"))
	h.Tap("已保存好，核对恢复密钥单") // the check asks with the sheet hidden
	uitest.TypeInto(h.ui.currentSetup.confirm[0], sheet.Groups[3])
	uitest.TypeInto(h.ui.currentSetup.confirm[1], sheet.Groups[10])
	h.Tap("下一步")
	h.WantText("第 4 步，共 4 步")
	f := h.ui.currentSetup.school
	uitest.TypeInto(f.name, "晴川实验中学")
	uitest.TypeInto(f.code, "3301020001")
	uitest.TypeInto(f.county, "晴川区")
	f.stage.SetSelectedIndex(1)
	uitest.TypeInto(f.students, "1200")
	uitest.TypeInto(f.classes, "24")
	uitest.TypeInto(f.fulltime, "1")
	uitest.TypeInto(f.parttime, "2")
	uitest.TypeInto(f.certified, "2")
	uitest.TypeInto(f.preparer, "王老师")
	uitest.TypeInto(f.phone, "0571-8888888")
	uitest.TypeInto(f.reviewer, "李校长")
	h.Tap("保存并开始使用")
	h.wantShell()
	h.WantText("建议更换密码")
	h.WantText("包含学校名称")
}
