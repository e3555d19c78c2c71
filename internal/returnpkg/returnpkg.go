// Package returnpkg is the signed return package (format
// "xinqing-return", docs/DOMAIN.md "County roll-up"): the figures of one
// school's monthly return, written beside its PDF and read by the
// county. It is pure: bytes in, bytes out, no files, no clock.
//
// The signature is Ed25519 (standard library) over the canonical JSON of
// the whole document except its "signature" member: keys sorted, no
// spaces, numbers exactly as written. Anything added to the document is
// therefore covered too. A key is shown as its fingerprint, 8 groups of
// 4 hex digits of its SHA-256, so that a person can compare it with the
// one printed on the return.
package returnpkg

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Format and Version name the document.
const (
	Format  = "xinqing-return"
	Version = 1
	// MaxSize is the largest package read: a return's figures are a few
	// kilobytes, so anything near this is not a package.
	MaxSize = 1 << 20
)

// School names the school that signed.
type School struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	County string `json:"county"`
	Stage  string `json:"stage"`
}

// Signature is the signing key and the signature of the package.
type Signature struct {
	PublicKey string `json:"public_key"`
	Value     string `json:"value"`
}

// Package is one school's monthly return as figures.
type Package struct {
	Format      string          `json:"format"`
	Version     int             `json:"version"`
	School      School          `json:"school"`
	Month       string          `json:"month"`
	GeneratedAt string          `json:"generated_at"` // RFC 3339, UTC, whole seconds
	Frozen      bool            `json:"frozen"`
	PDFSHA256   string          `json:"pdf_sha256"`
	Figures     json.RawMessage `json:"figures"`
	Signature   Signature       `json:"signature"`

	figures Figures // as read and checked by Parse
}

// ParsedFigures are the figures a parsed package was checked with (nil
// for a package not read by Parse).
func (p *Package) ParsedFigures() Figures { return p.figures }

// Time is GeneratedAt parsed (zero when it does not parse).
func (p *Package) Time() time.Time {
	t, _ := time.Parse(time.RFC3339, p.GeneratedAt)
	return t
}

// Fingerprint is the package's key as 8 groups of 4 hex digits.
func (p *Package) Fingerprint() string {
	k, err := base64.StdEncoding.DecodeString(p.Signature.PublicKey)
	if err != nil || len(k) != ed25519.PublicKeySize {
		return ""
	}
	return Fingerprint(ed25519.PublicKey(k))
}

// Fingerprint returns the first 16 bytes of the SHA-256 of the key in 8
// groups of 4 lowercase hex digits ("3f2a 9c01 …").
func Fingerprint(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	h := hex.EncodeToString(sum[:16])
	groups := make([]string, 8)
	for i := range groups {
		groups[i] = h[4*i : 4*i+4]
	}
	return strings.Join(groups, " ")
}

// EncodeKey is a public key as the package and the county's list carry it.
func EncodeKey(pub ed25519.PublicKey) string { return base64.StdEncoding.EncodeToString(pub) }

// DecodeKey reads a public key written by EncodeKey.
func DecodeKey(s string) (ed25519.PublicKey, error) {
	k, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil || len(k) != ed25519.PublicKeySize {
		return nil, errors.New("not an Ed25519 public key in base64")
	}
	return ed25519.PublicKey(k), nil
}

// NewKeySeed makes the 32-byte seed of a new signing key from r.
func NewKeySeed(r io.Reader) (string, error) {
	seed := make([]byte, ed25519.SeedSize)
	if _, err := io.ReadFull(r, seed); err != nil {
		return "", fmt.Errorf("signing key: %w", err)
	}
	return base64.StdEncoding.EncodeToString(seed), nil
}

// KeyFromSeed returns the signing key of a seed made by NewKeySeed.
func KeyFromSeed(seed string) (ed25519.PrivateKey, error) {
	b, err := base64.StdEncoding.DecodeString(seed)
	if err != nil || len(b) != ed25519.SeedSize {
		return nil, errors.New("signing key: not a 32-byte seed in base64")
	}
	return ed25519.NewKeyFromSeed(b), nil
}

// Sign sets the package's format, version and signature with key and
// returns the file: indented JSON, figures in their own key order.
// Ed25519 is deterministic, so the same package and key give the same
// bytes every time (a frozen return re-emits its package byte for byte).
func Sign(p Package, key ed25519.PrivateKey) ([]byte, error) {
	p.Format, p.Version = Format, Version
	p.Signature = Signature{PublicKey: EncodeKey(key.Public().(ed25519.PublicKey))}
	unsigned, err := encode(p)
	if err != nil {
		return nil, err
	}
	msg, err := signedBytes(unsigned)
	if err != nil {
		return nil, err
	}
	p.Signature.Value = base64.StdEncoding.EncodeToString(ed25519.Sign(key, msg))
	return encode(p)
}

