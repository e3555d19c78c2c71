package interchange

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
	_ "xinqing/internal/textnorm" // casework.Compose: text comes in composed (NFC)

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

// MaxRecordBytes caps one record of a document: the longest note a
// record can hold is far below it; a bigger element is refused before it
// is decoded.
const MaxRecordBytes = 8 << 20

// Import reads an interchange document from r, validates all of it and,
// only if everything is valid, writes it into st in one transaction (see
// the package comment for replace and merge). A refused document returns
// an *ImportError and leaves st untouched.
//
// The document is read as a stream, one record at a time: memory grows
// with the records it holds, not with the size of the file or of any
// value in it.
func Import(r io.Reader, st Store, opt Options) (Result, error) {
	p, err := CheckReader(r, st, opt)
	if err != nil {
		return Result{}, err
	}
	return p.Write(st)
}

// Plan is a checked document, ready to be written.
type Plan struct {
	// Doc holds the document's settings; its records are kept compact
	// (Records, Document) so that memory grows with the records' bytes,
	// not with their decoded form.
	Doc         *Document
	Result      Result
	hasSettings bool
	rr          *recordReader
	// unlinked are the consents whose attachment is not in the vault: the
	// link is dropped when they are written.
	unlinked map[string]bool
}

// Records returns the checked records of kind k, decoded anew.
func (p *Plan) Records(k casework.Kind) []casework.Record {
	var out []casework.Record
	for _, it := range p.rr.items[k] {
		out = append(out, p.record(k, it))
	}
	return out
}

// Document returns the whole checked document, every record decoded.
func (p *Plan) Document() *Document {
	d := NewDocument(p.Doc.Settings)
	for _, k := range casework.InterchangeKinds() {
		for _, rec := range p.Records(k) {
			d.Add(rec)
		}
	}
	return d
}

// record decodes a kept record as checked.
func (p *Plan) record(k casework.Kind, it item) casework.Record {
	rec := p.rr.decode(k, it.raw)
	if x, ok := rec.(*casework.Consent); ok && p.unlinked[x.ID] {
		x.AttachmentID = ""
	}
	return rec
}

// Check is CheckReader for a document in memory.
func Check(data []byte, st Store, opt Options) (*Plan, error) {
	return CheckReader(bytes.NewReader(data), st, opt)
}

// CheckReader validates the document read from r against st without
// writing: the whole document, every record, and every reference (inside
// the document or, when st holds records, in st). A refused document is an
// *ImportError.
func CheckReader(r io.Reader, st Store, opt Options) (*Plan, error) {
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
	rr := newRecordReader(c.shapes, opt.now())
	p := &Plan{Doc: NewDocument(vault), Result: Result{Merged: merge, Counts: map[string]int{}}, rr: rr, unlinked: map[string]bool{}}
	if err := c.parse(r, p, rr); err != nil {
		return nil, err
	}
	levels := vault.RiskLevels
	if !merge && p.hasSettings && p.Doc.Settings.Validate() == nil {
		levels = p.Doc.Settings.RiskLevels
	}
	if !c.failed() {
		// The records' own problems, kind by kind in the document order
		// of docs/DOMAIN.md, each kind by index.
		for _, k := range casework.InterchangeKinds() {
			if e := rr.errs[k]; e != nil {
				c.push(e.errs...)
				c.dropped += e.dropped
			}
		}
	}
	if !c.failed() {
		if err := c.records(rr, p, st, merge, levels); err != nil {
			return nil, err
		}
	}
	if c.failed() {
		e := &ImportError{Total: c.total()}
		max := min(opt.maxErrors(), len(c.errs))
		e.Errors = append(casework.ValidationErrors(nil), c.errs[:max]...)
		return nil, e
	}
	return p, nil
}

// countingReader counts what it read and keeps a read error apart from
// the decoder's syntax errors.
type countingReader struct {
	r   io.Reader
	n   int64
	err error
	// mark is where the current token or value began; no single one may
	// make the decoder read more than valueBudget past it.
	mark int64
	// The bytes are checked to be UTF-8 as they pass (the decoder would
	// turn other bytes into replacement characters without a word): up
	// holds the start of a character cut by the end of a read, lines the
	// newlines passed, badLine the line of the first byte that is not.
	up      [4]byte
	un      int
	lines   int
	badLine int
}

