package interchange

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"time"

	"xinqing/internal/casework"
)

// DefaultMaxErrors is how many errors an ImportError lists by default.
const DefaultMaxErrors = 50

// MaxDocumentBytes caps what Import reads: the ten-year demo school is
// about 30 MiB, so a real vault's document stays far below it.
const MaxDocumentBytes = 512 << 20

// Options tune an import. The zero value is usable.
type Options struct {
	// Now stamps records that carry no created_at or updated_at; nil
	// means time.Now.
	Now func() time.Time
	// MaxErrors caps the errors listed (the total is always counted);
	// 0 means DefaultMaxErrors.
	MaxErrors int
}

func (o Options) now() time.Time {
	if o.Now == nil {
		return time.Now()
	}
	return o.Now()
}

func (o Options) maxErrors() int {
	if o.MaxErrors <= 0 {
		return DefaultMaxErrors
	}
	return o.MaxErrors
}

// Result says what an import wrote.
type Result struct {
	// Merged is true when the vault held records and the document was
	// merged into it; false when it replaced an empty vault.
	Merged bool
	// Added and Updated count records created and replaced by id.
	Added, Updated int
	// Counts is the number of records imported per array name.
	Counts map[string]int
	// DroppedAttachmentRefs counts consents whose attachment_id was
	// cleared because the attachment is not in the receiving vault.
	DroppedAttachmentRefs int
}

// ImportError is a refused document: nothing was written. Errors lists at
// most the first MaxErrors problems, each keyed "array[index].key";
// Total counts all of them.
type ImportError struct {
	Errors casework.ValidationErrors
	Total  int
}

// Error lists the problems in Chinese, one a line, and says how many more
// there are.
func (e *ImportError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "导入文件有 %d 处问题，未写入任何数据：", e.Total)
	for _, f := range e.Errors {
		b.WriteString("\n")
		if f.Key != "" {
			b.WriteString(f.Key)
			b.WriteString(": ")
		}
		b.WriteString(f.MessageZH)
	}
	if more := e.Total - len(e.Errors); more > 0 {
		fmt.Fprintf(&b, "\n……另有 %d 处问题未列出", more)
	}
	return b.String()
}

// Unwrap makes an ImportError an EINVALID domain error.
func (e *ImportError) Unwrap() error { return e.Errors }

// Has reports whether some listed error is about key (an exact path such
// as "students[3].birth_date") or about something inside it.
func (e *ImportError) Has(key string) bool {
	for _, f := range e.Errors {
		if f.Key == key || strings.HasPrefix(f.Key, key+".") || strings.HasPrefix(f.Key, key+"[") {
			return true
		}
	}
	return false
}

// topKeys are the keys of the document besides the arrays.
var topKeys = []string{"format", "version", "exported_at", "settings"}

// Import reads an interchange document from r, validates all of it and,
// only if everything is valid, writes it into st in one transaction (see
// the package comment for replace and merge). A refused document returns
// an *ImportError and leaves st untouched.
func Import(r io.Reader, st Store, opt Options) (Result, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxDocumentBytes+1))
	if err != nil {
		return Result{}, fmt.Errorf("import: read: %w", err)
	}
	if len(data) > MaxDocumentBytes {
		return Result{}, &ImportError{Total: 1, Errors: casework.ValidationErrors{{Rule: RuleType,
			MessageZH: fmt.Sprintf("文件超过 %d MiB，不是心晴的交换文件", MaxDocumentBytes>>20), MessageEN: "document too large"}}}
	}
	p, err := Check(data, st, opt)
	if err != nil {
		return Result{}, err
	}
	return p.Write(st)
}

// Plan is a checked document, ready to be written.
type Plan struct {
	Doc         *Document
	Result      Result
	hasSettings bool
}

// Check validates data against st without writing: the whole document,
// every record, and every reference (inside the document or, when st
// holds records, in st). A refused document is an *ImportError.
func Check(data []byte, st Store, opt Options) (*Plan, error) {
	merge := false
	for _, k := range casework.InterchangeKinds() {
		n, err := st.Count(k)
		if err != nil {
			return nil, fmt.Errorf("import: count %s: %w", k, err)
		}
		if n > 0 {
			merge = true
			break
		}
	}
	vault, err := st.Settings()
	if err != nil {
		return nil, fmt.Errorf("import: read settings: %w", err)
	}
	c := &checker{shapes: shapes{}}
	p := &Plan{Doc: NewDocument(vault), Result: Result{Merged: merge, Counts: map[string]int{}}}
	raws := c.parse(data, p)
	levels := vault.RiskLevels
	if !merge && p.hasSettings && p.Doc.Settings.Validate() == nil {
		levels = p.Doc.Settings.RiskLevels
	}
	if len(c.errs) == 0 {
		if err := c.records(raws, p, st, merge, levels, opt.now()); err != nil {
			return nil, err
		}
	}
	if len(c.errs) > 0 {
		e := &ImportError{Total: len(c.errs)}
		max := min(opt.maxErrors(), len(c.errs))
		e.Errors = append(casework.ValidationErrors(nil), c.errs[:max]...)
		return nil, e
	}
	return p, nil
}

