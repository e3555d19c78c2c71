package store

import (
	"bytes"
	"context"
	"encoding"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"xinqing/internal/casework"
)

// tableOf maps each stored record kind to its table.
var tableNames = map[casework.Kind]string{
	casework.KindStudent:         "students",
	casework.KindCase:            "cases",
	casework.KindSession:         "sessions",
	casework.KindKeyStudent:      "key_students",
	casework.KindCrisis:          "crises",
	casework.KindReferral:        "referrals",
	casework.KindContact:         "contacts",
	casework.KindGroupSession:    "group_sessions",
	casework.KindCommitteeMember: "committee_members",
	casework.KindClassReport:     "class_reports",
	casework.KindActivity:        "activities",
	casework.KindDutyDay:         "duty_days",
	casework.KindVisit:           "visits",
	casework.KindMailbox:         "mailbox",
	casework.KindScreening:       "screenings",
	casework.KindScreeningResult: "screening_results",
	casework.KindConsent:         "consents",
	casework.KindMonthNotes:      "month_notes",
	casework.KindAppointment:     "appointments",
	casework.KindAttachment:      "attachments",
	casework.KindReturn:          "returns",
}

// StoredKinds returns every record kind the store keeps, in an order that
// puts referenced kinds first.
func StoredKinds() []casework.Kind {
	return append(casework.InterchangeKinds(), casework.KindAttachment, casework.KindReturn)
}

// shape is how a JSON value maps onto a column.
type shape int

const (
	shapeText shape = iota // JSON string ↔ TEXT, "" ↔ NULL
	shapeBool              // JSON bool ↔ INTEGER 0/1
	shapeInt               // JSON integer ↔ INTEGER
	shapeReal              // JSON number ↔ REAL
	shapeJSON              // JSON array/object ↔ TEXT, empty ↔ NULL
)

// column is one column of a record table.
type column struct {
	name    string
	shape   shape
	derived bool // x_… columns computed on write, not a JSON key
	// field is the index path of the struct field the key decodes into,
	// and set how decode stores a value there (see setter).
	field []int
	set   setter
}

// setter is how decode stores a column's value into its field: directly
// when that is exactly what encoding/json would do, through encoding/json
// otherwise (types with their own decoding, nested values, …).
type setter int

const (
	setJSON setter = iota
	setString
	setBool
	setInt
	setFloat
)

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// jsonFields returns the JSON key → field index path map of a record
// struct type, walking embedded structs as jsonShapes does; a key found
// twice is left out (decoded through encoding/json).
func jsonFields(t reflect.Type, index []int, out map[string][]int, dup map[string]bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		path := append(slices.Clip(index), i)
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			jsonFields(f.Type, path, out, dup)
			continue
		}
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if _, ok := out[name]; ok {
			dup[name] = true
		}
		out[name] = path
	}
}

// setterFor picks the direct store for a column of shape sh decoding into
// a field of type ft, or setJSON.
func setterFor(sh shape, ft reflect.Type) setter {
	pt := reflect.PointerTo(ft)
	if pt.Implements(jsonUnmarshaler) || pt.Implements(textUnmarshaler) {
		return setJSON
	}
	switch {
	case sh == shapeText && ft.Kind() == reflect.String:
		return setString
	case sh == shapeBool && ft.Kind() == reflect.Bool:
		return setBool
	case sh == shapeInt && slices.Contains([]reflect.Kind{reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64}, ft.Kind()):
		return setInt
	case sh == shapeReal && ft.Kind() == reflect.Float64:
		return setFloat
	}
	return setJSON
}

// table describes a record kind's table: derived once per store from the
// casework struct (shapes) and the schema (column order).
type table struct {
	kind    casework.Kind
	name    string
	cols    []column
	byName  map[string]int
	selectQ string // SELECT all columns FROM table
	insertQ string // INSERT every column
	// insertNewQ: INSERT every column unless the id exists
	insertNewQ string
	updateQ    string // UPDATE every column but id, WHERE id = ?
	rowidQ     string // SELECT rowid WHERE id = ?
}

// tables is the per-store description of every record table.
type tables map[casework.Kind]*table

