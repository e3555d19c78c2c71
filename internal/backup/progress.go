package backup

import (
	"context"
	"errors"
	"fmt"

	"xinqing/internal/vault"
)

// Errors of this package. Damage also matches vault.ErrDamaged and a wrong
// key is vault.ErrWrongKey, so callers map both as they do for the vault.
var (
	// ErrDamaged: a backup file fails its manifest or its checks.
	ErrDamaged = fmt.Errorf("backup damaged: %w", vault.ErrDamaged)
	// ErrIncomplete: a backup without its manifest (interrupted).
	ErrIncomplete = errors.New("backup incomplete (no manifest)")
	// ErrCancelled: the user cancelled through Progress.
	ErrCancelled = errors.New("backup cancelled")
	// ErrNoSpace: the stick has too little free space.
	ErrNoSpace = errors.New("not enough free space on the drive")
	// ErrTooLarge: a file over FAT32's 4 GiB limit or the restore size cap.
	ErrTooLarge = errors.New("file too large")
	// ErrChanged: the vault saved a newer generation while backing up.
	ErrChanged = errors.New("the vault changed during the backup")
	// ErrNoBackup: no backup of this vault on the drive.
	ErrNoBackup = errors.New("no backup found")
)

// Stage names a step of a long operation, for the progress bar.
type Stage string

// The stages, in the order a backup passes them.
const (
	StageBlobs   Stage = "blobs"   // 正在复制附件 (done/total counts files)
	StageWrite   Stage = "write"   // 正在写入U盘
	StageRead    Stage = "read"    // 正在读回
	StageDecrypt Stage = "decrypt" // 正在解密
	StageCheck   Stage = "check"   // 正在校验数据库
	StagePrune   Stage = "prune"   // 正在清理旧备份
)

// Progress is what the UI implements to show progress and to cancel.
// Report is called from the working goroutine with the bytes done of total
// for the current stage; Cancelled is polled between steps, and true stops
// the work and removes what it wrote.
type Progress interface {
	Report(stage Stage, done, total int64)
	Cancelled() bool
}

// progress wraps an optional Progress.
type progress struct{ p Progress }

func (p *progress) report(s Stage, done, total int64) {
	if p != nil && p.p != nil {
		p.p.Report(s, done, total)
	}
}

func (p *progress) cancelled() error {
	if p != nil && p.p != nil && p.p.Cancelled() {
		return ErrCancelled
	}
	return nil
}

// ContextProgress is a Progress that reports to f (nil: nowhere) and
// cancels when ctx is done: the adapter for callers that cancel through a
// context, as the UI and the command line do.
func ContextProgress(ctx context.Context, f func(stage Stage, done, total int64)) Progress {
	return ctxProgress{ctx, f}
}

type ctxProgress struct {
	ctx context.Context
	f   func(Stage, int64, int64)
}

func (p ctxProgress) Report(s Stage, done, total int64) {
	if p.f != nil {
		p.f(s, done, total)
	}
}

func (p ctxProgress) Cancelled() bool { return p.ctx.Err() != nil }
