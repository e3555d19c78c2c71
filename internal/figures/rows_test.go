package figures_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"

	"xinqing/internal/casework"
	"xinqing/internal/figures"
)

// valueJSON encodes a row's value as the figures JSON holds it.
func valueJSON(t testing.TB, v figures.Value) string {
	var x any
	switch v.Kind {
	case figures.Int:
		x = v.Int
	case figures.Number:
		x = v.Num
	case figures.Bool:
		x = v.Bool
	case figures.List:
		x = v.List
	default:
		x = v.Text
	}
	b, err := json.Marshal(x)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// jsonRows splits the figures JSON into code, sub-key and raw value, in
// order; ok is false for data that is not an object of such values.
func jsonRows(data []byte) (rows [][3]string, codes []string, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, nil, false
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, nil, false
		}
		code := t.(string)
		codes = append(codes, code)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, nil, false
		}
		if len(raw) == 0 || raw[0] != '{' {
			rows = append(rows, [3]string{code, "", string(raw)})
			continue
		}
		inner := json.NewDecoder(bytes.NewReader(raw))
		inner.Token()
		for inner.More() {
			k, _ := inner.Token()
			var v json.RawMessage
			if err := inner.Decode(&v); err != nil {
				return nil, nil, false
			}
			rows = append(rows, [3]string{code, k.(string), string(v)})
		}
	}
	return rows, codes, true
}

// checkRowsAreJSON holds r.Rows() to r's JSON: the same codes, keys and
// values in the same order.
func checkRowsAreJSON(t testing.TB, r *figures.Return) {
	b, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	want, codes, ok := jsonRows(b)
	if !ok {
		t.Fatalf("cannot split %s", b)
	}
	if !slices.Equal(codes, figures.Codes()) {
		t.Fatalf("got JSON codes %v, want Codes() %v", codes, figures.Codes())
	}
	var got [][3]string
	for _, row := range r.Rows() {
		got = append(got, [3]string{row.Code, row.Key, valueJSON(t, row.Value)})
	}
	// An empty C5 encodes as null or []; the row holds no texts either way.
	for i := range want {
		if want[i][0] == "C5" && want[i][2] == "[]" {
			want[i][2] = "null"
		}
	}
	for i := range got {
		if got[i][0] == "C5" && got[i][2] == "[]" {
			got[i][2] = "null"
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got rows\n%v\nwant the JSON's\n%v", got, want)
	}
}

func TestRowsAreTheJSONInCodeOrder(t *testing.T) {
	checkRowsAreJSON(t, &figures.Return{})
	checkRowsAreJSON(t, compute(t, &figures.Dataset{}, month.Period()))
	full := &figures.Return{A1: "示例", A2: casework.StageJunior, A3: "2026-10", A4: 1, A5: 2, A6: "王 / 1 / 李",
		B1: 1, B2: 2, B3: 3, B4: 4.5, C1: figures.Room{HasRoom: true, AreaM2: 86.5}, C2: 1, C3: 2, C4: 3, C5: []string{"12356", "12355"},
		F2: figures.Counts{{Code: "red", N: 2}, {Code: "old", N: 1}}, G4: figures.Counts{{Code: "self", N: 3}},
		G5: figures.Counts{{Code: "study", N: 1}}, I1: figures.Counts{{Code: "abuse", N: 1}}, M1: "亮点", M3: "计划"}
	checkRowsAreJSON(t, full)

	rows := full.Rows()
	byID := map[string]figures.Row{}
	for _, r := range rows {
		byID[r.ID()] = r
	}
	if r := byID["F2.old"]; r.LabelKey != "enum.risk_level.old" || r.Value.Format() != "1" || !r.Drill || r.Section() != "F" {
		t.Errorf("got F2.old %+v, want a drillable level row", r)
	}
	if r := byID["A2"]; r.Value.Kind != figures.Code || r.Value.Enum != "stage" || r.Value.Text != "junior" || r.Drill {
		t.Errorf("got A2 %+v, want the stage code, not drillable", r)
	}
	if r := byID["C1.has_room"]; r.LabelKey != "C1.has_room" || r.Value.Format() != "是" || r.Drill {
		t.Errorf("got C1.has_room %+v", r)
	}
	if got := byID["C5"].Value.Format(); got != "12356；12355" {
		t.Errorf("got C5 %q", got)
	}
	if got := byID["B4"].Value.Format(); got != "4.5" {
		t.Errorf("got B4 %q", got)
	}
}

func TestDrillableLeavesOutTheSettingsAndNotes(t *testing.T) {
	for code, want := range map[string]bool{"A1": false, "B4": false, "C1.has_room": false, "C5": false, "M2": false,
		"C2": true, "C3": true, "F2.red": true, "G1": true, "L4.reports": true, "": false} {
		if got := figures.Drillable(code); got != want {
			t.Errorf("Drillable(%q): got %v, want %v", code, got, want)
		}
	}
}

// FuzzRows: any figures Parse accepts give rows that are their JSON.
func FuzzRows(f *testing.F) {
	for _, s := range []string{`{"F2":{"red":2,"orange":0}}`, `{"C1":{"has_room":true,"area_m2":86.5}}`, `{"C5":["12356","12355"]}`, `{"A1":"晴川"}`, `{}`, `{"G4":{"a":1,"a":2}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := figures.Parse(data)
		if err != nil {
			return
		}
		checkRowsAreJSON(t, r)
	})
}
