package county

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"xinqing/internal/casework"
	"xinqing/internal/returnpkg"
)

// fig is a school's month in the figures format; the numbers that the
// tests sum are parameters, the rest fixed.
type fig struct {
	f1, red, orange, f6, g1, h1, i1Self, i1Other, i2 int
	g4Self, g5Emotion                                int
	c2                                               int
}

func (x fig) json(name, month string) string {
	return fmt.Sprintf(`{"A1":%q,"A2":"junior","A3":%q,"A4":1000,"A5":20,"A6":"",`+
		`"B1":1,"B2":0,"B3":1,"B4":2,"C1":{"has_room":true,"area_m2":50},"C2":%d,"C3":1,"C4":0,"C5":[],`+
		`"D1":4,"D2":1,"D3":0,"E1":{"expected":0,"tested":0,"valid":0,"flagged":0,"confirmed":0},`+
		`"F1":%d,"F2":{"red":%d,"orange":%d},"F3":{"added":0,"released":0,"level_changed":0},"F4":0,"F5":3,"F6":%d,`+
		`"G1":%d,"G2":0,"G3":{"opened":1,"closed":0},"G4":{"self":%d,"teacher":1},"G5":{"emotion":%d,"study":0},`+
		`"G6":{"staff":0,"parent":0},"H1":%d,"H2":0,"I1":{"self_harm":%d,"other":%d},"I2":%d,"I3":0,`+
		`"J1":1,"J2":0,"J3":0,"K1":{"sessions":0,"participants":0},"K2":0,"K3":0,`+
		`"L1":{"classes_with_member":10,"class_count":20},"L2":12,"L3":0,"L4":{"reports":0,"concerns":0},"M1":"","M2":"","M3":""}`,
		name, month, x.c2, x.f1, x.red, x.orange, x.f6, x.g1, x.g4Self, x.g5Emotion, x.h1, x.i1Self, x.i1Other, x.i2)
}

func key(b byte) ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{b}, ed25519.SeedSize))
}

func pub(k ed25519.PrivateKey) string { return returnpkg.EncodeKey(k.Public().(ed25519.PublicKey)) }

var seq int

