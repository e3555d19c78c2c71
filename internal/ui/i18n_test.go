package ui

import (
	"encoding/json"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xinqing/assets"
)

func readTable(t *testing.T, code string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, p := range translationFiles(code) {
		data, err := fs.ReadFile(assets.Translations, p)
		if err != nil {
			t.Fatal(err)
		}
		var part map[string]string
		if err := json.Unmarshal(data, &part); err != nil {
			t.Fatalf("%s is not a flat string table: %v", p, err)
		}
		for k, v := range part {
			if _, dup := m[k]; dup {
				t.Errorf("key %q is in %s and in another %s table", k, p, code)
			}
			m[k] = v
		}
	}
	return m
}

// usedKeys is every key the code looks up: literal tr("…") and
// lang.X("…") calls in the package's .go files, the navigation table,
// the stage codes and the strength levels.
func usedKeys(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?:\btr|lang\.X)\("([^"]+)"`)
	set := map[string]bool{}
	for _, f := range files {
		if filepath.Ext(f) == ".go" && len(f) > 8 && f[len(f)-8:] == "_test.go" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			if m[1][len(m[1])-1] != '.' { // a prefix completed at run time
				set[m[1]] = true
			}
		}
	}
	if len(set) < 100 {
		t.Fatalf("found only %d keys in the code; the scan is broken", len(set))
	}
	for _, s := range screenTable() {
		set[s.key] = true
	}
	for _, c := range StageCodes() {
		set["school.stage."+c] = true
	}
	for i := range 5 {
		set["strength."+strconv.Itoa(i)] = true
	}
	return slices.Sorted(maps.Keys(set))
}

func TestTranslationTables(t *testing.T) {
	zh, en := readTable(t, LangChinese), readTable(t, LangEnglish)
	t.Run("both languages have the same keys", func(t *testing.T) {
		for k := range zh {
			if _, ok := en[k]; !ok {
				t.Errorf("key %q is in zh-CN.json but not in en.json", k)
			}
		}
		for k := range en {
			if _, ok := zh[k]; !ok {
				t.Errorf("key %q is in en.json but not in zh-CN.json", k)
			}
		}
	})
	t.Run("every key the code uses exists in both", func(t *testing.T) {
		for _, k := range usedKeys(t) {
			if zh[k] == "" {
				t.Errorf("key %q is used but missing or empty in zh-CN.json", k)
			}
			if en[k] == "" {
				t.Errorf("key %q is used but missing or empty in en.json", k)
			}
		}
	})
	t.Run("both languages use the same template fields", func(t *testing.T) {
		field := regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)
		for k, z := range zh {
			var fz, fe []string
			for _, m := range field.FindAllStringSubmatch(z, -1) {
				fz = append(fz, m[1])
			}
			for _, m := range field.FindAllStringSubmatch(en[k], -1) {
				fe = append(fe, m[1])
			}
			slices.Sort(fz)
			slices.Sort(fe)
			if !slices.Equal(fz, fe) {
				t.Errorf("key %q: got fields %v in zh-CN, %v in en", k, fz, fe)
			}
		}
	})
	t.Run("Fyne's own strings are all translated", func(t *testing.T) {
		for _, k := range []string{"OK", "Cancel", "Open", "Save", "Yes", "No", "Confirm", "Error", "Copy", "Cut", "Paste",
			"Select all", "Undo", "Redo", "Create Folder", "New Folder", "Enter filename", "Show Hidden Files", "file.name", "file.parent",
			"Favourites", "File", "Folder", "Quit", "Advanced", "monday", "sunday.short"} {
			if zh[k] == "" || zh[k] == k {
				t.Errorf("Fyne string %q: got %q in zh-CN, want a Chinese translation", k, zh[k])
			}
		}
	})
	t.Run("labels are merged in", func(t *testing.T) {
		labels, err := fs.ReadFile(assets.Labels, "labels/zh-CN.json")
		if err != nil {
			t.Fatal(err)
		}
		var lm map[string]string
		if err := json.Unmarshal(labels, &lm); err != nil {
			t.Fatal(err)
		}
		msgs, err := Messages(LangChinese)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range lm {
			if _, ours := zh[k]; !ours && msgs[k] != v {
				t.Errorf("label %q: got %q, want %q", k, msgs[k], v)
			}
		}
		if len(msgs) < len(zh) {
			t.Errorf("got %d merged messages, want at least the %d UI strings", len(msgs), len(zh))
		}
	})
}

func TestChineseWhateverTheSystemLocale(t *testing.T) {
	for _, tc := range []struct{ name, lang, language string }{
		{"an English system", "en_US.UTF-8", ""},
		{"a German system", "de_DE.UTF-8", ""},
		{"a C locale", "C.UTF-8", ""},
		{"a Traditional Chinese system", "zh_TW.UTF-8", ""},
		{"a LANGUAGE list preferring French", "en_GB.UTF-8", "fr_FR:en_GB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("LC_ALL", "")
			t.Setenv("LC_MESSAGES", "")
			t.Setenv("LANG", tc.lang)
			t.Setenv("LANGUAGE", tc.language)
			test.NewTempApp(t)
			if err := UseLanguage(LangChinese); err != nil {
				t.Fatal(err)
			}
			for key, want := range map[string]string{"OK": "确定", "Cancel": "取消", "Save": "保存", "Open": "打开"} {
				if got := lang.L(key); got != want {
					t.Errorf("Fyne's %q: got %q, want %q", key, got, want)
				}
			}
			if got, want := tr("unlock.title"), "解锁档案库"; got != want {
				t.Errorf("got %q, want %q", got, want)
			}
			if got, want := tr("shell.failed_attempts", map[string]any{"N": 3}), "自上次解锁以来有 3 次失败的解锁尝试"; got[:len(want)] != want {
				t.Errorf("got %q, want it to start with %q", got, want)
			}

			// A confirm dialog, as Fyne builds it, shows Chinese buttons.
			w := test.NewTempWindow(t, widget.NewLabel(""))
			w.Resize(fyne.NewSize(600, 400))
			dialog.ShowConfirm("t", "m", func(bool) {}, w)
			var buttons []string
			for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
				if b, ok := o.(*widget.Button); ok {
					buttons = append(buttons, b.Text)
				}
			}
			slices.Sort(buttons)
			if !slices.Equal(buttons, []string{"否", "是"}) {
				t.Errorf("got confirm dialog buttons %q, want 否 and 是", buttons)
			}

			if err := UseLanguage(LangEnglish); err != nil {
				t.Fatal(err)
			}
			if got, want := tr("unlock.title"), "Unlock the vault"; got != want {
				t.Errorf("after switching to English: got %q, want %q", got, want)
			}
			if got, want := lang.L("Cancel"), "Cancel"; got != want {
				t.Errorf("after switching to English: got Fyne's Cancel %q, want %q", got, want)
			}
			if err := UseLanguage(LangChinese); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestMessagesRefusesAnUnknownLanguage(t *testing.T) {
	if _, err := Messages("fr"); err == nil {
		t.Fatal("got no error for fr, want one")
	}
}