// parse checks the document's envelope and returns each present array's
// elements, raw.
func (c *checker) parse(data []byte, p *Plan) map[casework.Kind][]json.RawMessage {
	data, ok := c.precheck(data)
	if !ok {
		return nil
	}
	var top map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&top); err != nil || top == nil {
		c.add("", "", RuleType, "文件不是交换格式的 JSON 对象"+syntaxWhere(data, err))
		return nil
	}
	if _, err := dec.Token(); err != io.EOF {
		c.add("", "", RuleType, "文件在 JSON 对象之后还有多余内容")
		return nil
	}
	var format string
	if raw, ok := top["format"]; !ok || json.Unmarshal(raw, &format) != nil || format != Format {
		c.add("", "format", casework.RuleFormat, "format 应为 \""+Format+"\"（这不是心晴的交换文件）")
	}
	var version json.Number
	if raw, ok := top["version"]; !ok || json.Unmarshal(raw, &version) != nil || version.String() != "1" && version.String() != "2" {
		c.add("", "version", casework.RuleFormat, "version 应为 1 或 2（此文件的版本本程序无法读取）")
	}
	if raw, ok := top["exported_at"]; ok && string(raw) != "null" {
		var v any
		_ = json.Unmarshal(raw, &v)
		c.shape("", v, timeType, "exported_at", "导出时间")
	}
	known := map[string]bool{}
	for _, k := range topKeys {
		known[k] = true
	}
	raws := map[casework.Kind][]json.RawMessage{}
	for _, k := range casework.InterchangeKinds() {
		known[k.Array()] = true
		raw, ok := top[k.Array()]
		if !ok || string(raw) == "null" {
			continue
		}
		var elems []json.RawMessage
		if err := json.Unmarshal(raw, &elems); err != nil {
			c.add(k, k.Array(), RuleType, k.Array()+" 应为数组 [...]")
			continue
		}
		raws[k] = elems
	}
	for _, k := range sortedKeys(anyMap(top)) {
		if !known[k] {
			c.add("", k, RuleUnknown, fmt.Sprintf("未知的键“%s”（键名须与交换格式完全一致）", shortKey(k)))
		}
	}
	if raw, ok := top["settings"]; ok && string(raw) != "null" {
		v, err := generic(raw)
		if err == nil && c.shape("settings", v, reflect.TypeFor[casework.Settings](), "settings", "设置") {
			var s casework.Settings
			if err := json.Unmarshal(raw, &s); err != nil {
				c.add("settings", "settings", RuleType, "设置无法读取")
			} else if err := s.Validate(); err != nil {
				c.validation("settings", err)
			} else {
				p.Doc.Settings, p.hasSettings = s, true
			}
		}
	}
	return raws
}

func anyMap(m map[string]json.RawMessage) map[string]any {
	o := make(map[string]any, len(m))
	for k := range m {
		o[k] = nil
	}
	return o
}

// generic decodes raw as generic JSON with numbers kept as text.
func generic(raw json.RawMessage) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

// syntaxWhere says on which line a JSON syntax error is.
func syntaxWhere(data []byte, err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) && se.Offset > 0 && se.Offset <= int64(len(data)) {
		line := bytes.Count(data[:se.Offset], []byte("\n")) + 1
		return fmt.Sprintf("（第 %d 行附近有语法错误）", line)
	}
	return ""
}

// validation adds casework's field errors under prefix ("students[3]").
func (c *checker) validation(prefix string, err error) {
	v, ok := casework.AsValidationErrors(err)
	if !ok {
		c.add("", prefix, "invalid", "记录无效")
		return
	}
	c.errs = append(c.errs, v.Prefix(prefix)...)
}

// refs resolves references inside the document and, when merging, in
// the vault.
type refs struct {
	doc   map[casework.Kind]map[string]bool
	st    Store
	merge bool
	err   error
}