// pkg signs and parses a package of school code for month.
func pkg(t *testing.T, k ed25519.PrivateKey, code, month string, at string, x fig) *Stored {
	t.Helper()
	b, err := returnpkg.Sign(returnpkg.Package{School: returnpkg.School{Code: code, Name: "学校" + code},
		Month: month, GeneratedAt: at, PDFSHA256: strings.Repeat("0", 64), Figures: json.RawMessage(x.json("学校"+code, month))}, k)
	if err != nil {
		t.Fatal(err)
	}
	seq++
	s, err := Read(fmt.Sprint("p", seq), b, time.Unix(int64(seq), 0))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func schools() []casework.CountySchool {
	return []casework.CountySchool{
		{Code: "001", Name: "甲小学", Active: true, PublicKey: pub(key(1))},
		{Code: "002", Name: "乙中学", Active: true, PublicKey: pub(key(2))},
		{Code: "003", Name: "丙中学", Active: true, PublicKey: pub(key(3))},
	}
}

func TestReadSchoolsRefusesADuplicateCodeNamingTheRow(t *testing.T) {
	rows := [][]string{{"某县学校名单"}, {"序号", "学校代码", "学校名称", "学段"}, {"1", "001", "甲小学", "小学"}, {"2", "002", "乙中学", "junior"}, {"3", "001", "丙中学", ""}}
	_, err := ReadSchools("名单.csv", rows)
	var le *ListError
	if !errors.As(err, &le) || le.Row != 5 || !strings.Contains(le.Chinese(), "名单.csv") || !strings.Contains(le.Chinese(), "第 3 行") {
		t.Fatalf("got %v", err)
	}
	got, err := ReadSchools("名单.csv", rows[:4])
	if err != nil || len(got) != 2 || got[0].Stage != casework.StagePrimary || got[1].Stage != casework.StageJunior || !got[0].Active {
		t.Fatalf("got %+v, %v", got, err)
	}
	if _, err := ReadSchools("x.csv", [][]string{{"姓名", "班级"}}); err == nil {
		t.Fatal("a list without its header was read")
	}
}

func TestDecide(t *testing.T) {
	ss := schools()
	ss[2].PublicKey = ""
	a := pkg(t, key(1), "001", "2026-10", "2026-11-01T08:00:00Z", fig{})
	if d, err := Decide(ss, nil, a.Package, "a.json", "2026-11", false); err != nil || d.Outcome != Added || d.RegisterKey {
		t.Fatalf("first: %+v %v", d, err)
	}
	held := []*Stored{a}
	if d, err := Decide(ss, held, a.Package, "a.json", "2026-11", false); err != nil || d.Outcome != Duplicate {
		t.Fatalf("duplicate: %+v %v", d, err)
	}
	b := pkg(t, key(1), "001", "2026-10", "2026-11-03T08:00:00Z", fig{g1: 2})
	if d, err := Decide(ss, held, b.Package, "b.json", "2026-11", false); err != nil || d.Outcome != Superseded {
		t.Fatalf("superseding: %+v %v", d, err)
	}
	old := pkg(t, key(1), "001", "2026-10", "2026-10-31T08:00:00Z", fig{})
	if d, err := Decide(ss, held, old.Package, "o.json", "2026-11", false); err != nil || d.Outcome != Older {
		t.Fatalf("older: %+v %v", d, err)
	}
	// Signed by another key than the one registered: refused, unless confirmed.
	sw := pkg(t, key(9), "001", "2026-09", "2026-10-01T08:00:00Z", fig{})
	_, err := Decide(ss, held, sw.Package, "s.json", "2026-11", false)
	if !returnpkg.IsSignature(err) {
		t.Fatalf("swapped key: %v", err)
	}
	if d, err := Decide(ss, held, sw.Package, "s.json", "2026-11", true); err != nil || !d.KeyChanged {
		t.Fatalf("confirmed key change: %+v %v", d, err)
	}
	// A school with no key registers its first.
	c := pkg(t, key(3), "003", "2026-10", "2026-11-01T08:00:00Z", fig{})
	if d, err := Decide(ss, held, c.Package, "c.json", "2026-11", false); err != nil || !d.RegisterKey {
		t.Fatalf("register: %+v %v", d, err)
	}
	for name, tc := range map[string]struct {
		p    *Stored
		want returnpkg.Reason
	}{
		"unknown school": {pkg(t, key(4), "004", "2026-10", "2026-11-01T08:00:00Z", fig{}), returnpkg.ReasonUnknown},
		"future month":   {pkg(t, key(1), "001", "2026-12", "2026-11-01T08:00:00Z", fig{}), returnpkg.ReasonFutureMonth},
	} {
		_, err := Decide(ss, held, tc.p.Package, "f.json", "2026-11", false)
		var e *returnpkg.Error
		if !errors.As(err, &e) || e.Reason != tc.want || !strings.Contains(e.Chinese(), "f.json") {
			t.Errorf("%s: got %v", name, err)
		}
	}
}

// A hand-made county of three schools in October, with September for the
// rise of F1 and a corrected package; every total is computed by hand.
func TestTableSumsByHandAndFlags(t *testing.T) {
	held := []*Stored{
		pkg(t, key(1), "001", "2026-09", "2026-10-01T08:00:00Z", fig{f1: 2, red: 1, orange: 1, f6: 1, g1: 1}),
		pkg(t, key(1), "001", "2026-10", "2026-11-01T08:00:00Z", fig{f1: 3, red: 1, orange: 2, f6: 0, g1: 5, h1: 1,
			i1Self: 1, i2: 0, g4Self: 2, g5Emotion: 1, c2: 10}),
		pkg(t, key(2), "002", "2026-10", "2026-11-01T08:00:00Z", fig{f1: 4, red: 2, orange: 2, f6: 3, g1: 0, h1: 0,
			i1Self: 0, i1Other: 2, i2: 2, g4Self: 1, g5Emotion: 3, c2: 7}),
		// 002 corrected its October: the older package had other figures.
		pkg(t, key(2), "002", "2026-10", "2026-10-31T08:00:00Z", fig{f1: 4, red: 2, orange: 2, f6: 3, g1: 9}),
	}
	tb := Build("某县", schools(), held, "2026-10", "2026-10")
	tot := tb.Totals
	for path, want := range map[string]float64{
		"F1": 7, "F2.red": 3, "F2.orange": 4, "G1": 5, "H1": 1, "C2": 17, "I1.self_harm": 1, "I1.other": 2,
		"I2": 2, "G4.self": 3, "G4.teacher": 2, "G5.emotion": 4, "G5.study": 0, "C1.has_room": 2, "C1.area_m2": 100,
		"A4": 2000, "L1.classes_with_member": 20,
	} {
		if got := tot.Get(path); got != want {
			t.Errorf("total %s = %v, want %v", path, got, want)
		}
	}
	if tb.Level1 != 3 || tot["A1"] != "某县" {
		t.Errorf("level 1 %v, A1 %v", tb.Level1, tot["A1"])
	}
	if err := tot.Validate(); err != nil {
		t.Errorf("the totals break the table's rules: %v", err)
	}
	if len(tb.Missing) != 1 || tb.Missing[0].School.Code != "003" {
		t.Fatalf("missing %+v", tb.Missing)
	}
	got := map[string]bool{}
	for _, f := range tb.Flags {
		got[f.School.Code+" "+string(f.Rule)] = true
	}
	want := []string{"003 missing", "001 no_follow_up", "001 guardian_not_told", "001 key_students_rose",
		"002 no_counseling", "002 corrected"}
	for _, w := range want {
		if !got[w] {
			t.Errorf("no flag %q in %v", w, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("flags %v, want exactly %v", got, want)
	}

	// The county JSON sums the same way again: a city adds two counties.
	b, err := tb.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Schools []json.RawMessage `json:"schools"`
		Totals  json.RawMessage   `json:"totals"`
		Missing []string          `json:"missing"`
		Flags   []json.RawMessage `json:"flags"`
	}
	if err := json.Unmarshal(b, &doc); err != nil || len(doc.Schools) != 2 || len(doc.Missing) != 1 || len(doc.Flags) != 6 {
		t.Fatalf("county JSON %s: %v", b, err)
	}
	county, err := returnpkg.ParseFigures(doc.Totals)
	if err != nil {
		t.Fatal(err)
	}
	city := returnpkg.Figures{}
	city.Add(county)
	city.Add(county)
	if city.Get("F2.red") != 6 || city.Get("I1.other") != 4 || city.Get("G5.emotion") != 8 {
		t.Errorf("city %v %v %v", city.Get("F2.red"), city.Get("I1.other"), city.Get("G5.emotion"))
	}
}

func TestTableOverMonthsSumsCountsAndKeepsTheLastRegister(t *testing.T) {
	held := []*Stored{
		pkg(t, key(1), "001", "2026-09", "2026-10-01T08:00:00Z", fig{f1: 2, red: 1, orange: 1, f6: 1, g1: 1, c2: 3}),
		pkg(t, key(1), "001", "2026-10", "2026-11-01T08:00:00Z", fig{f1: 3, red: 1, orange: 2, f6: 2, g1: 5, c2: 10}),
	}
	tb := Build("某县", schools()[:1], held, "2026-09", "2026-10")
	r := tb.Rows[0].Figures
	if r.Get("G1") != 6 || r.Get("C2") != 13 || r.Get("F1") != 3 || r.Get("F2.orange") != 2 || r.Get("F6") != 3 || r.Get("A4") != 1000 {
		t.Fatalf("period figures G1 %v C2 %v F1 %v F2.orange %v F6 %v A4 %v", r.Get("G1"), r.Get("C2"), r.Get("F1"), r.Get("F2.orange"), r.Get("F6"), r.Get("A4"))
	}
	if tb.Period() != "2026-09 至 2026-10" {
		t.Fatal(tb.Period())
	}
}
