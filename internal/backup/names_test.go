package backup

import (
	"bytes"
	"errors"
	"reflect"
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

func FuzzParseManifest(f *testing.F) {
	m := Manifest{Age: sum([]byte("a")), Slot: sum([]byte("s")), AgeName: "20261128T1530-g000124.age",
		SlotName: "20261128T1530-g000124.slot", Gen: 124, FP: "0a1b2c3d"}
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
