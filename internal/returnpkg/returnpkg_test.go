package returnpkg

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
)

// figuresJSON is a school's figures for month in the figures format,
// in code order, with F2 in rank order.
func figuresJSON(month string) string {
	return `{"A1":"第一中学","A2":"junior","A3":"` + month + `","A4":1200,"A5":24,"A6":"",` +
		`"B1":1,"B2":2,"B3":1,"B4":4.5,"C1":{"has_room":true,"area_m2":60},"C2":20,"C3":15,"C4":3,` +
		`"C5":["全国心理援助热线 12356"],"D1":24,"D2":6,"D3":1,` +
		`"E1":{"expected":0,"tested":0,"valid":0,"flagged":0,"confirmed":0},"F1":5,` +
		`"F2":{"red":1,"orange":2,"yellow":1,"watch":1},"F3":{"added":1,"released":0,"level_changed":0},` +
		`"F4":4,"F5":30,"F6":9,"G1":12,"G2":8,"G3":{"opened":3,"closed":1},` +
		`"G4":{"self":2,"teacher":1},"G5":{"emotion":2,"study":1},"G6":{"staff":0,"parent":1},` +
		`"H1":2,"H2":30,"I1":{"self_harm":1,"other":0},"I2":1,"I3":0,"J1":1,"J2":0,"J3":0,` +
		`"K1":{"sessions":1,"participants":80},"K2":4,"K3":1,"L1":{"classes_with_member":20,"class_count":24},` +
		`"L2":40,"L3":1,"L4":{"reports":80,"concerns":2},"M1":"","M2":"","M3":""}`
}

func testKey(b byte) ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{b}, ed25519.SeedSize))
}

func testPackage(month string) Package {
	return Package{School: School{Code: "3607000001", Name: "第一中学", County: "某县", Stage: "junior"},
		Month: month, GeneratedAt: "2026-11-02T08:00:00Z", Frozen: true,
		PDFSHA256: strings.Repeat("ab", 32), Figures: json.RawMessage(figuresJSON(month))}
}

