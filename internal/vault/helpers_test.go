package vault_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"xinqing/internal/vault"
	"xinqing/internal/vault/faultfs"
	"xinqing/internal/vault/keyslot"
	"xinqing/internal/vault/sheet"
)

const testPass = "correct horse battery staple 测试"

// weakKDF keeps the tests fast; AllowWeakKDF permits it.
var weakKDF = keyslot.Params{MemoryKiB: 8, Time: 1, Threads: 1}

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time      { return c.t }
func (c *clock) Add(d time.Duration) { c.t = c.t.Add(d) }

func newClock() *clock { return &clock{t: time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC)} }

func opts(fsys vault.FS, c *clock) vault.Options {
	o := vault.Options{FS: fsys, KDF: weakKDF, AllowWeakKDF: true,
		Rand: rand.NewChaCha8([32]byte{1, 2, 3})}
	if c != nil {
		o.Now = c.Now
	}
	return o
}

// image is a synthetic database image for generation n: a fake SQLite
// header, the number, and filler derived from both, so a mixture of two
// generations is recognisable.
func image(n uint64, size int) []byte {
	head := []byte("SQLite format 3\x00gen=" + strconv.FormatUint(n, 10) + ";")
	if size < len(head) {
		size = len(head)
	}
	b := make([]byte, size)
	copy(b, head)
	r := rand.New(rand.NewPCG(n, uint64(size)))
	for i := len(head); i < size; i++ {
		b[i] = byte(r.Uint32())
	}
	return b
}

// acceptGen plays the store's checks: the image must be the one written for
// the file's number, byte for byte.
func acceptGen(size int) func(uint64, []byte) error {
	return func(gen uint64, img []byte) error {
		if !bytes.Equal(img, image(gen, size)) {
			return fmt.Errorf("image of generation %d does not match", gen)
		}
		return nil
	}
}

func snap(size int) func(uint64) ([]byte, error) {
	return func(n uint64) ([]byte, error) { return image(n, size), nil }
}

func mustCreate(t testing.TB, dir string, o vault.Options) (*vault.Vault, string) {
	t.Helper()
	v, identity, err := vault.Create(bg, dir, testPass, o)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	return v, identity
}

func mustUnlock(t testing.TB, dir string, o vault.Options) *vault.Vault {
	t.Helper()
	v, err := vault.Unlock(bg, dir, testPass, o)
	if err != nil {
		t.Fatalf("unlock: %v", err)
	}
	return v
}

// memVault is a vault in faultfs with gens generations of the given size.
func memVault(t testing.TB, gens, size int, r vault.Retention) (*faultfs.FS, *clock) {
	t.Helper()
	fsys, c := faultfs.New(), newClock()
	o := opts(fsys, c)
	o.Retention = r
	v, _ := mustCreate(t, "/v", o)
	for i := 0; i < gens; i++ {
		c.Add(time.Minute)
		if _, err := v.Save(t.Context(), snap(size)); err != nil {
			t.Fatalf("save: %v", err)
		}
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	return fsys, c
}

func isDamaged(err error) bool {
	return errors.Is(err, vault.ErrDamaged) && !errors.Is(err, vault.ErrWrongKey)
}

// typed is the recovery sheet of identity as the counselor types it back.
func typed(t testing.TB, identity string) string {
	t.Helper()
	s, err := sheet.Format(identity)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(s.Groups, " ")
}

// bg is the context of calls that are not about cancellation.
var bg = context.Background()
