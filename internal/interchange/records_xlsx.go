package interchange

import (
	"io"
	"reflect"
	"strconv"
	"strings"

	"xinqing/internal/casework"
)

// neverListed are keys no list export carries: the session's memory aid is
// never printed or exported in a report, and group outputs never name the
// students to follow up.
var neverListed = map[string]bool{"private_note": true, "follow_up_student_ids": true, "created_at": true, "updated_at": true}

// enumer is implemented by every casework enum type.
type enumer interface{ Enum() string }

// ExportRecords writes any list of records of one kind as a sheet: one
// column per scalar key (text, dates, numbers, booleans, enums and sets
// of enums shown by their zh-CN labels) in the record's key order, headed
// by the field labels. Nested lists and objects (level histories,
// process tables) are left out: they have their own printed forms.
func ExportRecords(w io.Writer, kind casework.Kind, recs []casework.Record) error {
	proto := casework.NewRecord(kind)
	t := reflect.TypeOf(proto).Elem()
	type col struct {
		key   string
		index []int
	}
	var cols []col
	var walk func(t reflect.Type, prefix []int)
	walk = func(t reflect.Type, prefix []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			idx := append(append([]int(nil), prefix...), i)
			if f.Anonymous {
				walk(f.Type, idx)
				continue
			}
			key, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if key == "" || key == "-" || neverListed[key] || !listable(f.Type) {
				continue
			}
			cols = append(cols, col{key, idx})
		}
	}
	walk(t, nil)
	headers := make([]string, len(cols))
	for i, c := range cols {
		headers[i] = fieldLabel(string(kind), c.key)
	}
	rows := make([][]string, 0, len(recs))
	for _, r := range recs {
		if r == nil || r.RecordKind() != kind {
			continue
		}
		v := reflect.ValueOf(r).Elem()
		row := make([]string, len(cols))
		for i, c := range cols {
			row[i] = cellText(v.FieldByIndex(c.index))
		}
		rows = append(rows, row)
	}
	return ExportList(w, zh("record."+string(kind)), headers, rows)
}

func listable(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int64, reflect.Float64:
		return true
	case reflect.Slice:
		return t.Elem().Kind() == reflect.String && t.Elem().Implements(reflect.TypeFor[enumer]())
	}
	return false
}

func cellText(v reflect.Value) string {
	switch v.Kind() {
	case reflect.String:
		if e, ok := v.Interface().(enumer); ok && v.String() != "" {
			return casework.EnumLabel(casework.LangZH, e.Enum(), v.String())
		}
		return v.String()
	case reflect.Bool:
		return yesNo(v.Bool())
	case reflect.Int, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'f', -1, 64)
	case reflect.Slice:
		parts := make([]string, v.Len())
		for i := range v.Len() {
			parts[i] = cellText(v.Index(i))
		}
		return strings.Join(parts, "、")
	}
	return ""
}
