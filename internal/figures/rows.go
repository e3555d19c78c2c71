package figures

import (
	"slices"
	"strconv"
	"strings"
)

// Row is one value of a return as the screen, the PDF, the JSON and the
// figures sheet show it: a scalar code ("G1") or one sub-key of a
// composite code ("F2.red", "C1.has_room"). Rows come in code order and,
// within a code, in the order of the JSON encoding.
type Row struct {
	Code string // A1 … M3
	Key  string // the sub-key of a composite code; "" for a scalar
	// LabelKey names the row's printed label: the row's ID for the
	// codes and sub-keys of the figure table, or "enum.<enum>.<code>" for
	// a distribution's key (the levels of F2 use enum "risk_level").
	LabelKey string
	Value    Value
	// Drill is true when the row counts records that Drill lists.
	Drill bool
}

// ID is the row's code with its sub-key, as in the figures sheet and
// Drill: "G1", "F2.red".
func (r Row) ID() string {
	if r.Key == "" {
		return r.Code
	}
	return r.Code + "." + r.Key
}

// Section is the section letter of the row (A … M).
func (r Row) Section() string { return r.Code[:1] }

// ValueKind is the type of a figure's value.
type ValueKind int

const (
	Int    ValueKind = iota // a count
	Number                  // hours, square metres
	Bool                    // yes or no
	Text                    // free text (names, notes)
	List                    // a list of texts (C5)
	Code                    // a code of the enum named by Value.Enum (A2)
)

// Value is a typed figure value; only the field of its Kind is set.
type Value struct {
	Kind ValueKind
	Int  int
	Num  float64
	Bool bool
	Text string   // Text, and the code of Code
	List []string // List
	Enum string   // the enum of a Code ("stage")
}

// Format prints the value as the figures sheet does: counts and numbers
// in digits, 是/否, a list joined by "；", text and codes as stored.
func (v Value) Format() string {
	switch v.Kind {
	case Int:
		return strconv.Itoa(v.Int)
	case Number:
		return strconv.FormatFloat(v.Num, 'f', -1, 64)
	case Bool:
		if v.Bool {
			return "是"
		}
		return "否"
	case List:
		return strings.Join(v.List, "；")
	}
	return v.Text
}

// Equal reports whether v and w are the same value.
func (v Value) Equal(w Value) bool {
	return v.Kind == w.Kind && v.Int == w.Int && v.Num == w.Num && v.Bool == w.Bool &&
		v.Text == w.Text && v.Enum == w.Enum && slices.Equal(v.List, w.List)
}

func intV(n int) Value             { return Value{Kind: Int, Int: n} }
func numV(x float64) Value         { return Value{Kind: Number, Num: x} }
func textV(s string) Value         { return Value{Kind: Text, Text: s} }
func boolV(b bool) Value           { return Value{Kind: Bool, Bool: b} }
func listV(l []string) Value       { return Value{Kind: List, List: l} }
func codeV(e, c string) Value      { return Value{Kind: Code, Text: c, Enum: e} }
func scalar(c string, v Value) Row { return Row{Code: c, LabelKey: c, Value: v, Drill: Drillable(c)} }

// sub is a composite code's rows with fixed sub-keys.
func sub(code string, kv ...any) []Row {
	var out []Row
	for i := 0; i+1 < len(kv); i += 2 {
		k := kv[i].(string)
		out = append(out, Row{Code: code, Key: k, LabelKey: code + "." + k, Value: kv[i+1].(Value), Drill: Drillable(code)})
	}
	return out
}

// dist is a distribution's rows, one per code in the slice's order.
func dist(code, enum string, cs Counts) []Row {
	out := make([]Row, 0, len(cs))
	for _, c := range cs {
		out = append(out, Row{Code: code, Key: c.Code, LabelKey: "enum." + enum + "." + c.Code, Value: intV(c.N), Drill: Drillable(code)})
	}
	return out
}

