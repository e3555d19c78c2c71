package startup

import (
	"encoding/binary"
	"errors"
	"math/bits"
	"sort"
)

// screenFont returns the face ttf with a character map that holds only
// real code points. The bundled fallback faces also map every character
// outside the BMP to a stand-in BMP code point (0x1000 + glyph id, for the
// PDF library, which reads only 16-bit maps); a font in a shared font
// folder must not claim those (they fall on Myanmar, Hangul, CJK…), or a
// program looking for, say, a Hangul glyph could draw a Han one. The real
// map is the format-12 subtable when the face has one; a face without one
// has no stand-ins and is returned unchanged.
func screenFont(ttf []byte) ([]byte, error) {
	tables, err := sfntTables(ttf)
	if err != nil {
		return nil, err
	}
	cmap, ok := tables["cmap"]
	if !ok {
		return nil, errors.New("font has no cmap")
	}
	real, err := cmapFormat12(cmap)
	if err != nil {
		return nil, err
	}
	if real == nil {
		return ttf, nil
	}
	if _, ok := real[' ']; !ok {
		gid, err := addSpaceGlyph(tables)
		if err != nil {
			return nil, err
		}
		real[' '], real['\u00a0'] = gid, gid
	}
	newCmap, err := buildCmap(real)
	if err != nil {
		return nil, err
	}
	tables["cmap"] = newCmap
	return sfntBuild(binary.BigEndian.Uint32(ttf), tables)
}

// rareFont returns the face full with a character map that holds only
// what common does not map (and the space, which text shaping keeps with
// the character before it): the rest of the theme's face, from which the
// screen draws the characters its bold face (common, a subset of full)
// lacks. Its glyphs are full's, so a rare character looks the same bold or
// not (the theme has no bold outlines).
func rareFont(full, common []byte) ([]byte, error) {
	tables, err := sfntTables(full)
	if err != nil {
		return nil, err
	}
	m, err := cmapFormat12(tables["cmap"])
	if err != nil {
		return nil, err
	}
	ct, err := sfntTables(common)
	if err != nil {
		return nil, err
	}
	have, err := cmapFormat4(ct["cmap"])
	if err != nil {
		return nil, err
	}
	if len(m) == 0 || len(have) == 0 {
		return nil, errors.New("font has no character map")
	}
	for c := range have {
		if c != ' ' && c != '\u00a0' {
			delete(m, c)
		}
	}
	cmap, err := buildCmap(m)
	if err != nil {
		return nil, err
	}
	tables["cmap"] = cmap
	return sfntBuild(binary.BigEndian.Uint32(full), tables)
}

var errFont = errors.New("damaged font")

// cmapFormat4 returns the code points the first format-4 subtable of cmap
// maps to a glyph other than 0.
func cmapFormat4(cmap []byte) (map[rune]bool, error) {
	be := binary.BigEndian
	if len(cmap) < 4 {
		return nil, errFont
	}
	n := int(be.Uint16(cmap[2:]))
	if len(cmap) < 4+8*n {
		return nil, errFont
	}
	for i := 0; i < n; i++ {
		off := int(be.Uint32(cmap[4+8*i+4:]))
		if off+14 > len(cmap) || be.Uint16(cmap[off:]) != 4 {
			continue
		}
		st := cmap[off:]
		ln := int(be.Uint16(st[2:]))
		segs := int(be.Uint16(st[6:])) / 2
		if ln > len(st) || 16+8*segs > ln {
			return nil, errFont
		}
		ends, starts := st[14:], st[16+2*segs:]
		deltas, ranges := st[16+4*segs:], st[16+6*segs:]
		out := map[rune]bool{}
		for k := 0; k < segs; k++ {
			end, start := int(be.Uint16(ends[2*k:])), int(be.Uint16(starts[2*k:]))
			delta, ro := be.Uint16(deltas[2*k:]), int(be.Uint16(ranges[2*k:]))
			for c := start; c <= end && c < 0xFFFF; c++ {
				g := uint16(c) + delta
				if ro != 0 {
					at := 16 + 6*segs + 2*k + ro + 2*(c-start)
					if at+2 > ln {
						return nil, errFont
					}
					if g = be.Uint16(st[at:]); g != 0 {
						g += delta
					}
				}
				if g != 0 {
					out[rune(c)] = true
				}
			}
		}
		return out, nil
	}
	return nil, errFont
}

// sfntTables reads the table directory of a single-face TrueType font.
func sfntTables(b []byte) (map[string][]byte, error) {
	if len(b) < 12 {
		return nil, errFont
	}
	n := int(binary.BigEndian.Uint16(b[4:]))
	if len(b) < 12+16*n {
		return nil, errFont
	}
	t := make(map[string][]byte, n)
	for i := 0; i < n; i++ {
		r := b[12+16*i:]
		off, ln := binary.BigEndian.Uint32(r[8:]), binary.BigEndian.Uint32(r[12:])
		if uint64(off)+uint64(ln) > uint64(len(b)) {
			return nil, errFont
		}
		t[string(r[:4])] = b[off : off+ln]
	}
	return t, nil
}

