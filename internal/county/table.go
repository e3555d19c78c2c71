package county

import (
	"bytes"
	"encoding/json"
	"fmt"

	"xinqing/internal/casework"
	"xinqing/internal/returnpkg"
)

// stockCodes are the figures that hold at a month's end (a register, a
// head count): over several months a school shows its last month's.
// Every other number counts what happened in the month and is summed.
var stockCodes = map[string]bool{"A1": true, "A2": true, "A3": true, "A4": true, "A5": true, "A6": true,
	"B1": true, "B2": true, "B3": true, "C1": true, "C5": true,
	"F1": true, "F2": true, "F4": true, "F5": true, "L1": true, "L2": true, "M1": true, "M2": true, "M3": true}

// Row is one school of the county table.
type Row struct {
	School casework.CountySchool
	// Figures are the school's figures over the period (nil when it has
	// no package in it); Months are the months it returned.
	Figures returnpkg.Figures
	Months  []string
	// Level1 is F2 of the school's first (most serious) level.
	Level1 float64
}

// Missing is an active school without a package for some months.
type Missing struct {
	School casework.CountySchool
	Months []string
}

// Rule names a flag.
type Rule string

// The flags of docs/DOMAIN.md, each naming the school and the rule.
const (
	FlagMissing    Rule = "missing"           // no package for the month
	FlagInactive   Rule = "no_counseling"     // G1 + H1 = 0
	FlagNoFollowUp Rule = "no_follow_up"      // F1 > 0 and F6 = 0
	FlagNoGuardian Rule = "guardian_not_told" // I1 > 0 and I2 = 0
	FlagRise       Rule = "key_students_rose" // F1 rose by ≥ 50 % on the previous month
	FlagCorrected  Rule = "corrected"         // a superseded package whose figures changed
)

var ruleText = map[Rule][2]string{
	FlagMissing:    {"本月未报送", "no return for the month"},
	FlagInactive:   {"个别辅导和团体辅导均为 0（G1 + H1 = 0）", "no individual or group counseling (G1 + H1 = 0)"},
	FlagNoFollowUp: {"有重点学生但本月无跟踪（F1 > 0，F6 = 0）", "key students but no follow-up (F1 > 0, F6 = 0)"},
	FlagNoGuardian: {"有危机事件但未告知监护人（I1 > 0，I2 = 0）", "crises but no guardian told (I1 > 0, I2 = 0)"},
	FlagRise:       {"重点学生人数比上月增加 50% 以上", "key students rose by 50 % or more on the previous month"},
	FlagCorrected:  {"已更正：被替换的上报文件数字有变化", "corrected: a superseded package had other figures"},
}

// Text is the rule as a Chinese and an English phrase.
func (r Rule) Text() (zh, en string) { t := ruleText[r]; return t[0], t[1] }

// Flag is one flag: a school, a month and a rule; Detail gives the
// numbers concerned.
type Flag struct {
	School casework.CountySchool
	Month  string
	Rule   Rule
	Detail string
}

// Table is the county table of a period of whole months.
type Table struct {
	County   string
	From, To casework.Month
	Rows     []Row // every school of the list, active or with a package
	Totals   returnpkg.Figures
	Level1   float64
	Missing  []Missing
	Flags    []Flag
}

// Period is the table's months as printed ("2026-10" or "2026-09 至 2027-01").
func (t *Table) Period() string {
	if t.From == t.To {
		return string(t.From)
	}
	return string(t.From) + " 至 " + string(t.To)
}

// Months lists the months from from to to.
func Months(from, to casework.Month) []string {
	var ms []string
	for m := from; m <= to && len(ms) < 1200; m = m.Next() {
		ms = append(ms, string(m))
	}
	return ms
}

// Build makes the county table of the months from..to from the schools
// list and every package held.
func Build(countyName string, schools []casework.CountySchool, held []*Stored, from, to casework.Month) *Table {
	months := Months(from, to)
	cur := Current(held)
	same := ByKey(held)
	t := &Table{County: countyName, From: from, To: to, Totals: returnpkg.Figures{}}
	for _, s := range schools {
		byMonth := cur[s.Code]
		row := Row{School: s}
		var missing []string
		for _, m := range months {
			h := byMonth[m]
			if h == nil {
				missing = append(missing, m)
				if s.Active {
					t.Flags = append(t.Flags, Flag{School: s, Month: m, Rule: FlagMissing})
				}
				continue
			}
			row.Months = append(row.Months, m)
			row.Figures = combine(row.Figures, h.Figures)
			if keys := returnpkg.Keys(h.Package.Figures, "F2"); len(keys) > 0 {
				row.Level1 = h.Figures.Get("F2." + keys[0])
			}
			t.Flags = append(t.Flags, flagsOf(s, m, h, byMonth[string(casework.Month(m).Prev())], same[Key(s.Code, m)])...)
		}
		if !s.Active && row.Figures == nil {
			continue
		}
		if len(missing) > 0 && s.Active {
			t.Missing = append(t.Missing, Missing{School: s, Months: missing})
		}
		if row.Figures != nil {
			t.Totals.Add(row.Figures)
			t.Level1 += row.Level1
		}
		t.Rows = append(t.Rows, row)
	}
	t.Totals["A1"] = countyName
	t.Totals["A3"] = t.Period()
	return t
}

