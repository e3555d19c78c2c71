package interchange

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
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

func TestVersionOneAndTwoDocumentsImport(t *testing.T) {
	v1 := `{"format":"xinqing-interchange","version":1,
	"students":[{"id":"22222222-2222-4222-8222-222222222222","name":"林晓","gender":"female","grade":"九年级","class":"九(1)班","status":"graduated","graduation_year":2023}]}`
	raw, st := newRealStore(t)
	if _, err := Import(strings.NewReader(v1), st, Options{Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	rec, err := raw.Get(casework.KindStudent, "22222222-2222-4222-8222-222222222222")
	if err != nil {
		t.Fatal(err)
	}
	if s := rec.(*casework.Student); s.OnRoll("2000-01-01") || s.LeftOn != "" {
		t.Errorf("a version 1 graduate without left_on is on roll: %+v", s)
	}
	first := export(t, raw)
	if !bytes.Contains(first, []byte(`"version": 2`)) {
		t.Fatalf("export does not write version 2")
	}
	// A version 2 document with a promoted and a transferred student
	// round-trips byte for byte.
	d := NewDocument(casework.DefaultSettings())
	d.ExportedAt = exportTime
	d.Students = []*casework.Student{
		{Meta: casework.Meta{ID: "33333333-3333-4333-8333-333333333333", CreatedAt: exportTime, UpdatedAt: exportTime},
			Name: "周舟", Gender: casework.GenderMale, Grade: "八年级", Class: "八(2)班",
			ClassHistory: []casework.ClassEntry{{From: "2025-09-01", Grade: "七年级", Class: "七(2)班"}, {From: "2026-09-01", Grade: "八年级", Class: "八(2)班"}}},
		{Meta: casework.Meta{ID: "44444444-4444-4444-8444-444444444444", CreatedAt: exportTime, UpdatedAt: exportTime},
			Name: "吴桐", Gender: casework.GenderFemale, Grade: "八年级", Class: "八(1)班",
			Status: casework.StudentStatusTransferred, LeftOn: "2026-10-15"},
	}
	d.KeyStudents = []*casework.KeyStudent{{Meta: casework.Meta{ID: "55555555-5555-4555-8555-555555555555", CreatedAt: exportTime, UpdatedAt: exportTime},
		StudentID: "44444444-4444-4444-8444-444444444444", IncludedOn: "2026-03-01",
		Levels:     []casework.LevelEntry{{Date: "2026-03-01", Level: casework.LevelYellow}},
		ReleasedOn: "2026-10-15", ReleaseBasis: casework.ReleaseBasisTransferred, Handover: "建议继续关注情绪"}}
	doc := encode(t, d)
	for _, key := range []string{`"left_on": "2026-10-15"`, `"class_history": [`, `"handover": "建议继续关注情绪"`} {
		if !bytes.Contains(doc, []byte(key)) {
			t.Errorf("document lacks %s", key)
		}
	}
	raw2, st2 := newRealStore(t)
	if _, err := Import(bytes.NewReader(doc), st2, Options{Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	if again := export(t, raw2); !bytes.Equal(doc, again) {
		t.Fatalf("version 2 round trip differs: %s", firstDiff(doc, again))
	}
}
