package startup

import (
	"bytes"
	"encoding/binary"
	"errors"
	"log"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-text/typesetting/font"
)

// The installed faces' hashes are constants so that a start does not
// inflate a face only to find it installed already; this test keeps them
// in step with the assets.
func TestScreenFaceSums(t *testing.T) {
	for _, f := range screenFaces {
		b, err := screenFont(f.face())
		if err != nil {
			t.Fatal(err)
		}
		if got := sum(b); got != f.sum {
			t.Errorf("%s: sum %s, screenFaces says %s", f.file, got, f.sum)
		}
	}
}

// The installed Ext-B face maps 𠮷 and every other character it had to
// the same glyphs, and claims none of the stand-in BMP code points the
// PDF library needs.
func TestScreenFontKeepsRealCodePointsOnly(t *testing.T) {
	orig := screenFaces[0].face()
	inst, err := screenFont(orig)
	if err != nil {
		t.Fatal(err)
	}
	tables, err := sfntTables(orig)
	if err != nil {
		t.Fatal(err)
	}
	real, err := cmapFormat12(tables["cmap"])
	if err != nil || len(real) < 40000 {
		t.Fatalf("real map: %d entries, %v", len(real), err)
	}
	nf, err := font.ParseTTF(bytes.NewReader(inst))
	if err != nil {
		t.Fatal(err)
	}
	for c, gid := range real {
		g, ok := nf.NominalGlyph(c)
		if !ok || uint32(g) != gid {
			t.Fatalf("%U: glyph %d %v, want %d", c, g, ok, gid)
		}
	}
	if _, ok := nf.NominalGlyph(0x20BB7); !ok {
		t.Fatal("𠮷 lost")
	}
	// A space after 𠮷 is shaped with this face: it has one, empty and
	// narrower than a character; the other glyphs keep their widths.
	sp, ok := nf.NominalGlyph(' ')
	if !ok || nf.HorizontalAdvance(sp) <= 0 || nf.HorizontalAdvance(sp) >= float32(nf.Upem())/2 {
		t.Fatalf("space: glyph %d %v, advance %v", sp, ok, nf.HorizontalAdvance(sp))
	}
	if ext := nf.GlyphData(sp); ext != nil {
		if o, ok := ext.(font.GlyphOutline); ok && len(o.Segments) > 0 {
			t.Fatal("the space glyph draws something")
		}
	}
	g, _ := nf.NominalGlyph(0x20BB7)
	of, err := font.ParseTTF(bytes.NewReader(orig))
	if err != nil {
		t.Fatal(err)
	}
	og, _ := of.NominalGlyph(0x20BB7)
	if nf.HorizontalAdvance(g) != of.HorizontalAdvance(og) || len(nf.GlyphData(g).(font.GlyphOutline).Segments) != len(of.GlyphData(og).(font.GlyphOutline).Segments) {
		t.Fatal("𠮷 changed")
	}
	// go-text reads the format-12 map only; a renderer that merges in
	// the 16-bit map must find no stand-ins in it either.
	if n := len(cmapFormat4(t, tables["cmap"])); n < 40000 {
		t.Fatalf("the PDF face has %d 16-bit entries; the test no longer tests anything", n)
	}
	nt, err := sfntTables(inst)
	if err != nil {
		t.Fatal(err)
	}
	for c := range cmapFormat4(t, nt["cmap"]) {
		if c != ' ' && c != 0xA0 {
			t.Fatalf("the installed face maps BMP %U", c)
		}
	}
	// The rebuilt file is a valid sfnt: every table checksum and the
	// whole-file adjustment add up.
	if len(nt) != len(tables) {
		t.Fatalf("%d tables, want %d", len(nt), len(tables))
	}
	if checksum(inst) != 0xB1B0AFBA {
		t.Fatalf("file checksum %#x", checksum(inst))
	}
}

// The small face keeps its BMP characters (the newest of CJK Unified
// Ideographs and Extension A) in the 16-bit map.
func TestScreenFontSmallFaceKeepsBMP(t *testing.T) {
	inst, err := screenFont(screenFaces[1].face())
	if err != nil {
		t.Fatal(err)
	}
	nf, err := font.ParseTTF(bytes.NewReader(inst))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []rune{0x9FEB, 0x9FFF, 0x4DB6, 0x4DBF} {
		if _, ok := nf.NominalGlyph(c); !ok {
			t.Errorf("%U missing", c)
		}
	}
}

