package report

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"xinqing/assets"
)

// Text is drawn in the main face (assets.FontCJK: WenQuanYi Micro Hei with
// all of CJK Unified Ideographs and Extension A) and, character by
// character, in the first fallback face that has a glyph: Han S (the few
// characters Hanazono lacks) and Han B (Extension B). gofpdf reads only a font's format-4
// cmap, which cannot hold a character outside the BMP (and it panics on
// one), so the fallback faces map such characters to stand-in BMP code
// points as well; the stand-in is what gofpdf draws, and an ActualText
// span around it gives text extraction the real character. A character no
// face has prints as placeholder and is reported.

// placeholder is printed for a character no face can draw.
const placeholder = '□'

// face is one font the documents draw with.
type face struct {
	family string        // gofpdf family name
	data   func() []byte // the TrueType font
	// draw maps each character the face has a glyph for to the code point
	// gofpdf must be given for it: the character itself or its stand-in.
	draw map[rune]rune
	// width is the advance of each character in gofpdf's 1/1000 em units;
	// nil for the main face, which gofpdf measures itself.
	width map[rune]int
	// glyph is the glyph id of each character (tests prove the glyphs are
	// not empty).
	glyph map[rune]uint16
}

// fallback reports whether the face is added to a document only when a
// character needs it.
func (f *face) fallback() bool { return f.width != nil }

// mainFace is the face of nearly every character; fallbackFaces are
// tried after it, in order. Each is parsed once per process, the
// fallbacks only when a character is not in the main face: inflated, they
// weigh some 27 MB, which a document in common characters never needs.
var (
	mainFace      = sync.OnceValue(func() *face { return mustFace(fontFamily, func() []byte { return assets.FontCJK }, false) })
	fallbackFaces = sync.OnceValue(func() []*face {
		return []*face{mustFace("hans", assets.FontHanS, true), mustFace("hanb", assets.FontHanB, true)}
	})
)

// faces returns the main face followed by the fallback faces, in the order
// they are tried.
func faces() []*face { return append([]*face{mainFace()}, fallbackFaces()...) }

func mustFace(family string, data func() []byte, fallback bool) *face {
	f, err := parseFace(family, data, fallback)
	if err != nil {
		panic(fmt.Sprintf("report: bundled font %s: %v", family, err))
	}
	return f
}

// faceFor returns the face that draws r and the code point to draw, or
// nil when no face has r.
func faceFor(r rune) (*face, rune) {
	if r == '\t' {
		r = ' '
	}
	if c, ok := mainFace().draw[r]; ok {
		return mainFace(), c
	}
	for _, f := range fallbackFaces() {
		if c, ok := f.draw[r]; ok {
			return f, c
		}
	}
	return nil, 0
}

// run is a stretch of a line drawn in one face.
type run struct {
	face   *face
	text   string // what gofpdf draws (stand-ins included)
	actual string // the characters as written, when text differs
}

// MissingGlyph is one character that no bundled face can draw: it prints
// as □. Field is the label or heading the text was printed under.
type MissingGlyph struct {
	Field string
	Char  rune
}

// MissingGlyphsError is returned together with a complete PDF when some
// characters printed as □.
type MissingGlyphsError struct {
	Missing []MissingGlyph
}

func (e *MissingGlyphsError) Error() string {
	var b strings.Builder
	for i, m := range e.Missing {
		if i > 0 {
			b.WriteString("；")
		}
		field := m.Field
		if field == "" {
			field = "正文"
		}
		fmt.Fprintf(&b, "“%s”中的字符 %s（U+%04X）", field, printable(m.Char), m.Char)
	}
	b.WriteString("没有可用的字形，已印作 □")
	return b.String()
}

// printable returns r for the message, or nothing for a character that
// would disturb it (a control or a bidi mark).
func printable(r rune) string {
	if r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0) || (r >= 0x2000 && r <= 0x206F) ||
		r == utf8.RuneError || (r >= 0xD800 && r <= 0xDFFF) || r > utf8.MaxRune {
		return ""
	}
	return string(r)
}

// SplitMissing separates a render error into the characters printed as
// □ (the PDF is complete: deliver it and show them) and any other error
// (there is no PDF).
func SplitMissing(err error) ([]MissingGlyph, error) {
	var me *MissingGlyphsError
	if errors.As(err, &me) {
		return me.Missing, nil
	}
	return nil, err
}

