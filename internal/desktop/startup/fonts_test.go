package startup

import (
	"bytes"
	"errors"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-text/typesetting/font"

	"xinqing/assets"
)

// The installed faces' hashes are constants so that a start does not
// inflate a face only to find it installed already; this test keeps them
// in step with the assets.
func TestScreenFaceSums(t *testing.T) {
	for _, f := range screenFaces {
		faces, err := f.build()
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, b := range faces {
			got = append(got, sum(b))
		}
		if !slices.Equal(got, f.sums) {
			t.Errorf("%s: sums %q, screenFaces says %q", f.name, got, f.sums)
		}
	}
}

// The installed Ext-B face maps 𠮷 and every other character it had to
// the same glyphs, and claims none of the stand-in BMP code points the
// PDF library needs.
func TestScreenFontKeepsRealCodePointsOnly(t *testing.T) {
	orig := assets.FontHanB()
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
	bmp, err := cmapFormat4(tables["cmap"])
	if err != nil {
		t.Fatal(err)
	}
	if n := len(bmp); n < 40000 {
		t.Fatalf("the PDF face has %d 16-bit entries; the test no longer tests anything", n)
	}
	nt, err := sfntTables(inst)
	if err != nil {
		t.Fatal(err)
	}
	nbmp, err := cmapFormat4(nt["cmap"])
	if err != nil {
		t.Fatal(err)
	}
	for c := range nbmp {
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
	inst, err := screenFont(assets.FontHanS())
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
	if err := installSet(dir, f); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, f.files()[0])
	if fileSum(path) != f.sums[0] {
		t.Fatal("installed file differs from its sum")
	}
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	if err := installSet(dir, f); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); !st.ModTime().Equal(old) {
		t.Fatal("an installed face was written again")
	}
	// A damaged or older file is replaced.
	if err := os.WriteFile(path, []byte("not a font"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := installSet(dir, f); err != nil {
		t.Fatal(err)
	}
	if fileSum(path) != f.sums[0] {
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

// The rare face maps exactly what the theme's bold face lacks (and the
// space), each to the glyph the whole face draws it with: 䶮 (Extension
// A) and 鿏 (newer than GBK) are there, 王, 学 and 玥 (GBK: the bold face
// has them) are not, and it claims nothing the whole face does not have.
func TestRareFontIsTheRestOfTheThemeFace(t *testing.T) {
	inst, err := rareFont(assets.FontCJK, assets.FontCJKCommon())
	if err != nil {
		t.Fatal(err)
	}
	full, err := font.ParseTTF(bytes.NewReader(assets.FontCJK))
	if err != nil {
		t.Fatal(err)
	}
	common, err := font.ParseTTF(bytes.NewReader(assets.FontCJKCommon()))
	if err != nil {
		t.Fatal(err)
	}
	rare, err := font.ParseTTF(bytes.NewReader(inst))
	if err != nil {
		t.Fatal(err)
	}
	tables, err := sfntTables(assets.FontCJK)
	if err != nil {
		t.Fatal(err)
	}
	all, err := cmapFormat12(tables["cmap"])
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for c, gid := range all {
		_, inCommon := common.NominalGlyph(c)
		g, inRare := rare.NominalGlyph(c)
		switch {
		case c == ' ' || c == '\u00a0':
			if !inRare {
				t.Errorf("%U: the space is missing", c)
			}
		case inCommon && inRare:
			t.Errorf("%U: in both faces", c)
		case !inCommon && (!inRare || uint32(g) != gid):
			t.Errorf("%U: glyph %d %v in the rare face, want %d", c, g, inRare, gid)
		}
		if inRare {
			n++
		}
	}
	for _, c := range "䶮鿏" {
		if _, ok := rare.NominalGlyph(c); !ok {
			t.Errorf("%c missing from the rare face", c)
		}
	}
	for _, c := range "王学玥喆，A" {
		if _, ok := rare.NominalGlyph(c); ok {
			t.Errorf("%c in the rare face; the bold face has it", c)
		}
		if _, ok := common.NominalGlyph(c); !ok {
			t.Errorf("%c missing from the bold face", c)
		}
	}
	if _, ok := full.NominalGlyph('玥'); !ok {
		t.Fatal("玥 missing from the whole face")
	}
	if n < 18000 || checksum(inst) != 0xB1B0AFBA {
		t.Fatalf("%d characters, file checksum %#x", n, checksum(inst))
	}
}

// The installed chunks of a big face together map every character of it,
// each in one chunk only, to the glyph it had, drawn the same; each chunk
// holds only the outlines its characters need (and their components), and
// the space in every chunk.
func TestChunksSplitAFaceWithoutLosingACharacter(t *testing.T) {
	whole, err := screenFont(assets.FontHanB())
	if err != nil {
		t.Fatal(err)
	}
	wt, err := sfntTables(whole)
	if err != nil {
		t.Fatal(err)
	}
	all, err := cmapFormat12(wt["cmap"])
	if err != nil {
		t.Fatal(err)
	}
	wf, err := font.ParseTTF(bytes.NewReader(whole))
	if err != nil {
		t.Fatal(err)
	}
	parts, err := chunks(whole)
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) < 2 {
		t.Fatalf("%d chunks", len(parts))
	}
	seen := map[rune]int{}
	for i, p := range parts {
		pt, err := sfntTables(p)
		if err != nil || checksum(p) != 0xB1B0AFBA {
			t.Fatalf("chunk %d: %v, checksum %#x", i, err, checksum(p))
		}
		if len(pt["glyf"])*3 > len(wt["glyf"]) {
			t.Errorf("chunk %d keeps %d of %d bytes of outlines", i, len(pt["glyf"]), len(wt["glyf"]))
		}
		pf, err := font.ParseTTF(bytes.NewReader(p))
		if err != nil {
			t.Fatal(err)
		}
		m, err := cmapFormat12(pt["cmap"])
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := m[' ']; !ok {
			t.Errorf("chunk %d has no space", i)
		}
		for c, g := range m {
			if c == ' ' || c == '\u00a0' {
				continue
			}
			seen[c]++
			if g != all[c] {
				t.Fatalf("%U: glyph %d in chunk %d, %d in the whole face", c, g, i, all[c])
			}
			po, ok1 := pf.GlyphData(font.GID(g)).(font.GlyphOutline)
			wo, ok2 := wf.GlyphData(font.GID(g)).(font.GlyphOutline)
			if !ok1 || !ok2 || len(po.Segments) != len(wo.Segments) || len(po.Segments) == 0 {
				t.Fatalf("%U: %d segments in chunk %d, %d in the whole face", c, len(po.Segments), i, len(wo.Segments))
			}
		}
	}
	for c := range all {
		if c != ' ' && c != '\u00a0' && seen[c] != 1 {
			t.Fatalf("%U is in %d chunks", c, seen[c])
		}
	}
	if seen[0x20BB7] != 1 {
		t.Fatal("𠮷 is in no chunk")
	}
}
