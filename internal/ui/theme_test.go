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

	"xinqing/internal/ui/uitest"
)

// TestThemeFontShowsRareNames parses the theme's fonts as Fyne does and
// checks that every character of CJK Unified Ideographs and Extension A
// has a glyph in the regular face, except the newest, which the font
// lacks, and every character of GBK's ideographs in the bold face (the
// rest of the regular face reaches bold text through the fallback).
func TestThemeFontShowsRareNames(t *testing.T) {
	th := NewTheme()
	for _, c := range []struct {
		style  fyne.TextStyle
		blocks [][2]rune
	}{
		{fyne.TextStyle{}, [][2]rune{{0x4E00, 0x9FEA}, {0x3400, 0x4DB5}}},
		{fyne.TextStyle{Bold: true}, [][2]rune{{0x4E00, 0x9FA5}}},
	} {
		f, err := font.ParseTTF(bytes.NewReader(th.Font(c.style).Content()))
		if err != nil {
			t.Fatal(err)
		}
		missing := 0
		for _, block := range c.blocks {
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
	if uitest.Ink(rare) == 0 {
		t.Fatal("䶮 drew nothing")
	}
	if uitest.SameImage(rare, box) {
		t.Error("䶮 drew the missing-glyph box")
	}
	if uitest.SameImage(rare, other) {
		t.Error("䶮 drew the same as another character")
	}
	// 𠮷 (Extension B) must not break drawing, whatever the system has.
	if uitest.Ink(draw("李𠮷")) == 0 {
		t.Error("李𠮷 drew nothing")
	}
}

func TestTheFirstWindowFitsASmallScreen(t *testing.T) {
	screen := func(w, h float32) func() (float32, float32, bool) {
		return func() (float32, float32, bool) { return w, h, true }
	}
	for _, c := range []struct {
		screen func() (float32, float32, bool)
		want   fyne.Size
		shrunk bool
	}{
		{nil, fyne.NewSize(1100, 720), false},
		{func() (float32, float32, bool) { return 0, 0, false }, fyne.NewSize(1100, 720), false},
		{screen(1904, 1008), fyne.NewSize(1100, 720), false},
		{screen(1008, 528), fyne.NewSize(1008, 528), true},
		{screen(1350, 696), fyne.NewSize(1100, 696), true},
	} {
		if got, shrunk := windowSize(c.screen); got != c.want || shrunk != c.shrunk {
			t.Errorf("got %v %v, want %v %v", got, shrunk, c.want, c.shrunk)
		}
	}
}