// jsonShapes returns the JSON key → shape map of a record struct type,
// walking embedded structs as encoding/json does.
func jsonShapes(t reflect.Type, out map[string]shape) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			jsonShapes(f.Type, out)
			continue
		}
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = shapeOf(f.Type)
	}
}

// shapeOf classifies a field type by how its zero value marshals, so that
// types with their own JSON form (time.Time, Date) are classed right.
func shapeOf(t reflect.Type) shape {
	b, err := json.Marshal(reflect.Zero(t).Interface())
	if err != nil || len(b) == 0 {
		return shapeJSON
	}
	switch b[0] {
	case '"':
		return shapeText
	case 't', 'f':
		return shapeBool
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		switch t.Kind() {
		case reflect.Float32, reflect.Float64:
			return shapeReal
		}
		return shapeInt
	}
	return shapeJSON
}

// loadTables describes every record table from the live schema.
func loadTables(ctx context.Context, q queryer) (tables, error) {
	ts := tables{}
	for kind, name := range tableNames {
		rec := casework.NewRecord(kind)
		if rec == nil {
			return nil, fmt.Errorf("no casework record for kind %s", kind)
		}
		shapes := map[string]shape{}
		jsonShapes(reflect.TypeOf(rec).Elem(), shapes)
		fields, dup := map[string][]int{}, map[string]bool{}
		if !reflect.TypeOf(rec).Implements(jsonUnmarshaler) { // else decoded as a whole
			jsonFields(reflect.TypeOf(rec).Elem(), nil, fields, dup)
		}
		cols, _, err := tableColumns(ctx, q, name)
		if err != nil {
			return nil, err
		}
		t := &table{kind: kind, name: name, byName: map[string]int{}}
		for _, c := range cols {
			col := column{name: c}
			if strings.HasPrefix(c, "x_") {
				col.derived = true
			} else if sh, ok := shapes[c]; ok {
				col.shape = sh
				if path, ok := fields[c]; ok && !dup[c] {
					col.field = path
					col.set = setterFor(sh, reflect.TypeOf(rec).Elem().FieldByIndex(path).Type)
				}
			} else {
				return nil, fmt.Errorf("table %s: column %s is no key of %s", name, c, kind)
			}
			t.byName[c] = len(t.cols)
			t.cols = append(t.cols, col)
		}
		for k := range shapes {
			if _, ok := t.byName[k]; !ok {
				return nil, fmt.Errorf("table %s: no column for key %s", name, k)
			}
		}
		t.selectQ = "SELECT " + joinIdents(cols) + " FROM " + quoteIdent(name)
		t.insertQ = "INSERT INTO " + quoteIdent(name) + " (" + joinIdents(cols) + ") VALUES (" +
			placeholders(len(cols)) + ")"
		t.insertNewQ = t.insertQ + " ON CONFLICT (id) DO NOTHING"
		set := make([]string, 0, len(cols))
		for _, c := range cols[1:] {
			set = append(set, quoteIdent(c)+" = ?")
		}
		t.updateQ = "UPDATE " + quoteIdent(name) + " SET " + strings.Join(set, ", ") + " WHERE id = ?"
		t.rowidQ = "SELECT rowid FROM " + quoteIdent(name) + " WHERE id = ?"
		ts[kind] = t
	}
	return ts, nil
}

func (ts tables) get(kind casework.Kind) (*table, error) {
	t, ok := ts[kind]
	if !ok {
		return nil, &casework.Error{Code: casework.EINVALID, Field: "kind",
			MessageZH: "未知的记录类型", MessageEN: fmt.Sprintf("unknown record kind %q", kind)}
	}
	return t, nil
}

// values turns a record into column values in table order; derived
// columns are left nil for the caller to fill. The record is marshalled as
// JSON (so the columns hold exactly what the JSON form says) and its
// top-level members are cut out of the compact output directly.
func (t *table) values(rec casework.Record) ([]any, error) {
	b, err := json.Marshal(rec)
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", t.kind, err)
	}
	vals := make([]any, len(t.cols))
	err = eachMember(b, func(key string, raw []byte) error {
		i, ok := t.byName[key]
		if !ok || t.cols[i].derived {
			return nil
		}
		v, err := toColumn(t.cols[i].shape, raw)
		if err != nil {
			return fmt.Errorf("encode %s.%s: %w", t.kind, key, err)
		}
		vals[i] = v
		return nil
	})
	if err != nil {
		return nil, err
	}
	return vals, nil
}

