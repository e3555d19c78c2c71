package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"xinqing/assets"
)

// Theme is Fyne's default theme with the bundled CJK font for all text,
// so Chinese renders on any PC whatever fonts it has installed. The font
// holds every character of CJK Unified Ideographs (but the 21 newest,
// U+9FEB–9FFF) and Extension A (but U+4DB6–4DBF), so rare names such as
// 欧阳䶮喆 show. Extension B (李𠮷) cannot join it (one TrueType font
// holds at most 65,535 glyphs) and Fyne takes one font per text style, so
// those characters and the 31 newest come from Fyne's fallback to the
// user's font folder, where startup.InstallScreenFonts puts the bundled
// faces before the first window.
//
// Bold and italic text (headings, form labels, dialog titles, hints) takes
// the common part of the face (assets.FontCJKCommon): Fyne decodes every
// outline of a text style's face when it first draws that style, 28 MB for
// the whole face and 4 MB for the common part. A character the common part
// lacks comes through the same fallback, from the rest of the face that
// startup.InstallScreenFonts also puts in the user's font folder.
type Theme struct {
	cjk, common fyne.Resource
}

// NewTheme returns the app theme.
func NewTheme() *Theme {
	return &Theme{
		cjk:    fyne.NewStaticResource("xinqing-cjk.ttf", assets.FontCJK),
		common: fyne.NewStaticResource("xinqing-cjk-common.ttf", assets.FontCJKCommon()),
	}
}

func (t *Theme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return theme.DefaultTheme().Color(n, v)
}

func (t *Theme) Font(s fyne.TextStyle) fyne.Resource {
	switch {
	case s.Monospace || s.Symbol:
		return theme.DefaultTheme().Font(s)
	case s.Bold || s.Italic:
		return t.common
	}
	return t.cjk
}

func (t *Theme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

func (t *Theme) Size(n fyne.ThemeSizeName) float32 { return theme.DefaultTheme().Size(n) }
