package vault

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// File is a file opened for writing by FS.CreateExcl.
type File interface {
	Write(p []byte) (int, error)
	Sync() error
	Close() error
}

// WriteBackStarter is an optional capability of a File: start writing the
// range [off, off+n) to disk without waiting, so the Sync that follows has
// less left to do. Saves use it when a File has it; the data is durable
// only after Sync all the same.
type WriteBackStarter interface {
	StartWriteBack(off, n int64) error
}

// FileReader is a file opened for reading by ReaderOpener.OpenReader.
type FileReader interface {
	io.ReaderAt
	io.Closer
}

// ReaderOpener is an optional capability of an FS: open a file for
// positioned reads. A save reads its file back through it piece by piece
// instead of loading the whole file with ReadFile.
type ReaderOpener interface {
	OpenReader(name string) (FileReader, error)
}

// FS is the file-system seam of the vault: the few operations it needs, so
// tests can fail any one of them or cut the power between two of them.
type FS interface {
	// CreateExcl creates name for writing; it fails if name exists.
	CreateExcl(name string) (File, error)
	ReadFile(name string) ([]byte, error)
	// Rename replaces newname if it exists.
	Rename(oldname, newname string) error
	Remove(name string) error
	// ReadDir returns the sorted names of the entries of a directory.
	ReadDir(name string) ([]string, error)
	MkdirAll(name string) error
	Stat(name string) (fs.FileInfo, error)
	// Chtimes sets the modification time (the save time of a generation).
	Chtimes(name string, mtime time.Time) error
	// SyncDir makes the directory's entries durable (a no-op where impossible).
	SyncDir(name string) error
	// Lock takes an exclusive lock held until the Closer is closed or the
	// process dies; it fails with an error wrapping ErrInUse when held.
	Lock(name string) (io.Closer, error)
}

// ErrSharingViolation marks a transient failure of the kind Windows reports
// when another program (an indexer, a virus scanner) holds a file open.
var ErrSharingViolation = errors.New("file in use by another program")

// OSFS is the real file system.
type OSFS struct{}

var (
	_ FS           = OSFS{}
	_ ReaderOpener = OSFS{}
)

// CreateExcl implements FS.
func (OSFS) CreateExcl(name string) (File, error) {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, osErr(err)
	}
	return newOSFile(f), nil
}

// ReadFile implements FS.
func (OSFS) ReadFile(name string) ([]byte, error) {
	b, err := os.ReadFile(name)
	return b, osErr(err)
}

// OpenReader implements ReaderOpener.
func (OSFS) OpenReader(name string) (FileReader, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, osErr(err)
	}
	return f, nil
}

// Rename implements FS.
func (OSFS) Rename(oldname, newname string) error { return osErr(os.Rename(oldname, newname)) }

// Remove implements FS.
func (OSFS) Remove(name string) error { return osErr(os.Remove(name)) }

// ReadDir implements FS.
func (OSFS) ReadDir(name string) ([]string, error) {
	es, err := os.ReadDir(name)
	if err != nil {
		return nil, osErr(err)
	}
	names := make([]string, len(es))
	for i, e := range es {
		names[i] = e.Name()
	}
	sort.Strings(names)
	return names, nil
}

// MkdirAll implements FS.
func (OSFS) MkdirAll(name string) error { return osErr(os.MkdirAll(name, 0o700)) }

// Stat implements FS.
func (OSFS) Stat(name string) (fs.FileInfo, error) {
	fi, err := os.Stat(name)
	return fi, osErr(err)
}

// Chtimes implements FS.
func (OSFS) Chtimes(name string, mtime time.Time) error {
	return osErr(os.Chtimes(name, mtime, mtime))
}

// SyncDir implements FS.
func (OSFS) SyncDir(name string) error { return syncDir(name) }

// Lock implements FS.
func (OSFS) Lock(name string) (io.Closer, error) {
	c, err := lockFile(filepath.Clean(name))
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", filepath.Base(name), err)
	}
	return c, nil
}
