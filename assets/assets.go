// Package assets embeds the files the app ships with: the CJK font used
// for the UI fallback and every PDF, the app icon and the translations.
// It imports no GUI or PDF package so that every layer may use it.
package assets

import (
	"embed"
	_ "embed"
)

// FontCJK is WenQuanYi Micro Hei (face 0 of the Debian .ttc), a TrueType
// font that gofpdf and Fyne can both use. Licence: fonts/LICENSE-wqy-microhei.txt.
//
//go:embed fonts/wqy-microhei.ttf
var FontCJK []byte

// FontCJKName is the family name of FontCJK.
const FontCJKName = "WenQuanYi Micro Hei"

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
