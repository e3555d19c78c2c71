package keyslot

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	mathrand "math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden slot and the fuzz seeds")

// tiny keeps tests fast; only Seal/Open's plumbing is under test here.
var tiny = Params{MemoryKiB: 64, Time: 1, Threads: 1}

// syntheticIdentity has the shape of an age hybrid identity but is not one.
const syntheticIdentity = "AGE-SECRET-KEY-PQ-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ"

// counting is a deterministic "random" source so that golden bytes are stable.
type counting struct{ next byte }

func (c *counting) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = c.next
		c.next++
	}
	return len(p), nil
}

func seal(t testing.TB, passphrase string, p Params) []byte {
	t.Helper()
	slot, err := Seal(syntheticIdentity, passphrase, p, rand.Reader)
	if err != nil {
		t.Fatalf("Seal: %v", err)
	}
	return slot
}

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name      string
		sealWith  string
		openWith  string
		wantError error
	}{
		{"an ASCII passphrase opens its slot", "correct horse battery", "correct horse battery", nil},
		{"a Chinese passphrase opens its slot", "窗外的梧桐树在秋天落叶", "窗外的梧桐树在秋天落叶", nil},
		{"full-width letters and digits open a slot sealed with half-width ones", "Xinqing2026 秋天", "Ｘｉｎｑｉｎｇ２０２６　秋天", nil},
		{"half-width forms open a slot sealed with full-width ones", "ｍｉｍａ１２３４５６７８", "mima12345678", nil},
		{"a decomposed accent opens a slot sealed with the composed one", "café au lait 咖啡", "cafe\u0301 au lait 咖啡", nil},
		{"an emoji passphrase opens its slot", "🌳🌲 tree line 🌴", "🌳🌲 tree line 🌴", nil},
		{"a different case does not open", "Correct Horse", "correct horse", ErrWrongPassphrase},
		{"a trailing space does not open", "correct horse", "correct horse ", ErrWrongPassphrase},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			slot := seal(t, tt.sealWith, tiny)
			got, err := Open(slot, tt.openWith)
			if !errors.Is(err, tt.wantError) {
				t.Fatalf("Open: got error %v, want %v", err, tt.wantError)
			}
			if tt.wantError == nil && got != syntheticIdentity {
				t.Fatalf("Open: got a different identity (%d bytes), want the sealed one", len(got))
			}
			if tt.wantError != nil && got != "" {
				t.Fatalf("Open failed but returned %d bytes of identity", len(got))
			}
		})
	}
}

func TestSealUsesFreshSaltAndNonce(t *testing.T) {
	a, b := seal(t, "same passphrase here", tiny), seal(t, "same passphrase here", tiny)
	ha, _ := ParseHeader(a)
	hb, _ := ParseHeader(b)
	if bytes.Equal(ha.Salt, hb.Salt) || bytes.Equal(ha.Nonce, hb.Nonce) {
		t.Fatalf("two seals share a salt or nonce")
	}
}

// A3: wrong passphrases are "wrong passphrase", never "damaged", never a panic.
func TestThousandWrongPassphrases(t *testing.T) {
	slot := seal(t, "the right passphrase 正确", tiny)
	wrong := 0
	for i := range 1000 {
		guess := fmt.Sprintf("guess %d %s", i, strings.Repeat("错", i%7))
		got, err := Open(slot, guess)
		switch {
		case errors.Is(err, ErrDamaged):
			t.Fatalf("guess %d: got ErrDamaged, want ErrWrongPassphrase", i)
		case !errors.Is(err, ErrWrongPassphrase):
			t.Fatalf("guess %d: got %v, want ErrWrongPassphrase", i, err)
		case got != "":
			t.Fatalf("guess %d: got identity bytes with a wrong passphrase", i)
		}
		wrong++
	}
	if wrong != 1000 {
		t.Fatalf("got %d wrong-passphrase results, want 1000", wrong)
	}
}

