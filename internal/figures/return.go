package figures

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"xinqing/internal/casework"
)

// Return holds the figures of a return. Its JSON encoding is docs/DOMAIN.md's
// "Figures as data": one key per code, in code order.
type Return struct {
	A1 string         `json:"A1"` // 学校名称
	A2 casework.Stage `json:"A2"` // 学段 (code)
	A3 string         `json:"A3"` // 报告月份
	A4 int            `json:"A4"` // 在校学生数
	A5 int            `json:"A5"` // 班级数
	A6 string         `json:"A6"` // 填报人 / 联系电话 / 审核人

	B1 int     `json:"B1"`
	B2 int     `json:"B2"`
	B3 int     `json:"B3"`
	B4 float64 `json:"B4"`

	C1 Room     `json:"C1"`
	C2 int      `json:"C2"`
	C3 int      `json:"C3"`
	C4 int      `json:"C4"`
	C5 []string `json:"C5"`

	D1 int `json:"D1"`
	D2 int `json:"D2"`
	D3 int `json:"D3"`

	E1 Screening `json:"E1"`

	F1 int          `json:"F1"`
	F2 Counts       `json:"F2"`
	F3 RegisterMove `json:"F3"`
	F4 int          `json:"F4"`
	F5 int          `json:"F5"`
	F6 int          `json:"F6"`

	G1 int        `json:"G1"`
	G2 int        `json:"G2"`
	G3 CaseMove   `json:"G3"`
	G4 Counts     `json:"G4"`
	G5 Counts     `json:"G5"`
	G6 NonStudent `json:"G6"`

	H1 int `json:"H1"`
	H2 int `json:"H2"`

	I1 Counts `json:"I1"`
	I2 int    `json:"I2"`
	I3 int    `json:"I3"`

	J1 int `json:"J1"`
	J2 int `json:"J2"`
	J3 int `json:"J3"`

	K1 Lectures `json:"K1"`
	K2 int      `json:"K2"`
	K3 int      `json:"K3"`

	L1 Committee `json:"L1"`
	L2 int       `json:"L2"`
	L3 int       `json:"L3"`
	L4 Reports   `json:"L4"`

	M1 string `json:"M1"`
	M2 string `json:"M2"`
	M3 string `json:"M3"`
}

// Room is C1.
type Room struct {
	HasRoom bool    `json:"has_room"`
	AreaM2  float64 `json:"area_m2"`
}

// Screening is E1: sums over the screenings that ended in the period.
type Screening struct {
	Expected  int `json:"expected"`
	Tested    int `json:"tested"`
	Valid     int `json:"valid"`
	Flagged   int `json:"flagged"`
	Confirmed int `json:"confirmed"`
}

// RegisterMove is F3.
type RegisterMove struct {
	Added        int `json:"added"`
	Released     int `json:"released"`
	LevelChanged int `json:"level_changed"`
}

// CaseMove is G3.
type CaseMove struct {
	Opened int `json:"opened"`
	Closed int `json:"closed"`
}

// NonStudent is G6.
type NonStudent struct {
	Staff  int `json:"staff"`
	Parent int `json:"parent"`
}

// Lectures is K1.
type Lectures struct {
	Sessions     int `json:"sessions"`
	Participants int `json:"participants"`
}

// Committee is L1.
type Committee struct {
	ClassesWithMember int `json:"classes_with_member"`
	ClassCount        int `json:"class_count"`
}

// Reports is L4.
type Reports struct {
	Reports  int `json:"reports"`
	Concerns int `json:"concerns"`
}

// Count is one row of a distribution: a code and how many.
type Count struct {
	Code string
	N    int
}

// Counts is a distribution by code (F2, G4, G5, I1). It encodes as a JSON
// object whose keys keep the slice's order (configured level rank, enum
// order), which a Go map would sort alphabetically.
type Counts []Count

// Get returns the count of code (0 when absent).
func (c Counts) Get(code string) int {
	for _, x := range c {
		if x.Code == code {
			return x.N
		}
	}
	return 0
}

// Total returns the sum of the counts.
func (c Counts) Total() int {
	n := 0
	for _, x := range c {
		n += x.N
	}
	return n
}

// MarshalJSON writes the counts as an object in slice order.
func (c Counts) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, x := range c {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(x.Code)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		fmt.Fprintf(&b, ":%d", x.N)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads an object of counts, keeping the order of its keys,
// so that a frozen return prints its rows as they were generated.
func (c *Counts) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	t, err := dec.Token()
	if err != nil {
		return fmt.Errorf("counts: %w", err)
	}
	if t != json.Delim('{') {
		return fmt.Errorf("counts: want an object")
	}
	out := Counts{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return fmt.Errorf("counts: %w", err)
		}
		code, _ := t.(string)
		var n int
		if err := dec.Decode(&n); err != nil {
			return fmt.Errorf("counts: %s: %w", code, err)
		}
		out = append(out, Count{Code: code, N: n})
	}
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("counts: %w", err)
	}
	*c = out
	return nil
}

// JSON returns the canonical encoding of the figures: the bytes frozen in
// a return record and hashed by Hash.
func (r *Return) JSON() ([]byte, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("encode figures: %w", err)
	}
	return b, nil
}

// Parse reads figures encoded by JSON (a frozen return's figures).
func Parse(data []byte) (*Return, error) {
	var r Return
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("parse figures: %w", err)
	}
	return &r, nil
}

// Hash returns the hex SHA-256 of the canonical JSON of r. The PDF prints
// its first characters; a frozen return keeps the figures it hashes.
func Hash(r *Return) string {
	b, err := r.JSON()
	if err != nil {
		// Every field is a plain number, string or Counts, which always
		// encode; an error here is a programming mistake.
		panic(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