// combine adds a month's figures to a school's figures over a period:
// counts of the month are summed, figures at the month's end replaced.
func combine(acc, month returnpkg.Figures) returnpkg.Figures {
	if acc == nil {
		return month.Clone()
	}
	flows := returnpkg.Figures{}
	for k, v := range month {
		if stockCodes[k] {
			acc[k] = returnpkg.Figures{k: v}.Clone()[k]
		} else {
			flows[k] = v
		}
	}
	acc.Add(flows)
	acc["A3"] = month["A3"]
	return acc
}

// flagsOf are the flags of school s's package h of month m; prev is the
// previous month's, same every package of the month.
func flagsOf(s casework.CountySchool, m string, h, prev *Stored, same []*Stored) []Flag {
	f := h.Figures
	var out []Flag
	add := func(r Rule, detail string) { out = append(out, Flag{School: s, Month: m, Rule: r, Detail: detail}) }
	if f.Get("G1")+f.Get("H1") == 0 {
		add(FlagInactive, "")
	}
	if f.Get("F1") > 0 && f.Get("F6") == 0 {
		add(FlagNoFollowUp, fmt.Sprintf("F1 = %v", f.Get("F1")))
	}
	if f.Total("I1") > 0 && f.Get("I2") == 0 {
		add(FlagNoGuardian, fmt.Sprintf("I1 = %v", f.Total("I1")))
	}
	if prev != nil {
		if p := prev.Figures.Get("F1"); p > 0 && f.Get("F1") >= 1.5*p {
			add(FlagRise, fmt.Sprintf("F1 %v → %v", p, f.Get("F1")))
		}
	}
	if len(same) < 2 {
		return out
	}
	want, _ := f.JSON()
	for _, o := range same {
		if o == h {
			continue
		}
		if got, _ := o.Figures.JSON(); !bytes.Equal(got, want) {
			add(FlagCorrected, "")
			break
		}
	}
	return out
}

// JSON is the county JSON: the schools with their figures, the totals in
// the figures format (so a city sums counties the same way), the codes
// of the schools missing and the flags.
func (t *Table) JSON() ([]byte, error) {
	type school struct {
		Code    string            `json:"code"`
		Name    string            `json:"name"`
		Stage   casework.Stage    `json:"stage,omitempty"`
		Months  []string          `json:"months"`
		Figures returnpkg.Figures `json:"figures"`
	}
	type flag struct {
		School string `json:"school"`
		Month  string `json:"month"`
		Rule   Rule   `json:"rule"`
		Text   string `json:"text"`
		Detail string `json:"detail,omitempty"`
	}
	doc := struct {
		Format  string            `json:"format"`
		Version int               `json:"version"`
		County  string            `json:"county"`
		From    string            `json:"from"`
		To      string            `json:"to"`
		Schools []school          `json:"schools"`
		Totals  returnpkg.Figures `json:"totals"`
		Missing []string          `json:"missing"`
		Flags   []flag            `json:"flags"`
	}{Format: "xinqing-county", Version: 1, County: t.County, From: string(t.From), To: string(t.To),
		Schools: []school{}, Totals: t.Totals, Missing: []string{}, Flags: []flag{}}
	for _, r := range t.Rows {
		if r.Figures == nil {
			continue
		}
		doc.Schools = append(doc.Schools, school{Code: r.School.Code, Name: r.School.Name, Stage: r.School.Stage, Months: r.Months, Figures: r.Figures})
	}
	for _, m := range t.Missing {
		doc.Missing = append(doc.Missing, m.School.Code)
	}
	for _, f := range t.Flags {
		zh, _ := f.Rule.Text()
		doc.Flags = append(doc.Flags, flag{School: f.School.Code, Month: f.Month, Rule: f.Rule, Text: zh, Detail: f.Detail})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("encode county JSON: %w", err)
	}
	return b.Bytes(), nil
}

// Status is a school's month in the packages grid.
type Status string

// The statuses of the packages grid: 已报, 未报, 已更正.
const (
	Reported  Status = "reported"
	NotYet    Status = "missing"
	Corrected Status = "corrected" // reported, and a newer package replaced one with other figures
)

// Grid is the status of every school of the list (in list order) in
// every month from..to.
func Grid(schools []casework.CountySchool, held []*Stored, from, to casework.Month) (months []string, rows [][]Status) {
	months = Months(from, to)
	cur, same := Current(held), ByKey(held)
	for _, s := range schools {
		row := make([]Status, len(months))
		for i, m := range months {
			h := cur[s.Code][m]
			switch {
			case h == nil:
				row[i] = NotYet
			case hasCorrected(flagsOf(s, m, h, nil, same[Key(s.Code, m)])):
				row[i] = Corrected
			default:
				row[i] = Reported
			}
		}
		rows = append(rows, row)
	}
	return months, rows
}

func hasCorrected(fs []Flag) bool {
	for _, f := range fs {
		if f.Rule == FlagCorrected {
			return true
		}
	}
	return false
}
