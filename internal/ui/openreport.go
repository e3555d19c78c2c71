package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// OpenReport is what an unlock found in the vault's files: saves lost to
// damage (moved to quarantine), a newest save whose file is gone, files
// repaired from their good copy, an interrupted passphrase change that was
// completed. Interrupted saves that were never acknowledged are no loss
// and are not in it.
type OpenReport struct {
	Opened            uint64 // the save that was opened
	OpenedAt          time.Time
	Lost              []LostSave
	Missing           uint64 // the newest save, when its file is gone
	Repaired          []string
	PassphraseChanged bool
}

// LostSave is one save that did not open.
type LostSave struct {
	Gen         uint64
	At          time.Time
	Quarantined bool // moved to the quarantine folder; else left in place (unreadable)
}

func (r *OpenReport) empty() bool {
	return r == nil || len(r.Lost) == 0 && r.Missing == 0 && len(r.Repaired) == 0 && !r.PassphraseChanged
}

// OpenReporter is implemented by a Vault that reports what its unlocks
// found. TakeOpenReport returns the last unlock's report once (nil after
// that, or when there was nothing to tell).
type OpenReporter interface {
	TakeOpenReport() *OpenReport
}

// showOpenReport shows, once after unlocking, what the unlock found.
func (a *App) showOpenReport() {
	r, ok := a.d.Vault.(OpenReporter)
	if !ok {
		return
	}
	rep := r.TakeOpenReport()
	if rep.empty() {
		return
	}
	at := func(t time.Time) string { return t.Local().Format("2006-01-02 15:04") }
	var lines []string
	for _, l := range rep.Lost {
		key := "openreport.lost"
		if !l.Quarantined {
			key = "openreport.lost_in_place"
		}
		lines = append(lines, tr(key, map[string]any{"N": l.Gen, "At": at(l.At), "Opened": rep.Opened, "OpenedAt": at(rep.OpenedAt)}))
	}
	if rep.Missing > 0 {
		lines = append(lines, tr("openreport.missing", map[string]any{"N": rep.Missing, "Opened": rep.Opened, "OpenedAt": at(rep.OpenedAt)}))
	}
	if len(rep.Repaired) > 0 {
		lines = append(lines, tr("openreport.repaired", map[string]any{"Files": strings.Join(rep.Repaired, "、")}))
	}
	if rep.PassphraseChanged {
		lines = append(lines, tr("openreport.passphrase_changed"))
	}
	if len(rep.Lost) > 0 || rep.Missing > 0 {
		lines = append(lines, tr("openreport.todo"))
	}
	body := widget.NewLabel(strings.Join(lines, "\n\n"))
	body.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(tr("openreport.title"), tr("openreport.ok"), container.NewVBox(body), a.win)
	d.Resize(fyne.NewSize(560, 360))
	d.Show()
}