// eachMember calls f with each member of the JSON object b, as produced by
// json.Marshal (compact, valid), in order.
func eachMember(b []byte, f func(key string, raw []byte) error) error {
	if len(b) < 2 || b[0] != '{' || b[len(b)-1] != '}' {
		return fmt.Errorf("encode: not a JSON object")
	}
	i := 1
	for i < len(b)-1 {
		end, err := skipValue(b, i)
		if err != nil || b[i] != '"' || end >= len(b) || b[end] != ':' {
			return fmt.Errorf("encode: bad member at %d", i)
		}
		key := b[i+1 : end-1]
		if bytes.IndexByte(key, '\\') >= 0 {
			var k string
			if err := json.Unmarshal(b[i:end], &k); err != nil {
				return fmt.Errorf("encode: bad key at %d: %w", i, err)
			}
			key = []byte(k)
		}
		vEnd, err := skipValue(b, end+1)
		if err != nil {
			return err
		}
		if vEnd == end+1 {
			return fmt.Errorf("encode: value expected at %d", vEnd)
		}
		if err := f(string(key), b[end+1:vEnd]); err != nil {
			return err
		}
		i = vEnd
		if i < len(b)-1 {
			if b[i] != ',' {
				return fmt.Errorf("encode: bad separator at %d", i)
			}
			i++
		}
	}
	return nil
}

// skipValue returns the end of the compact JSON value starting at b[i]: a
// string, object or array ends after its closing character, any other
// value at the ',' or '}' that follows it.
func skipValue(b []byte, i int) (int, error) {
	depth := 0
	for j := i; j < len(b); j++ {
		switch b[j] {
		case '"':
			for j++; j < len(b) && b[j] != '"'; j++ {
				if b[j] == '\\' {
					j++
				}
			}
			if j >= len(b) {
				return 0, fmt.Errorf("encode: unterminated string at %d", i)
			}
			if depth == 0 {
				return j + 1, nil
			}
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return j, nil
			}
			if depth--; depth == 0 {
				return j + 1, nil
			}
		case ',', ':':
			if depth == 0 {
				return j, nil
			}
		}
	}
	return 0, fmt.Errorf("encode: unterminated value at %d", i)
}

func toColumn(sh shape, raw []byte) (any, error) {
	if string(raw) == "null" {
		return nil, nil
	}
	switch sh {
	case shapeText:
		var s string
		if len(raw) >= 2 && raw[0] == '"' && raw[len(raw)-1] == '"' && bytes.IndexByte(raw, '\\') < 0 {
			s = string(raw[1 : len(raw)-1]) // json.Marshal wrote valid UTF-8, nothing escaped
		} else if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
		if s == "" {
			return nil, nil
		}
		return s, nil
	case shapeBool:
		switch string(raw) {
		case "true":
			return int64(1), nil
		case "false":
			return int64(0), nil
		}
		return nil, fmt.Errorf("got %s, want a boolean", raw)
	case shapeInt:
		if v, err := strconv.ParseInt(string(raw), 10, 64); err == nil {
			return v, nil
		}
		var v int64
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, err
		}
		return v, nil
	case shapeReal:
		var v float64
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, err
		}
		return v, nil
	}
	if !json.Valid(raw) {
		return nil, fmt.Errorf("not JSON")
	}
	switch string(raw) {
	case "[]", "{}":
		return nil, nil
	}
	return string(raw), nil
}

// decode builds a record from one row of column values (as scanned): the
// record encoding/json would make of the JSON object the columns spell,
// with plain strings, numbers and booleans stored in their fields
// directly.
func (t *table) decode(vals []any) (casework.Record, error) {
	rec := casework.NewRecord(t.kind)
	rv := reflect.ValueOf(rec).Elem()
	var slow []int
	for i, c := range t.cols {
		v := vals[i]
		if c.derived || v == nil {
			continue
		}
		if c.field == nil {
			slow = append(slow, i)
			continue
		}
		if err := c.store(rv.FieldByIndex(c.field), v); err != nil {
			return nil, fmt.Errorf("decode %s.%s: %w", t.kind, c.name, err)
		}
	}
	if len(slow) > 0 {
		// Keys without a field of their own go through encoding/json as
		// one object, as before.
		var b bytes.Buffer
		b.WriteByte('{')
		for n, i := range slow {
			if n > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Quote(t.cols[i].name))
			b.WriteByte(':')
			if err := fromColumn(&b, t.cols[i].shape, vals[i]); err != nil {
				return nil, fmt.Errorf("decode %s.%s: %w", t.kind, t.cols[i].name, err)
			}
		}
		b.WriteByte('}')
		if err := json.Unmarshal(b.Bytes(), rec); err != nil {
			return nil, fmt.Errorf("decode %s: %w", t.kind, err)
		}
	}
	return rec, nil
}

