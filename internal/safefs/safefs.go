// Package safefs opens, creates, renames and removes files on a file system
// that someone else may have prepared: a USB stick, a folder the user
// picked, a document to import. It never follows a symbolic link (nor, on
// Windows, a junction or any other reparse point), reads only regular
// files (a FIFO or a device never blocks and never streams forever), reads
// at most a stated number of bytes, creates files exclusively with mode
// 0600, and creates or walks folders only below a given root.
//
// The checks are made just before each operation and, for opens, again on
// the open handle (O_NOFOLLOW and fstat compared with the Lstat), so a link
// put in place between the check and the open is refused too.
package safefs

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The refusals. Each is returned inside an *Error naming the file.
var (
	// ErrLink: a symbolic link, junction or other reparse point.
	ErrLink = errors.New("是一个链接（符号链接或目录联接），心晴不会跟随它")
	// ErrNotRegular: a device, FIFO, socket, or a folder where a file was expected.
	ErrNotRegular = errors.New("不是普通文件（可能是设备、管道或文件夹），心晴不会读写它")
	// ErrNotDir: a file or something else where a folder was expected.
	ErrNotDir = errors.New("不是文件夹")
	// ErrTooLarge: bigger than the cap for its kind.
	ErrTooLarge = errors.New("超过了允许的大小")
	// ErrOutside: a path that leaves the folder it must stay in.
	ErrOutside = errors.New("不在所选的文件夹之内")
	// ErrUnsafe matches every refusal above.
	ErrUnsafe = errors.New("unsafe file")
)

// Error is a refusal: what, where, and for size caps the cap.
type Error struct {
	Path string
	Err  error
	// Limit is the cap in bytes of ErrTooLarge.
	Limit int64
}

func (e *Error) Error() string {
	s := fmt.Sprintf("“%s”%s", filepath.Base(e.Path), e.Err.Error())
	if e.Limit > 0 {
		s += fmt.Sprintf("（上限 %s）", Bytes(e.Limit))
	}
	return s
}

// Unwrap matches the kind and ErrUnsafe.
func (e *Error) Unwrap() []error { return []error{e.Err, ErrUnsafe} }

// Bytes writes n for a person: 1.5 GB, 12 MB, 3 KB, 17 字节.
func Bytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d 字节", n)
}

func refuse(name string, err error) error { return &Error{Path: name, Err: err} }

// isLink reports a symbolic link or any reparse point (Go reports Windows
// junctions and other reparse points as ModeSymlink or ModeIrregular).
func isLink(fi fs.FileInfo) bool { return fi.Mode()&(fs.ModeSymlink|fs.ModeIrregular) != 0 }

// Lstat is os.Lstat that refuses a link.
func Lstat(name string) (fs.FileInfo, error) {
	fi, err := os.Lstat(name)
	if err != nil {
		return nil, err
	}
	if isLink(fi) {
		return nil, refuse(name, ErrLink)
	}
	return fi, nil
}

// Within returns the parts of name below root, or ErrOutside.
func Within(root, name string) ([]string, error) {
	rel, err := filepath.Rel(filepath.Clean(root), filepath.Clean(name))
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return nil, refuse(name, ErrOutside)
	}
	if rel == "." {
		return nil, nil
	}
	return strings.Split(rel, string(filepath.Separator)), nil
}

// CheckDirs checks that every folder from root (exclusive) down to the
// folder holding name (inclusive) is a real folder, not a link; root itself
// is the user's choice and is trusted. A missing folder is fs.ErrNotExist.
func CheckDirs(root, name string) error {
	parts, err := Within(root, name)
	if err != nil {
		return err
	}
	p := filepath.Clean(root)
	for _, part := range parts[:max(len(parts)-1, 0)] {
		p = filepath.Join(p, part)
		if err := checkDir(p); err != nil {
			return err
		}
	}
	return nil
}

func checkDir(p string) error {
	fi, err := Lstat(p)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return refuse(p, ErrNotDir)
	}
	return nil
}

// CheckDir is CheckDirs plus the folder dir itself.
func CheckDir(root, dir string) error {
	if err := CheckDirs(root, dir); err != nil {
		return err
	}
	if filepath.Clean(root) == filepath.Clean(dir) {
		return nil
	}
	return checkDir(dir)
}

