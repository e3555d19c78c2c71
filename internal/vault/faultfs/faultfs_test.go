package faultfs_test

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"math/bits"
	"strings"
	"testing"

	"xinqing/internal/vault"
	"xinqing/internal/vault/faultfs"
)

func write(t *testing.T, f *faultfs.FS, name string, data []byte, sync bool) {
	t.Helper()
	h, err := f.CreateExcl(name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Write(data); err != nil {
		t.Fatal(err)
	}
	if sync {
		if err := h.Sync(); err != nil {
			t.Fatal(err)
		}
	}
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestFailAtCountsEveryOperation(t *testing.T) {
	f := faultfs.New()
	f.MkdirAll("/d")
	f.FailAt(3, faultfs.ENOSPC, false)
	h, err := f.CreateExcl("/d/a") // 1
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Write([]byte("x")); err != nil { // 2
		t.Fatal(err)
	}
	if _, err := h.Write([]byte("y")); !errors.Is(err, faultfs.ENOSPC) { // 3
		t.Errorf("got %v at operation 3, want ENOSPC", err)
	}
	if err := h.Sync(); err != nil { // 4: not sticky
		t.Errorf("got %v at operation 4, want success", err)
	}
	f.FailAt(1, faultfs.EIO, true)
	if _, err := f.ReadFile("/d/a"); !errors.Is(err, faultfs.EIO) {
		t.Errorf("got %v, want EIO", err)
	}
	if _, err := f.Stat("/d/a"); !errors.Is(err, faultfs.EIO) {
		t.Errorf("got %v after a sticky failure, want EIO again", err)
	}
	if !errors.Is(faultfs.SharingViolation, vault.ErrSharingViolation) {
		t.Error("got a sharing violation the vault would not retry")
	}
}

func TestCreateExclAndLock(t *testing.T) {
	f := faultfs.New()
	f.MkdirAll("/d")
	write(t, f, "/d/a", []byte("1"), true)
	if _, err := f.CreateExcl("/d/a"); !errors.Is(err, fs.ErrExist) {
		t.Errorf("got %v, want ErrExist", err)
	}
	if _, err := f.CreateExcl("/nodir/a"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("got %v, want ErrNotExist", err)
	}
	l, err := f.Lock("/d/LOCK")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Lock("/d/LOCK"); !errors.Is(err, vault.ErrInUse) {
		t.Errorf("got %v, want ErrInUse", err)
	}
	l.Close()
	if l, err = f.Lock("/d/LOCK"); err != nil {
		t.Errorf("got %v after release, want the lock", err)
	}
	f.PowerCut()
	f.Restart(1)
	if _, err := f.Lock("/d/LOCK"); err != nil {
		t.Errorf("got %v after a power cut, want the lock free", err)
	}
}

func TestPowerCutKeepsWhatWasSynced(t *testing.T) {
	for seed := uint64(0); seed < 200; seed++ {
		f := faultfs.New()
		f.MkdirAll("/d")
		old := bytes.Repeat([]byte("o"), 2000)
		write(t, f, "/d/synced", old, true)
		f.SyncDir("/d")
		write(t, f, "/d/unsynced", bytes.Repeat([]byte("n"), 2000), false)
		if err := f.Rename("/d/synced", "/d/renamed"); err != nil {
			t.Fatal(err)
		}
		f.PowerCut()
		if _, err := f.ReadFile("/d/renamed"); !errors.Is(err, faultfs.ErrPowerCut) {
			t.Fatalf("got %v with the power off, want ErrPowerCut", err)
		}
		f.Restart(seed)
		a, errA := f.ReadFile("/d/synced")
		b, errB := f.ReadFile("/d/renamed")
		switch {
		case errA == nil && errB == nil:
			t.Fatalf("seed %d: got the file under both names", seed)
		case errA == nil && !bytes.Equal(a, old), errB == nil && !bytes.Equal(b, old):
			t.Fatalf("seed %d: got synced data changed", seed)
		case errA != nil && errB != nil:
			t.Fatalf("seed %d: got the synced file lost", seed)
		}
	}
}

func TestPowerCutOutcomesVaryBySeedAndRepeatExactly(t *testing.T) {
	outcome := func(seed uint64) string {
		f := faultfs.New()
		f.MkdirAll("/d")
		write(t, f, "/d/a", bytes.Repeat([]byte("x"), 4096), false)
		f.PowerCut()
		f.Restart(seed)
		b, err := f.ReadFile("/d/a")
		if err != nil {
			return "missing"
		}
		return string(b)
	}
	seen := map[string]bool{}
	for seed := uint64(0); seed < 50; seed++ {
		o := outcome(seed)
		if o != outcome(seed) {
			t.Fatalf("seed %d: got two different outcomes", seed)
		}
		seen[o] = true
	}
	if len(seen) < 5 {
		t.Errorf("got %d distinct outcomes over 50 seeds, want torn files of many kinds", len(seen))
	}
	if !seen["missing"] {
		t.Error("got the unsynced create always surviving, want it lost sometimes")
	}
}

func TestSyncDirMakesEarlierChangesDurable(t *testing.T) {
	f := faultfs.New()
	f.MkdirAll("/d")
	write(t, f, "/d/a.partial", []byte("data"), true)
	f.Rename("/d/a.partial", "/d/a")
	f.SyncDir("/d")
	for seed := uint64(0); seed < 20; seed++ {
		g := f.Clone()
		g.PowerCut()
		g.Restart(seed)
		if b, err := g.ReadFile("/d/a"); err != nil || string(b) != "data" {
			t.Fatalf("seed %d: got %q (%v), want the synced rename kept", seed, b, err)
		}
		if _, err := g.ReadFile("/d/a.partial"); err == nil {
			t.Fatalf("seed %d: got the old name back", seed)
		}
	}
}

// readAll reads a whole file through OpenReader in pieces of the given size.
func readAll(t *testing.T, f *faultfs.FS, name string, piece int) []byte {
	t.Helper()
	r, err := f.OpenReader(name)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var out []byte
	buf := make([]byte, piece)
	for off := int64(0); ; off += int64(piece) {
		m, err := r.ReadAt(buf, off)
		out = append(out, buf[:m]...)
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("read at %d: %v", off, err)
		}
	}
}

func TestOpenReaderReadsWhatReadFileReads(t *testing.T) {
	long := bytes.Repeat([]byte("0123456789abcdef"), 300)
	for _, c := range []struct {
		name   string
		data   []byte
		synced bool
		piece  int
	}{
		{"an empty file reads as empty", nil, true, 64},
		{"a one-byte file reads whole", []byte("x"), true, 64},
		{"a synced file reads whole in odd pieces", long, true, 511},
		{"an unsynced file reads as written", long, false, 4096},
		{"a file smaller than the piece reads whole", long[:100], false, 1 << 16},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := faultfs.New()
			f.MkdirAll("/d")
			write(t, f, "/d/a", c.data, c.synced)
			want, err := f.ReadFile("/d/a")
			if err != nil {
				t.Fatal(err)
			}
			if got := readAll(t, f, "/d/a", c.piece); !bytes.Equal(got, want) {
				t.Errorf("got %d bytes differing from ReadFile's %d", len(got), len(want))
			}
		})
	}
}

