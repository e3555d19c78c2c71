package casework

import (
	"fmt"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Compose puts text into Unicode NFC. casework imports only the standard
// library, which has no composition tables: internal/textnorm sets it when
// it is linked, and store and interchange (every way text comes in) link
// it. Nil leaves text as typed.
var Compose func(string) string

// Every text field of a record passes one gate on the way in (form, JSON
// import, Excel roster), run by the record's Validate: the text must be
// valid UTF-8 without replacement characters (the trace of a file read
// in the wrong encoding); it is put into NFC and its line ends into "\n";
// a one-line field holds no control character at all, a multi-line field
// none but newline and tab; a name or other one-line field holds no bidi
// override or isolate and no zero-width character; and every field has a
// length limit in characters.

// Rules of the text gate (FieldError.Rule).
const (
	RuleEncoding  = "encoding"
	RuleControl   = "control"
	RuleInvisible = "invisible"
	RuleLength    = "length"
)

// Length limits in characters.
const (
	MaxNameLen  = 50
	MaxCodeLen  = 100 // ids, 学籍号, phone numbers
	MaxLineLen  = 200
	MaxBlockLen = 20000
)

// textClass is what a text field may hold.
type textClass struct {
	multiLine bool
	max       int
}

var (
	textName  = textClass{max: MaxNameLen}
	textCode  = textClass{max: MaxCodeLen}
	textLine  = textClass{max: MaxLineLen}
	textBlock = textClass{multiLine: true, max: MaxBlockLen}
)

// nameKeys are the JSON keys that hold a person's name.
var nameKeys = map[string]bool{
	"name": true, "client_name": true, "guardian_name": true, "homeroom_teacher": true,
	"leader": true, "discovered_by": true, "decided_by": true, "preparer": true,
	"reviewer": true, "principal": true, "contact_person": true, "counselor": true,
	"recorder": true,
}

// lineKeys are the other one-line keys; every key not listed here and not
// a name, id or code is multi-line.
var lineKeys = map[string]textClass{
	"id": textCode, "student_no": textCode, "guardian_phone": textCode, "phone": textCode,
	"case_no": textCode, "sha256": textCode, "level": textCode, "code": textCode,
	"grade": textLine, "class": textLine, "guardian_relation": textLine, "title": textLine,
	"series": textLine, "target": textLine, "place": textLine, "institution": textLine,
	"department": textLine, "topic": textLine, "role": textLine, "school": textLine,
	"filename": textLine, "mime": textCode, "pdf_sha256": textCode, "color": textLine, "label": textLine,
	"institution_address": textLine, "institution_phone": textCode,
}

func classOf(key string) textClass {
	switch {
	case nameKeys[key]:
		return textName
	case strings.HasSuffix(key, "_id") || strings.HasSuffix(key, "_ids"):
		return textCode
	}
	if c, ok := lineKeys[key]; ok {
		return c
	}
	return textBlock
}

// CheckText checks one text value of a record of kind under the field's
// JSON key as Validate does, and returns it in normal form; a refusal is
// a ValidationErrors naming the field. Forms may call it as the user
// types.
func CheckText(kind Kind, key, value string) (string, error) {
	c := newChecker(kind, Env{})
	value = c.checkText(key, value)
	return value, c.result()
}

// checkText checks value under key (an element of a list: "ids[2]") and
// returns it in normal form.
func (c *checker) checkText(key, value string) string {
	base := key
	if i := strings.IndexByte(base, '['); i >= 0 {
		base = base[:i]
	}
	cls := classOf(base)
	if !utf8.ValidString(value) || strings.ContainsRune(value, utf8.RuneError) {
		c.fail(key, RuleEncoding, "%s含有无法识别的字符（文件的编码可能不对，请存为 UTF-8 后重试）",
			"%s contains characters that cannot be read (save the file as UTF-8 and try again)")
		return value
	}
	if cls.multiLine && strings.ContainsRune(value, '\r') {
		value = strings.ReplaceAll(strings.ReplaceAll(value, "\r\n", "\n"), "\r", "\n")
	}
	if Compose != nil {
		value = Compose(value)
	}
	n := 0
	for _, r := range value {
		n++
		switch {
		case isControl(r) && !(cls.multiLine && (r == '\n' || r == '\t')):
			if cls.multiLine {
				c.fail(key, RuleControl, "%s的第 %d 个字符是不可见的控制字符，请删除",
					"%s: character %d is an invisible control character; delete it", n)
			} else {
				c.fail(key, RuleControl, "%s只能填一行，不能含换行、制表符或控制字符（第 %d 个字符）",
					"%s must be one line without tabs or control characters (character %d)", n)
			}
			return value
		case !cls.multiLine && isInvisibleMark(r):
			c.fail(key, RuleInvisible, "%s含有看不见的文字方向符或零宽字符（第 %d 个字符），请重新输入",
				"%s contains an invisible direction mark or zero-width character (character %d); type it again", n)
			return value
		}
	}
	if n > cls.max {
		c.fail(key, RuleLength, "%s最多 %d 个字，现有 %d 个字", "%s may hold at most %d characters; it has %d", cls.max, n)
	}
	return value
}

// isControl reports C0 and C1 controls and DEL.
func isControl(r rune) bool { return r < 0x20 || r >= 0x7F && r < 0xA0 }

// isInvisibleMark reports bidi embeddings, overrides, isolates and marks,
// zero-width characters and the byte order mark.
func isInvisibleMark(r rune) bool {
	switch {
	case r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2060 && r <= 0x2069,
		r == 0xFEFF, r == 0x061C, r == 0x00AD, r == 0x180E:
		return true
	}
	return unicode.Is(unicode.Bidi_Control, r)
}

// text runs the gate over every string field of the record rec (a
// pointer), writing the normal form back.
func (c *checker) text(rec any) {
	v := reflect.ValueOf(rec)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return
	}
	c.textStruct(v.Elem())
}

var (
	stringType = reflect.TypeFor[string]()
	pkgPath    = reflect.TypeFor[Meta]().PkgPath()
)

func (c *checker) textStruct(v reflect.Value) {
	t := v.Type()
	for i := range t.NumField() {
		sf := t.Field(i)
		fv := v.Field(i)
		if !sf.IsExported() {
			continue
		}
		key, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if key == "-" {
			continue
		}
		if sf.Anonymous && key == "" && fv.Kind() == reflect.Struct {
			c.textStruct(fv)
			continue
		}
		if key == "" {
			key = sf.Name
		}
		c.textValue(key, fv)
	}
}

func (c *checker) textValue(key string, v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if v.Type() != stringType || !v.CanSet() {
			return // enum codes, dates and times have their own rules
		}
		c.textField(key, v)
	case reflect.Struct:
		if v.Type().PkgPath() != pkgPath {
			return
		}
		c.in(key, snake(v.Type().Name())).textStruct(v)
	case reflect.Pointer:
		if !v.IsNil() {
			c.textValue(key, v.Elem())
		}
	case reflect.Slice:
		et := v.Type().Elem()
		for i := range v.Len() {
			e := v.Index(i)
			switch {
			case et == stringType:
				c.textField(fmt.Sprintf("%s[%d]", key, i), e)
			case e.Kind() == reflect.Struct && et.PkgPath() == pkgPath:
				c.at(key, i, snake(et.Name())).textStruct(e)
			}
		}
	}
}

func (c *checker) textField(key string, v reflect.Value) {
	if s := c.checkText(key, v.String()); s != v.String() {
		v.SetString(s)
	}
}

// snake turns a Go type name into its label group: LevelEntry → level_entry.
func snake(name string) string {
	var b strings.Builder
	for i, r := range name {
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
