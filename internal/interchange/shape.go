package interchange

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"xinqing/internal/casework"
)

// The JSON decoder stops at the first type mistake, names it in English
// and matches keys case-insensitively. The shape check walks a value
// decoded as generic JSON against the record's Go type first, so that
// every mistake is reported with its exact key and unknown keys are
// refused; only a value that passed is then decoded into the record.

var (
	timeType = reflect.TypeFor[time.Time]()
	rawType  = reflect.TypeFor[json.RawMessage]()
)

// field is one JSON key of a struct.
type field struct {
	name string
	typ  reflect.Type
}

// shapes caches the keys of each struct type for one import.
type shapes map[reflect.Type]map[string]field

func (s shapes) fields(t reflect.Type) map[string]field {
	if m, ok := s[t]; ok {
		return m
	}
	m := map[string]field{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			if f.Anonymous && f.Type.Kind() == reflect.Struct {
				walk(f.Type)
				continue
			}
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			m[name] = field{name: name, typ: f.Type}
		}
	}
	walk(t)
	s[t] = m
	return m
}

// group returns the label group of a struct type: its name in snake case
// (KeyStudent → key_student, LevelEntry → level_entry), which is how the
// label files name record kinds and sub-objects.
func group(t reflect.Type) string {
	var b strings.Builder
	for i, r := range t.Name() {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// fieldLabel returns the Chinese label of key in group, or the key itself.
func fieldLabel(grp, key string) string {
	k := "field." + grp + "." + key
	if l := casework.Label(casework.LangZH, k); l != k {
		return l
	}
	return key
}

// checker collects the errors of one import.
type checker struct {
	shapes shapes
	errs   []casework.FieldError
	// dropped counts the errors beyond maxKeptErrors: a document of
	// millions of bad records is refused without holding every message.
	dropped int
}

// maxKeptErrors bounds the errors kept (far more than any list shows).
const maxKeptErrors = 10000

func (c *checker) add(kind casework.Kind, path, rule, zh string) {
	c.push(casework.FieldError{Kind: kind, Key: path, Rule: rule, MessageZH: zh, MessageEN: rule})
}

func (c *checker) push(fs ...casework.FieldError) {
	for _, f := range fs {
		if len(c.errs) < maxKeptErrors {
			c.errs = append(c.errs, f)
		} else {
			c.dropped++
		}
	}
}

// failed reports whether any error was found.
func (c *checker) failed() bool { return len(c.errs) > 0 }

// total counts every error found.
func (c *checker) total() int { return len(c.errs) + c.dropped }

// Rules of shape errors, beside casework's.
const (
	RuleType    = "type"
	RuleUnknown = "unknown_key"
	RuleID      = "id"
)

// shape checks v (decoded with UseNumber) against t. path names v; label
// is the Chinese name of v for messages. It reports whether v fits.
func (c *checker) shape(kind casework.Kind, v any, t reflect.Type, path, label string) bool {
	if v == nil {
		return true // null means empty, like a missing key
	}
	bad := func(want string) bool {
		c.add(kind, path, RuleType, fmt.Sprintf("%s应为%s", label, want))
		return false
	}
	switch {
	case t == rawType:
		return true
	case t == timeType:
		s, ok := v.(string)
		if !ok {
			return bad("时间戳文本")
		}
		if _, err := time.Parse(time.RFC3339, s); err != nil {
			c.add(kind, path, casework.RuleFormat, fmt.Sprintf("%s不是有效时间戳（应为 RFC 3339，如 2026-09-01T08:00:00Z）", label))
			return false
		}
		return true
	}
	switch t.Kind() {
	case reflect.String:
		if _, ok := v.(string); !ok {
			return bad("文本")
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			return bad(" true 或 false")
		}
	case reflect.Int, reflect.Int64, reflect.Int32:
		n, ok := v.(json.Number)
		if !ok {
			return bad("整数")
		}
		if _, err := strconv.ParseInt(string(n), 10, t.Bits()); err != nil {
			return bad("整数")
		}
	case reflect.Float64:
		n, ok := v.(json.Number)
		if !ok {
			return bad("数字")
		}
		if _, err := strconv.ParseFloat(string(n), 64); err != nil {
			return bad("有效数字")
		}
	case reflect.Slice:
		a, ok := v.([]any)
		if !ok {
			return bad("数组 [...]")
		}
		fits := true
		for i, e := range a {
			p := fmt.Sprintf("%s[%d]", path, i)
			if !c.shape(kind, e, t.Elem(), p, fmt.Sprintf("%s第 %d 项", label, i+1)) {
				fits = false
			}
		}
		return fits
	case reflect.Struct:
		o, ok := v.(map[string]any)
		if !ok {
			return bad("对象 {...}")
		}
		return c.object(kind, o, t, path)
	case reflect.Pointer:
		// An optional object (a case's profile): the object itself.
		return c.shape(kind, v, t.Elem(), path, label)
	case reflect.Map:
		// A map of names to values (a result's subscales): every value
		// has the map's element type.
		o, ok := v.(map[string]any)
		if !ok || t.Key().Kind() != reflect.String {
			return bad("对象 {...}")
		}
		fits := true
		for _, k := range sortedKeys(o) {
			if !c.shape(kind, o[k], t.Elem(), path+"."+k, label+"“"+k+"”") {
				fits = false
			}
		}
		return fits
	default:
		return bad("受支持的值")
	}
	return true
}

// object checks the keys of o against struct type t: unknown keys are
// refused, known ones are checked for their type.
func (c *checker) object(kind casework.Kind, o map[string]any, t reflect.Type, path string) bool {
	fs := c.shapes.fields(t)
	grp := group(t)
	fits := true
	for _, k := range sortedKeys(o) {
		p := k
		if path != "" {
			p = path + "." + k
		}
		f, ok := fs[k]
		if !ok {
			c.add(kind, p, RuleUnknown, fmt.Sprintf("未知的键“%s”（键名须与交换格式完全一致）", shortKey(k)))
			fits = false
			continue
		}
		if !c.shape(kind, o[k], f.typ, p, fieldLabel(grp, k)) {
			fits = false
		}
	}
	return fits
}

func sortedKeys(o map[string]any) []string {
	ks := make([]string, 0, len(o))
	for k := range o {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// shortKey cuts an unknown key short: it is echoed in a message and could
// be anything, even a name typed into the wrong place.
func shortKey(s string) string {
	if r := []rune(s); len(r) > 32 {
		return string(r[:32]) + "…"
	}
	return s
}
