package interchange

import (
	"bytes"
	"errors"
	"testing"
)

// The export written kind by kind is byte for byte the whole document
// encoded at once, empty arrays and empty vaults included.
func TestExportEqualsEncodeOfCollect(t *testing.T) {
	for seed := range uint64(60) {
		d := newRandDoc(seed)
		d.ExportedAt = exportTime
		st := newMemStore()
		if _, err := Import(bytes.NewReader(encode(t, d)), st, Options{Now: fixedNow}); err != nil {
			t.Fatalf("seed %d: import: %v", seed, err)
		}
		whole, err := Collect(st)
		if err != nil {
			t.Fatal(err)
		}
		whole.ExportedAt = exportTime
		want, got := encode(t, whole), export(t, st)
		if !bytes.Equal(want, got) {
			t.Fatalf("seed %d: the streamed export differs:\n%s", seed, firstDiff(want, got))
		}
	}
	empty := newMemStore()
	whole, err := Collect(empty)
	if err != nil {
		t.Fatal(err)
	}
	whole.ExportedAt = exportTime
	if want, got := encode(t, whole), export(t, empty); !bytes.Equal(want, got) {
		t.Fatalf("empty vault: the streamed export differs:\n%s", firstDiff(want, got))
	}
}

type failingWriter struct{ left int }

var errFull = errors.New("disk full")

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.left {
		n := w.left
		w.left = 0
		return n, errFull
	}
	w.left -= len(p)
	return len(p), nil
}

// A write that fails midway fails the export with the writer's error.
func TestExportStopsAtAFailedWrite(t *testing.T) {
	d := newRandDoc(3)
	d.ExportedAt = exportTime
	st := newMemStore()
	if _, err := Import(bytes.NewReader(encode(t, d)), st, Options{Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	if err := Export(&failingWriter{left: 100}, st, exportTime); !errors.Is(err, errFull) {
		t.Fatalf("got %v, want the writer's error", err)
	}
}
