package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"xinqing/internal/store"
	"xinqing/internal/workspace"
)

// ErrMoveTarget: the folder chosen for the vault is not empty or lies
// inside the vault itself.
var ErrMoveTarget = errors.New("move vault: the new folder must be empty and outside the vault")

// ErrMoveVerify: the copy did not open in full with the current key; the
// vault stays where it was.
var ErrMoveVerify = errors.New("move vault: the copy did not verify")

// MoveVault moves the open vault to the folder to, in one step: save,
// close, copy every file, open the copy with pass and decrypt every
// generation and attachment, then switch to it and name it in s's
// pointer file. The old folder stays until the next successful unlock
// (FinishMove). On any failure the copy goes and the vault is opened
// where it was.
func (a *App) MoveVault(ctx context.Context, s Site, to, pass string) error {
	ws, err := a.Workspace()
	if err != nil {
		return err
	}
	from := ws.Vault().Dir()
	if _, err := ws.RecoveryIdentity(pass); err != nil {
		return err
	}
	to = filepath.Clean(to)
	if err := checkMoveTarget(filepath.FromSlash(from), to); err != nil {
		return err
	}
	if err := a.Lock(ctx); err != nil {
		return err
	}
	reopen := func(cause error) error {
		_ = os.RemoveAll(to)
		back, err := workspace.Open(context.WithoutCancel(ctx), from, pass, a.opts)
		if err != nil {
			return fmt.Errorf("%w; reopening the vault where it was: %w", cause, err)
		}
		a.Attach(back)
		return cause
	}
	if err := copyVault(ctx, filepath.FromSlash(from), to); err != nil {
		return reopen(err)
	}
	moved, err := workspace.Open(ctx, to, pass, a.opts)
	if err != nil {
		return reopen(fmt.Errorf("%w: %w", ErrMoveVerify, err))
	}
	rep, err := moved.Vault().Check(ctx, func(gen uint64, image []byte) error {
		st, err := store.Load(ctx, image, gen)
		if err != nil {
			return err
		}
		return st.Close()
	})
	if err == nil && rep.Damaged > 0 {
		err = fmt.Errorf("%w: %d files", ErrMoveVerify, rep.Damaged)
	}
	if err == nil {
		err = WritePointer(s.Pointer, Pointer{Dir: to, Previous: from})
	}
	if err != nil {
		_ = moved.Lock(context.WithoutCancel(ctx))
		return reopen(err)
	}
	a.Attach(moved)
	return nil
}

// checkMoveTarget refuses a folder that holds anything or lies inside the
// vault (or the vault inside it).
func checkMoveTarget(from, to string) error {
	// Rel fails across drives (C: to D:), which is the usual move.
	inside := func(dir, in string) bool {
		rel, err := filepath.Rel(in, dir)
		return err == nil && (rel == "." || !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && rel != "..")
	}
	if inside(to, from) || inside(from, to) {
		return ErrMoveTarget
	}
	entries, err := os.ReadDir(to)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("move vault: %w", err)
	case len(entries) > 0:
		return ErrMoveTarget
	}
	return nil
}

// copyVault copies the vault folder's files (not its lock or exit stamp),
// each synced, only the owner able to read them.
func copyVault(ctx context.Context, from, to string) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		dst := filepath.Join(to, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(dst, 0o700)
		case rel == "LOCK" || rel == exitStamp || !d.Type().IsRegular():
			return nil
		}
		return copyFile(p, dst)
	})
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copy %s: %w", filepath.Base(from), err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// FinishMove removes the folder a move left behind, once the vault has
// been unlocked in its new folder: it returns the folder removed ("" when
// none). The old folder goes only if it holds the same vault.
func (a *App) FinishMove(s Site) (string, error) {
	ws, err := a.Workspace()
	if err != nil {
		return "", err
	}
	p, err := ReadPointer(s.Pointer)
	if err != nil || p.Previous == "" {
		return "", err
	}
	dir := filepath.Clean(filepath.FromSlash(ws.Vault().Dir()))
	if filepath.Clean(p.Dir) != dir || filepath.Clean(p.Previous) == dir {
		return "", nil
	}
	if vaultIDOf(p.Previous) == ws.ID() {
		if err := os.RemoveAll(p.Previous); err != nil {
			return "", fmt.Errorf("remove the old vault folder: %w", err)
		}
	}
	return p.Previous, WritePointer(s.Pointer, Pointer{Dir: p.Dir})
}

// vaultIDOf reads the id in dir's vault.json ("" when none).
func vaultIDOf(dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, "vault.json"))
	if err != nil {
		return ""
	}
	var m struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(b, &m) != nil {
		return ""
	}
	return m.ID
}

// Remember names dir in s's pointer file as where the vault lives.
func (s Site) Remember(dir string) error {
	if s.Pointer == "" || dir == "" {
		return nil
	}
	p, err := ReadPointer(s.Pointer)
	if err == nil && p.Dir == dir {
		return nil
	}
	return WritePointer(s.Pointer, Pointer{Dir: dir})
}

// Remembered is the folder s's pointer file names ("" none).
func (s Site) Remembered() string {
	p, _ := ReadPointer(s.Pointer)
	return p.Dir
}