func TestWrongPassphraseErrorSaysNothingInternal(t *testing.T) {
	_, err := Open(seal(t, "right one here", tiny), "wrong one here")
	if got, want := err.Error(), "open key slot: keyslot: wrong passphrase"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

// boundedKDF is the real Argon2id with its cost clamped, so that a flipped
// parameter bit cannot make the test allocate half a gigabyte. Clamping can
// only make a flipped header derive the original key, which leaves the
// associated data as the only defence: exactly what the test wants to see.
func boundedKDF() kdf {
	return func(pass, salt []byte, p Params) []byte {
		p.MemoryKiB = min(p.MemoryKiB, tiny.MemoryKiB)
		p.Time = min(p.Time, tiny.Time)
		p.Threads = min(p.Threads, tiny.Threads)
		return argon2id(pass, salt, p)
	}
}

// A5 for the slot: every single bit flip fails to open.
func TestEveryBitFlipFails(t *testing.T) {
	const pass = "bit flip passphrase"
	slot := seal(t, pass, tiny)
	if _, err := open(slot, pass, boundedKDF()); err != nil {
		t.Fatalf("bounded KDF cannot open the intact slot: %v", err)
	}
	flips := 0
	for i := range slot {
		for bit := range 8 {
			flipped := bytes.Clone(slot)
			flipped[i] ^= 1 << bit
			got, err := open(flipped, pass, boundedKDF())
			if err == nil || got != "" {
				t.Fatalf("flip of byte %d bit %d: got no error, want one", i, bit)
			}
			if !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrUnsupported) && !errors.Is(err, ErrWrongPassphrase) {
				t.Fatalf("flip of byte %d bit %d: got %v, want a keyslot sentinel", i, bit, err)
			}
			flips++
		}
	}
	if flips != 8*len(slot) {
		t.Fatalf("got %d flips, want %d", flips, 8*len(slot))
	}
}

// The clamp above must not hide a real-KDF problem: flips outside the
// parameter fields go through the real Open.
func TestBitFlipsOutsideParamsFailWithRealKDF(t *testing.T) {
	const pass = "bit flip passphrase"
	slot := seal(t, pass, tiny)
	paramsStart, paramsEnd := len(magic)+1, fixedLen-1
	for i := range slot {
		if i >= paramsStart && i < paramsEnd {
			continue
		}
		for bit := range 8 {
			flipped := bytes.Clone(slot)
			flipped[i] ^= 1 << bit
			if got, err := Open(flipped, pass); err == nil || got != "" {
				t.Fatalf("flip of byte %d bit %d: got no error, want one", i, bit)
			}
		}
	}
}

func TestTruncationAndAppendFail(t *testing.T) {
	const pass = "truncation passphrase"
	slot := seal(t, pass, tiny)
	h, err := ParseHeader(slot)
	if err != nil {
		t.Fatal(err)
	}
	for n := range len(slot) {
		got, err := Open(slot[:n], pass)
		if err == nil || got != "" {
			t.Fatalf("truncated to %d bytes: got no error", n)
		}
		// Shorter than a header, one byte and a tag: structurally impossible.
		if n < h.Len+1+16 && !errors.Is(err, ErrDamaged) {
			t.Fatalf("truncated to %d bytes: got %v, want ErrDamaged", n, err)
		}
	}
	for _, extra := range [][]byte{{0}, []byte("xx"), bytes.Repeat([]byte{0xff}, 300)} {
		if _, err := Open(append(bytes.Clone(slot), extra...), pass); err == nil {
			t.Fatalf("%d appended bytes: got no error", len(extra))
		}
	}
}

// build writes a slot header by hand so that tests can state absurd values
// Seal refuses to produce.
func build(version uint8, p Params, saltLen int, ctLen int) []byte {
	b := []byte(magic)
	b = append(b, version)
	b = binary.BigEndian.AppendUint32(b, p.MemoryKiB)
	b = binary.BigEndian.AppendUint32(b, p.Time)
	b = append(b, p.Threads, byte(saltLen))
	b = append(b, make([]byte, max(saltLen, 0)+24+ctLen)...)
	return b
}