func encode(p Package) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(p); err != nil {
		return nil, fmt.Errorf("encode return package: %w", err)
	}
	return b.Bytes(), nil
}

// signedBytes is the canonical JSON of the document without its
// "signature" member.
func signedBytes(doc []byte) ([]byte, error) {
	v, err := decodeStrict(doc)
	if err != nil {
		return nil, err
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("not a JSON object")
	}
	return unsignedCanonical(obj)
}

// unsignedCanonical is the canonical JSON of a document's members
// except "signature" (obj is not changed).
func unsignedCanonical(obj map[string]any) ([]byte, error) {
	sig, had := obj["signature"]
	delete(obj, "signature")
	var b bytes.Buffer
	err := canonical(&b, obj)
	if had {
		obj["signature"] = sig
	}
	if err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Canonical returns the canonical JSON of a JSON document: object keys
// sorted, no spaces, numbers as written. Duplicate keys are refused.
func Canonical(doc []byte) ([]byte, error) {
	v, err := decodeStrict(doc)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := canonical(&b, v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func canonical(b *bytes.Buffer, v any) error {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(b, k)
			b.WriteByte(':')
			if err := canonical(b, x[k]); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := canonical(b, e); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case string:
		writeString(b, x)
	case json.Number:
		b.WriteString(string(x))
	case bool:
		if x {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case nil:
		b.WriteString("null")
	default:
		return fmt.Errorf("canonical JSON: unexpected %T", v)
	}
	return nil
}

func writeString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	b.Truncate(b.Len() - 1)
}

// decodeStrict decodes one JSON value (numbers as json.Number), refusing
// duplicate object keys and anything after the value.
func decodeStrict(doc []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	v, err := value(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the JSON document")
	}
	return v, nil
}

func value(dec *json.Decoder) (any, error) {
	t, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	switch d := t.(type) {
	case json.Delim:
		switch d {
		case '{':
			obj := map[string]any{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k := kt.(string)
				if _, dup := obj[k]; dup {
					return nil, fmt.Errorf("key %q appears twice", k)
				}
				if obj[k], err = value(dec); err != nil {
					return nil, err
				}
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return obj, nil
		case '[':
			arr := []any{}
			for dec.More() {
				e, err := value(dec)
				if err != nil {
					return nil, err
				}
				arr = append(arr, e)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return arr, nil
		}
		return nil, fmt.Errorf("unexpected %v", d)
	default:
		return t, nil
	}
}

var (
	monthRE = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])$`)
	hexRE   = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// Reason says why a package was refused.
type Reason string

// Reasons a package is refused.
const (
	ReasonTooLarge     Reason = "too_large"
	ReasonMalformed    Reason = "malformed"
	ReasonFormat       Reason = "format"
	ReasonBadSignature Reason = "bad_signature"
	ReasonKeyChanged   Reason = "key_changed"
	ReasonUnknown      Reason = "unknown_school"
	ReasonFutureMonth  Reason = "future_month"
	ReasonWrongMonth   Reason = "wrong_month"
	ReasonFigures      Reason = "figures"
)

// Sentences of each reason, Chinese and English.
var reasonText = map[Reason][2]string{
	ReasonTooLarge:     {"文件超过 1 MiB，不是上报文件", "the file is over 1 MiB: not a return package"},
	ReasonMalformed:    {"文件不完整或不是 JSON", "the file is incomplete or not JSON"},
	ReasonFormat:       {"不是心晴月报上报文件", "not a 心晴 return package"},
	ReasonBadSignature: {"签名无效：文件在学校生成后被改动过", "the signature does not verify: the file was changed after the school made it"},
	ReasonKeyChanged:   {"签名密钥与已登记的不同", "signed with a key other than the one registered"},
	ReasonUnknown:      {"学校不在本县（区）学校名单中", "the school is not in the county's list"},
	ReasonFutureMonth:  {"报告月份在将来", "the month is in the future"},
	ReasonWrongMonth:   {"报告月份与数据中的月份不一致", "the month differs from the month in the figures"},
	ReasonFigures:      {"数据不符合月报表的规则", "the figures break the monthly table's rules"},
}

// Error is a refused package: the file, the reason and a detail (the
// rule or key concerned; never a name).
type Error struct {
	File   string
	Reason Reason
	Detail string
	// Registered and Got are the two fingerprints of a changed key,
	// shown side by side.
	Registered, Got string
}

func (e *Error) Error() string {
	s := e.File + ": " + reasonText[e.Reason][1]
	if e.Reason == ReasonKeyChanged {
		s += " (registered " + e.Registered + ", package " + e.Got + ")"
	}
	if e.Detail != "" {
		s += " (" + e.Detail + ")"
	}
	return s
}

// Chinese is the refusal as one Chinese sentence naming the file.
func (e *Error) Chinese() string {
	s := "“" + e.File + "”：" + reasonText[e.Reason][0]
	if e.Reason == ReasonKeyChanged {
		s += "（已登记 " + e.Registered + "，本文件 " + e.Got + "）"
	}
	if e.Detail != "" {
		s += "（" + e.Detail + "）"
	}
	return s + "。"
}

// IsSignature reports whether err refuses a package for its signature or
// its key.
func IsSignature(err error) bool {
	var e *Error
	return errors.As(err, &e) && (e.Reason == ReasonBadSignature || e.Reason == ReasonKeyChanged)
}

// Parse reads and verifies a package from r, named file in errors: at
// most MaxSize bytes, JSON without duplicate keys, format and version,
// the month, the signature by the key it carries and the figures by the
// monthly table's rules. Whether the key is the registered one and the
// month is not in the future are the reader's checks (Check).
func Parse(r io.Reader, file string) (*Package, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	return ParseBytes(data, file)
}

// ParseBytes is Parse of bytes in memory.
func ParseBytes(data []byte, file string) (*Package, error) {
	fail := func(r Reason, detail string) (*Package, error) {
		return nil, &Error{File: file, Reason: r, Detail: detail}
	}
	if len(data) > MaxSize {
		return fail(ReasonTooLarge, "")
	}
	tree, err := decodeStrict(data)
	if err != nil {
		return fail(ReasonMalformed, "")
	}
	obj, ok := tree.(map[string]any)
	if !ok {
		return fail(ReasonFormat, "")
	}
	msg, err := unsignedCanonical(obj)
	if err != nil {
		return fail(ReasonMalformed, "")
	}
	var p Package
	if err := json.Unmarshal(data, &p); err != nil {
		return fail(ReasonFormat, "")
	}
	if p.Format != Format || p.Version != Version {
		return fail(ReasonFormat, fmt.Sprintf("format %q version %d", p.Format, p.Version))
	}
	switch {
	case strings.TrimSpace(p.School.Code) == "":
		return fail(ReasonFormat, "school.code")
	case !monthRE.MatchString(p.Month):
		return fail(ReasonFormat, "month")
	case p.Time().IsZero():
		return fail(ReasonFormat, "generated_at")
	case !hexRE.MatchString(p.PDFSHA256):
		return fail(ReasonFormat, "pdf_sha256")
	}
	pub, err := DecodeKey(p.Signature.PublicKey)
	if err != nil {
		return fail(ReasonBadSignature, "public_key")
	}
	sig, err := base64.StdEncoding.DecodeString(p.Signature.Value)
	if err != nil || !ed25519.Verify(pub, msg, sig) {
		return fail(ReasonBadSignature, "")
	}
	fm, ok := obj["figures"].(map[string]any)
	if !ok {
		return fail(ReasonFigures, "figures {…}")
	}
	f := Figures(fm)
	if err := f.Validate(); err != nil {
		return fail(ReasonFigures, err.Error())
	}
	p.figures = f
	if a3, _ := f["A3"].(string); a3 != p.Month {
		return fail(ReasonWrongMonth, "A3 "+a3)
	}
	return &p, nil
}

// Check applies the reader's rules to a parsed package: its key must be
// registered (unless registered is empty), and its month must not be
// after current (YYYY-MM).
func Check(p *Package, file, registered, current string) error {
	if registered != "" && p.Signature.PublicKey != registered {
		return &Error{File: file, Reason: ReasonKeyChanged, Registered: keyPrint(registered), Got: keyPrint(p.Signature.PublicKey)}
	}
	if p.Month > current {
		return &Error{File: file, Reason: ReasonFutureMonth, Detail: p.Month}
	}
	return nil
}

// keyPrint is the fingerprint of a key written by EncodeKey ("?" when it
// is not one).
func keyPrint(s string) string {
	k, err := DecodeKey(s)
	if err != nil {
		return "?"
	}
	return Fingerprint(k)
}

// Decode reads a package that was verified when it was received (the
// county vault keeps it as it came): no signature check, figures read
// without their rules.
func Decode(data []byte) (*Package, Figures, error) {
	var p Package
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, nil, fmt.Errorf("decode return package: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(p.Figures))
	dec.UseNumber()
	var f map[string]any
	if err := dec.Decode(&f); err != nil {
		return nil, nil, fmt.Errorf("decode return package figures: %w", err)
	}
	return &p, Figures(f), nil
}
