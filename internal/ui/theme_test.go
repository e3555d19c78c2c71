package ui

import (
	"bytes"
	"image"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"github.com/go-text/typesetting/font"
)

// TestThemeFontShowsRareNames parses the theme's font as Fyne does and
// checks that every character of CJK Unified Ideographs and Extension A
// has a glyph, except the newest, which the font lacks.
func TestThemeFontShowsRareNames(t *testing.T) {
	th := NewTheme()
	for _, style := range []fyne.TextStyle{{}, {Bold: true}} {
		f, err := font.ParseTTF(bytes.NewReader(th.Font(style).Content()))
		if err != nil {
			t.Fatal(err)
		}
		missing := 0
		for _, block := range [][2]rune{{0x4E00, 0x9FEA}, {0x3400, 0x4DB5}} {
			for r := block[0]; r <= block[1]; r++ {
				if _, ok := f.NominalGlyph(r); !ok {
					missing++
					if missing < 5 {
						t.Errorf("no glyph for %U", r)
					}
				}
			}
		}
		if missing > 0 {
			t.Errorf("%d characters without a glyph", missing)
		}
	}
}

// TestThemeDrawsExtensionAName renders 欧阳䶮 through the real theme with
// Fyne's test driver and checks that 䶮 is drawn as a glyph of its own,
// not as the empty box of a missing one.
func TestThemeDrawsExtensionAName(t *testing.T) {
	app := test.NewTempApp(t)
	app.Settings().SetTheme(NewTheme())
	draw := func(s string) image.Image {
		txt := canvas.NewText(s, color.Black)
		txt.TextSize = 32
		w := test.NewWindow(txt)
		defer w.Close()
		w.Resize(fyne.NewSize(200, 60))
		return w.Canvas().Capture()
	}
	rare, box, other := draw("䶮"), draw("\uFFFF"), draw("龑")
	if ink(rare) == 0 {
		t.Fatal("䶮 drew nothing")
	}
	if sameImage(rare, box) {
		t.Error("䶮 drew the missing-glyph box")
	}
	if sameImage(rare, other) {
		t.Error("䶮 drew the same as another character")
	}
	// 𠮷 (Extension B) must not break drawing, whatever the system has.
	if ink(draw("李𠮷")) == 0 {
		t.Error("李𠮷 drew nothing")
	}
}

func ink(img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, _, _, _ := img.At(x, y).RGBA(); r < 0x8000 {
				n++
			}
		}
	}
	return n
}

func sameImage(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}
