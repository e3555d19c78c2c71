package app

import (
	"context"
	"fmt"
	"time"

	"xinqing/internal/backup"
	"xinqing/internal/casework"
	"xinqing/internal/figures"
)

// Dashboard is the workbench summary on one day and how the backups
// stand.
type Dashboard struct {
	figures.Workbench
	// LastBackup is the time of the last verified backup; zero: none.
	LastBackup time.Time
	// BackupOverdue: the reminder is overdue, or there is no backup.
	BackupOverdue bool
}

// Dashboard computes this month's figures with the code of the monthly
// return, what is due on today, and how the backups stand.
func (a *App) Dashboard(ctx context.Context, today casework.Date) (Dashboard, error) {
	var out Dashboard
	st, err := a.records(ctx)
	if err != nil {
		return out, err
	}
	// The workbench counts this month up to today (figures.Summarize).
	d, err := a.monthDataset(st, casework.Period{From: today.Month().First(), To: today})
	if err != nil {
		return out, err
	}
	if out.Workbench, err = figures.Summarize(d, today); err != nil {
		return out, err
	}
	level, at := backup.Overdue, time.Time{}
	if ws, err := a.Workspace(); err == nil {
		if level, at, err = ws.BackupReminder(); err != nil {
			return out, fmt.Errorf("read backup history: %w", err)
		}
	}
	out.LastBackup, out.BackupOverdue = at, level == backup.Overdue || at.IsZero()
	return out, nil
}
