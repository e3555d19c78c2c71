package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"xinqing/assets"
)

// Theme is Fyne's default theme with the bundled CJK font for all text,
// so Chinese renders on any PC whatever fonts it has installed.
type Theme struct {
	cjk fyne.Resource
}

// NewTheme returns the app theme.
func NewTheme() *Theme {
	return &Theme{cjk: fyne.NewStaticResource("wqy-microhei.ttf", assets.FontCJK)}
}

func (t *Theme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return theme.DefaultTheme().Color(n, v)
}

func (t *Theme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Monospace || s.Symbol {
		return theme.DefaultTheme().Font(s)
	}
	return t.cjk
}

func (t *Theme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

func (t *Theme) Size(n fyne.ThemeSizeName) float32 { return theme.DefaultTheme().Size(n) }
