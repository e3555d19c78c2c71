package backup

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestNamesRoundTripAndOnlyCanonicalFormsParse(t *testing.T) {
	n := Name{Time: time.Date(2026, 11, 28, 15, 30, 0, 0, time.UTC), Gen: 124}
	if got := n.String(); got != "20261128T1530-g000124" {
		t.Fatalf("got %q, want 20261128T1530-g000124", got)
	}
	back, err := ParseName(n.String(), time.UTC)
	if err != nil || back != n {
		t.Fatalf("got %+v (%v), want %+v", back, err, n)
	}
	big := Name{Time: n.Time, Gen: 12345678}
	if back, err := ParseName(big.String(), time.UTC); err != nil || back.Gen != big.Gen {
		t.Errorf("got %+v (%v) for a 8-digit generation", back, err)
	}
	for _, bad := range []string{"", "20261128T1530-g00124", "20261128T1530-g0000124", "20261328T1530-g000124",
		"20261128T2530-g000124", "20261128T1530-g000000", "20261128T1530_g000124", "x20261128T1530-g000124",
		"20261128T1530-g000124.age", "20261128T1530-g99999999999999999999"} {
		if _, err := ParseName(bad, time.UTC); err == nil {
			t.Errorf("ParseName(%q) succeeded, want an error", bad)
		}
	}
}

func TestManifestsRoundTripAndRejectEveryDeviation(t *testing.T) {
	m := Manifest{Age: sum([]byte("image")), Slot: sum([]byte("slot")), AgeName: "20261128T1530-g000124.age",
		SlotName: "20261128T1530-g000124.slot", Gen: 124, FP: "0a1b2c3d"}
	enc := m.Encode()
	back, err := ParseManifest(enc, "20261128T1530-g000124")
	if err != nil || !reflect.DeepEqual(back, m) {
		t.Fatalf("got %+v (%v), want %+v", back, err, m)
	}
	if !bytes.HasSuffix(enc, []byte("\ngen=124 fp=0a1b2c3d\n")) {
		t.Errorf("got manifest %q, want it to end with the gen/fp line", enc)
	}
	for what, data := range map[string][]byte{
		"another base name":     bytes.ReplaceAll(enc, []byte("g000124"), []byte("g000125")),
		"uppercase hash":        bytes.ToUpper(enc[:64]),
		"one space":             bytes.Replace(enc, []byte("  "), []byte(" "), 1),
		"no final newline":      enc[:len(enc)-1],
		"an extra line":         append(bytes.Clone(enc), "x\n"...),
		"generation 0":          bytes.Replace(enc, []byte("gen=124"), []byte("gen=0"), 1),
		"leading zero":          bytes.Replace(enc, []byte("gen=124"), []byte("gen=0124"), 1),
		"short fingerprint":     bytes.Replace(enc, []byte("fp=0a1b2c3d"), []byte("fp=0a1b2c3"), 1),
		"uppercase fingerprint": bytes.Replace(enc, []byte("fp=0a1b2c3d"), []byte("fp=0A1B2C3D"), 1),
		"non-hex fingerprint":   bytes.Replace(enc, []byte("fp=0a1b2c3d"), []byte("fp=0a1b2c3g"), 1),
		"lines swapped":         append(append(bytes.Clone(enc[bytes.IndexByte(enc, '\n')+1:bytes.LastIndexByte(enc[:len(enc)-1], '\n')+1]), enc[:bytes.IndexByte(enc, '\n')+1]...), enc[bytes.LastIndexByte(enc[:len(enc)-1], '\n')+1:]...),
		"oversized":             bytes.Repeat([]byte("a"), maxManifest+1),
		"non-hex in the hash":   append([]byte("z"), enc[1:]...),
		"no fp field":           bytes.Replace(enc, []byte(" fp=0a1b2c3d"), nil, 1),
		"crlf line ends":        bytes.ReplaceAll(enc, []byte("\n"), []byte("\r\n")),
		"empty":                 nil,
	} {
		if _, err := ParseManifest(data, "20261128T1530-g000124"); !errors.Is(err, errManifest) {
			t.Errorf("%s: got %v, want a manifest error", what, err)
		}
	}
}

