package interchange

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"xinqing/internal/casework"
)

// The committed seeds live in testdata/fuzz/<FuzzName>/ and run on every
// go test; go test -update rewrites them.

func jsonSeeds(t *testing.T) [][]byte {
	d := newRandDoc(8)
	good := encode(t, d)
	return [][]byte{
		good,
		bytes.Replace(good, []byte(`"gender": "female"`), []byte(`"gender": 1`), 1),
		bytes.Replace(good, []byte(`"version": 2`), []byte(`"version": 1e400`), 1),
		[]byte(`{"format":"xinqing-interchange","version":1,"students":[{"id":"22222222-2222-4222-8222-222222222222","name":"林晓","gender":"female","grade":"七年级","class":"七(1)班","special_groups":["orphan","orphan"]}],"cases":[{"id":"x"}]}`),
		[]byte(`{}`),
		[]byte(`{"format":"xinqing-interchange","version":1,"sessions":[null,[],{"case_id":{}}]}`),
		[]byte("\xef\xbb\xbf{\"format\":1}"),
	}
}

func rosterSeeds(t *testing.T) [][]byte {
	return [][]byte{
		fixture(t),
		xlsxOf(t, [][]any{{"姓名", "性别", "班级", "出生日期"}, {"林晓", "女", "七（1）班", 41000}, {"", "?", "", "2012.2.30"}}),
		[]byte("PK\x03\x04 not really a zip"),
	}
}

func writeSeeds(t *testing.T, name string, seeds [][]byte) {
	t.Helper()
	dir := filepath.Join("testdata", "fuzz", name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, s := range seeds {
		body := "go test fuzz v1\n[]byte(" + strconv.Quote(string(s)) + ")\n"
		sum := sha256.Sum256([]byte(body))
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("seed-%x", sum[:8])), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestWriteFuzzSeeds(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite the seeds")
	}
	writeSeeds(t, "FuzzImportJSON", jsonSeeds(t))
	writeSeeds(t, "FuzzImportRoster", rosterSeeds(t))
}

// FuzzImportJSON: any bytes either import or are refused; never a panic,
// and a refused document writes nothing.
func FuzzImportJSON(f *testing.F) {
	base := newMemStore()
	if _, err := Import(bytes.NewReader(encode(&testing.T{}, newRandDoc(1))), base, Options{}); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, st := range []*memStore{newMemStore(), base.clone()} {
			before := st.hash()
			if _, err := Import(bytes.NewReader(data), st, Options{MaxErrors: 5}); err != nil {
				if st.writes != 0 || st.hash() != before {
					t.Fatalf("a refused document changed the store: %v", err)
				}
				continue
			}
			// An accepted document exports, and the export imports again.
			var b bytes.Buffer
			if err := Export(&b, st, exportTime); err != nil {
				t.Fatalf("export after import: %v", err)
			}
			if _, err := Import(bytes.NewReader(b.Bytes()), newMemStore(), Options{}); err != nil {
				t.Fatalf("the export of an accepted document is refused: %v", err)
			}
		}
	})
}

// FuzzImportRoster: any bytes either preview or are refused; applying a
// preview with bad rows writes nothing.
func FuzzImportRoster(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		st := newMemStore()
		p, err := PreviewRoster(bytes.NewReader(data), st, RosterOptions{})
		if err != nil {
			return
		}
		before := st.hash()
		if _, err := ApplyRoster(st, p, false); err != nil {
			if st.writes != 0 || st.hash() != before {
				t.Fatalf("a refused roster changed the store: %v", err)
			}
			return
		}
		if n, _ := st.Count(casework.KindStudent); n != p.Adds {
			t.Fatalf("got %d students, want the %d added", n, p.Adds)
		}
	})
}
