package casework

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

// fill sets every field of v (a pointer to a struct) to a non-zero value
// of its type, so that a test sees every key.
func fill(v reflect.Value) {
	switch v.Interface().(type) {
	case Date:
		v.SetString("2026-03-05")
		return
	case Month:
		v.SetString("2026-03")
		return
	case Clock:
		v.SetString("14:30")
		return
	case time.Time:
		v.Set(reflect.ValueOf(time.Date(2026, 3, 5, 6, 30, 0, 0, time.UTC)))
		return
	case json.RawMessage:
		v.SetBytes([]byte(`{"C2":3}`))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString("测试文本")
	case reflect.Int, reflect.Int64:
		v.SetInt(3)
	case reflect.Float64:
		v.SetFloat(1.5)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fill(s.Index(0))
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(k)
		fill(e)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Pointer:
		e := reflect.New(v.Type().Elem())
		fill(e.Elem())
		v.Set(e)
	case reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i))
		}
	}
}

func filledRecords() []Record {
	var out []Record
	for _, k := range AllKinds() {
		if r := NewRecord(k); r != nil {
			fill(reflect.ValueOf(r).Elem())
			out = append(out, r)
		}
	}
	return out
}

func TestExportImportExportIsByteIdentical(t *testing.T) {
	for _, r := range filledRecords() {
		t.Run(string(r.RecordKind()), func(t *testing.T) {
			first, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			back := NewRecord(r.RecordKind())
			if err := json.Unmarshal(first, back); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(back, r) {
				t.Errorf("got %+v after a round trip, want %+v", back, r)
			}
			second, err := json.Marshal(back)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(first, second) {
				t.Errorf("got\n%s\nwant\n%s", second, first)
			}
			keys := map[string]bool{}
			fieldKeys(t, reflect.TypeOf(r).Elem(), string(r.RecordKind()), keys)
			for k := range keys {
				name := k[strings.LastIndexByte(k, '.')+1:]
				if !bytes.Contains(first, []byte(`"`+name+`":`)) {
					t.Errorf("got no key %q in %s, want every field written", name, first)
				}
			}
		})
	}
}

func TestEmptyOptionalKeysAreOmittedAndCountsKept(t *testing.T) {
	cases := []struct {
		name string
		rec  any
		want string
	}{
		{"a weekly report keeps a zero count and false flags", &ClassReport{Class: "七(3)班", WeekStart: "2026-03-02"},
			`{"id":"","class":"七(3)班","week_start":"2026-03-02","concerns":0,"needs_counselor":false,"homeroom_signed":false}`},
		{"a student omits empty optional text and sets", &Student{Meta: Meta{ID: "s1"}, Name: "测试学生甲", Gender: GenderMale, Grade: "七年级", Class: "七(1)班"},
			`{"id":"s1","name":"测试学生甲","gender":"male","grade":"七年级","class":"七(1)班","boarding":false}`},
		{"a key student omits an empty plan", &KeyStudent{StudentID: "s1", IncludedOn: "2026-03-01"},
			`{"id":"","student_id":"s1","included_on":"2026-03-01"}`},
		{"timestamps are written in UTC seconds", &DutyDay{Meta: Meta{ID: "d1", CreatedAt: Stamp(time.Date(2026, 3, 5, 8, 0, 0, 999, time.FixedZone("CST", 8*3600)))}, Date: "2026-03-05"},
			`{"id":"d1","created_at":"2026-03-05T00:00:00Z","date":"2026-03-05"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(tc.rec)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tc.want {
				t.Errorf("got  %s\nwant %s", b, tc.want)
			}
		})
	}
}

func TestTouchStampsCreationOnce(t *testing.T) {
	var m Meta
	t1 := time.Date(2026, 3, 5, 8, 0, 0, 500, time.UTC)
	m.Touch(t1)
	m.Touch(t1.Add(time.Hour))
	if !m.CreatedAt.Equal(Stamp(t1)) || !m.UpdatedAt.Equal(Stamp(t1.Add(time.Hour))) {
		t.Errorf("got created %v updated %v, want the first and the last save", m.CreatedAt, m.UpdatedAt)
	}
}

// FuzzRecordJSON decodes arbitrary documents into every kind of record:
// validation never panics, and whatever decodes has one canonical form.
func FuzzRecordJSON(f *testing.F) {
	for i, r := range filledRecords() {
		b, _ := json.Marshal(r)
		f.Add(uint8(i), b)
	}
	f.Add(uint8(0), []byte(`{"name":"测试","gender":"male","special_groups":["orphan","orphan"],"birth_date":"2012-02-30"}`))
	f.Add(uint8(3), []byte(`{"levels":[{"date":"2026-03-01","level":"red"},{}],"plan":{}}`))
	kinds := AllKinds()
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		k := kinds[int(which)%len(kinds)]
		r := NewRecord(k)
		if r == nil {
			return
		}
		if json.Unmarshal(data, r) != nil {
			return
		}
		_ = r.Validate(Env{Refs: refs{}})
		first, err := json.Marshal(r)
		if err != nil {
			return // e.g. a time whose year has no four-digit spelling
		}
		back := NewRecord(k)
		if err := json.Unmarshal(first, back); err != nil {
			t.Fatalf("got %v decoding our own %s", err, first)
		}
		second, err := json.Marshal(back)
		if err != nil || !bytes.Equal(first, second) {
			t.Fatalf("got\n%s\nwant\n%s (%v)", second, first, err)
		}
	})
}