func signed(t *testing.T, p Package, key ed25519.PrivateKey) []byte {
	t.Helper()
	b, err := Sign(p, key)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func reason(err error) Reason {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return ""
}

func TestSignVerify(t *testing.T) {
	key := testKey(1)
	b := signed(t, testPackage("2026-10"), key)
	p, err := ParseBytes(b, "a.json")
	if err != nil {
		t.Fatal(err)
	}
	if p.School.Code != "3607000001" || p.Month != "2026-10" || p.Fingerprint() != Fingerprint(key.Public().(ed25519.PublicKey)) {
		t.Fatalf("parsed %+v", p)
	}
	if !regexp.MustCompile(`^([0-9a-f]{4} ){7}[0-9a-f]{4}$`).MatchString(p.Fingerprint()) {
		t.Fatalf("fingerprint %q", p.Fingerprint())
	}
	// Deterministic: the same package signs to the same bytes.
	if again := signed(t, testPackage("2026-10"), key); !bytes.Equal(again, b) {
		t.Fatal("signing twice gave different bytes")
	}
	// F2 keeps its rank order in the file.
	if got := Keys(p.Figures, "F2"); strings.Join(got, ",") != "red,orange,yellow,watch" {
		t.Fatalf("F2 keys %v", got)
	}
	// The key registered: accepted; another: refused with both fingerprints.
	if err := Check(p, "a.json", EncodeKey(key.Public().(ed25519.PublicKey)), "2026-11"); err != nil {
		t.Fatal(err)
	}
	other := EncodeKey(testKey(2).Public().(ed25519.PublicKey))
	err = Check(p, "a.json", other, "2026-11")
	if reason(err) != ReasonKeyChanged || !IsSignature(err) {
		t.Fatalf("swapped key: %v", err)
	}
	var e *Error
	errors.As(err, &e)
	if e.Registered == e.Got || !strings.Contains(e.Chinese(), "a.json") || !strings.Contains(e.Chinese(), e.Registered) {
		t.Fatalf("key change sentence %q", e.Chinese())
	}
	if err := Check(p, "a.json", "", "2026-09"); reason(err) != ReasonFutureMonth {
		t.Fatalf("future month: %v", err)
	}
}

func TestRefusals(t *testing.T) {
	key := testKey(1)
	good := signed(t, testPackage("2026-10"), key)
	resign := func(mut func(*Package)) []byte {
		p := testPackage("2026-10")
		mut(&p)
		return signed(t, p, key)
	}
	big := resign(func(p *Package) { p.School.Name = strings.Repeat("长", MaxSize/3+10) })
	for _, tc := range []struct {
		name string
		data []byte
		want Reason
	}{
		{"tampered figure", bytes.Replace(good, []byte(`"G1": 12`), []byte(`"G1": 13`), 1), ReasonBadSignature},
		{"tampered school", bytes.Replace(good, []byte(`第一中学",`), []byte(`第二中学",`), 1), ReasonBadSignature},
		{"key swapped in the file", bytes.Replace(good, []byte(EncodeKey(key.Public().(ed25519.PublicKey))),
			[]byte(EncodeKey(testKey(2).Public().(ed25519.PublicKey))), 1), ReasonBadSignature},
		{"truncated", good[:len(good)/2], ReasonMalformed},
		{"empty", nil, ReasonMalformed},
		{"duplicate key", bytes.Replace(good, []byte(`"month":`), []byte(`"month": "2026-09", "month":`), 1), ReasonMalformed},
		{"over 1 MiB", big, ReasonTooLarge},
		{"wrong month", resign(func(p *Package) { p.Month = "2026-09" }), ReasonWrongMonth},
		{"bad month", resign(func(p *Package) { p.Month = "2026-13" }), ReasonFormat},
		{"not a package", []byte(`{"format":"xinqing-interchange","version":1}`), ReasonFormat},
		{"F2 not summing to F1", resign(func(p *Package) {
			p.Figures = json.RawMessage(strings.Replace(figuresJSON("2026-10"), `"F1":5`, `"F1":6`, 1))
		}), ReasonFigures},
		{"negative count", resign(func(p *Package) {
			p.Figures = json.RawMessage(strings.Replace(figuresJSON("2026-10"), `"C2":20`, `"C2":-1`, 1))
		}), ReasonFigures},
		{"missing count", resign(func(p *Package) {
			p.Figures = json.RawMessage(strings.Replace(figuresJSON("2026-10"), `"H1":2,`, ``, 1))
		}), ReasonFigures},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(bytes.NewReader(tc.data), "x.json")
			if reason(err) != tc.want {
				t.Fatalf("got %v, want %s", err, tc.want)
			}
			if !strings.Contains(err.Error(), "x.json") || !strings.Contains(err.(*Error).Chinese(), "x.json") {
				t.Fatalf("the sentence does not name the file: %v", err)
			}
		})
	}
	if len(big) <= MaxSize {
		t.Fatalf("the big package is %d bytes", len(big))
	}
}

func TestCanonical(t *testing.T) {
	got, err := Canonical([]byte(` {"b": [1, 2.50, {"z": true, "a": null}], "a": "<&>"} `))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != `{"a":"<&>","b":[1,2.50,{"a":null,"z":true}]}` {
		t.Fatalf("canonical %s", got)
	}
}

func TestAddKeyByKey(t *testing.T) {
	a, err := ParseFigures([]byte(figuresJSON("2026-10")))
	if err != nil {
		t.Fatal(err)
	}
	b := a.Clone()
	b["F2"] = map[string]any{"red": json.Number("2"), "level_x": json.Number("3")}
	b["F1"] = json.Number("10")
	sum := Figures{}
	sum.Add(a)
	sum.Add(b)
	for path, want := range map[string]float64{
		"F1": 15, "F2.red": 3, "F2.orange": 2, "F2.level_x": 3, "G1": 24, "B4": 9, "C1.has_room": 2, "C1.area_m2": 120,
		"I1.self_harm": 2, "G4.self": 4, "G5.emotion": 4,
	} {
		if got := sum.Get(path); got != want {
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}
	if hl, _ := sum["C5"].([]any); len(hl) != 1 {
		t.Errorf("C5 %v", sum["C5"])
	}
	// Summing the sums gives the same shape again: a city rolls counties up.
	city := Figures{}
	city.Add(sum)
	city.Add(sum)
	if city.Get("F2.red") != 6 || city.Get("C1.has_room") != 4 {
		t.Errorf("city %v %v", city.Get("F2.red"), city.Get("C1.has_room"))
	}
}
