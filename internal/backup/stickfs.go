package backup

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"xinqing/internal/safefs"
	"xinqing/internal/vault"
)

// ErrUnsafe matches a stick file or folder this package refused to use: a
// link (symbolic link, junction), a device or FIFO, or a file over its cap.
// Its message is a Chinese sentence naming the file.
var ErrUnsafe = safefs.ErrUnsafe

// maxSlot caps a slot copy read from a stick (a real one is under 400 bytes).
const maxSlot = 64 << 10

// stickFS is the file system of a stick or of a folder someone else
// prepared. On the real file system every operation stays below root (the
// folder the user chose) and never goes through a link: each folder below
// root is checked to be a real folder, only regular files are read,
// renamed or removed, reads are capped by the kind of file (manifest,
// slot, else max), and a FIFO or device never blocks a read. Test file
// systems (no links there) pass through.
type stickFS struct {
	vault.FS
	root string
	max  int64
	real bool
}

var _ vault.ReaderOpener = (*stickFS)(nil)

// guard wraps fsys for the stick below root.
func guard(fsys vault.FS, root string, maxSize int64) *stickFS {
	if g, ok := fsys.(*stickFS); ok {
		fsys = g.FS
	}
	_, real := fsys.(vault.OSFS)
	return &stickFS{FS: fsys, root: path.Clean(filepath.ToSlash(root)), max: maxSize, real: real}
}

// stickRoot is the folder a path given for the stick is checked from: the
// folder above 心晴备份 when dir is (or is inside) it, so that a linked
// 心晴备份 or vault folder is refused even when it was named itself.
func stickRoot(dir string) string {
	dir = path.Clean(filepath.ToSlash(dir))
	if isVaultID(path.Base(dir)) && path.Base(path.Dir(dir)) == RootName {
		return path.Dir(path.Dir(dir))
	}
	if path.Base(dir) == RootName {
		return path.Dir(dir)
	}
	return dir
}

func (g *stickFS) os(name string) string { return filepath.FromSlash(name) }

// parents checks every folder between root and name.
func (g *stickFS) parents(name string) error {
	return unsafe(safefs.CheckDirs(g.os(g.root), g.os(name)))
}

// unsafe marks a refusal as one (the rest passes as it is).
func unsafe(err error) error {
	var se *safefs.Error
	if errors.As(err, &se) {
		return fmt.Errorf("%w: %w", ErrDamaged, se)
	}
	return err
}

// limit is the read cap for a file by its kind.
func (g *stickFS) limit(name string) int64 {
	switch {
	case strings.HasSuffix(name, extManifest), strings.HasSuffix(name, extManifest+extTmp):
		return maxManifest
	case strings.HasSuffix(name, extSlot), strings.HasSuffix(name, extSlot+extTmp):
		return maxSlot
	}
	return g.max
}

func (g *stickFS) CreateExcl(name string) (vault.File, error) {
	if !g.real {
		return g.FS.CreateExcl(name)
	}
	if err := g.parents(name); err != nil {
		return nil, err
	}
	f, err := safefs.CreateExcl(g.os(name))
	if err != nil {
		return nil, unsafe(err)
	}
	return f, nil
}

func (g *stickFS) ReadFile(name string) ([]byte, error) {
	if !g.real {
		b, err := g.FS.ReadFile(name)
		if err == nil && int64(len(b)) > g.limit(name) {
			return nil, unsafe(&safefs.Error{Path: name, Err: safefs.ErrTooLarge, Limit: g.limit(name)})
		}
		return b, err
	}
	if err := g.parents(name); err != nil {
		return nil, err
	}
	b, err := safefs.ReadFile(g.os(name), g.limit(name))
	return b, unsafe(err)
}

func (g *stickFS) OpenReader(name string) (vault.FileReader, error) {
	if !g.real {
		if ro, ok := g.FS.(vault.ReaderOpener); ok {
			return ro.OpenReader(name)
		}
		b, err := g.FS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		return nopCloser{bytes.NewReader(b)}, nil
	}
	if err := g.parents(name); err != nil {
		return nil, err
	}
	f, _, err := safefs.Open(g.os(name), g.limit(name))
	if err != nil {
		return nil, unsafe(err)
	}
	return f, nil
}

type nopCloser struct{ io.ReaderAt }

func (nopCloser) Close() error { return nil }

func (g *stickFS) Rename(from, to string) error {
	if !g.real {
		return g.FS.Rename(from, to)
	}
	if err := g.parents(from); err != nil {
		return err
	}
	if err := g.parents(to); err != nil {
		return err
	}
	return unsafe(safefs.Rename(g.os(from), g.os(to)))
}

func (g *stickFS) Remove(name string) error {
	if !g.real {
		return g.FS.Remove(name)
	}
	if err := g.parents(name); err != nil {
		return err
	}
	return unsafe(safefs.Remove(g.os(name)))
}

func (g *stickFS) ReadDir(name string) ([]string, error) {
	if !g.real {
		return g.FS.ReadDir(name)
	}
	if err := unsafe(safefs.CheckDir(g.os(g.root), g.os(name))); err != nil {
		return nil, err
	}
	return g.FS.ReadDir(name)
}

func (g *stickFS) MkdirAll(name string) error {
	if !g.real {
		return g.FS.MkdirAll(name)
	}
	return unsafe(safefs.MkdirAll(g.os(g.root), g.os(name)))
}

// Stat does not follow a link: a link, device or FIFO is refused.
func (g *stickFS) Stat(name string) (fs.FileInfo, error) {
	if !g.real {
		return g.FS.Stat(name)
	}
	if err := g.parents(name); err != nil {
		return nil, err
	}
	fi, err := safefs.Lstat(g.os(name))
	if err != nil {
		return nil, unsafe(err)
	}
	if !fi.Mode().IsRegular() && !fi.IsDir() {
		return nil, unsafe(&safefs.Error{Path: name, Err: safefs.ErrNotRegular})
	}
	return fi, nil
}

func (g *stickFS) Chtimes(name string, mtime time.Time) error {
	if !g.real {
		return g.FS.Chtimes(name, mtime)
	}
	if _, err := g.Stat(name); err != nil {
		return err
	}
	return os.Chtimes(g.os(name), mtime, mtime)
}

func (g *stickFS) SyncDir(name string) error {
	if !g.real {
		return g.FS.SyncDir(name)
	}
	if err := unsafe(safefs.CheckDir(g.os(g.root), g.os(name))); err != nil {
		return err
	}
	return g.FS.SyncDir(name)
}
