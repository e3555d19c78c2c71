package vault

import (
	"bytes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"

	"filippo.io/age"
	"golang.org/x/crypto/chacha20poly1305"
)

// The age payload (STREAM, age-encryption.org/v1): 64 KiB plaintext chunks,
// each sealed on its own with ChaCha20-Poly1305, so chunks can be sealed on
// several cores at once and still form the file age.Encrypt would write.
const (
	chunkSize  = 64 << 10
	tagSize    = chacha20poly1305.Overhead
	nonceSize  = 16 // the payload nonce after the header
	fileKeyLen = 16
	// segChunks chunks (1 MiB of plaintext) are one unit of work and one
	// write: large enough for few system calls, small enough that the
	// first write starts early and the buffers stay few.
	segChunks = 16
	// parallelMin is where sealing in pieces starts to pay; below it a
	// save is a few milliseconds with the stock writer.
	parallelMin = 1 << 20
)

// keyCatcher is a recipient that wraps the file key with the real recipient
// and keeps a copy of it, so the payload can be sealed outside age's writer.
// It forwards WrapWithLabels, so age's label rules (a post-quantum recipient
// is never mixed with a classic one) still apply.
type keyCatcher struct {
	r   age.Recipient
	key []byte
}

func (c *keyCatcher) Wrap(fileKey []byte) ([]*age.Stanza, error) {
	s, _, err := c.WrapWithLabels(fileKey)
	return s, err
}

func (c *keyCatcher) WrapWithLabels(fileKey []byte) ([]*age.Stanza, []string, error) {
	if c.key != nil {
		return nil, nil, errors.New("file key wrapped twice")
	}
	var (
		s      []*age.Stanza
		labels []string
		err    error
	)
	if rl, ok := c.r.(age.RecipientWithLabels); ok {
		s, labels, err = rl.WrapWithLabels(fileKey)
	} else {
		s, err = c.r.Wrap(fileKey)
	}
	if err != nil {
		return nil, nil, err
	}
	c.key = bytes.Clone(fileKey)
	return s, labels, nil
}

// sealHeader lets age choose the file key and payload nonce and write the
// header and nonce; it returns those bytes and the payload key derived as
// age derives it: HKDF-SHA-256(file key, salt = nonce, info = "payload").
// The caller wipes the key.
func sealHeader(r age.Recipient) (header, payloadKey []byte, err error) {
	c := &keyCatcher{r: r}
	defer func() { clear(c.key) }()
	var buf bytes.Buffer
	// age.Encrypt has written the header and the nonce when it returns.
	// Its writer is dropped unclosed: the payload is sealed below.
	if _, err := age.Encrypt(&buf, c); err != nil {
		return nil, nil, err
	}
	if len(c.key) != fileKeyLen || buf.Len() <= nonceSize {
		return nil, nil, errors.New("unexpected age header")
	}
	hdr := buf.Bytes()
	key, err := hkdf.Key(sha256.New, c.key, hdr[len(hdr)-nonceSize:], "payload", chacha20poly1305.KeySize)
	if err != nil {
		return nil, nil, err
	}
	return hdr, key, nil
}

// sealChunk appends chunk i sealed under nonce = 11-byte big-endian i ‖
// last-chunk flag.
func sealChunk(aead cipher.AEAD, dst, plain []byte, i uint64, last bool) []byte {
	var nonce [chacha20poly1305.NonceSize]byte
	binary.BigEndian.PutUint64(nonce[3:11], i)
	if last {
		nonce[11] = 1
	}
	return aead.Seal(dst, nonce[:], plain, nil)
}

// chunkCount is the number of payload chunks: one per 64 KiB, the last
// possibly short, and a single empty one only for an empty payload.
func chunkCount(n int) int { return max(1, (n+chunkSize-1)/chunkSize) }

// sealParallel writes to w an age file of data for r, with the payload
// sealed by up to workers goroutines one segment at a time and written in
// order as soon as each segment is ready. If w can start write-back, each
// written segment is handed to the disk at once, so the Sync that follows
// has little left to wait for.
func sealParallel(w io.Writer, r age.Recipient, data []byte, workers int) error {
	hdr, key, err := sealHeader(r)
	if err != nil {
		return fmt.Errorf("encrypt: %w", err)
	}
	aead, err := chacha20poly1305.New(key)
	clear(key)
	if err != nil {
		return fmt.Errorf("encrypt: %w", err)
	}
	chunks := chunkCount(len(data))
	segs := (chunks + segChunks - 1) / segChunks
	workers = max(1, min(workers, segs))

	// A worker takes a free buffer before it claims the next segment, so
	// the segment the writer waits for always has a buffer and progresses.
	depth := 2 * workers
	free := make(chan []byte, depth)
	for range depth {
		free <- make([]byte, 0, segChunks*(chunkSize+tagSize))
	}
	ready := make([]chan []byte, segs)
	for i := range ready {
		ready[i] = make(chan []byte, 1)
	}
	stop := make(chan struct{})
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				var buf []byte
				select {
				case <-stop:
					return
				case buf = <-free:
				}
				s := int(next.Add(1) - 1)
				if s >= segs {
					return
				}
				out := buf[:0]
				for c := s * segChunks; c < min((s+1)*segChunks, chunks); c++ {
					lo := c * chunkSize
					out = sealChunk(aead, out, data[lo:min(lo+chunkSize, len(data))], uint64(c), c == chunks-1)
				}
				ready[s] <- out
			}
		})
	}
	defer func() {
		close(stop)
		wg.Wait()
	}()

	// Write-back is started from a goroutine of its own: the call blocks
	// while the disk's queue is full, and neither sealing nor the
	// verification after it should wait for that. Hints still queued when
	// the file is written are dropped: the Sync that follows writes all.
	var wbq chan [2]int64
	if wb, ok := w.(WriteBackStarter); ok {
		wbq = make(chan [2]int64, segs)
		var written atomic.Bool
		go func() {
			for r := range wbq {
				if !written.Load() {
					// A hint: Sync reports any write error.
					_ = wb.StartWriteBack(r[0], r[1])
				}
			}
		}()
		defer func() {
			written.Store(true)
			close(wbq)
		}()
	}
	if _, err := w.Write(hdr); err != nil {
		return err
	}
	off := int64(len(hdr))
	for s := range segs {
		out := <-ready[s]
		if _, err := w.Write(out); err != nil {
			return err
		}
		if wbq != nil {
			wbq <- [2]int64{off, int64(len(out))}
		}
		off += int64(len(out))
		free <- out
	}
	return nil
}

// sealWorkers is how many goroutines seal a big file.
func sealWorkers() int { return min(runtime.GOMAXPROCS(0), 8) }