func TestManifestsWithAttachmentFilesRoundTripAndRejectEveryDeviation(t *testing.T) {
	id := func(s string) string { h := sum([]byte(s)); return hex.EncodeToString(h[:]) }
	es := []BlobEntry{{ID: id("x"), Version: 1, Sum: sum([]byte("1"))}, {ID: id("y"), Version: 2, Sum: sum([]byte("2"))},
		{ID: id("z"), Version: 1, Sum: sum([]byte("3"))}}
	slices.SortFunc(es, func(a, b BlobEntry) int { return strings.Compare(a.ID, b.ID) })
	m := Manifest{Age: sum([]byte("image")), Slot: sum([]byte("slot")), AgeName: "20261128T1530-g000124.age",
		SlotName: "20261128T1530-g000124.slot", Blobs: es, Gen: 124, FP: "0a1b2c3d"}
	enc := m.Encode()
	back, err := ParseManifest(enc, "20261128T1530-g000124")
	if err != nil || !reflect.DeepEqual(back, m) {
		t.Fatalf("got %+v (%v), want %+v", back, err, m)
	}
	lines := strings.SplitAfter(string(enc), "\n")
	if len(lines) != 7 || lines[2] != fmt.Sprintf("%x  blobs/%s/%s.age\n", es[0].Sum, es[0].ID[:2], es[0].ID) {
		t.Fatalf("got manifest %q, want the blob lines between the slot and gen lines", enc)
	}
	for _, e := range es {
		if got, ok := back.Blob(e.ID); !ok || got != e {
			t.Errorf("got %+v (%v) for blob %.8s, want %+v", got, ok, e.ID, e)
		}
	}
	if _, ok := back.Blob(id("absent")); ok {
		t.Error("got an entry for an unlisted blob")
	}
	blob := lines[2]
	h, p, _ := strings.Cut(strings.TrimSuffix(blob, "\n"), "  ")
	join := func(ls ...string) []byte { return []byte(strings.Join(ls, "")) }
	for what, data := range map[string][]byte{
		"blob lines unsorted":       join(lines[0], lines[1], lines[3], lines[2], lines[4], lines[5]),
		"a blob line repeated":      join(lines[0], lines[1], lines[2], lines[2], lines[3], lines[4], lines[5]),
		"a blob after the gen line": join(lines[0], lines[1], lines[3], lines[4], lines[5], lines[2]),
		"a blob before the image":   join(lines[2], lines[0], lines[1], lines[3], lines[4], lines[5]),
		"the wrong prefix folder":   join(lines[0], lines[1], h+"  blobs/00/"+p[9:]+"\n", lines[3], lines[4], lines[5]),
		"no prefix folder":          join(lines[0], lines[1], h+"  blobs/"+p[9:]+"\n", lines[3], lines[4], lines[5]),
		"another folder":            join(lines[0], lines[1], h+"  blob/"+p[6:]+"\n", lines[3], lines[4], lines[5]),
		"an uppercase id":           join(lines[0], lines[1], h+"  "+p[:9]+strings.ToUpper(p[9:73])+".age\n", lines[3], lines[4], lines[5]),
		"a short id":                join(lines[0], lines[1], h+"  "+p[:72]+".age\n", lines[3], lines[4], lines[5]),
		"no .age":                   join(lines[0], lines[1], h+"  "+p[:73]+"\n", lines[3], lines[4], lines[5]),
		"version 1 written out":     join(lines[0], lines[1], h+"  "+p[:73]+".1.age\n", lines[3], lines[4], lines[5]),
		"version 02":                join(lines[0], lines[1], h+"  "+p[:73]+".02.age\n", lines[3], lines[4], lines[5]),
		"version 100":               join(lines[0], lines[1], h+"  "+p[:73]+".100.age\n", lines[3], lines[4], lines[5]),
		"a path climbing out":       join(lines[0], lines[1], h+"  ../"+p+"\n", lines[3], lines[4], lines[5]),
		"a backslash path":          join(lines[0], lines[1], h+"  "+strings.ReplaceAll(p, "/", "\\")+"\n", lines[3], lines[4], lines[5]),
		"one space in a blob line":  join(lines[0], lines[1], h+" "+p+"\n", lines[3], lines[4], lines[5]),
		"an uppercase blob hash":    join(lines[0], lines[1], strings.ToUpper(h)+"  "+p+"\n", lines[3], lines[4], lines[5]),
		"an empty line":             join(lines[0], lines[1], "\n", lines[2], lines[3], lines[4], lines[5]),
		"a blob line of the image":  join(lines[0], lines[1], lines[0], lines[4], lines[5]),
		"crlf after a blob line":    join(lines[0], lines[1], strings.Replace(lines[2], "\n", "\r\n", 1), lines[3], lines[4], lines[5]),
		"the gen line missing":      join(lines[0], lines[1], lines[2], lines[3], lines[4]),
		"oversized with blob lines": bytes.Repeat([]byte(lines[2]), maxManifest/len(lines[2])+1),
	} {
		if _, err := ParseManifest(data, "20261128T1530-g000124"); !errors.Is(err, errManifest) {
			t.Errorf("%s: got %v, want a manifest error", what, err)
		}
	}
	// As many attachments as a backup may list fit under the cap, each
	// with the longest path.
	var many []BlobEntry
	for i := range maxBlobs {
		many = append(many, BlobEntry{ID: id(strconv.Itoa(i)), Version: maxBlobVersion, Sum: sum([]byte{byte(i)})})
	}
	slices.SortFunc(many, func(a, b BlobEntry) int { return strings.Compare(a.ID, b.ID) })
	m.Blobs = many
	m.Gen, m.FP = 1<<64-1, "ffffffff"
	if back, err := ParseManifest(m.Encode(), "20261128T1530-g000124"); err != nil || len(back.Blobs) != maxBlobs || maxBlobs < 7000 {
		t.Errorf("got %d blobs (%v) from a manifest of %d bytes, want %d (at least 7,000)", len(back.Blobs), err, len(m.Encode()), maxBlobs)
	}
}

