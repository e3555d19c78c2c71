package ui

import (
	"sync"
	"testing"
	"time"
)

// reportingVault is the fake vault with an open report to hand out once.
type reportingVault struct {
	*fakeVault
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
	rv := &reportingVault{fakeVault: h.vault, rep: &OpenReport{
		Opened: 41, OpenedAt: at,
		Lost:              []LostSave{{Gen: 42, At: at.Add(time.Minute), Quarantined: true}},
		Repaired:          []string{"key.slot.2"},
		PassphraseChanged: true,
	}}
	h.ui.d.Vault = rv
	h.unlock(testPass)
	h.wantShell()
	h.wantText("打开档案库时发现的问题")
	h.wantText("第 42 次保存（2026-11-27 16:31）已损坏，已移到 quarantine 文件夹")
	h.wantText("打开的是第 41 次保存")
	h.wantText("key.slot.2")
	h.wantText("以后请使用新密码解锁")
	h.wantText("请不要删除 quarantine 文件夹中的文件")
	h.tap("我已了解")
	h.wantNoText("打开档案库时发现的问题")

	h.ui.lockNow()
	h.unlock(testPass)
	h.wantShell()
	h.wantNoText("打开档案库时发现的问题")

	// Nothing to tell: no dialog.
	h.ui.lockNow()
	rv.rep = &OpenReport{Opened: 43}
	h.unlock(testPass)
	h.wantShell()
	h.wantNoText("打开档案库时发现的问题")
}

// A newest save whose file is gone is named.
func TestTheOpenReportNamesAMissingSave(t *testing.T) {
	h := lockedHarness(t, nil)
	h.ui.d.Vault = &reportingVault{fakeVault: h.vault, rep: &OpenReport{Opened: 7, OpenedAt: time.Now(), Missing: 8}}
	h.unlock(testPass)
	h.wantText("第 8 次保存的文件不见了")
	h.wantText("较早的第 7 次保存")
}