// cmapFormat12 returns the mapping of the first format-12 subtable of
// cmap, or nil when there is none.
func cmapFormat12(cmap []byte) (map[rune]uint32, error) {
	if len(cmap) < 4 {
		return nil, errFont
	}
	n := int(binary.BigEndian.Uint16(cmap[2:]))
	if len(cmap) < 4+8*n {
		return nil, errFont
	}
	for i := 0; i < n; i++ {
		off := binary.BigEndian.Uint32(cmap[4+8*i+4:])
		if uint64(off)+16 > uint64(len(cmap)) {
			return nil, errFont
		}
		st := cmap[off:]
		if binary.BigEndian.Uint16(st) != 12 {
			continue
		}
		groups := binary.BigEndian.Uint32(st[12:])
		if uint64(groups)*12+16 > uint64(len(st)) {
			return nil, errFont
		}
		m := map[rune]uint32{}
		for g := uint32(0); g < groups; g++ {
			r := st[16+12*g:]
			from, to, gid := binary.BigEndian.Uint32(r), binary.BigEndian.Uint32(r[4:]), binary.BigEndian.Uint32(r[8:])
			if to < from || to > 0x10FFFF {
				return nil, errFont
			}
			for c := from; c <= to; c++ {
				m[rune(c)] = gid + (c - from)
			}
		}
		return m, nil
	}
	return nil, nil
}

// addSpaceGlyph adds an empty glyph as wide as the theme font's space
// (0.26 em) and returns its id. Text shaping keeps a space in the run of
// the character before it, assuming every font has one: after 李𠮷 the
// space is shaped with this face, and without a glyph it would be drawn
// as Fyne's missing-glyph mark.
func addSpaceGlyph(t map[string][]byte) (uint32, error) {
	head, maxp, hhea, hmtx, loca := t["head"], t["maxp"], t["hhea"], t["hmtx"], t["loca"]
	if len(head) < 54 || len(maxp) < 6 || len(hhea) < 36 || t["glyf"] == nil {
		return 0, errFont
	}
	be := binary.BigEndian
	upem := uint32(be.Uint16(head[18:]))
	long := be.Uint16(head[50:]) == 1
	n := int(be.Uint16(maxp[4:]))
	nh := int(be.Uint16(hhea[34:]))
	if n >= 0xFFFF || nh < 1 || nh > n || len(hmtx) < 4*nh+2*(n-nh) {
		return 0, errFont
	}
	// hmtx in full: every glyph its advance and side bearing, then the
	// new one.
	out := make([]byte, 0, 4*(n+1))
	adv := uint16(0)
	for i := 0; i < n; i++ {
		var lsb uint16
		if i < nh {
			adv, lsb = be.Uint16(hmtx[4*i:]), be.Uint16(hmtx[4*i+2:])
		} else {
			lsb = be.Uint16(hmtx[4*nh+2*(i-nh):])
		}
		out = be.AppendUint16(be.AppendUint16(out, adv), lsb)
	}
	out = be.AppendUint16(be.AppendUint16(out, uint16(upem*13/50)), 0)
	t["hmtx"] = out
	// An empty glyph: its loca entry repeats the end of the last one.
	size := 2
	if long {
		size = 4
	}
	if len(loca) < size*(n+1) {
		return 0, errFont
	}
	end := loca[size*n : size*(n+1)]
	t["loca"] = append(append([]byte(nil), loca[:size*(n+1)]...), end...)
	maxp = append([]byte(nil), maxp...)
	be.PutUint16(maxp[4:], uint16(n+1))
	t["maxp"] = maxp
	hhea = append([]byte(nil), hhea...)
	be.PutUint16(hhea[34:], uint16(n+1))
	t["hhea"] = hhea
	if os2 := t["OS/2"]; len(os2) >= 66 && be.Uint16(os2[64:]) > ' ' {
		os2 = append([]byte(nil), os2...)
		be.PutUint16(os2[64:], ' ') // usFirstCharIndex
		t["OS/2"] = os2
	}
	return uint32(n), nil
}