// errNotUTF8 stops the decoder at bytes that are not UTF-8.
var errNotUTF8 = errors.New("not UTF-8")

// valueBudget bounds what one token or value (a record, a setting) may
// make the decoder read and buffer: the record cap, the decoder's
// read-ahead (at most a previous value of that size) and a margin.
const valueBudget = 2*MaxRecordBytes + 1<<20

// errValueTooLarge stops the decoder inside a value over the budget,
// before it is buffered whole.
var errValueTooLarge = errors.New("value too large")

// utf8 checks the next bytes of the stream, carrying a character cut by
// the end of b over to the next call.
func (cr *countingReader) utf8(b []byte) bool {
	i := 0
	if cr.un > 0 {
		tmp, k := cr.up, cr.un
		for k < 4 && i < len(b) && !utf8.FullRune(tmp[:k]) {
			tmp[k] = b[i]
			k, i = k+1, i+1
		}
		if !utf8.FullRune(tmp[:k]) {
			cr.up, cr.un = tmp, k
			return true
		}
		if r, size := utf8.DecodeRune(tmp[:k]); r == utf8.RuneError && size <= 1 {
			return false
		}
		cr.un = 0
	}
	rest := b[i:]
	end := len(rest)
	for k := 1; k <= 3 && k <= len(rest); k++ {
		if utf8.RuneStart(rest[len(rest)-k]) {
			if !utf8.FullRune(rest[len(rest)-k:]) {
				end = len(rest) - k
			}
			break
		}
	}
	if !utf8.Valid(rest[:end]) {
		bad := 0
		for bad < end {
			r, n := utf8.DecodeRune(rest[bad:end])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			bad += n
		}
		cr.badLine = cr.lines + bytes.Count(rest[:bad], []byte("\n")) + 1
		return false
	}
	cr.lines += bytes.Count(b, []byte("\n"))
	cr.un = copy(cr.up[:], rest[end:])
	return true
}

// next starts the budget of the next token or value.
func (cr *countingReader) next() { cr.mark = cr.n }

func (cr *countingReader) Read(b []byte) (int, error) {
	left := valueBudget - (cr.n - cr.mark)
	if left < 0 {
		return 0, errValueTooLarge
	}
	// A big read would let the decoder buffer past the budget at once.
	if int64(len(b)) > left+1 {
		b = b[:left+1]
	}
	if cr.badLine > 0 {
		return 0, errNotUTF8 // for good: a buffered reader forgets an error once it has passed it on
	}
	n, err := cr.r.Read(b)
	cr.n += int64(n)
	if !cr.utf8(b[:n]) || err == io.EOF && cr.un > 0 {
		if cr.badLine == 0 {
			cr.badLine = cr.lines + 1
		}
		return 0, errNotUTF8
	}
	if err != nil && err != io.EOF && cr.err == nil {
		cr.err = err
	}
	return n, err
}

// envelope is what parse keeps of the document besides its records: the
// small top-level values, the arrays that were not arrays, unknown keys.
type envelope struct {
	top      map[string]json.RawMessage
	notArray map[casework.Kind]bool
	unknown  map[string]bool
	// at is the path being read, for a value over the budget.
	at string
	cr *countingReader
}