func FuzzParseManifest(f *testing.F) {
	m := Manifest{Age: sum([]byte("a")), Slot: sum([]byte("s")), AgeName: "20261128T1530-g000124.age",
		SlotName: "20261128T1530-g000124.slot", Gen: 124, FP: "0a1b2c3d"}
	f.Add(m.Encode())
	x, y := sum([]byte("x")), sum([]byte("y"))
	m.Blobs = []BlobEntry{{ID: hex.EncodeToString(x[:]), Version: 1, Sum: sum([]byte("1"))},
		{ID: hex.EncodeToString(y[:]), Version: 2, Sum: sum([]byte("2"))}}
	slices.SortFunc(m.Blobs, func(a, b BlobEntry) int { return strings.Compare(a.ID, b.ID) })
	f.Add(m.Encode())
	f.Add([]byte("gen=1 fp=00000000\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ParseManifest(data, "20261128T1530-g000124")
		if err != nil {
			return
		}
		// Whatever parses encodes back to the same bytes.
		if enc := got.Encode(); !bytes.Equal(enc, data) {
			t.Fatalf("got %q re-encoded from %q", enc, data)
		}
	})
}

func FuzzParseName(f *testing.F) {
	f.Add("20261128T1530-g000124")
	f.Add("20261128T1530-g12345678901")
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseName(s, time.UTC)
		if err == nil && n.String() != s {
			t.Fatalf("got %q back from %q", n.String(), s)
		}
	})
}