// buildCmap writes a cmap for m: a format-4 subtable for its BMP part
// (Windows Unicode BMP) and a format-12 subtable for all of it (Unicode
// full repertoire, Windows and Unicode platforms).
func buildCmap(m map[rune]uint32) ([]byte, error) {
	cps := make([]rune, 0, len(m))
	for c := range m {
		cps = append(cps, c)
	}
	sort.Slice(cps, func(i, j int) bool { return cps[i] < cps[j] })

	// Format 12: runs of consecutive code points and glyph ids.
	type group struct{ from, to rune }
	var groups []group
	for _, c := range cps {
		if k := len(groups); k > 0 && groups[k-1].to == c-1 && m[c] == m[groups[k-1].to]+1 {
			groups[k-1].to = c
			continue
		}
		groups = append(groups, group{c, c})
	}
	f12 := make([]byte, 16+12*len(groups))
	be := binary.BigEndian
	be.PutUint16(f12, 12)
	be.PutUint32(f12[4:], uint32(len(f12)))
	be.PutUint32(f12[12:], uint32(len(groups)))
	for i, g := range groups {
		be.PutUint32(f12[16+12*i:], uint32(g.from))
		be.PutUint32(f12[20+12*i:], uint32(g.to))
		be.PutUint32(f12[24+12*i:], m[g.from])
	}

	// Format 4: one segment per run of the BMP part (glyph = code + delta),
	// then the closing 0xFFFF segment.
	var segs []group
	for _, g := range groups {
		for c := g.from; c <= g.to && c < 0xFFFF; c++ {
			if k := len(segs); k > 0 && segs[k-1].to == c-1 && m[c] == m[c-1]+1 {
				segs[k-1].to = c
				continue
			}
			segs = append(segs, group{c, c})
		}
	}
	segs = append(segs, group{0xFFFF, 0xFFFF})
	sc := len(segs)
	ln := 16 + 8*sc
	if ln > 0xFFFF {
		return nil, errors.New("too many segments for a format-4 map")
	}
	f4 := make([]byte, ln)
	be.PutUint16(f4, 4)
	be.PutUint16(f4[2:], uint16(ln))
	be.PutUint16(f4[6:], uint16(2*sc))
	es := bits.Len(uint(sc)) - 1
	be.PutUint16(f4[8:], uint16(2<<es))
	be.PutUint16(f4[10:], uint16(es))
	be.PutUint16(f4[12:], uint16(2*sc-2<<es))
	for i, s := range segs {
		delta := uint16(1) // 0xFFFF → glyph 0
		if s.from != 0xFFFF {
			delta = uint16(m[s.from] - uint32(s.from))
		}
		be.PutUint16(f4[14+2*i:], uint16(s.to))
		be.PutUint16(f4[16+2*sc+2*i:], uint16(s.from))
		be.PutUint16(f4[16+4*sc+2*i:], delta)
		// idRangeOffset stays 0.
	}

	// Encoding records, sorted: (0,4) and (3,10) share the format-12
	// subtable.
	head := 4 + 8*3
	out := make([]byte, head, head+len(f4)+len(f12))
	be.PutUint16(out[2:], 3)
	rec := func(i int, plat, enc uint16, off int) {
		be.PutUint16(out[4+8*i:], plat)
		be.PutUint16(out[6+8*i:], enc)
		be.PutUint32(out[8+8*i:], uint32(off))
	}
	off4, off12 := head, head+len(f4)
	rec(0, 0, 4, off12)
	rec(1, 3, 1, off4)
	rec(2, 3, 10, off12)
	out = append(out, f4...)
	out = append(out, f12...)
	return out, nil
}