func (r *refs) Exists(kind casework.Kind, id string) bool {
	if r.doc[kind][id] {
		return true
	}
	if !r.merge || r.err != nil {
		return false
	}
	ok, err := r.st.Exists(kind, id)
	if err != nil {
		r.err = err
		return false
	}
	return ok
}

// records decodes, stamps and validates every record. It returns an
// error only for store failures; document problems go to c.errs.
func (c *checker) records(raws map[casework.Kind][]json.RawMessage, p *Plan, st Store, merge bool, levels []casework.RiskLevel, now time.Time) error {
	r := &refs{doc: map[casework.Kind]map[string]bool{}, st: st, merge: merge}
	type item struct {
		rec  casework.Record
		path string
	}
	var items []item
	now = casework.Stamp(now)
	for _, k := range casework.InterchangeKinds() {
		ids := map[string]int{}
		r.doc[k] = map[string]bool{}
		t := reflect.TypeOf(casework.NewRecord(k)).Elem()
		for i, raw := range raws[k] {
			path := fmt.Sprintf("%s[%d]", k.Array(), i)
			v, err := generic(raw)
			if err != nil {
				c.add(k, path, RuleType, "记录无法读取")
				continue
			}
			o, ok := v.(map[string]any)
			if !ok {
				c.add(k, path, RuleType, "记录应为对象 {...}")
				continue
			}
			if !c.object(k, o, t, path) {
				continue
			}
			rec := casework.NewRecord(k)
			if err := json.Unmarshal(raw, rec); err != nil {
				c.add(k, path, RuleType, "记录无法读取")
				continue
			}
			m := rec.Base()
			switch {
			case m.ID == "":
				c.add(k, path+".id", casework.RuleRequired, fieldLabel(string(k), "id")+"为必填项")
				continue
			case !casework.ValidID(m.ID):
				c.add(k, path+".id", RuleID, fieldLabel(string(k), "id")+"应为小写 UUID（如 0f8e…-…）")
				continue
			}
			if j, dup := ids[m.ID]; dup {
				c.add(k, path+".id", casework.RuleDuplicate, fmt.Sprintf("%s与 %s[%d] 重复", fieldLabel(string(k), "id"), k.Array(), j))
				continue
			}
			ids[m.ID] = i
			r.doc[k][m.ID] = true
			if m.CreatedAt.IsZero() {
				m.CreatedAt = now
			}
			if m.UpdatedAt.IsZero() {
				m.UpdatedAt = m.CreatedAt
			}
			m.CreatedAt, m.UpdatedAt = casework.Stamp(m.CreatedAt), casework.Stamp(m.UpdatedAt)
			items = append(items, item{rec, path})
		}
	}
	if len(c.errs) > 0 {
		return nil
	}
	env := casework.Env{Levels: levels, Refs: r}
	for _, it := range items {
		if x, ok := it.rec.(*casework.Consent); ok && x.AttachmentID != "" && !r.Exists(casework.KindAttachment, x.AttachmentID) {
			x.AttachmentID = ""
			p.Result.DroppedAttachmentRefs++
		}
		if err := it.rec.Validate(env); err != nil {
			c.validation(it.path, err)
		}
		if r.err != nil {
			return fmt.Errorf("import: look up references: %w", r.err)
		}
	}
	if len(c.errs) > 0 {
		return nil
	}
	for _, it := range items {
		k := it.rec.RecordKind()
		p.Doc.Add(it.rec)
		p.Result.Counts[k.Array()]++
		if !merge {
			p.Result.Added++
			continue
		}
		ok, err := st.Exists(k, it.rec.Base().ID)
		if err != nil {
			return fmt.Errorf("import: look up %s: %w", k, err)
		}
		if ok {
			p.Result.Updated++
		} else {
			p.Result.Added++
		}
	}
	return nil
}

// Write puts the checked document into st in one transaction. st must be
// the store the plan was checked against, unchanged since.
func (p *Plan) Write(st Store) (Result, error) {
	err := st.Write(func(w Writer) error {
		if !p.Result.Merged && p.hasSettings {
			if err := w.PutSettings(p.Doc.Settings); err != nil {
				return fmt.Errorf("write settings: %w", err)
			}
		}
		for _, k := range casework.InterchangeKinds() {
			for _, rec := range p.Doc.Records(k) {
				if err := w.Put(rec); err != nil {
					return fmt.Errorf("write %s: %w", k, err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return Result{}, fmt.Errorf("import: %w", err)
	}
	return p.Result, nil
}
