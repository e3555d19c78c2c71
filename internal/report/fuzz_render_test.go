package report

import (
	"bytes"
	"encoding/binary"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"xinqing/internal/casework"
)

// setStrings sets every field of plain type string reachable from v
// (through structs, pointers and slices) to s. Named string types (enum
// codes, dates) keep their values so that the documents still render.
func setStrings(v reflect.Value, s string) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			setStrings(v.Elem(), s)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Field(i); f.CanSet() {
				setStrings(f, s)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			setStrings(v.Index(i), s)
		}
	case reflect.String:
		if v.Type() == reflect.TypeFor[string]() && v.CanSet() {
			v.SetString(s)
		}
	}
}

// fuzzText builds a text from data: the bytes as they are (invalid UTF-8
// included) and every three bytes read as a code point of any plane,
// surrogates and private use included.
func fuzzText(data []byte) string {
	var b strings.Builder
	b.Write(data)
	for len(data) >= 3 {
		r := rune(binary.BigEndian.Uint32(append([]byte{0}, data[:3]...)) % (utf8.MaxRune + 0x800))
		data = data[3:]
		b.WriteRune(r)
	}
	return b.String()
}

// FuzzRenderDocuments feeds arbitrary characters into every text field of
// every document: rendering may refuse but must never panic, and a
// character without a glyph is reported, not fatal.
func FuzzRenderDocuments(f *testing.F) {
	for _, seed := range []string{"李𠮷", "欧阳䶮喆", "\x00\a\u202e\ufeff", "\xff\xfe", "\U0010FFFF\uE000\U000F0000",
		"\xed\xa0\x80", "😀👨‍👩‍👧", strings.Repeat("长", 300)} {
		f.Add([]byte(seed))
	}
	f.Add([]byte{0x00, 0xD8, 0x00, 0x02, 0x0B, 0xB7, 0x10, 0xFF, 0xFF, 0x0F, 0x00, 0x00})
	f.Fuzz(func(t *testing.T, data []byte) {
		s := fuzzText(data)
		labels := testLabels(t)
		with := func(v any) any {
			p := reflect.New(reflect.TypeOf(v))
			p.Elem().Set(reflect.ValueOf(v))
			setStrings(p, s)
			return p.Elem().Interface()
		}
		m, d := sampleMonthly(t)
		docs := map[string]func() ([]byte, error){
			"case": func() ([]byte, error) { return RenderCaseRecord(with(sampleCaseFile()).(CaseFile), labels, fixedNow()) },
			"group": func() ([]byte, error) {
				return RenderGroupRecord(s, with(sampleGroupSession()).(casework.GroupSession), labels, fixedNow())
			},
			"committee": func() ([]byte, error) {
				return RenderCommitteeRoster(with(sampleRoster()).(CommitteeRoster), labels, fixedNow())
			},
			"referral": func() ([]byte, error) {
				return RenderReferralLetter(with(sampleReferralLetter()).(ReferralLetter), fixedNow())
			},
			"key": func() ([]byte, error) {
				return RenderKeyStudentList(with(sampleKeyStudentList()).(KeyStudentList), labels, fixedNow())
			},
			"recovery": func() ([]byte, error) { return RenderRecoverySheet(with(sampleSheet()).(RecoverySheet), fixedNow()) },
			"monthly":  func() ([]byte, error) { return RenderMonthlyReturn(with(m).(MonthlyReturn), labels, fixedNow()) },
			"term": func() ([]byte, error) {
				return RenderTermStatistics(with(sampleTerm(t, d)).(TermStatistics), labels, fixedNow())
			},
			"selfcheck": func() ([]byte, error) {
				return RenderSelfCheck(with(sampleSelfCheck(t)).(SelfCheckForm), labels, fixedNow())
			},
		}
		for name, render := range docs {
			pdf, err := render()
			if err == nil || errors.Is(err, ErrMissingGlyphs) {
				if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
					t.Errorf("%s: no PDF (err %v)", name, err)
				}
			}
		}
	})
}