func TestInstallFaceOnceAtomically(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "fonts")
	f := screenFaces[1]
	if err := installFace(dir, f); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, f.file)
	if fileSum(path) != f.sum {
		t.Fatal("installed file differs from its sum")
	}
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	if err := installFace(dir, f); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); !st.ModTime().Equal(old) {
		t.Fatal("an installed face was written again")
	}
	// A damaged or older file is replaced.
	if err := os.WriteFile(path, []byte("not a font"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := installFace(dir, f); err != nil {
		t.Fatal(err)
	}
	if fileSum(path) != f.sum {
		t.Fatal("a damaged file was not replaced")
	}
	for _, d := range []string{parent, dir} {
		es, _ := os.ReadDir(d)
		for _, e := range es {
			if strings.HasSuffix(e.Name(), ".tmp") {
				t.Fatalf("temporary file left: %s", e.Name())
			}
		}
	}
}

// A folder that cannot be made costs the glyphs only: the app starts,
// and the log line names neither the user's folder nor anything else
// about them.
func TestInstallScreenFontsFailureIsLoggedWithoutPath(t *testing.T) {
	home := filepath.Join(t.TempDir(), "张三的电脑")
	if err := os.MkdirAll(home, 0o755); err != nil {
		t.Fatal(err)
	}
	blocker := filepath.Join(home, "data")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_DATA_HOME", blocker)
	t.Setenv("LOCALAPPDATA", blocker)
	t.Setenv("HOME", blocker)
	var buf bytes.Buffer
	log.SetOutput(&buf)
	defer log.SetOutput(os.Stderr)
	InstallScreenFonts()
	out := buf.String()
	if !strings.Contains(out, "screen fonts:") {
		t.Fatalf("no log line: %q", out)
	}
	if strings.Contains(out, "张三") || strings.Contains(out, home) {
		t.Fatalf("log names the folder: %q", out)
	}
}

func TestUserFontDir(t *testing.T) {
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	home := func() (string, error) { return "/home/u", nil }
	noHome := func() (string, error) { return "", errors.New("no home") }
	check := func(goos, want string, h func() (string, error)) {
		t.Helper()
		got, err := userFontDir(goos, getenv, h)
		if want == "" {
			if err == nil {
				t.Errorf("%s: %q, want an error", goos, got)
			}
			return
		}
		if err != nil || got != filepath.FromSlash(want) {
			t.Errorf("%s: %q %v, want %q", goos, got, err, want)
		}
	}
	check("linux", "/home/u/.local/share/fonts", home)
	check("linux", "", noHome)
	check("darwin", "/home/u/Library/Fonts", home)
	check("windows", "", home)
	check("plan9", "", home)
	env["XDG_DATA_HOME"] = "/data"
	env["LOCALAPPDATA"] = "/lad"
	check("linux", "/data/fonts", noHome)
	check("windows", "/lad/Microsoft/Windows/Fonts", noHome)
}

// cmapFormat4 reads the (3,1) format-4 subtable of cmap.
func cmapFormat4(t *testing.T, cmap []byte) map[rune]uint16 {
	t.Helper()
	be := binary.BigEndian
	n := int(be.Uint16(cmap[2:]))
	for i := 0; i < n; i++ {
		r := cmap[4+8*i:]
		if be.Uint16(r) != 3 || be.Uint16(r[2:]) != 1 {
			continue
		}
		st := cmap[be.Uint32(r[4:]):]
		if be.Uint16(st) != 4 {
			t.Fatalf("(3,1) is format %d", be.Uint16(st))
		}
		sc := int(be.Uint16(st[6:])) / 2
		m := map[rune]uint16{}
		for s := 0; s < sc; s++ {
			end := be.Uint16(st[14+2*s:])
			start := be.Uint16(st[16+2*sc+2*s:])
			delta := be.Uint16(st[16+4*sc+2*s:])
			roff := int(be.Uint16(st[16+6*sc+2*s:]))
			for c := uint32(start); c <= uint32(end) && c != 0xFFFF; c++ {
				g := uint16(c) + delta
				if roff != 0 {
					at := 16 + 6*sc + 2*s + roff + 2*int(c-uint32(start))
					g = be.Uint16(st[at:])
					if g != 0 {
						g += delta
					}
				}
				if g != 0 {
					m[rune(c)] = g
				}
			}
		}
		return m
	}
	t.Fatal("no (3,1) subtable")
	return nil
}
