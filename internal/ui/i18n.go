package ui

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"xinqing/assets"
)

// The languages of the app. zh-CN is the default whatever the OS locale.
const (
	LangChinese = "zh-CN"
	LangEnglish = "en"
)

// tr is the one way user-visible text is produced: a dotted key looked
// up in assets/i18n (a test checks every literal key exists in both
// languages).
func tr(key string, data ...any) string {
	return lang.X(key, key, data...)
}

// Messages returns the flat translation table of code: the enum and
// field labels of assets.Labels overlaid with the UI strings of
// assets/i18n (which also carry Fyne's own dialog strings, so 确定 and
// 取消 appear in Chinese on an English system).
func Messages(code string) (map[string]string, error) {
	if code != LangChinese && code != LangEnglish {
		return nil, fmt.Errorf("language %q: not supported", code)
	}
	out := map[string]string{}
	type source struct {
		fsys fs.FS
		path string
	}
	sources := []source{{assets.Labels, "labels/" + code + ".json"}}
	for _, p := range translationFiles(code) {
		sources = append(sources, source{assets.Translations, p})
	}
	for _, src := range sources {
		data, err := fs.ReadFile(src.fsys, src.path)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", src.path, err)
		}
		var m map[string]string
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("parse %s: %w", src.path, err)
		}
		for k, v := range m {
			out[k] = v
		}
	}
	return out, nil
}

// translationFiles are the UI string tables of a language: i18n/<code>.json
// and one i18n/<area>.<code>.json per group of screens, so that screens
// built side by side keep their strings in their own files.
func translationFiles(code string) []string {
	files := []string{"i18n/" + code + ".json"}
	areas, _ := fs.Glob(assets.Translations, "i18n/*."+code+".json")
	return append(files, areas...)
}

// UseLanguage makes code the language of every lang.X lookup, Fyne's
// own included. Fyne always picks the translation closest to the OS
// locale, so the chosen table is registered under the language itself,
// under the OS locale and under Fyne's fallback "en"; whichever Fyne
// picks then holds the chosen text.
func UseLanguage(code string) error {
	msgs, err := Messages(code)
	if err != nil {
		return err
	}
	data, err := json.Marshal(msgs)
	if err != nil {
		return fmt.Errorf("encode %s translations: %w", code, err)
	}
	sys := lang.SystemLocale()
	tags := []string{code, sys.String(), sys.LanguageString(), "en"}
	slices.Sort(tags)
	tags = slices.Compact(tags)
	for _, tag := range tags {
		if tag == "" {
			continue
		}
		if err := lang.AddTranslationsForLocale(data, fyne.Locale(tag)); err != nil {
			return fmt.Errorf("register %s translations as %s: %w", code, tag, err)
		}
	}
	return nil
}
