package vault

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"

	"filippo.io/age"
)

// Stage tells where a sealed file failed: its header (including a key that
// does not match) or its payload (tampering, truncation, bit rot).
type Stage string

const (
	StageHeader  Stage = "header"
	StagePayload Stage = "payload"
)

// SealError is the damage found in a sealed file. It matches ErrDamaged.
type SealError struct {
	Stage Stage
	Err   error
}

func (e *SealError) Error() string {
	return fmt.Sprintf("sealed file damaged (%s): %v", e.Stage, e.Err)
}

// Unwrap lets errors.Is find both ErrDamaged and the cause.
func (e *SealError) Unwrap() []error { return []error{ErrDamaged, e.Err} }

// decryptAll decrypts a whole age file into memory and returns the plaintext
// only if the file authenticated to its end: age hands out plaintext chunk
// by chunk before it can tell that the file was truncated, so nothing is
// returned (and the partial plaintext is wiped) on any failure.
func decryptAll(sealed []byte, ids ...age.Identity) ([]byte, error) {
	return decryptAt(bytes.NewReader(sealed), int64(len(sealed)), nil, ids...)
}

// Alloc provides the room a generation's plaintext of size bytes is
// decrypted into (see OpenWith); nil allocates in Go's heap.
type Alloc func(size int64) ([]byte, error)

// allocError is a failure of an Alloc: no verdict on the file.
type allocError struct{ err error }

func (e *allocError) Error() string { return "allocate: " + e.err.Error() }
func (e *allocError) Unwrap() error { return e.err }

func (a Alloc) get(size int64) ([]byte, error) {
	if a == nil {
		return make([]byte, size), nil
	}
	b, err := a(size)
	if err != nil {
		return nil, &allocError{err}
	}
	if int64(len(b)) < size {
		return nil, &allocError{fmt.Errorf("got %d bytes, want %d", len(b), size)}
	}
	return b[:size:size], nil
}

// decryptAt is decryptAll of the size bytes of an age file read through
// ra: a file on disk is decrypted straight from it, never held whole in
// memory beside its plaintext.
func decryptAt(ra io.ReaderAt, size int64, alloc Alloc, ids ...age.Identity) ([]byte, error) {
	r, err := age.Decrypt(io.NewSectionReader(ra, 0, size), ids...)
	if err != nil {
		return nil, &SealError{Stage: StageHeader, Err: err}
	}
	if size >= parallelDecryptMin && runtime.GOMAXPROCS(0) > 1 {
		return decryptHalves(ra, size, alloc, ids...)
	}
	// The plaintext is never longer than the file.
	out, err := alloc.get(size)
	if err != nil {
		return nil, err
	}
	n := 0
	for {
		m, err := r.Read(out[n:])
		n += m
		if err == io.EOF {
			break
		}
		if err != nil {
			clear(out[:n])
			return nil, &SealError{Stage: StagePayload, Err: err}
		}
		if n == len(out) {
			// Only a malformed stream could exceed its own length.
			var one [1]byte
			if m, err := r.Read(one[:]); m > 0 || err != io.EOF {
				clear(out)
				return nil, &SealError{Stage: StagePayload, Err: errors.New("payload longer than the file")}
			}
			break
		}
	}
	return out[:n:n], nil
}

// parallelDecryptMin is the file size from which decryptAll uses two cores.
const parallelDecryptMin = 1 << 20

// decryptHalves is decryptAll in two halves at once, for a file whose
// header has opened: age's ReaderAt authenticates the final chunk (and so
// the size) up front and each chunk it reads, so every failure from here
// on is the payload's.
func decryptHalves(sealed io.ReaderAt, sealedSize int64, alloc Alloc, ids ...age.Identity) ([]byte, error) {
	ra, size, err := age.DecryptReaderAt(sealed, sealedSize, ids...)
	if err != nil {
		return nil, &SealError{Stage: StagePayload, Err: err}
	}
	if size < 0 || size > sealedSize {
		return nil, &SealError{Stage: StagePayload, Err: errors.New("payload longer than the file")}
	}
	out, err := alloc.get(size)
	if err != nil {
		return nil, err
	}
	// Split on a chunk boundary so no chunk is decrypted twice.
	mid := (len(out) / 2) &^ (64<<10 - 1)
	errs := make(chan error, 1)
	go func() { errs <- readAtFull(ra, out[mid:], int64(mid)) }()
	err1 := readAtFull(ra, out[:mid], 0)
	err2 := <-errs
	if err = errors.Join(err1, err2); err != nil {
		clear(out)
		return nil, &SealError{Stage: StagePayload, Err: err}
	}
	return out, nil
}

