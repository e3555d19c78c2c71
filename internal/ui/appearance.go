package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Preference keys of the appearance (outside the vault: nothing in them
// is confidential).
const (
	prefAppearance = "ui.appearance" // "", "light" or "dark"
	prefTextScale  = "ui.text_scale" // 1, 1.15 or 1.3
)

// Appearance choices in display order: 跟随系统, 浅色, 深色.
var appearanceCodes = []string{"", "light", "dark"}

// Text size choices in display order: 标准, 较大, 很大.
var textScales = []float64{1, 1.15, 1.3}

// appearanceTheme puts the chosen colour variant and text size over the
// app theme; everything else is the app theme's.
type appearanceTheme struct {
	fyne.Theme
	variant string // "" follows the system
	scale   float32
}

func (t appearanceTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch t.variant {
	case "light":
		v = theme.VariantLight
	case "dark":
		v = theme.VariantDark
	}
	return t.Theme.Color(n, v)
}

func (t appearanceTheme) Size(n fyne.ThemeSizeName) float32 {
	s := t.Theme.Size(n)
	switch n {
	case theme.SizeNameText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText, theme.SizeNameCaptionText:
		return s * t.scale
	}
	return s
}

// appTheme is the app theme with the saved appearance.
func (a *App) appTheme() fyne.Theme {
	p := a.fa.Preferences()
	v := p.String(prefAppearance)
	if v != "light" && v != "dark" {
		v = ""
	}
	scale := p.FloatWithFallback(prefTextScale, 1)
	if scale < 1 || scale > 1.5 {
		scale = 1
	}
	return appearanceTheme{Theme: NewTheme(), variant: v, scale: float32(scale)}
}

// setAppearance saves the colour variant (index into appearanceCodes)
// and the text size (index into textScales) and applies them at once.
func (a *App) setAppearance(variant, size int) {
	p := a.fa.Preferences()
	if variant >= 0 && variant < len(appearanceCodes) {
		p.SetString(prefAppearance, appearanceCodes[variant])
	}
	if size >= 0 && size < len(textScales) {
		p.SetFloat(prefTextScale, textScales[size])
	}
	a.fa.Settings().SetTheme(a.appTheme())
}

// appearanceIndex is the saved choice as indexes for the selects.
func (a *App) appearanceIndex() (variant, size int) {
	p := a.fa.Preferences()
	for i, c := range appearanceCodes {
		if p.String(prefAppearance) == c {
			variant = i
		}
	}
	sc := p.FloatWithFallback(prefTextScale, 1)
	for i, x := range textScales {
		if sc == x {
			size = i
		}
	}
	return variant, size
}
