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
	// ErrCancelled: the caller's context ended the work. The error also
	// matches the context's own error (context.Canceled).
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

// Progress is what the UI implements to show progress. Report is called
// from the working goroutine with the bytes done of total for the current
// stage. Cancelling is the context's job: the work checks it between
// steps, stops, and removes what it wrote.
type Progress interface {
	Report(stage Stage, done, total int64)
}

// ProgressFunc is a Progress that is one function.
type ProgressFunc func(stage Stage, done, total int64)

// Report implements Progress.
func (f ProgressFunc) Report(s Stage, done, total int64) { f(s, done, total) }

// progress wraps an optional Progress and the context of the work.
type progress struct {
	p   Progress
	ctx context.Context
}

func newProgress(ctx context.Context, p Progress) *progress { return &progress{p: p, ctx: ctx} }

// context is the work's context (never nil).
func (p *progress) context() context.Context {
	if p == nil || p.ctx == nil {
		return context.Background()
	}
	return p.ctx
}

func (p *progress) report(s Stage, done, total int64) {
	if p != nil && p.p != nil {
		p.p.Report(s, done, total)
	}
}

// cancelled is ErrCancelled (wrapping the context's error) once the
// work's context is done.
func (p *progress) cancelled() error {
	if err := p.context().Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrCancelled, err)
	}
	return nil
}

// orCancelled is err, or the cancellation when the context ended the step
// that failed: an interrupted check says nothing about the backup.
func (p *progress) orCancelled(err error) error {
	if cerr := p.cancelled(); cerr != nil {
		return cerr
	}
	return err
}