// parse streams the document from r: each element of each array goes to
// rr as soon as it is read (one element in memory at a time), the
// envelope is then checked as a whole. Document problems go to c.errs; the
// error returned is a failed read.
func (c *checker) parse(r io.Reader, p *Plan, rr *recordReader) error {
	cr := &countingReader{r: io.LimitReader(r, MaxDocumentBytes+1)}
	br := bufio.NewReaderSize(cr, 64<<10)
	// A byte order mark, as Notepad writes, is not part of the JSON.
	if b, _ := br.Peek(3); bytes.Equal(b, utf8BOM) {
		br.Discard(3)
	}
	dec := json.NewDecoder(br)
	env := &envelope{top: map[string]json.RawMessage{}, notArray: map[casework.Kind]bool{}, unknown: map[string]bool{}, cr: cr}
	err := c.stream(dec, env, rr)
	switch {
	case errors.Is(err, errNotUTF8):
		c.errs, c.dropped = nil, 0
		rr.errs = nil
		c.add("", "", casework.RuleEncoding, fmt.Sprintf("文件不是 UTF-8 编码（第 %d 行有无法识别的字节），请用记事本“另存为”UTF-8 后重试", cr.badLine))
		return nil
	case errors.Is(err, errValueTooLarge):
		c.errs, c.dropped = nil, 0
		rr.errs = nil
		c.add("", env.at, RuleType, fmt.Sprintf("%s超过 %d MiB（每条记录或每个值的上限），不是心晴导出的文件", valueWhere(env.at), MaxRecordBytes>>20))
		return nil
	case cr.n > MaxDocumentBytes:
		c.errs, c.dropped = nil, 0
		rr.errs = nil
		c.add("", "", RuleType, fmt.Sprintf("文件超过 %d MiB，不是心晴的交换文件", MaxDocumentBytes>>20))
		return nil
	case cr.err != nil:
		return fmt.Errorf("import: read: %w", cr.err)
	case errors.Is(err, errTrailing):
		c.add("", "", RuleType, "文件在 JSON 对象之后还有多余内容")
		return nil
	case err != nil:
		c.add("", "", RuleType, "文件不是交换格式的 JSON 对象"+syntaxWhere(r, err))
		return nil
	}
	c.envelope(env, p)
	return nil
}

// valueWhere names a path for a sentence.
func valueWhere(at string) string {
	if at == "" {
		return "文件中的一个值"
	}
	return "“" + at + "”"
}

var (
	errTrailing  = errors.New("content after the object")
	errNotObject = errors.New("not an object")
)

// arrayKinds maps array names to kinds.
var arrayKinds = func() map[string]casework.Kind {
	m := map[string]casework.Kind{}
	for _, k := range casework.InterchangeKinds() {
		m[k.Array()] = k
	}
	return m
}()

// stream reads the top-level object token by token.
func (c *checker) stream(dec *json.Decoder, env *envelope, rr *recordReader) error {
	env.cr.next()
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != json.Delim('{') {
		return errNotObject
	}
	known := map[string]bool{}
	for _, k := range topKeys {
		known[k] = true
	}
	seen := map[string]bool{}
	for dec.More() {
		env.at = ""
		env.cr.next()
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		env.at = shortKey(key)
		env.cr.next()
		if seen[key] {
			c.add("", key, casework.RuleDuplicate,
				fmt.Sprintf("%s中的键“%s”出现了不止一次（只能出现一次，否则其中一个值会被忽略）", where(""), shortKey(key)))
		}
		seen[key] = true
		if k, ok := arrayKinds[key]; ok {
			if err := c.array(dec, k, env, rr); err != nil {
				return err
			}
			continue
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		if known[key] {
			if err := c.duplicateKeys(json.NewDecoder(bytes.NewReader(raw)), key); err != nil {
				return err
			}
			env.top[key] = slices.Clone(raw)
		} else {
			env.unknown[key] = true
		}
	}
	env.at = ""
	env.cr.next()
	if _, err := dec.Token(); err != nil {
		return err
	}
	env.cr.next()
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			return errTrailing
		}
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return errTrailing
		}
		return err
	}
	return nil
}

// array hands each element of the array of kind k to rr, one at a time.
// A value that is not an array is skipped token by token and noted.
func (c *checker) array(dec *json.Decoder, k casework.Kind, env *envelope, rr *recordReader) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch tok {
	case nil:
		return nil
	case json.Delim('['):
		var raw json.RawMessage // reused: one element's bytes at a time
		for i := 0; dec.More(); i++ {
			env.at = fmt.Sprintf("%s[%d]", k.Array(), i)
			env.cr.next()
			if err := dec.Decode(&raw); err != nil {
				return err
			}
			rr.add(k, i, raw)
		}
		env.cr.next()
		_, err := dec.Token()
		return err
	case json.Delim('{'):
		env.notArray[k] = true
		for depth := 1; depth > 0; {
			env.cr.next()
			tok, err := dec.Token()
			if err != nil {
				return err
			}
			switch tok {
			case json.Delim('{'), json.Delim('['):
				depth++
			case json.Delim('}'), json.Delim(']'):
				depth--
			}
		}
		return nil
	}
	env.notArray[k] = true
	return nil
}