func TestAReaderSeesWritesAndFollowsARename(t *testing.T) {
	f := faultfs.New()
	f.MkdirAll("/d")
	h, err := f.CreateExcl("/d/a.partial")
	if err != nil {
		t.Fatal(err)
	}
	h.Write([]byte("first"))
	r, err := f.OpenReader("/d/a.partial")
	if err != nil {
		t.Fatal(err)
	}
	h.Write([]byte(" second"))
	if err := f.Rename("/d/a.partial", "/d/a"); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	m, err := r.ReadAt(buf, 0)
	if string(buf[:m]) != "first second" || err != io.EOF {
		t.Errorf("got %q (%v), want %q and EOF", buf[:m], err, "first second")
	}
	if _, err := f.OpenReader("/d/a.partial"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("got %v opening the old name, want ErrNotExist", err)
	}
	if _, err := f.OpenReader("/d"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("got %v opening a folder, want ErrNotExist as ReadFile", err)
	}
}

func TestOpenReaderAndReadAtAreCountedAndFail(t *testing.T) {
	f := faultfs.New()
	f.MkdirAll("/d")
	data := bytes.Repeat([]byte("r"), 1000)
	write(t, f, "/d/a", data, true)

	for _, e := range []error{faultfs.EIO, faultfs.SharingViolation} {
		f.FailAt(1, e, false)
		if _, err := f.OpenReader("/d/a"); !errors.Is(err, e) {
			t.Errorf("got %v opening at the failing operation, want %v", err, e)
		}
		if _, err := f.ReadFile("/d/a"); err != nil {
			t.Errorf("got %v at the next operation, want success (not sticky)", err)
		}
	}
	if !errors.Is(faultfs.SharingViolation, vault.ErrSharingViolation) {
		t.Error("got a sharing violation at the open the vault would not retry")
	}

	f.FailAt(3, faultfs.EIO, false)
	r, err := f.OpenReader("/d/a") // 1
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 100)
	if m, err := r.ReadAt(buf, 0); m != 100 || err != nil { // 2
		t.Errorf("got %d (%v) at operation 2, want a full read", m, err)
	}
	clear(buf)
	m, err := r.ReadAt(buf, 200) // 3
	if !errors.Is(err, faultfs.EIO) {
		t.Errorf("got %v at operation 3, want EIO", err)
	}
	if m >= len(buf) || !bytes.Equal(buf[:m], data[200:200+m]) {
		t.Errorf("got %d bytes from a failed read, want fewer than asked and those right", m)
	}
	if m, err := r.ReadAt(buf, 900); m != 100 || err != nil { // 4: not sticky
		t.Errorf("got %d (%v) at operation 4, want a full read", m, err)
	}
	if err := r.Close(); err != nil {
		t.Errorf("got %v closing, want nil", err)
	}
	if got, want := f.Log(), []string{"OpenReader /d/a", "ReadAt /d/a", "ReadAt /d/a", "ReadAt /d/a"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("got operations %q, want %q (Close not counted)", got, want)
	}

	// Restricted to reads, the count skips the open.
	f.FailAt(2, faultfs.EIO, true, "ReadAt")
	r, err = f.OpenReader("/d/a")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for i, want := range []error{nil, faultfs.EIO, faultfs.EIO} {
		if _, err := r.ReadAt(buf, 0); !errors.Is(err, want) || want == nil && err != nil {
			t.Errorf("read %d: got %v, want %v", i+1, err, want)
		}
	}
}