// store puts the column value v into the field f.
func (c *column) store(f reflect.Value, v any) error {
	switch c.set {
	case setString:
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("got %T, want text", v)
		}
		if utf8.ValidString(s) { // encoding/json would replace invalid bytes
			f.SetString(s)
			return nil
		}
	case setBool:
		n, ok := v.(int64)
		if !ok {
			return fmt.Errorf("got %T, want integer", v)
		}
		f.SetBool(n != 0)
		return nil
	case setInt:
		n, ok := v.(int64)
		if !ok {
			return fmt.Errorf("got %T, want integer", v)
		}
		if !f.OverflowInt(n) { // encoding/json reports an overflow
			f.SetInt(n)
			return nil
		}
	case setFloat:
		x, ok := v.(float64)
		if !ok {
			return fmt.Errorf("got %T, want real", v)
		}
		if !math.IsInf(x, 0) && !math.IsNaN(x) { // no JSON form
			f.SetFloat(x)
			return nil
		}
	}
	var b bytes.Buffer
	if err := fromColumn(&b, c.shape, v); err != nil {
		return err
	}
	return json.Unmarshal(b.Bytes(), f.Addr().Interface())
}

func fromColumn(b *bytes.Buffer, sh shape, v any) error {
	switch sh {
	case shapeText:
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("got %T, want text", v)
		}
		enc, err := json.Marshal(s)
		if err != nil {
			return err
		}
		b.Write(enc)
	case shapeBool:
		n, ok := v.(int64)
		if !ok {
			return fmt.Errorf("got %T, want integer", v)
		}
		b.WriteString(strconv.FormatBool(n != 0))
	case shapeInt:
		n, ok := v.(int64)
		if !ok {
			return fmt.Errorf("got %T, want integer", v)
		}
		b.WriteString(strconv.FormatInt(n, 10))
	case shapeReal:
		f, ok := v.(float64)
		if !ok {
			return fmt.Errorf("got %T, want real", v)
		}
		enc, err := json.Marshal(f)
		if err != nil {
			return err
		}
		b.Write(enc)
	default:
		s, ok := v.(string)
		if !ok || !json.Valid([]byte(s)) {
			return fmt.Errorf("not JSON text")
		}
		b.WriteString(s)
	}
	return nil
}

// scanRecords reads every row of a query over t's columns.
func (t *table) scanRecords(ctx context.Context, q queryer, query string, args ...any) ([]casework.Record, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", t.name, err)
	}
	defer rows.Close()
	vals := make([]any, len(t.cols))
	ptrs := make([]any, len(t.cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var out []casework.Record
	for rows.Next() {
		clear(vals)
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("read %s: %w", t.name, err)
		}
		rec, err := t.decode(vals)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", t.name, err)
	}
	return out, nil
}

// eachWithRowid calls f with every row of t and its rowid, in rowid order.
func (t *table) eachWithRowid(ctx context.Context, q queryer, f func(rowid int64, rec casework.Record) error) error {
	return t.eachWithRowidAfter(ctx, q, math.MinInt64, -1, f)
}

// eachWithRowidAfter is eachWithRowid of at most limit records (< 0: all)
// whose rowid is after after.
func (t *table) eachWithRowidAfter(ctx context.Context, q queryer, after int64, limit int, f func(rowid int64, rec casework.Record) error) error {
	return t.eachRow(ctx, q, "SELECT rowid, "+strings.TrimPrefix(t.selectQ, "SELECT ")+
		" WHERE rowid > ? ORDER BY rowid LIMIT ?", true, f, after, limit)
}