// ErrMissingGlyphs matches a *MissingGlyphsError with errors.Is.
var ErrMissingGlyphs = errors.New("report: characters without a glyph")

func (e *MissingGlyphsError) Is(target error) bool { return target == ErrMissingGlyphs }

// splitRuns splits s into runs of one face each; characters no face has
// become the placeholder in the main face and are passed to missing.
func splitRuns(s string, missing func(rune)) []run {
	var runs []run
	var text, actual []rune
	var cur *face
	flush := func() {
		if len(text) > 0 {
			r := run{face: cur, text: string(text)}
			if a := string(actual); a != r.text {
				r.actual = a
			}
			runs = append(runs, r)
		}
		text, actual = text[:0], actual[:0]
	}
	main := mainFace()
	for _, r := range s {
		f, c := faceFor(r)
		if f == nil {
			missing(r)
			f, c, r = main, placeholder, placeholder
		}
		if f != cur {
			flush()
			cur = f
		}
		text = append(text, c)
		actual = append(actual, r)
	}
	flush()
	return runs
}

// parseFace reads the cmap (and, for a fallback face, the advance widths)
// of a TrueType font.
func parseFace(family string, data func() []byte, fallback bool) (*face, error) {
	t, err := parseTables(data())
	if err != nil {
		return nil, err
	}
	bmp, err := t.cmap(4)
	if err != nil {
		return nil, err
	}
	full := bmp
	if fallback {
		if f12, err := t.cmap(12); err == nil {
			full = f12
		}
	}
	f := &face{family: family, data: data, draw: map[rune]rune{}, glyph: map[rune]uint16{}}
	// A stand-in is the BMP code point that maps to the same glyph.
	byGlyph := map[uint16]rune{}
	for c, g := range bmp {
		if old, ok := byGlyph[g]; !ok || c < old {
			byGlyph[g] = c
		}
	}
	for c, g := range full {
		if g == 0 {
			continue
		}
		if c <= 0xFFFF {
			if _, ok := bmp[c]; ok {
				f.draw[c], f.glyph[c] = c, g
			}
			continue
		}
		if s, ok := byGlyph[g]; ok {
			f.draw[c], f.glyph[c] = s, g
		}
	}
	if fallback {
		adv, err := t.advances()
		if err != nil {
			return nil, err
		}
		scale := 1000 / float64(t.unitsPerEm())
		f.width = make(map[rune]int, len(f.glyph))
		for c, g := range f.glyph {
			a := adv[min(int(g), len(adv)-1)]
			f.width[c] = int(math.Round(scale * float64(a)))
		}
	}
	return f, nil
}

// sfnt holds the tables of a TrueType font.
type sfnt map[string][]byte

var errFont = errors.New("malformed TrueType font")

func parseTables(b []byte) (sfnt, error) {
	if len(b) < 12 {
		return nil, errFont
	}
	n := int(binary.BigEndian.Uint16(b[4:]))
	if len(b) < 12+16*n {
		return nil, errFont
	}
	t := sfnt{}
	for i := range n {
		rec := b[12+16*i:]
		off, size := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		if uint64(off)+uint64(size) > uint64(len(b)) {
			return nil, errFont
		}
		t[string(rec[:4])] = b[off : off+size]
	}
	for _, need := range []string{"cmap", "head", "hhea", "hmtx", "maxp", "loca", "glyf"} {
		if t[need] == nil {
			return nil, fmt.Errorf("%w: no %s table", errFont, need)
		}
	}
	return t, nil
}

func (t sfnt) unitsPerEm() int { return int(binary.BigEndian.Uint16(t["head"][18:])) }

func (t sfnt) numGlyphs() int { return int(binary.BigEndian.Uint16(t["maxp"][4:])) }

// advances returns the advance width of every glyph.
func (t sfnt) advances() ([]uint16, error) {
	n := int(binary.BigEndian.Uint16(t["hhea"][34:]))
	hmtx := t["hmtx"]
	if n == 0 || len(hmtx) < 4*n {
		return nil, errFont
	}
	adv := make([]uint16, n)
	for i := range adv {
		adv[i] = binary.BigEndian.Uint16(hmtx[4*i:])
	}
	return adv, nil
}