func TestReadAtAtTheEnd(t *testing.T) {
	f := faultfs.New()
	f.MkdirAll("/d")
	data := []byte("0123456789")
	write(t, f, "/d/a", data, true)
	r, err := f.OpenReader("/d/a")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		off     int64
		size    int
		want    string
		wantErr error
	}{
		{"a read ending at the end is whole and without EOF", 6, 4, "6789", nil},
		{"a read past the end is short with EOF", 6, 8, "6789", io.EOF},
		{"a read at the end gets EOF", 10, 4, "", io.EOF},
		{"a read beyond the end gets EOF", 99, 4, "", io.EOF},
		{"an empty read at the end gets nothing and no error", 10, 0, "", nil},
		{"a read at a negative offset is invalid", -1, 4, "", fs.ErrInvalid},
	} {
		buf := make([]byte, c.size)
		m, err := r.ReadAt(buf, c.off)
		if string(buf[:m]) != c.want || !errors.Is(err, c.wantErr) || c.wantErr == nil && err != nil {
			t.Errorf("%s: got %q (%v), want %q (%v)", c.name, buf[:m], err, c.want, c.wantErr)
		}
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.ReadAt(make([]byte, 1), 0); !errors.Is(err, fs.ErrClosed) {
		t.Errorf("got %v reading a closed reader, want ErrClosed", err)
	}
	if err := r.Close(); !errors.Is(err, fs.ErrClosed) {
		t.Errorf("got %v closing twice, want ErrClosed", err)
	}
}

