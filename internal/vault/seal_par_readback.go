package vault

import (
	"bytes"
	"io"
	"sync"
)

// ReadBack is a file just written, as read back for verification: through
// positioned reads of an open file where the FS can open one (nothing
// held in memory but the pieces being checked), else through ReadFile.
// Saves use it, and so do USB backups.
type ReadBack struct {
	ra   io.ReaderAt
	size int64
	c    io.Closer // nil after ReadFile

	mu  sync.Mutex
	err error // the first read error: an I/O failure, not damage
}

// OpenReadBack opens name for reading back. Its Size is the file's own,
// not what was written, so anything appended is read (and refused) too.
func OpenReadBack(fsys FS, name string) (*ReadBack, error) {
	ro, ok := fsys.(ReaderOpener)
	if !ok {
		b, err := fsys.ReadFile(name)
		if err != nil {
			return nil, err
		}
		return &ReadBack{ra: bytes.NewReader(b), size: int64(len(b))}, nil
	}
	fr, err := ro.OpenReader(name)
	if err != nil {
		return nil, err
	}
	fi, err := fsys.Stat(name)
	if err != nil {
		fr.Close()
		return nil, err
	}
	return &ReadBack{ra: fr, size: fi.Size(), c: fr}, nil
}

// ReadAt reads the file and remembers the first failure, so a failed read
// is reported as one and not as a damaged file. Safe for concurrent use.
func (b *ReadBack) ReadAt(p []byte, off int64) (int, error) {
	n, err := b.ra.ReadAt(p, off)
	if err != nil && err != io.EOF {
		b.mu.Lock()
		if b.err == nil {
			b.err = err
		}
		b.mu.Unlock()
	}
	return n, err
}

// Size is the file's size.
func (b *ReadBack) Size() int64 { return b.size }

// Err is the first read error, if any: a failed read, not damage.
func (b *ReadBack) Err() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.err
}

// Close releases the file; it must happen before the rename (Windows
// refuses to rename an open file).
func (b *ReadBack) Close() error {
	if b.c == nil {
		return nil
	}
	return b.c.Close()
}