// sfntBuild writes a font from its tables: directory sorted by tag, each
// table 4-byte aligned with its checksum, and head's checkSumAdjustment.
func sfntBuild(version uint32, tables map[string][]byte) ([]byte, error) {
	head, ok := tables["head"]
	if !ok || len(head) < 12 {
		return nil, errors.New("font has no head table")
	}
	head = append([]byte(nil), head...)
	binary.BigEndian.PutUint32(head[8:], 0)
	tables["head"] = head

	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	n := len(tags)
	be := binary.BigEndian
	size := 12 + 16*n
	for _, t := range tags {
		size += (len(tables[t]) + 3) &^ 3
	}
	out := make([]byte, 12+16*n, size)
	be.PutUint32(out, version)
	be.PutUint16(out[4:], uint16(n))
	es := bits.Len(uint(n)) - 1
	be.PutUint16(out[6:], uint16(16<<es))
	be.PutUint16(out[8:], uint16(es))
	be.PutUint16(out[10:], uint16(16*n-16<<es))
	headOff := 0
	for i, t := range tags {
		d := tables[t]
		r := out[12+16*i:]
		copy(r, t)
		be.PutUint32(r[4:], checksum(d))
		be.PutUint32(r[8:], uint32(len(out)))
		be.PutUint32(r[12:], uint32(len(d)))
		if t == "head" {
			headOff = len(out)
		}
		out = append(out, d...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	be.PutUint32(out[headOff+8:], 0xB1B0AFBA-checksum(out))
	return out, nil
}

// checksum is the sfnt table checksum: the sum of big-endian words, the
// last one padded with zeros.
func checksum(b []byte) uint32 {
	var s uint32
	for len(b) >= 4 {
		s += binary.BigEndian.Uint32(b)
		b = b[4:]
	}
	var last [4]byte
	copy(last[:], b)
	return s + binary.BigEndian.Uint32(last[:])
}

// chunkFonts splits a face into faces of at most per characters each:
// chunk i maps the i-th run of m's code points (and the space) and keeps
// only the outlines they are drawn with. Fyne's fallback loads a face
// whole and decodes every outline in it; a name with one Extension B
// character then costs the outlines of its chunk, not of all 42,000.
// Glyph ids stay as they are (the other glyphs are left empty), so every
// table that names glyphs stays valid.
func chunkFonts(ttf []byte, m map[rune]uint32, per int) ([][]byte, error) {
	tables, err := sfntTables(ttf)
	if err != nil {
		return nil, err
	}
	var cps []rune
	for c := range m {
		if c != ' ' && c != '\u00a0' {
			cps = append(cps, c)
		}
	}
	sort.Slice(cps, func(i, j int) bool { return cps[i] < cps[j] })
	var out [][]byte
	for len(cps) > 0 {
		n := min(per, len(cps))
		part := map[rune]uint32{}
		for _, c := range cps[:n] {
			part[c] = m[c]
		}
		for _, c := range []rune{' ', '\u00a0'} {
			if g, ok := m[c]; ok {
				part[c] = g
			}
		}
		cps = cps[n:]
		t := make(map[string][]byte, len(tables))
		for k, v := range tables {
			t[k] = v
		}
		if err := keepGlyphs(t, part); err != nil {
			return nil, err
		}
		if t["cmap"], err = buildCmap(part); err != nil {
			return nil, err
		}
		b, err := sfntBuild(binary.BigEndian.Uint32(ttf), t)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// keepGlyphs empties every outline of t but .notdef, those m maps to and
// the components they are built from, writing glyf and a long loca anew.
func keepGlyphs(t map[string][]byte, m map[rune]uint32) error {
	be := binary.BigEndian
	head, maxp, loca, glyf := t["head"], t["maxp"], t["loca"], t["glyf"]
	if len(head) < 54 || len(maxp) < 6 || glyf == nil {
		return errFont
	}
	n := int(be.Uint16(maxp[4:]))
	long := be.Uint16(head[50:]) == 1
	offset := func(i int) (int, bool) {
		if long {
			if len(loca) < 4*(i+1) {
				return 0, false
			}
			return int(be.Uint32(loca[4*i:])), true
		}
		if len(loca) < 2*(i+1) {
			return 0, false
		}
		return 2 * int(be.Uint16(loca[2*i:])), true
	}
	glyph := func(g int) ([]byte, error) {
		from, ok1 := offset(g)
		to, ok2 := offset(g + 1)
		if !ok1 || !ok2 || from > to || to > len(glyf) {
			return nil, errFont
		}
		return glyf[from:to], nil
	}
	keep := make([]bool, n)
	var todo []int
	add := func(g int) {
		if g < n && !keep[g] {
			keep[g] = true
			todo = append(todo, g)
		}
	}
	add(0)
	for _, g := range m {
		add(int(g))
	}
	for len(todo) > 0 {
		g := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		d, err := glyph(g)
		if err != nil {
			return err
		}
		if len(d) < 10 || int16(be.Uint16(d)) >= 0 {
			continue // empty or simple
		}
		// A composite: its components, each flags, glyph id, arguments
		// and an optional transform.
		for p := 10; p+4 <= len(d); {
			flags := be.Uint16(d[p:])
			add(int(be.Uint16(d[p+2:])))
			p += 4
			if flags&0x0001 != 0 {
				p += 4
			} else {
				p += 2
			}
			switch {
			case flags&0x0008 != 0:
				p += 2
			case flags&0x0040 != 0:
				p += 4
			case flags&0x0080 != 0:
				p += 8
			}
			if flags&0x0020 == 0 {
				break
			}
		}
	}
	var ng []byte
	nl := make([]byte, 0, 4*(n+1))
	for g := 0; g < n; g++ {
		nl = be.AppendUint32(nl, uint32(len(ng)))
		if !keep[g] {
			continue
		}
		d, err := glyph(g)
		if err != nil {
			return err
		}
		ng = append(ng, d...)
		for len(ng)%4 != 0 {
			ng = append(ng, 0)
		}
	}
	nl = be.AppendUint32(nl, uint32(len(ng)))
	head = append([]byte(nil), head...)
	be.PutUint16(head[50:], 1)
	t["head"], t["loca"], t["glyf"] = head, nl, ng
	return nil
}