// envelope checks the document's format, version, time, arrays, keys and
// settings.
func (c *checker) envelope(env *envelope, p *Plan) {
	top := env.top
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
	for _, k := range casework.InterchangeKinds() {
		if env.notArray[k] {
			c.add(k, k.Array(), RuleType, k.Array()+" 应为数组 [...]")
		}
	}
	for _, k := range slices.Sorted(maps.Keys(env.unknown)) {
		c.add("", k, RuleUnknown, fmt.Sprintf("未知的键“%s”（键名须与交换格式完全一致）", shortKey(k)))
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
}

// generic decodes raw as generic JSON with numbers kept as text.
func generic(raw json.RawMessage) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

// syntaxWhere says near which line a JSON syntax error is, when the
// document can be read again from its start (a file, bytes in memory).
func syntaxWhere(r io.Reader, err error) string {
	var se *json.SyntaxError
	rs, ok := r.(io.ReadSeeker)
	if !errors.As(err, &se) || se.Offset <= 0 || !ok {
		return ""
	}
	if _, err := rs.Seek(0, io.SeekStart); err != nil {
		return ""
	}
	line, buf := 1, make([]byte, 64<<10)
	for left := se.Offset; left > 0; {
		n, err := rs.Read(buf[:min(int64(len(buf)), left)])
		line += bytes.Count(buf[:n], []byte("\n"))
		left -= int64(n)
		if err != nil {
			break
		}
	}
	return fmt.Sprintf("（第 %d 行附近有语法错误）", line)
}

// validation adds casework's field errors under prefix ("students[3]").
func (c *checker) validation(prefix string, err error) {
	v, ok := casework.AsValidationErrors(err)
	if !ok {
		c.add("", prefix, "invalid", "记录无效")
		return
	}
	c.push(v.Prefix(prefix)...)
}

// refs resolves references inside the document and, when merging, in
// the vault.
type refs struct {
	doc   map[casework.Kind]map[string]int
	st    Store
	merge bool
	err   error
}

func (r *refs) Exists(kind casework.Kind, id string) bool {
	if _, ok := r.doc[kind][id]; ok {
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

// item is a decoded record and its path in the document.
type item struct {
	// raw is the record's JSON, compacted: a decoded record takes about
	// twice its bytes, so records are decoded again when they are
	// validated and written rather than kept decoded.
	raw []byte
	// i is its index in its array; the path ("students[3]") is made only
	// for an error, so that a big document does not hold one per record.
	i int
}

func (it item) path(k casework.Kind) string { return fmt.Sprintf("%s[%d]", k.Array(), it.i) }

// recordReader decodes, stamps and checks the shape and id of each record
// as the stream hands it over; only the typed record is kept.
type recordReader struct {
	shapes shapes
	now    time.Time
	// ids holds each kind's ids with their index: duplicates and the
	// references inside the document are resolved from it.
	ids   map[casework.Kind]map[string]int
	items map[casework.Kind][]item
	errs  map[casework.Kind]*checker
}

func newRecordReader(sh shapes, now time.Time) *recordReader {
	return &recordReader{shapes: sh, now: casework.Stamp(now), ids: map[casework.Kind]map[string]int{},
		items: map[casework.Kind][]item{}, errs: map[casework.Kind]*checker{}}
}

// add checks element i of the array of kind k.
func (rr *recordReader) add(k casework.Kind, i int, raw json.RawMessage) {
	c := rr.errs[k]
	if c == nil {
		c = &checker{shapes: rr.shapes}
		rr.errs[k] = c
	}
	if rr.ids[k] == nil {
		rr.ids[k] = map[string]int{}
	}
	path := fmt.Sprintf("%s[%d]", k.Array(), i)
	if len(raw) > MaxRecordBytes {
		c.add(k, path, RuleType, fmt.Sprintf("记录超过 %d MiB，不是心晴导出的记录", MaxRecordBytes>>20))
		return
	}
	before := c.total()
	if err := c.duplicateKeys(json.NewDecoder(bytes.NewReader(raw)), path); err != nil || c.total() > before {
		if err != nil {
			c.add(k, path, RuleType, "记录无法读取")
		}
		return
	}
	v, err := generic(raw)
	if err != nil {
		c.add(k, path, RuleType, "记录无法读取")
		return
	}
	o, ok := v.(map[string]any)
	if !ok {
		c.add(k, path, RuleType, "记录应为对象 {...}")
		return
	}
	if !c.object(k, o, reflect.TypeOf(casework.NewRecord(k)).Elem(), path) {
		return
	}
	rec := casework.NewRecord(k)
	if err := json.Unmarshal(raw, rec); err != nil {
		c.add(k, path, RuleType, "记录无法读取")
		return
	}
	m := rec.Base()
	switch {
	case m.ID == "":
		c.add(k, path+".id", casework.RuleRequired, fieldLabel(string(k), "id")+"为必填项")
		return
	case !casework.ValidID(m.ID):
		c.add(k, path+".id", RuleID, fieldLabel(string(k), "id")+"应为小写 UUID（如 0f8e…-…）")
		return
	}
	if j, dup := rr.ids[k][m.ID]; dup {
		c.add(k, path+".id", casework.RuleDuplicate, fmt.Sprintf("%s与 %s[%d] 重复", fieldLabel(string(k), "id"), k.Array(), j))
		return
	}
	rr.ids[k][m.ID] = i
	if c.failed() {
		return // the document is refused: keep no more records
	}
	var b bytes.Buffer
	b.Grow(len(raw))
	if err := json.Compact(&b, raw); err != nil {
		c.add(k, path, RuleType, "记录无法读取")
		return
	}
	rr.items[k] = append(rr.items[k], item{raw: bytes.Clone(b.Bytes()), i: i})
}

// decode decodes a record add kept, with the times add filled in. It was
// decoded once already, so it cannot fail.
func (rr *recordReader) decode(k casework.Kind, raw []byte) casework.Record {
	rec := casework.NewRecord(k)
	if err := json.Unmarshal(raw, rec); err != nil {
		panic(fmt.Sprintf("interchange: a checked %s no longer decodes: %v", k, err))
	}
	m := rec.Base()
	if m.CreatedAt.IsZero() {
		m.CreatedAt = rr.now
	}
	if m.UpdatedAt.IsZero() {
		m.UpdatedAt = m.CreatedAt
	}
	m.CreatedAt, m.UpdatedAt = casework.Stamp(m.CreatedAt), casework.Stamp(m.UpdatedAt)
	return rec
}

// records validates every record read by rr against the others and st.
// It returns an error only for store failures; document problems go to
// c.errs.
func (c *checker) records(rr *recordReader, p *Plan, st Store, merge bool, levels []casework.RiskLevel) error {
	r := &refs{doc: rr.ids, st: st, merge: merge}
	env := casework.Env{Levels: levels, Refs: r}
	for _, k := range casework.InterchangeKinds() {
		for _, it := range rr.items[k] {
			rec := rr.decode(k, it.raw)
			if x, ok := rec.(*casework.Consent); ok && x.AttachmentID != "" && !r.Exists(casework.KindAttachment, x.AttachmentID) {
				x.AttachmentID = ""
				p.unlinked[x.ID] = true
				p.Result.DroppedAttachmentRefs++
			}
			if err := rec.Validate(env); err != nil {
				c.validation(it.path(k), err)
			}
			if r.err != nil {
				return fmt.Errorf("import: look up references: %w", r.err)
			}
			if c.failed() {
				continue
			}
			p.Result.Counts[k.Array()]++
			if !merge {
				p.Result.Added++
				continue
			}
			ok, err := st.Exists(k, rec.Base().ID)
			if err != nil {
				return fmt.Errorf("import: look up %s: %w", k, err)
			}
			if ok {
				p.Result.Updated++
			} else {
				p.Result.Added++
			}
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
			for _, it := range p.rr.items[k] {
				if err := w.Put(p.record(k, it)); err != nil {
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
