package returnpkg

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
)

// Figures is the figures format ("Figures as data") read generically:
// numbers are json.Number, objects map[string]any, arrays []any. The
// county reads and sums it without knowing the codes' types, so that a
// city can sum county totals the same way.
type Figures map[string]any

// countCodes are the single counts of the monthly table (whole numbers).
var countCodes = []string{"A4", "A5", "B1", "B2", "B3", "C2", "C3", "C4", "D1", "D2", "D3", "F1", "F4", "F5", "F6",
	"G1", "G2", "H1", "H2", "I2", "I3", "J1", "J2", "J3", "K2", "K3", "L2", "L3"}

// objectCodes are the codes whose value is an object of counts.
var objectCodes = []string{"E1", "F2", "F3", "G3", "G4", "G5", "G6", "I1", "K1", "L1", "L4"}

// ParseFigures reads figures and checks them by the monthly table's own
// rules: every count present, a whole number and not negative; F2 sums
// to F1; F4 ≤ F1; G2 ≤ G1; I3 ≤ the sum of I1; E1 valid ≤ tested.
func ParseFigures(raw []byte) (Figures, error) {
	v, err := decodeStrict(raw)
	if err != nil {
		return nil, errors.New("figures are not JSON")
	}
	f, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("figures are not an object")
	}
	return Figures(f), Figures(f).Validate()
}

// Validate checks the rules ParseFigures names.
func (f Figures) Validate() error {
	for _, c := range countCodes {
		n, ok := f.number(c)
		if !ok || n < 0 || n != math.Trunc(n) {
			return fmt.Errorf("%s ∉ {0, 1, 2, …}", c)
		}
	}
	if n, ok := f.number("B4"); !ok || n < 0 {
		return errors.New("B4 < 0")
	}
	for _, c := range objectCodes {
		obj, ok := f[c].(map[string]any)
		if !ok {
			return fmt.Errorf("%s {…}", c)
		}
		for k, v := range obj {
			n, ok := number(v)
			if !ok || n < 0 || n != math.Trunc(n) {
				return fmt.Errorf("%s.%s ∉ {0, 1, 2, …}", c, k)
			}
		}
	}
	f1, _ := f.number("F1")
	if t := f.Total("F2"); t != f1 {
		return fmt.Errorf("ΣF2 = %v ≠ F1 = %v", t, f1)
	}
	if f4, _ := f.number("F4"); f4 > f1 {
		return fmt.Errorf("F4 = %v > F1 = %v", f4, f1)
	}
	g1, _ := f.number("G1")
	if g2, _ := f.number("G2"); g2 > g1 {
		return fmt.Errorf("G2 = %v > G1 = %v", g2, g1)
	}
	if i3, _ := f.number("I3"); i3 > f.Total("I1") {
		return fmt.Errorf("I3 = %v > ΣI1 = %v", i3, f.Total("I1"))
	}
	if f.Get("E1.valid") > f.Get("E1.tested") {
		return errors.New("E1.valid > E1.tested")
	}
	return nil
}

// Get returns the number at code ("F1") or code.key ("F2.red"); 0 when
// absent or not a number.
func (f Figures) Get(path string) float64 {
	if code, key, ok := cut(path); ok {
		obj, _ := f[code].(map[string]any)
		n, _ := number(obj[key])
		return n
	}
	n, _ := f.number(path)
	return n
}

// Total is the sum of the counts of an object figure (F2, I1…), or the
// figure itself when it is a number.
func (f Figures) Total(code string) float64 {
	obj, ok := f[code].(map[string]any)
	if !ok {
		n, _ := f.number(code)
		return n
	}
	var t float64
	for _, v := range obj {
		n, _ := number(v)
		t += n
	}
	return t
}

// Text is a string figure ("" when absent).
func (f Figures) Text(code string) string {
	s, _ := f[code].(string)
	return s
}

func (f Figures) number(code string) (float64, bool) { return number(f[code]) }

func cut(path string) (string, string, bool) {
	for i := 0; i < len(path); i++ {
		if path[i] == '.' {
			return path[:i], path[i+1:], true
		}
	}
	return path, "", false
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case json.Number:
		n, err := x.Float64()
		return n, err == nil
	case float64:
		return x, true
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	}
	return 0, false
}

// Keys returns the keys of object figure code in the order raw writes
// them: F2 is written in rank order, so its first key is level 一级.
func Keys(raw []byte, code string) []string {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil
		}
		if k, _ := t.(string); k != code {
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return nil
			}
			continue
		}
		if t, err := dec.Token(); err != nil || t != json.Delim('{') {
			return nil
		}
		var keys []string
		for dec.More() {
			t, err := dec.Token()
			if err != nil {
				return keys
			}
			keys = append(keys, t.(string))
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return keys
			}
		}
		return keys
	}
	return nil
}

// Add adds src into f key by key, generically: numbers are summed (whole
// numbers stay whole, others are rounded to 2 decimals as the return
// prints them), booleans count as 1 or 0, objects are summed key by key
// (the union of their keys), arrays collect their distinct elements in
// first-seen order. Texts are not summed; the caller names the total.
func (f Figures) Add(src Figures) {
	for k, v := range src {
		if s := addValue(f[k], v); s != nil {
			f[k] = s
		}
	}
}

func addValue(dst, v any) any {
	switch x := v.(type) {
	case map[string]any:
		d, ok := dst.(map[string]any)
		if !ok {
			d = map[string]any{}
		}
		for k, e := range x {
			if s := addValue(d[k], e); s != nil {
				d[k] = s
			}
		}
		return d
	case []any:
		d, _ := dst.([]any)
		seen := map[string]bool{}
		for _, e := range d {
			seen[fmt.Sprint(e)] = true
		}
		for _, e := range x {
			if !seen[fmt.Sprint(e)] {
				seen[fmt.Sprint(e)] = true
				d = append(d, e)
			}
		}
		if d == nil {
			d = []any{}
		}
		return d
	case bool:
		n := json.Number("0")
		if x {
			n = "1"
		}
		return addNumbers(dst, n)
	case json.Number:
		return addNumbers(dst, x)
	}
	return nil
}

func addNumbers(dst any, n json.Number) any {
	var d json.Number
	switch x := dst.(type) {
	case json.Number:
		d = x
	case bool:
		d = "0"
		if x {
			d = "1"
		}
	default:
		return n
	}
	a, aerr := strconv.ParseInt(string(d), 10, 64)
	b, berr := strconv.ParseInt(string(n), 10, 64)
	if aerr == nil && berr == nil {
		return json.Number(strconv.FormatInt(a+b, 10))
	}
	fa, _ := d.Float64()
	fb, _ := n.Float64()
	return json.Number(strconv.FormatFloat(math.Round((fa+fb)*100)/100, 'f', -1, 64))
}

// JSON writes the figures as canonical JSON (keys sorted, no spaces).
func (f Figures) JSON() ([]byte, error) {
	var b bytes.Buffer
	if err := canonical(&b, map[string]any(f)); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Clone returns a deep copy of f.
func (f Figures) Clone() Figures {
	out := Figures{}
	for k, v := range f {
		out[k] = cloneValue(v)
	}
	return out
}

func cloneValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = cloneValue(e)
		}
		return m
	case []any:
		a := make([]any, len(x))
		for i, e := range x {
			a[i] = cloneValue(e)
		}
		return a
	}
	return v
}
