package backup_test

import (
	"errors"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"xinqing/internal/vault"
)

// memFS is a read-mostly in-memory stick for the tamper tests: files are
// planted whole and read without copies, so thousands of variants stay
// cheap. Writing goes through faultfs elsewhere.
type memFS map[string][]byte

var _ vault.FS = memFS{}

var errReadOnly = errors.New("memfs: read-only")

func (m memFS) CreateExcl(string) (vault.File, error) { return nil, errReadOnly }
func (m memFS) Rename(string, string) error           { return errReadOnly }
func (m memFS) Remove(string) error                   { return errReadOnly }
func (m memFS) MkdirAll(string) error                 { return nil }
func (m memFS) Chtimes(string, time.Time) error       { return errReadOnly }
func (m memFS) SyncDir(string) error                  { return nil }
func (m memFS) Lock(string) (io.Closer, error)        { return nil, errReadOnly }

func (m memFS) ReadFile(name string) ([]byte, error) {
	b, ok := m[path.Clean(name)]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return b, nil
}

func (m memFS) ReadDir(name string) ([]string, error) {
	var out []string
	for p := range m {
		if path.Dir(p) == path.Clean(name) {
			out = append(out, path.Base(p))
		}
	}
	sort.Strings(out)
	return out, nil
}

type memInfo struct {
	name string
	size int64
}

func (i memInfo) Name() string       { return i.name }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) Mode() fs.FileMode  { return 0o600 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }

func (m memFS) Stat(name string) (fs.FileInfo, error) {
	b, ok := m[path.Clean(name)]
	if !ok {
		for p := range m {
			if strings.HasPrefix(p, path.Clean(name)+"/") {
				return memInfo{name: path.Base(name)}, nil
			}
		}
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	return memInfo{name: path.Base(name), size: int64(len(b))}, nil
}
