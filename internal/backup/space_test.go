package backup

import (
	"context"
	"errors"
	"testing"

	"xinqing/internal/vault/faultfs"
)

func TestSpaceAndSizeChecks(t *testing.T) {
	fat := func(free uint64) func(string) (Space, error) {
		return func(string) (Space, error) { return Space{Free: free, FAT: true}, nil }
	}
	exfat := func(string) (Space, error) { return Space{Free: 1 << 40}, nil }
	unknown := func(string) (Space, error) { return Space{}, errors.New("no statfs") }
	for _, c := range []struct {
		name   string
		space  func(string) (Space, error)
		sealed int
		want   error
	}{
		{"a 5 GiB image on FAT32 is too large", fat(1 << 40), 5 << 30, ErrTooLarge},
		{"a 5 GiB image on exFAT fits", exfat, 5 << 30, nil},
		{"4 GiB − 1 fits FAT32", fat(1 << 40), fat32Max, nil},
		{"a full drive is refused", fat(1 << 20), 2 << 20, ErrNoSpace},
		{"the slot and manifests need room too", fat(2<<20 + 100), 2 << 20, ErrNoSpace},
		{"unknown space lets the write itself decide", unknown, 5 << 30, nil},
	} {
		err := checkSpace(Options{Space: c.space}, "/stick", c.sealed, 200)
		if !errors.Is(err, c.want) || (c.want == nil) != (err == nil) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
	}
}

func TestInspectRefusesFilesOverTheSizeCapBeforeReadingThem(t *testing.T) {
	fsys := faultfs.New()
	dir := "/stick/" + RootName + "/0123456789abcdef"
	base := "20261128T1530-g000001"
	fsys.MkdirAll(dir)
	fsys.WriteFile(dir+"/"+base+".age", make([]byte, 4096))
	fsys.WriteFile(dir+"/"+base+".slot", []byte("slot"))
	fsys.WriteFile(dir+"/"+base+".sha256", Manifest{AgeName: base + ".age", SlotName: base + ".slot", Gen: 1, FP: "00000000"}.Encode())
	fsys.Reset()
	_, err := Inspect(context.Background(), dir+"/"+base+".age", Options{FS: fsys, MaxSize: 1024})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("got %v, want ErrTooLarge", err)
	}
	for _, op := range fsys.Log() {
		if op == "ReadFile "+dir+"/"+base+".age" {
			t.Errorf("got the oversized image read (%v)", fsys.Log())
		}
	}
	if _, err := Inspect(context.Background(), dir+"/"+base+".age", Options{FS: fsys}); !errors.Is(err, ErrDamaged) {
		t.Errorf("under the default cap: got %v, want damage (the manifest's hashes do not match)", err)
	}
	if _, err := Inspect(context.Background(), dir+"/notes.txt", Options{FS: fsys}); err == nil {
		t.Error("got a candidate from a file that is no backup")
	}
}
