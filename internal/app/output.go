package app

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"xinqing/internal/casework"
	"xinqing/internal/safefs"
)

// Overwrite says whether an output may replace an existing file.
type Overwrite bool

const (
	// Exclusive refuses a path that exists (the command line: a typo must
	// never replace another document).
	Exclusive Overwrite = false
	// Replace replaces an existing file; the desktop's save dialog has
	// already asked the counselor.
	Replace Overwrite = true
)

// ErrOutputExists is returned, inside an *fs.PathError naming the path,
// by an Exclusive write to a path that exists.
var ErrOutputExists = os.ErrExist

// WriteOutput writes a generated document or export in one piece: the
// bytes go to a temporary file in the same folder, created 0600 from its
// first byte (documents hold names), synced, then moved into place. On any
// error nothing is left behind, neither the temporary file nor a partial
// document.
//
// A link (or a device, FIFO or folder) in path's place is refused: the
// document is never written through it, nor does it replace it.
func WriteOutput(path string, over Overwrite, write func(io.Writer) error) (err error) {
	if _, err := safefs.Regular(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		if errors.Is(err, safefs.ErrUnsafe) {
			return &fs.PathError{Op: "write", Path: path, Err: err}
		}
		return fmt.Errorf("create output: %w", err)
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("create output: %w", err)
	}
	tmpName := tmp.Name()
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmpName)
		}
	}()
	// CreateTemp already uses 0600; say so for file systems that honour it.
	if err = tmp.Chmod(0o600); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return fmt.Errorf("restrict output: %w", err)
	}
	if err = write(outputWriter(tmp)); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("sync output: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("close output: %w", err)
	}
	if over == Replace {
		// Only a regular file is replaced (checked again just before).
		if err = safefs.Rename(tmpName, path); err != nil {
			return fmt.Errorf("move output into place: %w", err)
		}
		return nil
	}
	// A hard link fails when path exists, so no existing file is replaced
	// even by a race; file systems without links (FAT) fall back to a
	// checked rename.
	if err = os.Link(tmpName, path); err == nil {
		os.Remove(tmpName)
		return nil
	} else if errors.Is(err, os.ErrExist) {
		return &fs.PathError{Op: "write", Path: path, Err: ErrOutputExists}
	}
	if _, serr := os.Lstat(path); serr == nil {
		err = &fs.PathError{Op: "write", Path: path, Err: ErrOutputExists}
		return err
	}
	if err = safefs.RetryRename(tmpName, path); err != nil {
		return fmt.Errorf("move output into place: %w", err)
	}
	return nil
}

// outputWriter is where WriteOutput's bytes go; tests fail it.
var outputWriter = func(f *os.File) io.Writer { return f }

// WriteBytes is WriteOutput for a document already in memory.
func WriteBytes(path string, over Overwrite, data []byte) error {
	return WriteOutput(path, over, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// Deliver writes a finished document and logs its print or export (of one
// record, or of none when kind is empty).
func (s *Session) Deliver(path string, over Overwrite, data []byte, action casework.AuditAction, kind casework.Kind, id string) error {
	if err := WriteBytes(path, over, data); err != nil {
		return err
	}
	return s.Audit(action, kind, id)
}
