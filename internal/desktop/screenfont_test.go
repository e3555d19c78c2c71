package desktop_test

import (
	"image"
	"image/color"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"github.com/go-text/typesetting/fontscan"

	"xinqing/internal/desktop/startup"
	"xinqing/internal/ui"
	"xinqing/internal/ui/uitest"
)

// Fyne's font fallback scans the font folders once per process, on the
// first text drawn, so the test below draws in a process of its own after
// setting the folders up.

// TestScreenDrawsRareNames installs the screen fonts as the app does at
// start, into a fresh user font folder whose fontscan index was written
// (by another process) before the fonts were there, and renders 欧阳䶮
// and 李𠮷 through the app's real theme with Fyne's test driver: each
// rare character is a glyph of its own, neither the replacement mark Fyne
// draws for a missing glyph nor the drawing of another character, and the
// index Fyne scanned holds the installed Extension B face.
func TestScreenDrawsRareNames(t *testing.T) {
	if os.Getenv("XINQING_FONTSCAN_CHILD") != "" {
		t.Skip("the child run of TestFontIndexBeforeInstall")
	}
	if os.Getenv("XINQING_SCREENFONT_CHILD") == "" {
		// Other tests of this package draw text, and Fyne scans the font
		// folders once per process: run alone, in a process of its own.
		cmd := exec.Command(os.Args[0], "-test.run=^TestScreenDrawsRareNames$", "-test.v")
		cmd.Env = append(os.Environ(), "XINQING_SCREENFONT_CHILD=1")
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS: TestScreenDrawsRareNames") {
			t.Fatalf("the drawing process: %v\n%s", err, out)
		}
		return
	}
	data, cache := t.TempDir(), t.TempDir()
	t.Setenv("XDG_DATA_HOME", data)
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("LOCALAPPDATA", data)
	// An index written before the install, as a previous start leaves it.
	if err := os.MkdirAll(filepath.Join(data, "fonts"), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestFontIndexBeforeInstall$")
	cmd.Env = append(os.Environ(), "XINQING_FONTSCAN_CHILD=1")
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "PASS") {
		t.Fatalf("child scan: %v\n%s", err, out)
	}
	before, _ := filepath.Glob(filepath.Join(cache, "font_index_*"))
	if len(before) == 0 {
		t.Fatal("the child left no font index")
	}

	startup.InstallScreenFonts()

	app := test.NewTempApp(t)
	app.Settings().SetTheme(ui.NewTheme())
	drawAs := func(s string, style fyne.TextStyle) image.Image {
		txt := canvas.NewText(s, color.Black)
		txt.TextSize = 32
		txt.TextStyle = style
		w := test.NewWindow(txt)
		defer w.Close()
		w.Resize(fyne.NewSize(120, 60))
		return w.Canvas().Capture()
	}
	draw := func(s string) image.Image { return drawAs(s, fyne.TextStyle{}) }
	bold := func(s string) image.Image { return drawAs(s, fyne.TextStyle{Bold: true}) }
	missing := draw("\U0010FFFD") // private use: no font has it
	for _, c := range []struct{ rare, other string }{{"䶮", "龑"}, {"𠮷", "吉"}, {"𠮷", "𠀀"}} {
		rare := draw(c.rare)
		if uitest.Ink(rare) == 0 {
			t.Fatalf("%s drew nothing", c.rare)
		}
		if uitest.SameImage(rare, missing) {
			t.Errorf("%s drew the missing-glyph mark", c.rare)
		}
		if uitest.SameImage(rare, draw(c.other)) {
			t.Errorf("%s drew the same as %s", c.rare, c.other)
		}
	}
	if uitest.Ink(draw("欧阳䶮")) == 0 || uitest.Ink(draw("李𠮷")) == 0 {
		t.Fatal("a name drew nothing")
	}
	// A space after 𠮷 is shaped with 𠮷's face: it draws nothing, not
	// the missing-glyph mark.
	if !uitest.SameImage(draw("李𠮷 "), draw("李𠮷")) {
		t.Error("the space after 𠮷 drew something")
	}

	// Bold text takes the theme's common face: the same outlines as
	// regular text where it has them (王, and 玥 of GBK), and a rare
	// character it lacks (䶮 in Extension A, 𠮷 in Extension B) from the
	// installed faces, never as the missing-glyph mark.
	for _, c := range []string{"王", "玥"} {
		if !uitest.SameImage(bold(c), draw(c)) {
			t.Errorf("bold %s differs from regular %s: the bold face is not the theme's", c, c)
		}
	}
	for _, c := range []struct{ rare, other string }{{"玥", "月"}, {"䶮", "龑"}, {"𠮷", "吉"}} {
		b := bold(c.rare)
		if uitest.Ink(b) == 0 || uitest.SameImage(b, missing) || uitest.SameImage(b, bold(c.other)) {
			t.Errorf("bold %s: no glyph of its own", c.rare)
		}
	}

	fps, err := fontscan.SystemFonts(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	found, rare := false, false
	for _, fp := range fps {
		dir, file := filepath.Split(fp.Location.File)
		if filepath.Clean(dir) != filepath.Join(data, "fonts") {
			continue
		}
		switch {
		case strings.HasPrefix(file, "xinqing-han-b-"):
			found = found || fp.Runes.Contains(0x20BB7)
		case strings.HasPrefix(file, "xinqing-cjk-rare-"):
			if fp.Runes.Contains('王') {
				t.Fatalf("%s maps 王, which the bold face has", file)
			}
			rare = rare || fp.Runes.Contains('䶮')
		}
	}
	if !found {
		t.Fatal("the font index Fyne scanned has no installed Extension B face with 𠮷")
	}
	if !rare {
		t.Fatal("the font index Fyne scanned has no installed rare face with 䶮 (and without 王)")
	}
}

// TestFontIndexBeforeInstall is the child process of
// TestScreenDrawsRareNames: it scans the font folders (writing the index)
// before the screen fonts are installed.
func TestFontIndexBeforeInstall(t *testing.T) {
	if os.Getenv("XINQING_FONTSCAN_CHILD") == "" {
		t.Skip("run by TestScreenDrawsRareNames")
	}
	fps, err := fontscan.SystemFonts(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, fp := range fps {
		if strings.Contains(fp.Location.File, "xinqing-han") {
			t.Fatal("screen fonts already installed")
		}
	}
}
