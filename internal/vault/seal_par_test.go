package vault

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"filippo.io/age"
	"golang.org/x/crypto/chacha20poly1305"

	"xinqing/internal/vault/keyslot"
)

// plaintext is size bytes of seeded filler.
func plaintext(seed uint64, size int) []byte {
	b := make([]byte, size)
	r := rand.New(rand.NewPCG(seed, uint64(size)))
	for i := 0; i+8 <= size; i += 8 {
		v := r.Uint64()
		for j := range 8 {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	for i := size &^ 7; i < size; i++ {
		b[i] = byte(r.Uint32())
	}
	return b
}

// openStream decrypts a whole age file with the stock streaming reader.
func openStream(sealed []byte, id age.Identity) ([]byte, error) {
	r, err := age.Decrypt(bytes.NewReader(sealed), id)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

// openAt decrypts a whole age file with the stock ReaderAt, which checks
// the size through the final chunk first.
func openAt(sealed []byte, id age.Identity) ([]byte, error) {
	ra, size, err := age.DecryptReaderAt(bytes.NewReader(sealed), int64(len(sealed)), id)
	if err != nil {
		return nil, err
	}
	out := make([]byte, size)
	n, err := ra.ReadAt(out, 0)
	if err == io.EOF && int64(n) == size {
		err = nil
	}
	if err == nil && int64(n) != size {
		err = io.ErrUnexpectedEOF
	}
	return out[:n], err
}

func TestSealParallelDecryptsWithStockAgeToTheInput(t *testing.T) {
	vi, err := age.GenerateHybridIdentity()
	if err != nil {
		t.Fatal(err)
	}
	sizes := []int{0, 1, 64<<10 - 1, 64 << 10, 64<<10 + 1, 2 * 64 << 10, 1<<20 - 1, 1 << 20, 1<<20 + 1, 5<<20 + 17}
	rng := rand.New(rand.NewPCG(7, 7))
	for range 4 {
		sizes = append(sizes, rng.IntN(3<<20))
	}
	for _, size := range sizes {
		for _, workers := range []int{1, 2, 3} {
			want := plaintext(uint64(size), size)
			var buf bytes.Buffer
			if err := sealParallel(&buf, vi.Recipient(), want, workers); err != nil {
				t.Fatalf("size %d, %d workers: %v", size, workers, err)
			}
			sealed := buf.Bytes()
			if got, err := openStream(sealed, vi); err != nil || !bytes.Equal(got, want) {
				t.Fatalf("size %d, %d workers: age.Decrypt got %d bytes (%v), want the %d bytes sealed", size, workers, len(got), err, size)
			}
			if got, err := openAt(sealed, vi); err != nil || !bytes.Equal(got, want) {
				t.Fatalf("size %d, %d workers: age.DecryptReaderAt got %d bytes (%v), want the %d bytes sealed", size, workers, len(got), err, size)
			}
			// The stock writer's layout exactly: nothing appended, no
			// chunk split differently.
			var stock bytes.Buffer
			if err := sealStock(&stock, vi.Recipient(), want); err != nil {
				t.Fatal(err)
			}
			if len(sealed) != stock.Len() {
				t.Fatalf("size %d, %d workers: got a %d-byte file, want %d like age.Encrypt", size, workers, len(sealed), stock.Len())
			}
		}
	}
}

func TestSealParallelWorksWithEveryKindOfRecipient(t *testing.T) {
	x, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	sr, err := age.NewScryptRecipient("synthetic passphrase")
	if err != nil {
		t.Fatal(err)
	}
	sr.SetWorkFactor(10)
	si, err := age.NewScryptIdentity("synthetic passphrase")
	if err != nil {
		t.Fatal(err)
	}
	want := plaintext(3, 1<<20+5)
	for _, c := range []struct {
		name string
		r    age.Recipient
		id   age.Identity
	}{{"an X25519 key", x.Recipient(), x}, {"a passphrase (scrypt)", sr, si}} {
		var buf bytes.Buffer
		if err := sealParallel(&buf, c.r, want, 2); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got, err := openStream(buf.Bytes(), c.id); err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: got %d bytes (%v), want the %d bytes sealed", c.name, len(got), err, len(want))
		}
	}
}

func TestKeyCatcherKeepsAgesLabelRules(t *testing.T) {
	vi, err := age.GenerateHybridIdentity()
	if err != nil {
		t.Fatal(err)
	}
	x, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	// age refuses to mix a post-quantum recipient with a classic one; so
	// must the wrapped recipient.
	if _, err := age.Encrypt(io.Discard, vi.Recipient(), x.Recipient()); err == nil {
		t.Fatal("got nil from age for mixed recipients, want an error (the test premise)")
	}
	if _, err := age.Encrypt(io.Discard, &keyCatcher{r: vi.Recipient()}, x.Recipient()); err == nil {
		t.Error("got nil for a wrapped hybrid recipient mixed with X25519, want age's label error")
	}
	c := &keyCatcher{r: vi.Recipient()}
	if _, err := age.Encrypt(io.Discard, c); err != nil || len(c.key) != fileKeyLen {
		t.Errorf("got a %d-byte key (%v), want the %d-byte file key", len(c.key), err, fileKeyLen)
	}
}

// sealFn seals plain as chunk i of the file being assembled.
type sealFn func(i int, plain []byte, last bool) []byte

// assemble seals data chunk by chunk as sealParallel does, letting mutate
// change the chunk list (flags, order, omissions) to model a broken sealer.
func assemble(t *testing.T, r age.Recipient, data []byte, mutate func(chunks [][]byte, seal sealFn) [][]byte) []byte {
	t.Helper()
	hdr, key, err := sealHeader(r)
	if err != nil {
		t.Fatal(err)
	}
	aead, err := chacha20poly1305.New(key)
	if err != nil {
		t.Fatal(err)
	}
	seal := func(i int, plain []byte, last bool) []byte { return sealChunk(aead, nil, plain, uint64(i), last) }
	n := chunkCount(len(data))
	var chunks [][]byte
	for i := range n {
		lo := i * chunkSize
		chunks = append(chunks, seal(i, data[lo:min(lo+chunkSize, len(data))], i == n-1))
	}
	if mutate != nil {
		chunks = mutate(chunks, seal)
	}
	return bytes.Join(append([][]byte{hdr}, chunks...), nil)
}

func TestStockAgeRejectsWhatABrokenSealerWouldWrite(t *testing.T) {
	vi, err := age.GenerateHybridIdentity()
	if err != nil {
		t.Fatal(err)
	}
	short := plaintext(9, 4*chunkSize+100) // five chunks, the last short
	even := plaintext(10, 3*chunkSize)     // three full chunks
	chunk := func(data []byte, i int) []byte { return data[i*chunkSize : min((i+1)*chunkSize, len(data))] }
	for _, data := range [][]byte{short, even} {
		if got, err := openStream(assemble(t, vi.Recipient(), data, nil), vi); err != nil || !bytes.Equal(got, data) {
			t.Fatalf("the correct assembly of %d bytes: got %d bytes (%v), want the bytes sealed", len(data), len(got), err)
		}
	}
	cases := []struct {
		name   string
		data   []byte
		mutate func(c [][]byte, seal sealFn) [][]byte
	}{
		{"the last chunk without its flag", short, func(c [][]byte, seal sealFn) [][]byte {
			c[4] = seal(4, chunk(short, 4), false)
			return c
		}},
		{"a middle chunk with the last flag", short, func(c [][]byte, seal sealFn) [][]byte {
			c[2] = seal(2, chunk(short, 2), true)
			return c
		}},
		{"a dropped middle chunk", short, func(c [][]byte, _ sealFn) [][]byte { return append(c[:2:2], c[3:]...) }},
		{"a dropped last chunk", short, func(c [][]byte, _ sealFn) [][]byte { return c[:4] }},
		{"two chunks swapped", short, func(c [][]byte, _ sealFn) [][]byte {
			c[1], c[2] = c[2], c[1]
			return c
		}},
		{"a chunk numbered wrong", short, func(c [][]byte, seal sealFn) [][]byte {
			c[1] = seal(2, chunk(short, 1), false)
			return c
		}},
		{"an empty last chunk after a full one", even, func(c [][]byte, seal sealFn) [][]byte {
			c[2] = seal(2, chunk(even, 2), false)
			return append(c, seal(3, nil, true))
		}},
	}
	for _, c := range cases {
		sealed := assemble(t, vi.Recipient(), c.data, c.mutate)
		if _, err := openStream(sealed, vi); err == nil {
			t.Errorf("%s: age.Decrypt got nil, want an error", c.name)
		}
		if _, err := openAt(sealed, vi); err == nil {
			t.Errorf("%s: age.DecryptReaderAt got nil, want an error", c.name)
		}
		if err := verifySealed(sealed, c.data, vi); !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: verifySealed got %v, want ErrDamaged", c.name, err)
		}
	}
}

func TestAgeCommandDecryptsAParallelSealedFile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the age command")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not available")
	}
	dir := t.TempDir()
	ageBin := filepath.Join(dir, "age")
	// The age command of the version in go.mod.
	if out, err := exec.Command(goBin, "build", "-o", ageBin, "filippo.io/age/cmd/age").CombinedOutput(); err != nil {
		t.Fatalf("build age: %v\n%s", err, out)
	}
	vi, err := age.GenerateHybridIdentity()
	if err != nil {
		t.Fatal(err)
	}
	idFile := filepath.Join(dir, "identity.txt")
	if err := os.WriteFile(idFile, []byte(vi.String()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	decrypt := func(in string) ([]byte, error) {
		out := in + ".out"
		os.Remove(out)
		if msg, err := exec.Command(ageBin, "-d", "-i", idFile, "-o", out, in).CombinedOutput(); err != nil {
			return nil, fmt.Errorf("age -d: %w: %s", err, msg)
		}
		return os.ReadFile(out)
	}
	// A generation saved through the real file system: the parallel
	// sealer with early write-back, read back through the open file.
	v, identity, err := Create(context.Background(), filepath.Join(dir, "vault"), "synthetic passphrase",
		Options{KDF: keyslot.Params{MemoryKiB: 8, Time: 1, Threads: 1}, AllowWeakKDF: true})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	img := plaintext(12, 2<<20+12345)
	if _, err := v.Save(t.Context(), func(uint64) ([]byte, error) { return img, nil }); err != nil {
		t.Fatal(err)
	}
	_, genFile, err := v.LatestGeneration()
	if err != nil {
		t.Fatal(err)
	}
	vidFile := filepath.Join(dir, "vault-identity.txt")
	if err := os.WriteFile(vidFile, []byte(identity+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if msg, err := exec.Command(ageBin, "-d", "-i", vidFile, "-o", filepath.Join(dir, "gen.out"), genFile).CombinedOutput(); err != nil {
		t.Fatalf("age -d of a saved generation: %v\n%s", err, msg)
	}
	if got, err := os.ReadFile(filepath.Join(dir, "gen.out")); err != nil || !bytes.Equal(got, img) {
		t.Errorf("age -d of a saved generation got %d bytes (%v), want the %d bytes saved", len(got), err, len(img))
	}
	for _, size := range []int{0, 1<<20 + 1, 3<<20 + 64<<10} {
		want := plaintext(11, size)
		var buf bytes.Buffer
		if err := sealParallel(&buf, vi.Recipient(), want, 2); err != nil {
			t.Fatal(err)
		}
		in := filepath.Join(dir, fmt.Sprintf("%d.age", size))
		if err := os.WriteFile(in, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		if got, err := decrypt(in); err != nil || !bytes.Equal(got, want) {
			t.Errorf("size %d: age -d got %d bytes (%v), want the %d bytes sealed", size, len(got), err, size)
		}
		// And a broken copy is refused by the command too.
		bad := append([]byte(nil), buf.Bytes()...)
		bad[len(bad)-1] ^= 1
		if err := os.WriteFile(in, bad, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := decrypt(in); err == nil {
			t.Errorf("size %d: age -d got success for a flipped last byte, want failure", size)
		}
	}
}

// failingWriter fails its n-th write.
type failingWriter struct {
	n   int
	buf bytes.Buffer
}

var errWriteFailed = errors.New("synthetic write failure")

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.n--; w.n == 0 {
		return 0, errWriteFailed
	}
	return w.buf.Write(p)
}

func TestSealParallelStopsAtTheFirstFailedWrite(t *testing.T) {
	vi, err := age.GenerateHybridIdentity()
	if err != nil {
		t.Fatal(err)
	}
	data := plaintext(5, 6<<20+3) // a header and seven segments
	for k := 1; k <= 8; k++ {
		w := &failingWriter{n: k}
		if err := sealParallel(w, vi.Recipient(), data, 2); !errors.Is(err, errWriteFailed) {
			t.Errorf("write %d failing: got %v, want the write error", k, err)
		}
	}
}

func TestStartWriteBackOnARealFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "f")
	f, err := OSFS{}.CreateExcl(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data := plaintext(1, 3<<20)
	if _, err := f.Write(data); err != nil {
		t.Fatal(err)
	}
	if wb, ok := f.(WriteBackStarter); ok {
		if err := wb.StartWriteBack(0, int64(len(data))); err != nil {
			t.Errorf("got %v, want nil", err)
		}
	}
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(name); err != nil || !bytes.Equal(got, data) {
		t.Errorf("got %d bytes (%v), want the %d written", len(got), err, len(data))
	}
}

// FuzzSealParallel seals random lengths and contents on 1 to 4 workers and
// requires both stock age readers to give back exactly the input.
func FuzzSealParallel(f *testing.F) {
	f.Add([]byte("SQLite format 3\x00"), uint32(0), uint8(2))
	f.Add([]byte{}, uint32(64<<10), uint8(1))
	f.Add([]byte{0xff}, uint32(1<<20-1), uint8(3))
	vi, err := age.GenerateHybridIdentity()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, pattern []byte, extra uint32, workers uint8) {
		// Up to about 3 MiB: several segments per worker, every chunk
		// boundary reachable.
		size := len(pattern) + int(extra%(3<<20))
		want := make([]byte, size)
		copy(want, pattern)
		if len(pattern) > 0 {
			for i := len(pattern); i < size; i++ {
				want[i] = pattern[i%len(pattern)] ^ byte(i>>16)
			}
		}
		var buf bytes.Buffer
		if err := sealParallel(&buf, vi.Recipient(), want, 1+int(workers%4)); err != nil {
			t.Fatal(err)
		}
		if got, err := openStream(buf.Bytes(), vi); err != nil || !bytes.Equal(got, want) {
			t.Fatalf("age.Decrypt got %d bytes (%v), want the %d bytes sealed", len(got), err, size)
		}
		if got, err := openAt(buf.Bytes(), vi); err != nil || !bytes.Equal(got, want) {
			t.Fatalf("age.DecryptReaderAt got %d bytes (%v), want the %d bytes sealed", len(got), err, size)
		}
	})
}