// Rows returns every value of r in code order: the same codes, keys and
// values as its JSON encoding, typed.
func (r *Return) Rows() []Row {
	var rows []Row
	add := func(rs ...Row) { rows = append(rows, rs...) }
	add(scalar("A1", textV(r.A1)), scalar("A2", codeV("stage", string(r.A2))), scalar("A3", textV(r.A3)),
		scalar("A4", intV(r.A4)), scalar("A5", intV(r.A5)), scalar("A6", textV(r.A6)),
		scalar("B1", intV(r.B1)), scalar("B2", intV(r.B2)), scalar("B3", intV(r.B3)), scalar("B4", numV(r.B4)))
	add(sub("C1", "has_room", boolV(r.C1.HasRoom), "area_m2", numV(r.C1.AreaM2))...)
	add(scalar("C2", intV(r.C2)), scalar("C3", intV(r.C3)), scalar("C4", intV(r.C4)), scalar("C5", listV(r.C5)),
		scalar("D1", intV(r.D1)), scalar("D2", intV(r.D2)), scalar("D3", intV(r.D3)))
	add(sub("E1", "expected", intV(r.E1.Expected), "tested", intV(r.E1.Tested), "valid", intV(r.E1.Valid),
		"flagged", intV(r.E1.Flagged), "confirmed", intV(r.E1.Confirmed))...)
	add(scalar("F1", intV(r.F1)))
	add(dist("F2", "risk_level", r.F2)...)
	add(sub("F3", "added", intV(r.F3.Added), "released", intV(r.F3.Released), "level_changed", intV(r.F3.LevelChanged))...)
	add(scalar("F4", intV(r.F4)), scalar("F5", intV(r.F5)), scalar("F6", intV(r.F6)),
		scalar("G1", intV(r.G1)), scalar("G2", intV(r.G2)))
	add(sub("G3", "opened", intV(r.G3.Opened), "closed", intV(r.G3.Closed))...)
	add(dist("G4", "case_source", r.G4)...)
	add(dist("G5", "problem_type", r.G5)...)
	add(sub("G6", "staff", intV(r.G6.Staff), "parent", intV(r.G6.Parent))...)
	add(scalar("H1", intV(r.H1)), scalar("H2", intV(r.H2)))
	add(dist("I1", "risk_type", r.I1)...)
	add(scalar("I2", intV(r.I2)), scalar("I3", intV(r.I3)),
		scalar("J1", intV(r.J1)), scalar("J2", intV(r.J2)), scalar("J3", intV(r.J3)))
	add(sub("K1", "sessions", intV(r.K1.Sessions), "participants", intV(r.K1.Participants))...)
	add(scalar("K2", intV(r.K2)), scalar("K3", intV(r.K3)))
	add(sub("L1", "classes_with_member", intV(r.L1.ClassesWithMember), "class_count", intV(r.L1.ClassCount))...)
	add(scalar("L2", intV(r.L2)), scalar("L3", intV(r.L3)))
	add(sub("L4", "reports", intV(r.L4.Reports), "concerns", intV(r.L4.Concerns))...)
	add(scalar("M1", textV(r.M1)), scalar("M2", textV(r.M2)), scalar("M3", textV(r.M3)))
	return rows
}

// codes are the figure codes in order; TestRowsAreTheJSON holds them to
// the JSON encoding.
var codes = strings.Fields(`A1 A2 A3 A4 A5 A6 B1 B2 B3 B4 C1 C2 C3 C4 C5 D1 D2 D3 E1
	F1 F2 F3 F4 F5 F6 G1 G2 G3 G4 G5 G6 H1 H2 I1 I2 I3 J1 J2 J3 K1 K2 K3 L1 L2 L3 L4 M1 M2 M3`)

// Codes returns every figure code in order (A1 … M3).
func Codes() []string { return slices.Clone(codes) }

// Drillable reports whether figure code (or code.key) counts records
// that Drill can list: not the figures taken from the settings and the
// month notes (A, B, C1, C5, M), which count none.
func Drillable(code string) bool {
	if code == "" {
		return false
	}
	switch code[0] {
	case 'A', 'B', 'M':
		return false
	}
	return !strings.HasPrefix(code, "C1") && code != "C5"
}

// Diff returns the codes whose values differ between a and b, in code
// order: what a regeneration changed against a frozen return.
func Diff(a, b *Return) []string {
	ra, rb := byCode(a.Rows()), byCode(b.Rows())
	var out []string
	for _, code := range codes {
		if !slices.EqualFunc(ra[code], rb[code], func(x, y Row) bool { return x.Key == y.Key && x.Value.Equal(y.Value) }) {
			out = append(out, code)
		}
	}
	return out
}

func byCode(rows []Row) map[string][]Row {
	m := make(map[string][]Row, len(codes))
	for _, r := range rows {
		m[r.Code] = append(m[r.Code], r)
	}
	return m
}
