// Package assets embeds the files the app ships with: the CJK font used
// for the UI fallback and every PDF, the app icon and the translations.
// It imports no GUI or PDF package so that every layer may use it.
package assets

import (
	"bytes"
	"compress/gzip"
	"embed"
	_ "embed"
	"io"
	"sync"
)

// FontCJK is the main font of the screen and of every PDF: WenQuanYi
// Micro Hei (face 0 of the Debian .ttc, fonts/wqy-microhei.ttf) with the
// characters of CJK Unified Ideographs and Extension A it lacks added from
// Hanazono Mincho A, built by fonts/build-han.py. A TrueType font that
// gofpdf and Fyne can both use, stored as is so that no program pays for
// inflating it at start (installers compress it anyway). Licences:
// fonts/LICENSE-wqy-microhei.txt, fonts/LICENSE-hanazono.txt.
//
//go:embed fonts/xinqing-cjk.ttf
var FontCJK []byte

// FontCJKName is the family name of FontCJK.
const FontCJKName = "WenQuanYi Micro Hei"

// FontCJKCommon returns the screen's face for bold and italic text: the
// part of FontCJK that holds ASCII, Latin-1, punctuation, the symbols the
// screens draw, GB 2312 and every character of the app's own texts, built
// by fonts/build-screen.py. The font library under Fyne decodes every
// outline of a face it loads, once per text style: some 28 MB for
// FontCJK, 4 MB for this face. What it lacks (a rare name in a heading)
// the screen draws from the rest of FontCJK, which the desktop app
// installs in the user's font folder. Inflated once, on first use.
var FontCJKCommon = inflateOnce(fontCJKCommon)

//go:embed fonts/xinqing-cjk-common.ttf.gz
var fontCJKCommon []byte

// The fallback faces of the PDFs for the Han characters FontCJK lacks,
// built by fonts/build-han.py and stored gzipped:
//   - Han B (from Hanazono Mincho B, Hanazono Font Licence): Extension B;
//   - Han S (from BabelStone Han, Arphic Public Licence): the 40 characters
//     of the three blocks that Hanazono lacks.
//
// Outside the BMP each face maps a character both to its real code point
// (format-12 cmap) and to a stand-in BMP code point (format-4 cmap), the
// only table the PDF library reads. The screen cannot take them as theme
// fonts (Fyne takes one font per text style, and one TrueType font holds
// at most 65,535 glyphs, fewer than FontCJK and Extension B together): the
// desktop app installs them, without the stand-ins, into the user's font
// folder where Fyne's fallback finds them (internal/desktop/startup).
// Licences: fonts/LICENSE-*.txt.
var (
	//go:embed fonts/xinqing-han-b.ttf.gz
	fontHanB []byte
	//go:embed fonts/xinqing-han-s.ttf.gz
	fontHanS []byte

	// FontHanB and FontHanS return the inflated faces; each is inflated
	// once, on first use, and shared: callers must not modify it.
	FontHanB = inflateOnce(fontHanB)
	FontHanS = inflateOnce(fontHanS)
)

func inflateOnce(gz []byte) func() []byte {
	return sync.OnceValue(func() []byte {
		r, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			panic("assets: damaged font: " + err.Error())
		}
		b, err := io.ReadAll(r)
		if err != nil {
			panic("assets: damaged font: " + err.Error())
		}
		return b
	})
}

// Icon is the 512×512 app icon.
//
//go:embed icon/xinqing.png
var Icon []byte

// Translations holds one JSON file per language (zh-CN.json, en.json),
// in the format fyne.io/fyne/v2/lang reads.
//
//go:embed i18n/*.json
var Translations embed.FS

// Labels holds the Chinese and English labels of every enum code and
// record field (labels/zh-CN.json, labels/en.json), keyed like
// "enum.<enum>.<code>" and "field.<record>.<key>". Reports print them and
// the UI merges them into its translations; code that computes never
// uses them.
//
//go:embed labels/*.json
var Labels embed.FS