// A8: absurd parameters or sizes are refused quickly, before any KDF work.
func TestAbsurdParametersRefusedBeforeKDF(t *testing.T) {
	ok := Params{MemoryKiB: 64, Time: 1, Threads: 1}
	tests := []struct {
		name string
		slot []byte
		want error
	}{
		{"memory one KiB over 1 GiB", build(1, Params{1<<20 + 1, 1, 1}, 16, 93), ErrUnsupported},
		{"memory of 4 TiB", build(1, Params{0xffffffff, 3, 4}, 16, 93), ErrUnsupported},
		{"memory below 8 KiB per thread", build(1, Params{64, 1, 16}, 16, 93), ErrUnsupported},
		{"zero memory", build(1, Params{0, 1, 1}, 16, 93), ErrUnsupported},
		{"eleven passes", build(1, Params{64, 11, 1}, 16, 93), ErrUnsupported},
		{"four billion passes", build(1, Params{64, 0xffffffff, 1}, 16, 93), ErrUnsupported},
		{"zero passes", build(1, Params{64, 0, 1}, 16, 93), ErrUnsupported},
		{"zero threads", build(1, Params{64, 1, 0}, 16, 93), ErrUnsupported},
		{"seventeen threads", build(1, Params{1024, 1, 17}, 16, 93), ErrUnsupported},
		{"255 threads", build(1, Params{1 << 20, 1, 255}, 16, 93), ErrUnsupported},
		{"format version 2", build(2, ok, 16, 93), ErrUnsupported},
		{"format version 0", build(0, ok, 16, 93), ErrUnsupported},
		{"salt of 15 bytes", build(1, ok, 15, 93), ErrDamaged},
		{"salt of 255 bytes", build(1, ok, 255, 93), ErrDamaged},
		{"empty ciphertext", build(1, ok, 16, 0), ErrDamaged},
		{"ciphertext of only a tag", build(1, ok, 16, 16), ErrDamaged},
		{"identity of 257 bytes", build(1, ok, 16, 257+16), ErrDamaged},
		{"a one-megabyte slot", build(1, ok, 16, 1<<20), ErrDamaged},
		{"a slot of only the magic", []byte(magic), ErrDamaged},
		{"an empty slot", nil, ErrDamaged},
		{"an age file", []byte("age-encryption.org/v1\n-> X25519 abc\n"), ErrDamaged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, err := ParseHeader(tt.slot)
			_, openErr := open(tt.slot, "any passphrase", func([]byte, []byte, Params) []byte {
				t.Fatalf("KDF ran for a slot that should be refused")
				return nil
			})
			elapsed := time.Since(start)
			if !errors.Is(err, tt.want) || !errors.Is(openErr, tt.want) {
				t.Fatalf("got ParseHeader %v, Open %v, want %v", err, openErr, tt.want)
			}
			if elapsed > 10*time.Millisecond {
				t.Fatalf("refusal took %v, want under 10ms", elapsed)
			}
		})
	}
}

func TestParsedHeaderMatchesTheDocumentedLayout(t *testing.T) {
	p := Params{MemoryKiB: 72, Time: 2, Threads: 3}
	slot, err := Seal(syntheticIdentity, "layout check passphrase", p, &counting{})
	if err != nil {
		t.Fatal(err)
	}
	h, err := ParseHeader(slot)
	if err != nil {
		t.Fatal(err)
	}
	if h.Version != 1 || h.Params != p {
		t.Fatalf("got version %d params %+v, want 1 %+v", h.Version, h.Params, p)
	}
	if h.Len != 23+16+24 || len(slot) != h.Len+len(syntheticIdentity)+16 {
		t.Fatalf("got header %d slot %d bytes, want 63 and %d", h.Len, len(slot), 63+len(syntheticIdentity)+16)
	}
	for i, b := range append(bytes.Clone(h.Salt), h.Nonce...) {
		if b != byte(i) {
			t.Fatalf("salt/nonce byte %d: got %d, want %d (drawn in order from rand)", i, b, i)
		}
	}
}

// The format must stay readable forever: a slot written by format version 1
// is committed and must keep opening, and Seal must still produce it.
func TestGoldenSlotVersion1(t *testing.T) {
	const pass = "golden slot ｐａｓｓ 心晴"
	path := filepath.Join("testdata", "v1.slot")
	p := Params{MemoryKiB: 256, Time: 2, Threads: 2}
	fresh, err := Seal(syntheticIdentity, pass, p, &counting{next: 7})
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(path, fresh, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	golden, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run with -update to create): %v", err)
	}
	if !bytes.Equal(fresh, golden) {
		t.Fatalf("Seal output changed: got %x, want %x", fresh, golden)
	}
	got, err := Open(golden, "golden slot pass 心晴")
	if err != nil || got != syntheticIdentity {
		t.Fatalf("golden slot: got error %v, want the identity", err)
	}
}

func TestSealRefusesWhatOpenWouldRefuse(t *testing.T) {
	tests := []struct {
		name     string
		identity string
		pass     string
		p        Params
	}{
		{"memory above the cap", syntheticIdentity, "passphrase", Params{1<<20 + 1024, 1, 1}},
		{"zero threads", syntheticIdentity, "passphrase", Params{64, 1, 0}},
		{"an empty identity", "", "passphrase", tiny},
		{"an identity of 257 bytes", strings.Repeat("A", 257), "passphrase", tiny},
		{"an empty passphrase", syntheticIdentity, "", tiny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if slot, err := Seal(tt.identity, tt.pass, tt.p, rand.Reader); err == nil {
				t.Fatalf("got a %d-byte slot, want an error", len(slot))
			}
		})
	}
}

func TestSealReportsAFailingRandomSource(t *testing.T) {
	_, err := Seal(syntheticIdentity, "passphrase", tiny, bytes.NewReader(make([]byte, 5)))
	if err == nil {
		t.Fatal("got no error from a 5-byte random source")
	}
}

