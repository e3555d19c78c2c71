// Package keyslot wraps the vault identity under a passphrase.
//
// A slot is the vault identity string (an age hybrid identity) encrypted
// with XChaCha20-Poly1305 under a 32-byte key derived from the NFKC-normalised
// passphrase with Argon2id. The binary format (all integers big-endian):
//
//	offset  size  field
//	0       12    magic "xinqing-slot"
//	12      1     format version (1)
//	13      4     Argon2id memory in KiB
//	17      4     Argon2id time (passes)
//	21      1     Argon2id threads
//	22      1     salt length S (16..64)
//	23      S     salt
//	23+S    24    XChaCha20-Poly1305 nonce
//	47+S    rest  ciphertext of the identity (1..256 bytes) plus the 16-byte tag
//
// Everything before the ciphertext is the header, and the header is the
// AEAD's associated data, so no parameter can be altered without the unwrap
// failing. ParseHeader checks the parameters against the read caps
// (m ≤ 1 GiB, 1 ≤ t ≤ 10, 1 ≤ p ≤ 16, m ≥ 8·p) and every length before any
// KDF work, so a hostile slot cannot make the app allocate or spin.
//
// Open cannot tell a wrong passphrase from a damaged ciphertext: both fail
// the AEAD. The vault keeps an unkeyed SHA-256 beside each slot copy and
// makes that call; this package reports ErrDamaged only for structural
// problems and ErrWrongPassphrase for every AEAD failure.
package keyslot

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/text/unicode/norm"
)

var (
	// ErrWrongPassphrase means the slot is well-formed but did not open
	// with the passphrase given.
	ErrWrongPassphrase = errors.New("keyslot: wrong passphrase")
	// ErrDamaged means the slot is malformed, truncated or not a slot.
	ErrDamaged = errors.New("keyslot: slot damaged")
	// ErrUnsupported means an unknown format version or KDF parameters
	// beyond what this version agrees to run.
	ErrUnsupported = errors.New("keyslot: unsupported slot")
)

const (
	magic = "xinqing-slot"
	// Version is the slot format version written by Seal.
	Version = 1

	saltLen    = 16
	minSaltLen = 16
	maxSaltLen = 64
	keyLen     = chacha20poly1305.KeySize

	// MaxIdentityLen bounds the sealed identity; an age hybrid identity is 77 bytes.
	MaxIdentityLen = 256

	fixedLen = len(magic) + 1 + 4 + 4 + 1 + 1 // up to and including the salt length
	// MaxSlotLen is the largest slot ParseHeader accepts.
	MaxSlotLen = fixedLen + maxSaltLen + chacha20poly1305.NonceSizeX + MaxIdentityLen + chacha20poly1305.Overhead

	maxMemoryKiB = 1 << 20 // 1 GiB
	maxTime      = 10
	maxThreads   = 16
)

// Params are the Argon2id cost parameters of a slot.
type Params struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
}

// DefaultParams is the cost offered when calibration is not run: 256 MiB, t=3, p=4.
func DefaultParams() Params { return Params{MemoryKiB: 256 << 10, Time: 3, Threads: 4} }

// FloorParams is the least cost a new slot may have: 64 MiB, t=3, p=4.
func FloorParams() Params { return Params{MemoryKiB: 64 << 10, Time: 3, Threads: 4} }

// MeetsFloor reports whether p costs at least FloorParams in memory and time.
func (p Params) MeetsFloor() bool {
	f := FloorParams()
	return p.MemoryKiB >= f.MemoryKiB && p.Time >= f.Time && p.Threads >= 1
}

// check enforces the read caps. It is the only gate between a slot read
// from disk and the KDF.
func (p Params) check() error {
	switch {
	case p.Threads == 0 || p.Threads > maxThreads:
		return fmt.Errorf("%w: threads %d out of range 1..%d", ErrUnsupported, p.Threads, maxThreads)
	case p.Time == 0 || p.Time > maxTime:
		return fmt.Errorf("%w: time %d out of range 1..%d", ErrUnsupported, p.Time, maxTime)
	case p.MemoryKiB > maxMemoryKiB:
		return fmt.Errorf("%w: memory %d KiB above %d KiB", ErrUnsupported, p.MemoryKiB, maxMemoryKiB)
	case p.MemoryKiB < 8*uint32(p.Threads):
		// Argon2 needs 8 KiB per lane; x/crypto would silently raise it.
		return fmt.Errorf("%w: memory %d KiB below 8 KiB per thread", ErrUnsupported, p.MemoryKiB)
	}
	return nil
}

// Header is the parsed, validated header of a slot. Salt and Nonce alias
// the slot passed to ParseHeader.
type Header struct {
	Version uint8
	Params  Params
	Salt    []byte
	Nonce   []byte
	// Len is the header length in bytes: the ciphertext starts at Len.
	Len int
}

