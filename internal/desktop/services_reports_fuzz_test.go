package desktop

import (
	"encoding/json"
	"testing"

	"xinqing/internal/backup"
)

// FuzzOrderedObject: the figures' JSON is split into its keys in order
// without a panic, every value is printable, and an object with distinct
// keys gives exactly the keys encoding/json sees.
func FuzzOrderedObject(f *testing.F) {
	for _, s := range []string{`{"red":2,"orange":0}`, `{"has_room":true,"area_m2":86.5}`, `["12356","12355"]`, `"晴川"`, `{}`, `{"a":{"b":[1,2]}}`, `{"a":1,"a":2}`, `{`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		keys, vals, ok := orderedObject(data)
		for _, v := range vals {
			_ = figureValue(v)
		}
		_ = figureValue(data)
		if !ok {
			return
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(data, &m); err != nil {
			return // trailing garbage after a well-formed object
		}
		distinct := map[string]bool{}
		for _, k := range keys {
			distinct[k] = true
		}
		if len(distinct) == len(keys) && len(keys) != len(m) {
			t.Fatalf("got keys %q, want the %d keys of %s", keys, len(m), data)
		}
	})
}

func TestTheBackupBarOnlyMovesForward(t *testing.T) {
	stages := []backup.Stage{backup.StageBlobs, backup.StageWrite, backup.StageRead, backup.StageCheck, backup.StagePrune}
	last := -1.0
	for _, s := range stages {
		for _, done := range []int64{0, 50, 100} {
			got := stageFraction(s, done, 100)
			if got < last-1e-9 || got > 1+1e-9 {
				t.Fatalf("%s %d/100: got %.2f after %.2f, want a bar that only moves forward up to 1", s, done, got, last)
			}
			last = got
		}
	}
	if last < 1-1e-9 {
		t.Fatalf("got %.2f at the end, want 1", last)
	}
}