// readAtFull fills p from ra at off.
func readAtFull(ra io.ReaderAt, p []byte, off int64) error {
	if len(p) == 0 {
		return nil
	}
	n, err := ra.ReadAt(p, off)
	if n == len(p) {
		return nil
	}
	if err == nil || err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return err
}

// verifySealed decrypts sealed to its end and compares it with want.
func verifySealed(sealed, want []byte, ids ...age.Identity) error {
	return verifyAt(bytes.NewReader(sealed), int64(len(sealed)), want, ids...)
}

// verifyAt decrypts the size bytes of an age file read through ra to
// their end and compares them with want, without holding a second copy of
// the plaintext. Big files are verified in two halves at once: age's
// ReaderAt authenticates the final chunk (and so the size) up front and
// each chunk on its own.
func verifyAt(ra io.ReaderAt, size int64, want []byte, ids ...age.Identity) error {
	if len(want) < 4<<20 {
		return verifyStream(io.NewSectionReader(ra, 0, size), want, ids...)
	}
	pa, psize, err := age.DecryptReaderAt(ra, size, ids...)
	if err != nil {
		return &SealError{Stage: StageHeader, Err: err}
	}
	if psize != int64(len(want)) {
		return &SealError{Stage: StagePayload, Err: errors.New("read-back size differs from what was written")}
	}
	// Split on a chunk boundary so no chunk is decrypted twice.
	mid := (len(want) / 2) &^ (64<<10 - 1)
	errs := make(chan error, 1)
	go func() { errs <- compareAt(pa, want[mid:], int64(mid)) }()
	err1 := compareAt(pa, want[:mid], 0)
	err2 := <-errs
	if err1 != nil {
		return err1
	}
	return err2
}

func compareAt(ra io.ReaderAt, want []byte, off int64) error {
	buf := make([]byte, min(256<<10, len(want)))
	defer clear(buf)
	for done := 0; done < len(want); {
		n := min(len(buf), len(want)-done)
		m, err := ra.ReadAt(buf[:n], off+int64(done))
		if m != n || (err != nil && err != io.EOF) {
			if err == nil {
				err = io.ErrUnexpectedEOF
			}
			return &SealError{Stage: StagePayload, Err: err}
		}
		if !bytes.Equal(buf[:n], want[done:done+n]) {
			return &SealError{Stage: StagePayload, Err: errors.New("read-back differs from what was written")}
		}
		done += n
	}
	return nil
}

// verifyStream is verifyAt in one pass, for small files.
func verifyStream(sealed io.Reader, want []byte, ids ...age.Identity) error {
	r, err := age.Decrypt(sealed, ids...)
	if err != nil {
		return &SealError{Stage: StageHeader, Err: err}
	}
	buf := make([]byte, min(256<<10, len(want)+1))
	off := 0
	for {
		// Read, not io.ReadFull: ReadFull would turn a truncation error
		// into a clean end.
		m, err := r.Read(buf)
		if m > 0 {
			if off+m > len(want) || !bytes.Equal(buf[:m], want[off:off+m]) {
				clear(buf)
				return &SealError{Stage: StagePayload, Err: errors.New("read-back differs from what was written")}
			}
			off += m
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			clear(buf)
			return &SealError{Stage: StagePayload, Err: err}
		}
	}
	clear(buf)
	if off != len(want) {
		return &SealError{Stage: StagePayload, Err: errors.New("read-back shorter than what was written")}
	}
	return nil
}

// sealTo encrypts data to r into w, buffered so a file sees few large
// writes; big files are sealed on every core (see sealParallel).
func sealTo(w io.Writer, r age.Recipient, data []byte) error {
	if len(data) >= parallelMin {
		return sealParallel(w, r, data, sealWorkers())
	}
	return sealStock(w, r, data)
}

// sealStock is sealTo with age's own writer.
func sealStock(w io.Writer, r age.Recipient, data []byte) error {
	// Buffer the whole file when small, 1 MiB at most.
	bw := bufio.NewWriterSize(w, min(1<<20, len(data)+len(data)/4096+4096))
	ew, err := age.Encrypt(bw, r)
	if err != nil {
		return fmt.Errorf("encrypt: %w", err)
	}
	if _, err := ew.Write(data); err != nil {
		return fmt.Errorf("encrypt: %w", err)
	}
	if err := ew.Close(); err != nil {
		return fmt.Errorf("encrypt: %w", err)
	}
	return bw.Flush()
}