func TestFloor(t *testing.T) {
	tests := []struct {
		name string
		p    Params
		want bool
	}{
		{"the default meets the floor", DefaultParams(), true},
		{"the floor meets itself", FloorParams(), true},
		{"1 GiB and ten passes meets the floor", Params{1 << 20, 10, 4}, true},
		{"32 MiB is below the floor", Params{32 << 10, 3, 4}, false},
		{"two passes are below the floor", Params{64 << 10, 2, 4}, false},
		{"the test parameters are below the floor", tiny, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.MeetsFloor(); got != tt.want {
				t.Fatalf("MeetsFloor(%+v): got %v, want %v", tt.p, got, tt.want)
			}
		})
	}
	if d := DefaultParams(); d.MemoryKiB != 256<<10 || d.Time != 3 || d.Threads != 4 {
		t.Fatalf("DefaultParams: got %+v, want 256 MiB, t=3, p=4", d)
	}
	if f := FloorParams(); f.MemoryKiB != 64<<10 || f.Time != 3 {
		t.Fatalf("FloorParams: got %+v, want 64 MiB, t=3", f)
	}
}

// linearPC models a PC on which the floor takes floorTime and the cost is
// linear in memory × passes.
func linearPC(floorTime time.Duration) func(Params) time.Duration {
	f := FloorParams()
	return func(p Params) time.Duration {
		ratio := float64(p.MemoryKiB) * float64(p.Time) / (float64(f.MemoryKiB) * float64(f.Time))
		return time.Duration(float64(floorTime) * ratio)
	}
}

func TestCalibrateScaling(t *testing.T) {
	tests := []struct {
		name      string
		floorTime time.Duration
		want      Params
	}{
		{"a PC where the floor takes 250ms gets 256 MiB", 250 * time.Millisecond, Params{256 << 10, 3, 4}},
		{"a PC where the floor takes 500ms gets 128 MiB", 500 * time.Millisecond, Params{128 << 10, 3, 4}},
		{"a slow PC where the floor takes 2s keeps the floor", 2 * time.Second, FloorParams()},
		{"a fast PC reaches 1 GiB and adds passes", 40 * time.Millisecond, Params{1 << 20, 4, 4}},
		{"a very fast PC stops at ten passes", time.Millisecond, Params{1 << 20, 10, 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := calibrate(context.Background(), time.Second, linearPC(tt.floorTime))
			if got != tt.want {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
			if !got.MeetsFloor() || got.check() != nil {
				t.Fatalf("got %+v outside the floor or the caps", got)
			}
		})
	}
}

func TestCalibrateStepsBackWhenExtrapolationOvershoots(t *testing.T) {
	// Memory above 128 MiB suddenly costs 4× (the PC starts swapping).
	measure := func(p Params) time.Duration {
		d := linearPC(100 * time.Millisecond)(p)
		if p.MemoryKiB > 128<<10 {
			d *= 4
		}
		return d
	}
	got, _ := calibrate(context.Background(), time.Second, measure)
	if d := measure(got); d > 1500*time.Millisecond {
		t.Fatalf("got %+v taking %v, want at most 1.5s", got, d)
	}
	if !got.MeetsFloor() {
		t.Fatalf("got %+v below the floor", got)
	}
}

func TestCalibrateOnThisPCNeverGoesBelowTheFloor(t *testing.T) {
	// A target far below the floor's cost must return the floor itself.
	if got := Calibrate(time.Millisecond); got != FloorParams() {
		t.Fatalf("got %+v, want the floor %+v", got, FloorParams())
	}
}

func TestCalibrateStopsBetweenRunsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	runs := 0
	measure := func(p Params) time.Duration {
		runs++
		cancel() // the user cancels during the first run
		return linearPC(250 * time.Millisecond)(p)
	}
	if _, err := calibrate(ctx, time.Second, measure); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if runs != 1 {
		t.Fatalf("got %d KDF runs, want the calibration to stop after the running one", runs)
	}
}

// A5's random part: 10,000 seeded random corruptions of one to eight bytes
// anywhere in the slot never open it.
func TestRandomCorruptionsFail(t *testing.T) {
	const pass = "random corruption passphrase"
	slot := seal(t, pass, tiny)
	rng := mathrand.New(mathrand.NewPCG(2026, 11))
	for i := range 10_000 {
		bad := bytes.Clone(slot)
		for range 1 + rng.IntN(8) {
			pos := rng.IntN(len(bad))
			bad[pos] ^= byte(1 + rng.IntN(255))
		}
		if bytes.Equal(bad, slot) {
			continue // two corruptions cancelled out
		}
		if got, err := open(bad, pass, boundedKDF()); err == nil || got != "" {
			t.Fatalf("corruption %d: got no error, want one", i)
		}
	}
}
