package figures_test

import (
	"bytes"
	"testing"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
)

// FuzzParse feeds Parse (a frozen return's figures) anything: it must
// not panic, and figures it accepts must encode and parse back to the
// same hash and no diff.
func FuzzParse(f *testing.F) {
	d := &figures.Dataset{Settings: settings()}
	r, err := figures.Compute(d, casework.Month("2026-10").Period(), nil)
	if err != nil {
		f.Fatal(err)
	}
	b, _ := r.JSON()
	f.Add(b)
	f.Add([]byte(`{"F2":{"red":1,"watch":0},"G4":{},"M1":"亮点"}`))
	f.Add([]byte(`{"F2":[1]}`))
	f.Add([]byte(`{"I1":{"self_harm":1.5}}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := figures.Parse(data)
		if err != nil {
			return
		}
		enc, err := r.JSON()
		if err != nil {
			t.Fatalf("encode parsed figures: %v", err)
		}
		back, err := figures.Parse(enc)
		if err != nil {
			t.Fatalf("parse own encoding %s: %v", enc, err)
		}
		if figures.Hash(back) != figures.Hash(r) || figures.Diff(r, back) != nil {
			t.Fatalf("got a different return after a round trip of %s", enc)
		}
		again, _ := back.JSON()
		if !bytes.Equal(enc, again) {
			t.Fatalf("got %s, then %s", enc, again)
		}
	})
}
