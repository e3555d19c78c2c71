// Package county is the county's side of the monthly returns
// (docs/DOMAIN.md "County roll-up 县（区）汇总"): the list of schools,
// what importing a signed return package does (add, supersede, refuse),
// and the county table of a month, term or year with its totals, the
// schools that have not returned and the flags. It is pure: the
// application layer stores the list in the county vault's settings and
// each package as it was received.
package county

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/returnpkg"
)

// ReadSchools reads a schools list from the rows of a sheet or CSV
// (file names it in errors): a header row among the first ten with
// 学校代码 and 学校名称 (学段, 联系人, 公钥 optional), then one school a
// row. A code twice refuses the list naming both rows; every school
// starts active.
func ReadSchools(file string, rows [][]string) ([]casework.CountySchool, error) {
	cols, header := map[string]int{}, -1
	for i := 0; i < len(rows) && i < 10 && header < 0; i++ {
		found := map[string]int{}
		for j, c := range rows[i] {
			if k := schoolHeader(c); k != "" {
				if _, dup := found[k]; !dup {
					found[k] = j
				}
			}
		}
		if _, ok := found["code"]; ok {
			if _, ok := found["name"]; ok {
				cols, header = found, i
			}
		}
	}
	if header < 0 {
		return nil, &ListError{File: file, ZH: "前 10 行中没有同时含“学校代码”和“学校名称”的表头行",
			EN: "no header row with 学校代码 and 学校名称 in the first 10 rows"}
	}
	cell := func(row []string, k string) string {
		j, ok := cols[k]
		if !ok || j >= len(row) {
			return ""
		}
		return strings.TrimSpace(row[j])
	}
	seen := map[string]int{}
	var out []casework.CountySchool
	for i := header + 1; i < len(rows); i++ {
		code, name := cell(rows[i], "code"), cell(rows[i], "name")
		if code == "" && name == "" {
			continue
		}
		n := i + 1
		if code == "" || name == "" {
			return nil, &ListError{File: file, Row: n, ZH: "学校代码和学校名称都必须填写", EN: "both the code and the name are required"}
		}
		if first, dup := seen[code]; dup {
			return nil, &ListError{File: file, Row: n, ZH: fmt.Sprintf("学校代码 %s 与第 %d 行重复", code, first),
				EN: fmt.Sprintf("school code %s repeats row %d", code, first)}
		}
		seen[code] = n
		s := casework.CountySchool{Code: code, Name: name, Contact: cell(rows[i], "contact"), Active: true}
		if st := cell(rows[i], "stage"); st != "" {
			s.Stage = stageOf(st)
		}
		if k := cell(rows[i], "key"); k != "" {
			if _, err := returnpkg.DecodeKey(k); err != nil {
				return nil, &ListError{File: file, Row: n, ZH: "公钥不是有效的 Ed25519 公钥", EN: "the public key is not an Ed25519 key"}
			}
			s.PublicKey = k
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, &ListError{File: file, ZH: "名单中没有学校", EN: "the list holds no school"}
	}
	return out, nil
}

func schoolHeader(c string) string {
	h := strings.NewReplacer(" ", "", "\u3000", "", "*", "").Replace(strings.TrimSpace(c))
	switch h {
	case "学校代码", "学校标识码", "代码", "code":
		return "code"
	case "学校名称", "学校", "名称", "name":
		return "name"
	case "学段", "stage":
		return "stage"
	case "联系人", "联系方式", "contact":
		return "contact"
	case "公钥", "签名公钥", "public_key":
		return "key"
	}
	return ""
}

// stageOf reads a stage given as its code or its Chinese label.
func stageOf(s string) casework.Stage {
	for _, st := range casework.AllStages() {
		if string(st) == s || casework.Label(casework.LangZH, "enum.stage."+string(st)) == s {
			return st
		}
	}
	return ""
}

// ListError refuses a schools list, naming the file and the row (0: the
// whole list).
type ListError struct {
	File   string
	Row    int
	ZH, EN string
}

func (e *ListError) Error() string {
	if e.Row > 0 {
		return fmt.Sprintf("%s row %d: %s", e.File, e.Row, e.EN)
	}
	return e.File + ": " + e.EN
}

// Chinese is the refusal as one Chinese sentence.
func (e *ListError) Chinese() string {
	if e.Row > 0 {
		return fmt.Sprintf("“%s”第 %d 行：%s。", e.File, e.Row, e.ZH)
	}
	return "“" + e.File + "”：" + e.ZH + "。"
}

// Stored is one imported package as the county vault keeps it.
type Stored struct {
	ID      string
	Package *returnpkg.Package
	Figures returnpkg.Figures
	// Imported orders packages with the same generation time.
	Imported time.Time
}

// Read reads a stored package's file (verified when it was imported;
// the vault it is kept in is sealed).
func Read(id string, data []byte, imported time.Time) (*Stored, error) {
	p, f, err := returnpkg.Decode(data)
	if err != nil {
		return nil, err
	}
	return &Stored{ID: id, Package: p, Figures: f, Imported: imported}, nil
}

// newer reports whether a supersedes b: a later generation time, or the
// same time imported later.
func newer(a, b *Stored) bool {
	if c := a.Package.Time().Compare(b.Package.Time()); c != 0 {
		return c > 0
	}
	return a.Imported.After(b.Imported)
}

// Outcome is what importing one package did.
type Outcome string

// Outcomes of an import.
const (
	Added      Outcome = "added"      // the first package of its school and month
	Superseded Outcome = "superseded" // newer than the one held: it replaces it, both are kept
	Older      Outcome = "older"      // older than the one held: kept as history, not counted
	Duplicate  Outcome = "duplicate"  // the same package again: nothing written
)

// Decision is what the county does with one parsed package.
type Decision struct {
	Outcome Outcome
	School  int // index in the schools list
	// RegisterKey: the school had no key registered; this one is.
	// KeyChanged: the key differs and the change was confirmed.
	RegisterKey, KeyChanged bool
}

// Decide applies the import rules to a parsed package named file:
// the school must be in the list, its key the registered one (a changed
// key only when confirmed), the month not after current (YYYY-MM).
// held are the packages already imported of the package's school and
// month (see Key), or all of them.
func Decide(schools []casework.CountySchool, held []*Stored, p *returnpkg.Package, file, current string, confirmKey bool) (Decision, error) {
	i := slices.IndexFunc(schools, func(s casework.CountySchool) bool { return s.Code == p.School.Code })
	if i < 0 {
		return Decision{}, &returnpkg.Error{File: file, Reason: returnpkg.ReasonUnknown, Detail: p.School.Code}
	}
	d := Decision{School: i}
	registered := schools[i].PublicKey
	if confirmKey && registered != "" && registered != p.Signature.PublicKey {
		d.KeyChanged, registered = true, ""
	}
	if err := returnpkg.Check(p, file, registered, current); err != nil {
		return Decision{}, err
	}
	d.RegisterKey = schools[i].PublicKey == ""
	d.Outcome = Added
	for _, h := range held {
		if h.Package.School.Code != p.School.Code || h.Package.Month != p.Month {
			continue
		}
		if h.Package.Signature.Value == p.Signature.Value {
			return Decision{Outcome: Duplicate, School: i}, nil
		}
		if p.Time().After(h.Package.Time()) {
			if d.Outcome == Added {
				d.Outcome = Superseded
			}
		} else {
			d.Outcome = Older
		}
	}
	return d, nil
}

// Key is a school's month: the packages that supersede each other.
func Key(code, month string) string { return code + "\x00" + month }

// ByKey groups packages by Key.
func ByKey(held []*Stored) map[string][]*Stored {
	m := map[string][]*Stored{}
	for _, h := range held {
		k := Key(h.Package.School.Code, h.Package.Month)
		m[k] = append(m[k], h)
	}
	return m
}

// Current returns the package in force of each school and month: the
// newest one, keyed by code then month.
func Current(held []*Stored) map[string]map[string]*Stored {
	out := map[string]map[string]*Stored{}
	for _, h := range held {
		byMonth := out[h.Package.School.Code]
		if byMonth == nil {
			byMonth = map[string]*Stored{}
			out[h.Package.School.Code] = byMonth
		}
		if c := byMonth[h.Package.Month]; c == nil || newer(h, c) {
			byMonth[h.Package.Month] = h
		}
	}
	return out
}

// SortSchools orders a list by code.
func SortSchools(s []casework.CountySchool) {
	slices.SortStableFunc(s, func(a, b casework.CountySchool) int { return cmp.Compare(a.Code, b.Code) })
}