func TestAReaderAcrossAPowerCut(t *testing.T) {
	torn := 0
	for seed := uint64(0); seed < 40; seed++ {
		f := faultfs.New()
		f.MkdirAll("/d")
		old := bytes.Repeat([]byte("o"), 3*faultfs.SectorSize)
		write(t, f, "/d/synced", old, true)
		f.SyncDir("/d")
		h, err := f.CreateExcl("/d/unsynced")
		if err != nil {
			t.Fatal(err)
		}
		fresh := bytes.Repeat([]byte("n"), 3*faultfs.SectorSize)
		h.Write(fresh)
		rs, err := f.OpenReader("/d/synced")
		if err != nil {
			t.Fatal(err)
		}
		ru, err := f.OpenReader("/d/unsynced")
		if err != nil {
			t.Fatal(err)
		}
		f.PowerCut()
		if _, err := rs.ReadAt(make([]byte, 10), 0); !errors.Is(err, faultfs.ErrPowerCut) {
			t.Fatalf("seed %d: got %v reading with the power off, want ErrPowerCut", seed, err)
		}
		if _, err := f.OpenReader("/d/synced"); !errors.Is(err, faultfs.ErrPowerCut) {
			t.Fatalf("seed %d: got %v opening with the power off, want ErrPowerCut", seed, err)
		}
		f.Restart(seed)
		if got := readAll(t, f, "/d/synced", 700); !bytes.Equal(got, old) {
			t.Fatalf("seed %d: got the synced file changed after the cut", seed)
		}
		buf := make([]byte, len(old)+1)
		if m, err := rs.ReadAt(buf, 0); !bytes.Equal(buf[:m], old) || err != io.EOF {
			t.Fatalf("seed %d: got %d bytes (%v) through the reader opened before the cut, want the synced file", seed, m, err)
		}
		after, err := f.ReadFile("/d/unsynced")
		if err != nil {
			continue // the create was lost
		}
		if got := readAll(t, f, "/d/unsynced", 700); !bytes.Equal(got, after) {
			t.Fatalf("seed %d: got a reader differing from ReadFile after the cut", seed)
		}
		buf = make([]byte, 4*faultfs.SectorSize)
		m, _ := ru.ReadAt(buf, 0)
		if !bytes.Equal(buf[:m], after) {
			t.Fatalf("seed %d: got the reader opened before the cut differing from ReadFile after it", seed)
		}
		if !bytes.Equal(after, fresh) {
			torn++
		}
	}
	if torn == 0 {
		t.Error("got every unsynced file intact after 40 cuts, want some torn and read so")
	}
}

func TestCorruptFlipsOneBitOfAReadAndNothingElse(t *testing.T) {
	f := faultfs.New()
	f.MkdirAll("/d")
	data := bytes.Repeat([]byte("c"), 100)
	write(t, f, "/d/a", data, true)
	f.FailAt(1, faultfs.Corrupt, true)
	if _, err := f.Stat("/d/a"); err != nil {
		t.Errorf("got %v from Stat, want Corrupt to leave it alone", err)
	}
	b, err := f.ReadFile("/d/a")
	if err != nil || flipped(b, data) != 1 {
		t.Errorf("got %d bits flipped (%v) by ReadFile, want 1 and no error", flipped(b, data), err)
	}
	r, err := f.OpenReader("/d/a")
	if err != nil {
		t.Fatalf("got %v opening, want Corrupt to leave it alone", err)
	}
	defer r.Close()
	buf := make([]byte, 40)
	m, err := r.ReadAt(buf, 30)
	if err != nil || m != 40 || flipped(buf, data[30:70]) != 1 {
		t.Errorf("got %d bits flipped in %d bytes (%v) by ReadAt, want 1 in 40 and no error", flipped(buf, data[30:70]), m, err)
	}
	f.Reset()
	if b, err := f.ReadFile("/d/a"); err != nil || !bytes.Equal(b, data) {
		t.Errorf("got the file itself changed (%v), want only the reads corrupted", err)
	}
}

// flipped counts the bits that differ between two slices of one length.
func flipped(a, b []byte) int {
	n := 0
	for i := range a {
		n += bits.OnesCount8(a[i] ^ b[i])
	}
	return n
}