// ParseHeader validates the structure of slot and its KDF parameters
// against the read caps. It does no KDF work.
func ParseHeader(slot []byte) (Header, error) {
	if len(slot) > MaxSlotLen {
		return Header{}, fmt.Errorf("%w: %d bytes, at most %d", ErrDamaged, len(slot), MaxSlotLen)
	}
	if len(slot) < fixedLen || !bytes.Equal(slot[:len(magic)], []byte(magic)) {
		return Header{}, fmt.Errorf("%w: not a key slot", ErrDamaged)
	}
	h := Header{Version: slot[len(magic)]}
	if h.Version != Version {
		return Header{}, fmt.Errorf("%w: format version %d", ErrUnsupported, h.Version)
	}
	b := slot[len(magic)+1:]
	h.Params = Params{
		MemoryKiB: binary.BigEndian.Uint32(b[0:4]),
		Time:      binary.BigEndian.Uint32(b[4:8]),
		Threads:   b[8],
	}
	if err := h.Params.check(); err != nil {
		return Header{}, err
	}
	sl := int(b[9])
	if sl < minSaltLen || sl > maxSaltLen {
		return Header{}, fmt.Errorf("%w: salt length %d", ErrDamaged, sl)
	}
	h.Len = fixedLen + sl + chacha20poly1305.NonceSizeX
	ctLen := len(slot) - h.Len
	if ctLen < 1+chacha20poly1305.Overhead || ctLen > MaxIdentityLen+chacha20poly1305.Overhead {
		return Header{}, fmt.Errorf("%w: truncated or oversized ciphertext", ErrDamaged)
	}
	h.Salt = slot[fixedLen : fixedLen+sl]
	h.Nonce = slot[fixedLen+sl : h.Len]
	return h, nil
}

// kdf derives the slot key; tests swap it to bound the cost of hostile headers.
type kdf func(passphrase, salt []byte, p Params) []byte

// DerivationTime is the time every key derivation of the process took, in
// total: benchmarks subtract what an unlock spent deriving its key (its
// cost is the slot's choice) from what the unlock took.
func DerivationTime() time.Duration { return time.Duration(derivationNanos.Load()) }

var derivationNanos atomic.Int64

func argon2id(passphrase, salt []byte, p Params) []byte {
	start := time.Now()
	k := argon2.IDKey(passphrase, salt, p.Time, p.MemoryKiB, p.Threads, keyLen)
	derivationNanos.Add(int64(time.Since(start)))
	if p.MemoryKiB >= 16<<10 {
		// The KDF's memory (64 MiB or more) is garbage from here on and
		// is given back to the system at once: left to the collector's
		// pace, what follows an unlock (the database, the first screens)
		// would be stacked on top of it, and a process that unlocked
		// once would keep it resident for good.
		debug.FreeOSMemory()
	}
	return k
}

// normalize is applied to every passphrase so that the same text typed as
// full-width or half-width forms, or composed differently, gives one key.
func normalize(passphrase string) []byte { return []byte(norm.NFKC.String(passphrase)) }

// Seal encrypts identity under passphrase with cost p, drawing the salt and
// nonce from rand. Any p within the read caps is accepted; enforcing the
// floor for new vaults is the caller's job (Params.MeetsFloor).
func Seal(identity string, passphrase string, p Params, rand io.Reader) ([]byte, error) {
	if err := p.check(); err != nil {
		return nil, fmt.Errorf("seal key slot: %w", err)
	}
	if len(identity) == 0 || len(identity) > MaxIdentityLen {
		return nil, fmt.Errorf("seal key slot: identity length %d out of range 1..%d", len(identity), MaxIdentityLen)
	}
	if passphrase == "" {
		return nil, errors.New("seal key slot: empty passphrase")
	}
	slot := make([]byte, 0, fixedLen+saltLen+chacha20poly1305.NonceSizeX+len(identity)+chacha20poly1305.Overhead)
	slot = append(slot, magic...)
	slot = append(slot, Version)
	slot = binary.BigEndian.AppendUint32(slot, p.MemoryKiB)
	slot = binary.BigEndian.AppendUint32(slot, p.Time)
	slot = append(slot, p.Threads, saltLen)
	random := make([]byte, saltLen+chacha20poly1305.NonceSizeX)
	if _, err := io.ReadFull(rand, random); err != nil {
		return nil, fmt.Errorf("seal key slot: read random: %w", err)
	}
	slot = append(slot, random...)
	salt := slot[fixedLen : fixedLen+saltLen]
	nonce := slot[fixedLen+saltLen:]
	aead, err := chacha20poly1305.NewX(argon2id(normalize(passphrase), salt, p))
	if err != nil {
		return nil, fmt.Errorf("seal key slot: %w", err)
	}
	header := slot[:len(slot):len(slot)]
	return aead.Seal(slot, nonce, []byte(identity), header), nil
}

// Open returns the identity sealed in slot. A well-formed slot that does not
// open yields ErrWrongPassphrase; a malformed one ErrDamaged or ErrUnsupported.
func Open(slot []byte, passphrase string) (identity string, err error) {
	return open(slot, passphrase, argon2id)
}

func open(slot []byte, passphrase string, derive kdf) (string, error) {
	h, err := ParseHeader(slot)
	if err != nil {
		return "", fmt.Errorf("open key slot: %w", err)
	}
	aead, err := chacha20poly1305.NewX(derive(normalize(passphrase), h.Salt, h.Params))
	if err != nil {
		return "", fmt.Errorf("open key slot: %w", err)
	}
	pt, err := aead.Open(nil, h.Nonce, slot[h.Len:], slot[:h.Len])
	if err != nil {
		// One vague answer: the AEAD error says nothing useful and nothing safe.
		return "", fmt.Errorf("open key slot: %w", ErrWrongPassphrase)
	}
	return string(pt), nil
}