// cmap returns the Unicode cmap subtable of the given format (4: the
// first Unicode format-4 table, as gofpdf picks it; 12: the Windows
// UCS-4 table).
func (t sfnt) cmap(format int) (map[rune]uint16, error) {
	c := t["cmap"]
	if len(c) < 4 {
		return nil, errFont
	}
	n := int(binary.BigEndian.Uint16(c[2:]))
	for i := range n {
		if len(c) < 4+8*i+8 {
			return nil, errFont
		}
		rec := c[4+8*i:]
		plat, enc := binary.BigEndian.Uint16(rec), binary.BigEndian.Uint16(rec[2:])
		off := int(binary.BigEndian.Uint32(rec[4:]))
		if off+2 > len(c) || int(binary.BigEndian.Uint16(c[off:])) != format {
			continue
		}
		switch {
		case format == 4 && (plat == 3 && enc == 1 || plat == 0):
			return cmap4(c[off:])
		case format == 12 && (plat == 3 && enc == 10 || plat == 0):
			return cmap12(c[off:])
		}
	}
	return nil, fmt.Errorf("%w: no format-%d Unicode cmap", errFont, format)
}

func cmap4(b []byte) (map[rune]uint16, error) {
	if len(b) < 14 {
		return nil, errFont
	}
	segs := int(binary.BigEndian.Uint16(b[6:])) / 2
	if len(b) < 16+8*segs {
		return nil, errFont
	}
	ends, starts := b[14:], b[16+2*segs:]
	deltas, offs := b[16+4*segs:], b[16+6*segs:]
	m := map[rune]uint16{}
	for s := range segs {
		end, start := int(binary.BigEndian.Uint16(ends[2*s:])), int(binary.BigEndian.Uint16(starts[2*s:]))
		delta, ro := binary.BigEndian.Uint16(deltas[2*s:]), int(binary.BigEndian.Uint16(offs[2*s:]))
		for c := start; c <= end && c != 0xFFFF; c++ {
			var g uint16
			if ro == 0 {
				g = uint16(c) + delta
			} else {
				at := 16 + 6*segs + 2*s + ro + 2*(c-start)
				if at+2 > len(b) {
					return nil, errFont
				}
				if g = binary.BigEndian.Uint16(b[at:]); g != 0 {
					g += delta
				}
			}
			if g != 0 {
				m[rune(c)] = g
			}
		}
	}
	return m, nil
}

func cmap12(b []byte) (map[rune]uint16, error) {
	if len(b) < 16 {
		return nil, errFont
	}
	n := int(binary.BigEndian.Uint32(b[12:]))
	if n < 0 || len(b) < 16+12*n {
		return nil, errFont
	}
	m := map[rune]uint16{}
	for i := range n {
		g := b[16+12*i:]
		start, end := binary.BigEndian.Uint32(g), binary.BigEndian.Uint32(g[4:])
		gid := binary.BigEndian.Uint32(g[8:])
		if end < start || end > utf8.MaxRune {
			return nil, errFont
		}
		for c := start; c <= end; c++ {
			if id := gid + (c - start); id != 0 {
				m[rune(c)] = uint16(id)
			}
		}
	}
	return m, nil
}

// glyphOutline returns the glyf data of glyph g (empty for a glyph
// without outline, such as a space).
func (t sfnt) glyphOutline(g uint16) []byte {
	loca, glyf := t["loca"], t["glyf"]
	long := binary.BigEndian.Uint16(t["head"][50:]) == 1
	at := func(i int) int {
		if long {
			if 4*i+4 > len(loca) {
				return -1
			}
			return int(binary.BigEndian.Uint32(loca[4*i:]))
		}
		if 2*i+2 > len(loca) {
			return -1
		}
		return 2 * int(binary.BigEndian.Uint16(loca[2*i:]))
	}
	s, e := at(int(g)), at(int(g)+1)
	if s < 0 || e < s || e > len(glyf) {
		return nil
	}
	return glyf[s:e]
}

// sortedMissing returns the distinct missing characters in the order met.
func sortedMissing(ms []MissingGlyph) []MissingGlyph {
	var out []MissingGlyph
	for _, m := range ms {
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}