// MkdirAll creates dir and its missing parents below root, mode 0700,
// refusing any link or file on the way.
func MkdirAll(root, dir string) error {
	parts, err := Within(root, dir)
	if err != nil {
		return err
	}
	p := filepath.Clean(root)
	// The root is the user's choice: made as asked, links and all.
	if err := os.MkdirAll(p, 0o700); err != nil {
		return err
	}
	for _, part := range parts {
		p = filepath.Join(p, part)
		err := checkDir(p)
		if errors.Is(err, fs.ErrNotExist) {
			if err = os.Mkdir(p, 0o700); errors.Is(err, fs.ErrExist) {
				err = checkDir(p) // made by someone else meanwhile
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// ReadDir lists a real folder (not a link) by sorted name.
func ReadDir(dir string) ([]fs.DirEntry, error) {
	if err := checkDir(dir); err != nil {
		return nil, err
	}
	return os.ReadDir(dir)
}

// Open opens name for reading if it is a regular file and not a link,
// without blocking on a FIFO or device, and returns its size; a file over
// limit (when limit > 0) is refused before anything is read.
func Open(name string, limit int64) (*os.File, int64, error) {
	before, err := Lstat(name)
	if err != nil {
		return nil, 0, err
	}
	if !before.Mode().IsRegular() {
		return nil, 0, refuse(name, ErrNotRegular)
	}
	f, err := os.OpenFile(name, os.O_RDONLY|oNoFollow|oNonBlock, 0)
	if err != nil {
		if isLoop(err) {
			return nil, 0, refuse(name, ErrLink)
		}
		return nil, 0, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	switch {
	case !fi.Mode().IsRegular():
		f.Close()
		return nil, 0, refuse(name, ErrNotRegular)
	case !os.SameFile(before, fi):
		// Swapped between the check and the open.
		f.Close()
		return nil, 0, refuse(name, ErrLink)
	case limit > 0 && fi.Size() > limit:
		f.Close()
		return nil, 0, &Error{Path: name, Err: ErrTooLarge, Limit: limit}
	}
	return f, fi.Size(), nil
}

// ReadFile reads a regular file of at most limit bytes (Open): a file that
// grows past the cap while it is read is refused too.
func ReadFile(name string, limit int64) ([]byte, error) {
	f, size, err := Open(name, limit)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadAll(f, name, size, limit)
}

// ReadAll reads r (of expected size, a hint for the buffer) to its end,
// refusing more than limit bytes (when limit > 0).
func ReadAll(r io.Reader, name string, size, limit int64) ([]byte, error) {
	if limit <= 0 {
		limit = math.MaxInt64 - 1
	}
	var b bytes.Buffer
	b.Grow(int(min(max(size, 0)+bytes.MinRead, limit+1, 64<<20)))
	n, err := b.ReadFrom(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if n > limit {
		return nil, &Error{Path: name, Err: ErrTooLarge, Limit: limit}
	}
	return b.Bytes(), nil
}

// CreateExcl creates name for writing, mode 0600, failing if anything (a
// link included) is there.
func CreateExcl(name string) (*os.File, error) {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL|oNoFollow, 0o600)
	if err != nil && isLoop(err) {
		return nil, refuse(name, ErrLink)
	}
	return f, err
}

// Regular checks that name is a regular file and not a link; a missing
// file is fs.ErrNotExist.
func Regular(name string) (fs.FileInfo, error) {
	fi, err := Lstat(name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, refuse(name, ErrNotRegular)
	}
	return fi, nil
}

// Remove removes name only if it is a regular file (never a link, a folder
// or a device).
func Remove(name string) error {
	if _, err := Regular(name); err != nil {
		return err
	}
	return os.Remove(name)
}

// Rename moves the regular file from onto to, which must be missing or a
// regular file, retrying the transient sharing violations of Windows.
func Rename(from, to string) error {
	if _, err := Regular(from); err != nil {
		return err
	}
	if _, err := Regular(to); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return RetryRename(from, to)
}

// RetryRename is os.Rename retried with backoff while Windows reports a
// sharing violation (an indexer or virus scanner holding the file).
func RetryRename(from, to string) error {
	delay := 10 * time.Millisecond
	for try := 0; ; try++ {
		err := os.Rename(from, to)
		if err == nil || !transient(err) || try == 6 {
			return err
		}
		time.Sleep(delay)
		delay *= 2
	}
}

// OpenChosen opens a file the user picked (an import, a roster) for
// reading: a link the user chose is followed, but only to a regular file,
// and a FIFO or device is refused without blocking.
func OpenChosen(name string) (*os.File, error) {
	before, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !before.Mode().IsRegular() {
		return nil, refuse(name, ErrNotRegular)
	}
	f, err := os.OpenFile(name, os.O_RDONLY|oNonBlock, 0)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err == nil && (!fi.Mode().IsRegular() || !os.SameFile(before, fi)) {
		err = refuse(name, ErrNotRegular)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
