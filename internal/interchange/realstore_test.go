package interchange

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/store"
)

func newRealStore(t testing.TB) (*store.Store, Store) {
	t.Helper()
	st, err := store.New(store.WithClock(func() time.Time { return time.Date(2026, 11, 2, 3, 4, 5, 0, time.UTC) }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, Adapt[*store.Tx](st)
}

func TestRandomDocumentsRoundTripThroughTheRealStore(t *testing.T) {
	for seed := range uint64(40) {
		d := newRandDoc(seed)
		d.ExportedAt = exportTime
		first := encode(t, d)
		raw, st := newRealStore(t)
		if _, err := Import(bytes.NewReader(first), st, Options{Now: fixedNow}); err != nil {
			t.Fatalf("seed %d: import: %v", seed, err)
		}
		second := export(t, raw)
		if !bytes.Equal(first, second) {
			t.Fatalf("seed %d: export after import differs: %s", seed, firstDiff(first, second))
		}
		// And once more through a second vault.
		raw2, st2 := newRealStore(t)
		if _, err := Import(bytes.NewReader(second), st2, Options{}); err != nil {
			t.Fatalf("seed %d: second import: %v", seed, err)
		}
		if third := export(t, raw2); !bytes.Equal(second, third) {
			t.Fatalf("seed %d: second round trip differs: %s", seed, firstDiff(second, third))
		}
	}
}

func TestRefusedDocumentLeavesTheRealStoreHashUnchanged(t *testing.T) {
	raw, st := newRealStore(t)
	if _, err := Import(bytes.NewReader(encode(t, newRandDoc(77))), st, Options{}); err != nil {
		t.Fatal(err)
	}
	for i, m := range mutations {
		d := newRandDoc(uint64(100 + i))
		var top map[string]any
		_ = json.Unmarshal(encode(t, d), &top)
		path, ok := mutate(top, m, 0)
		if !ok {
			continue
		}
		bad, _ := json.Marshal(top)
		before, err := raw.ContentHash(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		_, err = Import(bytes.NewReader(bad), st, Options{})
		var ie *ImportError
		if !errors.As(err, &ie) || !ie.Has(path) {
			t.Fatalf("%s: got %v, want an ImportError naming it", path, err)
		}
		if after, _ := raw.ContentHash(context.Background()); after != before {
			t.Fatalf("%s: a refused import changed the content hash", path)
		}
	}
}

func TestRosterAppliesToTheRealStore(t *testing.T) {
	raw, st := newRealStore(t)
	p, err := PreviewRoster(bytes.NewReader(fixture(t)), st, RosterOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := raw.ContentHash(context.Background())
	if _, err := ApplyRoster(st, p, false); err == nil {
		t.Fatal("got nil, want the bad rows refused")
	}
	if after, _ := raw.ContentHash(context.Background()); after != before {
		t.Fatal("a refused roster changed the content hash")
	}
	res, err := ApplyRoster(st, p, true)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := raw.Count(casework.KindStudent); n != res.Added || n != 25 {
		t.Errorf("got %d students after adding %d, want 25", n, res.Added)
	}
}
